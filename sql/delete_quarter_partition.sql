-- Partition-scoped rebuild, step 1: remove the quarters being rebuilt from a quarterly table
-- (wres_pipeline/partitions.py QUARTERLY_TABLES). {{table}} is the table as it was before this run,
-- {{column}} the column holding each row's quarter-end date; $first_day / $last_day bound the quarters.
DELETE FROM {{table}} WHERE {{column}} BETWEEN $first_day AND $last_day;
