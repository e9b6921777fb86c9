-- The WRES report (wres_pipeline/report.py): the organisations with a published summary.
SELECT DISTINCT org_code FROM marts.wres_summary ORDER BY 1;
