-- Shared indicator logic (wres-indicators.md §0.3, §0.1, §5.2, §13.1), run on every connection.
-- Thresholds are arguments, never literals: callers pass the $parameters of wres_pipeline/config.py.

-- ---------------------------------------------------------------------------------------------
-- Periods (§0.1, §13.1). A period is the 12 months to a quarter end; 31 March is the WRES year,
-- every other quarter end a rolling-12-month monitoring row of the WRES year in progress.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_is_quarter_end(d) AS d = last_day(d) AND month(d) % 3 = 0;
CREATE OR REPLACE MACRO wres_quarter_end(d) AS CAST(last_day(date_trunc('quarter', d) + INTERVAL 2 MONTH) AS DATE);
CREATE OR REPLACE MACRO wres_period_type(d) AS
    CASE WHEN month(d) = 3 AND day(d) = 31 THEN 'wres_year' ELSE 'rolling_12m' END;
-- Report year N = the WRES year whose 12 months (1 April N-1 .. 31 March N) contain d.
CREATE OR REPLACE MACRO wres_report_year(d) AS year(d) + CASE WHEN month(d) > 3 THEN 1 ELSE 0 END;
CREATE OR REPLACE MACRO wres_period_start(d) AS CAST(d - INTERVAL 1 YEAR + INTERVAL 1 DAY AS DATE);

-- ---------------------------------------------------------------------------------------------
-- Relative likelihood (§0.3): rate(focus) / rate(reference), with its status, 95 % CI on the log
-- scale, non-adverse range class (on the UNROUNDED value) and the small-numbers flag.
-- Used by indicators 2 (White / BME), 3 (BME / White) and 4 (White / BME).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_rate(events, population) AS CAST(events AS DOUBLE) / nullif(population, 0);

CREATE OR REPLACE MACRO wres_rl_status(focus_events, focus_population, reference_events, reference_population) AS
    CASE
        WHEN coalesce(focus_population, 0) = 0 OR coalesce(reference_population, 0) = 0 THEN 'NO_POPULATION'
        WHEN coalesce(focus_events, 0) = 0 AND coalesce(reference_events, 0) = 0 THEN 'NO_EVENTS'
        WHEN coalesce(reference_events, 0) = 0 THEN 'REFERENCE_ZERO'   -- would be infinite
        WHEN coalesce(focus_events, 0) = 0 THEN 'FOCUS_ZERO'           -- 0.00, a real value
        ELSE 'OK'
    END;

CREATE OR REPLACE MACRO wres_rl_value(focus_events, focus_population, reference_events, reference_population) AS
    CASE wres_rl_status(focus_events, focus_population, reference_events, reference_population)
        -- one division of exact integer products, so an RL of exactly 0.80 or 1.25 is exactly the bound
        WHEN 'OK' THEN (CAST(focus_events AS DOUBLE) * reference_population) / (CAST(focus_population AS DOUBLE) * reference_events)
        WHEN 'FOCUS_ZERO' THEN 0.0
    END;

-- SE of ln(RL) = sqrt(1/a - 1/n_a + 1/b - 1/n_b); CI = exp(ln RL -/+ z * SE). Only for status OK.
CREATE OR REPLACE MACRO wres_rl_log_se(focus_events, focus_population, reference_events, reference_population) AS
    CASE WHEN wres_rl_status(focus_events, focus_population, reference_events, reference_population) = 'OK'
         THEN sqrt(1.0 / focus_events - 1.0 / focus_population + 1.0 / reference_events - 1.0 / reference_population)
    END;

CREATE OR REPLACE MACRO wres_range_class(rl, non_adverse_low, non_adverse_high) AS
    CASE WHEN rl IS NULL THEN NULL
         WHEN rl < non_adverse_low THEN 'below'
         WHEN rl <= non_adverse_high THEN 'non_adverse'
         ELSE 'adverse' END;

