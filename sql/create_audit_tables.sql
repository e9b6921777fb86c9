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
-- Added after the first release: how the organisation and period were found, and which extract a file is
-- part of (a database built before them gains them here).
ALTER TABLE audit.source_files ADD COLUMN IF NOT EXISTS org_rule VARCHAR;
ALTER TABLE audit.source_files ADD COLUMN IF NOT EXISTS period_rule VARCHAR;
ALTER TABLE audit.source_files ADD COLUMN IF NOT EXISTS extract_id VARCHAR;
-- The run that read the file's bytes: this run, or an earlier one whose reading this run reused because the
-- source's files, code and settings had not changed (wres_pipeline/incremental.py).
ALTER TABLE audit.source_files ADD COLUMN IF NOT EXISTS read_in_run VARCHAR;
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
-- Added after the first release: what a run published less than the warehouse it replaced, accepted how.
ALTER TABLE audit.runs ADD COLUMN IF NOT EXISTS shrink_accepted VARCHAR;

COMMENT ON TABLE audit.source_files IS 'One row per source file per refresh run that saw it in the inbox: its hash, how it was read, the period it covers, how many rows were read and dropped, and whether it was loaded, rejected, a duplicate or superseded. Append-only across runs.';
COMMENT ON COLUMN audit.source_files.run_id IS 'Dagster run id of the refresh that read the file (audit.runs.run_id when that run published).';
COMMENT ON COLUMN audit.source_files.source IS 'Source extract the file was read as (esr_staff_in_post, esr_leavers, trac_applications, staff_survey_*, olm_training, er_cases, board_register, action_plan_*; source-extracts.md).';
COMMENT ON COLUMN audit.source_files.org_code IS 'Organisation (ODS-style code) the file belongs to; NULL for a file rejected before it was read.';
COMMENT ON COLUMN audit.source_files.org_rule IS 'The rule that chose org_code, in order: the file''s ODS code column; the ESR organisation above the header (organisation.esr_vpd_codes); a known organisation code in the file name (organisation.default_code, organisation.codes, the organisation reference lists); else organisation.default_code.';
COMMENT ON COLUMN audit.source_files.period_rule IS 'Where snapshot_date / period_start / period_end came from: the As at or Period line, the file name, the Tm End Date or Survey Year column, ingest.snapshot_dates, or none declared (event files: each row''s own dates place it). A snapshot within ingest.snapshot_tolerance_days of a quarter end says the date found and the quarter end it was taken as.';
COMMENT ON COLUMN audit.source_files.extract_id IS 'source_file_id of the first file of the extract this file belongs to: files of one organisation and period that share (almost) no keys are parts of one extract and load together (ingest.parts_max_shared_share).';
COMMENT ON COLUMN audit.source_files.read_in_run IS 'Dagster run id of the run that read the file''s bytes: this run (run_id), or the earlier run whose reading this run reused because the source''s files, the code and the settings had not changed since (ingest.reuse_unchanged_sources); NULL in records written before incremental refreshes.';
COMMENT ON COLUMN audit.source_files.file_name IS 'File name as received in the inbox.';
COMMENT ON COLUMN audit.source_files.source_file_id IS 'First 16 hex digits of sha256: the key by which every raw, staging and mart row names its file (source_extract_ids, audit.indicator_provenance).';
COMMENT ON COLUMN audit.source_files.sha256 IS 'SHA-256 of the file bytes as received.';
COMMENT ON COLUMN audit.source_files.size_bytes IS 'File size in bytes.';
COMMENT ON COLUMN audit.source_files.container IS 'File format as detected from its bytes: csv, xlsx or xls; NULL when the file could not be read.';
COMMENT ON COLUMN audit.source_files.encoding IS 'Text encoding detected for a CSV (utf-8, cp1252, ...); NULL for spreadsheets and unread files.';
COMMENT ON COLUMN audit.source_files.sheet IS 'Worksheet read, for a spreadsheet; NULL for a CSV.';
COMMENT ON COLUMN audit.source_files.header_row IS 'Row number (1-based, as in the file) where the header was found, after any title or notes rows.';
COMMENT ON COLUMN audit.source_files.snapshot_date IS 'For a snapshot extract (staff in post, training, board register ...): the date it describes; NULL for a period extract.';
COMMENT ON COLUMN audit.source_files.period_start IS 'For a period extract (leavers, applications, cases, survey ...): first day of the period it covers; NULL for a snapshot.';
COMMENT ON COLUMN audit.source_files.period_end IS 'For a period extract: last day of the period it covers; NULL for a snapshot.';
COMMENT ON COLUMN audit.source_files.rows_read IS 'Every row after the header, including the rows then dropped (rows read = staged + quarantined + dropped).';
COMMENT ON COLUMN audit.source_files.rows_dropped IS 'Rows dropped as not data: totals, repeated headers, blank rows, trailer notes.';
COMMENT ON COLUMN audit.source_files.status IS 'loaded; rejected (unreadable, failed its contract, or too many rows rejected by staging: thresholds.max_rejected_row_share); duplicate (identical bytes to a file already loaded, loaded once); superseded (a newer file for the same organisation and period replaced it).';
COMMENT ON COLUMN audit.source_files.rule_id IS 'For a rejected file: the rule it broke (source-extracts.md rule ids); NULL otherwise.';
COMMENT ON COLUMN audit.source_files.message IS 'Plain-English reason for a rejected, duplicate or superseded file, naming what to fix; NULL for a loaded file.';
COMMENT ON COLUMN audit.source_files.ignored_columns IS 'Headers not in the source contract (including any personal data such as names), separated by "; ": dropped unread, never stored.';
COMMENT ON COLUMN audit.source_files.warnings IS 'Non-blocking reading warnings, separated by "; " (e.g. a file named .xlsx that holds text and was read as CSV); NULL or empty when none.';
COMMENT ON COLUMN audit.source_files.loaded_at IS 'When this record was written (UTC, no time zone).';

