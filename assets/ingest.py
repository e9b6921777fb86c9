"""Raw layer: every inbox source folder read into ``raw.<source>``, with a file-level audit trail.

The data version of a raw asset is the hash of the files it read (not its code version), so the UI
shows downstream assets as stale exactly when an extract changes.
"""


import hashlib
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.staging import STAGING_SOURCES, StagingSource
from wres_pipeline.assetkit import OWNERS, code_version, key, quarter_scope, table_metadata
from wres_pipeline.incremental import (
    file_sha256,
    fingerprints,
    forget,
    recorded_days,
    reusable_run,
    reuse_audit_records,
)
from wres_pipeline.ingest import empty_raw, inbox_files, load_source, rejected_files_table, rejection_failure
from wres_pipeline.partitions import QUARTERLY_TABLES, QuarterScope, rebuild_tags, run_scope
from wres_pipeline.readers.contracts import CONTRACTS, Contract
from wres_pipeline.resources import WresSettings, build_connection
from wres_pipeline.warehouse import run_sql

GROUP = "ingest"
AUDIT_COLUMNS_SCHEMA = dict.fromkeys(
    ["source", "source_file_id", "sheet", "column_name", "header_found", "column_letter"], pl.String
)


def _files_table(files: list[dict]) -> dg.MetadataValue:
    lines = ["| file | status | period | rows read | dropped | sha256 |", "|---|---|---|---|---|---|"]
    for f in files:
        period = f["snapshot_date"] or f["period_start"] or ""
        lines.append(
            f"| {f['file_name']}{'!' + f['sheet'] if f['sheet'] else ''} | {f['status']} | {period} | "
            f"{f['rows_read']} | {f['rows_dropped']} | {(f['sha256'] or '')[:16]} |"
        )
    return dg.MetadataValue.md("\n".join(lines))


