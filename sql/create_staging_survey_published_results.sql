-- staging.survey_published_results: the published organisation results (source-extracts.md §4.1), one
-- row per organisation, weighting, question and response column: 'Q14a % Never' -> question q14a,
-- response 'Never', percent 0-100 (NULL and is_suppressed for '-', D28). item / indicator: the WRES
-- item whose source the question is in that survey year (ref.survey_question_map; q14b and q14c are
-- sources of the derived indicator 6 item, whose published item percentages cannot be combined), and
-- response_outcome: whether the response counts as positive / negative / don't know for that item.
-- All-staff values: the WRES White / BME split is staging.survey_published (the 'WRES' sheet).
CREATE OR REPLACE TABLE staging.survey_published_results AS
SELECT
    t.org_code,
    t.year_n AS survey_year,
    wres_clean(t.organisation_name) AS organisation_name,
    wres_clean(t.benchmarking_group) AS benchmarking_group,
    wres_clean(t.weighting) AS weighting,
    c.question_code,
    m.item,
    m.indicator,
    c.response_label,
    CASE WHEN lbl.code IS NULL AND NOT coalesce(lbl.is_dont_know, FALSE) THEN NULL
         WHEN coalesce(lbl.is_dont_know, FALSE) OR list_contains(m.dont_know_codes, lbl.code) THEN 'dont_know'
         WHEN list_contains(m.positive_codes, lbl.code) THEN 'positive'
         WHEN list_contains(m.negative_codes, lbl.code) THEN 'negative' END AS response_outcome,
    c.percent,
    c.is_suppressed,
    c.header AS column_header,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_survey_published AS t
JOIN survey_published_cells AS c
  ON c.source_file_id = t.source_file_id AND c.sheet IS NOT DISTINCT FROM t.sheet AND c.row_number = t.row_number
LEFT JOIN (
    SELECT m.*, s.source_item FROM ref.survey_question_map AS m CROSS JOIN unnest(m.source_items) AS s(source_item)
) AS m ON t.year_n BETWEEN m.survey_year_from AND m.survey_year_to AND m.source_item = c.question_code
LEFT JOIN ref.survey_response_label AS lbl ON lbl.response_kind = m.response_kind AND lbl.label = wres_match_form(c.response_label)
WHERE t.reject IS NULL;
