-- Audit trail (append-only across runs): which file, with which hash, was read in which run.
CREATE TABLE IF NOT EXISTS audit.source_files (
    run_id VARCHAR,
    source VARCHAR,
    org_code VARCHAR,
    file_name VARCHAR,
    source_file_id VARCHAR,        -- first 16 hex digits of sha256, used as a key in every table
    sha256 VARCHAR,
    size_bytes BIGINT,
    container VARCHAR,
    encoding VARCHAR,
    sheet VARCHAR,
    header_row INTEGER,
    snapshot_date DATE,
    period_start DATE,
    period_end DATE,
    rows_read BIGINT,              -- every row after the header, including dropped totals / blanks
    rows_dropped BIGINT,           -- totals, repeated headers, blank rows, trailer notes
    status VARCHAR,                -- loaded | rejected
    rule_id VARCHAR,
    message VARCHAR,
    ignored_columns VARCHAR,       -- headers not in the contract (incl. personal data), dropped unread
    warnings VARCHAR,
    loaded_at TIMESTAMP
);
-- Where each canonical column was found in each file (header as it appeared, spreadsheet letter).
CREATE TABLE IF NOT EXISTS audit.source_file_columns (
    source VARCHAR,
    source_file_id VARCHAR,
    sheet VARCHAR,
    column_name VARCHAR,
    header_found VARCHAR,
    column_letter VARCHAR
);
-- One row per run that published the warehouse: what code, configuration and method produced it.
CREATE TABLE IF NOT EXISTS audit.runs (
    run_id VARCHAR,
    job_name VARCHAR,
    started_at TIMESTAMP,
    published_at TIMESTAMP,
    code_version VARCHAR,          -- hash of every asset's code version (SQL text + Python logic)
    config_hash VARCHAR,           -- hash of the effective settings (wres config show)
    method_version VARCHAR,        -- the method choices stamped on every indicator value
    status VARCHAR
);