def raw_extract_asset(contract: Contract, staging: StagingSource) -> dg.AssetsDefinition:
    """The raw asset of one source; ``staging``: its staging transform (what its staging reads and whether it
    rewrites raw rows decide when the raw table can be reused, wres_pipeline/incremental.py)."""
    path = f"raw/{contract.source}"
    sql_file = "create_raw_table.sql"  # with the source's raw table as identifier

    @dg.asset(
        key=key(path),
        group_name=GROUP,
        owners=OWNERS,
        kinds={"duckdb", "polars", "csv", "xlsx"},
        code_version=code_version([sql_file, "insert_audit_source_files.sql"]),
        description=f"Every row read from inbox/{contract.folder}/: {contract.description}. "
        "Strings under the contract's column names, plus organisation, period, file id, sheet, "
        "physical row number and drop reason. Personal data and unknown columns are never stored.",
        tags=rebuild_tags(path),
    )
    def _raw(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> dg.MaterializeResult:
        table = f"raw.{contract.source}"
        quarterly = [path] if path in QUARTERLY_TABLES else []
        scope = run_scope(context) if quarterly else None
        fingerprint = fingerprints(wres.settings, contract, staging.upstream_contracts, staging.rewrites_raw).raw
        with build_connection(duckdb) as conn:
            previous = (reusable_run(conn, contract.source, fingerprint)
                        if wres.settings.ingest.reuse_unchanged_sources else None)
            if previous is not None:  # nothing changed since that run: its rows stand, no file is read
                files = reuse_audit_records(conn, contract.source, previous, context.run_id)
                context.log.info(f"{path}: files, code and settings unchanged since run {previous}: "
                                 f"{len(files)} file record(s) reused, no file read again")
                return _materialization(conn, context, contract, files, scope, reused_from=previous)
            forget(conn, contract.source)
            days = recorded_days(conn, contract.source) if scope else {}
        # how many files of the folder hold each content: a file with a copy is read (the copies settle it)
        copies = Counter(file_sha256(p) for p in inbox_files(wres.inbox_dir / contract.folder)) if days else {}

        def other_quarter(path: Path) -> bool:
            """In a run over some quarters: a file an earlier run loaded, dated in another quarter and with no copy
            in the folder (which would be its duplicate) - not read."""
            sha = file_sha256(path)
            day = days.get((path.name, sha))
            return day is not None and not scope.first_day <= day <= scope.last_day and copies[sha] == 1

        with build_connection(duckdb) as conn, quarter_scope(conn, context, quarterly):
            # No enclosing transaction in a full run: the files' rows are committed batch by batch, so DuckDB can
            # flush them to disk (one transaction over a national source held ~10 GB in memory). A failed step
            # leaves a partial raw table, but a failed step also stops everything downstream.
            created = False
            batch: list[pl.DataFrame] = []

            def insert(rows: pl.DataFrame) -> None:
                nonlocal created
                conn.register("incoming_rows", rows)
                if created:
                    conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
                else:
                    run_sql(conn, sql_file, {"raw_table": table})
                    created = True
                conn.unregister("incoming_rows")

            def flush() -> None:
                if batch:
                    insert(pl.concat(batch, how="vertical_relaxed"))
                    batch.clear()

            def append(rows: pl.DataFrame) -> None:  # one file's rows; memory bounded by engine.raw_insert_rows
                if scope is not None and rows.height:  # a run over some quarters: their files only
                    day = rows["snapshot_date"][0] or rows["period_end"][0]
                    if day is None or not scope.first_day <= day <= scope.last_day:
                        return
                batch.append(rows)
                if sum(f.height for f in batch) >= wres.settings.engine.raw_insert_rows:
                    flush()

            load = load_source(wres.inbox_dir, contract, wres.settings, sink=append, skip=other_quarter if days else None)
            flush()
            # judged on every file of the folder, before a quarter's run narrows the load to its quarter
            failure = rejection_failure(contract.source, load.rejected, len(load.loaded_files),
                                        wres.settings.ingest.rejected_file_policy)
            if not created:
                insert(empty_raw(contract))
            for source_file_id, sheet in load.superseded:
                conn.execute(f"DELETE FROM {table} WHERE source_file_id = ? AND sheet IS NOT DISTINCT FROM ?",
                             [source_file_id, sheet])
            for source_file_id, sheet, extract_id in load.parts:
                conn.execute(f"UPDATE {table} SET extract_id = ? WHERE source_file_id = ? "
                             "AND sheet IS NOT DISTINCT FROM ?", [extract_id, source_file_id, sheet])
            if scope is not None:
                load = load.between(scope.first_day, scope.last_day)  # files of other quarters: left as loaded
        with build_connection(duckdb) as conn:
            if load.files:
                conn.register("incoming_files", pl.DataFrame(load.files, infer_schema_length=None))
                conn.register("incoming_columns", pl.DataFrame(load.columns, schema=AUDIT_COLUMNS_SCHEMA))
                run_sql(conn, "insert_audit_source_files.sql", run_id=context.run_id, source=contract.source)
            if failure:
                raise dg.Failure(
                    description=failure + "\n" + "\n".join(str(r) for r in load.rejected),
                    metadata={"rejected_files": [r.file_name for r in load.rejected]},
                )
            for rejection in load.rejected:
                context.log.warning(f"{path}: file left out (ingest.rejected_file_policy = 'skip'): {rejection}")
            return _materialization(conn, context, contract, load.files, scope)

    return _raw


def _materialization(
    conn: duckdb.DuckDBPyConnection, context: dg.AssetExecutionContext, contract: Contract, files: list[dict],
    scope: QuarterScope | None, reused_from: str | None = None,
) -> dg.MaterializeResult:
    """The raw asset's metadata from its table and its files' audit records; its data version is the hash of
    the files loaded, so the UI shows downstream assets stale exactly when an extract changes."""
    path, table = f"raw/{contract.source}", f"raw.{contract.source}"
    loaded = [f for f in files if f["status"] == "loaded"]
    rows_read, dropped = conn.execute(  # in a quarter run: that quarter's rows
        f"SELECT count(*), count(drop_reason) FROM {table}" + (" WHERE snapshot_date BETWEEN ? AND ?" if scope else ""),
        [scope.first_day, scope.last_day] if scope else None,
    ).fetchone()
    if scope is not None:  # a run over some quarters: its files only (those of other quarters are left as loaded)
        loaded = [f for f in loaded if (day := f["snapshot_date"] or f["period_end"]) is not None
                  and scope.first_day <= day <= scope.last_day]
    meta = table_metadata(
        conn,
        table,
        files=_files_table(files),
        rows_read=rows_read,
        rows_dropped_totals_blanks_headers=dropped,
        file_hashes=", ".join(sorted(f["sha256"] for f in loaded)),
        files_rejected=sum(f["status"] == "rejected" for f in files),
        rejected_files=dg.MetadataValue.md(rejected_files_table(files)),
        reused_from_run=reused_from or "",
    )
    if not files:
        context.log.info(f"{path}: no {contract.label} file in inbox/{contract.folder}/; nothing to load")
    elif reused_from is None:
        context.log.info(f"{path}: {rows_read:,} rows read from {len(loaded)} file(s)"
                         f" ({dropped:,} total/blank/header rows marked)")
    version = hashlib.sha256("".join(sorted(f["sha256"] for f in loaded)).encode()).hexdigest()
    return dg.MaterializeResult(metadata=meta, data_version=dg.DataVersion(version[:16]))


# One raw asset per source contract.
RAW_ASSETS = [raw_extract_asset(contract, STAGING_SOURCES[contract.source]) for contract in CONTRACTS.values()]
