-- Which inputs each source's raw, staging and quarantine tables were last built from (wres_pipeline/incremental.py):
-- a private table of the build database (the main schema is never published).
CREATE TABLE IF NOT EXISTS main.wres_source_state (
    source VARCHAR PRIMARY KEY,  -- a source contract (esr_staff_in_post, trac_applications, ...)
    fingerprint VARCHAR,         -- SHA-256 of its inbox files, the code, the settings and its upstream sources' files
    run_id VARCHAR,              -- the run that built the tables (its audit.source_files records are reused)
    built_at TIMESTAMP
);
