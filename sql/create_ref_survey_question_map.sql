-- ref.survey_question_map: which NHS Staff Survey item answers each WRES indicator in each survey
-- year (wres-indicators.md §5.1, versioned, never hard-coded), and how its response codes count
-- (§5.2). Read from wres_pipeline/reference_data/survey_question_map.csv. Survey years absent from the
-- file (2017, 2025+: not verified) have no mapping, so only published values can be used for them.
CREATE OR REPLACE TABLE ref.survey_question_map AS
SELECT survey_year_from, survey_year_to, indicator, lower(item) AS item,
       list_transform(string_split(lower(source_items), ';'), x -> trim(x)) AS source_items,
       response_kind,
       list_filter(list_transform(string_split(coalesce(positive_codes, ''), ';'), x -> TRY_CAST(x AS INTEGER)),
                   x -> x IS NOT NULL) AS positive_codes,
       list_filter(list_transform(string_split(coalesce(negative_codes, ''), ';'), x -> TRY_CAST(x AS INTEGER)),
                   x -> x IS NOT NULL) AS negative_codes,
       list_filter(list_transform(string_split(coalesce(dont_know_codes, ''), ';'), x -> TRY_CAST(x AS INTEGER)),
                   x -> x IS NOT NULL) AS dont_know_codes,
       evidence
FROM read_csv($survey_question_map_file, header = true,
              columns = {'survey_year_from': 'INTEGER', 'survey_year_to': 'INTEGER', 'indicator': 'INTEGER',
                         'item': 'VARCHAR', 'source_items': 'VARCHAR', 'response_kind': 'VARCHAR',
                         'positive_codes': 'VARCHAR', 'negative_codes': 'VARCHAR', 'dont_know_codes': 'VARCHAR',
                         'evidence': 'VARCHAR'});

COMMENT ON TABLE ref.survey_question_map IS 'Which NHS Staff Survey item answers each WRES staff-survey indicator (5-8) in each survey year, and how its response codes count (wres-indicators.md §5.1-5.2). Versioned by survey year; a year not listed has no respondent-level mapping, so only published values are used for it.';
COMMENT ON COLUMN ref.survey_question_map.survey_year_from IS 'First survey year (the autumn fieldwork year, report year minus the survey lag) the mapping applies to.';
COMMENT ON COLUMN ref.survey_question_map.survey_year_to IS 'Last survey year the mapping applies to (inclusive).';
COMMENT ON COLUMN ref.survey_question_map.indicator IS 'WRES indicator 5, 6, 7 or 8.';
COMMENT ON COLUMN ref.survey_question_map.item IS 'The item code the indicator is reported under (lower case: a question such as q13a, a key finding kf25, or a derived item such as wres6_staff_any).';
COMMENT ON COLUMN ref.survey_question_map.source_items IS 'The questionnaire items read (lower case); with response_kind frequency_any a respondent counts if any of them is positive.';
COMMENT ON COLUMN ref.survey_question_map.response_kind IS 'frequency (1 Never .. 5 More than 10), frequency_any (several frequency items, any positive), yes_no, yes_no_dont_know, or key_finding (published values only).';
COMMENT ON COLUMN ref.survey_question_map.positive_codes IS 'Response codes counted in the numerator (the "yes" / experienced at least once answers).';
COMMENT ON COLUMN ref.survey_question_map.negative_codes IS 'Response codes counted in the base but not the numerator.';
COMMENT ON COLUMN ref.survey_question_map.dont_know_codes IS 'Don''t know codes: left out of the base, except for indicator 7 when methods.ind7_dont_know = in_base.';
COMMENT ON COLUMN ref.survey_question_map.evidence IS 'Where the mapping comes from (spec section and tag).';
