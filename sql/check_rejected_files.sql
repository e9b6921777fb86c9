-- The files of one source rejected in this run (REJECT_FILE, source-extracts.md §1.11): left out of
-- staging under ingest.rejected_file_policy = 'skip', each with its hash, rule and message.
SELECT file_name, sheet, sha256, rule_id, message
FROM audit.source_files
WHERE run_id = $run_id AND source = $source AND status = 'rejected'
ORDER BY file_name, sheet;
