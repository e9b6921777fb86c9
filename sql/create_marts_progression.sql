-- marts.progression: career progression by band and ethnicity over the 12 months to each quarter end
-- (seed 000, QI project 3 "progression" and "learning and development" measures), as counts, % of each
-- group, rates and relative likelihoods White / BME (> 1 = White staff more likely, as indicators 2, 4).
--   promotion      AfC staff whose band rose between two consecutive quarter-end snapshots [D]: the
--                  band held at the later one (not while acting up) is above their substantive band at
--                  the earlier one (the last band held while not acting up, so acting up then being
--                  appointed to the acting band counts, and reverting does not). Band = the band promoted
--                  from. Population: AfC staff seen at two consecutive quarter ends in the window, by that
--                  substantive band. A move to / from VSM or a non-AfC grade is never a promotion.
--   acting_up      acting-up opportunities: the assignment status (measures.acting_up_statuses) turns
--                  to Acting Up between two consecutive quarter ends; same population, band = the
--                  substantive band before.
--   non_mandatory_training  people with an attended, non-mandatory training / CPD record dated in the
--                  window (indicator 4's rule); band as on their first such record; population =
--                  headcount at the period end by band, so the 'all' row reproduces indicator 4.
-- People counted once per measure, breakdown and window, with the ethnicity of their latest transition
-- (promotion, acting up) or as indicator 4 (training). Windows: promotion and acting up need the five
-- quarter-end snapshots from the one before the window to its end; training the periods of
-- intermediate.wres_period covered by training records and a workforce snapshot.
CREATE OR REPLACE TEMP TABLE measure_prog_snapshots AS
SELECT w.org_code, w.snapshot_date, w.person_id, w.band, coalesce(w.ethnic_group, 'UNKNOWN') AS ethnic_group,
       coalesce(list_contains($acting_up_statuses, s.assignment_status), FALSE) AS is_acting
FROM staging.workforce_snapshot AS w
LEFT JOIN staging.staff_in_post AS s
  ON s.org_code = w.org_code AND s.snapshot_date = w.snapshot_date AND s.person_id = w.person_id
 AND s.assignment_number IS NOT DISTINCT FROM w.assignment_number
WHERE wres_is_quarter_end(w.snapshot_date);

CREATE OR REPLACE TEMP TABLE measure_prog_transitions AS
WITH carried AS (
    SELECT *,
           last_value(CASE WHEN NOT is_acting THEN band END IGNORE NULLS) OVER (
               PARTITION BY org_code, person_id ORDER BY snapshot_date
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS substantive_band
    FROM measure_prog_snapshots
),
paired AS (
    SELECT *,
           lag(snapshot_date) OVER p AS prev_date,
           lag(is_acting) OVER p AS prev_acting,
           lag(substantive_band) OVER p AS from_band
    FROM carried
    WINDOW p AS (PARTITION BY org_code, person_id ORDER BY snapshot_date)
)
SELECT org_code, person_id, snapshot_date, ethnic_group, from_band,
       NOT is_acting AND wres_afc_band_rank(band) > wres_afc_band_rank(from_band) AS is_promotion,
       is_acting AND NOT prev_acting AS is_acting_start
FROM paired
WHERE prev_date = CAST(last_day(snapshot_date - INTERVAL 3 MONTH) AS DATE)  -- consecutive quarter ends
  AND wres_afc_band_rank(from_band) IS NOT NULL;                              -- AfC staff

CREATE OR REPLACE TEMP TABLE measure_prog_windows AS  -- all five quarter ends of [Q - 1 year, Q] present
WITH dates AS (SELECT DISTINCT org_code, snapshot_date FROM measure_prog_snapshots)
SELECT d.org_code, wres_period_start(d.snapshot_date) AS period_start, d.snapshot_date AS period_end
FROM dates AS d
JOIN dates AS p
  ON p.org_code = d.org_code AND p.snapshot_date BETWEEN CAST(d.snapshot_date - INTERVAL 1 YEAR AS DATE) AND d.snapshot_date
GROUP BY ALL
HAVING count(*) = 5;

CREATE OR REPLACE TEMP TABLE measure_prog_training_periods AS
SELECT org_code, period_start, period_end
FROM intermediate.wres_period
WHERE list_contains(covered_sources, 'training') AND list_contains(covered_sources, 'workforce');

CREATE OR REPLACE TEMP TABLE measure_prog_training_events AS
SELECT org_code, person_id, coalesce(class_start_date, completion_date) AS event_date,
       is_matched_to_esr AS is_matched
FROM staging.training
WHERE is_attended AND NOT coalesce(is_mandatory, FALSE);

CREATE OR REPLACE TEMP TABLE measure_prog_units AS
WITH in_window AS (
    SELECT w.org_code, w.period_start, w.period_end, t.*  EXCLUDE (org_code)
    FROM measure_prog_windows AS w
    JOIN measure_prog_transitions AS t
      ON t.org_code = w.org_code AND t.snapshot_date BETWEEN w.period_start AND w.period_end
),
transition_units AS (
    SELECT org_code, period_start, period_end, m.measure, r.role, person_id, from_band AS band, snapshot_date, ethnic_group
    FROM in_window
    CROSS JOIN (VALUES ('promotion'), ('acting_up')) AS m(measure)
    CROSS JOIN (VALUES ('population'), ('event')) AS r(role)
    WHERE r.role = 'population'
       OR (m.measure = 'promotion' AND is_promotion)
       OR (m.measure = 'acting_up' AND is_acting_start)
),
training_units AS (
    SELECT org_code, period_start, period_end, 'non_mandatory_training' AS measure, 'event' AS role, person_id, band,
           first_event AS snapshot_date, ethnic_group
    FROM wres_event_people('measure_prog_training_events', 'measure_prog_training_periods')
    UNION ALL
    SELECT p.org_code, p.period_start, p.period_end, 'non_mandatory_training', 'population', w.person_id, w.band,
           w.snapshot_date, coalesce(w.ethnic_group, 'UNKNOWN')
    FROM measure_prog_training_periods AS p
    JOIN staging.workforce_snapshot AS w ON w.org_code = p.org_code AND w.snapshot_date = p.period_end
),
units AS (SELECT * FROM transition_units UNION ALL SELECT * FROM training_units)
SELECT org_code, period_start, period_end, measure, role, 'all' AS breakdown_type, 'all' AS breakdown_value,
       person_id, arg_max(ethnic_group, snapshot_date) AS ethnic_group
FROM units GROUP BY ALL
UNION ALL
SELECT org_code, period_start, period_end, measure, role, 'band', wres_band_label(band),
       person_id, arg_max(ethnic_group, snapshot_date)
FROM units GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE measure_prog_members AS
SELECT * EXCLUDE (person_id) FROM measure_prog_units
UNION ALL  -- zero rows: both roles of every measure for every breakdown value seen, and 'all' per window
SELECT DISTINCT org_code, period_start, period_end, measure, r.role, breakdown_type, breakdown_value, NULL
FROM measure_prog_units CROSS JOIN (VALUES ('population'), ('event')) AS r(role)
UNION ALL
SELECT org_code, period_start, period_end, m.measure, r.role, 'all', 'all', NULL
FROM measure_prog_windows
CROSS JOIN (VALUES ('promotion'), ('acting_up')) AS m(measure) CROSS JOIN (VALUES ('population'), ('event')) AS r(role)
UNION ALL
SELECT org_code, period_start, period_end, 'non_mandatory_training', r.role, 'all', 'all', NULL
FROM measure_prog_training_periods CROSS JOIN (VALUES ('population'), ('event')) AS r(role);

CREATE OR REPLACE TEMP TABLE measure_prog_counts AS
SELECT * FROM wres_ethnic_counts('measure_prog_members', $suppress_below);

CREATE OR REPLACE TABLE marts.progression AS
SELECT
    e.org_code,
    wres_report_year(e.period_end) AS report_year,
    wres_period_type(e.period_end) AS period_type,
    e.period_start,
    e.period_end,
    e.measure,
    e.breakdown_type,
    e.breakdown_value,
    e.n_white,
    e.n_bme,
    e.n_unknown,
    e.n_total,
    e.pct_white,
    e.pct_bme,
    e.pct_unknown,
    CASE WHEN e.measure = 'non_mandatory_training' THEN 'headcount_at_period_end'
         ELSE 'afc_staff_at_consecutive_quarter_ends' END AS population_basis,
    p.n_white AS population_white,
    p.n_bme AS population_bme,
    p.n_unknown AS population_unknown,
    p.n_total AS population_total,
    unnest(wres_measure_rl('WHITE', e.n_white, p.n_white, e.n_bme, p.n_bme, $non_adverse_low, $non_adverse_high,
                           $small_numbers, $ci_z)),
    e.suppressed_for_publication OR p.suppressed_for_publication AS suppressed_for_publication
FROM measure_prog_counts AS e
JOIN measure_prog_counts AS p
  ON p.org_code = e.org_code AND p.period_end = e.period_end AND p.measure = e.measure
 AND p.breakdown_type = e.breakdown_type AND p.breakdown_value = e.breakdown_value AND p.role = 'population'
WHERE e.role = 'event'
ORDER BY e.org_code, e.period_end, e.measure, e.breakdown_type, e.breakdown_value;

COMMENT ON TABLE marts.progression IS 'Career progression by band and ethnicity over the 12 months to each quarter end (seed 000 QI project 3): measure promotion (AfC band rose between consecutive quarter-end snapshots, acting up excluded), acting_up (assignment status turned to Acting Up) and non_mandatory_training (attended non-mandatory training / CPD, indicator 4''s rule). Counts and % White / BME / Unknown of the people concerned, their population, rates and the relative likelihood White / BME (> 1 = White staff more likely). Band = band promoted / acting up from, or held at the first training record. The non_mandatory_training all row reproduces indicator 4.';
COMMENT ON COLUMN marts.progression.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.progression.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.progression.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.progression.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.progression.period_end IS 'Quarter end closing the window.';
COMMENT ON COLUMN marts.progression.measure IS 'promotion, acting_up or non_mandatory_training.';
COMMENT ON COLUMN marts.progression.breakdown_type IS 'all or band.';
COMMENT ON COLUMN marts.progression.breakdown_value IS 'all, or the band code (AfC bands for promotion / acting up; any band, incl. not_in_workforce, for training).';
COMMENT ON COLUMN marts.progression.n_white IS 'White people promoted / starting to act up / accessing training.';
COMMENT ON COLUMN marts.progression.n_bme IS 'BME people concerned.';
COMMENT ON COLUMN marts.progression.n_unknown IS 'Unknown-ethnicity people concerned.';
COMMENT ON COLUMN marts.progression.n_total IS 'All people concerned.';
COMMENT ON COLUMN marts.progression.pct_white IS 'White % of n_total (0-100): the ethnic profile of those promoted etc.';
COMMENT ON COLUMN marts.progression.pct_bme IS 'BME % of n_total (0-100).';
COMMENT ON COLUMN marts.progression.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.progression.population_basis IS 'afc_staff_at_consecutive_quarter_ends (promotion, acting up: AfC staff seen at two consecutive quarter ends in the window, by substantive band) or headcount_at_period_end (training).';
COMMENT ON COLUMN marts.progression.population_white IS 'White population.';
COMMENT ON COLUMN marts.progression.population_bme IS 'BME population.';
COMMENT ON COLUMN marts.progression.population_unknown IS 'Unknown-ethnicity population.';
COMMENT ON COLUMN marts.progression.population_total IS 'Total population.';
COMMENT ON COLUMN marts.progression.rate_white IS 'n_white / population_white (fraction).';
COMMENT ON COLUMN marts.progression.rate_bme IS 'n_bme / population_bme (fraction).';
COMMENT ON COLUMN marts.progression.rl_focus IS 'WHITE: relative_likelihood = rate_white / rate_bme.';
COMMENT ON COLUMN marts.progression.relative_likelihood IS 'rate_white / rate_bme (unrounded); NULL unless rl_status is OK (0 for FOCUS_ZERO).';
COMMENT ON COLUMN marts.progression.rl_status IS 'OK, NO_POPULATION, NO_EVENTS, REFERENCE_ZERO or FOCUS_ZERO (wres-indicators.md §0.3).';
COMMENT ON COLUMN marts.progression.rl_ci_lower IS '95 % CI lower bound on the log scale (§0.3).';
COMMENT ON COLUMN marts.progression.rl_ci_upper IS '95 % CI upper bound.';
COMMENT ON COLUMN marts.progression.rl_range_class IS 'below / non_adverse / adverse against 0.80-1.25 (§0.3).';
COMMENT ON COLUMN marts.progression.rl_small_numbers_flag IS 'TRUE when White or BME people concerned are below thresholds.small_numbers.';
COMMENT ON COLUMN marts.progression.suppressed_for_publication IS 'TRUE when a count of the row or of its population is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
