-- Shared logic of the measures marts (issue 7; sql/create_marts_*.sql), run on every connection after
-- sql/create_indicator_macros.sql (whose relative-likelihood macro every measure RL goes through).
-- Thresholds are arguments, never literals: callers pass the $parameters of wres_pipeline/config.py.

-- ---------------------------------------------------------------------------------------------
-- THE count pattern: White / BME / Unknown counts and percentages per group.
-- `members` names a table with one row per counted unit (person, application, team member) and an
-- ethnic_group column ('WHITE' / 'BME' / 'UNKNOWN'); every other column is a grouping key (org_code,
-- period_end, breakdown_type, breakdown_value, ...). A row whose ethnic_group is NULL counts nobody:
-- it only makes its group exist, so callers add such rows to show a zero group. Percentages are 0-100
-- of n_total (Unknown stays in the denominator, wres-indicators.md §0.2, as indicator 1), NULL when the
-- group is empty. suppressed_for_publication: any count of 1 .. suppress_below - 1 (§12).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_ethnic_counts(members, suppress_below) AS TABLE
SELECT
    *,
    100.0 * n_white / nullif(n_total, 0) AS pct_white,
    100.0 * n_bme / nullif(n_total, 0) AS pct_bme,
    100.0 * n_unknown / nullif(n_total, 0) AS pct_unknown,
    wres_small_cell(n_white, suppress_below) OR wres_small_cell(n_bme, suppress_below)
        OR wres_small_cell(n_unknown, suppress_below) OR wres_small_cell(n_total, suppress_below)
        AS suppressed_for_publication
FROM (
    SELECT
        COLUMNS(c -> c <> 'ethnic_group'),
        count(*) FILTER (WHERE ethnic_group = 'WHITE') AS n_white,
        count(*) FILTER (WHERE ethnic_group = 'BME') AS n_bme,
        count(*) FILTER (WHERE ethnic_group = 'UNKNOWN') AS n_unknown,
        count(ethnic_group) AS n_total
    FROM query_table(members)
    GROUP BY ALL
);

-- ---------------------------------------------------------------------------------------------
-- Relative-likelihood columns of a measure row (wres-indicators.md §0.3), always through the shared
-- wres_relative_likelihood macro: group rates (fractions), RL = rate(focus) / rate(reference), status,
-- 95 % CI, range class and small-numbers flag. focus = 'WHITE' (White / BME) or 'BME' (BME / White).
-- Use as SELECT ..., unnest(wres_measure_rl(...)) to get the flat columns rate_white, rate_bme,
-- rl_focus, relative_likelihood, rl_status, rl_ci_lower, rl_ci_upper, rl_range_class,
-- rl_small_numbers_flag. Where a group has more events than population (the RDR ratio form; events of
-- people no longer in the headcount; a fractional average headcount) the CI is left out.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_measure_rl_flat(focus, white_events, white_population, bme_events, bme_population, rl) AS
    -- rl bound once, as in wres_relative_likelihood: it is named six times below
    list_transform([rl], lambda r: {
        'rate_white': wres_rate(white_events, white_population),
        'rate_bme': wres_rate(bme_events, bme_population),
        'rl_focus': focus,
        'relative_likelihood': r.value,
        'rl_status': r.status,
        'rl_ci_lower': r.ci_lower,
        'rl_ci_upper': r.ci_upper,
        'rl_range_class': r.range_class,
        'rl_small_numbers_flag': r.small_numbers_flag})[1];

CREATE OR REPLACE MACRO wres_measure_rl_of(focus_events, focus_population, reference_events, reference_population,
                                           non_adverse_low, non_adverse_high, small_numbers, z) AS
    list_transform([{'a': focus_events, 'n_a': focus_population, 'b': reference_events, 'n_b': reference_population}],
                   lambda x:  -- the counts bound once, as in wres_relative_likelihood
    CASE WHEN coalesce(x.a <= x.n_a, TRUE) AND coalesce(x.b <= x.n_b, TRUE)
         THEN wres_relative_likelihood(x.a, x.n_a, x.b, x.n_b, non_adverse_low, non_adverse_high, small_numbers, z)
         -- more events than population (a ratio form, people no longer in the headcount, a fractional
         -- average headcount): the same value, status and class from the macro's parts, but no CI (its
         -- standard error sqrt(1/a - 1/n_a + 1/b - 1/n_b) is undefined there)
         ELSE {'value': wres_rl_value(x.a, x.n_a, x.b, x.n_b),
               'status': wres_rl_status(x.a, x.n_a, x.b, x.n_b),
               'ci_lower': CAST(NULL AS DOUBLE), 'ci_upper': CAST(NULL AS DOUBLE),
               'range_class': wres_range_class(wres_rl_value(x.a, x.n_a, x.b, x.n_b), non_adverse_low, non_adverse_high),
               'small_numbers_flag': coalesce(x.a, 0) < small_numbers OR coalesce(x.b, 0) < small_numbers}
    END)[1];

