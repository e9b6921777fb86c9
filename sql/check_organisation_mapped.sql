-- Organisations in the warehouse with no ICS / region in ref.organisation: they are benchmarked
-- nationally only (add them to a CSV in config benchmark.organisation_files).
SELECT DISTINCT b.org_code
FROM marts.benchmark_indicator AS b
WHERE b.org_code NOT IN (SELECT org_code FROM ref.organisation WHERE ics_code IS NOT NULL AND region_code IS NOT NULL)
ORDER BY 1;
