-- raw.<source>: every row read from the inbox (strings under the contract's column names; see
-- wres_pipeline/readers/contracts.py), with organisation, period, file id, sheet, physical row number and drop
-- reason (total / repeated header / blank / trailer rows are kept and marked). One file for every source, run
-- with the source's raw table as identifier (assets/ingest.py).
CREATE OR REPLACE TABLE {{raw_table}} AS SELECT * FROM incoming_rows;
