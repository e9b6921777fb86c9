-- marts.wres_indicator_result rows that break the §13.1 contract (must be none): a duplicate key,
-- an indicator / subgroup / measure outside the codes, a status outside the documented list, no
-- method_version, or a
-- WRES year of an organisation missing one of the rows that must always be present.
WITH r AS (SELECT * FROM marts.wres_indicator_result),
dup AS (
    SELECT org_code, report_year, period_end, indicator, subgroup, measure, 'duplicate key x' || count(*) AS problem
    FROM r GROUP BY org_code, report_year, period_end, indicator, subgroup, measure HAVING count(*) > 1
),
bad_code AS (
    SELECT org_code, report_year, period_end, indicator, subgroup, measure, 'code outside §13.1' AS problem
    FROM r
    WHERE NOT CASE
        WHEN indicator = 1 THEN measure IN ('headcount', 'percent', 'bme_gap_pp', 'bme_ratio')
                                AND regexp_matches(subgroup, '^(non_clinical|clinical|medical|overall|afc):[a-z0-9_]+$')
        WHEN indicator = 2 THEN subgroup = 'all' AND measure = 'relative_likelihood'
        WHEN indicator = 3 THEN (subgroup IN ('all:single_year', 'all:two_year_pooled') AND measure = 'relative_likelihood')
                                OR (subgroup = 'all' AND measure = 'coverage')
        WHEN indicator = 4 THEN subgroup = 'all' AND measure IN ('relative_likelihood', 'coverage')
        WHEN indicator BETWEEN 5 AND 8 THEN subgroup = 'all' AND measure = 'percent'
        WHEN indicator = 9 THEN subgroup IN ('board:all', 'board:voting', 'board:executive', 'board:non_executive',
                                             'board:non_voting') AND measure = 'percent_difference'
        ELSE FALSE END
       OR period_type NOT IN ('wres_year', 'rolling_12m')
       OR (period_type = 'wres_year') <> (month(period_end) = 3 AND day(period_end) = 31)
),
bad_status AS (
    SELECT org_code, report_year, period_end, indicator, subgroup, measure,
           'status ' || coalesce(status, 'NULL') || ', method_version ' || coalesce(method_version, 'NULL') AS problem
    FROM r
    WHERE method_version IS NULL OR coalesce(status, '') NOT IN ('OK', 'EMPTY', 'NO_DATA', 'NO_POPULATION', 'NO_EVENTS', 'REFERENCE_ZERO',
                                       'FOCUS_ZERO', 'INSUFFICIENT_HISTORY', 'SUPPRESSED_LT11', 'SMALL_DENOMINATOR',
                                       'NO_WORKFORCE')
),
required AS (
    SELECT * FROM (VALUES (2, 'all', 'relative_likelihood'), (3, 'all:single_year', 'relative_likelihood'),
                          (3, 'all:two_year_pooled', 'relative_likelihood'), (4, 'all', 'relative_likelihood'),
                          (5, 'all', 'percent'), (6, 'all', 'percent'), (7, 'all', 'percent'), (8, 'all', 'percent'),
                          (9, 'board:all', 'percent_difference'), (9, 'board:voting', 'percent_difference'),
                          (9, 'board:executive', 'percent_difference'))
        AS q(indicator, subgroup, measure)
),
missing AS (
    SELECT y.org_code, y.report_year, y.period_end, q.indicator, q.subgroup, q.measure, 'required row missing' AS problem
    FROM (SELECT DISTINCT org_code, report_year, period_end FROM r WHERE period_type = 'wres_year') AS y
    CROSS JOIN required AS q
    ANTI JOIN r ON r.org_code = y.org_code AND r.period_end = y.period_end AND r.indicator = q.indicator
               AND r.subgroup = q.subgroup AND r.measure = q.measure
)
SELECT * FROM dup
UNION ALL SELECT * FROM bad_code
UNION ALL SELECT * FROM bad_status
UNION ALL SELECT * FROM missing;
