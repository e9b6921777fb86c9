-- intermediate.wres_period: the reporting periods of each organisation (wres-indicators.md §0.1, §13.1)
-- and which sources cover each of them. A period is the 12 months to a quarter end: 31 March is the
-- WRES year ('wres_year'), the other quarter ends are rolling-12-month monitoring rows ('rolling_12m')
-- of the WRES year in progress. A quarterly series of an indicator is all its rows by period_end.
--
-- Coverage [D]: a flow source (applications, ER cases, training) covers the periods its loaded files
-- cover (intermediate.flow_coverage: a file's declared period, else the WRES years its records reach
-- into); a period is covered when its whole 12 months lie inside what the source's files cover together.
-- Snapshot sources (workforce, board) cover the quarter ends they have a snapshot for; the survey covers
-- the 31 March of survey year + lag. Every 31 March any source covers is a period.
CREATE OR REPLACE TABLE intermediate.wres_period AS
WITH marked AS (  -- the files' intervals merged into islands of continuous coverage per source
    SELECT org_code, source, covered_from, covered_to,
           CASE WHEN covered_from <= max(covered_to) OVER (
                         PARTITION BY org_code, source ORDER BY covered_from, covered_to
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
                THEN 0 ELSE 1 END AS starts_island
    FROM intermediate.flow_coverage
),
islands AS (
    SELECT org_code, source, min(covered_from) AS covered_from, max(covered_to) AS covered_to
    FROM (SELECT *, sum(starts_island) OVER (PARTITION BY org_code, source ORDER BY covered_from, covered_to) AS island
          FROM marked)
    GROUP BY org_code, source, island
),
flow_periods AS (  -- every quarter end whose whole 12-month window lies inside an island
    SELECT org_code, source, period_end
    FROM (
        SELECT org_code, source, covered_from, covered_to,
               CAST(last_day(unnest(generate_series(date_trunc('month', covered_from), date_trunc('month', covered_to),
                                                    INTERVAL 1 MONTH))) AS DATE) AS period_end
        FROM islands
    )
    WHERE wres_is_quarter_end(period_end) AND wres_period_start(period_end) >= covered_from AND period_end <= covered_to
      AND period_end <= current_date  -- a declared period still running covers only the quarters already ended
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
