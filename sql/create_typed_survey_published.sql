-- NHS Staff Survey published organisation results (source-extracts.md §4.1): one raw row per
-- organisation (and weighting) and sheet, its response columns ('Q14a % Never', D06) as cells. Each
-- row carries the first rule it breaks (NULL = valid); cells are kept in a TEMP table for staging.
-- '-' is a suppressed cell, not zero (D28); a blank cell is missing. Percentages published as
-- fractions (every value of a sheet at most 1) are scaled to 0-100.
CREATE OR REPLACE TEMP TABLE survey_published_cells AS
WITH cells AS (
    SELECT
        b.source_file_id, b.sheet, b.row_number, u.c.header, u.c.value,
        lower(regexp_extract(u.c.header, '^([Qq][0-9]+[A-Za-z]?)\s', 1)) AS question_code,
        trim(regexp_replace(u.c.header, '^\S+\s+(%\s*)?', '')) AS response_label,
        coalesce(trim(u.c.value) = '-', FALSE) AS is_suppressed,
        wres_decimal(u.c.value) AS number,
        wres_clean(u.c.value) IS NOT NULL AND wres_decimal(u.c.value) IS NULL AS is_not_number
    FROM raw.staff_survey_published AS b
    CROSS JOIN unnest(b.responses) AS u(c)
    WHERE b.drop_reason IS NULL
)
SELECT c.*,
       CAST(c.number AS DOUBLE) * CASE WHEN max(c.number) OVER (PARTITION BY c.source_file_id, c.sheet) <= 1 THEN 100 ELSE 1 END
           AS percent
FROM cells AS c;

CREATE OR REPLACE TEMP TABLE typed_survey_published AS
WITH bad AS (
    SELECT source_file_id, sheet, row_number,
           arg_min({'header': header, 'value': value,
                    'reason': CASE WHEN is_not_number THEN 'not a percentage; expected a number, or "-" when suppressed (D28)'
                                   ELSE 'a percentage must be from 0 to 100' END}, header) AS first_bad
    FROM survey_published_cells
    WHERE is_not_number OR percent NOT BETWEEN 0 AND 100
    GROUP BY ALL
)
SELECT
    r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
    coalesce(TRY_CAST(wres_clean(r.survey_year) AS INTEGER), year(r.period_start)) AS year_n,
    CASE
        WHEN NOT regexp_matches(coalesce(upper(wres_clean(r.ods_code)), ''), '^[A-Z0-9]{3,5}$') THEN
            wres_reject('NSS_P-001', 'ods_code', r.ods_code, 'not an ODS organisation code; expected 3 to 5 letters or digits')
        WHEN wres_clean(r.survey_year) IS NOT NULL AND TRY_CAST(wres_clean(r.survey_year) AS INTEGER) IS NULL THEN
            wres_reject('NSS_P-004', 'survey_year', r.survey_year, 'Survey Year must be a year such as 2023')
        WHEN b.first_bad IS NOT NULL THEN
            wres_reject(CASE WHEN b.first_bad.reason LIKE 'not a percentage%' THEN 'NSS_P-002' ELSE 'NSS_P-003' END,
                        b.first_bad.header, b.first_bad.value, b.first_bad.reason)
    END AS reject
FROM raw.staff_survey_published AS r
LEFT JOIN bad AS b ON b.source_file_id = r.source_file_id AND b.sheet IS NOT DISTINCT FROM r.sheet AND b.row_number = r.row_number
WHERE r.drop_reason IS NULL;
