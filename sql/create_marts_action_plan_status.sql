-- marts.action_plan_status: every action-plan target (staging.action_plan_targets) against the published
-- values of the indicator it is measured on (intermediate.wres_indicator_result_publishable: a value blanked
-- by disclosure control is never used), at the as-of date (see marts.action_plan_actions):
--   baseline   the value at the baseline date (the day before the plan starts), else the earliest value;
--   latest     the latest value at or before the as-of date (31 March and rolling-12-month quarter ends);
--   trajectory the value needed by now on the straight line from the baseline to the target at the due date;
--   projected  the value at the due date on the least-squares line through the latest action_plan.trend_points
--              quarterly values (none with fewer than action_plan.min_trend_points);
--   computed_rag  the rules in wres_pipeline/config.py ActionPlan (NO_DATA / GREEN / AMBER / RED), beside the
--              register's own RAG for the metric (its worst action RAG) and the metric's overdue actions.
-- 'Every AfC band' targets are measured on the lowest BME % of the clinical and non-clinical AfC band rows
-- (one band with no BME staff makes it 0.0). Only published bands count, and a blanked band could be lower:
-- the lowest published value stands when it already misses an 'at least' target, else the quarter has none.
CREATE OR REPLACE TABLE marts.action_plan_status AS
WITH targets AS (  -- each target at each as-of date once its plan has started (the latest always)
    SELECT t.*, t.metric || coalesce(' - ' || t.breakdown, '') AS target_label,
           coalesce(o.as_of_date, CAST($ap_as_of AS DATE)) AS as_of_date, coalesce(o.is_latest, TRUE) AS is_latest
    FROM staging.action_plan_targets AS t
    LEFT JOIN wres_action_plan_as_of($ap_as_of) AS o USING (org_code)
    WHERE coalesce(o.is_latest, TRUE) OR t.baseline_date IS NULL OR o.as_of_date > t.baseline_date
),
values_of AS (
    SELECT r.org_code, r.indicator, r.subgroup, r.measure, r.period_end,
           r.value, r.bme_value, r.white_value, r.suppression_rule
    FROM intermediate.wres_indicator_result_publishable AS r
    WHERE r.period_type IN ('wres_year', 'rolling_12m')
),
every_band AS (
    SELECT org_code, 1 AS indicator, 'afc:every_band' AS subgroup, 'percent' AS measure, period_end,
           NULL::DOUBLE AS value, min(bme_value) AS bme_value, NULL::DOUBLE AS white_value,
           count(*) FILTER (WHERE bme_value IS NULL AND suppression_rule IS NOT NULL) AS bands_blanked
    FROM values_of
    WHERE indicator = 1 AND measure = 'percent' AND regexp_matches(subgroup, '^(clinical|non_clinical):(under_band_1|band_[0-9a-d]+)$')
    GROUP BY ALL
),
series AS (
    SELECT t.org_code, t.plan_year, t.target_label, t.as_of_date, t.period_end, t.x, t.y
    FROM (
        SELECT tg.org_code, tg.plan_year, tg.target_label, v.period_end,
               date_diff('day', DATE '2000-01-01', v.period_end) AS x,
               CASE tg.value_column WHEN 'value' THEN v.value WHEN 'white_value' THEN v.white_value ELSE v.bme_value END AS y,
               tg.as_of_date,
               coalesce(v.bands_blanked, 0) AS bands_blanked, tg.direction, tg.target_value
        FROM targets AS tg
        JOIN (SELECT * FROM values_of UNION ALL BY NAME SELECT * FROM every_band) AS v
            ON v.org_code = tg.org_code AND v.indicator = tg.indicator AND v.subgroup = tg.subgroup AND v.measure = tg.measure
    ) AS t
    WHERE t.y IS NOT NULL AND t.period_end <= t.as_of_date
      AND (t.bands_blanked = 0 OR (t.direction = 'at_least' AND t.y < t.target_value))
),
ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY org_code, plan_year, target_label, as_of_date ORDER BY period_end DESC)
               AS recency
    FROM series AS s
),
summary AS (
    SELECT
        r.org_code, r.plan_year, r.target_label, r.as_of_date,
        arg_max(r.y, r.period_end) AS latest_value,
        max(r.period_end) AS latest_period_end,
        -- a baseline is never taken from after the due date (a plan cannot start from where it should end)
        arg_max(r.y, r.period_end) FILTER (WHERE r.period_end <= t.baseline_date AND r.period_end <= t.due_date) AS baseline_at_date,
        max(r.period_end) FILTER (WHERE r.period_end <= t.baseline_date AND r.period_end <= t.due_date) AS baseline_at_date_period_end,
        arg_min(r.y, r.period_end) FILTER (WHERE r.period_end <= t.due_date) AS earliest_value,
        min(r.period_end) FILTER (WHERE r.period_end <= t.due_date) AS earliest_period_end,
        count(*) FILTER (WHERE r.recency <= $ap_trend_points) AS trend_n,
        regr_slope(r.y, r.x) FILTER (WHERE r.recency <= $ap_trend_points) AS slope,
        regr_intercept(r.y, r.x) FILTER (WHERE r.recency <= $ap_trend_points) AS intercept
    FROM ranked AS r
    JOIN targets AS t USING (org_code, plan_year, target_label, as_of_date)
    GROUP BY ALL
),
register AS (
    SELECT org_code, plan_year, metric_number, as_of_date,
           count(*) AS n_actions,
           count(*) FILTER (WHERE is_overdue) AS n_actions_overdue,
           count(*) FILTER (WHERE is_complete) AS n_actions_complete,
           CASE min(CASE rag WHEN 'RED' THEN 1 WHEN 'AMBER' THEN 2 WHEN 'GREEN' THEN 3 WHEN 'BLUE' THEN 4 END)
               WHEN 1 THEN 'RED' WHEN 2 THEN 'AMBER' WHEN 3 THEN 'GREEN' WHEN 4 THEN 'BLUE' END AS register_rag
    FROM marts.action_plan_actions
    GROUP BY ALL
),
measured AS (
    SELECT
        t.*,
        s.latest_value, s.latest_period_end,
        coalesce(s.baseline_at_date, s.earliest_value) AS baseline_value,
        coalesce(s.baseline_at_date_period_end, s.earliest_period_end) AS baseline_period_end,
        coalesce(s.trend_n, 0) AS trend_points,
        CASE WHEN s.trend_n >= $ap_min_trend_points
             THEN s.intercept + s.slope * date_diff('day', DATE '2000-01-01', t.due_date) END AS projected_value
    FROM targets AS t
    LEFT JOIN summary AS s USING (org_code, plan_year, target_label, as_of_date)
),
assessed AS (
    SELECT
        m.*,
        CASE WHEN m.baseline_value IS NOT NULL AND m.latest_value IS NOT NULL THEN
            m.baseline_value + (m.target_value - m.baseline_value) * least(1.0, greatest(0.0,
                date_diff('day', m.baseline_period_end, m.latest_period_end)
                / nullif(date_diff('day', m.baseline_period_end, m.due_date), 0)))
        END AS trajectory_value,
        CASE m.direction WHEN 'at_least' THEN m.latest_value >= m.target_value ELSE m.latest_value <= m.target_value END AS is_met,
        CASE m.direction WHEN 'at_least' THEN m.projected_value >= m.target_value
                         ELSE m.projected_value <= m.target_value END AS is_projected_met
    FROM measured AS m
),
rated AS (
    SELECT
        a.*,
        CASE a.direction WHEN 'at_least' THEN a.latest_value >= a.trajectory_value
                         ELSE a.latest_value <= a.trajectory_value END AS is_on_trajectory,
        CASE a.direction WHEN 'at_least' THEN a.trajectory_value - a.latest_value
                         ELSE a.latest_value - a.trajectory_value END AS shortfall_vs_trajectory,
        abs(a.target_value - a.baseline_value) AS planned_change
    FROM assessed AS a
)
SELECT
    r.org_code, r.plan_year, r.indicator, r.metric, r.breakdown, r.target_label, r.subgroup, r.measure,
    r.target_text, r.target_value, r.unit, r.direction, r.due_date, r.as_of_date, r.is_latest,
    r.baseline_period_end, r.baseline_value, r.latest_period_end, r.latest_value,
    r.latest_value - r.baseline_value AS change_since_baseline,
    r.target_value - r.baseline_value AS change_planned,
    r.trajectory_value, r.is_on_trajectory, r.shortfall_vs_trajectory,
    r.trend_points, r.projected_value, r.is_projected_met, r.is_met,
    r.as_of_date >= r.due_date AS is_due,
    r.rag.rag AS computed_rag,
    r.rag.reason AS rag_reason,
    g.register_rag,
    coalesce(g.n_actions, 0) AS n_actions,
    coalesce(g.n_actions_overdue, 0) AS n_actions_overdue,
    coalesce(g.n_actions_complete, 0) AS n_actions_complete,
    r.file_name, r.row_number
