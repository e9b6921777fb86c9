-- Applications that did not load (REJECT_ROW) or were superseded by the applicant's latest-stage row
-- on the same vacancy (DUPLICATE, D31), each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_trac_applications AS
SELECT * FROM wres_quarantine('trac_applications', 'typed_applications');
