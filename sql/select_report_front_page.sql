-- The WRES report (wres_pipeline/report.py): front page.
SELECT s.*, r.ci_lower, r.ci_upper, r.range_class, r.white_value_suppression, r.bme_value_suppression,
       r.value_suppression
FROM marts.wres_summary AS s
LEFT JOIN marts.wres_indicator_result AS r
  ON r.org_code = s.org_code AND r.report_year = s.report_year AND r.period_type = 'wres_year'
 AND r.indicator = s.indicator AND r.subgroup = s.breakdown AND r.measure = s.measure
WHERE s.org_code = $org_code AND s.report_year = $year ORDER BY s.indicator, s.breakdown;
