"""Files written beside the published warehouse for people and tools that don't read DuckDB:
a data dictionary (markdown and HTML) built from the table and column COMMENTs, and a Parquet copy
of every published table. Both are written read-only to a temp directory and renamed into place."""

from __future__ import annotations

import html
import os
import shutil
import stat
from pathlib import Path

import duckdb

from .faults import remove_stale


def _tables(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str | None]]:
    return conn.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "ORDER BY schema_name = 'marts' DESC, schema_name, table_name"
    ).fetchall()


def _columns(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
    """(schema, table) -> its (column, type, comment) in order, for every table (one catalogue query)."""
    columns: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    for schema, table, column, dtype, comment in conn.execute(
        "SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() ORDER BY schema_name, table_name, column_index"
    ).fetchall():
        columns.setdefault((schema, table), []).append((column, dtype, comment))
    return columns


def _has_table(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(conn.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                             "AND schema_name = ? AND table_name = ?", [schema, table]).fetchone()[0])


METHOD_INTRO = ("Every indicator value carries `method_version`: `wres-method-1` then `token=value` for each "
                "choice below (the values in this warehouse; staff-survey rows add their own `survey_source` and "
                "`survey_map`). Change a choice in `wres.toml` under the setting named.")
LABEL_INTRO = ("The words the report uses for each code stored in the tables (`ref.label`); indicator 1 subgroups "
               "are listed whole.")


def _reference_sections(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, list[str], list[tuple]]]:
    """(anchor, title, intro, headers, rows) of the sections listed from reference tables before the tables: the
    method choices (ref.method_choice) and the codes with their words (ref.label), when the file has them. Every
    column but the last holds a code."""
    sections = []
    if _has_table(conn, "ref", "method_choice"):
        sections.append(("method-choices", "Method choices", METHOD_INTRO, ["token", "value", "setting", "meaning"],
                         conn.execute("SELECT token, value, setting, meaning FROM ref.method_choice").fetchall()))
    if _has_table(conn, "ref", "label"):
        sections.append(("codes", "Codes and their words", LABEL_INTRO, ["kind", "code", "words"],
                         conn.execute("SELECT kind, code, label FROM ref.label ORDER BY kind, code").fetchall()))
    return sections


def _lineage(conn: duckdb.DuckDBPyConnection) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """From audit.column_lineage (when the file has it): (table, column) -> 'schema.table.column, ...' it is
    computed from, and table -> the SQL files that build it."""
    if not _has_table(conn, "audit", "column_lineage"):
        return {}, {}
    columns = {(t, c): sources for t, c, sources in conn.execute(
        "SELECT table_name, column_name, string_agg(upstream_table || coalesce('.' || upstream_column, ' (computed)'), "
        "', ' ORDER BY upstream_table, upstream_column) FROM audit.column_lineage GROUP BY ALL").fetchall()}
    files = dict(conn.execute("SELECT table_name, any_value(sql_files) FROM audit.column_lineage GROUP BY 1").fetchall())
    return columns, files


def data_dictionary_markdown(conn: duckdb.DuckDBPyConnection) -> str:
    lines = ["# WRES warehouse data dictionary", "",
             "Generated from the table and column comments of the published `wres.duckdb`; the lineage column "
             "(from `audit.column_lineage`) names the columns each one is computed from.", ""]
    for _, title, intro, headers, rows in _reference_sections(conn):
        lines += [f"## {title}", "", intro, "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
                  *("| " + " | ".join([*(f"`{v}`" for v in row[:-1]), row[-1].replace("|", "/")]) + " |" for row in rows),
                  ""]
    columns, (lineage, files) = _columns(conn), _lineage(conn)
    for schema, table, comment in _tables(conn):
        built = f"Built by: {files[f'{schema}.{table}']}" if f"{schema}.{table}" in files else ""
        lines += [f"## {schema}.{table}", "", comment or "_(no description)_", "", *([built, ""] if built else []),
                  "| column | type | description | computed from |", "|---|---|---|---|"]
        for column, dtype, ccomment in columns.get((schema, table), []):
            lines.append(f"| `{column}` | {dtype} | {(ccomment or '').replace('|', '/')} | "
                         f"{lineage.get((f'{schema}.{table}', column), '')} |")
        lines.append("")
    return "\n".join(lines)


def data_dictionary_html(conn: duckdb.DuckDBPyConnection) -> str:
    parts = ["<!doctype html><meta charset='utf-8'><title>WRES data dictionary</title>",
             "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}</style>",
             "<h1>WRES warehouse data dictionary</h1>"]
    for anchor, title, intro, headers, rows in _reference_sections(conn):
        parts += [f"<h2 id='{anchor}'>{title}</h2>", f"<p>{html.escape(intro).replace('`', '')}</p>",
                  "<table><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr>",
                  *("<tr>" + "".join(f"<td><code>{html.escape(v)}</code></td>" for v in row[:-1])
                    + f"<td>{html.escape(row[-1])}</td></tr>" for row in rows),
                  "</table>"]
    columns, (lineage, files) = _columns(conn), _lineage(conn)
    for schema, table, comment in _tables(conn):
        parts.append(f"<h2 id='{schema}.{table}'>{schema}.{table}</h2><p>{html.escape(comment or '')}</p>")
        if f"{schema}.{table}" in files:
            parts.append(f"<p>Built by: <code>{html.escape(files[f'{schema}.{table}'])}</code></p>")
        parts.append("<table><tr><th>column</th><th>type</th><th>description</th><th>computed from</th></tr>")
        for column, dtype, ccomment in columns.get((schema, table), []):
            parts.append(f"<tr><td><code>{column}</code></td><td>{dtype}</td><td>{html.escape(ccomment or '')}</td>"
                         f"<td>{html.escape(lineage.get((f'{schema}.{table}', column), ''))}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def write_exports(published_db: Path, warehouse_dir: Path) -> dict[str, int]:
    """data_dictionary.md / .html and parquet/<schema>/<table>.parquet from the published file."""
    staging = warehouse_dir / f".exports.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    for leftover in (".exports.*.tmp", ".parquet.old.*"):  # left by a refresh that was killed
        remove_stale(warehouse_dir, leftover)
    (staging / "parquet").mkdir(parents=True)
    counts: dict[str, int] = {}
    with duckdb.connect(str(published_db), read_only=True) as conn:
        (staging / "data_dictionary.md").write_text(data_dictionary_markdown(conn), encoding="utf-8")
        (staging / "data_dictionary.html").write_text(data_dictionary_html(conn), encoding="utf-8")
        for schema, table, _ in _tables(conn):
            out = staging / "parquet" / schema / f"{table}.parquet"
            out.parent.mkdir(exist_ok=True)
            conn.execute(f"COPY {schema}.\"{table}\" TO '{out}' (FORMAT parquet)")
            counts[f"{schema}.{table}"] = 1
    for written in staging.rglob("*"):
        if written.is_file():
            written.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    for name in ("data_dictionary.md", "data_dictionary.html"):
        os.replace(staging / name, warehouse_dir / name)
    old = warehouse_dir / "parquet"
    retired = warehouse_dir / f".parquet.old.{os.getpid()}"
    if old.exists():
        os.replace(old, retired)
    os.replace(staging / "parquet", old)
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return counts
