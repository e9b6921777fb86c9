-- marts.model_employer_gap: per AfC band (and VSM), the BME staff needed to reach the Model Employer
-- target proportion p (wres-indicators.md §11.2; seed 004 "Band 6, currently 4 % target 84 staff"),
-- for all AfC staff and for clinical and non-clinical AfC staff separately, at every quarter-end snapshot.
--   needed_replace = max(0, ceil(p * n) - B)               band size fixed (fill through turnover)
--   needed_growth  = max(0, ceil((p * n - B) / (1 - p)))   band grows, new posts all BME appointees
-- Exact arithmetic [D]: p is held as an exact fraction target_numerator / target_denominator (the
-- configured share read as DECIMAL text, e.g. 0.19 = 190000000 / 10^9; or the organisation's BME
-- headcount / its headcount), and both formulas are evaluated as integer ceiling divisions
-- (wres_ceil_div), never in binary floating point: p = 0.07, n = 100 gives ceil(7) = 7, not 8.
-- p: targets.model_employer_target_basis (default organisation_bme_share = the whole workforce's BME
-- share at the snapshot, medical staff included; or fixed = targets.bme_share, legacy 19 %).
-- n: the band headcount, Unknown included unless targets.model_employer_include_unknown is false (then
-- n = White + BME and the organisation share is BME / (White + BME) too).
CREATE OR REPLACE TEMP TABLE measure_me_members AS
WITH snap AS (
    SELECT org_code, snapshot_date AS period_end, clinical_category, band, coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date)
),
bands AS (
    SELECT unnest(['UNDER_BAND_1', 'BAND_1', 'BAND_2', 'BAND_3', 'BAND_4', 'BAND_5', 'BAND_6', 'BAND_7',
                   'BAND_8A', 'BAND_8B', 'BAND_8C', 'BAND_8D', 'BAND_9', 'VSM']) AS band
),
grid AS (  -- every band of every scope, so an empty band shows as a zero row
    SELECT DISTINCT s.org_code, s.period_end, x.staff_scope, b.band, CAST(NULL AS VARCHAR) AS ethnic_group
    FROM snap AS s CROSS JOIN bands AS b
    CROSS JOIN (VALUES ('all_afc'), ('clinical'), ('non_clinical')) AS x(staff_scope)
)
SELECT org_code, period_end, 'all_afc' AS staff_scope, band, ethnic_group
FROM snap WHERE band IN (SELECT band FROM bands) AND clinical_category IN ('clinical', 'non_clinical')
UNION ALL
SELECT org_code, period_end, clinical_category, band, ethnic_group
FROM snap WHERE band IN (SELECT band FROM bands) AND clinical_category IN ('clinical', 'non_clinical')
UNION ALL
SELECT * FROM grid;

CREATE OR REPLACE TEMP TABLE measure_me_target AS
SELECT
    org_code,
    snapshot_date AS period_end,
    CASE WHEN $model_employer_target_basis = 'fixed' THEN wres_share_numerator($target_bme_share)
         ELSE count(*) FILTER (WHERE ethnic_group = 'BME') END AS p_num,
    CASE WHEN $model_employer_target_basis = 'fixed' THEN wres_share_denominator()
         WHEN $model_employer_include_unknown THEN count(*)
         ELSE count(*) FILTER (WHERE ethnic_group IN ('WHITE', 'BME')) END AS p_den
FROM staging.workforce_snapshot
WHERE wres_is_quarter_end(snapshot_date)
GROUP BY ALL;

CREATE OR REPLACE TABLE marts.model_employer_gap AS
WITH cells AS (
    SELECT c.*,
           CASE WHEN $model_employer_include_unknown THEN c.n_total ELSE c.n_white + c.n_bme END AS n_basis,
           t.p_num, t.p_den
    FROM wres_ethnic_counts('measure_me_members', $suppress_below) AS c
    JOIN measure_me_target AS t USING (org_code, period_end)
),
needs AS (
    SELECT *,
           wres_ceil_div(p_num * n_basis, p_den) AS target_bme_headcount,
           greatest(0, wres_ceil_div(p_num * n_basis, p_den) - n_bme) AS needed_replace,
           CASE WHEN p_den > p_num
                THEN greatest(0, wres_ceil_div(p_num * n_basis - CAST(n_bme AS HUGEINT) * p_den, p_den - p_num)) END
               AS needed_growth
    FROM cells
    WHERE p_den > 0
)
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    staff_scope,
    wres_band_label(band) AS band,
    wres_afc_band_rank(band) AS band_rank,
    n_white,
    n_bme,
    n_unknown,
    n_total,
    $model_employer_include_unknown AS n_total_includes_unknown,
    n_basis,
    pct_bme,
    100.0 * n_bme / nullif(n_basis, 0) AS pct_bme_of_basis,
    CASE WHEN $model_employer_target_basis = 'fixed' THEN 'fixed' ELSE 'organisation_bme_share' END AS target_basis,
    CAST(p_num AS DOUBLE) / p_den AS target_proportion,
    CAST(p_num AS BIGINT) AS target_numerator,
    CAST(p_den AS BIGINT) AS target_denominator,
    CAST(target_bme_headcount AS BIGINT) AS target_bme_headcount,
    CAST(needed_replace AS BIGINT) AS needed_replace,
    CAST(needed_growth AS BIGINT) AS needed_growth,
    100.0 * (n_bme + needed_replace) / nullif(n_basis, 0) AS pct_bme_after_replace,
    100.0 * (n_bme + needed_growth) / nullif(n_basis + needed_growth, 0) AS pct_bme_after_growth,
    suppressed_for_publication
