-- People counted more than once in one snapshot (must be none).
SELECT org_code, snapshot_date, person_id, count(*) AS copies
FROM staging.workforce_snapshot
GROUP BY ALL
HAVING count(*) > 1;
