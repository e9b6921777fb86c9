"""Statistical process control (issue 9): every quarterly series on a Making Data Count chart.

The series are built from publishable values only: the indicator results as disclosure control
publishes them (``intermediate/wres_indicator_result_publishable``, the publication transform of
wres_pipeline/disclosure.py applied in the build database) and the measures rows that are not
suppressed for publication. So no centre line or limit in ``marts.spc_*`` rests on a blanked cell.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from wres_pipeline import disclosure
from wres_pipeline.assetkit import OWNERS, code_version, key, sql_asset, table_metadata
from wres_pipeline.resources import WresSettings, build_connection

GROUP = "spc"
PUBLISHABLE = "intermediate.wres_indicator_result_publishable"


@dg.asset(
    key=key("intermediate/wres_indicator_result_publishable"),
    deps=[key("marts/wres_indicator_result")],
    group_name=GROUP,
    owners=OWNERS,
    kinds={"duckdb", "polars"},
    code_version=code_version(),
    description="marts.wres_indicator_result exactly as it is published: the disclosure-control transform of "
    "the publication (small cells, secondary suppression, derived values, small-cell RLs, survey < 11) applied "
    "in the build database, so SPC and action-plan tracking use only values the published warehouse shows.",
)
def wres_indicator_result_publishable(
    context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    t = wres.settings.thresholds
    transform = disclosure.transforms(t.suppress_below, t.survey_min_responses)["marts.wres_indicator_result"]
    with build_connection(duckdb) as conn:
        published = transform(conn.execute("SELECT * FROM marts.wres_indicator_result").pl())
        conn.register("publishable", published)
        conn.execute(f"CREATE OR REPLACE TABLE {PUBLISHABLE} AS SELECT * FROM publishable")
        conn.unregister("publishable")
        meta = table_metadata(conn, PUBLISHABLE)
    context.log.info(f"{PUBLISHABLE}: {meta['dagster/row_count'].value:,} rows")
    return dg.MaterializeResult(metadata=meta)


spc_input = sql_asset(
    "intermediate/spc_input",
    sql_files=["create_intermediate_spc_input.sql"],
    deps=["intermediate/wres_indicator_result_publishable", "marts/team_flag_counts", "marts/race_disparity_ratio",
          "ref/wres_indicator"],
    group=GROUP,
    description="Every quarterly series for SPC, long format (publishable values only): indicator 1 BME % overall "
    "and per band, relative likelihoods 2-4 on rolling 12 months, team flag counts, Race Disparity Ratios; "
    "chart type and better direction (spc.better).",
)

spc_points = sql_asset(
    "marts/spc_points",
    sql_files=["create_marts_spc_points.sql"],
    deps=["intermediate/spc_input"],
    group=GROUP,
    description="SPC chart points (NHS Making Data Count): XmR or p-chart centre line, process and 2-sigma limits, "
    "the special-cause rules (beyond limits, shift of spc.shift_points, trend of spc.trend_points, two of three "
    "beyond 2 sigma) and the improvement / concern label from each series' better direction.",
)

spc_series = sql_asset(
    "marts/spc_series",
    sql_files=["create_marts_spc_series.sql"],
    deps=["marts/spc_points"],
    group=GROUP,
    description="One row per SPC series: chart, centre line, limits and the variation of its latest point.",
)
