"""Shared building blocks for the asset modules: keys, owners, code versions and table metadata.

Conventions (DEVELOPERS.md): asset key prefix = warehouse schema (``staging/staff_in_post`` is the
table ``staging.staff_in_post``); group = domain (the asset module's name); owners, kinds, code_version
and ``dagster/column_schema`` on every asset. The code version of a SQL asset is derived from the text
of its SQL files, so editing the SQL marks the asset stale in the UI without anyone bumping a number.
"""


import hashlib
from collections.abc import Mapping, Sequence

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from .resources import WresSettings, build_connection
from .warehouse import run_sql, sql_text

OWNERS = ["team:wres-data"]
PYTHON_CODE_VERSION = "1"  # bump when the Python logic of an asset changes meaningfully


def key(path: str) -> dg.AssetKey:
    """'staging/staff_in_post' -> AssetKey(['staging', 'staff_in_post'])."""
    return dg.AssetKey(path.split("/"))


def table_name(asset_key: dg.AssetKey) -> str:
    return ".".join(asset_key.path)


def code_version(sql_files: Sequence[str] = ()) -> str:
    digest = hashlib.sha256(PYTHON_CODE_VERSION.encode())
    for name in sql_files:
        digest.update(sql_text(name).encode())
    return digest.hexdigest()[:12]


def table_metadata(conn: duckdb.DuckDBPyConnection, table: str, **extra: object) -> dict[str, object]:
    """Row count, column schema (with comments) and the table's location, for a materialisation."""
    schema, name = table.split(".")
    cols = conn.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE schema_name = ? AND table_name = ? AND database_name = current_database() ORDER BY column_index",
        [schema, name],
    ).fetchall()
    rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "dagster/table_name": f"wres_build.{table}",
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(c, t, description=d) for c, t, d in cols]
        ),
        **extra,
    }


def sql_asset(
    path: str,
    *,
    sql_files: Sequence[str],
    deps: Sequence[str],
    group: str,
    description: str,
    params: Mapping[str, object] | None = None,
) -> dg.AssetsDefinition:
    """An asset that is exactly 'run these SQL files in order, the last one creates the table'.

    The SQL gets every settings parameter (Settings.sql_params), ``$run_id``, and ``params``.
    """
    asset_key = key(path)

    @dg.asset(
        key=asset_key,
        deps=[key(d) for d in deps],
        group_name=group,
        owners=OWNERS,
        kinds={"duckdb", "sql"},
        code_version=code_version(sql_files),
        description=description,
        metadata={"sql_files": ", ".join(f"sql/{f}" for f in sql_files)},
    )
    def _asset(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> dg.MaterializeResult:
        with build_connection(duckdb) as conn:
            all_params = {**wres.sql_params(), "run_id": context.run_id, **(params or {})}
            for name in sql_files:
                run_sql(conn, name, **all_params)
            meta = table_metadata(conn, table_name(asset_key))
        context.log.info(f"{path}: {meta['dagster/row_count'].value:,} rows")
        return dg.MaterializeResult(metadata=meta)

    return _asset
