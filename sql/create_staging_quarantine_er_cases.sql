-- ER cases that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_er_cases AS
SELECT * FROM wres_quarantine('er_cases', 'typed_er_cases');
