-- Record the publishing run (before the copy, so the published file names the run that made it).
DELETE FROM audit.runs WHERE run_id = $run_id;
INSERT INTO audit.runs BY NAME
SELECT $run_id AS run_id, $job_name AS job_name, $started_at AS started_at, now()::TIMESTAMP AS published_at,
       $code_version AS code_version, $config_hash AS config_hash, $method_version AS method_version,
       'published' AS status, $shrink_accepted AS shrink_accepted;
