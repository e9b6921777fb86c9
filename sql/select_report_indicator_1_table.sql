-- The WRES report (wres_pipeline/report.py): indicator 1 table.
SELECT h.subgroup, h.value, h.white_value, h.bme_value, h.unknown_value,
       h.value_suppression, h.white_value_suppression, h.bme_value_suppression, h.unknown_value_suppression,
       p.white_value AS white_pct, p.bme_value AS bme_pct, p.unknown_value AS unknown_pct,
       p.white_value_suppression AS white_pct_why, p.bme_value_suppression AS bme_pct_why,
       p.unknown_value_suppression AS unknown_pct_why, h.subgroup LIKE '%:total' AS is_total
FROM marts.wres_indicator_result AS h
JOIN marts.wres_indicator_result AS p ON p.org_code = h.org_code AND p.period_type = h.period_type AND p.period_end = h.period_end
 AND p.indicator = 1 AND p.subgroup = h.subgroup AND p.measure = 'percent'
WHERE h.org_code = $org_code AND h.report_year = $year AND h.period_type = 'wres_year' AND h.indicator = 1
  AND h.measure = 'headcount' ORDER BY h.sort_order;