FROM needs
ORDER BY org_code, period_end, staff_scope, coalesce(band_rank, 99);

COMMENT ON TABLE marts.model_employer_gap IS 'Model Employer gap (wres-indicators.md §11.2) per AfC band and VSM, for all AfC staff (all_afc) and clinical / non-clinical AfC staff, at every quarter-end snapshot: current headcount, BME count and %, target proportion p with its basis, and the BME staff needed to reach p by replacement (band size fixed) and by growth (new posts all BME). Computed with exact integer / decimal arithmetic before every ceil (p held as an exact fraction), so e.g. p = 0.07 of 100 staff needs 7, never 8. Worked example: band 8b, 60 staff, 6 BME, p = 19 %: replace 6, growth 7.';
COMMENT ON COLUMN marts.model_employer_gap.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.model_employer_gap.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.model_employer_gap.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.model_employer_gap.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.model_employer_gap.staff_scope IS 'all_afc (clinical + non-clinical staff on AfC bands or VSM), clinical or non_clinical; medical & dental staff have no band and no row (they count in the organisation share).';
COMMENT ON COLUMN marts.model_employer_gap.band IS 'under_band_1, band_1 .. band_9 (band_8a .. band_8d), vsm. Every band has a row, empty ones with zero counts.';
COMMENT ON COLUMN marts.model_employer_gap.band_rank IS 'AfC order (under band 1 = 0 .. band 9 = 12; NULL for vsm, which sorts last).';
COMMENT ON COLUMN marts.model_employer_gap.n_white IS 'White headcount of the band.';
COMMENT ON COLUMN marts.model_employer_gap.n_bme IS 'BME headcount of the band (B).';
COMMENT ON COLUMN marts.model_employer_gap.n_unknown IS 'Unknown-ethnicity headcount of the band.';
COMMENT ON COLUMN marts.model_employer_gap.n_total IS 'Band headcount, White + BME + Unknown.';
COMMENT ON COLUMN marts.model_employer_gap.n_total_includes_unknown IS 'targets.model_employer_include_unknown (default TRUE): whether n (n_basis) includes Unknown staff.';
COMMENT ON COLUMN marts.model_employer_gap.n_basis IS 'n of the formulas: n_total, or White + BME when Unknown is excluded.';
COMMENT ON COLUMN marts.model_employer_gap.pct_bme IS 'BME % of n_total (0-100), as indicator 1.';
COMMENT ON COLUMN marts.model_employer_gap.pct_bme_of_basis IS 'BME % of n_basis (0-100).';
COMMENT ON COLUMN marts.model_employer_gap.target_basis IS 'organisation_bme_share (default: the whole workforce''s BME share at the snapshot) or fixed (targets.bme_share, legacy 19 %); targets.model_employer_target_basis.';
COMMENT ON COLUMN marts.model_employer_gap.target_proportion IS 'p as a fraction (display value; the arithmetic uses target_numerator / target_denominator).';
COMMENT ON COLUMN marts.model_employer_gap.target_numerator IS 'Exact numerator of p (organisation BME headcount, or the fixed share x 10^9).';
COMMENT ON COLUMN marts.model_employer_gap.target_denominator IS 'Exact denominator of p (organisation headcount, or 10^9).';
COMMENT ON COLUMN marts.model_employer_gap.target_bme_headcount IS 'ceil(p x n): the BME headcount the band needs at its current size.';
COMMENT ON COLUMN marts.model_employer_gap.needed_replace IS 'max(0, ceil(p x n) - B): BME appointments needed if the band keeps its size.';
COMMENT ON COLUMN marts.model_employer_gap.needed_growth IS 'max(0, ceil((p x n - B) / (1 - p))): new BME posts needed if the band grows instead; NULL when p = 1.';
COMMENT ON COLUMN marts.model_employer_gap.pct_bme_after_replace IS 'BME % of n_basis after needed_replace replacements (0-100).';
COMMENT ON COLUMN marts.model_employer_gap.pct_bme_after_growth IS 'BME % of the grown band after needed_growth new BME posts (0-100).';
COMMENT ON COLUMN marts.model_employer_gap.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
