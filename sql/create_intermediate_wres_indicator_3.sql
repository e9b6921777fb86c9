-- WRES indicator 3 (wres-indicators.md §3, source-extracts.md §6.2): relative likelihood of BME staff
-- entering the formal disciplinary process, as measured by entry into a formal disciplinary
-- INVESTIGATION, compared with White staff (RL = BME / White).
-- Numerator: distinct people whose formal_investigation_start_date is in the period, on a case type
-- routed through the disciplinary procedure (wres_is_disciplinary_case: methods.ind3_case_types, and MHPS
-- investigations of methods.ind3_mhps_case_types unless methods.ind3_include_mhps is false; informal cases
-- have no formal investigation date; grievance and capability are other case types, MHPS or not). Cases later closed "no case to answer" still count. People not
-- matched to ESR are left out of the ratio and reported by the coverage row.
-- Denominator: headcount by ethnicity at the period end (staging.workforce_snapshot, §8).
-- Subgroups: all:single_year, and all:two_year_pooled = this and the previous 12 months together
-- (methods.ind3_two_year_method: 'pooled' sums events and headcounts; 'average_counts' averages the
-- events over the current headcount, stored as events summed over 2 x current headcount).
-- Without either year's covered events or 31 March headcount the pooled row is INSUFFICIENT_HISTORY.
CREATE OR REPLACE TEMP TABLE wres_ind3_events AS
SELECT org_code, person_id, formal_investigation_start_date AS event_date, is_matched_to_esr AS is_matched
FROM staging.er_cases
WHERE formal_investigation_start_date IS NOT NULL
  AND wres_is_disciplinary_case(case_type, allegation_category, $ind3_case_types, $ind3_include_mhps,
                                $ind3_mhps_pattern, $ind3_mhps_case_types);

CREATE OR REPLACE TEMP TABLE wres_ind3_single AS
SELECT * FROM wres_person_event_cells('wres_ind3_events', 'er_cases', 'er_cases',
                                     population_only := $events_of_population_only);

CREATE OR REPLACE TEMP TABLE wres_ind3_cells AS
SELECT org_code, period_end, 'all:single_year' AS subgroup, 10 AS sort_order,
       CASE WHEN NOT supported THEN 'NO_DATA' END AS status_override,
       white_events, white_population, bme_events, bme_population, unknown_count, source_extract_ids
FROM wres_ind3_single
UNION ALL
SELECT c.org_code, c.period_end, 'all:two_year_pooled', 20,
       CASE WHEN NOT c.supported THEN 'NO_DATA'
            -- both years' events covered and both years' 31 March populations present
            WHEN NOT coalesce(p.supported, FALSE) OR p.white_population + p.bme_population = 0
                 OR c.white_population + c.bme_population = 0
                THEN 'INSUFFICIENT_HISTORY' END,
       c.white_events + coalesce(p.white_events, 0),
       CASE WHEN $ind3_two_year_method = 'pooled' THEN c.white_population + coalesce(p.white_population, 0)
            ELSE 2 * c.white_population END,
       c.bme_events + coalesce(p.bme_events, 0),
       CASE WHEN $ind3_two_year_method = 'pooled' THEN c.bme_population + coalesce(p.bme_population, 0)
            ELSE 2 * c.bme_population END,
       c.unknown_count + coalesce(p.unknown_count, 0),
       nullif(concat_ws(';', c.source_extract_ids, p.source_extract_ids), '')
FROM wres_ind3_single AS c
LEFT JOIN wres_ind3_single AS p
  ON p.org_code = c.org_code AND p.period_end = CAST(c.period_end - INTERVAL 1 YEAR AS DATE);

CREATE OR REPLACE TABLE intermediate.wres_indicator_3 AS
SELECT * FROM wres_rl_rows('wres_ind3_cells', 3, 'BME', $non_adverse_low, $non_adverse_high, $small_numbers_ind3,
                           $ci_z, $suppress_below, $method_version)
UNION ALL BY NAME
SELECT * FROM wres_coverage_rows('wres_ind3_single', 3, $method_version);
