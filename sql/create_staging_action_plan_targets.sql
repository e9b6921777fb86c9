-- staging.action_plan_targets: one row per valid measurable target of a WRES action plan, resolved to
-- the indicator value it is measured on (sql/create_typed_action_plan_targets.sql): indicator, subgroup,
-- measure and value column of marts.wres_indicator_result. plan_year: the year of the plan's end, else of
-- the due date; baseline_date: the day before the plan starts, else a year before the due date.
CREATE OR REPLACE TABLE staging.action_plan_targets AS
SELECT
    t.org_code,
    CAST(coalesce(year(t.period_end), year(t.due_dt)) AS INTEGER) AS plan_year,
    wres_clean(t.metric) AS metric,
    t.ind AS indicator,
    wres_clean(t.breakdown) AS breakdown,
    t.subgroup_code AS subgroup,
    CASE WHEN t.ind = 1 AND t.unit_code = 'headcount' THEN 'headcount'
         WHEN t.ind = 1 THEN 'percent'
         WHEN t.ind IN (2, 3, 4) THEN 'relative_likelihood'
         WHEN t.ind = 9 THEN 'percent_difference'
         ELSE 'percent' END AS measure,
    CASE WHEN t.ind IN (2, 3, 4) THEN 'value'
         WHEN t.ind BETWEEN 5 AND 8 AND t.bd IN ('white', 'white staff') THEN 'white_value'
         ELSE 'bme_value' END AS value_column,
    wres_clean(t.target) AS target_text,
    CAST(t.target_dec AS DOUBLE) AS target_value,
    t.unit_code AS unit,
    t.direction_code AS direction,
    coalesce(t.due_dt, t.period_end) AS due_date,
    coalesce(t.period_start - INTERVAL 1 DAY, coalesce(t.due_dt, t.period_end) - INTERVAL 1 YEAR)::DATE AS baseline_date,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number
FROM typed_action_plan_targets AS t
WHERE t.reject IS NULL;
