-- Organisation x source x WRES year covered by files in the warehouse this build replaces (attached as
-- `previous`) and covered by none in this build: a source or a year whose files are missing or were
-- all rejected (audit.source_coverage).
SELECT b.org_code, b.source AS what, CAST(b.report_year AS VARCHAR) AS period, b.files AS before,
       coalesce(a.files, 0) AS after
FROM previous.audit.source_coverage AS b
LEFT JOIN audit.source_coverage AS a USING (org_code, source, report_year)
WHERE b.files > 0 AND coalesce(a.files, 0) = 0
ORDER BY 1, 2, 3;
