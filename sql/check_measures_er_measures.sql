-- marts.er_measures: an outcome row is a subset of its measure's 'all' row (group by group), so its
-- rates are at most 1; every row has White + BME + Unknown = total.
SELECT org_code, period_end, breakdown_value, measure, outcome, 'outcome exceeds the people of its measure' AS problem
FROM marts.er_measures
WHERE outcome <> 'all'
  AND (n_white > population_white OR n_bme > population_bme OR n_unknown > population_unknown
       OR population_total IS NULL)
UNION ALL
SELECT org_code, period_end, breakdown_value, measure, outcome, 'white + bme + unknown <> total'
FROM marts.er_measures
WHERE n_white + n_bme + n_unknown <> n_total;
