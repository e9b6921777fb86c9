-- The source's raw table is being read again: its staging tables can no longer be reused.
DELETE FROM main.wres_source_state WHERE source = $source;
