-- ref.survey_question_map: which NHS Staff Survey item answers each WRES indicator in each survey
-- year (wres-indicators.md §5.1, versioned, never hard-coded), and how its response codes count
-- (§5.2). Read from wres_pipeline/reference_data/survey_question_map.csv. Survey years absent from the
-- file (2017, 2026+) have no mapping, so only published values can be used for them. A year whose
-- questionnaire numbering has not been checked (2025) carries the nearest earlier map with verified =
-- false: its values are computed, and stamped survey_map=<map_version> in method_version so nobody
-- mistakes them for checked ones.
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
       map_version,
       verified,
       evidence
FROM read_csv($survey_question_map_file, header = true,
              columns = {'survey_year_from': 'INTEGER', 'survey_year_to': 'INTEGER', 'indicator': 'INTEGER',
                         'item': 'VARCHAR', 'source_items': 'VARCHAR', 'response_kind': 'VARCHAR',
                         'positive_codes': 'VARCHAR', 'negative_codes': 'VARCHAR', 'dont_know_codes': 'VARCHAR',
                         'map_version': 'VARCHAR', 'verified': 'BOOLEAN', 'evidence': 'VARCHAR'});

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
COMMENT ON COLUMN ref.survey_question_map.map_version IS 'Name of the question map (e.g. nss_2021_2024); stamped survey_map=<name> in method_version of every staff-survey value computed from respondent-level data with it.';
COMMENT ON COLUMN ref.survey_question_map.verified IS 'Whether the item numbering has been checked against that year''s published questionnaire. False (map names ending _unverified): the nearest earlier map is assumed unchanged.';
COMMENT ON COLUMN ref.survey_question_map.evidence IS 'Where the mapping comes from (spec section and tag).';
