"""Checks on the indicator tables.

Steps (checks/step.py): the two checks of marts.wres_indicator_result share one; each other check has its
own, as its asset feeds assets that the other checked assets do not (one is even downstream of another):
in one step, one failing check would stop the others' downstream too."""


from checks.sqlcheck import sql_check
from checks.step import check_step

indicator_1_consistent = sql_check(
    "intermediate/wres_indicator_1",
    "shares_and_totals_consistent",
    "check_indicator_1_consistent.sql",
    "White + BME + Unknown = 100 % on every non-empty row; category totals add up to the overall workforce.",
)
indicator_result_codes = sql_check(
    "marts/wres_indicator_result",
    "codes_statuses_and_required_rows",
    "check_indicator_result_codes.sql",
    "One row per key; indicator / subgroup / measure / period codes and statuses as in §13.1; every WRES "
    "year has the rows of indicators 2-9 that must always be present.",
)
indicator_rl_consistent = sql_check(
    "marts/wres_indicator_result",
    "relative_likelihoods_consistent",
    "check_indicator_rl_consistent.sql",
    "Every RL equals its focus rate / reference rate, rates equal events / population, it has a range "
    "class and its 95 % CI contains it.",
)
organisation_has_workforce = sql_check(
    "intermediate/flow_coverage",
    "every_file_organisation_has_staff_in_post",
    "check_organisation_has_workforce.sql",
    "Every loaded applications, ER cases and training file belongs to an organisation with staff in post "
    "(else its records could reach no figure); the failure names the file, its organisation and the rule "
    "that chose it.",
)
wres_return_reconciles = sql_check(
    "marts/wres_return",
    "reconciles_with_indicator_result",
    "check_wres_return_reconciles.sql",
    "Every indicator 1 template row for every organisation and year; White + BME + Unknown = total on every "
    "line; band lines add up to their category total and category totals to the overall workforce; every "
    "line equals its row of marts.wres_indicator_result and every headline row there has its line.",
)

indicator_1_checks = check_step("indicator_1_checks", [indicator_1_consistent],
                                "The checks of intermediate.wres_indicator_1.")
indicator_result_checks = check_step("indicator_result_checks", [indicator_result_codes, indicator_rl_consistent],
                                     "The checks of marts.wres_indicator_result.")
flow_coverage_checks = check_step("flow_coverage_checks", [organisation_has_workforce],
                                  "The checks of intermediate.flow_coverage.")
wres_return_checks = check_step("wres_return_checks", [wres_return_reconciles], "The checks of marts.wres_return.")