CREATE OR REPLACE MACRO wres_measure_rl(focus, white_events, white_population, bme_events, bme_population,
                                        non_adverse_low, non_adverse_high, small_numbers, z) AS
    wres_measure_rl_flat(focus, white_events, white_population, bme_events, bme_population,
        wres_measure_rl_of(
            CASE WHEN focus = 'WHITE' THEN white_events ELSE bme_events END,
            CASE WHEN focus = 'WHITE' THEN white_population ELSE bme_population END,
            CASE WHEN focus = 'WHITE' THEN bme_events ELSE white_events END,
            CASE WHEN focus = 'WHITE' THEN bme_population ELSE white_population END,
            non_adverse_low, non_adverse_high, small_numbers, z));

-- ---------------------------------------------------------------------------------------------
-- Breakdowns, codes and arithmetic
-- ---------------------------------------------------------------------------------------------
-- A breakdown value as published: the text, or '(not recorded)' when missing.
CREATE OR REPLACE MACRO wres_breakdown_value(x) AS coalesce(nullif(trim(CAST(x AS VARCHAR)), ''), '(not recorded)');

-- Band code as in indicator 1 subgroups: 'BAND_8A' -> 'band_8a', 'VSM' -> 'vsm'.
CREATE OR REPLACE MACRO wres_band_label(band) AS lower(coalesce(band, 'UNKNOWN'));

-- Rank of an Agenda for Change band (under band 1 = 0 .. band 9 = 12); NULL for anything that is not
-- an AfC band (VSM, MEDICAL, NON_AFC_OTHER, UNKNOWN), so a move to or from those is never a promotion.
CREATE OR REPLACE MACRO wres_afc_band_rank(band) AS
    list_position(['UNDER_BAND_1', 'BAND_1', 'BAND_2', 'BAND_3', 'BAND_4', 'BAND_5', 'BAND_6', 'BAND_7',
                   'BAND_8A', 'BAND_8B', 'BAND_8C', 'BAND_8D', 'BAND_9'], band) - 1;

-- The code of the first (code, regex) pair whose regex matches x; 'other' when none does; `if_empty`
-- when x is empty. Patterns come from config (measures.er_*).
CREATE OR REPLACE MACRO wres_code_of(x, patterns, if_empty) AS
    CASE WHEN nullif(trim(x), '') IS NULL THEN if_empty
         ELSE coalesce(list_filter(patterns, p -> regexp_matches(x, p[2]))[1][1], 'other') END;

-- ceil(a / b) for integers, b > 0, exactly (integer division truncates toward zero in DuckDB).
CREATE OR REPLACE MACRO wres_ceil_div(a, b) AS
    CASE WHEN a >= 0 THEN (a + b - 1) // b ELSE -((-a) // b) END;

-- Gender as reported in the representation measure: 'female', 'male', or 'other_or_not_stated'.
CREATE OR REPLACE MACRO wres_gender_code(g) AS
    CASE lower(trim(coalesce(g, ''))) WHEN 'female' THEN 'female' WHEN 'f' THEN 'female'
         WHEN 'male' THEN 'male' WHEN 'm' THEN 'male' ELSE 'other_or_not_stated' END;

