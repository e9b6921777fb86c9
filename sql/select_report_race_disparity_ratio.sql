-- The WRES report (wres_pipeline/report.py): race disparity ratio.
SELECT staff_scope, pair, value, status FROM marts.race_disparity_ratio
WHERE org_code = $org_code AND period_end = make_date($year, 3, 31) AND is_selected_form AND value IS NOT NULL
  AND NOT coalesce(suppressed_for_publication, FALSE) ORDER BY staff_scope, pair;
