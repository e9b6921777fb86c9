-- Survey respondent rows that did not load, each with file, sheet, row, column, value, rule and message
-- (only the offending value is kept: an ESR-like Respondent ID is masked).
CREATE OR REPLACE TABLE staging.quarantine_staff_survey_responses AS
SELECT * FROM wres_quarantine('staff_survey_responses', 'typed_survey_responses');
