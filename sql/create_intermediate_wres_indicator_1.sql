-- WRES indicator 1 (wres-indicators.md §1, §13.1): headcount and White / BME / Unknown shares for
-- every row of the template, for every quarter-end snapshot (31 March = the WRES year; other quarter
-- ends = 'rolling_12m' monitoring snapshots, wres-indicators.md §13.1). Unknown stays in the denominator.
-- Measures: headcount, percent (BME %), bme_gap_pp and bme_ratio against the overall workforce.
-- Every template row is present for every year (zero rows have status EMPTY and NULL percentages);
-- AfC staff with an unrecognised or non-AfC grade appear in extra rows ':band_unknown' / ':non_afc'.
-- lineage: value, numerator, denominator, white_value, bme_value, unknown_value, unknown_count <- staging.workforce_snapshot.ethnic_group
-- lineage: subgroup <- staging.workforce_snapshot.clinical_category, staging.workforce_snapshot.band, staging.workforce_snapshot.medical_cluster
-- lineage: period_end, report_year, period_type <- staging.workforce_snapshot.snapshot_date
-- lineage: source_extract_ids <- staging.workforce_snapshot.source_file_id
CREATE OR REPLACE TABLE intermediate.wres_indicator_1 AS
WITH snap AS (
    SELECT *
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date)
),
member AS (  -- each person contributes to their band / cluster row, their category total and overall
    SELECT org_code, snapshot_date, ethnic_group, source_file_id,
           CASE WHEN clinical_category = 'medical' THEN 'medical:' || medical_cluster
                WHEN band IN ('UNKNOWN') THEN clinical_category || ':band_unknown'
                WHEN band = 'NON_AFC_OTHER' THEN clinical_category || ':non_afc'
                ELSE clinical_category || ':' || lower(band) END AS subgroup
    FROM snap
    UNION ALL
    SELECT org_code, snapshot_date, ethnic_group, source_file_id, 'medical:consultant_senior_medical_manager'
    FROM snap WHERE is_senior_medical_manager
    UNION ALL  -- the Model Employer headline row: bands 8a to 9 and VSM of the AfC categories
    SELECT s.org_code, s.snapshot_date, s.ethnic_group, s.source_file_id, 'afc:band_8a_plus'
    FROM snap AS s JOIN ref.indicator_1_row AS r
      ON r.in_band_8a_plus AND r.subgroup = s.clinical_category || ':' || lower(s.band)
    UNION ALL
    SELECT org_code, snapshot_date, ethnic_group, source_file_id, clinical_category || ':total' FROM snap
    UNION ALL
    SELECT org_code, snapshot_date, ethnic_group, source_file_id, 'overall:total' FROM snap
),
counts AS (
    SELECT org_code, snapshot_date, subgroup,
           count(*) FILTER (WHERE ethnic_group = 'WHITE') AS n_white,
           count(*) FILTER (WHERE ethnic_group = 'BME') AS n_bme,
           count(*) FILTER (WHERE ethnic_group = 'UNKNOWN') AS n_unknown,
           count(*) AS n_total
    FROM member
    GROUP BY ALL
),
years AS (
    SELECT org_code, snapshot_date, string_agg(DISTINCT source_file_id, ';' ORDER BY source_file_id) AS source_ids
    FROM snap GROUP BY ALL
),
grid AS (  -- template rows always; extra rows only where someone is in them
    SELECT y.org_code, y.snapshot_date, r.subgroup, r.sort_order, y.source_ids
    FROM years AS y CROSS JOIN ref.indicator_1_row AS r
    UNION ALL
    SELECT c.org_code, c.snapshot_date, c.subgroup, 500, y.source_ids
    FROM counts AS c JOIN years AS y USING (org_code, snapshot_date)
    WHERE c.subgroup NOT IN (SELECT subgroup FROM ref.indicator_1_row)
),
cells AS (
    SELECT g.*, coalesce(c.n_white, 0) AS n_white, coalesce(c.n_bme, 0) AS n_bme,
           coalesce(c.n_unknown, 0) AS n_unknown, coalesce(c.n_total, 0) AS n_total
    FROM grid AS g LEFT JOIN counts AS c USING (org_code, snapshot_date, subgroup)
),
overall AS (
    SELECT org_code, snapshot_date, 100.0 * n_bme / nullif(n_total, 0) AS overall_bme_pct
    FROM cells WHERE subgroup = 'overall:total'
),
measures AS (
    SELECT *, 'headcount' AS measure, n_total::DOUBLE AS value, n_white::DOUBLE AS white_value,
           n_bme::DOUBLE AS bme_value, n_unknown::DOUBLE AS unknown_value,
           NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator
    FROM cells
    UNION ALL
    SELECT *, 'percent', 100.0 * n_bme / nullif(n_total, 0), 100.0 * n_white / nullif(n_total, 0),
           100.0 * n_bme / nullif(n_total, 0), 100.0 * n_unknown / nullif(n_total, 0),
           n_bme::DOUBLE, n_total::DOUBLE
    FROM cells
    UNION ALL  -- [D] gap to the overall workforce in percentage points (Model Employer view)
    SELECT c.*, 'bme_gap_pp', 100.0 * n_bme / nullif(n_total, 0) - o.overall_bme_pct, NULL, NULL, NULL,
           NULL, NULL
    FROM cells AS c JOIN overall AS o USING (org_code, snapshot_date)
    UNION ALL  -- [D] ratio to the overall workforce (1.0 = the row mirrors the workforce)
    SELECT c.*, 'bme_ratio', (100.0 * n_bme / nullif(n_total, 0)) / nullif(o.overall_bme_pct, 0), NULL, NULL,
           NULL, NULL, NULL
    FROM cells AS c JOIN overall AS o USING (org_code, snapshot_date)
)
SELECT
    org_code,
    wres_report_year(snapshot_date) AS report_year,
    wres_period_type(snapshot_date) AS period_type,
    snapshot_date AS period_end,
    1 AS indicator,
    subgroup,
    measure,
    value,
    numerator,
    denominator,
    white_value,
    bme_value,
    unknown_value,
    n_unknown AS unknown_count,
    CASE WHEN n_total = 0 THEN 'EMPTY' ELSE 'OK' END AS status,
    n_total > 0 AND n_total < $small_numbers AS small_numbers_flag,
    (n_white BETWEEN 1 AND $suppress_below - 1) OR (n_bme BETWEEN 1 AND $suppress_below - 1)
        OR (n_unknown BETWEEN 1 AND $suppress_below - 1) AS suppressed_for_publication,
    $method_version AS method_version,
    source_ids AS source_extract_ids,
    sort_order
FROM measures;