-- The four counts are bound once (a one-element list and a lambda): DuckDB expands a macro at every use
-- and copies each argument expression into every place the body names it. The RL parts below name them
-- ~40 times through the nested macros, so with computed arguments (CASE, coalesce) a query grew to
-- thousands of expression nodes and the optimiser spent ~0.6 s on each query that used it.
CREATE OR REPLACE MACRO wres_relative_likelihood(
    focus_events, focus_population, reference_events, reference_population,
    non_adverse_low, non_adverse_high, small_numbers, z
) AS list_transform(
    [{'a': focus_events, 'n_a': focus_population, 'b': reference_events, 'n_b': reference_population}],
    lambda x: {
        'value': wres_rl_value(x.a, x.n_a, x.b, x.n_b),
        'status': wres_rl_status(x.a, x.n_a, x.b, x.n_b),
        'ci_lower': exp(ln(nullif(wres_rl_value(x.a, x.n_a, x.b, x.n_b), 0)) - z * wres_rl_log_se(x.a, x.n_a, x.b, x.n_b)),
        'ci_upper': exp(ln(nullif(wres_rl_value(x.a, x.n_a, x.b, x.n_b), 0)) + z * wres_rl_log_se(x.a, x.n_a, x.b, x.n_b)),
        'range_class': wres_range_class(wres_rl_value(x.a, x.n_a, x.b, x.n_b), non_adverse_low, non_adverse_high),
        'small_numbers_flag': coalesce(x.a, 0) < small_numbers OR coalesce(x.b, 0) < small_numbers
    })[1];

-- Indicator 3's scope (§3), the one definition indicator 3 and marts.er_measures use: a case of a case type
-- in methods.ind3_case_types, or an MHPS investigation (methods.ind3_mhps_pattern on case type and
-- allegation) of a case type in methods.ind3_mhps_case_types - included unless methods.ind3_include_mhps is
-- false. A capability case whose allegation mentions MHPS stays capability: out of scope.
CREATE OR REPLACE MACRO wres_is_disciplinary_case(case_type, allegation_category, case_types, include_mhps,
                                                  mhps_pattern, mhps_case_types) AS
    CASE WHEN regexp_matches(concat_ws(' ', case_type, allegation_category), mhps_pattern)
              AND list_contains(list_transform(mhps_case_types, t -> lower(t)), lower(trim(case_type)))
         THEN include_mhps
         ELSE list_contains(list_transform(case_types, t -> lower(t)), lower(trim(case_type))) END;

-- §12 [D]: a published count of 1 .. suppress_below-1 is suppressed (RLs / % built on it too).
CREATE OR REPLACE MACRO wres_small_cell(n, suppress_below) AS coalesce(n BETWEEN 1 AND suppress_below - 1, FALSE);

-- ---------------------------------------------------------------------------------------------
-- Staff survey (§5.2): a percentage is not reported on fewer than min_responses answers.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_survey_percent(positive, base, min_responses) AS
    CASE WHEN base >= min_responses THEN 100.0 * positive / base END;

-- Respondent rows -> staging.survey_aggregate rows (organisation level, breakdown 'all').
-- `respondents` names a table or view with columns survey_year, org_code, ethnic_group
-- (WHITE / BME / UNKNOWN), optionally respondent_id, and one column per questionnaire item holding
-- the response code (q14a, q14b, ...; blank = not answered). Items, codes and the derived indicator 6
-- item come from ref.survey_question_map for the row's survey year: a derived item counts a
-- respondent as positive when ANY of its source items is positive, and as answering when they
-- answered at least one of them (never an average of the item percentages).
CREATE OR REPLACE MACRO wres_survey_aggregate(respondents) AS TABLE
WITH answers AS (
    UNPIVOT (SELECT row_number() OVER () AS wres_respondent_row, * FROM query_table(respondents))
    ON COLUMNS(c -> c NOT IN ('wres_respondent_row', 'respondent_id', 'survey_year', 'org_code', 'ethnic_group'))
    INTO NAME source_item VALUE code
),
per_respondent AS (
    SELECT a.org_code, a.survey_year, a.ethnic_group, m.item, a.wres_respondent_row,
           bool_or(list_contains(m.positive_codes, TRY_CAST(a.code AS INTEGER))) AS is_positive,
           bool_or(list_contains(m.positive_codes, TRY_CAST(a.code AS INTEGER))
                   OR list_contains(m.negative_codes, TRY_CAST(a.code AS INTEGER))) AS is_yes_or_no,
           bool_or(list_contains(m.dont_know_codes, TRY_CAST(a.code AS INTEGER))) AS is_dont_know
    FROM answers AS a
    JOIN ref.survey_question_map AS m
      ON a.survey_year BETWEEN m.survey_year_from AND m.survey_year_to
     AND list_contains(m.source_items, lower(a.source_item))
    GROUP BY ALL
)
SELECT org_code, CAST(survey_year AS INTEGER) AS survey_year, 'all' AS breakdown_type, 'all' AS breakdown_value,
       ethnic_group, item,
       count(*) FILTER (WHERE is_yes_or_no OR is_dont_know) AS n_respondents_answered,
       count(*) FILTER (WHERE is_positive) AS n_positive,
       count(*) FILTER (WHERE is_dont_know AND NOT is_yes_or_no) AS n_dont_know
