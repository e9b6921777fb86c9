-- marts.recruitment_funnel: appointed never exceeds shortlisted (group by group: appointments come from
-- the shortlist in the same window), and each band breakdown adds up to the 'all' row per stage.
SELECT org_code, period_end, breakdown_value, stage, 'appointed exceeds shortlisted' AS problem
FROM marts.recruitment_funnel
WHERE stage = 'appointed' AND (conversion_white > 1 OR conversion_bme > 1 OR conversion_unknown > 1)
UNION ALL
SELECT b.org_code, b.period_end, NULL, b.stage, 'bands do not add up to the all row'
FROM (SELECT org_code, period_end, stage, sum(n_total) AS n FROM marts.recruitment_funnel
      WHERE breakdown_type = 'band' GROUP BY ALL) AS b
JOIN marts.recruitment_funnel AS a
  ON a.org_code = b.org_code AND a.period_end = b.period_end AND a.stage = b.stage AND a.breakdown_type = 'all'
WHERE a.unit = 'applications' AND a.n_total <> b.n;
