-- marts.wres_indicator_result: the long-format result table of wres-indicators.md §13, one row per
-- organisation x period x indicator x subgroup x measure. Relative-likelihood columns are NULL for
-- representation indicators.
CREATE OR REPLACE TABLE marts.wres_indicator_result AS
SELECT
    org_code,
    report_year,
    period_type,
    period_end,
    indicator,
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
    NULL::BIGINT AS white_events,
    NULL::BIGINT AS white_population,
    NULL::BIGINT AS bme_events,
    NULL::BIGINT AS bme_population,
    NULL::DOUBLE AS ci_lower,
    NULL::DOUBLE AS ci_upper,
    NULL::VARCHAR AS range_class,
    sort_order
FROM intermediate.wres_indicator_1
ORDER BY org_code, report_year, indicator, sort_order, subgroup, measure;
