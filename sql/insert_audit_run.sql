-- Record the publishing run (before the copy, so the published file names the run that made it).
DELETE FROM audit.runs WHERE run_id = $run_id;
INSERT INTO audit.runs VALUES
    ($run_id, $job_name, $started_at, now()::TIMESTAMP, $code_version, $config_hash, $method_version, 'published');
