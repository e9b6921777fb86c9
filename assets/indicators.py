"""The nine WRES indicators (wres-indicators.md), one intermediate table each, combined in the marts."""


from wres_pipeline.assetkit import sql_asset

GROUP = "indicators"

intermediate_wres_indicator_1 = sql_asset(
    "intermediate/wres_indicator_1",
    sql_files=["create_intermediate_wres_indicator_1.sql"],
    deps=["staging/workforce_snapshot", "ref/indicator_1_row"],
    group=GROUP,
    description="WRES indicator 1: headcount and White / BME / Unknown % for every row of the template "
    "(non-clinical and clinical AfC bands, medical clusters, totals) at every 31 March.",
)

marts_wres_indicator_result = sql_asset(
    "marts/wres_indicator_result",
    sql_files=["create_marts_wres_indicator_result.sql"],
    deps=["intermediate/wres_indicator_1"],
    group=GROUP,
    description="The long-format WRES result table (wres-indicators.md §13): one row per organisation, "
    "year, indicator, subgroup and measure, with status, small-number and suppression flags, the method "
    "version and the source files that fed it.",
)
