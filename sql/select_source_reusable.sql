-- The run whose raw and staging tables of a source can be reused: built from the same fingerprint, and none of
-- its files rejected as dated in the future (rule F09 depends on today's date, so it is judged again).
SELECT s.run_id
FROM main.wres_source_state AS s
WHERE s.source = $source AND s.fingerprint = $fingerprint
  AND NOT EXISTS (
      SELECT 1 FROM audit.source_files AS f
      WHERE f.run_id = s.run_id AND f.source = s.source AND f.rule_id LIKE '%-F09'
  );
