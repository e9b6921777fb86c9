-- Reconciliation per file: data rows read = rows staged + rows quarantined. Returns the files that break it.
WITH r AS (
    SELECT source_file_id, any_value(file_name) AS file_name,
           count(*) FILTER (WHERE drop_reason IS NULL) AS data_rows,
           count(*) FILTER (WHERE drop_reason IS NOT NULL) AS dropped_rows
    FROM raw.esr_staff_in_post GROUP BY 1
),
s AS (SELECT source_file_id, count(*) AS n FROM staging.staff_in_post GROUP BY 1),
q AS (SELECT source_file_id, count(*) AS n FROM staging.quarantine_esr_staff_in_post GROUP BY 1)
SELECT r.file_name, r.data_rows, coalesce(s.n, 0) AS staged, coalesce(q.n, 0) AS quarantined, r.dropped_rows
FROM r LEFT JOIN s USING (source_file_id) LEFT JOIN q USING (source_file_id)
WHERE r.data_rows <> coalesce(s.n, 0) + coalesce(q.n, 0);
