-- The WRES report (wres_pipeline/report.py): the run that published the warehouse (its provenance line).
SELECT run_id, published_at, code_version, method_version FROM audit.runs ORDER BY published_at DESC NULLS LAST LIMIT 1;
