-- Disclosure check of a publication, run in the build database with the copy about to be published
-- attached as `published` (wres_pipeline/warehouse.py publish, before the rename into place): it tries
-- to recover every cell the publication blanked from the other published cells, and lists each cell
-- that one of the ways below recovers (to its private value: counts to the person, percentages to
-- 0.05 points), and every published count that is itself a small number. Any row stops the publication.
-- No value is listed, only where and how.
--
-- Ways tried (NHS England's WRES publication rule: no count of 1-4 people, nor one that can be
-- worked out from published figures):
--   row        indicator 1: White + BME + Unknown = total of the same row
--   column     indicator 1: the band / grade rows of a category add up to its total, the category
--              totals to the overall workforce (the senior medical manager sub-count takes no part),
--              bands 8a to 9 and VSM to the Model Employer row afc:band_8a_plus
--   percent    indicator 1: a published percentage, numerator, denominator or unknown_count of the
--              same cell (percent x total / 100)
--   board      indicator 9: board BME % - its difference from the workforce = the workforce BME %
--   population indicators 3 (single year) and 4: the White / BME populations are the workforce counts
--   profile    marts.workforce_profile repeats indicator 1's totals ('all', clinical_category rows)
--   small      a published count of 1 .. suppress_below - 1 people (indicators 1-4), a survey base or
--              Unknown count under survey_min_responses
WITH pub AS (SELECT * FROM published.marts.wres_indicator_result),
priv AS (SELECT * FROM marts.wres_indicator_result),
-- every indicator 1-4 cell that the publication blanked: (key, column) with its private value
hidden AS (
    SELECT q.org_code, q.period_type, q.period_end, q.indicator, q.subgroup, q.measure, c.col, c.private_value
    FROM priv AS q
    JOIN pub AS p USING (org_code, period_type, period_end, indicator, subgroup, measure)
    CROSS JOIN unnest([
        {'col': 'value', 'published': p.value, 'private_value': q.value},
        {'col': 'white_value', 'published': p.white_value, 'private_value': q.white_value},
        {'col': 'bme_value', 'published': p.bme_value, 'private_value': q.bme_value},
        {'col': 'unknown_value', 'published': p.unknown_value, 'private_value': q.unknown_value}
    ]) AS t(c)
    WHERE q.indicator = 1 AND c.published IS NULL AND c.private_value IS NOT NULL
),
-- indicator 1 published headcount and percent cells, one row per (key, column)
ind1 AS (
    SELECT p.org_code, p.period_type, p.period_end, p.subgroup, p.measure,
           split_part(p.subgroup, ':', 1) AS category, split_part(p.subgroup, ':', 2) AS row_code,
           c.col, c.v, p.value AS row_total
    FROM pub AS p
    CROSS JOIN unnest([
        {'col': 'value', 'v': p.value}, {'col': 'white_value', 'v': p.white_value},
        {'col': 'bme_value', 'v': p.bme_value}, {'col': 'unknown_value', 'v': p.unknown_value}
    ]) AS t(c)
    WHERE p.indicator = 1 AND p.measure IN ('headcount', 'percent')
),
heads AS (SELECT * FROM ind1 WHERE measure = 'headcount'),
-- groups that add up: (group, member, is_whole) over headcount cells of one column
parts AS (
    SELECT org_code, period_type, period_end, col, category AS grp, subgroup, v, row_code = 'total' AS is_whole
    FROM heads
    WHERE category IN ('non_clinical', 'clinical', 'medical') AND row_code <> 'consultant_senior_medical_manager'
    UNION ALL
    SELECT org_code, period_type, period_end, col, 'overall', subgroup, v, category = 'overall'
    FROM heads WHERE row_code = 'total' AND category <> 'afc'
    UNION ALL  -- the Model Employer headline row adds up bands 8a to 9 and VSM
    SELECT h.org_code, h.period_type, h.period_end, h.col, 'afc:band_8a_plus', h.subgroup, h.v,
           h.subgroup = 'afc:band_8a_plus'
    FROM heads AS h LEFT JOIN ref.indicator_1_row AS r USING (subgroup)
    WHERE r.in_band_8a_plus OR h.subgroup = 'afc:band_8a_plus'
),
sums AS (
    SELECT org_code, period_type, period_end, col, grp,
           count(*) FILTER (WHERE NOT is_whole) AS n_parts,
           count(v) FILTER (WHERE NOT is_whole) AS n_parts_shown,
           sum(v) FILTER (WHERE NOT is_whole) AS parts_sum,
           max(v) FILTER (WHERE is_whole) AS whole
    FROM parts GROUP BY ALL
),
recovered AS (
    -- row: one blanked cell among White, BME, Unknown and total
    SELECT org_code, period_type, period_end, 1 AS indicator, subgroup, 'headcount' AS measure, t.c.col,
           'row: White + BME + Unknown = total' AS way, t.c.v AS recomputed
    FROM pub AS p
    CROSS JOIN unnest([
        {'col': 'value', 'v': p.white_value + p.bme_value + p.unknown_value},
        {'col': 'white_value', 'v': p.value - p.bme_value - p.unknown_value},
        {'col': 'bme_value', 'v': p.value - p.white_value - p.unknown_value},
        {'col': 'unknown_value', 'v': p.value - p.white_value - p.bme_value}
    ]) AS t(c)
    WHERE p.indicator = 1 AND p.measure = 'headcount'
    UNION ALL
    -- column: the whole from its parts, or the one blanked part from the whole and the others
    SELECT m.org_code, m.period_type, m.period_end, 1, m.subgroup, 'headcount', m.col,
           'column: rows of ' || m.grp || ' add up to its total',
           CASE WHEN m.is_whole AND s.n_parts_shown = s.n_parts THEN s.parts_sum
                WHEN NOT m.is_whole AND m.v IS NULL AND s.n_parts_shown = s.n_parts - 1 THEN s.whole - s.parts_sum END
    FROM parts AS m JOIN sums AS s USING (org_code, period_type, period_end, col, grp)
    UNION ALL
    -- percent: the percentage of the same cell times the row total; numerator / denominator / unknown_count
    SELECT h.org_code, h.period_type, h.period_end, 1, h.subgroup, 'headcount', h.col, 'percent of the same cell',
           pc.v * coalesce(h.row_total, pc.denominator) / 100
    FROM heads AS h
    JOIN (SELECT i.*, p.denominator FROM ind1 AS i
          JOIN pub AS p ON p.indicator = 1 AND p.measure = 'percent' AND p.org_code = i.org_code
           AND p.period_type = i.period_type AND p.period_end = i.period_end AND p.subgroup = i.subgroup
          WHERE i.measure = 'percent' AND i.col <> 'value') AS pc USING (org_code, period_type, period_end, subgroup, col)
    UNION ALL
    SELECT org_code, period_type, period_end, 1, subgroup, 'headcount', t.c.col, t.c.way, t.c.v
    FROM pub AS p
    CROSS JOIN unnest([
        {'col': 'bme_value', 'way': 'numerator of the percent row', 'v': CASE WHEN p.measure = 'percent' THEN p.numerator END},
        {'col': 'value', 'way': 'denominator of the percent row', 'v': CASE WHEN p.measure = 'percent' THEN p.denominator END},
        {'col': 'unknown_value', 'way': 'unknown_count', 'v': p.unknown_count}
    ]) AS t(c)
    WHERE p.indicator = 1 AND p.measure IN ('headcount', 'percent')
    UNION ALL
    -- board: the workforce BME % behind indicator 9's difference, and the count it gives
    SELECT b.org_code, b.period_type, b.period_end, 1, 'overall:total', t.c.measure, 'bme_value',
           'board BME % - difference from the workforce (indicator 9 ' || b.subgroup || ')', t.c.v
    FROM pub AS b
    JOIN pub AS o ON o.indicator = 1 AND o.subgroup = 'overall:total' AND o.measure = 'headcount'
     AND o.org_code = b.org_code AND o.period_type = b.period_type AND o.period_end = b.period_end
    CROSS JOIN unnest([
        {'measure': 'percent', 'v': b.bme_value - b.value},
        {'measure': 'headcount', 'v': (b.bme_value - b.value) * o.value / 100}
    ]) AS t(c)
    WHERE b.indicator = 9
    UNION ALL
    -- population: indicators 3 (single year) and 4 divide by the workforce
    SELECT org_code, period_type, period_end, 1, 'overall:total', 'headcount', t.c.col,
           'population of indicator ' || indicator || ' ' || subgroup, t.c.v
    FROM pub AS p
    CROSS JOIN unnest([{'col': 'white_value', 'v': p.white_population}, {'col': 'bme_value', 'v': p.bme_population}]) AS t(c)
    WHERE (indicator = 3 AND subgroup = 'all:single_year') OR indicator = 4
    UNION ALL
    -- profile: marts.workforce_profile repeats the overall and category totals
    SELECT w.org_code, w.period_type, w.period_end, 1,
           CASE WHEN w.breakdown_type = 'all' THEN 'overall:total' ELSE w.breakdown_value || ':total' END,
           'headcount', t.c.col, 'marts.workforce_profile ' || w.breakdown_type || ' ' || w.breakdown_value, t.c.v
    FROM published.marts.workforce_profile AS w
    CROSS JOIN unnest([{'col': 'value', 'v': w.n_total}, {'col': 'white_value', 'v': w.n_white},
                       {'col': 'bme_value', 'v': w.n_bme}, {'col': 'unknown_value', 'v': w.n_unknown}]) AS t(c)
    WHERE w.breakdown_type = 'all' OR w.breakdown_type = 'clinical_category'
),
leaks AS (
    SELECT h.org_code, h.period_end, 'marts.wres_indicator_result' AS table_name,
           'indicator ' || h.indicator || ' ' || h.subgroup || ' ' || h.measure || ' ' || h.col AS cell,
           string_agg(DISTINCT r.way, '; ' ORDER BY r.way) AS recovered_by
    FROM hidden AS h
    JOIN recovered AS r USING (org_code, period_type, period_end, indicator, subgroup, measure, col)
    WHERE r.recomputed IS NOT NULL
      AND abs(r.recomputed - h.private_value) < CASE WHEN h.measure = 'percent' THEN 0.05 ELSE 0.5 END
    GROUP BY ALL
),
small AS (
    SELECT p.org_code, p.period_end, 'marts.wres_indicator_result' AS table_name,
           'indicator ' || p.indicator || ' ' || p.subgroup || ' ' || p.measure || ' ' || t.c.col AS cell,
           'published count below ' || CASE WHEN p.indicator BETWEEN 5 AND 8 THEN $survey_min_responses
                                            ELSE $suppress_below END AS recovered_by
    FROM pub AS p
    CROSS JOIN unnest([
        {'col': 'numerator', 'v': p.numerator, 'survey': FALSE},
        {'col': 'denominator', 'v': p.denominator, 'survey': TRUE},
        {'col': 'unknown_count', 'v': p.unknown_count, 'survey': TRUE},
        {'col': 'white_events', 'v': p.white_events, 'survey': FALSE},
        {'col': 'bme_events', 'v': p.bme_events, 'survey': FALSE},
        {'col': 'white_population', 'v': p.white_population, 'survey': FALSE},
        {'col': 'bme_population', 'v': p.bme_population, 'survey': FALSE},
        {'col': 'headcount', 'v': CASE WHEN p.measure = 'headcount' THEN least(
            nullif(p.white_value, 0), nullif(p.bme_value, 0), nullif(p.unknown_value, 0)) END, 'survey': FALSE}
    ]) AS t(c)
    WHERE p.measure <> 'coverage'
      AND CASE WHEN p.indicator BETWEEN 1 AND 4 THEN c.v BETWEEN 1 AND $suppress_below - 1
               WHEN p.indicator BETWEEN 5 AND 8 THEN c.survey AND c.v BETWEEN 1 AND $survey_min_responses - 1
               ELSE FALSE END
)
SELECT org_code, strftime(period_end, '%d/%m/%Y') AS period, table_name, cell, recovered_by FROM leaks
UNION ALL
SELECT org_code, strftime(period_end, '%d/%m/%Y'), table_name, cell, recovered_by FROM small
ORDER BY ALL;
