"""The DuckDB warehouse: running the SQL files, and publishing the read-only copy BI tools use.

Two files live under the warehouse directory:

* ``.build/wres_build.duckdb`` - private; only the pipeline opens it (one writer, in-process executor).
  It keeps person-level staging rows and unsuppressed values.
* ``wres.duckdb`` - the published copy: only the schemas in ``PUBLISHED_SCHEMAS``, written to a temp
  file, checkpointed and renamed over the old one in a single ``os.replace``. A BI tool holding the
  old file open keeps reading the old snapshot; a new connection sees the new one; nobody ever sees
  a half-written file (stack-findings.md §5).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from .config import SQL_DIR

BUILD_DIR_NAME = ".build"
BUILD_FILE_NAME = "wres_build.duckdb"
PUBLISHED_FILE_NAME = "wres.duckdb"
# Person-level layers (raw, staging, intermediate) never leave the private build database.
PUBLISHED_SCHEMAS = ("marts", "audit", "ref")
BOOTSTRAP_SQL = (
    "create_schemas.sql", "create_macros.sql", "create_audit_tables.sql", "create_staging_contracts.sql",
    "create_indicator_macros.sql", "create_measure_macros.sql",
)


def build_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / BUILD_DIR_NAME / BUILD_FILE_NAME


def published_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / PUBLISHED_FILE_NAME


def sql_text(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def run_sql(conn: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    """Run every statement of one file of sql/, giving each the named parameters ($name) it uses."""
    for statement in duckdb.extract_statements(sql_text(name)):
        wanted = statement.named_parameters
        missing = wanted - params.keys()
        if missing:
            raise KeyError(f"sql/{name} needs parameter(s) {sorted(missing)}")
        conn.execute(statement.query, {k: params[k] for k in wanted} if wanted else None)


def bootstrap(conn: duckdb.DuckDBPyConnection) -> None:
    """Schemas, macros and audit tables; idempotent, run at the start of every asset's connection."""
    for name in BOOTSTRAP_SQL:
        run_sql(conn, name)


Transform = Callable[[pl.DataFrame], pl.DataFrame]


def publish(
    build_file: Path,
    target: Path,
    transforms: Mapping[str, Transform] | None = None,
    post_sql: Sequence[str] = (),
    private_tables: Collection[str] = (),
    post_params: Mapping[str, object] | None = None,
) -> dict[str, int]:
    """Copy the published schemas of the build database to ``target`` atomically; return row counts.

    ``transforms`` maps 'schema.table' to a function applied to that table on its way out, ``post_sql``
    are sql/ files run in the published copy afterwards (the disclosure policy of
    wres_pipeline/disclosure.py) with the named parameters ``post_params``, and ``private_tables`` stay
    in the build database only.
    """
    transforms = transforms or {}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        with duckdb.connect(str(tmp)) as pub:
            pub.execute(f"ATTACH '{build_file}' AS build (READ_ONLY)")
            tables = pub.execute(
                "SELECT schema_name, table_name, comment FROM duckdb_tables() "
                "WHERE database_name = 'build' AND schema_name IN ? ORDER BY ALL",
                [list(PUBLISHED_SCHEMAS)],
            ).fetchall()
            for schema in PUBLISHED_SCHEMAS:
                pub.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            for schema, table, comment in tables:
                name = f"{schema}.{table}"
                if name in private_tables:
                    continue
                if name in transforms:
                    outgoing = transforms[name](pub.execute(f'SELECT * FROM build.{schema}."{table}"').pl())
                    pub.register("outgoing", outgoing)
                    pub.execute(f'CREATE TABLE {schema}."{table}" AS SELECT * FROM outgoing')
                    pub.unregister("outgoing")
                else:
                    pub.execute(f'CREATE TABLE {schema}."{table}" AS SELECT * FROM build.{schema}."{table}"')
                if comment:
                    pub.execute(f'COMMENT ON TABLE {schema}."{table}" IS {_quote(comment)}')
                counts[f"{schema}.{table}"] = pub.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0]
            _copy_column_comments(pub)
            pub.execute("DETACH build")
            for name in post_sql:
                run_sql(pub, name, **(post_params or {}))
            pub.execute("CHECKPOINT")
        tmp.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return counts


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_column_comments(pub: duckdb.DuckDBPyConnection) -> None:
    rows = pub.execute(
        "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() "
        "WHERE database_name = 'build' AND comment IS NOT NULL AND schema_name IN ?",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    for schema, table, column, comment in rows:
        pub.execute(f'COMMENT ON COLUMN {schema}."{table}"."{column}" IS {_quote(comment)}')
