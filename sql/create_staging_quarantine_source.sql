-- staging.quarantine_<source>: the rows of one source that did not load, each with file, sheet, row, column,
-- value, rule and message (macro wres_quarantine). One file for every source: the staging step runs it with
-- the source's tables as identifiers (assets/staging.py StagingSource.identifiers).
CREATE OR REPLACE TABLE {{quarantine_table}} AS
SELECT * FROM wres_quarantine('{{source}}', '{{typed_table}}');
