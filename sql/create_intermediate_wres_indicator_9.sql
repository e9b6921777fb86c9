-- WRES indicator 9 (wres-indicators.md §9, source-extracts.md §7): board membership against the
-- overall workforce. For each quarter-end board snapshot (31 March = the WRES year) and subset
-- board:all / voting / executive / non_executive / non_voting, counting members in post on the date:
-- value = BME % of the subset - BME % of the overall workforce (indicator 1 overall:total, same date),
-- in percentage points; white_value / bme_value / unknown_value = the subset's shares (Unknown stays
-- in the denominator, as in indicator 1); numerator / denominator = BME members / members.
-- Never suppressed (published by design); subsets smaller than thresholds.board_small_denominator
-- have status SMALL_DENOMINATOR (value kept). Every WRES year of intermediate.wres_period has the
-- five rows (NO_DATA without a board register; EMPTY for a subset with no members; NO_WORKFORCE
-- when there is no workforce snapshot to compare with).
CREATE OR REPLACE TABLE intermediate.wres_indicator_9 AS
WITH members AS (
    SELECT org_code, snapshot_date AS period_end, member_id, coalesce(is_executive, FALSE) AS is_executive,
           coalesce(is_voting, FALSE) AS is_voting, coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM staging.board_members
    WHERE wres_is_quarter_end(snapshot_date)
      AND coalesce(appointment_start_date <= snapshot_date, TRUE)
      AND coalesce(appointment_end_date >= snapshot_date, TRUE)
    QUALIFY row_number() OVER (PARTITION BY org_code, snapshot_date, member_id ORDER BY appointment_start_date DESC) = 1
),
subsets AS (
    SELECT * FROM (VALUES ('board:all', 10), ('board:voting', 20), ('board:executive', 30),
                          ('board:non_executive', 40), ('board:non_voting', 50)) AS s(subgroup, sort_order)
),
member_subsets AS (
    SELECT m.*, s.subgroup
    FROM members AS m JOIN subsets AS s
      ON s.subgroup = 'board:all'
      OR (s.subgroup = 'board:voting' AND m.is_voting) OR (s.subgroup = 'board:non_voting' AND NOT m.is_voting)
      OR (s.subgroup = 'board:executive' AND m.is_executive)
      OR (s.subgroup = 'board:non_executive' AND NOT m.is_executive)
),
periods AS (
    SELECT org_code, period_end, list_contains(covered_sources, 'board') AS has_board
    FROM intermediate.wres_period
    WHERE list_contains(covered_sources, 'board') OR period_type = 'wres_year'
),
counts AS (
    SELECT p.org_code, p.period_end, p.has_board, s.subgroup, s.sort_order,
           count(ms.member_id) FILTER (WHERE ms.ethnic_group = 'WHITE') AS n_white,
           count(ms.member_id) FILTER (WHERE ms.ethnic_group = 'BME') AS n_bme,
           count(ms.member_id) FILTER (WHERE ms.ethnic_group = 'UNKNOWN') AS n_unknown,
           count(ms.member_id) AS n_total
    FROM periods AS p CROSS JOIN subsets AS s
    LEFT JOIN member_subsets AS ms USING (org_code, period_end, subgroup)
    GROUP BY ALL
),
workforce AS (
    SELECT org_code, period_end, value AS workforce_bme_pct, source_extract_ids AS workforce_ids
    FROM intermediate.wres_indicator_1
    WHERE subgroup = 'overall:total' AND measure = 'percent'
)
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_end,
    9 AS indicator,
    c.subgroup,
    'percent_difference' AS measure,
    CASE WHEN c.has_board THEN 100.0 * c.n_bme / nullif(c.n_total, 0) - w.workforce_bme_pct END AS value,
    CASE WHEN c.has_board THEN CAST(c.n_bme AS DOUBLE) END AS numerator,
    CASE WHEN c.has_board THEN CAST(c.n_total AS DOUBLE) END AS denominator,
    CASE WHEN c.has_board THEN 100.0 * c.n_white / nullif(c.n_total, 0) END AS white_value,
    CASE WHEN c.has_board THEN 100.0 * c.n_bme / nullif(c.n_total, 0) END AS bme_value,
    CASE WHEN c.has_board THEN 100.0 * c.n_unknown / nullif(c.n_total, 0) END AS unknown_value,
    CASE WHEN c.has_board THEN c.n_unknown END AS unknown_count,
    CASE WHEN NOT c.has_board THEN 'NO_DATA'
         WHEN c.n_total = 0 THEN 'EMPTY'
         WHEN w.workforce_bme_pct IS NULL THEN 'NO_WORKFORCE'
         WHEN c.n_total < $board_small_denominator THEN 'SMALL_DENOMINATOR'
         ELSE 'OK' END AS status,
    c.has_board AND c.n_total > 0 AND c.n_total < $board_small_denominator AS small_numbers_flag,
    FALSE AS suppressed_for_publication,
    $method_version AS method_version,
    nullif(concat_ws(';', wres_source_ids('board_register', c.org_code), w.workforce_ids), '') AS source_extract_ids,
    c.sort_order
FROM counts AS c
LEFT JOIN workforce AS w USING (org_code, period_end);
