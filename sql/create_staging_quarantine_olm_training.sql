-- Training records that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_olm_training AS
SELECT * FROM wres_quarantine('olm_training', 'typed_training');
