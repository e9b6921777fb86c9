-- The WRES report (wres_pipeline/report.py): the report years of an organisation with a published summary.
SELECT DISTINCT report_year FROM marts.wres_summary WHERE org_code = $org_code ORDER BY 1;
