-- marts.action_plan_actions: every action of the WRES action-plan registers (staging.action_plan_actions)
-- with its due date and whether it is overdue at the as-of date: action_plan.as_of, else the latest quarter
-- end of the organisation in marts.wres_indicator_result (reproducible from the data). An action is
-- overdue when its due date is before the as-of date and it is not complete (Progress matching
-- action_plan.complete_pattern, or RAG BLUE); 'Ongoing' actions have no due date and are never overdue.
CREATE OR REPLACE TABLE marts.action_plan_actions AS
WITH as_of AS (
    SELECT org_code, coalesce(CAST($ap_as_of AS DATE), max(period_end)) AS as_of_date
    FROM marts.wres_indicator_result GROUP BY org_code
)
SELECT
    a.org_code, a.plan_year, a.metric_number, a.action_number, a.metric_text, a.action, a.outcome, a.lead,
    a.timeline, a.due_date, a.is_ongoing, a.progress, a.rag_raw, a.rag, a.is_complete,
    coalesce(o.as_of_date, CAST($ap_as_of AS DATE)) AS as_of_date,
    coalesce(a.due_date < coalesce(o.as_of_date, CAST($ap_as_of AS DATE)) AND NOT a.is_complete, FALSE) AS is_overdue,
    CASE WHEN a.due_date < coalesce(o.as_of_date, CAST($ap_as_of AS DATE)) AND NOT a.is_complete
         THEN date_diff('day', a.due_date, coalesce(o.as_of_date, CAST($ap_as_of AS DATE))) END AS days_overdue,
    a.file_name, a.row_number
FROM staging.action_plan_actions AS a
LEFT JOIN as_of AS o USING (org_code)
ORDER BY a.org_code, a.plan_year, a.metric_number, a.row_number;

COMMENT ON TABLE marts.action_plan_actions IS 'Every action of the WRES action plans: metric, lead, due date, progress, the register''s RAG, complete, and overdue at the as-of date.';
COMMENT ON COLUMN marts.action_plan_actions.is_overdue IS 'Due date before the as-of date and not complete (Ongoing actions have no due date).';
