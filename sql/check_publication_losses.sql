-- What publishing this build would lose against the warehouse it replaces (attached read-only as
-- `previous`): every organisation x indicator x period with data before (rows whose status is not
-- NO_DATA) that would have none, or whose rows with data fall by more than publication.max_shrink_share.
-- The source-level comparison is sql/check_publication_coverage_losses.sql.
WITH before AS (
    SELECT org_code, indicator, period_end, count(*) AS rows_before
    FROM previous.marts.wres_indicator_result WHERE status <> 'NO_DATA' GROUP BY ALL
),
after AS (
    SELECT org_code, indicator, period_end, count(*) AS rows_after
    FROM marts.wres_indicator_result WHERE status <> 'NO_DATA' GROUP BY ALL
)
SELECT b.org_code, 'indicator ' || b.indicator AS what, strftime(b.period_end, '%d/%m/%Y') AS period,
       b.rows_before AS before, coalesce(a.rows_after, 0) AS after
FROM before AS b
LEFT JOIN after AS a USING (org_code, indicator, period_end)
WHERE coalesce(a.rows_after, 0) < b.rows_before * (1 - $max_shrink_share)
ORDER BY b.org_code, b.indicator, b.period_end;
