"""Checks on the indicator tables."""


from checks.sqlcheck import sql_check

indicator_1_consistent = sql_check(
    "intermediate/wres_indicator_1",
    "shares_and_totals_consistent",
    "check_indicator_1_consistent.sql",
    "White + BME + Unknown = 100 % on every non-empty row; category totals add up to the overall workforce.",
)
