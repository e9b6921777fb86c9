-- marts.wres_return_anomaly: the year-on-year review list of the WRES return. Every figure of every
-- line of marts.wres_return is set against the same figure of the same organisation and line in the
-- previous WRES year; the figures that moved by more than the configured amount for their kind are
-- listed (config wres_return.anomaly_*: counts by a share of last year and a minimum number of people,
-- percentages and pp by a number of points, RLs by a share of last year). Private, like the return.
CREATE OR REPLACE TABLE marts.wres_return_anomaly AS
WITH figures AS (  -- INCLUDE NULLS: a figure the return had last year and has not now is listed too
    SELECT * FROM (
        SELECT org_code, report_year, line_order, line_code, label,
               CAST(white_count AS DOUBLE) AS white_count,
               CAST(bme_count AS DOUBLE) AS bme_count,
               CAST(unknown_count AS DOUBLE) AS unknown_count,
               CAST(total_count AS DOUBLE) AS total_count,
               CAST(white_events AS DOUBLE) AS white_events,
               CAST(white_population AS DOUBLE) AS white_population,
               CAST(bme_events AS DOUBLE) AS bme_events,
               CAST(bme_population AS DOUBLE) AS bme_population,
               CAST(bme_positive AS DOUBLE) AS bme_positive,
               CAST(bme_base AS DOUBLE) AS bme_base,
               CAST(white_pct AS DOUBLE) AS white_pct,
               CAST(bme_pct AS DOUBLE) AS bme_pct,
               CAST(unknown_pct AS DOUBLE) AS unknown_pct,
               CAST(difference_pp AS DOUBLE) AS difference_pp,
               CAST(relative_likelihood AS DOUBLE) AS relative_likelihood
        FROM marts.wres_return
    ) UNPIVOT INCLUDE NULLS (value FOR figure IN (
        white_count, bme_count, unknown_count, total_count, white_events, white_population, bme_events,
        bme_population, bme_positive, bme_base, white_pct, bme_pct, unknown_pct, difference_pp, relative_likelihood))
),
compared AS (
    SELECT cur.org_code, cur.report_year, cur.line_order, cur.line_code, cur.label, cur.figure,
           CASE WHEN cur.value IS NULL THEN 'missing'
                WHEN cur.figure LIKE '%_pct' OR cur.figure = 'difference_pp' THEN 'percentage_points'
                WHEN cur.figure = 'relative_likelihood' THEN 'ratio'
                ELSE 'count' END AS kind,
           prev.value AS previous_value, cur.value,
           cur.value - prev.value AS change,
           (cur.value - prev.value) / nullif(abs(prev.value), 0) AS relative_change
    FROM figures AS cur
    JOIN figures AS prev ON prev.org_code = cur.org_code AND prev.report_year = cur.report_year - 1
        AND prev.line_code = cur.line_code AND prev.figure = cur.figure
)
SELECT org_code, report_year, line_order, line_code, label, figure, kind, previous_value, value, change,
       relative_change
FROM compared
WHERE previous_value IS NOT NULL AND CASE kind
          WHEN 'missing' THEN TRUE
          WHEN 'count' THEN abs(change) >= $anomaly_min_count_change
                            AND abs(change) > $anomaly_relative_change * abs(previous_value)
          WHEN 'percentage_points' THEN abs(change) >= $anomaly_min_pp_change
          ELSE abs(change) > $anomaly_relative_change * abs(previous_value)
      END
ORDER BY org_code, report_year, line_order, figure;

COMMENT ON TABLE marts.wres_return_anomaly IS 'Figures of the WRES return that moved sharply since the previous WRES year, for the data lead to confirm or correct before the return is submitted to NHS England: a count that moved by more than wres_return.anomaly_relative_change (default 20 %) of last year and by at least wres_return.anomaly_min_count_change people (default 10), a percentage or percentage-point difference that moved by at least wres_return.anomaly_min_pp_change points (default 5), a relative likelihood that moved by more than wres_return.anomaly_relative_change of last year''s value, and a figure the return had last year and has not this year (kind missing: a source or a group gone). A figure new this year is not listed. Unsuppressed, private like the return.';
COMMENT ON COLUMN marts.wres_return_anomaly.org_code IS 'Organisation (ODS-style code).';
COMMENT ON COLUMN marts.wres_return_anomaly.report_year IS 'The WRES year under review (compared with report_year - 1).';
COMMENT ON COLUMN marts.wres_return_anomaly.line_order IS 'Position of the line in the return (marts.wres_return.line_order).';
COMMENT ON COLUMN marts.wres_return_anomaly.line_code IS 'The line of the return (marts.wres_return.line_code, e.g. ''1 clinical band_8a'').';
COMMENT ON COLUMN marts.wres_return_anomaly.label IS 'The line in plain language.';
COMMENT ON COLUMN marts.wres_return_anomaly.figure IS 'The column of marts.wres_return that moved (e.g. bme_count, bme_pct, relative_likelihood).';
COMMENT ON COLUMN marts.wres_return_anomaly.kind IS 'count, percentage_points (percentages and pp differences), ratio (relative likelihoods) or missing (a figure last year, none this year): which rule listed it.';
COMMENT ON COLUMN marts.wres_return_anomaly.previous_value IS 'The figure in the previous WRES year.';
COMMENT ON COLUMN marts.wres_return_anomaly.value IS 'The figure in report_year (NULL for kind missing).';
COMMENT ON COLUMN marts.wres_return_anomaly.change IS 'value - previous_value (people, percentage points or RL units).';
COMMENT ON COLUMN marts.wres_return_anomaly.relative_change IS 'change / |previous_value| (0.25 = up a quarter); NULL when the previous value is 0.';
