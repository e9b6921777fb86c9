-- marts.leaving_reasons: White + BME + Unknown = total, and the reasons (and the two information levels)
-- each add up to all leavers.
SELECT * FROM wres_count_mart_problems('marts.leaving_reasons', ['leaving_reason', 'information_level']);
