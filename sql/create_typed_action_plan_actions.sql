-- WRES action-plan register rows typed (seed 004 layout: No, Metric, Action, Outcome, Lead, Timeline,
-- Progress, RAG), each with the first row rule it breaks (NULL = valid). A connection-local TEMP table:
-- staging.action_plan_actions takes the valid rows, staging.quarantine_action_plan_actions the rest.
-- The metric of an action is the number after "Metric" / "Indicator" in its Metric cell (seed 004 also
-- spells it "METIRC"), else the number before the dot of its action number (3.1 -> 3), else the metric
-- of the row above (published plans leave the Metric cell empty under its first action).
CREATE OR REPLACE TEMP TABLE typed_action_plan_actions AS
WITH base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        regexp_replace(wres_clean(r.action_number), '[.)\s]+$', '') AS action_no,
        coalesce(
            nullif(regexp_extract(wres_match_form(r.metric), '\b(?:metric|metirc|indicator)\s*([1-9])\b', 1), ''),
            nullif(regexp_extract(regexp_replace(wres_clean(r.action_number), '[.)\s]+$', ''), '^([1-9])\.', 1), ''),
            nullif(regexp_extract(wres_clean(r.action), '^([1-9])\.[0-9]+\b', 1), '')
        ) AS metric_here,
        wres_due_date(r.timeline) AS due_dt,
        regexp_matches(coalesce(wres_match_form(r.timeline), ''), '\b(ongoing|continuous|tbc|tbd|to be confirmed)\b') AS ongoing_b,
        list_filter($ap_rag_words, w -> w[1] = wres_match_form(r.rag))[1][2] AS rag_code,
        count(*) OVER act AS act_copies,
        count(DISTINCT r.row_hash) OVER act AS act_versions,
        row_number() OVER (PARTITION BY r.source_file_id, r.sheet, regexp_replace(wres_clean(r.action_number), '[.)\s]+$', '')
                           ORDER BY r.row_number) AS act_copy_no
    FROM raw.action_plan_actions AS r
    WHERE r.drop_reason IS NULL
    WINDOW act AS (PARTITION BY r.source_file_id, r.sheet, regexp_replace(wres_clean(r.action_number), '[.)\s]+$', ''))
),
filled AS (
    SELECT
        b.*,
        CAST(last_value(b.metric_here IGNORE NULLS) OVER (
            PARTITION BY b.source_file_id, b.sheet ORDER BY b.row_number
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS INTEGER) AS metric_no
    FROM base AS b
)
SELECT
    f.*,
    CASE
        WHEN wres_clean(f.action) IS NULL THEN
            wres_reject('AP_ACT-001', 'action', f.action, 'an Action is required')
        WHEN f.action_no IS NOT NULL AND f.act_copies > 1 THEN
            wres_key_rule('AP_ACT', 'action_number', f.action_number, 'action number', f.act_copies, f.act_versions,
                          f.act_copy_no)
        WHEN f.metric_no IS NULL THEN
            wres_reject('AP_ACT-002', 'metric', f.metric,
                'the WRES metric of this action could not be identified; write "Metric 3" (or "Indicator 3") in '
                || 'the Metric column or number the action 3.1, 3.2, ...')
        WHEN wres_clean(f.rag) IS NOT NULL AND f.rag_code IS NULL THEN
            wres_reject('AP_ACT-003', 'rag', f.rag,
                'not a recognised RAG status; expected Red, Amber, Green or Blue (complete), or R / A / G / B')
    END AS reject
FROM filled AS f;