FROM per_respondent
GROUP BY ALL;

-- ---------------------------------------------------------------------------------------------
-- Lineage: the ids of the files of one source that the latest load of that source read for an
-- organisation (audit.source_files is append-only across runs), ';'-separated.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_source_ids(src, org) AS (
    SELECT string_agg(DISTINCT f.source_file_id, ';' ORDER BY f.source_file_id)
    FROM audit.source_files AS f
    WHERE f.source = src AND f.org_code = org AND f.status = 'loaded'
      AND f.run_id = (SELECT arg_max(g.run_id, g.loaded_at) FROM audit.source_files AS g WHERE g.source = src)
);

-- ---------------------------------------------------------------------------------------------
-- Relative-likelihood rows of the long table (§13.1) from a cells table with the columns
-- org_code, period_end, subgroup, sort_order, status_override (NULL, or a status that replaces the
-- computation, e.g. NO_DATA / INSUFFICIENT_HISTORY), white_events, white_population, bme_events,
-- bme_population, unknown_count, source_extract_ids. focus = 'WHITE' (indicators 2, 4) or 'BME' (3).
-- white_value / bme_value are the group rates as fractions. A row with a status override has no
-- value, rates or counts (they would be partial).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_rl_rows(cells, ind, focus, non_adverse_low, non_adverse_high, small_numbers, z,
                                     suppress_below, method_version) AS TABLE
WITH rl AS (
    SELECT c.*,
           wres_relative_likelihood(
               CASE WHEN focus = 'WHITE' THEN white_events ELSE bme_events END,
               CASE WHEN focus = 'WHITE' THEN white_population ELSE bme_population END,
               CASE WHEN focus = 'WHITE' THEN bme_events ELSE white_events END,
               CASE WHEN focus = 'WHITE' THEN bme_population ELSE white_population END,
               non_adverse_low, non_adverse_high, small_numbers, z) AS r
    FROM query_table(cells) AS c
)
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    period_end,
    ind AS indicator,
    subgroup,
    'relative_likelihood' AS measure,
    CASE WHEN status_override IS NULL THEN r.value END AS value,
    CAST(NULL AS DOUBLE) AS numerator,
    CAST(NULL AS DOUBLE) AS denominator,
    CASE WHEN status_override IS NULL THEN wres_rate(white_events, white_population) END AS white_value,
    CASE WHEN status_override IS NULL THEN wres_rate(bme_events, bme_population) END AS bme_value,
    CAST(NULL AS DOUBLE) AS unknown_value,
    CASE WHEN status_override IS NULL THEN CAST(unknown_count AS BIGINT) END AS unknown_count,
    coalesce(status_override, r.status) AS status,
    status_override IS NULL AND r.small_numbers_flag AS small_numbers_flag,
    status_override IS NULL AND (wres_small_cell(white_events, suppress_below) OR wres_small_cell(bme_events, suppress_below)
        OR wres_small_cell(white_population, suppress_below) OR wres_small_cell(bme_population, suppress_below))
        AS suppressed_for_publication,
    method_version AS method_version,  -- a bare macro parameter would be named after its value
    source_extract_ids,
    CASE WHEN status_override IS NULL THEN CAST(white_events AS BIGINT) END AS white_events,
    CASE WHEN status_override IS NULL THEN CAST(white_population AS BIGINT) END AS white_population,
    CASE WHEN status_override IS NULL THEN CAST(bme_events AS BIGINT) END AS bme_events,
    CASE WHEN status_override IS NULL THEN CAST(bme_population AS BIGINT) END AS bme_population,
    CASE WHEN status_override IS NULL THEN r.ci_lower END AS ci_lower,
    CASE WHEN status_override IS NULL THEN r.ci_upper END AS ci_upper,
    CASE WHEN status_override IS NULL THEN r.range_class END AS range_class,
    sort_order
FROM rl;

