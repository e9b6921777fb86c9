-- Raw rows reused while staging is redone (a source its staging reads changed): the files the last staging
-- rejected for too many bad rows (rule F07; their rows marked file_rejected, which were unmarked data rows)
-- are judged again from their rows, their audit records of this run back to what the raw layer wrote.
UPDATE {{raw_table}} SET drop_reason = NULL WHERE drop_reason = 'file_rejected';
UPDATE audit.source_files SET status = 'loaded', rule_id = NULL, message = NULL
WHERE run_id = $run_id AND source = $source AND status = 'rejected' AND rule_id LIKE '%-F07';
