"""Shared building blocks for the asset modules: keys, owners, code versions and table metadata.

Conventions (DEVELOPERS.md): asset key prefix = warehouse schema (``staging/staff_in_post`` is the
table ``staging.staff_in_post``); group = domain (the asset module's name); owners, kinds, code_version
and ``dagster/column_schema`` on every asset. The code version of a SQL asset is derived from the text
of its SQL files, so editing the SQL marks the asset stale in the UI without anyone bumping a number.
"""


import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from .config import PROJECT_ROOT
from .partitions import QUARTERLY_TABLES, rebuild_tags, run_scope
from .resources import WresSettings, build_connection
from .warehouse import quote_literal, run_sql, sql_text

OWNERS = ["team:wres-data"]
PYTHON_CODE_VERSION = "1"  # bump when the Python logic of an asset changes meaningfully


def key(path: str) -> dg.AssetKey:
    """'staging/staff_in_post' -> AssetKey(['staging', 'staff_in_post'])."""
    return dg.AssetKey(path.split("/"))


def table_name(asset_key: dg.AssetKey) -> str:
    return ".".join(asset_key.path)


def code_version(sql_files: Sequence[str] = (), python_files: Sequence[str] = ()) -> str:
    """A hash of the SQL files (sql/) and Python files (paths from the project root) an asset's output
    depends on: editing any of them marks the asset stale in the UI."""
    digest = hashlib.sha256(PYTHON_CODE_VERSION.encode())
    for name in sql_files:
        digest.update(sql_text(name).encode())
    for name in python_files:
        digest.update((PROJECT_ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


LINEAGE_COMMENT = re.compile(r"^--\s*lineage:\s*(?P<outputs>[^<]+?)\s*<-\s*(?P<sources>.+?)\s*$", re.MULTILINE)


def declared_lineage(sql_files: Sequence[str]) -> dict[str, list[tuple[dg.AssetKey, str]]]:
    """Lineage the SQL declares for computed columns, one comment line per rule, e.g.

        -- lineage: value, bme_value <- staging.workforce_snapshot.ethnic_group

    (output columns, then the ``schema.table.column`` they are computed from)."""
    found: dict[str, list[tuple[dg.AssetKey, str]]] = {}
    for name in sql_files:
        for m in LINEAGE_COMMENT.finditer(sql_text(name)):
            sources = []
            for ref in m["sources"].split(","):
                schema, table, column = ref.strip().split(".")
                sources.append((dg.AssetKey([schema, table]), column))
            for output in m["outputs"].split(","):
                found.setdefault(output.strip(), []).extend(sources)
    return found


def column_lineage(
    conn: duckdb.DuckDBPyConnection, table: str, deps: Sequence[dg.AssetKey] = (), sql_files: Sequence[str] = ()
) -> tuple[list[tuple[str, str, str | None]], dict[str, list[tuple[dg.AssetKey, str]]]]:
    """A table's (column, type, comment) list, and each column's upstream (asset key, column): what the SQL
    declares for it (``declared_lineage``), else the same-named columns of the tables it is built from (``deps``)."""
    dep_tables = {table_name(d): d for d in deps}
    cols, dep_columns = [], {}
    for source, column, data_type, comment in conn.execute(  # the table's columns and its dependencies'
        "SELECT schema_name || '.' || table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name || '.' || table_name IN ? ORDER BY column_index",
        [[table, *dep_tables]],
    ).fetchall():
        if source == table:
            cols.append((column, data_type, comment))
        else:
            dep_columns.setdefault(column, []).append(dep_tables[source])
    declared = declared_lineage(sql_files)
    upstream = {}
    for column, _, _ in cols:
        sources = set(declared[column]) if column in declared else {(k, column) for k in dep_columns.get(column, [])}
        if sources:
            upstream[column] = sorted(sources, key=lambda s: (s[0].path, s[1]))
    return cols, upstream


def table_metadata(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    *,
    deps: Sequence[dg.AssetKey] = (),
    sql_files: Sequence[str] = (),
    **extra: object,
) -> dict[str, object]:
    """Row count, column schema (with comments), column lineage (``column_lineage``) and the table's location."""
    cols, upstream = column_lineage(conn, table, deps, sql_files)
    rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "dagster/table_name": f"wres_build.{table}",
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(c, t, description=d) for c, t, d in cols]
        ),
        "dagster/column_lineage": dg.TableColumnLineage(deps_by_column={
            column: [dg.TableColumnDep(asset_key=k, column_name=c) for k, c in sources]
            for column, sources in upstream.items()
        }),
        **extra,
    }


def lineage_rows(conn: duckdb.DuckDBPyConnection, asset_defs: Sequence[dg.AssetsDefinition],
                 schemas: Sequence[str]) -> list[dict]:
    """audit.column_lineage rows: for every column of every SQL-built table of ``schemas``, its upstream
    columns and the SQL files that build it (the same lineage as the assets' dagster/column_lineage); a
    column computed without a named source gets one row per table it is built from, with no column."""
    rows = []
    for a in asset_defs:
        for k in a.keys:
            files = (a.metadata_by_key.get(k) or {}).get("sql_files")
            if k.path[0] not in schemas or not isinstance(files, str):
                continue
            sql_files = [f.strip().removeprefix("sql/") for f in files.split(",")]
            deps = sorted(a.asset_deps.get(k, ()), key=lambda d: d.path)
            cols, upstream = column_lineage(conn, table_name(k), deps, sql_files)
            for column, _, _ in cols:  # a column computed without a named source: from the tables it is built from
                for dep, dep_column in upstream.get(column) or [(d, None) for d in deps]:
                    rows.append({"table_name": table_name(k), "column_name": column, "upstream_table": table_name(dep),
                                 "upstream_column": dep_column, "sql_files": files})
    return rows


