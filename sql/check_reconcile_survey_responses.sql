-- Reconciliation per respondent file (blocking): data rows read = respondents counted in the aggregate
-- + rows quarantined. Respondent rows are stored only as counts (§4.4): a file's respondents are its
-- 'all' breakdown summed over ethnic groups, for any one item (every item counts every respondent).
WITH r AS (
    SELECT source_file_id, any_value(file_name) AS file_name, count(*) FILTER (WHERE drop_reason IS NULL) AS data_rows
    FROM raw.staff_survey_responses GROUP BY 1
),
s AS (
    SELECT source_file_id, max(n) AS n
    FROM (SELECT source_file_id, survey_year, item, sum(n_respondents) AS n
          FROM staging.survey_aggregate WHERE breakdown_type = 'all' GROUP BY ALL)
    GROUP BY 1
),
q AS (SELECT source_file_id, count(DISTINCT (sheet, row_number)) AS n FROM staging.quarantine_staff_survey_responses GROUP BY 1)
SELECT r.file_name, r.data_rows, coalesce(s.n, 0) AS staged, coalesce(q.n, 0) AS quarantined
FROM r LEFT JOIN s USING (source_file_id) LEFT JOIN q USING (source_file_id)
WHERE r.data_rows <> coalesce(s.n, 0) + coalesce(q.n, 0);