-- ---------------------------------------------------------------------------------------------
-- People with an event in each period against the headcount at its end (indicators 3 and 4).
-- `events` names a table with org_code, person_id, event_date, is_matched (person found in ESR);
-- `src` is the intermediate.wres_period coverage source, `inbox_source` the audit source name.
-- A person counts once per period, with the ethnicity of their first event in it
-- (intermediate.wres_person_ethnicity); unmatched records are left out of the ratio and reported
-- through n_records / n_matched (coverage). Populations = staging.workforce_snapshot at period end.
-- Rows: every period the source covers, and every WRES year (supported = FALSE when not covered).
-- ---------------------------------------------------------------------------------------------
-- (Tables are named through query_table() so the macro binds when called: at bootstrap the
-- intermediate tables do not exist yet.)
CREATE OR REPLACE MACRO wres_person_event_cells(events, src, inbox_source,
                                                period_table := 'intermediate.wres_period',
                                                ethnicity_table := 'intermediate.wres_person_ethnicity',
                                                workforce_table := 'staging.workforce_snapshot',
                                                population_only := TRUE) AS TABLE
WITH event_rows AS (
    SELECT org_code, person_id, CAST(event_date AS DATE) AS event_date, is_matched FROM query_table(events)
),
periods AS (
    SELECT *, list_contains(covered_sources, src) AS supported
    FROM query_table(period_table)
    WHERE list_contains(covered_sources, src) OR period_type = 'wres_year'
),
in_period AS (
    SELECT p.org_code, p.period_end, e.person_id, e.event_date,
           coalesce(e.is_matched, FALSE) AND e.person_id IS NOT NULL AS is_matched
    FROM periods AS p
    JOIN event_rows AS e ON e.org_code = p.org_code AND e.event_date BETWEEN p.period_start AND p.period_end
    WHERE p.supported
),
in_population AS (  -- the people of the denominator: in the WRES population (workforce_table: counted
    -- staff, not bank-only, agency, honorary or non-executives) at a quarter end of the period or at its start
    SELECT DISTINCT p.org_code, p.period_end, w.person_id
    FROM periods AS p
    JOIN query_table(workforce_table) AS w
      ON w.org_code = p.org_code AND w.snapshot_date BETWEEN CAST(p.period_start - INTERVAL 1 DAY AS DATE) AND p.period_end
),
people AS (  -- events count only of people in the population they are divided by (methods.events_of_population_only)
    SELECT pp.org_code, pp.period_end, pp.person_id, coalesce(pe.ethnic_group, 'UNKNOWN') AS ethnic_group
    FROM (SELECT org_code, period_end, person_id, min(event_date) AS first_event
          FROM in_period WHERE is_matched GROUP BY ALL) AS pp
    LEFT JOIN query_table(ethnicity_table) AS pe
      ON pe.org_code = pp.org_code AND pe.person_id = pp.person_id
     AND pp.first_event BETWEEN pe.valid_from AND pe.valid_to
    WHERE NOT population_only
       OR (pp.org_code, pp.period_end, pp.person_id) IN (SELECT (org_code, period_end, person_id) FROM in_population)
),
event_counts AS (
    SELECT org_code, period_end,
           count(*) FILTER (WHERE ethnic_group = 'WHITE') AS white_events,
           count(*) FILTER (WHERE ethnic_group = 'BME') AS bme_events,
           count(*) FILTER (WHERE ethnic_group = 'UNKNOWN') AS unknown_count
    FROM people GROUP BY ALL
),
records AS (
    SELECT org_code, period_end, count(*) AS n_records, count(*) FILTER (WHERE is_matched) AS n_matched
    FROM in_period GROUP BY ALL
),
headcount AS (
    SELECT org_code, snapshot_date AS period_end,
           count(*) FILTER (WHERE ethnic_group = 'WHITE') AS white_population,
           count(*) FILTER (WHERE ethnic_group = 'BME') AS bme_population,
           string_agg(DISTINCT source_file_id, ';' ORDER BY source_file_id) AS workforce_ids
    FROM query_table(workforce_table) GROUP BY ALL
)
SELECT
    p.org_code, p.period_type, p.period_end, p.supported,
    coalesce(e.white_events, 0) AS white_events,
    coalesce(h.white_population, 0) AS white_population,
    coalesce(e.bme_events, 0) AS bme_events,
    coalesce(h.bme_population, 0) AS bme_population,
    coalesce(e.unknown_count, 0) AS unknown_count,
    coalesce(r.n_records, 0) AS n_records,
    coalesce(r.n_matched, 0) AS n_matched,
    nullif(concat_ws(';', wres_source_ids(inbox_source, p.org_code), h.workforce_ids), '') AS source_extract_ids