-- ---------------------------------------------------------------------------------------------
-- The standard person breakdowns of the seed measures ("overall, by bands, by occupational groups,
-- by service teams, by directorates"). `people` names a table with band, staff_group, directorate,
-- service_team and any other columns (ethnic_group, keys); each person row comes out once per
-- breakdown with breakdown_type ('all', 'band', 'staff_group', 'directorate', 'service_team'),
-- breakdown_value, and `directorate` kept for directorate and service-team rows (a service team is
-- named within its directorate), NULL on the others.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_standard_breakdowns(people) AS TABLE
WITH p AS (SELECT * FROM query_table(people))
SELECT * EXCLUDE (band, staff_group, directorate, service_team),
       'all' AS breakdown_type, 'all' AS breakdown_value, CAST(NULL AS VARCHAR) AS directorate FROM p
UNION ALL
SELECT * EXCLUDE (band, staff_group, directorate, service_team),
       'band', wres_band_label(band), NULL FROM p
UNION ALL
SELECT * EXCLUDE (band, staff_group, directorate, service_team),
       'staff_group', wres_breakdown_value(staff_group), NULL FROM p
UNION ALL
SELECT * EXCLUDE (band, staff_group, directorate, service_team),
       'directorate', wres_breakdown_value(directorate), wres_breakdown_value(directorate) FROM p
UNION ALL
SELECT * EXCLUDE (band, staff_group, directorate, service_team),
       'service_team', wres_breakdown_value(service_team), wres_breakdown_value(directorate) FROM p;

-- ---------------------------------------------------------------------------------------------
-- People with an event in each 12-month window, for measures recorded outside ESR (ER cases, OLM).
-- `events` names a table with org_code, person_id, event_date, is_matched (person found in ESR) and
-- any further key columns (measure, outcome, ...); `periods` a table with org_code, period_start,
-- period_end. A person counts once per window and key, on their first event in it, with the ESR
-- ethnicity valid on that date (intermediate.wres_person_ethnicity, as indicators 3 and 4) and the band
-- of their workforce snapshot on or before it (else the first one after; 'not_in_workforce' when they
-- are in no snapshot, e.g. bank-only). Records not matched to ESR are left out (D33).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_event_people(events, periods,
                                          ethnicity_table := 'intermediate.wres_person_ethnicity',
                                          workforce_table := 'staging.workforce_snapshot') AS TABLE
WITH firsts AS (
    SELECT p.period_start, p.period_end, e.* EXCLUDE (event_date, is_matched), min(e.event_date) AS first_event
    FROM query_table(periods) AS p
    JOIN query_table(events) AS e
      ON e.org_code = p.org_code AND CAST(e.event_date AS DATE) BETWEEN p.period_start AND p.period_end
    WHERE coalesce(e.is_matched, FALSE) AND e.person_id IS NOT NULL
    GROUP BY ALL
),
snap AS (SELECT org_code, person_id, snapshot_date, band FROM query_table(workforce_table)),
before AS (
    SELECT f.*, s.band AS band_before
    FROM firsts AS f ASOF LEFT JOIN snap AS s
      ON s.org_code = f.org_code AND s.person_id = f.person_id AND f.first_event >= s.snapshot_date
),
after AS (
    SELECT b.*, s.band AS band_after
    FROM before AS b ASOF LEFT JOIN snap AS s
      ON s.org_code = b.org_code AND s.person_id = b.person_id AND b.first_event <= s.snapshot_date
)
SELECT a.* EXCLUDE (band_before, band_after),
       coalesce(a.band_before, a.band_after, 'NOT_IN_WORKFORCE') AS band,
       coalesce(pe.ethnic_group, 'UNKNOWN') AS ethnic_group
FROM after AS a
LEFT JOIN query_table(ethnicity_table) AS pe
  ON pe.org_code = a.org_code AND pe.person_id = a.person_id AND a.first_event BETWEEN pe.valid_from AND pe.valid_to;

-- ---------------------------------------------------------------------------------------------
-- Team representation flag (wres-indicators.md §11.4) of `bme` BME people out of `base`, against the
-- target share target_num / target_den, compared exactly in integers (no floating point at the
-- boundary: 19 of 100 against 19 % is AT_OR_ABOVE). NO_BME when bme = 0; NO_KNOWN_ETHNICITY when the
-- base is empty (the Unknown-excluded variant of an all-Unknown team).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_share_flag(bme, base, target_num, target_den) AS
    CASE WHEN base = 0 THEN 'NO_KNOWN_ETHNICITY'
         WHEN bme = 0 THEN 'NO_BME'
         WHEN CAST(bme AS HUGEINT) * target_den < CAST(target_num AS HUGEINT) * base THEN 'BELOW_TARGET'
         ELSE 'AT_OR_ABOVE' END;

-- A configured share (decimal text such as '0.19') as the exact integer numerator over 10^9.
CREATE OR REPLACE MACRO wres_share_numerator(share_text) AS
    CAST(CAST(share_text AS DECIMAL(18, 9)) * 1000000000 AS HUGEINT);
CREATE OR REPLACE MACRO wres_share_denominator() AS CAST(1000000000 AS HUGEINT);

-- ---------------------------------------------------------------------------------------------
-- Leaver windows: the 12-month windows to each quarter end that the ESR leavers extracts cover in
-- full (their reporting periods merged where they touch or overlap), per organisation, so a flow
-- measure is never computed on part of a year.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_leaver_windows(leavers_table := 'staging.leavers') AS TABLE
WITH spans AS (  -- each file's declared period, else from 1 April of its first leaver's WRES year to its last one's quarter end
    SELECT org_code,
           coalesce(period_start, make_date(CAST(wres_report_year(min(termination_date)) - 1 AS INTEGER), 4, 1))
               AS period_start,
           coalesce(period_end, wres_quarter_end(max(termination_date))) AS period_end
    FROM query_table(leavers_table)
    WHERE org_code IS NOT NULL
    GROUP BY org_code, source_file_id, period_start, period_end
    HAVING period_start IS NOT NULL OR min(termination_date) IS NOT NULL
),
marked AS (
    SELECT *,
           CASE WHEN period_start <= max(period_end) OVER (
                         PARTITION BY org_code ORDER BY period_start, period_end
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
                THEN 0 ELSE 1 END AS starts_island
    FROM spans
),
islands AS (
    SELECT org_code, min(period_start) AS covered_from, max(period_end) AS covered_to
    FROM (SELECT *, sum(starts_island) OVER (PARTITION BY org_code ORDER BY period_start, period_end) AS island
          FROM marked)
    GROUP BY org_code, island
),
quarter_ends AS (
    SELECT org_code, covered_from, covered_to,
           CAST(last_day(unnest(generate_series(CAST(date_trunc('quarter', covered_from) AS DATE), covered_to,
                                                INTERVAL 3 MONTH)) + INTERVAL 2 MONTH) AS DATE) AS period_end
    FROM islands
)
SELECT DISTINCT org_code, wres_period_start(period_end) AS period_start, period_end
FROM quarter_ends
WHERE wres_period_start(period_end) >= covered_from AND period_end <= covered_to;

-- The people who left in each covered window (counted contract types only, source-extracts §8), one
-- row per person: their primary leaver assignment, else the latest termination, else the lowest
-- assignment number, carrying that row's attributes (band, staff group, directorate, hire date ...).
CREATE OR REPLACE MACRO wres_window_leavers(leavers_table := 'staging.leavers') AS TABLE
SELECT w.period_start, w.period_end, l.* EXCLUDE (period_start, period_end)
FROM wres_leaver_windows(leavers_table := leavers_table) AS w
JOIN query_table(leavers_table) AS l
  ON l.org_code = w.org_code AND l.termination_date BETWEEN w.period_start AND w.period_end
WHERE coalesce(l.is_counted, TRUE) AND l.person_id IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY w.org_code, w.period_end, l.person_id
    ORDER BY l.is_primary DESC NULLS LAST, l.termination_date DESC, l.assignment_number
) = 1;

-- ---------------------------------------------------------------------------------------------
-- Blocking-check helper: the rows of a count mart (built on wres_ethnic_counts, with org_code,
-- period_end, breakdown_type, breakdown_value) that break its arithmetic: White + BME + Unknown must be
-- the total, and each breakdown in `partitions` (each person in exactly one value) must add up to the
-- 'all' row, group by group.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_count_mart_problems(mart, partitions) AS TABLE
WITH t AS (SELECT * FROM query_table(mart)),
totals AS (
    SELECT org_code, period_end, n_white, n_bme, n_unknown, n_total FROM t WHERE breakdown_type = 'all'
),
sums AS (
    SELECT org_code, period_end, breakdown_type,
           sum(n_white) AS n_white, sum(n_bme) AS n_bme, sum(n_unknown) AS n_unknown, sum(n_total) AS n_total
    FROM t WHERE list_contains(partitions, breakdown_type)
    GROUP BY ALL
)
SELECT org_code, period_end, breakdown_type, breakdown_value, 'white + bme + unknown <> total' AS problem
FROM t
WHERE n_white + n_bme + n_unknown <> n_total
UNION ALL
SELECT s.org_code, s.period_end, s.breakdown_type, NULL, 'breakdown does not add up to the all row'
FROM sums AS s LEFT JOIN totals AS a USING (org_code, period_end)
WHERE (s.n_white, s.n_bme, s.n_unknown, s.n_total) IS DISTINCT FROM (a.n_white, a.n_bme, a.n_unknown, a.n_total);


-- ---------------------------------------------------------------------------------------------
-- The dates an action plan is judged at (marts.action_plan_actions, marts.action_plan_status), per
-- organisation: its latest quarter end in marts.wres_indicator_result, or action_plan.as_of when set
-- (is_latest), and 31 March of every earlier WRES year, so that a report of year N judges the plan as it
-- stood on 31 March N.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_action_plan_as_of(fixed_as_of, results := 'marts.wres_indicator_result') AS TABLE
WITH latest AS (
    SELECT org_code, coalesce(CAST(fixed_as_of AS DATE), max(period_end)) AS as_of_date
    FROM query_table(results) GROUP BY org_code
)
SELECT org_code, as_of_date, TRUE AS is_latest FROM latest
UNION
SELECT DISTINCT r.org_code, r.period_end, FALSE
FROM query_table(results) AS r JOIN latest AS l USING (org_code)
WHERE r.period_type = 'wres_year' AND r.period_end < l.as_of_date;
