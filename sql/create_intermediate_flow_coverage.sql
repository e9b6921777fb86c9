-- intermediate.flow_coverage: what each loaded file of a flow source (applications, ER cases, training)
-- covers, per organisation. A file that declares its period (a 'Period' line, a financial year such as
-- 2023-24 or one calendar year such as 2024 in its name: audit.source_files.period_rule) covers that
-- period, whether or not anything happened in it: zero events there are a real zero. A file that
-- declares none covers, by its records' own dates (basis 'inferred'), from the start of the WRES year
-- (1 April) of its first record - a sparse log whose first case of the year came in the summer still
-- covers that year - to the end of the quarter of its last record: never beyond what it holds.
CREATE OR REPLACE TABLE intermediate.flow_coverage AS
WITH flow_rows AS (
    SELECT org_code, 'applications' AS source, 'trac_applications' AS inbox_source, source_file_id, file_name,
           period_start, period_end,
           CASE WHEN $ind2_fallback_to_application_date THEN coalesce(shortlisted_date, application_date)
                ELSE shortlisted_date END AS d
    FROM staging.applications
    UNION ALL
    SELECT org_code, 'er_cases', 'er_cases', source_file_id, file_name, period_start, period_end,
           coalesce(formal_investigation_start_date, case_opened_date)
    FROM staging.er_cases
    UNION ALL
    SELECT org_code, 'training', 'olm_training', source_file_id, file_name, period_start, period_end,
           coalesce(class_start_date, completion_date)
    FROM staging.training
)
SELECT
    org_code,
    source,
    any_value(inbox_source) AS inbox_source,
    source_file_id,
    any_value(file_name) AS file_name,
    coalesce(period_start, make_date(CAST(wres_report_year(min(d)) - 1 AS INTEGER), 4, 1)) AS covered_from,
    coalesce(period_end, wres_quarter_end(max(d))) AS covered_to,
    CASE WHEN period_start IS NOT NULL THEN 'declared' ELSE 'inferred' END AS basis,
    count(d) AS dated_records
FROM flow_rows
WHERE org_code IS NOT NULL
GROUP BY org_code, source, source_file_id, period_start, period_end
HAVING period_start IS NOT NULL OR min(d) IS NOT NULL;