FROM periods AS p
LEFT JOIN event_counts AS e USING (org_code, period_end)
LEFT JOIN records AS r USING (org_code, period_end)
LEFT JOIN headcount AS h USING (org_code, period_end);

-- Data-quality row (§4 [D]): the share (fraction) of qualifying records matched to an ESR person,
-- from a wres_person_event_cells table; status NO_DATA when the source does not cover the period.
CREATE OR REPLACE MACRO wres_coverage_rows(cells, ind, method_version) AS TABLE
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    period_type,
    period_end,
    ind AS indicator,
    'all' AS subgroup,
    'coverage' AS measure,
    CASE WHEN supported THEN CAST(n_matched AS DOUBLE) / nullif(n_records, 0) END AS value,
    CASE WHEN supported THEN CAST(n_matched AS DOUBLE) END AS numerator,
    CASE WHEN supported THEN CAST(n_records AS DOUBLE) END AS denominator,
    CASE WHEN NOT supported THEN 'NO_DATA' WHEN n_records = 0 THEN 'NO_EVENTS' ELSE 'OK' END AS status,
    FALSE AS small_numbers_flag,
    FALSE AS suppressed_for_publication,
    method_version AS method_version,  -- a bare macro parameter would be named after its value
    source_extract_ids,
    900 AS sort_order
FROM query_table(cells);

