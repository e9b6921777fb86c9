-- The source's raw, staging and quarantine tables are now built from the inputs these fingerprints name.
INSERT OR REPLACE INTO main.wres_source_state
SELECT $source, $raw_fingerprint, $fingerprint, $run_id, current_timestamp AT TIME ZONE 'UTC';