COMMENT ON TABLE audit.source_file_columns IS 'Where each canonical column of a source contract was found in each file: the header as it appeared and its spreadsheet column letter (the latest read of each file).';
COMMENT ON COLUMN audit.source_file_columns.source IS 'Source extract (as audit.source_files.source).';
COMMENT ON COLUMN audit.source_file_columns.source_file_id IS 'The file (audit.source_files.source_file_id).';
COMMENT ON COLUMN audit.source_file_columns.sheet IS 'Worksheet, for a spreadsheet; NULL for a CSV.';
COMMENT ON COLUMN audit.source_file_columns.column_name IS 'Canonical column name of the source contract (as in the raw and staging tables).';
COMMENT ON COLUMN audit.source_file_columns.header_found IS 'The header text as it appeared in the file (an accepted alias of column_name).';
COMMENT ON COLUMN audit.source_file_columns.column_letter IS 'Spreadsheet column letter (A, B, ..., AA) of that header, so a message can point at the cell.';

COMMENT ON TABLE audit.runs IS 'One row per refresh run that published the warehouse: which code, configuration and method choices produced it. The run that made this file is the latest published_at.';
COMMENT ON COLUMN audit.runs.run_id IS 'Dagster run id.';
COMMENT ON COLUMN audit.runs.shrink_accepted IS 'NULL when the run published at least what the warehouse it replaced held; otherwise what it published less (organisation x indicator x period or source x WRES year losses) and the flag that accepted it (publication.allow_shrink / wres refresh --allow-shrink).';
COMMENT ON COLUMN audit.runs.job_name IS 'Dagster job that ran (e.g. wres_refresh).';
COMMENT ON COLUMN audit.runs.started_at IS 'When the run started (UTC, no time zone).';
COMMENT ON COLUMN audit.runs.published_at IS 'When the run recorded itself just before copying the published file (UTC, no time zone).';
COMMENT ON COLUMN audit.runs.code_version IS 'Hash of every asset''s code version (its SQL text and Python logic).';
COMMENT ON COLUMN audit.runs.config_hash IS 'Hash of the effective settings (`wres config` shows them).';
COMMENT ON COLUMN audit.runs.method_version IS 'The method choices stamped on every indicator value (method_version of marts.wres_indicator_result).';
COMMENT ON COLUMN audit.runs.status IS 'published (only publishing runs are recorded).';
