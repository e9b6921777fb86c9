-- Which inputs each source's raw, staging and quarantine tables were last built from (wres_pipeline/incremental.py):
-- a private table of the build database (the main schema is never published). Replaced, so emptied, whenever
-- the bootstrap SQL changes: every source is then read again.
CREATE OR REPLACE TABLE main.wres_source_state (
    source VARCHAR PRIMARY KEY,  -- a source contract (esr_staff_in_post, trac_applications, ...)
    raw_fingerprint VARCHAR,     -- SHA-256 of its inbox files, the code and the settings
    fingerprint VARCHAR,         -- that and the files of the sources its staging reads
    run_id VARCHAR,              -- the run that built the tables (its audit.source_files records are reused)
    built_at TIMESTAMP
);
