-- A source reused unchanged (wres_pipeline/incremental.py): its file records of the run that built its tables,
-- written again under this run; read_in_run keeps the run that read the bytes.
INSERT INTO audit.source_files BY NAME
SELECT * REPLACE ($run_id AS run_id, coalesce(read_in_run, run_id) AS read_in_run, $loaded_at AS loaded_at)
FROM audit.source_files
WHERE run_id = $previous_run AND source = $source;
