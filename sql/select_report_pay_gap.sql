-- The WRES report (wres_pipeline/report.py): pay gap.
SELECT breakdown_type, breakdown_value, mean_gap_pct, median_gap_pct, status FROM marts.ethnicity_pay_gap
WHERE org_code = $org_code AND report_year = $year AND measure = 'hourly_pay' AND mean_gap_pct IS NOT NULL
  AND NOT coalesce(suppressed_for_publication, FALSE) ORDER BY breakdown_type, breakdown_value;
