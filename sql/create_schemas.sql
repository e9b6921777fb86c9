-- Warehouse schemas: one per layer; Dagster asset key prefixes use the same names.
CREATE SCHEMA IF NOT EXISTS ref;           -- code lists and reference data (versioned with the code)
CREATE SCHEMA IF NOT EXISTS raw;           -- every row read, as strings, with file / sheet / row lineage
CREATE SCHEMA IF NOT EXISTS staging;       -- typed, normalised, conformed rows; quarantine of rejected rows
CREATE SCHEMA IF NOT EXISTS intermediate;  -- per-indicator results before they are combined
CREATE SCHEMA IF NOT EXISTS marts;         -- the published contract for BI tools
CREATE SCHEMA IF NOT EXISTS audit;         -- runs, source files and provenance
