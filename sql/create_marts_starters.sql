-- marts.starters: staff who started employment in the 12 months to each quarter end, number and % BME,
-- overall and by band, staff group, service team and directorate (seed 000, QI project 1
-- "recruitment" measures 1-5).
-- A starter [D]: a person in any workforce snapshot (month-end or quarter-end) dated in the window whose
-- start date is in the window. Start date = ESR (latest) hire date, so a re-hire starts again; when a
-- snapshot row has no hire date and measures.starter_first_seen_fallback is on, the first snapshot the
-- person appears in, unless that is the organisation's first snapshot (everyone appears there).
-- Band, staff group, team, directorate and ethnicity come from the person's first such snapshot in the
-- window (the post they started in). People who started and left between two snapshots are not seen.
CREATE OR REPLACE TEMP TABLE measure_starter_people AS
WITH windows AS (
    SELECT DISTINCT org_code, wres_period_start(snapshot_date) AS period_start, snapshot_date AS period_end
    FROM staging.workforce_snapshot
    WHERE wres_is_quarter_end(snapshot_date)
),
seen AS (
    SELECT *,
           min(snapshot_date) OVER (PARTITION BY org_code, person_id) AS first_seen,
           min(snapshot_date) OVER (PARTITION BY org_code) AS org_first_snapshot
    FROM staging.workforce_snapshot
),
dated AS (
    SELECT *,
           coalesce(hire_date, CASE WHEN $starter_first_seen_fallback AND first_seen > org_first_snapshot
                                    THEN first_seen END) AS start_date
    FROM seen
)
SELECT w.org_code, w.period_start, w.period_end, d.person_id, d.band, d.staff_group, d.directorate, d.service_team,
       coalesce(d.ethnic_group, 'UNKNOWN') AS ethnic_group
FROM windows AS w
JOIN dated AS d
  ON d.org_code = w.org_code
 AND d.snapshot_date BETWEEN w.period_start AND w.period_end
 AND d.start_date BETWEEN w.period_start AND w.period_end
QUALIFY row_number() OVER (PARTITION BY w.org_code, w.period_end, d.person_id ORDER BY d.snapshot_date) = 1;

CREATE OR REPLACE TEMP TABLE measure_starter_members AS
SELECT * EXCLUDE (person_id) FROM wres_standard_breakdowns('measure_starter_people');

CREATE OR REPLACE TABLE marts.starters AS
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_start,
    period_end,
    breakdown_type,
    breakdown_value,
    directorate,
    n_white,
    n_bme,
    n_unknown,
    n_total,
    pct_white,
    pct_bme,
    pct_unknown,
    suppressed_for_publication
FROM wres_ethnic_counts('measure_starter_members', $suppress_below)
ORDER BY org_code, period_end, breakdown_type, directorate, breakdown_value;

COMMENT ON TABLE marts.starters IS 'Staff who started employment in the 12 months to each quarter end (hire date in the window, seen in a workforce snapshot in the window; first snapshot as start date when the hire date is missing), number and % White / BME / Unknown, overall and by band, staff group, service team and directorate, attributes of the post they started in. period_type wres_year = the financial year to 31 March, rolling_12m = 12 months to another quarter end. Seed 000 QI project 1 "recruitment" measures 1-5.';
COMMENT ON COLUMN marts.starters.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.starters.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.starters.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.starters.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.starters.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.starters.breakdown_type IS 'all, band, staff_group, directorate or service_team.';
COMMENT ON COLUMN marts.starters.breakdown_value IS 'Band code (band_5, vsm, medical, ...), staff group, directorate or service team; ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.starters.directorate IS 'For directorate and service_team rows: the directorate (a service team is named within its directorate); NULL otherwise.';
COMMENT ON COLUMN marts.starters.n_white IS 'White starters.';
COMMENT ON COLUMN marts.starters.n_bme IS 'BME starters.';
COMMENT ON COLUMN marts.starters.n_unknown IS 'Unknown-ethnicity starters.';
COMMENT ON COLUMN marts.starters.n_total IS 'All starters (people, each once per window).';
COMMENT ON COLUMN marts.starters.pct_white IS 'White % of n_total (0-100).';
COMMENT ON COLUMN marts.starters.pct_bme IS 'BME % of n_total (0-100): "% of BAME staff that started employment".';
COMMENT ON COLUMN marts.starters.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.starters.suppressed_for_publication IS 'TRUE when any count of the row is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
