-- staging.survey_responses: respondent-level answers, stored ONLY when survey.store_respondent_rows is
-- turned on (source-extracts.md §4.4: row-level storage is off by default; the table is then empty).
-- Never joined to ESR. One row per respondent and validated question.
CREATE OR REPLACE TABLE staging.survey_responses AS
SELECT t.org_code, t.year_n AS survey_year, t.rid AS respondent_id, t.eth.wres_group AS ethnic_group,
       t.eth.census_code AS ethnic_census_code, a.source_item AS question, a.code AS answer_code,
       t.source_file_id, t.file_name, t.sheet, t.row_number
FROM typed_survey_responses AS t
JOIN survey_answers AS a
  ON a.source_file_id = t.source_file_id AND a.sheet IS NOT DISTINCT FROM t.sheet AND a.row_number = t.row_number
WHERE t.reject IS NULL AND $store_respondent_rows;
