"""Checks on the multi-organisation benchmarks."""


from checks.sqlcheck import sql_check

organisation_mapped = sql_check(
    "marts/benchmark_indicator",
    "every_organisation_mapped",
    "check_organisation_mapped.sql",
    "Every organisation in the warehouse has an ICS and a region in ref.organisation (otherwise it is "
    "benchmarked nationally only). Warning only.",
    blocking=False,
)
