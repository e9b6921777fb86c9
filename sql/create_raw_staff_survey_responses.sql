-- raw.staff_survey_responses: every row read from the inbox (strings under the contract's column names; see
-- wres_pipeline/readers/contracts.py), with organisation, period, file id, sheet, physical row
-- number and drop reason (total / repeated header / blank / trailer rows are kept and marked).
-- Respondent answers are erased once aggregated (sql/update_raw_staff_survey_responses.sql, §4.4).
CREATE OR REPLACE TABLE raw.staff_survey_responses AS SELECT * FROM incoming_rows;
