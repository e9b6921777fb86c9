-- marts.turnover: leavers in the 12 months to each quarter end / average headcount, by ethnicity,
-- overall and by band, staff group and directorate, with the relative likelihood of BME staff leaving
-- compared with White staff (focus BME, as indicator 3: > 1 = BME staff more likely to leave).
-- Leavers: people (counted contract types), once per window (wres_window_leavers); windows the ESR
-- leavers extracts cover in full. Average headcount [D], measures.turnover_headcount:
-- start_end_mean = mean of the workforce snapshots at the quarter end before the window and at its end
-- (NHS Digital style); quarter_end_mean = mean of the five quarter-end snapshots from the one before the
-- window to its end. A window missing any of those snapshots gets status INCOMPLETE_HEADCOUNT and no
-- rates (its leaver counts are still shown).
CREATE OR REPLACE TEMP TABLE measure_turnover_points AS
SELECT org_code, period_start, period_end, unnest(points) AS point_date, len(points) AS n_points_expected
FROM (
    SELECT *,
           CASE WHEN $turnover_headcount = 'start_end_mean' THEN [CAST(period_start - 1 AS DATE), period_end]
                ELSE list_transform(range(0, 5),
                                    k -> CAST(last_day(period_start - 1 + to_months(CAST(3 * k AS INTEGER))) AS DATE))
           END AS points
    FROM wres_leaver_windows()
);

CREATE OR REPLACE TEMP TABLE measure_turnover_status AS
SELECT p.org_code, p.period_end, any_value(p.n_points_expected) AS n_points_expected,
       count(s.snapshot_date) AS n_points_present
FROM measure_turnover_points AS p
LEFT JOIN (SELECT DISTINCT org_code, snapshot_date FROM staging.workforce_snapshot) AS s
  ON s.org_code = p.org_code AND s.snapshot_date = p.point_date
GROUP BY p.org_code, p.period_end;

CREATE OR REPLACE TEMP TABLE measure_turnover_headcount_people AS
SELECT p.org_code, p.period_start, p.period_end, p.point_date, w.band, w.staff_group, w.directorate, w.service_team,
       coalesce(w.ethnic_group, 'UNKNOWN') AS ethnic_group
FROM measure_turnover_points AS p
JOIN staging.workforce_snapshot AS w ON w.org_code = p.org_code AND w.snapshot_date = p.point_date;

CREATE OR REPLACE TEMP TABLE measure_turnover_headcount_members AS
SELECT * EXCLUDE (directorate) FROM wres_standard_breakdowns('measure_turnover_headcount_people')
WHERE breakdown_type <> 'service_team';

CREATE OR REPLACE TEMP TABLE measure_turnover_headcount AS
SELECT c.org_code, c.period_start, c.period_end, c.breakdown_type, c.breakdown_value,
       sum(c.n_white) / any_value(s.n_points_expected) AS avg_white,
       sum(c.n_bme) / any_value(s.n_points_expected) AS avg_bme,
       sum(c.n_unknown) / any_value(s.n_points_expected) AS avg_unknown,
       sum(c.n_total) / any_value(s.n_points_expected) AS avg_total
FROM wres_ethnic_counts('measure_turnover_headcount_members', $suppress_below) AS c
JOIN measure_turnover_status AS s USING (org_code, period_end)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE measure_turnover_leaver_people AS
SELECT org_code, period_start, period_end, band, staff_group, directorate, service_team,
       coalesce(ethnic_group, 'UNKNOWN') AS ethnic_group
FROM wres_window_leavers();

CREATE OR REPLACE TEMP TABLE measure_turnover_leaver_members AS
SELECT * EXCLUDE (directorate) FROM wres_standard_breakdowns('measure_turnover_leaver_people')
WHERE breakdown_type <> 'service_team'
UNION ALL BY NAME  -- each window's 'all' row exists, zero when nobody left
SELECT org_code, period_start, period_end, CAST(NULL AS VARCHAR) AS ethnic_group, 'all' AS breakdown_type,
       'all' AS breakdown_value
FROM wres_leaver_windows()
UNION ALL BY NAME  -- and every breakdown value with a headcount, zero when nobody from it left
SELECT DISTINCT org_code, period_start, period_end, CAST(NULL AS VARCHAR) AS ethnic_group, breakdown_type, breakdown_value
FROM measure_turnover_headcount;

CREATE OR REPLACE TABLE marts.turnover AS
SELECT
    l.org_code,
    wres_report_year(l.period_end) AS report_year,
    wres_period_type(l.period_end) AS period_type,
    l.period_start,
    l.period_end,
    l.breakdown_type,
    l.breakdown_value,
    l.n_white AS leavers_white,
    l.n_bme AS leavers_bme,
    l.n_unknown AS leavers_unknown,
    l.n_total AS leavers_total,
    l.pct_white AS pct_white_of_leavers,
    l.pct_bme AS pct_bme_of_leavers,
    l.pct_unknown AS pct_unknown_of_leavers,
    $turnover_headcount AS headcount_basis,
    s.n_points_present = s.n_points_expected AS headcount_complete,
    coalesce(h.avg_white, 0) AS avg_headcount_white,
    coalesce(h.avg_bme, 0) AS avg_headcount_bme,
    coalesce(h.avg_unknown, 0) AS avg_headcount_unknown,
    coalesce(h.avg_total, 0) AS avg_headcount_total,
    unnest(CASE WHEN s.n_points_present = s.n_points_expected
                THEN wres_measure_rl('BME', l.n_white, coalesce(h.avg_white, 0), l.n_bme, coalesce(h.avg_bme, 0),
                                     $non_adverse_low, $non_adverse_high, $small_numbers, $ci_z) END),
    CASE WHEN s.n_points_present = s.n_points_expected THEN wres_rate(l.n_unknown, h.avg_unknown) END AS rate_unknown,
    CASE WHEN s.n_points_present = s.n_points_expected THEN wres_rate(l.n_total, h.avg_total) END AS rate_total,
    CASE WHEN s.n_points_present = s.n_points_expected THEN 'OK' ELSE 'INCOMPLETE_HEADCOUNT' END AS status,
    l.suppressed_for_publication
        OR wres_small_cell(coalesce(h.avg_white, 0), $suppress_below) OR wres_small_cell(coalesce(h.avg_bme, 0), $suppress_below)
        OR wres_small_cell(coalesce(h.avg_unknown, 0), $suppress_below) AS suppressed_for_publication
