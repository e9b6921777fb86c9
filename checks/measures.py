"""Blocking checks on the measures marts: each table adds up (a query returning the offending rows).

Steps (checks/step.py): one for the checks of the marts read by the publication only (a failing one stops
the publication, as each did in its own step); marts.race_disparity_ratio and marts.team_flag_counts feed
the SPC and benchmark assets too, so each keeps a step of its own (in the shared step, a failure of any
other check would stop those assets as well)."""


from checks.sqlcheck import sql_check
from checks.step import check_step

workforce_profile_adds_up = sql_check(
    "marts/workforce_profile",
    "breakdowns_add_up",
    "check_measures_workforce_profile.sql",
    "White + BME + Unknown = total on every row; clinical category, staff group and band rows add up to the "
    "whole workforce.",
)
team_flag_counts_add_up = sql_check(
    "marts/team_flag_counts",
    "flag_counts_add_up_to_teams",
    "check_measures_team_flag_counts.sql",
    "Per directorate (and organisation) and flag basis, the teams over all flags = the teams of "
    "marts.team_flags; every team has a valid flag.",
)
race_disparity_ratio_valid = sql_check(
    "marts/race_disparity_ratio",
    "positive_where_defined",
    "check_measures_race_disparity_ratio.sql",
    "Every RDR with status OK is positive and has four positive counts; both forms present, one selected.",
)
model_employer_gap_exact = sql_check(
    "marts/model_employer_gap",
    "needs_minimal_and_sufficient",
    "check_measures_model_employer_gap.sql",
    "needed_replace / needed_growth are non-negative and, in exact arithmetic, reach the target while one "
    "fewer would not.",
)
ethnicity_pay_gap_quartiles = sql_check(
    "marts/ethnicity_pay_gap",
    "quartiles_hold_everyone",
    "check_measures_ethnicity_pay_gap.sql",
    "The four pay quartiles hold everyone with pay, differ in size by at most one; gaps exist exactly when "
    "both groups do.",
)
starters_add_up = sql_check(
    "marts/starters",
    "breakdowns_add_up",
    "check_measures_starters.sql",
    "White + BME + Unknown = total; band, staff group, directorate and service team rows add up to all.",
)
early_leavers_add_up = sql_check(
    "marts/early_leavers",
    "breakdowns_add_up",
    "check_measures_early_leavers.sql",
    "White + BME + Unknown = total; band, staff group, directorate and service team rows add up to all.",
)
leaving_reasons_add_up = sql_check(
    "marts/leaving_reasons",
    "reasons_add_up",
    "check_measures_leaving_reasons.sql",
    "White + BME + Unknown = total; the reasons, and the low-information / informative split, add up to all "
    "leavers.",
)
recruitment_funnel_consistent = sql_check(
    "marts/recruitment_funnel",
    "appointments_within_shortlist",
    "check_measures_recruitment_funnel.sql",
    "Appointed never exceeds shortlisted in any group; band rows add up to all per stage.",
)
er_measures_consistent = sql_check(
    "marts/er_measures",
    "outcomes_within_their_measure",
    "check_measures_er_measures.sql",
    "Each outcome row is a subset of its measure's all row; White + BME + Unknown = total.",
)
progression_consistent = sql_check(
    "marts/progression",
    "events_within_population",
    "check_measures_progression.sql",
    "People promoted / acting up are part of their population; White + BME + Unknown = total.",
)

publication_marts_checks = check_step(
    "measures_checks",
    [workforce_profile_adds_up, model_employer_gap_exact, ethnicity_pay_gap_quartiles, starters_add_up,
     early_leavers_add_up, leaving_reasons_add_up, recruitment_funnel_consistent, er_measures_consistent,
     progression_consistent],
    "The checks of the measures marts that only the publication reads.",
)
race_disparity_ratio_checks = check_step("race_disparity_ratio_checks", [race_disparity_ratio_valid],
                                         "The checks of marts.race_disparity_ratio.")
team_flag_counts_checks = check_step("team_flag_counts_checks", [team_flag_counts_add_up],
                                     "The checks of marts.team_flag_counts.")
