"""Publication: the read-only copy of the warehouse BI tools and analysts open (README "Querying")."""

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from wres_pipeline import disclosure
from wres_pipeline.assetkit import OWNERS, code_version, key, lineage_rows, sql_asset
from wres_pipeline.exports import write_exports
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import (
    PUBLISHED_SCHEMAS,
    PublicationRefused,
    losses_table,
    publication_losses,
    publish,
    run_sql,
)

GROUP = "publish"
LINEAGE_COLUMNS = ("table_name", "column_name", "upstream_table", "upstream_column", "sql_files")


def project_code_version(asset_defs: Sequence[dg.AssetsDefinition]) -> str:
    """One hash over every asset's code version: changes whenever any SQL or asset logic changes."""
    versions = sorted(
        (k.to_user_string(), v or "") for a in asset_defs for k, v in a.code_versions_by_key.items()
    )
    return hashlib.sha256(repr(versions).encode()).hexdigest()[:12]


def provenance_asset(asset_defs: Sequence[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    return sql_asset(
        "audit/indicator_provenance",
        sql_files=["create_audit_indicator_provenance.sql"],
        deps=["marts/wres_indicator_result"],
        group="audit",
        description="Every published indicator value traced to its source files (name, SHA-256, reading run), "
        "the SQL that computed it, the code version and the method choices.",
        params={"code_version": project_code_version(asset_defs)},
    )


def _guard(conn, run_id: str, wres: WresSettings) -> str | None:
    """Never publish an empty build, nor less than the published warehouse it replaces unless told to
    (config Publication); what was accepted, for audit.runs, else None."""
    settings = wres.settings
    (loaded,) = conn.execute("SELECT count(*) FROM audit.source_files WHERE run_id = ? AND status = 'loaded'",
                             [run_id]).fetchone()
    if not loaded:
        raise dg.Failure(
            f"No file was loaded from the inbox {settings.paths.inbox}: nothing was published (an empty or "
            "mis-mounted inbox would otherwise empty the warehouse). Check the folder, then run the refresh again.")
    losses = publication_losses(conn, wres.published_file, settings.publication.max_shrink_share)
    if not losses:
        return None
    table = losses_table(losses)
    if not settings.publication.allow_shrink:
        raise dg.Failure(
            f"Publishing this build would lose data the published warehouse {wres.published_file} has "
            f"({len(losses)} organisation x indicator x period or source x year cells; rows with data before and "
            f"after):\n{table}\nNothing was published. If the loss is intended (a source withdrawn, a period "
            "corrected away), run `wres refresh --allow-shrink` (or set publication.allow_shrink); the run's "
            "audit.runs row records what was accepted.",
            metadata={"losses": dg.MetadataValue.text(table)})
    return (f"accepted by publication.allow_shrink (wres refresh --allow-shrink): {len(losses)} loss(es): "
            + "; ".join(f"{org} {what} {period} {before}->{after}" for org, what, period, before, after in losses[:20])
            + (" ..." if len(losses) > 20 else ""))


def publish_asset(asset_defs: Sequence[dg.AssetsDefinition]) -> dg.AssetsDefinition:
    """Depends on every published table, so a failed blocking check upstream means no publication."""
    deps = sorted({k for a in asset_defs for k in a.keys if k.path[0] in PUBLISHED_SCHEMAS}, key=lambda k: k.path)
    project_version = project_code_version(asset_defs)

    @dg.asset(
        key=key("publish/wres_duckdb"),
        deps=deps,
        group_name=GROUP,
        owners=OWNERS,
        kinds={"duckdb"},
        code_version=code_version(["insert_audit_run.sql", "create_audit_column_lineage.sql", "check_publication_losses.sql",
                                   "check_publication_coverage_losses.sql", *disclosure.POST_PUBLICATION_SQL,
                                   *disclosure.PUBLICATION_CHECKS],
                                  ["wres_pipeline/disclosure.py", "wres_pipeline/warehouse.py"]),
        description=f"WAREHOUSE/wres.duckdb: the schemas {', '.join(PUBLISHED_SCHEMAS)} copied from the private "
        "build database with disclosure control applied (small cells blanked, secondary suppression, "
        "the rule in suppression_rule), checkpointed and renamed into place atomically, read-only. "
        "Person-level layers (raw, staging, intermediate) are never published.",
    )
    def _publish(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> dg.MaterializeResult:
        settings = wres.settings
        record = context.instance.get_run_record_by_id(context.run_id)
        started = record.start_time if record and record.start_time else datetime.now(UTC).timestamp()
        with build_connection(duckdb) as conn:
            shrink_accepted = _guard(conn, context.run_id, wres)
            transforms = disclosure.transforms(
                settings.thresholds.suppress_below, settings.thresholds.survey_min_responses,
                results=conn.execute("SELECT * FROM marts.wres_indicator_result").pl(),
                profile=conn.execute("SELECT * FROM marts.workforce_profile").pl())
            # suppression_rule is added at publication by disclosure control, from the table's own cells
            added = [{"table_name": table, "column_name": "suppression_rule", "upstream_table": table,
                      "upstream_column": None, "sql_files": "wres_pipeline/disclosure.py (at publication)"}
                     for table in sorted(transforms)]
            added += [{"table_name": table, "column_name": column, "upstream_table": upstream, "upstream_column": None,
                       "sql_files": f"{by} (at publication)"}
                      for table, column, upstream, by in disclosure.PUBLICATION_ADDED_COLUMNS]
            conn.register("incoming_lineage", pl.DataFrame(
                lineage_rows(conn, asset_defs, PUBLISHED_SCHEMAS) + added,
                schema=dict.fromkeys(LINEAGE_COLUMNS, pl.String)))
            run_sql(conn, "create_audit_column_lineage.sql")
            conn.unregister("incoming_lineage")
            run_sql(
                conn,
                "insert_audit_run.sql",
                run_id=context.run_id,
                job_name=context.job_name,
                started_at=datetime.fromtimestamp(started, UTC).replace(tzinfo=None),
                code_version=project_version,
                config_hash=settings.config_hash(),
                method_version=settings.method_version(),
                shrink_accepted=shrink_accepted,
            )
            try:
                counts = publish(
                    conn,
                    wres.published_file,
                    transforms=transforms,
                    post_sql=disclosure.POST_PUBLICATION_SQL,
                    private_tables=disclosure.PRIVATE_TABLES,
                    post_params=settings.publication_sql_params(),
                    checks=disclosure.PUBLICATION_CHECKS,
                )
            except PublicationRefused as refused:
                raise dg.Failure(
                    "Disclosure control would leave published cells that can be worked out from other published "
                    f"figures, so nothing was published (the warehouse {wres.published_file} is unchanged). "
                    f"{refused}\nThis is a defect of the disclosure rules (wres_pipeline/disclosure.py) for this "
                    "combination of small numbers: report it with the lines above (they name cells, not values).",
                    metadata={"cells": dg.MetadataValue.text(str(refused))}) from refused
        write_exports(wres.published_file, wres.warehouse_dir)
        context.log.info(
            f"published {wres.published_file} ({len(counts)} tables, disclosure control applied; "
            "data dictionary and Parquet copies beside it)"
        )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(wres.published_file)),
                "tables": dg.MetadataValue.json(counts),
            }
        )

    return _publish