def _table_exists(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    return bool(conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? "
        "AND database_name = current_database()", [schema, name]).fetchone()[0])


def _columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str | None]]:
    schema, name = table.split(".")
    return conn.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "AND database_name = current_database() ORDER BY column_index", [schema, name]).fetchall()


def _copy_comments(conn: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    schema, name = source.split(".")
    (comment,) = conn.execute(
        "SELECT comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? "
        "AND database_name = current_database()", [schema, name]).fetchone()
    if comment:
        conn.execute(f"COMMENT ON TABLE {target} IS {quote_literal(comment)}")
    for column, text in _columns(conn, source):
        if text:
            conn.execute(f'COMMENT ON COLUMN {target}."{column}" IS {quote_literal(text)}')


@contextmanager
def quarter_scope(
    conn: duckdb.DuckDBPyConnection, context: dg.AssetExecutionContext, paths: Sequence[str]
) -> Iterator[None]:
    """Around an asset's create_* SQL: in a run over some quarters, only those quarters' rows change.

    Outside a partitioned run, or in a run over every quarter, this does nothing: the create SQL
    rebuilds the tables whole. Otherwise each table in ``paths`` is set aside, the create SQL builds it
    afresh, and in one transaction the run's quarters are deleted from the set-aside table
    (sql/delete_quarter_partition.sql), the fresh rows of those quarters merged in
    (sql/merge_into_quarter_partition.sql), and the set-aside table put back. Every other quarter's
    rows are left exactly as they were; if the build fails, nothing changes.
    """
    scope = run_scope(context) if paths else None
    if scope is None:
        yield
        return
    tables = {table_name(key(p)): QUARTERLY_TABLES[p] for p in paths}
    kept = {t: f"{t}__kept" for t in tables}
    conn.execute("BEGIN TRANSACTION")
    try:
        for table in tables:
            if _table_exists(conn, table):
                conn.execute(f"ALTER TABLE {table} RENAME TO {kept[table].split('.')[1]}")
        yield
        for table, column in tables.items():
            if not _table_exists(conn, kept[table]):  # first build of this table: other quarters empty
                conn.execute(f"CREATE TABLE {kept[table]} AS FROM {table} LIMIT 0")
            before, after = {c for c, _ in _columns(conn, kept[table])}, {c for c, _ in _columns(conn, table)}
            if before != after:
                raise dg.Failure(
                    f"{table}: the columns changed since the last build (added {sorted(after - before)}, "
                    f"removed {sorted(before - after)}), so one quarter cannot be rebuilt on its own. "
                    "Rebuild every quarter: wres refresh --backfill (or a backfill of all partitions in the UI)."
                )
            bounds = {"first_day": scope.first_day, "last_day": scope.last_day}
            names = {"table": kept[table], "rebuilt": table, "column": column}
            run_sql(conn, "delete_quarter_partition.sql", identifiers=names, **bounds)
            run_sql(conn, "merge_into_quarter_partition.sql", identifiers=names, **bounds)
            _copy_comments(conn, table, kept[table])
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {kept[table]} RENAME TO {table.split('.')[1]}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    context.log.info(f"rebuilt {scope} of {', '.join(tables)}; every other quarter left as it was")


@dataclass(frozen=True)
class SqlTable:
    """One table of a SQL asset: 'run these SQL files in order, the last one creates the table'."""

    path: str
    sql_files: Sequence[str]
    deps: Sequence[str]
    description: str
    params: Mapping[str, object] = field(default_factory=dict)


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
    return sql_tables_asset(key(path).to_python_identifier(), group,
                            [SqlTable(path, sql_files, deps, description, params or {})])


def sql_tables_asset(name: str, group: str, tables: Sequence[SqlTable]) -> dg.AssetsDefinition:
    """SQL tables built one after the other in one step (op ``name``), each its own asset key with its
    own code version and metadata: small tables (the reference data) share one step's fixed cost."""
    paths = [t.path for t in tables]
    specs = [
        dg.AssetSpec(
            key(t.path),
            deps=[key(d) for d in t.deps],
            group_name=group,
            owners=OWNERS,
            kinds={"duckdb", "sql"},
            code_version=code_version(t.sql_files),
            description=t.description,
            metadata={"sql_files": ", ".join(f"sql/{f}" for f in t.sql_files)},
            tags=rebuild_tags(*paths),
        )
        for t in tables
    ]

    @dg.multi_asset(name=name, specs=specs)
    def _asset(context: dg.AssetExecutionContext, wres: WresSettings, duckdb: DuckDBResource) -> Iterator:
        with build_connection(duckdb) as conn:
            results = []
            for t in tables:
                all_params = {**wres.sql_params(), "run_id": context.run_id, **t.params}
                with quarter_scope(conn, context, [t.path] if t.path in QUARTERLY_TABLES else []):
                    for sql_file in t.sql_files:
                        run_sql(conn, sql_file, **all_params)
                meta = table_metadata(conn, table_name(key(t.path)), deps=[key(d) for d in t.deps],
                                      sql_files=t.sql_files)
                context.log.info(f"{t.path}: {meta['dagster/row_count'].value:,} rows")
                results.append(dg.MaterializeResult(asset_key=key(t.path), metadata=meta))
        yield from results

    return _asset
