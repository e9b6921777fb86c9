-- One audit record per file per run: loaded, rejected, duplicate or superseded, with its hash.
INSERT INTO audit.source_files BY NAME SELECT $run_id AS run_id, $run_id AS read_in_run, * FROM incoming_files;
DELETE FROM audit.source_file_columns
WHERE source = $source AND source_file_id IN (SELECT source_file_id FROM incoming_columns);
INSERT INTO audit.source_file_columns BY NAME SELECT * FROM incoming_columns;
