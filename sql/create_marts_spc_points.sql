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
COMMENT ON COLUMN marts.spc_points.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.spc_points.family IS 'Family of series: indicator_1 (BME % of the whole workforce), band_bme_percent (BME % of each indicator 1 row), indicator_2 .. indicator_4 (relative likelihoods; indicator 3 as methods.ind3_published), team_flags (number of teams per representation flag), rdr (Race Disparity Ratios).';
COMMENT ON COLUMN marts.spc_points.series_key IS 'Identifies the series within the organisation (e.g. ind1:clinical:band_8a, ind2:all, teams:directorate:<directorate>:unknown_excluded:AT_OR_ABOVE, rdr:all_afc:lower_to_upper); one chart per org_code, series_key.';
COMMENT ON COLUMN marts.spc_points.label IS 'Chart title in words.';
COMMENT ON COLUMN marts.spc_points.breakdown IS 'What the series is of: the indicator subgroup (§13.1 codes), the team-flag scope and directorate, or staff_scope:pair for the RDR.';
COMMENT ON COLUMN marts.spc_points.unit IS 'percent (0-100), ratio or count.';
COMMENT ON COLUMN marts.spc_points.chart_type IS 'p (p-chart: a percentage with its headcount, limits varying with n; config spc.proportion_chart) or xmr (individuals and moving range chart).';
COMMENT ON COLUMN marts.spc_points.better IS 'Which direction is an improvement, from config spc.better: higher, lower or neither (not labelled).';
COMMENT ON COLUMN marts.spc_points.period_end IS 'Quarter end of the point (rolling 12 months or snapshot; 31 March = the WRES year). A quarter with no publishable value is left out.';
COMMENT ON COLUMN marts.spc_points.point_no IS 'Position of the point in its series (1 = earliest).';
COMMENT ON COLUMN marts.spc_points.n_points IS 'Points in the series.';
COMMENT ON COLUMN marts.spc_points.value IS 'The charted value, in unit (percent 0-100, ratio, or count of teams).';
COMMENT ON COLUMN marts.spc_points.events IS 'For a percentage series: BME headcount behind the value (numerator); NULL otherwise.';
COMMENT ON COLUMN marts.spc_points.n IS 'For a percentage series: headcount behind the value (denominator, sets a p-chart''s limits); NULL otherwise.';
COMMENT ON COLUMN marts.spc_points.moving_range IS '|value - previous value|; NULL for the first point.';
COMMENT ON COLUMN marts.spc_points.centre IS 'Centre line: mean of the baseline points (XmR) or pbar = sum(events) / sum(n) over the baseline in percent (p-chart); NULL when the series has fewer than spc.min_points (default 8) points.';
COMMENT ON COLUMN marts.spc_points.upper_limit IS 'Upper process limit: centre + spc.xmr_limit_constant (2.66) x mr_bar (XmR), or pbar + 3 sqrt(pbar (1 - pbar) / n) (p-chart, per point); NULL without limits.';
COMMENT ON COLUMN marts.spc_points.lower_limit IS 'Lower process limit, mirrored, never below 0; NULL without limits.';
COMMENT ON COLUMN marts.spc_points.upper_2_sigma IS 'Upper 2-sigma line (two thirds of the way from centre to upper_limit), for the two-of-three rule.';
COMMENT ON COLUMN marts.spc_points.lower_2_sigma IS 'Lower 2-sigma line, never below 0.';
COMMENT ON COLUMN marts.spc_points.baseline_points IS 'Points the centre and limits are computed over: the first spc.baseline_points, or all of them when that is not set.';
COMMENT ON COLUMN marts.spc_points.mr_bar IS 'Mean moving range over the baseline (sets XmR limits; computed but unused for a p-chart).';
COMMENT ON COLUMN marts.spc_points.beyond_limits IS 'Special cause: the point is above upper_limit or below lower_limit.';
COMMENT ON COLUMN marts.spc_points.shift IS 'Special cause: the point is in a run of spc.shift_points (default 7) or more consecutive points on the same side of the centre line.';
COMMENT ON COLUMN marts.spc_points.trend IS 'Special cause: the point is in a run of spc.trend_points (default 6) or more consecutive points each higher (or each lower) than the one before.';
COMMENT ON COLUMN marts.spc_points.two_of_three IS 'Special cause: two of three consecutive points beyond the same 2-sigma line (flagged on those beyond it).';
COMMENT ON COLUMN marts.spc_points.special_cause IS 'TRUE when any of beyond_limits, shift, trend, two_of_three is.';
