-- Staff in post rows that did not load: REJECT_ROW (a row rule broken) and DUPLICATE (an exact copy
-- of a kept row), each with the plain-English message of source-extracts.md §1.11.
CREATE OR REPLACE TABLE staging.quarantine_esr_staff_in_post AS
SELECT
    'esr_staff_in_post' AS source,
    t.org_code,
    t.snapshot_date AS period_date,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number,
    CASE WHEN t.reject.rule_id = 'ESR_SIP-009' THEN 'DUPLICATE' ELSE 'REJECT_ROW' END AS severity,
    t.reject.rule_id AS rule_id,
    coalesce(fc.header_found, t.reject.column_name) AS column_name,
    fc.column_letter,
    t.reject.raw_value AS raw_value,
    CASE WHEN t.reject.rule_id = 'ESR_SIP-009' THEN 'DUPLICATE' ELSE 'REJECT_ROW' END
        || ' ' || t.reject.rule_id || ' ' || t.file_name || coalesce('!' || t.sheet, '')
        || ' row ' || t.row_number || ' column "' || coalesce(fc.header_found, t.reject.column_name) || '"'
        || ' value "' || coalesce(t.reject.raw_value, '') || '": ' || t.reject.reason || '.' AS message
FROM typed_staff_in_post AS t
LEFT JOIN audit.source_file_columns AS fc
    ON fc.source_file_id = t.source_file_id AND fc.sheet IS NOT DISTINCT FROM t.sheet
   AND fc.column_name = t.reject.column_name
WHERE t.reject IS NOT NULL;
