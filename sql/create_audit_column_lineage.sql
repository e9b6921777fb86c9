-- audit.column_lineage: for every column of every published table built by SQL, the columns it comes from
-- and the SQL files that build it - the column lineage Dagster records on each asset
-- (dagster/column_lineage), as a table an auditor can query without Dagster+. Written by the publish step
-- from `incoming_lineage` (wres_pipeline/assetkit.lineage_rows).
CREATE OR REPLACE TABLE audit.column_lineage AS
SELECT table_name, column_name, upstream_table, upstream_column, sql_files
FROM incoming_lineage
ORDER BY table_name, column_name, upstream_table, upstream_column;

COMMENT ON TABLE audit.column_lineage IS 'Column lineage: for every column of every published table built by SQL, each column it is computed from (a same-named column of a table it is built from, or a computed column''s declared sources; else, with no column, each table it is built from) and the SQL files that build it, in order. Upstream tables in the raw, staging and intermediate schemas are private (not published): their columns are named so the chain can be followed in the code.';
COMMENT ON COLUMN audit.column_lineage.table_name IS 'Published table (schema.table).';
COMMENT ON COLUMN audit.column_lineage.column_name IS 'Column of the published table.';
COMMENT ON COLUMN audit.column_lineage.upstream_table IS 'A table the column is computed from (schema.table).';
COMMENT ON COLUMN audit.column_lineage.upstream_column IS 'The column of upstream_table it is computed from; NULL when the SQL computes it from that table as a whole (an aggregate, a rate, a status): one row per table it is built from.';
COMMENT ON COLUMN audit.column_lineage.sql_files IS 'The SQL files (sql/) that build table_name, in the order they run.';
