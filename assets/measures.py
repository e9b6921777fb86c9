"""The measures marts (issue 7): the seed action plans' workforce, recruitment, retention, representation,
employee-relations and progression measures, and the §11 extras (Race Disparity Ratio, Model Employer
gap, ethnicity pay gap, team representation flags), one documented table each in ``marts``.

Every table is keyed by organisation and period (``period_end``: a quarter-end snapshot, or the 12 months
to it for flow measures, ``period_type`` wres_year at 31 March), carries White / BME / Unknown counts and
percentages from the one shared pattern (``wres_ethnic_counts`` in sql/create_measure_macros.sql) and a
``suppressed_for_publication`` flag; every relative likelihood goes through the indicators' RL macro.
Each asset lists the macro file first, so a change to the shared logic marks every measure stale.
"""


from wres_pipeline.assetkit import sql_asset

GROUP = "measures"
MACROS = "create_measure_macros.sql"


def _measure(table: str, deps: list[str], description: str):
    return sql_asset(f"marts/{table}", sql_files=[MACROS, f"create_marts_{table}.sql"], deps=deps, group=GROUP,
                     description=description)


marts_workforce_profile = _measure(
    "workforce_profile",
    ["staging/workforce_snapshot"],
    "Ethnic profile of the workforce at every quarter-end snapshot: overall, clinical / non-clinical / medical, "
    "registered / non-registered clinical staff and students, staff group, pay band and senior-manager pay bands.",
)

marts_representation = _measure(
    "representation",
    ["staging/workforce_snapshot"],
    "Female and male BME staff (number and %) by band, service team and directorate at every quarter-end "
    "snapshot.",
)

marts_team_flags = _measure(
    "team_flags",
    ["staging/workforce_snapshot"],
    "Every service team by directorate at every quarter-end snapshot flagged NO_BME / BELOW_TARGET / "
    "AT_OR_ABOVE against the BME target (and with Unknown excluded), SMALL_TEAM below the minimum size "
    "(wres-indicators.md §11.4). Internal: named teams.",
)

marts_team_flag_counts = _measure(
    "team_flag_counts",
    ["marts/team_flags"],
    "Number of service teams per representation flag, per directorate and organisation (§11.4 public output: "
    "counts, not named teams).",
)

marts_race_disparity_ratio = _measure(
    "race_disparity_ratio",
    ["staging/workforce_snapshot"],
    "Race Disparity Ratio lower->upper, middle->upper, lower->middle for all / clinical / non-clinical AfC "
    "staff, in both the ratio-of-ratios and the share form, each value labelled with its form (§11.1).",
)

marts_model_employer_gap = _measure(
    "model_employer_gap",
    ["staging/workforce_snapshot"],
    "Model Employer gap per AfC band and VSM: BME staff needed to reach the target by replacement and by "
    "growth, computed exactly before every ceil (§11.2).",
)

marts_ethnicity_pay_gap = _measure(
    "ethnicity_pay_gap",
    ["staging/workforce_snapshot", "staging/staff_in_post"],
    "Ethnicity pay gap at 31 March: mean and median hourly pay gap White vs BME overall and by staff group, "
    "pay-quartile composition, exclusions, bonus status (§11.3).",
)

marts_starters = _measure(
    "starters",
    ["staging/workforce_snapshot"],
    "Staff who started in the 12 months to each quarter end, number and % BME, overall and by band, staff "
    "group, service team and directorate.",
)

marts_early_leavers = _measure(
    "early_leavers",
    ["staging/leavers"],
    "Staff who left within 12 months of starting, among the leavers of the 12 months to each quarter end, "
    "number and % BME, overall and by band, staff group, service team and directorate.",
)

marts_turnover = _measure(
    "turnover",
    ["staging/leavers", "staging/workforce_snapshot"],
    "Turnover by ethnicity (leavers in the 12 months / average headcount), overall and by band, staff group "
    "and directorate, with the relative likelihood of BME vs White staff leaving.",
)

marts_leaving_reasons = _measure(
    "leaving_reasons",
    ["staging/leavers"],
    "Reasons for leaving by ethnicity over the 12 months to each quarter end, and the share of each group's "
    "leavers with a low-information reason.",
)

marts_recruitment_funnel = _measure(
    "recruitment_funnel",
    ["intermediate/wres_period", "staging/applications"],
    "Applied, shortlisted and appointed by ethnicity per AfC band, per financial year and rolling 12 months, "
    "with stage conversions and the shortlisting -> appointment relative likelihood per band.",
)

marts_er_measures = _measure(
    "er_measures",
    ["intermediate/wres_period", "intermediate/wres_person_ethnicity", "staging/workforce_snapshot",
     "staging/er_cases"],
    "Employee-relations measures per AfC band and ethnicity (seed QI project 2 measures 1-12): headcount; "
    "people in investigations, disciplinaries and grievances; decisions and outcomes; rates and BME / White "
    "relative likelihoods.",
)

marts_progression = _measure(
    "progression",
    ["intermediate/wres_period", "intermediate/wres_person_ethnicity", "staging/workforce_snapshot",
     "staging/staff_in_post", "staging/training"],
    "Promotions, acting-up opportunities and non-mandatory training / CPD by band and ethnicity, as rates "
    "and White / BME relative likelihoods.",
)
