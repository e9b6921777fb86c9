-- staging.survey_aggregate: NHS Staff Survey respondent rows as counts only (source-extracts.md §4.4;
-- wres-indicators.md §5.2), one row per organisation, survey year, file, breakdown ('all', and each
-- Breakdown n column with its value), WRES ethnic group (the year's ethnicity question, §4.3) and
-- item. Items: the WRES items of ref.survey_question_map for the year (q14a, wres6_staff_any, q15,
-- q16b in 2021-2024) and each source item of a derived item (q14b, q14c). A respondent answers a
-- derived item when they answered any of its source items, and is positive when any is positive.
-- n_respondents_answered counts every valid answer including Don't know; n_dont_know is the part that
-- answered only Don't know; n_respondents counts every respondent of the cell. Small-number rule
-- (§1.10): a cell with fewer than thresholds.survey_min_responses answers keeps its counts of
-- respondents, and its n_positive / n_dont_know are NULL (is_suppressed).
CREATE OR REPLACE TABLE staging.survey_aggregate AS
WITH respondents AS (
    SELECT org_code, year_n AS survey_year, source_file_id, sheet, row_number, eth.wres_group AS ethnic_group, breakdowns
    FROM typed_survey_responses
    WHERE reject IS NULL
),
items AS (
    SELECT DISTINCT survey_year_from, survey_year_to, item, source_item, positive_codes, negative_codes, dont_know_codes
    FROM (SELECT * FROM survey_items
          UNION ALL BY NAME
          SELECT * REPLACE (source_item AS item) FROM survey_items WHERE source_item <> item)
),
per_respondent AS (
    SELECT
        r.org_code, r.survey_year, r.source_file_id, r.sheet, r.row_number, r.ethnic_group, i.item,
        any_value(r.breakdowns) AS breakdowns,  -- one list per respondent: not a grouping key (costly to compare)
        coalesce(bool_or(list_contains(i.positive_codes, a.code)), FALSE) AS is_positive,
        coalesce(bool_or(list_contains(i.positive_codes, a.code) OR list_contains(i.negative_codes, a.code)), FALSE)
            AS is_yes_or_no,
        coalesce(bool_or(list_contains(i.dont_know_codes, a.code)), FALSE) AS is_dont_know
    FROM respondents AS r
    JOIN items AS i ON r.survey_year BETWEEN i.survey_year_from AND i.survey_year_to
    LEFT JOIN survey_answers AS a
      ON a.source_file_id = r.source_file_id AND a.sheet IS NOT DISTINCT FROM r.sheet AND a.row_number = r.row_number
     AND a.source_item = i.source_item
    GROUP BY ALL
),
cells AS (
    SELECT p.* EXCLUDE (breakdowns), 'all' AS breakdown_type, 'all' AS breakdown_value FROM per_respondent AS p
    UNION ALL
    SELECT p.* EXCLUDE (breakdowns), u.b.header, wres_clean(u.b.value)
    FROM per_respondent AS p CROSS JOIN unnest(p.breakdowns) AS u(b)
    WHERE wres_clean(u.b.value) IS NOT NULL
),
counts AS (
    SELECT org_code, survey_year, source_file_id, breakdown_type, breakdown_value, ethnic_group, item,
           count(*) FILTER (WHERE is_yes_or_no OR is_dont_know) AS n_respondents_answered,
           count(*) FILTER (WHERE is_positive) AS n_positive,
           count(*) FILTER (WHERE is_dont_know AND NOT is_yes_or_no) AS n_dont_know,
           count(*) AS n_respondents
    FROM cells
    GROUP BY ALL
)
SELECT
    org_code,
    CAST(survey_year AS INTEGER) AS survey_year,
    breakdown_type,
    breakdown_value,
    ethnic_group,
    item,
    n_respondents_answered,
    CASE WHEN n_respondents_answered >= $survey_min_responses THEN n_positive END AS n_positive,
    CASE WHEN n_respondents_answered >= $survey_min_responses THEN n_dont_know END AS n_dont_know,
    n_respondents,
    n_respondents_answered < $survey_min_responses AS is_suppressed,
    source_file_id
FROM counts;
