-- marts.representation: number and % of female and male BME staff by band, service team and
-- directorate at every quarter-end snapshot (seed 000, QI project 1 "representation" measure 1).
CREATE OR REPLACE TEMP TABLE measure_representation_members AS
WITH people AS (
    SELECT org_code, snapshot_date AS period_end, band, staff_group, directorate, service_team,
           coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group, wres_gender_code(gender) AS gender
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date)
),
by_gender AS (
    SELECT * FROM people
    UNION ALL
    SELECT * REPLACE ('all' AS gender) FROM people
)
SELECT * FROM wres_standard_breakdowns('by_gender') WHERE breakdown_type <> 'staff_group';

CREATE OR REPLACE TABLE marts.representation AS
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    breakdown_type,
    breakdown_value,
    directorate,
    gender,
    n_white,
    n_bme,
    n_unknown,
    n_total,
    pct_white,
    pct_bme,
    pct_unknown,
    suppressed_for_publication
FROM wres_ethnic_counts('measure_representation_members', $suppress_below)
ORDER BY org_code, period_end, breakdown_type, directorate, breakdown_value, gender;

COMMENT ON TABLE marts.representation IS 'Female and male staff by ethnicity (number and %) at every quarter-end snapshot: overall and by band, service team and directorate. One row per breakdown value and gender (female, male, other_or_not_stated, and all). Percentages are of the staff of that gender in that breakdown value, Unknown in the denominator. Seed 000 QI project 1 "representation" measure 1.';
COMMENT ON COLUMN marts.representation.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.representation.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.representation.period_type IS 'wres_year (31 March snapshot) or rolling_12m (another quarter-end snapshot).';
COMMENT ON COLUMN marts.representation.period_end IS 'Quarter-end snapshot date.';
COMMENT ON COLUMN marts.representation.breakdown_type IS 'all, band, service_team or directorate.';
COMMENT ON COLUMN marts.representation.breakdown_value IS 'Band code (band_5, band_8a, vsm, medical, ...), service team or directorate name; ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.representation.directorate IS 'For directorate and service_team rows: the directorate (a service team is named within its directorate); NULL otherwise.';
COMMENT ON COLUMN marts.representation.gender IS 'female, male, other_or_not_stated (any other ESR gender value or blank), or all.';
COMMENT ON COLUMN marts.representation.n_white IS 'White headcount of this gender in this breakdown value.';
COMMENT ON COLUMN marts.representation.n_bme IS 'BME headcount of this gender in this breakdown value.';
COMMENT ON COLUMN marts.representation.n_unknown IS 'Unknown-ethnicity headcount.';
COMMENT ON COLUMN marts.representation.n_total IS 'Headcount of this gender in this breakdown value.';
COMMENT ON COLUMN marts.representation.pct_white IS 'White % of n_total (0-100).';
COMMENT ON COLUMN marts.representation.pct_bme IS 'BME % of n_total (0-100): e.g. the share of female band 6 staff who are BME.';
COMMENT ON COLUMN marts.representation.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.representation.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
