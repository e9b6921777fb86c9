-- The WRES report (wres_pipeline/report.py): action plan status.
SELECT * FROM marts.action_plan_status WHERE org_code = $org_code AND plan_year = $year AND as_of_date = make_date($year, 3, 31) ORDER BY indicator, row_number;
