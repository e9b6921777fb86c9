-- marts.wres_indicator_result: the long-format result table of wres-indicators.md §13, one row per
-- organisation x period (period_type 'wres_year' at 31 March, 'rolling_12m' at the other quarter
-- ends) x indicator x subgroup x measure, codes as §13.1. The relative-likelihood columns
-- (white_events .. range_class) are filled for indicators 2-4 and NULL elsewhere.
CREATE OR REPLACE TABLE marts.wres_indicator_result AS
SELECT
    org_code,
    CAST(report_year AS INTEGER) AS report_year,
    period_type,
    period_end,
    CAST(indicator AS INTEGER) AS indicator,
    subgroup,
    measure,
    value,
    numerator,
    denominator,
    white_value,
    bme_value,
    unknown_value,
    unknown_count,
    status,
    small_numbers_flag,
    suppressed_for_publication,
    method_version,
    source_extract_ids,
    white_events,
    white_population,
    bme_events,
    bme_population,
    ci_lower,
    ci_upper,
    range_class,
    sort_order
FROM (
    SELECT * FROM intermediate.wres_indicator_1
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_2
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_3
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_4
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_5
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_6
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_7
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_8
    UNION ALL BY NAME SELECT * FROM intermediate.wres_indicator_9
)
ORDER BY org_code, report_year, period_end, indicator, sort_order, subgroup, measure;
