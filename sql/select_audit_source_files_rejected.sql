-- The messages of a source's files rejected in a run under one rule (e.g. -F07: too many rejected rows).
SELECT file_name || coalesce('!' || sheet, '') || ': ' || message
FROM audit.source_files
WHERE run_id = $run_id AND source = $source AND status = 'rejected' AND rule_id LIKE '%' || $rule_suffix
ORDER BY file_name, sheet;
