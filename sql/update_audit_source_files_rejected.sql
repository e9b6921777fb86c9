-- A file loaded by the raw layer but rejected by staging (more than thresholds.max_rejected_row_share
-- of its data rows rejected, source-extracts.md §1.11): its audit record of this run says so.
UPDATE audit.source_files
SET status = 'rejected', rule_id = $rule_id, message = $message
WHERE run_id = $run_id AND source = $source AND source_file_id = $source_file_id;
