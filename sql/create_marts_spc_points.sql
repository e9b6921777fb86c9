-- marts.spc_points: one row per series and quarter end of intermediate.spc_input, with its SPC chart
-- (NHS England "Making Data Count", MDC):
--   XmR chart: centre = mean of the baseline points, MR = |x(t) - x(t-1)|, MRbar = mean MR of the baseline,
--     limits = centre +/- spc.xmr_limit_constant (2.66) x MRbar, 2-sigma lines at +/- 2/3 of that;
--   p-chart (proportions with their headcount, spc.proportion_chart = 'p'): centre pbar = sum(events) /
--     sum(n) over the baseline, limits pbar +/- 3 sqrt(pbar (1 - pbar) / n(t)) per point (2-sigma: +/- 2),
--     in percent; lower limits are never below 0 (every series is a count, ratio or percentage).
-- The baseline is the first spc.baseline_points points, or all of them. A series with fewer than
-- spc.min_points points gets no centre line, limits or special-cause tests.
-- Special-cause rules (each flagged on the points that make it up):
--   beyond_limits  a point above the upper or below the lower process limit;
--   shift          a run of spc.shift_points (MDC 7) or more consecutive points on the same side of the
--                  centre line (a point on the line ends the run);
--   trend          spc.trend_points (MDC 6) or more consecutive points each higher (lower) than the one
--                  before (an unchanged value ends the trend);
--   two_of_three   two of three consecutive points beyond the same 2-sigma line (flagged on those beyond it).
-- variation: common_cause, or special_cause_improvement / _concern from the direction of the signal
-- (the side of the centre line; the direction of a trend) and the series' better direction;
-- special_cause_neither when the series has none. When a point signals both ways, the side of the
-- centre line of a point beyond the limits wins, then two_of_three, shift, trend.
CREATE OR REPLACE TABLE marts.spc_points AS
WITH numbered AS (
    SELECT i.*,
           row_number() OVER s AS point_no,
           count(*) OVER (PARTITION BY org_code, series_key) AS n_points,
           abs(value - lag(value) OVER s) AS moving_range
    FROM intermediate.spc_input AS i
    WINDOW s AS (PARTITION BY org_code, series_key ORDER BY period_end)
),
baseline AS (
    SELECT org_code, series_key,
           count(*) AS baseline_n,
           avg(value) AS mean_value,
           avg(moving_range) AS mr_bar,
           sum(events) / nullif(sum(n), 0) AS p_bar
    FROM numbered
    WHERE point_no <= coalesce(CAST($spc_baseline_points AS INTEGER), n_points)
    GROUP BY ALL
),
limits AS (
    SELECT
        p.*,
        b.baseline_n,
        b.mr_bar,
        p.n_points >= $spc_min_points AS has_limits,
        CASE WHEN p.chart_type = 'p' THEN 100 * b.p_bar ELSE b.mean_value END AS c,
        CASE WHEN p.chart_type = 'p' THEN 100 * sqrt(b.p_bar * (1 - b.p_bar) / p.n)
             ELSE $spc_xmr_constant * b.mr_bar / 3 END AS s
    FROM numbered AS p JOIN baseline AS b USING (org_code, series_key)
),
zoned AS (
    SELECT
        l.* EXCLUDE (c, s),
        CASE WHEN has_limits THEN c END AS centre,
        CASE WHEN has_limits THEN c + 3 * s END AS upper_limit,
        CASE WHEN has_limits THEN greatest(c - 3 * s, 0) END AS lower_limit,
        CASE WHEN has_limits THEN c + 2 * s END AS upper_2_sigma,
        CASE WHEN has_limits THEN greatest(c - 2 * s, 0) END AS lower_2_sigma,
        CASE WHEN has_limits THEN sign(value - c) END AS side,
        CASE WHEN has_limits AND value > c + 2 * s THEN 1 WHEN has_limits AND value < c - 2 * s THEN -1 ELSE 0 END AS zone,
        sign(value - lag(value) OVER s) AS step
    FROM limits AS l
    WINDOW s AS (PARTITION BY org_code, series_key ORDER BY period_end)
),
islands AS (
    SELECT
        z.*,
        point_no - row_number() OVER (PARTITION BY org_code, series_key, side ORDER BY point_no) AS side_island,
        point_no - row_number() OVER (PARTITION BY org_code, series_key, step ORDER BY point_no) AS step_island,
        sum(CASE WHEN zone = 1 THEN 1 ELSE 0 END) OVER w3 AS high_in_3,
        sum(CASE WHEN zone = -1 THEN 1 ELSE 0 END) OVER w3 AS low_in_3
    FROM zoned AS z
    WINDOW w3 AS (PARTITION BY org_code, series_key ORDER BY point_no ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
),
runs AS (
    SELECT
        i.*,
        count(*) OVER (PARTITION BY org_code, series_key, side, side_island) AS side_run,
        -- steps: a run of k equal non-zero steps covers k + 1 points (from the point before the first step)
        CASE WHEN step <> 0 THEN count(*) OVER (PARTITION BY org_code, series_key, step, step_island) END AS step_run,
        greatest(high_in_3, lead(high_in_3, 1, 0) OVER s, lead(high_in_3, 2, 0) OVER s) AS high_windows,
        greatest(low_in_3, lead(low_in_3, 1, 0) OVER s, lead(low_in_3, 2, 0) OVER s) AS low_windows
    FROM islands AS i
    WINDOW s AS (PARTITION BY org_code, series_key ORDER BY point_no)
),
rules AS (
    SELECT
        r.*,
        has_limits AND (value > upper_limit OR value < lower_limit) AS beyond_limits,
        has_limits AND side <> 0 AND side_run >= $spc_shift_points AS shift,
        has_limits AND (coalesce(step_run >= $spc_trend_points - 1, FALSE)
                        OR coalesce(lead(step_run) OVER s >= $spc_trend_points - 1, FALSE)) AS trend,
        CASE WHEN coalesce(step_run >= $spc_trend_points - 1, FALSE) THEN step
             WHEN coalesce(lead(step_run) OVER s >= $spc_trend_points - 1, FALSE) THEN lead(step) OVER s END AS trend_direction,
        has_limits AND ((zone = 1 AND high_windows >= 2) OR (zone = -1 AND low_windows >= 2)) AS two_of_three
    FROM runs AS r
    WINDOW s AS (PARTITION BY org_code, series_key ORDER BY point_no)
),
signals AS (
    SELECT
        r.*,
        CASE WHEN beyond_limits OR two_of_three OR shift THEN side WHEN trend THEN trend_direction END AS signal_direction
    FROM rules AS r
)
SELECT
    org_code, family, series_key, label, breakdown, unit, chart_type, better,
    period_end, point_no, n_points, value, events, n, moving_range,
    centre, upper_limit, lower_limit, upper_2_sigma, lower_2_sigma,
    baseline_n AS baseline_points, mr_bar, n_points < $spc_recommended_points AS limits_provisional,
    coalesce(beyond_limits, FALSE) AS beyond_limits, coalesce(shift, FALSE) AS shift,
    coalesce(trend, FALSE) AS trend, coalesce(two_of_three, FALSE) AS two_of_three,
    coalesce(beyond_limits OR shift OR trend OR two_of_three, FALSE) AS special_cause,
    CASE
        WHEN NOT coalesce(beyond_limits OR shift OR trend OR two_of_three, FALSE) THEN 'common_cause'
        WHEN better = 'neither' OR signal_direction IS NULL OR signal_direction = 0 THEN 'special_cause_neither'
        WHEN (better = 'higher') = (signal_direction > 0) THEN 'special_cause_improvement'
        ELSE 'special_cause_concern'
    END AS variation
FROM signals
ORDER BY org_code, family, series_key, period_end;

COMMENT ON TABLE marts.spc_points IS 'SPC (Making Data Count) chart points of every quarterly series: value, centre line, process and 2-sigma limits (XmR or p-chart), the four special-cause rules and the variation label. Built only from publishable values.';
COMMENT ON COLUMN marts.spc_points.variation IS 'common_cause, special_cause_improvement, special_cause_concern or special_cause_neither (series with no better direction).';
COMMENT ON COLUMN marts.spc_points.limits_provisional IS 'Fewer points than spc.recommended_points (MDC advises 15-20): limits are indicative.';
