-- Every action-plan target has exactly one status row per as-of date, one of them the latest, with a
-- computed RAG from the known set, and a latest value only when it has a baseline (unless every published
-- value came after the due date: a baseline is never taken from after it). Returns the offending targets.
SELECT t.org_code, t.plan_year, t.metric, t.breakdown, s.computed_rag
FROM staging.action_plan_targets AS t
LEFT JOIN marts.action_plan_status AS s
    ON s.org_code = t.org_code AND s.plan_year = t.plan_year AND s.file_name = t.file_name AND s.row_number = t.row_number
   AND s.is_latest
WHERE s.computed_rag IS NULL OR s.computed_rag NOT IN ('GREEN', 'AMBER', 'RED', 'NO_DATA')
   OR (s.latest_value IS NOT NULL AND s.baseline_value IS NULL AND s.latest_period_end <= s.due_date)
UNION ALL
SELECT org_code, plan_year, metric, breakdown, 'duplicate status rows'
FROM marts.action_plan_status
GROUP BY org_code, plan_year, metric, breakdown, file_name, row_number, as_of_date HAVING count(*) > 1;
