-- §4.4: respondent rows are used only to build aggregates. Once staging.survey_aggregate is built, the
-- answers, breakdowns, Respondent IDs and row hashes in raw.staff_survey_responses are erased, unless
-- survey.store_respondent_rows is on. The lineage (file, sheet, row, drop reason) stays, so every row
-- read is still accounted for (reconciliation).
UPDATE raw.staff_survey_responses
SET respondent_id = NULL, mode = NULL, answers = NULL, breakdowns = NULL, row_hash = NULL
WHERE NOT $store_respondent_rows;
