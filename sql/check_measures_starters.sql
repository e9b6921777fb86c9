-- marts.starters: White + BME + Unknown = total, and each breakdown adds up to the 'all' row.
SELECT * FROM wres_count_mart_problems('marts.starters', ['band', 'staff_group', 'directorate', 'service_team']);
