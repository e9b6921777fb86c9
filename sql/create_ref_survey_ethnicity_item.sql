-- The NHS Staff Survey's ethnic-background question by survey year (source-extracts.md §4.2 [OBS]:
-- Q25 in 2021, Q27 in 2022, Q28 in 2023 and 2024; D29), so respondent files are read with
-- (survey year, question) keys. Years not listed have no mapping: their respondent rows are rejected
-- with a message saying so. Codes per §4.3 (ref.ethnic_census_category).
-- From 2025 the code list inserts '13 Asian: Filipino' and codes 13-18 move to 14-19 (the 2025
-- questionnaire, as the generator's wres_pipeline/generator/sources/survey.py reads it [G: confirm
-- against the published 2025 questionnaire]): inserted_code says where a year's list inserts it.
CREATE OR REPLACE TABLE ref.survey_ethnicity_item AS
SELECT * FROM (VALUES
    (2021, 2021, 'q25', CAST(NULL AS INTEGER)),
    (2022, 2022, 'q27', NULL),
    (2023, 2024, 'q28', NULL),
    (2025, 2025, 'q28', 13)
) AS t(survey_year_from, survey_year_to, question_code, inserted_code);

COMMENT ON TABLE ref.survey_ethnicity_item IS 'The NHS Staff Survey ethnic-background question by survey year (source-extracts.md §4.2), so respondent files are read with the right question; survey years not listed have no mapping and their respondent rows are rejected with a message.';
COMMENT ON COLUMN ref.survey_ethnicity_item.survey_year_from IS 'First survey year (fieldwork year) the row applies to.';
COMMENT ON COLUMN ref.survey_ethnicity_item.survey_year_to IS 'Last survey year the row applies to (inclusive).';
COMMENT ON COLUMN ref.survey_ethnicity_item.question_code IS 'The ethnic-background question (lower case), e.g. q28.';
COMMENT ON COLUMN ref.survey_ethnicity_item.inserted_code IS 'Where that year''s code list inserts a category (2025: 13 Asian: Filipino, so codes 13-18 of ref.ethnic_census_category move to 14-19); NULL when the list is the §4.3 list unchanged.';
