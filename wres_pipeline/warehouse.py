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

import functools
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from .config import SQL_DIR
from .faults import fault_point, remove_stale

BUILD_DIR_NAME = ".build"
BUILD_FILE_NAME = "wres_build.duckdb"
PUBLISHED_FILE_NAME = "wres.duckdb"
# Person-level layers (raw, staging, intermediate) never leave the private build database.
PUBLISHED_SCHEMAS = ("marts", "audit", "ref")
BOOTSTRAP_SQL = (
    "create_schemas.sql", "create_macros.sql", "create_audit_tables.sql", "create_staging_contracts.sql",
    "create_indicator_macros.sql", "create_measure_macros.sql", "create_source_state.sql",
)


def build_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / BUILD_DIR_NAME / BUILD_FILE_NAME


def published_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / PUBLISHED_FILE_NAME


def sql_text(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")


def sql_with_identifiers(name: str, identifiers: Mapping[str, str]) -> str:
    """The text of sql/<name> with each ``{{placeholder}}`` replaced by a checked table or column name.

    Only for SQL that works on several tables (e.g. sql/delete_quarter_partition.sql): values are
    parameters ($name), never spliced in; identifiers must match ``schema.table`` / ``column``.
    """
    text = sql_text(name)
    for placeholder, identifier in identifiers.items():
        if not IDENTIFIER.fullmatch(identifier):
            raise ValueError(f"sql/{name}: {identifier!r} is not a plain table or column name")
        text = text.replace("{{" + placeholder + "}}", identifier)
    if left := re.findall(r"\{\{(\w+)\}\}", text):
        raise KeyError(f"sql/{name} needs identifier(s) {sorted(set(left))}")
    return text


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, identifiers: Mapping[str, str] | None = None, **params: object
) -> None:
    """Run every statement of one file of sql/, giving each the named parameters ($name) it uses."""
    text = sql_with_identifiers(name, identifiers) if identifiers else sql_text(name)
    for statement in duckdb.extract_statements(text):
        wanted = statement.named_parameters
        missing = wanted - params.keys()
        if missing:
            raise KeyError(f"sql/{name} needs parameter(s) {sorted(missing)}")
        conn.execute(statement.query, {k: params[k] for k in wanted} if wanted else None)


def query_sql(conn: duckdb.DuckDBPyConnection, name: str, **params: object) -> duckdb.DuckDBPyConnection:
    """Run a one-query file of sql/ with the named parameters ($name) it uses; the cursor, to fetch from."""
    (statement,) = duckdb.extract_statements(sql_text(name))
    wanted = statement.named_parameters
    return conn.execute(statement.query, {k: params[k] for k in wanted} if wanted else None)


# Which version of BOOTSTRAP_SQL a database holds (a private table: the main schema is never published).
BOOTSTRAP_MARKER = "main.wres_bootstrap"


@functools.cache
def bootstrap_version() -> str:
    return hashlib.sha256("".join(sql_text(n) for n in BOOTSTRAP_SQL).encode()).hexdigest()[:16]


def bootstrap(conn: duckdb.DuckDBPyConnection) -> None:
    """Schemas, macros and audit tables; idempotent, called at the start of every asset's connection.

    The objects persist in the database file, so the SQL runs only when the file does not hold this
    version of it yet (parsing every macro again cost ~0.1 s of CPU per asset).
    """
    version = bootstrap_version()
    try:
        if conn.execute(f"SELECT version FROM {BOOTSTRAP_MARKER}").fetchone() == (version,):
            return
    except duckdb.CatalogException:
        pass
    for name in BOOTSTRAP_SQL:
        run_sql(conn, name)
    conn.execute(f"CREATE OR REPLACE TABLE {BOOTSTRAP_MARKER} AS SELECT ? AS version", [version])


def table_fingerprints(
    conn: duckdb.DuckDBPyConnection,
    schemas: Sequence[str] = ("marts",),
    exclude_columns: Collection[str] = (),
) -> dict[str, str]:
    """'schema.table' -> content hash of every table of ``schemas`` in the connection's database.

    The hash is independent of row order (the MD5 of the sorted MD5s of the rows' text, with the row
    count) and leaves out ``exclude_columns`` (run ids, timestamps), so two refreshes of the same inbox
    give identical fingerprints exactly when every table holds the same rows.
    """
    columns = conn.execute(
        "SELECT schema_name, table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name IN ? AND NOT internal "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()) "
        "GROUP BY ALL ORDER BY ALL",
        [list(schemas)],
    ).fetchall()
    fingerprints: dict[str, str] = {}
    for schema, table, names in columns:
        kept = ", ".join(f'"{c}"' for c in names if c not in exclude_columns) or "NULL AS nothing"
        n, digest = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM "
            f'(SELECT md5(CAST(t AS VARCHAR)) AS h FROM (SELECT {kept} FROM {schema}."{table}") AS t)'
        ).fetchone()
        fingerprints[f"{schema}.{table}"] = f"{n}:{digest}"
    return fingerprints


