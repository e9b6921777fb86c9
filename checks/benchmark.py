"""Checks on the multi-organisation benchmarks (one step: checks/step.py)."""


from checks.sqlcheck import sql_check
from checks.step import check_step

organisation_mapped = sql_check(
    "marts/benchmark_indicator",
    "every_organisation_mapped",
    "check_organisation_mapped.sql",
    "Every organisation in the warehouse has an ICS and a region in ref.organisation (otherwise it is "
    "benchmarked nationally only). Warning only.",
    blocking=False,
)

benchmark_checks = check_step("benchmark_checks", [organisation_mapped], "The checks of the benchmark marts.")
