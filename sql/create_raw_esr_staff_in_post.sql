-- raw.esr_staff_in_post: every row read from the staff-in-post files (strings, contract column names),
-- with organisation, snapshot date, file id, sheet, physical row number and drop reason
-- (total / repeated header / blank / trailer rows are kept and marked, never silently dropped).
CREATE OR REPLACE TABLE raw.esr_staff_in_post AS SELECT * FROM incoming_rows;
