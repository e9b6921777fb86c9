-- Every file of a source loaded by an earlier run: its name, SHA-256 and the day it is dated (snapshot date, else
-- period end), for a run over some quarters to leave the files of other quarters unread.
SELECT file_name, sha256, any_value(coalesce(snapshot_date, period_end))
FROM audit.source_files
WHERE source = $source AND status = 'loaded' AND coalesce(snapshot_date, period_end) IS NOT NULL
GROUP BY file_name, sha256;
