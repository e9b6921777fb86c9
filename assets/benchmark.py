"""Multi-organisation benchmarks: each organisation against its ICS, its region and the nation.

An inbox may hold many organisations' extracts (one refresh loads them all, every table keyed by
org_code); ``ref/organisation`` says which ICS and region each belongs to, and the benchmark marts
rank every organisation in each group (sql/create_benchmark_macros.sql). Both marts run again in the
published copy, on the disclosure-controlled values (wres_pipeline/disclosure.py).
"""


from wres_pipeline.assetkit import sql_asset

MACROS = "create_benchmark_macros.sql"


marts_benchmark_indicator = sql_asset(
    "marts/benchmark_indicator",
    sql_files=[MACROS, "create_marts_benchmark_indicator.sql"],
    deps=["marts/wres_summary", "ref/organisation"],
    group="benchmark",
    description="Every organisation's WRES headline per indicator and year against its ICS, region and the "
    "nation: group size, group figure (median), gap, rank and quartile.",
)

marts_benchmark_rdr = sql_asset(
    "marts/benchmark_rdr",
    sql_files=[MACROS, "create_marts_benchmark_rdr.sql"],
    deps=["marts/race_disparity_ratio", "ref/organisation"],
    group="benchmark",
    description="Every organisation's Race Disparity Ratio per year against its ICS, region and the nation: "
    "group size, group figure (median), gap, rank (closest to parity first) and quartile.",
)
