-- marts.early_leavers: staff who left within 12 months of starting (termination date before hire date
-- + measures.early_leaver_months), among the leavers of the 12 months to each quarter end, number and
-- % BME, overall and by band, staff group, service team and directorate (seed 000, QI project 1
-- "retention" measures 1-5). Windows: quarter ends whose whole 12 months the ESR leavers extracts cover.
-- A person counts once per window, through their primary leaver assignment (else the latest
-- termination), with its hire date, band, staff group, team and directorate (wres_window_leavers).
CREATE OR REPLACE TEMP TABLE measure_early_leaver_people AS
SELECT org_code, period_start, period_end, band, staff_group, directorate, service_team,
       coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
FROM wres_window_leavers()
WHERE hire_date IS NOT NULL
  AND termination_date < hire_date + to_months(CAST($early_leaver_months AS INTEGER));

CREATE OR REPLACE TEMP TABLE measure_early_leaver_members AS
SELECT * FROM wres_standard_breakdowns('measure_early_leaver_people')
UNION ALL BY NAME  -- every covered window has its 'all' row, zero when nobody left early
SELECT org_code, period_start, period_end, CAST(NULL AS VARCHAR) AS ethnic_group, 'all' AS breakdown_type,
       'all' AS breakdown_value, CAST(NULL AS VARCHAR) AS directorate
FROM wres_leaver_windows();

CREATE OR REPLACE TABLE marts.early_leavers AS
SELECT
    c.org_code,
    wres_report_year(c.period_end) AS report_year,
    wres_period_type(c.period_end) AS period_type,
    c.period_start,
    c.period_end,
    c.breakdown_type,
    c.breakdown_value,
    c.directorate,
    c.n_white,
    c.n_bme,
    c.n_unknown,
    c.n_total,
    c.pct_white,
    c.pct_bme,
    c.pct_unknown,
    $early_leaver_months AS within_months,
    c.suppressed_for_publication
FROM wres_ethnic_counts('measure_early_leaver_members', $suppress_below) AS c
ORDER BY c.org_code, c.period_end, c.breakdown_type, c.directorate, c.breakdown_value;

COMMENT ON TABLE marts.early_leavers IS 'Staff who left the organisation within 12 months of starting (termination date < hire date + measures.early_leaver_months) among the leavers of the 12 months to each quarter end, number and % White / BME / Unknown, overall and by band, staff group, service team and directorate (attributes of the post they left). Counted contract types only; each person once per window. Only windows the ESR leavers extracts cover in full. Seed 000 QI project 1 "retention" measures 1-5.';
COMMENT ON COLUMN marts.early_leavers.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.early_leavers.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.early_leavers.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.early_leavers.period_start IS 'First day of the 12-month window (termination dates from).';
COMMENT ON COLUMN marts.early_leavers.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.early_leavers.breakdown_type IS 'all, band, staff_group, directorate or service_team.';
COMMENT ON COLUMN marts.early_leavers.breakdown_value IS 'Band code, staff group, directorate or service team of the post left; ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.early_leavers.directorate IS 'For directorate and service_team rows: the directorate; NULL otherwise.';
COMMENT ON COLUMN marts.early_leavers.n_white IS 'White early leavers.';
COMMENT ON COLUMN marts.early_leavers.n_bme IS 'BME early leavers.';
COMMENT ON COLUMN marts.early_leavers.n_unknown IS 'Unknown-ethnicity early leavers.';
COMMENT ON COLUMN marts.early_leavers.n_total IS 'All early leavers (people).';
COMMENT ON COLUMN marts.early_leavers.pct_white IS 'White % of n_total (0-100).';
COMMENT ON COLUMN marts.early_leavers.pct_bme IS 'BME % of n_total (0-100): "% of BAME staff that left within 12 months of employment".';
COMMENT ON COLUMN marts.early_leavers.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.early_leavers.within_months IS 'measures.early_leaver_months: the "within N months of starting" rule.';
COMMENT ON COLUMN marts.early_leavers.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
