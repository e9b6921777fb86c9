-- Value labels a survey contractor may send instead of codes (source-extracts.md §4.4: "value labels
-- instead of codes are accepted and mapped"), by the response kinds of ref.survey_question_map, and the
-- response labels of the published workbooks ('% Never' -> 'Never'). code NULL with is_dont_know:
-- the year's Don't know code (ref.survey_question_map.dont_know_codes) applies.
CREATE OR REPLACE TABLE ref.survey_response_label AS
WITH labels(response_kind, label, code, is_dont_know) AS (
    SELECT * FROM (VALUES
        ('frequency', 'Never', 1, FALSE), ('frequency', '1-2', 2, FALSE), ('frequency', '3-5', 3, FALSE),
        ('frequency', '6-10', 4, FALSE), ('frequency', 'More than 10', 5, FALSE),
        ('frequency', '1 to 2', 2, FALSE), ('frequency', '3 to 5', 3, FALSE), ('frequency', '6 to 10', 4, FALSE),
        ('frequency', 'More than 10 times', 5, FALSE),
        ('yes_no', 'Yes', 1, FALSE), ('yes_no', 'No', 2, FALSE),
        ('yes_no_dont_know', 'Yes', 1, FALSE), ('yes_no_dont_know', 'No', 2, FALSE),
        ('yes_no_dont_know', 'Don''t know', NULL, TRUE), ('yes_no_dont_know', 'Do not know', NULL, TRUE))
)
SELECT response_kind, wres_match_form(label) AS label, code, is_dont_know FROM labels
UNION ALL
SELECT 'frequency_any', wres_match_form(label), code, is_dont_know FROM labels WHERE response_kind = 'frequency';

COMMENT ON TABLE ref.survey_response_label IS 'Value labels a survey contractor may send instead of response codes (source-extracts.md §4.4), and the response labels of the published workbooks, mapped to the codes of each response kind of ref.survey_question_map.';
COMMENT ON COLUMN ref.survey_response_label.response_kind IS 'frequency, frequency_any, yes_no or yes_no_dont_know (as ref.survey_question_map.response_kind).';
COMMENT ON COLUMN ref.survey_response_label.label IS 'The label in matching form (lower case, single spaces).';
COMMENT ON COLUMN ref.survey_response_label.code IS 'Response code it stands for (frequency 1 Never .. 5 More than 10; yes_no 1 Yes, 2 No); NULL for Don''t know, whose code is the survey year''s dont_know_codes.';
COMMENT ON COLUMN ref.survey_response_label.is_dont_know IS 'TRUE for a Don''t know answer.';
