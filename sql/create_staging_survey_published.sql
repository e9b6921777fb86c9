-- staging.survey_published: the published WRES percentages of indicators 5-8 by WRES ethnic group
-- (the 'WRES' sheet of the staff survey workbook; wres-indicators.md §5-8), one row per organisation,
-- survey year, indicator and group (WHITE, BME). percent 0-100, NULL when suppressed ('-', D28).
CREATE OR REPLACE TABLE staging.survey_published AS
SELECT
    t.org_code,
    t.year_n AS survey_year,
    t.indicator_n AS indicator,
    g.ethnic_group,
    CAST(CASE g.ethnic_group WHEN 'WHITE' THEN t.white_number ELSE t.bme_number END AS DOUBLE) * t.factor AS percent,
    CASE g.ethnic_group WHEN 'WHITE' THEN t.white_n ELSE t.bme_n END AS n_responses,
    coalesce(trim(CASE g.ethnic_group WHEN 'WHITE' THEN t.white_percent ELSE t.bme_percent END) = '-', FALSE) AS is_suppressed,
    wres_clean(t.organisation_name) AS organisation_name,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_survey_wres AS t
CROSS JOIN (VALUES ('WHITE'), ('BME')) AS g(ethnic_group)
WHERE t.reject IS NULL;
