-- marts.leaving_reasons: the ESR reasons for leaving of the leavers of the 12 months to each quarter end,
-- by ethnicity, and the share of each group's leavers whose reason is low-information (blank or
-- 'Voluntary Resignation - Other/Not Known', source-extracts §2.5 / D27, staging is_low_information_reason).
-- Leavers: people (counted contract types), once per window (wres_window_leavers), windows the ESR
-- leavers extracts cover in full.
CREATE OR REPLACE TEMP TABLE measure_reason_people AS
SELECT org_code, period_start, period_end, coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group,
       coalesce(nullif(trim(leaving_reason), ''), '(blank)') AS leaving_reason,
       coalesce(is_low_information_reason, nullif(trim(leaving_reason), '') IS NULL) AS is_low_information
FROM wres_window_leavers();

CREATE OR REPLACE TEMP TABLE measure_reason_members AS
SELECT org_code, period_start, period_end, 'all' AS breakdown_type, 'all' AS breakdown_value,
       CAST(NULL AS BOOLEAN) AS is_low_information, ethnic_group
FROM measure_reason_people
UNION ALL
SELECT org_code, period_start, period_end, 'leaving_reason', leaving_reason, is_low_information, ethnic_group
FROM measure_reason_people
UNION ALL
SELECT org_code, period_start, period_end, 'information_level',
       CASE WHEN is_low_information THEN 'low_information' ELSE 'informative' END, is_low_information, ethnic_group
FROM measure_reason_people
UNION ALL  -- zero rows: every covered window has its 'all' row and both information levels
SELECT w.org_code, w.period_start, w.period_end, x.breakdown_type, x.breakdown_value, x.is_low_information, NULL
FROM wres_leaver_windows() AS w
CROSS JOIN (VALUES ('all', 'all', CAST(NULL AS BOOLEAN)), ('information_level', 'low_information', TRUE),
                   ('information_level', 'informative', FALSE)) AS x(breakdown_type, breakdown_value, is_low_information);

CREATE OR REPLACE TABLE marts.leaving_reasons AS
WITH c AS (SELECT * FROM wres_ethnic_counts('measure_reason_members', $suppress_below))
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_start,
    c.period_end,
    c.breakdown_type,
    c.breakdown_value,
    c.is_low_information,
    c.n_white,
    c.n_bme,
    c.n_unknown,
    c.n_total,
    c.pct_white,
    c.pct_bme,
    c.pct_unknown,
    100.0 * c.n_white / nullif(a.n_white, 0) AS pct_of_white_leavers,
    100.0 * c.n_bme / nullif(a.n_bme, 0) AS pct_of_bme_leavers,
    100.0 * c.n_unknown / nullif(a.n_unknown, 0) AS pct_of_unknown_leavers,
    100.0 * c.n_total / nullif(a.n_total, 0) AS pct_of_all_leavers,
    c.suppressed_for_publication
FROM c
JOIN c AS a ON a.org_code = c.org_code AND a.period_end = c.period_end AND a.breakdown_type = 'all'
ORDER BY c.org_code, c.period_end, c.breakdown_type, c.breakdown_value;

COMMENT ON TABLE marts.leaving_reasons IS 'Reasons for leaving of the leavers of the 12 months to each quarter end, by ethnicity (people, counted contract types, once per window; windows the ESR leavers extracts cover in full). Rows: all leavers; each leaving reason (''(blank)'' when none); information_level low_information / informative. pct_white etc. split a row by ethnicity; pct_of_white_leavers etc. give the row as a share of each group''s leavers, so the information_level low_information row answers "what share of BME leavers left with a low-information reason" (source-extracts §2.5, D27).';
COMMENT ON COLUMN marts.leaving_reasons.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.leaving_reasons.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.leaving_reasons.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.leaving_reasons.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.leaving_reasons.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.leaving_reasons.breakdown_type IS 'all, leaving_reason or information_level.';
COMMENT ON COLUMN marts.leaving_reasons.breakdown_value IS 'all; the ESR leaving reason (standardised wording, ''(blank)'' when none); low_information or informative.';
COMMENT ON COLUMN marts.leaving_reasons.is_low_information IS 'For leaving_reason and information_level rows: whether the reason is low-information (blank or Other/Not Known); NULL on the all row.';
COMMENT ON COLUMN marts.leaving_reasons.n_white IS 'White leavers with this reason.';
COMMENT ON COLUMN marts.leaving_reasons.n_bme IS 'BME leavers with this reason.';
COMMENT ON COLUMN marts.leaving_reasons.n_unknown IS 'Unknown-ethnicity leavers with this reason.';
COMMENT ON COLUMN marts.leaving_reasons.n_total IS 'All leavers with this reason.';
COMMENT ON COLUMN marts.leaving_reasons.pct_white IS 'White % of the row (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_bme IS 'BME % of the row (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_unknown IS 'Unknown % of the row (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_of_white_leavers IS 'The row''s White leavers as % of all White leavers of the window (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_of_bme_leavers IS 'The row''s BME leavers as % of all BME leavers (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_of_unknown_leavers IS 'The row''s Unknown leavers as % of all Unknown leavers (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.pct_of_all_leavers IS 'The row''s leavers as % of all leavers (0-100).';
COMMENT ON COLUMN marts.leaving_reasons.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
