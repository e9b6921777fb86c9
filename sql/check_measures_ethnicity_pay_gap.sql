-- marts.ethnicity_pay_gap: the four pay quartiles hold everyone with pay (the hourly_pay 'all' row),
-- their sizes differ by at most one, and a gap is present exactly when both groups are.
WITH q AS (
    SELECT org_code, period_end, sum(n_total) AS n, max(n_total) - min(n_total) AS spread, count(*) AS quartiles
    FROM marts.ethnicity_pay_gap WHERE measure = 'pay_quartile' GROUP BY ALL
)
SELECT h.org_code, h.period_end, 'quartiles do not hold everyone with pay' AS problem
FROM marts.ethnicity_pay_gap AS h
LEFT JOIN q USING (org_code, period_end)
WHERE h.measure = 'hourly_pay' AND h.breakdown_type = 'all'
  AND (q.n IS DISTINCT FROM h.n_total OR q.spread > 1 OR q.quartiles <> 4)
UNION ALL
SELECT org_code, period_end, 'gap presence does not match the groups'
FROM marts.ethnicity_pay_gap
WHERE measure = 'hourly_pay' AND ((mean_gap_pct IS NOT NULL) <> (n_white > 0 AND n_bme > 0));
