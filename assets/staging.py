"""Staging layer: typed, normalised, conformed rows; rejected rows quarantined with a message."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from wres_pipeline.assetkit import OWNERS, code_version, key, sql_asset, table_metadata
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import run_sql

GROUP = "staging"

STAFF_IN_POST_SQL = [
    "create_typed_staff_in_post.sql",
    "create_staging_staff_in_post.sql",
    "create_staging_quarantine_esr_staff_in_post.sql",
]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key("staging/staff_in_post"),
            deps=[key("raw/esr_staff_in_post"), key("ref/ethnic_category"), key("ref/staff_group"), key("ref/medical_grade")],
            group_name=GROUP,
            owners=OWNERS,
            kinds={"duckdb", "sql"},
            code_version=code_version(STAFF_IN_POST_SQL),
            description="ESR staff in post, one row per valid assignment per snapshot: band (§2.3.2), "
            "WRES ethnic group (§1.8, raw value kept), clinical / non-clinical / medical (§2.4), "
            "and whether the assignment counts in the workforce (§8).",
        ),
        dg.AssetSpec(
            key("staging/quarantine_esr_staff_in_post"),
            deps=[key("raw/esr_staff_in_post")],
            group_name=GROUP,
            owners=OWNERS,
            kinds={"duckdb", "sql"},
            code_version=code_version(STAFF_IN_POST_SQL),
            description="Staff in post rows that did not load, each with file, sheet, row, column, value, "
            "rule id and a plain-English message.",
        ),
    ],
)
def staff_in_post(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource):
    with build_connection(duckdb) as conn:
        for name in STAFF_IN_POST_SQL:
            run_sql(conn, name, **wres.sql_params())
        by_rule = dict(
            conn.execute(
                "SELECT rule_id, count(*) FROM staging.quarantine_esr_staff_in_post GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        top = conn.execute(
            "SELECT message FROM staging.quarantine_esr_staff_in_post ORDER BY file_name, row_number LIMIT 5"
        ).fetchall()
        staged = table_metadata(conn, "staging.staff_in_post")
        quarantined = table_metadata(
            conn,
            "staging.quarantine_esr_staff_in_post",
            rows_per_rule=dg.MetadataValue.json(by_rule),
            first_messages=dg.MetadataValue.md("\n".join(f"- {m}" for (m,) in top) or "none"),
        )
    n_staged, n_quar = staged["dagster/row_count"].value, quarantined["dagster/row_count"].value
    context.log.info(f"staging/staff_in_post: {n_staged:,} rows staged, {n_quar:,} quarantined {by_rule or ''}")
    yield dg.MaterializeResult(asset_key=key("staging/staff_in_post"), metadata=staged)
    yield dg.MaterializeResult(asset_key=key("staging/quarantine_esr_staff_in_post"), metadata=quarantined)


staging_workforce_snapshot = sql_asset(
    "staging/workforce_snapshot",
    sql_files=["create_staging_workforce_snapshot.sql"],
    deps=["staging/staff_in_post"],
    group=GROUP,
    description="One row per person per snapshot: the person's counted primary assignment supplies band, "
    "staff group and clinical category (source-extracts.md §8). Bank-only people are absent.",
)

staging_quarantine = sql_asset(
    "staging/quarantine",
    sql_files=["create_staging_quarantine.sql"],
    deps=["staging/quarantine_esr_staff_in_post"],
    group=GROUP,
    description="Every row that did not load, from every source (a view over the per-source quarantine tables).",
)
