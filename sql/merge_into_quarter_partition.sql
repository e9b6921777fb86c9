-- Partition-scoped rebuild, step 2: insert the rebuilt quarters' rows (from {{rebuilt}}, the table the
-- asset's create_* SQL has just built) into {{table}}, matching columns by name. Rows of every other
-- quarter in {{table}} are left exactly as they were.
INSERT INTO {{table}} BY NAME
SELECT * FROM {{rebuilt}} WHERE {{column}} BETWEEN $first_day AND $last_day;
