-- In a run over some quarters (wres_pipeline/partitions.py): the raw rows of a snapshot source dated in those
-- quarters, which its staging SQL then reads instead of the whole raw table (the other quarters' staged rows
-- are kept as they are, assetkit.quarter_scope). Run with the raw table and its date column as identifiers.
CREATE OR REPLACE TEMP TABLE raw_in_scope AS
SELECT * FROM {{raw_table}} WHERE {{date_column}} BETWEEN $first_day AND $last_day;
