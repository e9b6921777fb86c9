-- marts.action_plan_actions: every action of the WRES action-plan registers (staging.action_plan_actions)
-- with its due date and whether it is overdue at each as-of date (wres_action_plan_as_of): action_plan.as_of,
-- else the latest quarter end of the organisation in marts.wres_indicator_result (is_latest), and 31 March of
-- every earlier WRES year (reproducible from the data). Completion is as the register says now. An action is
-- overdue when its due date is before the as-of date and it is not complete (Progress matching
-- action_plan.complete_pattern, or RAG BLUE); 'Ongoing' actions have no due date and are never overdue.
CREATE OR REPLACE TABLE marts.action_plan_actions AS
WITH as_of AS (
    SELECT a.org_code, coalesce(o.as_of_date, CAST($ap_as_of AS DATE)) AS as_of_date, coalesce(o.is_latest, TRUE) AS is_latest
    FROM (SELECT DISTINCT org_code FROM staging.action_plan_actions) AS a
    LEFT JOIN wres_action_plan_as_of($ap_as_of) AS o USING (org_code)
)
SELECT
    a.org_code, a.plan_year, a.metric_number, a.action_number, a.metric_text, a.action, a.outcome, a.lead,
    a.timeline, a.due_date, a.is_ongoing, a.progress, a.rag_raw, a.rag, a.is_complete,
    o.as_of_date, o.is_latest,
    coalesce(a.due_date < o.as_of_date AND NOT a.is_complete, FALSE) AS is_overdue,
    CASE WHEN a.due_date < o.as_of_date AND NOT a.is_complete THEN date_diff('day', a.due_date, o.as_of_date) END
        AS days_overdue,
    a.file_name, a.row_number
FROM staging.action_plan_actions AS a
JOIN as_of AS o USING (org_code)
ORDER BY a.org_code, o.as_of_date, a.plan_year, a.metric_number, a.row_number;

COMMENT ON TABLE marts.action_plan_actions IS 'Every action of the WRES action plans at each as-of date (the latest, is_latest, and 31 March of every earlier WRES year): metric, lead, due date, progress, the register''s RAG, complete, and overdue at that date. For the current view filter is_latest.';
COMMENT ON COLUMN marts.action_plan_actions.is_latest IS 'TRUE on the rows judged at the latest as-of date (the current view); FALSE on those judged at 31 March of an earlier WRES year (what a report of that year shows).';
COMMENT ON COLUMN marts.action_plan_actions.is_overdue IS 'Due date before the as-of date and not complete (Ongoing actions have no due date).';
COMMENT ON COLUMN marts.action_plan_actions.org_code IS 'Organisation (ODS-style code) whose plan it is.';
COMMENT ON COLUMN marts.action_plan_actions.plan_year IS 'Year the plan ends (its ''Period:'' line or the YYYY-YY token of the file name), else the year of its latest due date.';
COMMENT ON COLUMN marts.action_plan_actions.metric_number IS 'Number of the WRES metric (indicator) section the action sits under in the register.';
COMMENT ON COLUMN marts.action_plan_actions.action_number IS 'The action''s number as written in the register (e.g. 3.2), trailing dots and brackets removed.';
COMMENT ON COLUMN marts.action_plan_actions.metric_text IS 'The metric heading text as written in the register.';
COMMENT ON COLUMN marts.action_plan_actions.action IS 'What the organisation will do, as written.';
COMMENT ON COLUMN marts.action_plan_actions.outcome IS 'The intended outcome, as written.';
COMMENT ON COLUMN marts.action_plan_actions.lead IS 'The accountable lead as the plan publishes it (a role or committee).';
COMMENT ON COLUMN marts.action_plan_actions.timeline IS 'The Timeline text as written (a date, a month, ''Ongoing'', ''TBC'' ...).';
COMMENT ON COLUMN marts.action_plan_actions.due_date IS 'Due date read from the Timeline (a month means its last day: ''Dec 2024'' -> 2024-12-31); NULL for Ongoing and other text.';
COMMENT ON COLUMN marts.action_plan_actions.is_ongoing IS 'TRUE when the Timeline says ongoing, continuous, TBC or to be confirmed: no due date, never overdue.';
COMMENT ON COLUMN marts.action_plan_actions.progress IS 'The Progress / update text as written.';
COMMENT ON COLUMN marts.action_plan_actions.rag_raw IS 'The register''s RAG cell as written.';
COMMENT ON COLUMN marts.action_plan_actions.rag IS 'The register''s RAG as RED, AMBER, GREEN or BLUE (complete), read with config action_plan.rag_words; NULL when blank.';
COMMENT ON COLUMN marts.action_plan_actions.is_complete IS 'TRUE when Progress matches config action_plan.complete_pattern (complete, done, delivered, achieved) or the RAG is BLUE.';
COMMENT ON COLUMN marts.action_plan_actions.as_of_date IS 'Date overdue is judged at: config action_plan.as_of, else the organisation''s latest quarter end in marts.wres_indicator_result (is_latest), or 31 March of an earlier WRES year.';
COMMENT ON COLUMN marts.action_plan_actions.days_overdue IS 'Days from the due date to the as-of date when overdue; NULL otherwise.';
COMMENT ON COLUMN marts.action_plan_actions.file_name IS 'The register file the action was read from (audit.source_files).';
COMMENT ON COLUMN marts.action_plan_actions.row_number IS 'Row of the action in that file (1-based, as a spreadsheet shows it).';
