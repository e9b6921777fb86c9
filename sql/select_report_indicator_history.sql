-- The WRES report (wres_pipeline/report.py): indicator history.
SELECT report_year, indicator, breakdown, white_value, bme_value, headline_value, workforce_bme_pct FROM marts.wres_summary WHERE org_code = $org_code AND report_year <= $year ORDER BY 1;