FROM (
    SELECT
        x.*,
        CASE
            WHEN x.latest_value IS NULL THEN {'rag': 'NO_DATA', 'reason': 'no published value'}
            WHEN x.latest_period_end <= x.baseline_period_end AND x.as_of_date < x.due_date
                THEN {'rag': 'NO_DATA', 'reason': 'no value since the baseline'}
            WHEN x.as_of_date >= x.due_date THEN
                CASE WHEN x.is_met THEN {'rag': 'GREEN', 'reason': 'due date reached, target met'}
                     ELSE {'rag': 'RED', 'reason': 'due date reached, target not met'} END
            WHEN x.is_met THEN {'rag': 'GREEN', 'reason': 'target already met'}
            WHEN x.is_on_trajectory AND coalesce(x.is_projected_met, TRUE)
                THEN {'rag': 'GREEN', 'reason': 'on trajectory' || CASE WHEN x.is_projected_met THEN ', trend meets the target'
                                                                    ELSE ', no trend yet' END}
            WHEN x.is_on_trajectory THEN {'rag': 'AMBER', 'reason': 'on trajectory, but the trend misses the target'}
            WHEN x.is_projected_met THEN {'rag': 'AMBER', 'reason': 'behind the trajectory, but the trend meets the target'}
            WHEN x.shortfall_vs_trajectory <= $ap_amber_tolerance * x.planned_change
                THEN {'rag': 'AMBER', 'reason': 'slightly behind the trajectory (within action_plan.amber_tolerance)'}
            ELSE {'rag': 'RED', 'reason': 'behind the trajectory' || CASE WHEN x.projected_value IS NOT NULL
                                                                          THEN ' and the trend misses the target' ELSE '' END}
        END AS rag
    FROM rated AS x
) AS r
LEFT JOIN register AS g ON g.org_code = r.org_code AND g.plan_year = r.plan_year AND g.metric_number = r.indicator
    AND g.as_of_date IS NOT DISTINCT FROM r.as_of_date
