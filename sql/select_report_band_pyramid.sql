-- The WRES report (wres_pipeline/report.py): band pyramid.
SELECT split_part(subgroup, ':', 1) AS category, split_part(subgroup, ':', 2) AS band, sort_order,
       white_value, bme_value, unknown_value,
       coalesce(white_value_suppression, bme_value_suppression, unknown_value_suppression) IS NOT NULL
           AS withheld
FROM marts.wres_indicator_result WHERE org_code = $org_code AND report_year = $year AND period_type = 'wres_year' AND indicator = 1
  AND measure = 'percent' AND split_part(subgroup, ':', 1) IN ('clinical', 'non_clinical')
  AND split_part(subgroup, ':', 2) <> 'total' AND status <> 'EMPTY' ORDER BY sort_order;
