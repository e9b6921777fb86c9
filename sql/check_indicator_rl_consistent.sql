-- Relative-likelihood rows (indicators 2-4) whose numbers disagree with their own counts (must be
-- none): value <> focus rate / reference rate, White / BME rates <> events / population, no range
-- class on a value, or a CI that does not contain the value.
SELECT org_code, report_year, period_end, indicator, subgroup, value, status, range_class, ci_lower, ci_upper
FROM marts.wres_indicator_result
WHERE measure = 'relative_likelihood'
  AND status IN ('OK', 'FOCUS_ZERO')
  AND (
      abs(value - CASE WHEN indicator = 3 THEN bme_value / white_value ELSE white_value / bme_value END) > 1e-9
      OR abs(white_value - white_events / white_population) > 1e-12
      OR abs(bme_value - bme_events / bme_population) > 1e-12
      OR range_class IS NULL
      OR (status = 'OK' AND NOT value BETWEEN ci_lower AND ci_upper)
  );
