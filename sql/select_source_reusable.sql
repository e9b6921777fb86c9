-- The run whose raw table of a source can be reused (and, given $fingerprint, its staging tables): built from
-- the same fingerprints, and none of its files rejected as dated in the future (rule F09 depends on today's
-- date, so it is judged again).
SELECT s.run_id
FROM main.wres_source_state AS s
WHERE s.source = $source AND s.raw_fingerprint = $raw_fingerprint
  AND ($fingerprint IS NULL OR s.fingerprint = $fingerprint)
  AND NOT EXISTS (
      SELECT 1 FROM audit.source_files AS f
      WHERE f.run_id = s.run_id AND f.source = s.source AND f.rule_id LIKE '%-F09'
  );
