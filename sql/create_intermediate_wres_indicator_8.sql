-- WRES indicator 8 (wres-indicators.md §5-8, §5.1 question map, §5.2 respondent rules):
-- % of staff personally experiencing discrimination at work from a manager / team leader
-- or other colleagues in the last 12 months (lower is better).
-- BME and White, from the staff survey of report year - methods.survey_lag_years. The logic is shared
-- by indicators 5-8: table macro wres_survey_rows in sql/create_indicator_macros.sql.
CREATE OR REPLACE TABLE intermediate.wres_indicator_8 AS
SELECT * FROM wres_survey_rows(8, $survey_min_responses, $ind7_dont_know = 'in_base', $survey_lag_years, $method_version);
