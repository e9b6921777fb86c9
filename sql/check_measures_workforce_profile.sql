-- marts.workforce_profile is internally consistent: White + BME + Unknown = total on every row, and the
-- breakdowns that partition the workforce (clinical_category, staff_group, band) add up to the 'all' row.
SELECT * FROM wres_count_mart_problems('marts.workforce_profile', ['clinical_category', 'staff_group', 'band']);
