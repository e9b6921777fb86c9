-- WRES breakdown rows of the published survey that did not load, with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_staff_survey_wres AS
SELECT * FROM wres_quarantine('staff_survey_wres', 'typed_survey_wres');
