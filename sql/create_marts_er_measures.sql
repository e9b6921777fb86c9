-- marts.er_measures: employee-relations measures per AfC band and ethnicity over the 12 months to each
-- quarter end (seed 000, QI project 2 measures 1-12; wres-indicators.md §3; source-extracts.md §6).
-- Long format, one row per period, breakdown (all / band), measure and outcome:
--   headcount / all                 staff in post at the period end (measures 1-2)
--   investigation / all             people entering a formal disciplinary investigation (formal
--                                   investigation start date in the window: indicator 3's rule)
--   investigation / <decision>      no_further_action, process_to_hearing (measures 5-6)
--   disciplinary / all              people taken to a disciplinary hearing in the window (or with a
--                                   disciplinary case opened in it: measures.er_disciplinary_event)
--   misconduct, gross_misconduct    people accused (disciplinary case opened in the window) by level,
--     / all and / <outcome>         and by outcome: no_case_to_answer, development_no_sanction,
--                                   first_written_warning, final_written_warning,
--                                   action_short_of_dismissal, dismissal (measures 7-10)
--   grievance / all and <outcome>   people with a grievance opened in the window; upheld, not_upheld,
--                                   mediation (measures 11-12)
-- Every measure also has outcome 'other' (a recorded value in no category) and 'pending' (none yet).
-- Outcome codes come from config measures.er_* patterns on the staging values. People, not cases: a
-- person counts once per measure / outcome and window (the outcome rows may add up to more than 'all'
-- when a person had several cases). Each person's band and ethnicity are those valid on their first
-- event of the measure in the window (wres_event_people), on the 'all' row and every outcome row alike,
-- so an outcome row is a subset of its 'all' row; cases not matched to ESR are left out (D33).
-- Rates and the relative likelihood (BME / White, as indicator 3: > 1 = BME staff more likely): an
-- 'all' row over the headcount of its band; an outcome row over the people of its measure's 'all' row
-- (e.g. the likelihood of an investigation proceeding to a hearing). Headcount rows have none.
-- Periods: quarter ends of intermediate.wres_period covered by ER cases and with a workforce snapshot.
CREATE OR REPLACE TEMP TABLE measure_er_periods AS
SELECT org_code, period_start, period_end
FROM intermediate.wres_period
WHERE list_contains(covered_sources, 'er_cases') AND list_contains(covered_sources, 'workforce');

CREATE OR REPLACE TEMP TABLE measure_er_cases AS
SELECT *,
       wres_is_disciplinary_case(case_type, allegation_category, $ind3_case_types, $ind3_include_mhps,
                                 $ind3_mhps_pattern, $ind3_mhps_case_types) AS is_disciplinary,
       list_contains(list_transform($er_grievance_case_types, t -> lower(t)), lower(trim(case_type))) AS is_grievance,
       CASE WHEN regexp_matches(concat_ws(' ', misconduct_level, outcome), $er_gross_misconduct_pattern)
            THEN 'gross_misconduct' ELSE 'misconduct' END AS level
FROM staging.er_cases;

CREATE OR REPLACE TEMP TABLE measure_er_events AS
SELECT org_code, person_id, formal_investigation_start_date AS event_date, is_matched_to_esr AS is_matched,
       'investigation' AS measure, unnest(['all', wres_code_of(investigation_decision, $er_investigation_decisions,
                                                               'pending')]) AS outcome
FROM measure_er_cases WHERE is_disciplinary AND formal_investigation_start_date IS NOT NULL
UNION ALL
SELECT org_code, person_id,
       CASE WHEN $er_disciplinary_event = 'hearing' THEN hearing_date ELSE case_opened_date END,
       is_matched_to_esr, 'disciplinary', 'all'
FROM measure_er_cases WHERE is_disciplinary
UNION ALL
SELECT org_code, person_id, case_opened_date, is_matched_to_esr, level,
       unnest(['all', wres_code_of(outcome, $er_disciplinary_outcomes, 'pending')])
FROM measure_er_cases WHERE is_disciplinary
UNION ALL
SELECT org_code, person_id, case_opened_date, is_matched_to_esr, 'grievance',
       unnest(['all', wres_code_of(outcome, $er_grievance_outcomes, 'pending')])
FROM measure_er_cases WHERE is_grievance;

CREATE OR REPLACE TEMP TABLE measure_er_members AS
WITH events AS (
    SELECT * FROM wres_event_people('measure_er_events', 'measure_er_periods')
),
people AS (  -- every row of a person's measure takes the band and ethnicity of its 'all' row (first event)
    SELECT e.* EXCLUDE (band, ethnic_group), a.band, a.ethnic_group
    FROM events AS e
    JOIN events AS a
      ON a.org_code = e.org_code AND a.period_end = e.period_end AND a.person_id = e.person_id
     AND a.measure = e.measure AND a.outcome = 'all'
),
headcount AS (
    SELECT p.org_code, p.period_start, p.period_end, 'headcount' AS measure, 'all' AS outcome, w.band,
           coalesce(w.ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM measure_er_periods AS p
    JOIN staging.workforce_snapshot AS w ON w.org_code = p.org_code AND w.snapshot_date = p.period_end
),
units AS (
    SELECT org_code, period_start, period_end, measure, outcome, band, ethnic_group FROM people
    UNION ALL
    SELECT * FROM headcount
),
outcomes AS (  -- every measure / outcome of the long format, from config
    SELECT * FROM (VALUES ('headcount', 'all', 0), ('disciplinary', 'all', 30)) AS o(measure, outcome, sort_order)
    UNION ALL
    SELECT 'investigation', unnest(['all'] || list_transform($er_investigation_decisions, p -> p[1]) || ['other', 'pending']),
           20
    UNION ALL
    SELECT m, unnest(['all'] || list_transform($er_disciplinary_outcomes, p -> p[1]) || ['other', 'pending']),
           CASE m WHEN 'misconduct' THEN 40 ELSE 50 END
    FROM (VALUES ('misconduct'), ('gross_misconduct')) AS l(m)
    UNION ALL
    SELECT 'grievance', unnest(['all'] || list_transform($er_grievance_outcomes, p -> p[1]) || ['other', 'pending']), 60
),
breakdown_values AS (  -- the breakdown values of a period: 'all', and every band with staff or events
    SELECT DISTINCT org_code, period_start, period_end, 'all' AS breakdown_type, 'all' AS breakdown_value FROM units
    UNION
    SELECT DISTINCT org_code, period_start, period_end, 'band', wres_band_label(band) FROM units
)
SELECT org_code, period_start, period_end, measure, outcome, 'all' AS breakdown_type, 'all' AS breakdown_value, ethnic_group
FROM units
UNION ALL
SELECT org_code, period_start, period_end, measure, outcome, 'band', wres_band_label(band), ethnic_group
FROM units
UNION ALL  -- zero rows: every measure / outcome for every breakdown value
SELECT v.org_code, v.period_start, v.period_end, o.measure, o.outcome, v.breakdown_type, v.breakdown_value, NULL
FROM breakdown_values AS v CROSS JOIN outcomes AS o;

CREATE OR REPLACE TEMP TABLE measure_er_counts AS
SELECT * FROM wres_ethnic_counts('measure_er_members', $suppress_below);

CREATE OR REPLACE TABLE marts.er_measures AS
WITH er_rows AS (
    SELECT c.*,
           CASE WHEN c.measure = 'headcount' THEN NULL WHEN c.outcome = 'all' THEN 'headcount:all'
                ELSE c.measure || ':all' END AS population_basis
    FROM measure_er_counts AS c
)
SELECT
    r.org_code,
    wres_report_year(r.period_end) AS report_year,
    wres_period_type(r.period_end) AS period_type,
    r.period_start,
    r.period_end,
    r.breakdown_type,
    r.breakdown_value,
    r.measure,
    r.outcome,
    r.n_white,
    r.n_bme,
    r.n_unknown,
    r.n_total,
    r.pct_white,
    r.pct_bme,
    r.pct_unknown,
    r.population_basis,
    p.n_white AS population_white,
    p.n_bme AS population_bme,
    p.n_unknown AS population_unknown,
    p.n_total AS population_total,
    unnest(CASE WHEN r.population_basis IS NOT NULL
                THEN wres_measure_rl('BME', r.n_white, p.n_white, r.n_bme, p.n_bme, $non_adverse_low, $non_adverse_high,
                                     $small_numbers_ind3, $ci_z) END),
    r.suppressed_for_publication OR coalesce(p.suppressed_for_publication, FALSE) AS suppressed_for_publication
FROM er_rows AS r
LEFT JOIN measure_er_counts AS p
  ON p.org_code = r.org_code AND p.period_end = r.period_end AND p.breakdown_type = r.breakdown_type
 AND p.breakdown_value = r.breakdown_value AND p.measure || ':' || p.outcome = r.population_basis
ORDER BY r.org_code, r.period_end, r.breakdown_type, r.breakdown_value, r.measure, r.outcome;

COMMENT ON TABLE marts.er_measures IS 'Employee-relations measures per AfC band and ethnicity over the 12 months to each quarter end (seed 000 QI project 2 measures 1-12). Long format: measure headcount (staff in post at the period end), investigation (formal disciplinary investigation started: indicator 3''s rule), disciplinary (taken to a hearing, or case opened: measures.er_disciplinary_event), misconduct and gross_misconduct (disciplinary case opened, by level), grievance (grievance opened); outcome all = people involved, other outcomes = people with that decision / outcome (investigation: no_further_action, process_to_hearing; misconduct levels: no_case_to_answer, development_no_sanction, first_written_warning, final_written_warning, action_short_of_dismissal, dismissal; grievance: upheld, not_upheld, mediation; every measure also other and pending). People, not cases; band and ethnicity as on the first event; cases not matched to ESR left out. Rates and relative likelihood BME / White (> 1 = BME staff more likely): all rows over the band headcount, outcome rows over the measure''s all row. The investigation / all / all row reproduces indicator 3 (single year).';
COMMENT ON COLUMN marts.er_measures.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.er_measures.report_year IS 'WRES report year N whose 12 months (1 April N-1 to 31 March N) contain period_end.';
COMMENT ON COLUMN marts.er_measures.period_type IS 'wres_year (1 April - 31 March) or rolling_12m (12 months to another quarter end).';
COMMENT ON COLUMN marts.er_measures.period_start IS 'First day of the 12-month window.';
COMMENT ON COLUMN marts.er_measures.period_end IS 'Quarter end closing the window (headcount snapshot date).';
COMMENT ON COLUMN marts.er_measures.breakdown_type IS 'all or band.';
COMMENT ON COLUMN marts.er_measures.breakdown_value IS 'all, or the band code (band_1 .. band_9, band_8a-8d, under_band_1, vsm, medical, non_afc_other, unknown; not_in_workforce for matched people in no workforce snapshot, e.g. bank-only).';
COMMENT ON COLUMN marts.er_measures.measure IS 'headcount, investigation, disciplinary, misconduct, gross_misconduct or grievance.';
COMMENT ON COLUMN marts.er_measures.outcome IS 'all (people involved), or the decision / outcome code; other = a recorded value in no category; pending = none recorded yet.';
COMMENT ON COLUMN marts.er_measures.n_white IS 'White people (staff for headcount).';
COMMENT ON COLUMN marts.er_measures.n_bme IS 'BME people.';
COMMENT ON COLUMN marts.er_measures.n_unknown IS 'Unknown-ethnicity people.';
COMMENT ON COLUMN marts.er_measures.n_total IS 'All people of the row.';
COMMENT ON COLUMN marts.er_measures.pct_white IS 'White % of n_total (0-100).';
COMMENT ON COLUMN marts.er_measures.pct_bme IS 'BME % of n_total (0-100).';
COMMENT ON COLUMN marts.er_measures.pct_unknown IS 'Unknown % of n_total (0-100).';
COMMENT ON COLUMN marts.er_measures.population_basis IS 'The population the rates divide by: headcount:all (an all row) or <measure>:all (an outcome row); NULL for headcount rows.';
COMMENT ON COLUMN marts.er_measures.population_white IS 'White count of the population row.';
COMMENT ON COLUMN marts.er_measures.population_bme IS 'BME count of the population row.';
COMMENT ON COLUMN marts.er_measures.population_unknown IS 'Unknown count of the population row.';
COMMENT ON COLUMN marts.er_measures.population_total IS 'Total of the population row.';
COMMENT ON COLUMN marts.er_measures.rate_white IS 'n_white / population_white (fraction).';
COMMENT ON COLUMN marts.er_measures.rate_bme IS 'n_bme / population_bme (fraction).';
COMMENT ON COLUMN marts.er_measures.rl_focus IS 'BME: relative_likelihood = rate_bme / rate_white.';
COMMENT ON COLUMN marts.er_measures.relative_likelihood IS 'rate_bme / rate_white (unrounded); NULL unless rl_status is OK (0 for FOCUS_ZERO).';
COMMENT ON COLUMN marts.er_measures.rl_status IS 'OK, NO_POPULATION, NO_EVENTS, REFERENCE_ZERO or FOCUS_ZERO (wres-indicators.md §0.3).';
COMMENT ON COLUMN marts.er_measures.rl_ci_lower IS '95 % CI lower bound on the log scale (§0.3).';
COMMENT ON COLUMN marts.er_measures.rl_ci_upper IS '95 % CI upper bound.';
COMMENT ON COLUMN marts.er_measures.rl_range_class IS 'below / non_adverse / adverse against 0.80-1.25 (§0.3).';
COMMENT ON COLUMN marts.er_measures.rl_small_numbers_flag IS 'TRUE when White or BME people are below thresholds.small_numbers_ind3 (as indicator 3).';
COMMENT ON COLUMN marts.er_measures.suppressed_for_publication IS 'TRUE when a count of the row or of its population is 1 .. thresholds.suppress_below - 1 (default 1-4); blanked in the published copy (§12).';
