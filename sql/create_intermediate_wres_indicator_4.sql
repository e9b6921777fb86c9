-- WRES indicator 4 (wres-indicators.md §4, source-extracts.md §5.1): relative likelihood of White
-- staff accessing non-mandatory training and CPD compared with BME staff (RL = White / BME).
-- Numerator: PEOPLE (not enrolments, D32) with at least one attended / completed, non-mandatory
-- record dated (class start, else completion) in the period; a record without a mandatory flag is
-- non-mandatory (§5.1 rule 3). Denominator: headcount by ethnicity at the period end (§8).
-- Data quality [D]: measure 'coverage' = share of those records matched to an ESR person.
CREATE OR REPLACE TEMP TABLE wres_ind4_events AS
SELECT org_code, person_id, coalesce(class_start_date, completion_date) AS event_date, is_matched_to_esr AS is_matched
FROM staging.training
WHERE is_attended AND NOT coalesce(is_mandatory, FALSE);

CREATE OR REPLACE TEMP TABLE wres_ind4_single AS
SELECT * FROM wres_person_event_cells('wres_ind4_events', 'training', 'olm_training',
                                     population_only := $events_of_population_only);

CREATE OR REPLACE TEMP TABLE wres_ind4_cells AS
SELECT org_code, period_end, 'all' AS subgroup, 10 AS sort_order,
       CASE WHEN NOT supported THEN 'NO_DATA' END AS status_override,
       white_events, white_population, bme_events, bme_population, unknown_count, source_extract_ids
FROM wres_ind4_single;

CREATE OR REPLACE TABLE intermediate.wres_indicator_4 AS
SELECT * FROM wres_rl_rows('wres_ind4_cells', 4, 'WHITE', $non_adverse_low, $non_adverse_high, $small_numbers, $ci_z,
                           $suppress_below, $method_version)
UNION ALL BY NAME
SELECT * FROM wres_coverage_rows('wres_ind4_single', 4, $method_version);
