-- Reconciliation per file (blocking): data rows read = rows staged + rows quarantined; totals, repeated
-- headers, blank rows and rows of rejected files are counted drops in raw (drop_reason). Returns the
-- files that break it. $raw_table, $staged_table, $quarantine_table name one source's tables.
SELECT * FROM wres_reconcile($raw_table, $staged_table, $quarantine_table);
