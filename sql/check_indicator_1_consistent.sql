-- Indicator 1 rows whose White + BME + Unknown shares do not make 100 %, or whose category totals
-- do not add up to the overall workforce (must be none).
WITH pct AS (
    SELECT org_code, report_year, period_end, subgroup, 'shares sum to ' || round(white_value + bme_value + unknown_value, 6) AS problem
    FROM intermediate.wres_indicator_1
    WHERE measure = 'percent' AND status = 'OK' AND abs(white_value + bme_value + unknown_value - 100) > 1e-9
),
totals AS (
    SELECT org_code, report_year, period_end,
           sum(value) FILTER (WHERE subgroup IN ('non_clinical:total', 'clinical:total', 'medical:total')) AS parts,
           sum(value) FILTER (WHERE subgroup = 'overall:total') AS overall
    FROM intermediate.wres_indicator_1 WHERE measure = 'headcount' GROUP BY ALL
)
SELECT * FROM pct
UNION ALL
SELECT org_code, report_year, period_end, 'overall:total', 'categories sum to ' || parts || ' but overall is ' || overall
FROM totals WHERE parts <> overall;
