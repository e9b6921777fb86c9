-- audit.indicator_provenance: every indicator value traced to the files that fed it (name, source,
-- SHA-256, the run that read them), the SQL that computed it, the method choices and the code version.
-- "Which file and which rule produced BME % in band 8a for March 2024?" is one query on this table.
CREATE OR REPLACE TABLE audit.indicator_provenance AS
WITH ids AS (
    SELECT org_code, report_year, period_type, period_end, indicator, subgroup, measure, method_version,
           unnest(string_split(coalesce(source_extract_ids, ''), ';')) AS source_file_id
    FROM marts.wres_indicator_result
),
files AS (  -- the latest load of each file id
    SELECT source_file_id, source, file_name, sha256, coalesce(read_in_run, run_id) AS read_in_run, loaded_at
    FROM audit.source_files
    WHERE status = 'loaded'
    QUALIFY row_number() OVER (PARTITION BY source_file_id ORDER BY loaded_at DESC) = 1
)
SELECT
    ids.org_code, ids.report_year, ids.period_type, ids.period_end, ids.indicator, ids.subgroup, ids.measure,
    nullif(ids.source_file_id, '') AS source_file_id,
    f.source,
    f.file_name,
    f.sha256,
    f.read_in_run,
    $run_id AS computed_in_run,
    'sql/create_intermediate_wres_indicator_' || ids.indicator || '.sql' AS indicator_sql,
    $code_version AS code_version,
    ids.method_version
FROM ids
LEFT JOIN files AS f USING (source_file_id);

COMMENT ON TABLE audit.indicator_provenance IS
    'Lineage of every value in marts.wres_indicator_result: source file (name, SHA-256, reading run), the SQL that computed it, the code version and the method choices.';
COMMENT ON COLUMN audit.indicator_provenance.sha256 IS 'SHA-256 of the source file as received in the inbox';
COMMENT ON COLUMN audit.indicator_provenance.computed_in_run IS 'Dagster run id of the refresh that computed and published the value (audit.runs)';
COMMENT ON COLUMN audit.indicator_provenance.indicator_sql IS 'The SQL file (in sql/) that implements the indicator rule';
COMMENT ON COLUMN audit.indicator_provenance.org_code IS 'Organisation (ODS-style code) of the value.';
COMMENT ON COLUMN audit.indicator_provenance.report_year IS 'WRES report year of the value (as marts.wres_indicator_result).';
COMMENT ON COLUMN audit.indicator_provenance.period_type IS 'wres_year or rolling_12m (as marts.wres_indicator_result).';
COMMENT ON COLUMN audit.indicator_provenance.period_end IS 'Quarter end of the value.';
COMMENT ON COLUMN audit.indicator_provenance.indicator IS 'WRES indicator 1-9.';
COMMENT ON COLUMN audit.indicator_provenance.subgroup IS 'Subgroup code of the value (shared/spec/wres-indicators.md §13.1).';
COMMENT ON COLUMN audit.indicator_provenance.measure IS 'Measure code of the value (§13.1).';
COMMENT ON COLUMN audit.indicator_provenance.source_file_id IS 'One file the value was computed from (audit.source_files.source_file_id); a value from several files has one row per file; NULL when no file fed it (e.g. status NO_DATA).';
COMMENT ON COLUMN audit.indicator_provenance.source IS 'Source extract of that file; NULL when the file has no loaded record.';
COMMENT ON COLUMN audit.indicator_provenance.file_name IS 'File name as received in the inbox.';
COMMENT ON COLUMN audit.indicator_provenance.read_in_run IS 'Dagster run id of the run that read the file''s bytes (audit.source_files.read_in_run; a later run reuses an unchanged source without reading it again).';
COMMENT ON COLUMN audit.indicator_provenance.code_version IS 'Code version of the run that computed the value (as audit.runs.code_version).';
COMMENT ON COLUMN audit.indicator_provenance.method_version IS 'Method choices behind the value (as marts.wres_indicator_result.method_version).';