ORDER BY r.org_code, r.as_of_date, r.plan_year, r.indicator, r.row_number;

COMMENT ON TABLE marts.action_plan_status IS 'Every WRES action-plan target at each as-of date (the latest, is_latest, and 31 March of every earlier WRES year since the plan started; filter is_latest for the current view): baseline, latest published value, trajectory needed vs actual, projection at the due date from the quarterly trend, computed RAG (rules in config ActionPlan) beside the register''s RAG, and the metric''s overdue actions.';
COMMENT ON COLUMN marts.action_plan_status.computed_rag IS 'NO_DATA, GREEN, AMBER or RED by the documented rules (wres_pipeline/config.py ActionPlan); rag_reason says which rule.';
COMMENT ON COLUMN marts.action_plan_status.register_rag IS 'The worst RAG the register gives the metric''s actions (RED > AMBER > GREEN > BLUE).';
COMMENT ON COLUMN marts.action_plan_status.org_code IS 'Organisation (ODS-style code) whose plan it is.';
COMMENT ON COLUMN marts.action_plan_status.plan_year IS 'Year the plan ends (its period line), else the year of the target''s due date.';
COMMENT ON COLUMN marts.action_plan_status.indicator IS 'WRES indicator 1-9 the target is measured on (codes: shared/spec/wres-indicators.md §13.1).';
COMMENT ON COLUMN marts.action_plan_status.metric IS 'The target''s metric as written in the plan.';
COMMENT ON COLUMN marts.action_plan_status.breakdown IS 'The target''s breakdown as written (a band, ''Every AfC band'', White staff, ...); NULL when none.';
COMMENT ON COLUMN marts.action_plan_status.target_label IS 'metric - breakdown: the target''s name within the plan (unique per organisation and plan year).';
COMMENT ON COLUMN marts.action_plan_status.subgroup IS 'marts.wres_indicator_result subgroup the target is measured on (§13.1), or afc:every_band = the lowest BME % of the clinical and non-clinical AfC band rows.';
COMMENT ON COLUMN marts.action_plan_status.measure IS 'marts.wres_indicator_result measure the target is measured on: headcount or percent (1), relative_likelihood (2-4), percent (5-8), percent_difference (9).';
COMMENT ON COLUMN marts.action_plan_status.target_text IS 'The target as written in the plan.';
COMMENT ON COLUMN marts.action_plan_status.target_value IS 'The number read from target_text, in the unit of unit (a percentage as 0-100).';
COMMENT ON COLUMN marts.action_plan_status.unit IS 'percent (0-100), ratio (a relative likelihood, indicators 2-4) or headcount (indicator 1, a whole number written without %).';
COMMENT ON COLUMN marts.action_plan_status.direction IS 'at_least or at_most: which side of target_value meets the target (from the plan''s wording; when it says none, at_least for 1, 7, 9 and at_most otherwise).';
COMMENT ON COLUMN marts.action_plan_status.due_date IS 'When the target is due (the target''s date, else the plan''s end).';
COMMENT ON COLUMN marts.action_plan_status.as_of_date IS 'Date the target is judged at: config action_plan.as_of, else the organisation''s latest quarter end in marts.wres_indicator_result (is_latest), or 31 March of an earlier WRES year after the plan started.';
COMMENT ON COLUMN marts.action_plan_status.is_latest IS 'TRUE on the row judged at the latest as-of date (the current view); FALSE on rows judged at 31 March of an earlier WRES year (what a report of that year shows).';
COMMENT ON COLUMN marts.action_plan_status.baseline_period_end IS 'Quarter end of the baseline value: the latest on or before the day before the plan starts, else the earliest value on or before the due date (NULL when the first published value is after the due date).';
COMMENT ON COLUMN marts.action_plan_status.baseline_value IS 'The measured value at baseline_period_end (unit as unit). Values are the published ones: a value blanked by disclosure control is never used. For indicators 1, 5-9 the BME value (White for a White-staff survey target), for 2-4 the relative likelihood.';
COMMENT ON COLUMN marts.action_plan_status.latest_period_end IS 'Quarter end of the latest value at or before as_of_date (31 March and rolling-12-month quarter ends).';
COMMENT ON COLUMN marts.action_plan_status.latest_value IS 'The latest measured value (as baseline_value); NULL when none is published.';
COMMENT ON COLUMN marts.action_plan_status.change_since_baseline IS 'latest_value - baseline_value.';
COMMENT ON COLUMN marts.action_plan_status.change_planned IS 'target_value - baseline_value.';
COMMENT ON COLUMN marts.action_plan_status.trajectory_value IS 'Value needed by latest_period_end on the straight line from the baseline to the target at the due date.';
COMMENT ON COLUMN marts.action_plan_status.is_on_trajectory IS 'TRUE when latest_value is at or beyond trajectory_value in the target''s direction.';
COMMENT ON COLUMN marts.action_plan_status.shortfall_vs_trajectory IS 'How far latest_value is behind trajectory_value in the target''s direction (negative = ahead); compared with action_plan.amber_tolerance x |change_planned| for AMBER.';
COMMENT ON COLUMN marts.action_plan_status.trend_points IS 'Quarterly values the trend is fitted on (the latest action_plan.trend_points, default 8).';
COMMENT ON COLUMN marts.action_plan_status.projected_value IS 'Value at the due date on the least-squares line through those values; NULL with fewer than action_plan.min_trend_points (default 3).';
COMMENT ON COLUMN marts.action_plan_status.is_projected_met IS 'TRUE when projected_value meets the target; NULL without a projection.';
COMMENT ON COLUMN marts.action_plan_status.is_met IS 'TRUE when latest_value meets the target now.';
COMMENT ON COLUMN marts.action_plan_status.is_due IS 'TRUE when as_of_date is on or after due_date.';
COMMENT ON COLUMN marts.action_plan_status.rag_reason IS 'Which rule gave computed_rag, in words (e.g. ''on trajectory, but the trend misses the target'').';
COMMENT ON COLUMN marts.action_plan_status.n_actions IS 'Actions of the register under this indicator''s metric (marts.action_plan_actions); a count of actions, not people.';
COMMENT ON COLUMN marts.action_plan_status.n_actions_overdue IS 'Of those, overdue at the as-of date.';
COMMENT ON COLUMN marts.action_plan_status.n_actions_complete IS 'Of those, complete.';
COMMENT ON COLUMN marts.action_plan_status.file_name IS 'The plan file the target was read from (audit.source_files).';
COMMENT ON COLUMN marts.action_plan_status.row_number IS 'Row of the target in that file (1-based).';
