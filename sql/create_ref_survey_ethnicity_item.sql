-- The NHS Staff Survey's ethnic-background question by survey year (source-extracts.md §4.2 [OBS]:
-- Q25 in 2021, Q27 in 2022, Q28 in 2023 and 2024; D29), so respondent files are read with
-- (survey year, question) keys. Years not listed have no mapping: their respondent rows are rejected
-- with a message saying so. Codes per §4.3 (ref.ethnic_census_category).
CREATE OR REPLACE TABLE ref.survey_ethnicity_item AS
SELECT * FROM (VALUES
    (2021, 2021, 'q25'),
    (2022, 2022, 'q27'),
    (2023, 2024, 'q28')
) AS t(survey_year_from, survey_year_to, question_code);
