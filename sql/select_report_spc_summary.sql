-- The WRES report (wres_pipeline/report.py): spc summary.
SELECT family, label, any_value(chart_type) AS chart_type, count(*) AS n_points,
       arg_max(variation, period_end) AS latest_variation,
       count(*) FILTER (WHERE variation = 'special_cause_improvement') AS improvement_points,
       count(*) FILTER (WHERE variation = 'special_cause_concern') AS concern_points
FROM marts.spc_points GROUP BY family, series_key, label ORDER BY family, series_key;