FROM wres_ethnic_counts('measure_turnover_leaver_members', $suppress_below) AS l
JOIN measure_turnover_status AS s USING (org_code, period_end)
LEFT JOIN measure_turnover_headcount AS h USING (org_code, period_end, breakdown_type, breakdown_value)
ORDER BY l.org_code, l.period_end, l.breakdown_type, l.breakdown_value;

COMMENT ON TABLE marts.turnover IS 'Staff turnover in the 12 months to each quarter end by ethnicity: leavers (people, counted contract types, once per window) / average headcount, overall and by band, staff group and directorate, with the relative likelihood of BME staff leaving compared with White staff (BME / White; > 1 = BME staff more likely to leave; §0.3 statuses, CI and range class as interpretation aids). Windows the ESR leavers extracts cover in full; average headcount per measures.turnover_headcount (headcount_basis). Rates are fractions.';
COMMENT ON COLUMN marts.turnover.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.turnover.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.turnover.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.turnover.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.turnover.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.turnover.breakdown_type IS 'all, band, staff_group or directorate (of the post left / held at the headcount snapshot).';
COMMENT ON COLUMN marts.turnover.breakdown_value IS 'all, band code, staff group or directorate; ''(not recorded)'' when missing.';
COMMENT ON COLUMN marts.turnover.leavers_white IS 'White leavers in the window.';
COMMENT ON COLUMN marts.turnover.leavers_bme IS 'BME leavers.';
COMMENT ON COLUMN marts.turnover.leavers_unknown IS 'Unknown-ethnicity leavers.';
COMMENT ON COLUMN marts.turnover.leavers_total IS 'All leavers.';
COMMENT ON COLUMN marts.turnover.pct_white_of_leavers IS 'White % of leavers (0-100).';
COMMENT ON COLUMN marts.turnover.pct_bme_of_leavers IS 'BME % of leavers (0-100).';
COMMENT ON COLUMN marts.turnover.pct_unknown_of_leavers IS 'Unknown % of leavers (0-100).';
COMMENT ON COLUMN marts.turnover.headcount_basis IS 'measures.turnover_headcount: start_end_mean or quarter_end_mean.';
COMMENT ON COLUMN marts.turnover.headcount_complete IS 'TRUE when every snapshot the headcount basis needs exists; else status INCOMPLETE_HEADCOUNT and no rates.';
COMMENT ON COLUMN marts.turnover.avg_headcount_white IS 'Average White headcount over the basis snapshots (missing snapshots count as zero, see headcount_complete).';
COMMENT ON COLUMN marts.turnover.avg_headcount_bme IS 'Average BME headcount.';
COMMENT ON COLUMN marts.turnover.avg_headcount_unknown IS 'Average Unknown-ethnicity headcount.';
COMMENT ON COLUMN marts.turnover.avg_headcount_total IS 'Average total headcount.';
COMMENT ON COLUMN marts.turnover.rate_white IS 'White turnover rate: leavers_white / avg_headcount_white (fraction).';
COMMENT ON COLUMN marts.turnover.rate_bme IS 'BME turnover rate (fraction).';
COMMENT ON COLUMN marts.turnover.rl_focus IS 'BME: the relative likelihood is BME rate / White rate.';
COMMENT ON COLUMN marts.turnover.relative_likelihood IS 'rate_bme / rate_white (unrounded); NULL unless rl_status is OK (0 for FOCUS_ZERO).';
COMMENT ON COLUMN marts.turnover.rl_status IS 'OK, NO_POPULATION, NO_EVENTS, REFERENCE_ZERO or FOCUS_ZERO (wres-indicators.md §0.3).';
COMMENT ON COLUMN marts.turnover.rl_ci_lower IS '95 % CI lower bound on the log scale (§0.3), status OK only.';
COMMENT ON COLUMN marts.turnover.rl_ci_upper IS '95 % CI upper bound.';
COMMENT ON COLUMN marts.turnover.rl_range_class IS 'below / non_adverse / adverse against 0.80-1.25 (§0.3), an interpretation aid.';
COMMENT ON COLUMN marts.turnover.rl_small_numbers_flag IS 'TRUE when White or BME leavers are below thresholds.small_numbers.';
COMMENT ON COLUMN marts.turnover.rate_unknown IS 'Unknown-ethnicity turnover rate (fraction).';
COMMENT ON COLUMN marts.turnover.rate_total IS 'Overall turnover rate: leavers_total / avg_headcount_total (fraction).';
COMMENT ON COLUMN marts.turnover.status IS 'OK, or INCOMPLETE_HEADCOUNT (a headcount snapshot of the basis is missing: no rates).';
COMMENT ON COLUMN marts.turnover.suppressed_for_publication IS 'TRUE when a leaver count or an average headcount is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
