-- intermediate.spc_input: every quarterly series charted with statistical process control, one row per
-- series and quarter end, from PUBLISHABLE values only (indicator values as disclosure control publishes
-- them, intermediate.wres_indicator_result_publishable; measures rows not suppressed_for_publication), so
-- no SPC centre line or limit rests on a blanked cell. A quarter with no publishable value is left out.
-- Families (better direction from spc.better, else for indicator_1 .. indicator_4 ref.wres_indicator.spc_better):
--   indicator_1       BME % of the whole workforce (proportion: BME / headcount);
--   band_bme_percent  BME % of each indicator 1 row (clinical / non-clinical bands, medical grades, totals);
--   indicator_2..4    relative likelihoods, all staff (indicator 3 on methods.ind3_published), rolling 12 months;
--   team_flags        number of teams per representation flag, organisation and directorate, each basis;
--   rdr               Race Disparity Ratios (the selected form), per staff scope and level pair.
CREATE OR REPLACE TABLE intermediate.spc_input AS
WITH better AS (SELECT b[1] AS family_key, b[2] AS better FROM unnest($spc_better) AS t(b)),
indicator_1 AS (
    SELECT org_code,
           CASE WHEN subgroup = 'overall:total' THEN 'indicator_1' ELSE 'band_bme_percent' END AS family,
           CASE WHEN subgroup = 'overall:total' THEN 'indicator_1' ELSE 'band_bme_percent' END AS family_key,
           'ind1:' || subgroup AS series_key,
           CASE WHEN subgroup = 'overall:total' THEN 'Indicator 1: BME % of the workforce'
                ELSE 'BME % ' || replace(replace(subgroup, ':', ' '), '_', ' ') END AS label,
           subgroup AS breakdown, 'percent' AS unit, period_end,
           bme_value AS value, numerator AS events, denominator AS n
    FROM intermediate.wres_indicator_result_publishable
    WHERE indicator = 1 AND measure = 'percent' AND period_type IN ('wres_year', 'rolling_12m')
      AND bme_value IS NOT NULL AND numerator IS NOT NULL AND denominator > 0
),
relative_likelihoods AS (
    SELECT org_code, 'indicator_' || indicator AS family, 'indicator_' || indicator AS family_key,
           'ind' || indicator || ':' || subgroup AS series_key,
           'Indicator ' || indicator || ': relative likelihood' AS label,
           subgroup AS breakdown, 'ratio' AS unit, period_end, value, NULL::DOUBLE AS events, NULL::DOUBLE AS n
    FROM intermediate.wres_indicator_result_publishable
    WHERE indicator IN (2, 3, 4) AND measure = 'relative_likelihood' AND period_type IN ('wres_year', 'rolling_12m')
      AND subgroup = CASE WHEN indicator = 3 THEN 'all:' || $ind3_published ELSE 'all' END
      AND value IS NOT NULL
),
team_flags AS (
    SELECT org_code, 'team_flags' AS family, 'team_flags:' || flag AS family_key,
           'teams:' || scope || ':' || coalesce(directorate, '') || ':' || flag_basis || ':' || flag AS series_key,
           'Teams ' || replace(lower(flag), '_', ' ') || ' (' || replace(flag_basis, '_', ' ') || ')'
               || coalesce(' - ' || directorate, '') AS label,
           scope || coalesce(':' || directorate, '') AS breakdown, 'count' AS unit, period_end,
           CAST(n_teams AS DOUBLE) AS value, NULL::DOUBLE AS events, NULL::DOUBLE AS n
    FROM marts.team_flag_counts
    WHERE NOT coalesce(suppressed_for_publication, FALSE) AND n_teams IS NOT NULL
),
rdr AS (
    SELECT org_code, 'rdr' AS family, 'rdr' AS family_key,
           'rdr:' || staff_scope || ':' || pair AS series_key,
           'Race Disparity Ratio ' || replace(pair, '_', ' ') || ' (' || replace(staff_scope, '_', ' ') || ')' AS label,
           staff_scope || ':' || pair AS breakdown, 'ratio' AS unit, period_end,
           value, NULL::DOUBLE AS events, NULL::DOUBLE AS n
    FROM marts.race_disparity_ratio
    WHERE is_selected_form AND NOT coalesce(suppressed_for_publication, FALSE) AND value IS NOT NULL
),
series AS (
    SELECT * FROM indicator_1
    UNION ALL BY NAME SELECT * FROM relative_likelihoods
    UNION ALL BY NAME SELECT * FROM team_flags
    UNION ALL BY NAME SELECT * FROM rdr
)
SELECT
    s.org_code, s.family, s.series_key, s.label, s.breakdown, s.unit,
    CASE WHEN s.unit = 'percent' AND $spc_proportion_chart = 'p' THEN 'p' ELSE 'xmr' END AS chart_type,
    coalesce(b.better, i.spc_better, 'neither') AS better,
    s.period_end, CAST(s.value AS DOUBLE) AS value, CAST(s.events AS DOUBLE) AS events, CAST(s.n AS DOUBLE) AS n
FROM series AS s
LEFT JOIN better AS b USING (family_key)
LEFT JOIN ref.wres_indicator AS i ON s.family = 'indicator_' || i.indicator;
