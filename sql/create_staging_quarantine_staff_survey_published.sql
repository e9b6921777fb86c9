-- Published survey result rows that did not load, each with file, sheet, row, column, value, rule and message.
CREATE OR REPLACE TABLE staging.quarantine_staff_survey_published AS
SELECT * FROM wres_quarantine('staff_survey_published', 'typed_survey_published');
