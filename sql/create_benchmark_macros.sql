-- Ranking shared by marts.benchmark_indicator and marts.benchmark_rdr. TEMP macros: these files run
-- in the build database and again in the published copy (wres_pipeline/disclosure.py), where the
-- benchmark is re-ranked on the published, disclosure-controlled values; nothing is left behind there.

-- Sort key of a value, smaller = more favourable: 'lower', 'higher', 'closer_to_1' (a ratio: distance
-- on the log scale, so 0.5 and 2.0 are equally far from parity; 0 is furthest), 'closer_to_workforce'
-- (|gap to the workforce BME share|, given as distance), NULL (descriptive: highest value first).
CREATE OR REPLACE TEMP MACRO wres_benchmark_sort_key(better_when, value, distance) AS
    CASE WHEN value IS NULL THEN NULL
         WHEN better_when = 'lower' THEN value
         WHEN better_when = 'higher' THEN -value
         WHEN better_when = 'closer_to_1' THEN CASE WHEN value > 0 THEN abs(ln(value)) ELSE 'infinity'::DOUBLE END
         WHEN better_when = 'closer_to_workforce' THEN abs(distance)
         ELSE -value END;

-- Each row of the table named by benchmark_values (org_code, report_year, metric STRUCT, value,
-- better_when, sort_key) three times: against the organisation's ICS, its region and the nation.
-- peer_count = organisations of the group with a value; peer_value = their median (or mean); gap =
-- value - peer_value; rank 1 = most favourable (ties share a rank); quartile 1 = the most favourable
-- quarter: 1 + floor(4 (rank - 1) / peer_count). An organisation missing from ref.organisation, or a
-- row without a value, is not ranked in that group (and adds nothing to its figure).
CREATE OR REPLACE TEMP MACRO wres_benchmark(benchmark_values, peer_figure, national_code) AS TABLE
WITH scoped AS (
    SELECT v.*, o.org_name, o.ics_code, o.region_code, s.scope, s.scope_code, s.scope_order
    FROM query_table(benchmark_values) AS v
    LEFT JOIN ref.organisation AS o USING (org_code)
    CROSS JOIN LATERAL (VALUES ('ics', o.ics_code, 1), ('region', o.region_code, 2),
                               ('national', national_code, 3)) AS s(scope, scope_code, scope_order)
),
ranked AS (
    SELECT *,
           sort_key IS NOT NULL AND scope_code IS NOT NULL AS is_ranked,
           count(sort_key) OVER w AS n_valued,
           CASE WHEN peer_figure = 'mean' THEN avg(value) FILTER (WHERE sort_key IS NOT NULL) OVER w
                ELSE median(value) FILTER (WHERE sort_key IS NOT NULL) OVER w END AS group_value,
           rank() OVER (w ORDER BY sort_key ASC NULLS LAST) AS rank_all
    FROM scoped
    WINDOW w AS (PARTITION BY scope, scope_code, report_year, metric)
)
SELECT org_code, org_name, ics_code, region_code, report_year, metric, value, better_when,
       scope, scope_code, scope_order,
       CASE WHEN scope_code IS NOT NULL THEN n_valued ELSE 0 END AS peer_count,
       CASE WHEN scope_code IS NOT NULL THEN group_value END AS peer_value,
       CASE WHEN is_ranked THEN value - group_value END AS gap,
       CASE WHEN is_ranked THEN rank_all END AS rank,
       CASE WHEN is_ranked THEN CAST(1 + floor(4 * (rank_all - 1) / n_valued) AS INTEGER) END AS quartile
FROM ranked;
