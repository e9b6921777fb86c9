-- Leaver rows that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_esr_leavers AS
SELECT * FROM wres_quarantine('esr_leavers', 'typed_esr');
