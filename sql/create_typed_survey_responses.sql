-- NHS Staff Survey respondent rows typed and validated (source-extracts.md §4.4), each with the first
-- row rule it breaks (NULL = valid). Connection-local TEMP tables only: respondent rows are never
-- stored (unless survey.store_respondent_rows); staging.survey_aggregate is built from them.
-- Questions are keyed by (survey year, question code) (D29): the WRES items of ref.survey_question_map
-- and the ethnicity question of ref.survey_ethnicity_item; answers may be codes or value labels.

-- Every questionnaire column validated in a survey year: each source item of a WRES item.
CREATE OR REPLACE TEMP TABLE survey_items AS
SELECT m.survey_year_from, m.survey_year_to, m.indicator, m.item, s.source_item, m.response_kind,
       m.positive_codes, m.negative_codes, m.dont_know_codes
FROM ref.survey_question_map AS m
CROSS JOIN unnest(m.source_items) AS s(source_item)
WHERE m.response_kind <> 'key_finding';

CREATE OR REPLACE TEMP TABLE survey_rows AS
SELECT
    r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
    wres_clean(r.respondent_id) AS rid,
    TRY_CAST(wres_clean(r.survey_year) AS INTEGER) AS year_n,
    count(*) OVER rid AS rid_copies,
    count(DISTINCT r.row_hash) OVER rid AS rid_versions,
    row_number() OVER (PARTITION BY r.source_file_id, wres_clean(r.respondent_id) ORDER BY r.row_number) AS rid_copy_no
FROM raw.staff_survey_responses AS r
WHERE r.drop_reason IS NULL
WINDOW rid AS (PARTITION BY r.source_file_id, wres_clean(r.respondent_id));

-- One row per respondent and validated answer: the code (a value label is mapped to its code).
CREATE OR REPLACE TEMP TABLE survey_answers AS
SELECT DISTINCT ON (b.source_file_id, b.sheet, b.row_number, i.source_item)
    b.source_file_id, b.sheet, b.row_number, i.source_item, u.a.header, u.a.value,
    CASE WHEN regexp_matches(wres_clean(u.a.value), '^[0-9]{1,2}(\.0+)?$') THEN CAST(CAST(wres_clean(u.a.value) AS DOUBLE) AS INTEGER)
         WHEN lbl.is_dont_know THEN i.dont_know_codes[1]
         ELSE lbl.code END AS code,
    wres_clean(u.a.value) IS NULL
        OR list_contains(list_concat(i.positive_codes, i.negative_codes, i.dont_know_codes),
            CASE WHEN regexp_matches(wres_clean(u.a.value), '^[0-9]{1,2}(\.0+)?$')
                     THEN CAST(CAST(wres_clean(u.a.value) AS DOUBLE) AS INTEGER)
                 WHEN lbl.is_dont_know THEN i.dont_know_codes[1]
                 ELSE lbl.code END) AS is_valid,
    i.response_kind
FROM survey_rows AS b
CROSS JOIN unnest(b.answers) AS u(a)
JOIN survey_items AS i ON b.year_n BETWEEN i.survey_year_from AND i.survey_year_to AND i.source_item = lower(u.a.header)
LEFT JOIN ref.survey_response_label AS lbl ON lbl.response_kind = i.response_kind AND lbl.label = wres_match_form(u.a.value)
ORDER BY b.source_file_id, b.sheet, b.row_number, i.source_item;

