-- The WRES report (wres_pipeline/report.py): action plan overdue.
SELECT * FROM marts.action_plan_actions WHERE org_code = $org_code AND plan_year = $year AND is_overdue AND as_of_date = make_date($year, 3, 31) ORDER BY metric_number, row_number;
