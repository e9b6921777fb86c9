-- The WRES report (wres_pipeline/report.py): the words for every code (ref.label).
SELECT kind, code, label FROM ref.label;
