-- marts.spc_series: one row per SPC series (marts.spc_points): its chart, the centre line and limits
-- (at the latest point; a p-chart's limits vary with the headcount), and the MDC variation icon of its
-- latest point (common cause, special cause improvement / concern / neither).
CREATE OR REPLACE TABLE marts.spc_series AS
SELECT
    org_code, family, series_key,
    any_value(label) AS label, any_value(breakdown) AS breakdown, any_value(unit) AS unit,
    any_value(chart_type) AS chart_type, any_value(better) AS better,
    count(*) AS n_points, min(period_end) AS first_period_end, max(period_end) AS latest_period_end,
    any_value(baseline_points) AS baseline_points, any_value(limits_provisional) AS limits_provisional,
    arg_max(centre, period_end) AS centre, any_value(mr_bar) AS mr_bar,
    arg_max(upper_limit, period_end) AS upper_limit, arg_max(lower_limit, period_end) AS lower_limit,
    arg_max(value, period_end) AS latest_value,
    arg_max(variation, period_end) AS latest_variation,
    count(*) FILTER (WHERE special_cause) AS special_cause_points,
    count(*) FILTER (WHERE variation = 'special_cause_improvement') AS improvement_points,
    count(*) FILTER (WHERE variation = 'special_cause_concern') AS concern_points
FROM marts.spc_points
GROUP BY org_code, family, series_key
ORDER BY org_code, family, series_key;

COMMENT ON TABLE marts.spc_series IS 'One row per SPC series: chart type, centre line and limits, and the Making Data Count variation of its latest point.';
