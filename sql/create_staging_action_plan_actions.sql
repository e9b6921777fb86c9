-- staging.action_plan_actions: one row per valid action of a WRES action-plan register (seed 004).
-- plan_year: the year of the plan's end (the 'Period:' line or the 'YYYY-YY' token of the file name),
-- else of its latest due date. due_date: a Timeline date or month ('Dec 2024' -> 31/12/2024); NULL for
-- 'Ongoing' and other text (the Timeline text is kept). is_complete: Progress matches
-- action_plan.complete_pattern or the RAG is BLUE. Lead is the accountable lead as the plan publishes it.
CREATE OR REPLACE TABLE staging.action_plan_actions AS
SELECT
    t.org_code,
    CAST(coalesce(year(t.period_end), year(max(t.due_dt) OVER (PARTITION BY t.source_file_id))) AS INTEGER) AS plan_year,
    t.period_start AS plan_start,
    t.period_end AS plan_end,
    t.metric_no AS metric_number,
    t.action_no AS action_number,
    wres_clean(t.metric) AS metric_text,
    wres_clean(t.action) AS action,
    wres_clean(t.outcome) AS outcome,
    wres_clean(t.lead) AS lead,
    wres_clean(t.timeline) AS timeline,
    t.due_dt AS due_date,
    t.ongoing_b AS is_ongoing,
    wres_clean(t.progress) AS progress,
    wres_clean(t.rag) AS rag_raw,
    t.rag_code AS rag,
    coalesce(t.rag_code = 'BLUE', FALSE) OR coalesce(regexp_matches(wres_clean(t.progress), $ap_complete_pattern), FALSE)
        AS is_complete,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_action_plan_actions AS t
WHERE t.reject IS NULL;