-- ---------------------------------------------------------------------------------------------
-- Staff-survey indicator rows (§5-8, §13.1) for one indicator: from the respondent-level aggregates
-- (staging.survey_aggregate, breakdown 'all', items per ref.survey_question_map) when the
-- organisation has them for that survey year, else from the published workbook values
-- (staging.survey_published). Report year = survey year + lag. Base = answered - "Don't know",
-- except indicator 7 when dont_know_in_base. A group with fewer than min_responses answers has no
-- percentage (status SUPPRESSED_LT11). value = BME %, white_value = White %, numerator / denominator
-- = BME positive / BME base, unknown_count = Unknown respondents. method_version gains
-- ';survey_source=aggregate|published' and, for aggregate values, ';survey_map=<map_version>' (a name
-- ending _unverified: numbering not checked against that year's questionnaire). Every WRES year of intermediate.wres_period has a row
-- (status NO_DATA when neither source has the indicator).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_survey_rows(ind, min_responses, dont_know_in_base, lag_years, method_version,
                                         aggregate_table := 'staging.survey_aggregate',
                                         published_table := 'staging.survey_published',
                                         question_map_table := 'ref.survey_question_map',
                                         period_table := 'intermediate.wres_period') AS TABLE
WITH agg AS (
    SELECT a.org_code, a.survey_year,
           sum(a.n_respondents_answered - CASE WHEN ind = 7 AND dont_know_in_base THEN 0
                                               ELSE coalesce(a.n_dont_know, 0) END)
               FILTER (WHERE a.ethnic_group = 'WHITE') AS white_base,
           sum(a.n_positive) FILTER (WHERE a.ethnic_group = 'WHITE') AS white_positive,
           sum(a.n_respondents_answered - CASE WHEN ind = 7 AND dont_know_in_base THEN 0
                                               ELSE coalesce(a.n_dont_know, 0) END)
               FILTER (WHERE a.ethnic_group = 'BME') AS bme_base,
           sum(a.n_positive) FILTER (WHERE a.ethnic_group = 'BME') AS bme_positive,
           sum(a.n_respondents_answered) FILTER (WHERE a.ethnic_group = 'UNKNOWN') AS unknown_count,
           string_agg(DISTINCT m.map_version, '+' ORDER BY m.map_version) AS map_version
    FROM query_table(aggregate_table) AS a
    JOIN query_table(question_map_table) AS m
      ON a.survey_year BETWEEN m.survey_year_from AND m.survey_year_to AND m.indicator = ind AND lower(a.item) = m.item
    WHERE coalesce(a.breakdown_type, 'all') = 'all'
    GROUP BY ALL
),
pub AS (
    SELECT org_code, survey_year,
           max(percent) FILTER (WHERE ethnic_group = 'WHITE') AS white_percent,
           max(n_responses) FILTER (WHERE ethnic_group = 'WHITE') AS white_base,
           bool_or(is_suppressed) FILTER (WHERE ethnic_group = 'WHITE') AS white_suppressed,
           max(percent) FILTER (WHERE ethnic_group = 'BME') AS bme_percent,
           max(n_responses) FILTER (WHERE ethnic_group = 'BME') AS bme_base,
           bool_or(is_suppressed) FILTER (WHERE ethnic_group = 'BME') AS bme_suppressed,
           max(n_responses) FILTER (WHERE ethnic_group = 'UNKNOWN') AS unknown_count
    FROM query_table(published_table)
    WHERE indicator = ind
    GROUP BY ALL
),
keys AS (
    SELECT org_code, survey_year FROM agg
    UNION SELECT org_code, survey_year FROM pub
    UNION SELECT org_code, report_year - lag_years FROM query_table(period_table) WHERE period_type = 'wres_year'
),
combined AS (
    SELECT k.org_code, k.survey_year,
           CASE WHEN a.org_code IS NOT NULL THEN 'aggregate' WHEN p.org_code IS NOT NULL THEN 'published' END AS source,
           a.map_version,
           CASE WHEN a.org_code IS NOT NULL THEN wres_survey_percent(a.white_positive, a.white_base, min_responses)
                WHEN NOT coalesce(p.white_suppressed, FALSE) AND coalesce(p.white_base >= min_responses, TRUE)
                    THEN p.white_percent END AS white_value,
           CASE WHEN a.org_code IS NOT NULL THEN wres_survey_percent(a.bme_positive, a.bme_base, min_responses)
                WHEN NOT coalesce(p.bme_suppressed, FALSE) AND coalesce(p.bme_base >= min_responses, TRUE)
                    THEN p.bme_percent END AS bme_value,
           CASE WHEN a.org_code IS NOT NULL THEN a.bme_positive END AS bme_positive,
           coalesce(a.bme_base, p.bme_base) AS bme_base,
           coalesce(a.white_base, p.white_base) AS white_base,
           CASE WHEN a.org_code IS NOT NULL THEN a.unknown_count ELSE p.unknown_count END AS unknown_count,
           CASE WHEN a.org_code IS NOT NULL THEN coalesce(a.white_base, 0) < min_responses
                ELSE coalesce(p.white_suppressed, FALSE) OR coalesce(p.white_base < min_responses, p.white_percent IS NULL)
           END AS white_lt11,
           CASE WHEN a.org_code IS NOT NULL THEN coalesce(a.bme_base, 0) < min_responses
                ELSE coalesce(p.bme_suppressed, FALSE) OR coalesce(p.bme_base < min_responses, p.bme_percent IS NULL)
           END AS bme_lt11
    FROM keys AS k
    LEFT JOIN agg AS a USING (org_code, survey_year)
    LEFT JOIN pub AS p USING (org_code, survey_year)
)
SELECT
    org_code,
    CAST(survey_year + lag_years AS BIGINT) AS report_year,
    'wres_year' AS period_type,
    make_date(CAST(survey_year + lag_years AS INTEGER), 3, 31) AS period_end,
    ind AS indicator,
    'all' AS subgroup,
    'percent' AS measure,
    bme_value AS value,
    CAST(CASE WHEN NOT bme_lt11 THEN bme_positive END AS DOUBLE) AS numerator,
    CAST(bme_base AS DOUBLE) AS denominator,
    white_value,
    bme_value,
    CAST(NULL AS DOUBLE) AS unknown_value,
    CAST(unknown_count AS BIGINT) AS unknown_count,
    CASE WHEN source IS NULL THEN 'NO_DATA' WHEN white_lt11 OR bme_lt11 THEN 'SUPPRESSED_LT11' ELSE 'OK' END AS status,
    source IS NOT NULL AND (white_lt11 OR bme_lt11) AS small_numbers_flag,
    source IS NOT NULL AND (white_lt11 OR bme_lt11) AS suppressed_for_publication,
    method_version || coalesce(';survey_source=' || source, '') || coalesce(';survey_map=' || map_version, '')
        AS method_version,
    wres_source_ids('staff_survey', org_code) AS source_extract_ids,
    10 AS sort_order
FROM combined;
