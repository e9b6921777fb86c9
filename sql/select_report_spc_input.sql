-- The WRES report (wres_pipeline/report.py spc_as_at): the published SPC points of an organisation up to 31 March
-- of the report year, as the input of sql/create_marts_spc_points.sql (the columns of intermediate.spc_input).
SELECT org_code, family, series_key, label, breakdown, unit, chart_type, better, period_end, value, events, n
FROM marts.spc_points
WHERE org_code = $org_code AND value IS NOT NULL AND period_end <= make_date($year, 3, 31);
