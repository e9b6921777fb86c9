-- Board register rows that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_board_register AS
SELECT * FROM wres_quarantine('board_register', 'typed_board_members');
