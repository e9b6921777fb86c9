-- intermediate.wres_period: the reporting periods of each organisation (wres-indicators.md §0.1, §13.1)
-- and which sources cover each of them. A period is the 12 months to a quarter end: 31 March is the
-- WRES year ('wres_year'), the other quarter ends are rolling-12-month monitoring rows ('rolling_12m')
-- of the WRES year in progress. A quarterly series of an indicator is all its rows by period_end.
--
-- Coverage [D]: a flow source (applications, ER cases, training) covers the quarters from the one
-- holding its first record to the one holding its last; a period is covered when all four of its
-- quarters are. Snapshot sources (workforce, board) cover the quarter ends they have a snapshot for;
-- the survey covers the 31 March of survey year + lag. Every 31 March any source covers is a period.
CREATE OR REPLACE TABLE intermediate.wres_period AS
WITH flow_dates AS (
    SELECT org_code, 'applications' AS source,
           CASE WHEN $ind2_fallback_to_application_date THEN coalesce(shortlisted_date, application_date)
                ELSE shortlisted_date END AS d
    FROM staging.applications
    UNION ALL
    SELECT org_code, 'er_cases', coalesce(formal_investigation_start_date, case_opened_date) FROM staging.er_cases
    UNION ALL
    SELECT org_code, 'training', coalesce(class_start_date, completion_date) FROM staging.training
),
flow_span AS (
    SELECT org_code, source, wres_quarter_end(min(d)) AS first_quarter_end, wres_quarter_end(max(d)) AS last_quarter_end
    FROM flow_dates WHERE d IS NOT NULL AND org_code IS NOT NULL
    GROUP BY ALL
),
flow_periods AS (  -- every quarter end whose whole 12-month window lies inside the source's span
    SELECT org_code, source, CAST(last_day(m) AS DATE) AS period_end
    FROM (
        SELECT org_code, source, last_quarter_end,
               unnest(generate_series(date_trunc('month', first_quarter_end + INTERVAL 9 MONTH),
                                      date_trunc('month', last_quarter_end), INTERVAL 3 MONTH)) AS m
        FROM flow_span
    )
),
snapshot_periods AS (
    SELECT DISTINCT org_code, 'workforce' AS source, snapshot_date AS period_end
    FROM staging.workforce_snapshot WHERE wres_is_quarter_end(snapshot_date)
    UNION ALL
    SELECT DISTINCT org_code, 'board', snapshot_date FROM staging.board_members WHERE wres_is_quarter_end(snapshot_date)
    UNION ALL
    SELECT DISTINCT org_code, 'survey', make_date(CAST(survey_year + $survey_lag_years AS INTEGER), 3, 31)
    FROM (SELECT org_code, survey_year FROM staging.survey_aggregate
          UNION ALL SELECT org_code, survey_year FROM staging.survey_published)
),
covered AS (
    SELECT org_code, period_end, list_sort(list_distinct(list(source))) AS covered_sources
    FROM (SELECT * FROM flow_periods UNION ALL SELECT * FROM snapshot_periods)
    WHERE org_code IS NOT NULL
    GROUP BY ALL
)
SELECT
    org_code,
    wres_report_year(period_end) AS report_year,
    wres_period_type(period_end) AS period_type,
    wres_period_start(period_end) AS period_start,
    period_end,
    covered_sources
FROM covered;
