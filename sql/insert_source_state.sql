-- The source's raw, staging and quarantine tables are now built from the inputs this fingerprint names.
INSERT OR REPLACE INTO main.wres_source_state
SELECT $source, $fingerprint, $run_id, current_timestamp AT TIME ZONE 'UTC';