CREATE OR REPLACE TEMP TABLE typed_survey_responses AS
WITH columns_present AS (
    SELECT DISTINCT b.source_file_id, b.sheet, lower(u.a.header) AS question
    FROM survey_rows AS b CROSS JOIN unnest(b.answers) AS u(a)
),
years AS (SELECT DISTINCT source_file_id, sheet, year_n FROM survey_rows WHERE year_n IS NOT NULL),
-- The questions a file must carry for each of its survey years: the WRES items and the ethnicity item.
required AS (
    SELECT y.source_file_id, y.sheet, y.year_n, i.source_item AS question,
           'WRES indicator ' || i.indicator || ' in ' || y.year_n AS purpose
    FROM years AS y JOIN survey_items AS i ON y.year_n BETWEEN i.survey_year_from AND i.survey_year_to
    WHERE i.indicator BETWEEN 5 AND 8
    UNION ALL
    SELECT y.source_file_id, y.sheet, y.year_n, e.question_code, 'the ethnicity question in ' || y.year_n
    FROM years AS y JOIN ref.survey_ethnicity_item AS e ON y.year_n BETWEEN e.survey_year_from AND e.survey_year_to
),
missing AS (
    SELECT q.source_file_id, q.sheet, q.year_n, arg_min({'question': q.question, 'purpose': q.purpose}, q.question) AS first_missing
    FROM required AS q
    ANTI JOIN columns_present AS p
        ON p.source_file_id = q.source_file_id AND p.sheet IS NOT DISTINCT FROM q.sheet AND p.question = q.question
    GROUP BY ALL
),
mapped_years AS (
    SELECT y.year_n
    FROM (SELECT DISTINCT year_n FROM years) AS y
    WHERE EXISTS (SELECT 1 FROM survey_items AS i WHERE y.year_n BETWEEN i.survey_year_from AND i.survey_year_to)
      AND EXISTS (SELECT 1 FROM ref.survey_ethnicity_item AS e WHERE y.year_n BETWEEN e.survey_year_from AND e.survey_year_to)
),
ethnicity AS (
    SELECT b.source_file_id, b.sheet, b.row_number, u.a.header AS eth_header, u.a.value AS eth_value,
           -- a year whose list inserts a code (2025: 13 Filipino) is read in the 2021-2024 codes
           CASE WHEN e.inserted_code IS NULL OR NOT regexp_matches(coalesce(wres_clean(u.a.value), ''), '^[0-9]{1,2}$')
                    THEN u.a.value
                WHEN CAST(wres_clean(u.a.value) AS INTEGER) = e.inserted_code THEN 'Asian: Filipino'
                WHEN CAST(wres_clean(u.a.value) AS INTEGER) > e.inserted_code
                    THEN lpad(CAST(CAST(wres_clean(u.a.value) AS INTEGER) - 1 AS VARCHAR), 2, '0')
                ELSE u.a.value END AS eth_std
    FROM survey_rows AS b
    CROSS JOIN unnest(b.answers) AS u(a)
    JOIN ref.survey_ethnicity_item AS e
      ON b.year_n BETWEEN e.survey_year_from AND e.survey_year_to AND e.question_code = lower(u.a.header)
),
-- The ethnic group of each distinct (year-adjusted) answer, and of no answer (NULL).
ethnic_groups AS (
    SELECT eth_std, wres_ethnic(eth_std, TRUE) AS eth
    FROM (SELECT eth_std FROM ethnicity UNION SELECT NULL)
),
bad_answer AS (
    SELECT source_file_id, sheet, row_number, arg_min({'header': header, 'value': value, 'item': source_item}, source_item) AS first_bad
    FROM survey_answers WHERE NOT is_valid GROUP BY ALL
),
esr_numbers AS (SELECT DISTINCT employee_number FROM wres_esr_people())
SELECT
    b.*,
    e.eth_header,
    e.eth_value,
    eg.eth,
    CASE
        WHEN b.rid IS NULL THEN
            wres_reject('NSS_R-001', 'respondent_id', b.respondent_id, 'a Respondent ID is required')
        WHEN b.rid_copies > 1 THEN
            wres_key_rule('NSS_R', 'respondent_id', b.respondent_id, 'Respondent ID', b.rid_copies, b.rid_versions, b.rid_copy_no)
        WHEN b.year_n IS NULL OR b.year_n NOT BETWEEN 2021 AND 2030 THEN
            wres_reject('NSS_R-002', 'survey_year', b.survey_year, 'Survey Year must be a year from 2021 to 2030')
        WHEN NOT regexp_matches(coalesce(b.org_code, ''), '^[A-Z0-9]{3,5}$') THEN
            wres_reject('NSS_R-003', 'ods_code', b.ods_code, 'not an ODS organisation code; expected 3 to 5 letters or digits')
        WHEN regexp_matches(b.rid, '^[0-9]{5,10}$') AND b.rid IN (SELECT employee_number FROM esr_numbers) THEN
            wres_reject('NSS_R-004', 'respondent_id', left(b.rid, 2) || repeat('*', length(b.rid) - 2),
                'the Respondent ID is an ESR Employee Number; respondent files must use the contractor''s own IDs '
                || '(value masked)')
        WHEN b.year_n NOT IN (SELECT year_n FROM mapped_years) THEN
            wres_reject('NSS_R-005', 'survey_year', b.survey_year,
                'no question map for survey year ' || b.year_n || '; add the year to ref.survey_question_map '
                || '(reference_data/survey_question_map.csv) and ref.survey_ethnicity_item (D29)')
        WHEN m.first_missing IS NOT NULL THEN
            wres_reject('NSS_R-006', m.first_missing.question, NULL,
                'the file has no ' || m.first_missing.question || ' column (' || m.first_missing.purpose || ', D29)')
        WHEN eg.eth IS NULL THEN
            wres_reject('NSS_R-015', e.eth_header, e.eth_value,
                'not a recognised ethnic group; expected one of the year''s codes (01 to 18, to 19 from 2025) or a '
                || 'label such as "White: Irish" (§4.3)')
        WHEN ba.first_bad IS NOT NULL THEN
            wres_reject('NSS_R-020', ba.first_bad.header, ba.first_bad.value,
                'not a valid answer to ' || ba.first_bad.item || ' in ' || b.year_n
                || '; expected one of its response codes or value labels (§4.2)')
        WHEN wres_clean(b.mode) IS NOT NULL AND lower(wres_clean(b.mode)) NOT IN ('online', 'paper') THEN
            wres_reject('NSS_R-007', 'mode', b.mode, 'Mode must be Online or Paper')
    END AS reject
FROM survey_rows AS b
LEFT JOIN ethnicity AS e ON e.source_file_id = b.source_file_id AND e.sheet IS NOT DISTINCT FROM b.sheet
    AND e.row_number = b.row_number
LEFT JOIN ethnic_groups AS eg ON eg.eth_std IS NOT DISTINCT FROM e.eth_std
LEFT JOIN missing AS m ON m.source_file_id = b.source_file_id AND m.sheet IS NOT DISTINCT FROM b.sheet AND m.year_n = b.year_n
LEFT JOIN bad_answer AS ba ON ba.source_file_id = b.source_file_id AND ba.sheet IS NOT DISTINCT FROM b.sheet
    AND ba.row_number = b.row_number;
