-- marts.early_leavers: White + BME + Unknown = total, and each breakdown adds up to the 'all' row.
SELECT * FROM wres_count_mart_problems('marts.early_leavers', ['band', 'staff_group', 'directorate', 'service_team']);
