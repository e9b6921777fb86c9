-- marts.progression: the people promoted / acting up are part of their population (group by group);
-- every row has White + BME + Unknown = total.
SELECT org_code, period_end, measure, breakdown_value, 'events exceed the population' AS problem
FROM marts.progression
WHERE measure IN ('promotion', 'acting_up')
  AND (n_white > population_white OR n_bme > population_bme OR n_unknown > population_unknown)
UNION ALL
SELECT org_code, period_end, measure, breakdown_value, 'white + bme + unknown <> total'
FROM marts.progression
WHERE n_white + n_bme + n_unknown <> n_total OR population_white + population_bme + population_unknown <> population_total;