# OS errors that mean "the warehouse folder cannot be written" (read-only, full, no permission, quota).
WRITE_ERRORS = ("Read-only file system", "No space left on device", "File too large", "Permission denied",
                "Disk quota exceeded", "Not enough space")


def write_problem(warehouse_dir: Path, min_free_bytes: int) -> str | None:
    """Why a refresh cannot write the warehouse folder (read-only, not a folder, full), or None."""
    build_dir = warehouse_dir / BUILD_DIR_NAME
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        for folder in (warehouse_dir, build_dir):
            probe = folder / f".write_probe.{os.getpid()}"
            try:
                probe.write_bytes(b"\0" * 4096)
            finally:
                probe.unlink(missing_ok=True)
    except OSError as exc:
        return (f"cannot write to the warehouse folder {warehouse_dir} ({exc.strerror or exc}); "
                "make it writable or choose another --warehouse.")
    existing = sum(p.stat().st_size for p in (build_path(warehouse_dir), published_path(warehouse_dir)) if p.exists())
    need = max(min_free_bytes, 2 * existing)
    free = shutil.disk_usage(warehouse_dir).free
    if free < need:
        return (f"the warehouse folder {warehouse_dir} has {free / 2**20:.1f} MB free and a refresh needs about "
                f"{need / 2**20:.0f} MB (thresholds.min_free_disk_mb, or twice the current databases); "
                "free some space or choose another --warehouse.")
    return None


def write_failure(texts: Sequence[str], warehouse_dir: Path) -> str | None:
    """A plain sentence when a failed run's errors say the warehouse folder could not be written."""
    for text in texts:
        if reason := next((e for e in WRITE_ERRORS if e.lower() in text.lower()), None):
            return (f"the warehouse folder {warehouse_dir} could not be written ({reason}); free some space or "
                    "make it writable, then run the refresh again.")
    return None


Transform = Callable[[pl.DataFrame], pl.DataFrame]


