-- marts.race_disparity_ratio: a ratio is positive wherever it is defined (status OK), defined exactly
-- when all four counts are positive, and every scope / pair has both forms with exactly one selected.
SELECT org_code, period_end, staff_scope, pair, form, status, value, 'OK ratio not positive' AS problem
FROM marts.race_disparity_ratio
WHERE status = 'OK' AND NOT (value > 0)
UNION ALL
SELECT org_code, period_end, staff_scope, pair, form, status, value, 'status OK does not match the counts'
FROM marts.race_disparity_ratio
WHERE (status = 'OK') <> (white_from > 0 AND white_to > 0 AND bme_from > 0 AND bme_to > 0)
UNION ALL
SELECT org_code, period_end, staff_scope, pair, NULL, NULL, NULL, 'not both forms / not one selected form'
FROM marts.race_disparity_ratio
GROUP BY org_code, period_end, staff_scope, pair
HAVING count(DISTINCT form) <> 2 OR count(*) FILTER (WHERE is_selected_form) <> 1;
