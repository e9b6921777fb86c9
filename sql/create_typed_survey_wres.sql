-- The published 'WRES' breakdown sheet (White / BME % per WRES indicator 5-8) typed and validated, each
-- row with the first rule it breaks (NULL = valid). The indicator may be written as 5, 'Indicator 5'
-- or the year's item code (q14a, KF25: ref.survey_question_map). '-' is suppressed (D28).
CREATE OR REPLACE TEMP TABLE typed_survey_wres AS
WITH b AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        coalesce(TRY_CAST(wres_clean(r.survey_year) AS INTEGER), year(r.period_start)) AS year_n,
        wres_decimal(r.white_percent) AS white_number,
        wres_decimal(r.bme_percent) AS bme_number,
        TRY_CAST(wres_decimal(r.white_base) AS BIGINT) AS white_n,
        TRY_CAST(wres_decimal(r.bme_base) AS BIGINT) AS bme_n
    FROM raw.staff_survey_wres AS r
    WHERE r.drop_reason IS NULL
),
scaled AS (
    SELECT
        b.*,
        coalesce(
            TRY_CAST(nullif(regexp_extract(wres_match_form(b.indicator), '^(?:wres )?(?:indicator )?([5-8])\b', 1), '') AS INTEGER),
            (SELECT any_value(m.indicator) FROM ref.survey_question_map AS m
             WHERE b.year_n BETWEEN m.survey_year_from AND m.survey_year_to AND m.item = lower(wres_clean(b.indicator)))
        ) AS indicator_n,
        CASE WHEN greatest(max(b.white_number) OVER f, max(b.bme_number) OVER f) <= 1 THEN 100 ELSE 1 END AS factor
    FROM b
    WINDOW f AS (PARTITION BY b.source_file_id, b.sheet)
)
SELECT
    s.*,
    CASE
        WHEN s.indicator_n IS NULL THEN
            wres_reject('NSS_W-001', 'indicator', s.indicator,
                'not a WRES survey indicator; expected 5 to 8, "Indicator 5" or the year''s question code such as "q14a"')
        WHEN wres_clean(s.survey_year) IS NOT NULL AND TRY_CAST(wres_clean(s.survey_year) AS INTEGER) IS NULL THEN
            wres_reject('NSS_W-005', 'survey_year', s.survey_year, 'Survey Year must be a year such as 2023')
        WHEN wres_clean(s.white_percent) IS NOT NULL AND s.white_number IS NULL THEN
            wres_reject('NSS_W-002', 'white_percent', s.white_percent, 'not a percentage; expected a number, or "-" when suppressed (D28)')
        WHEN wres_clean(s.bme_percent) IS NOT NULL AND s.bme_number IS NULL THEN
            wres_reject('NSS_W-002', 'bme_percent', s.bme_percent, 'not a percentage; expected a number, or "-" when suppressed (D28)')
        WHEN s.white_number * s.factor NOT BETWEEN 0 AND 100 THEN
            wres_reject('NSS_W-003', 'white_percent', s.white_percent, 'a percentage must be from 0 to 100')
        WHEN s.bme_number * s.factor NOT BETWEEN 0 AND 100 THEN
            wres_reject('NSS_W-003', 'bme_percent', s.bme_percent, 'a percentage must be from 0 to 100')
        WHEN wres_clean(s.white_base) IS NOT NULL AND s.white_n IS NULL THEN
            wres_reject('NSS_W-004', 'white_base', s.white_base, 'the number of responses must be a whole number')
        WHEN wres_clean(s.bme_base) IS NOT NULL AND s.bme_n IS NULL THEN
            wres_reject('NSS_W-004', 'bme_base', s.bme_base, 'the number of responses must be a whole number')
    END AS reject
FROM scaled AS s;
