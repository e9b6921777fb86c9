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