class PublicationRefused(Exception):
    """A check of the copy about to be published found rows (sql/check_publication_*.sql): nothing published."""

    def __init__(self, check: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        self.check, self.columns, self.rows = check, list(columns), list(rows)
        shown = "\n".join("  " + " | ".join(str(v) for v in row) for row in rows[:30])
        more = f"\n  ... and {len(rows) - 30} more" if len(rows) > 30 else ""
        super().__init__(f"sql/{check} found {len(rows)} row(s) ({' | '.join(self.columns)}):\n{shown}{more}")


def publish(
    conn: duckdb.DuckDBPyConnection,
    target: Path,
    transforms: Mapping[str, Transform] | None = None,
    post_sql: Sequence[str] = (),
    private_tables: Collection[str] = (),
    post_params: Mapping[str, object] | None = None,
    checks: Sequence[str] = (),
) -> dict[str, int]:
    """Copy the published schemas of the build database ``conn`` works in to ``target`` atomically; return
    row counts.

    The copy is written through ``conn`` (the run's one open instance of the build database: a second
    instance could not open the same file) into a temp file attached beside it. ``transforms`` maps
    'schema.table' to a function applied to that table on its way out, ``post_sql`` are sql/ files run in
    the published copy afterwards (the disclosure policy of wres_pipeline/disclosure.py) with the named
    parameters ``post_params``, and ``private_tables`` stay in the build database only. ``checks`` are sql/
    queries run last, in the build database with the copy attached as ``published``: any row they return
    stops the publication (PublicationRefused), and the published file is left as it was.
    """
    transforms = transforms or {}
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    remove_stale(target.parent, f".{target.name}.*.tmp*")  # left by a refresh that was killed
    (build,) = conn.execute("SELECT current_database()").fetchone()
    try:
        conn.execute(f"ATTACH {quote_literal(str(tmp))} AS published")
        try:
            conn.execute("BEGIN TRANSACTION")  # one commit for every table and comment (~5 ms each on its own)
            try:
                counts = _copy_published(conn, build, transforms, private_tables)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("USE published")  # the post-publication SQL sees the published copy only
            for name in post_sql:
                run_sql(conn, name, **(post_params or {}))
            conn.execute("CHECKPOINT published")
            conn.execute(f'USE "{build}"')
            for name in checks:
                cursor = query_sql(conn, name, **(post_params or {}))
                if found := cursor.fetchall():
                    raise PublicationRefused(name, [d[0] for d in cursor.description], found)
        finally:
            conn.execute(f'USE "{build}"')
            conn.execute("DETACH published")
        tmp.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        fault_point("publish")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return counts


def publication_losses(conn: duckdb.DuckDBPyConnection, previous: Path, max_shrink_share: float) -> list[tuple]:
    """What publishing the build ``conn`` holds would lose against the published warehouse ``previous``:
    (organisation, what, period, before, after) rows of sql/check_publication_losses.sql (indicators) and
    sql/check_publication_coverage_losses.sql (sources x WRES years); none when nothing was published yet."""
    if not previous.exists():
        return []
    conn.execute(f"ATTACH {quote_literal(str(previous))} AS previous (READ_ONLY)")
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = 'previous'").fetchall()}
        losses = []
        if "marts.wres_indicator_result" in tables:
            losses += query_sql(conn, "check_publication_losses.sql", max_shrink_share=max_shrink_share).fetchall()
        if "audit.source_coverage" in tables:
            losses += query_sql(conn, "check_publication_coverage_losses.sql").fetchall()
        return losses
    finally:
        conn.execute("DETACH previous")


def losses_table(losses: Sequence[tuple]) -> str:
    """The losses of publication_losses as a plain-text table (first 40 rows, then a count)."""
    lines = [f"  {'organisation':<12} {'what':<24} {'period':<11} {'before':>7} {'after':>6}"]
    lines += [f"  {org:<12} {what:<24} {period:<11} {before:>7} {after:>6}" for org, what, period, before, after in losses[:40]]
    if len(losses) > 40:
        lines.append(f"  ... and {len(losses) - 40} more")
    return "\n".join(lines)


def private_folder(root: Path, *parts: str) -> Path:
    """``root / parts...``, every level created and kept owner-only (0700): a private outputs folder."""
    level = root
    for level in (root, *(root.joinpath(*parts[: i + 1]) for i in range(len(parts)))):
        level.mkdir(parents=True, exist_ok=True)
        level.chmod(stat.S_IRWXU)
    return level


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_published(
    conn: duckdb.DuckDBPyConnection, build: str, transforms: Mapping[str, Transform], private_tables: Collection[str]
) -> dict[str, int]:
    """The tables of PUBLISHED_SCHEMAS (but ``private_tables``) of ``build`` into the attached ``published``."""
    tables = conn.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() "
        "WHERE database_name = ? AND schema_name IN ? ORDER BY ALL",
        [build, list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    for schema in PUBLISHED_SCHEMAS:
        conn.execute(f"CREATE SCHEMA published.{schema}")
    counts: dict[str, int] = {}
    for schema, table, comment in tables:
        name = f"{schema}.{table}"
        if name in private_tables:
            continue
        source, copy = f'"{build}".{schema}."{table}"', f'published.{schema}."{table}"'
        if name in transforms:
            conn.register("outgoing", transforms[name](conn.execute(f"SELECT * FROM {source}").pl()))
            conn.execute(f"CREATE TABLE {copy} AS SELECT * FROM outgoing")
            conn.unregister("outgoing")
        else:
            conn.execute(f"CREATE TABLE {copy} AS SELECT * FROM {source}")
        if comment:
            conn.execute(f"COMMENT ON TABLE {copy} IS {quote_literal(comment)}")
        counts[name] = conn.execute(f"SELECT count(*) FROM {copy}").fetchone()[0]
    _copy_column_comments(conn, build)
    return counts


def _copy_column_comments(conn: duckdb.DuckDBPyConnection, build: str) -> None:
    rows = conn.execute(
        "SELECT schema_name, table_name, column_name, comment FROM duckdb_columns() WHERE database_name = ? "
        "AND comment IS NOT NULL AND schema_name IN ? "
        "AND (schema_name, table_name) IN (SELECT (schema_name, table_name) FROM duckdb_tables() "
        "WHERE database_name = 'published')",
        [build, list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    for schema, table, column, comment in rows:
        conn.execute(f'COMMENT ON COLUMN published.{schema}."{table}"."{column}" IS {quote_literal(comment)}')
