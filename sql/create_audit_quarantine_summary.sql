-- audit.quarantine_summary: the rows that did not load, counted per file, rule and column, with the rule's
-- reason but never a value from the file (the values, which can identify a person, stay in the private
-- staging.quarantine: `wres quarantine`). Published, so BI users see data quality without the private database.
CREATE OR REPLACE TABLE audit.quarantine_summary AS
SELECT
    source,
    org_code,
    file_name,
    sheet,
    severity,
    rule_id,
    column_name,
    count(*) AS rows,
    min(row_number) AS first_row,
    arg_min(reason, row_number) AS reason
FROM staging.quarantine
GROUP BY ALL
ORDER BY source, file_name, sheet, rule_id, column_name;

COMMENT ON TABLE audit.quarantine_summary IS 'Rows that did not load (quarantined), counted per source file, rule and column, with the rule''s reason. No value from the files is shown: the row-level detail, values included, stays in the private build database (wres quarantine). Every quarantined row is in one count: rows read = rows staged + rows quarantined + counted drops, per file.';
COMMENT ON COLUMN audit.quarantine_summary.source IS 'Inbox source of the file (esr_staff_in_post, trac_applications, er_cases, ...).';
COMMENT ON COLUMN audit.quarantine_summary.org_code IS 'Organisation of the file.';
COMMENT ON COLUMN audit.quarantine_summary.file_name IS 'File name as received.';
COMMENT ON COLUMN audit.quarantine_summary.sheet IS 'Worksheet, for a spreadsheet; NULL for a CSV.';
COMMENT ON COLUMN audit.quarantine_summary.severity IS 'REJECT_ROW (the row is left out) or DUPLICATE (an exact or earlier copy of a row that loaded).';
COMMENT ON COLUMN audit.quarantine_summary.rule_id IS 'The rule the rows broke, e.g. ESR_SIP-015 (the README lists the rules by source).';
COMMENT ON COLUMN audit.quarantine_summary.column_name IS 'The column as headed in the file.';
COMMENT ON COLUMN audit.quarantine_summary.rows IS 'Rows of the file quarantined under this rule and column.';
COMMENT ON COLUMN audit.quarantine_summary.first_row IS 'Physical row number (1 = the first line of the file or sheet) of the first such row.';
COMMENT ON COLUMN audit.quarantine_summary.reason IS 'The rule''s reason, e.g. "not a recognised ESR ethnic origin; expected a value such as ..." (for the first such row; the value itself is not shown).';
