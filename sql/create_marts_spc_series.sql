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
COMMENT ON COLUMN marts.spc_series.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.spc_series.family IS 'Family of series (as marts.spc_points.family).';
COMMENT ON COLUMN marts.spc_series.series_key IS 'The series (marts.spc_points.series_key); join on org_code, series_key for its points.';
COMMENT ON COLUMN marts.spc_series.label IS 'Chart title in words.';
COMMENT ON COLUMN marts.spc_series.breakdown IS 'What the series is of (as marts.spc_points.breakdown).';
COMMENT ON COLUMN marts.spc_series.unit IS 'percent (0-100), ratio or count.';
COMMENT ON COLUMN marts.spc_series.chart_type IS 'p (p-chart) or xmr (config spc.proportion_chart).';
COMMENT ON COLUMN marts.spc_series.better IS 'higher, lower or neither (config spc.better).';
COMMENT ON COLUMN marts.spc_series.n_points IS 'Quarters charted.';
COMMENT ON COLUMN marts.spc_series.first_period_end IS 'Quarter end of the first point.';
COMMENT ON COLUMN marts.spc_series.latest_period_end IS 'Quarter end of the latest point.';
COMMENT ON COLUMN marts.spc_series.baseline_points IS 'Points the centre and limits are computed over (config spc.baseline_points, else all).';
COMMENT ON COLUMN marts.spc_series.limits_provisional IS 'Fewer points than spc.recommended_points (default 15): limits are indicative.';
COMMENT ON COLUMN marts.spc_series.centre IS 'Centre line at the latest point (NULL with fewer than spc.min_points points).';
COMMENT ON COLUMN marts.spc_series.mr_bar IS 'Mean moving range over the baseline (XmR limits).';
COMMENT ON COLUMN marts.spc_series.upper_limit IS 'Upper process limit at the latest point (a p-chart''s limits vary with each point''s headcount).';
COMMENT ON COLUMN marts.spc_series.lower_limit IS 'Lower process limit at the latest point (never below 0).';
COMMENT ON COLUMN marts.spc_series.latest_value IS 'Value of the latest point, in unit.';
COMMENT ON COLUMN marts.spc_series.latest_variation IS 'Making Data Count variation of the latest point: common_cause, special_cause_improvement, special_cause_concern or special_cause_neither.';
COMMENT ON COLUMN marts.spc_series.special_cause_points IS 'Points of the series flagged by any special-cause rule.';
COMMENT ON COLUMN marts.spc_series.improvement_points IS 'Points labelled special_cause_improvement.';
COMMENT ON COLUMN marts.spc_series.concern_points IS 'Points labelled special_cause_concern.';
