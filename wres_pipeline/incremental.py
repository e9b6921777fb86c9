"""Incremental refreshes: a source whose files, code and settings have not changed is not read or staged again.

Every source (a contract of ``readers/contracts.py``) is built by two steps: its raw asset reads the files
of its inbox folder into ``raw.<source>`` and its staging step types them into the staging and quarantine
tables. The two are one unit here, because staging writes back into raw (the rows of a file rejected for
too many bad rows are marked ``file_rejected``; survey answers are erased once aggregated), so staging can
only be redone from freshly read rows.

A source's **fingerprint** is a SHA-256 of everything its two steps' output depends on:

* the bytes of every file in its inbox folder (with name, size and modification time: the parts of an
  extract are ordered by modification time);
* the code: every Python file of ``wres_pipeline/`` and ``assets/``, every SQL file, the shipped reference
  data and the reference files the settings name - any change to the code re-reads every source;
* the settings, but for those that cannot change a row (paths, engine, publication, and the switch
  ``ingest.reuse_unchanged_sources`` itself);
* the files of the sources its staging reads (``staging/staff_in_post``: applications, training, ER cases,
  board members and survey respondents are matched to ESR people).

The raw asset compares the fingerprint with the one its raw and staging tables were last built from (the
private table ``main.wres_source_state`` of the build database, never published). Equal: the step reuses
them - no file is read; the files' audit records of that run are written again under this run, each with
``read_in_run`` naming the run that read its bytes - and the staging step reuses its tables too. Different
(or ``wres refresh --full``, or ``ingest.reuse_unchanged_sources = false``): the raw asset forgets the
fingerprint and reads every file, and the staging step, once its tables are built, records the new one.
Never reused: a source one of whose files was rejected as dated in the future (that depends on today's
date); and a run over some quarters records no fingerprint for a quarterly source (it rebuilt only those
quarters' rows), so the next whole run reads it again.

Everything downstream of staging (snapshots, indicators, marts, publication) is rebuilt in every run from
the staged tables, so it always agrees with them.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .config import PROJECT_ROOT, REFERENCE_DATA_DIR, SQL_DIR, Settings
from .ingest import inbox_files
from .readers.contracts import Contract
from .warehouse import query_sql, run_sql

CODE_DIRS = ("wres_pipeline", "assets")
# Settings that cannot change a raw, staging or quarantine row.
NEUTRAL_SETTINGS = ("paths", "engine", "publication")


@functools.lru_cache(maxsize=4096)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    """SHA-256 of a file, read once per process for a given size and modification time."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files_digest(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        digest.update(_file_sha256(str(path), stat.st_size, stat.st_mtime_ns).encode())
    return digest.hexdigest()


def _code_files(settings: Settings) -> list[Path]:
    code = [p for d in CODE_DIRS for p in sorted((PROJECT_ROOT / d).rglob("*.py"))]
    return [*code, *sorted(SQL_DIR.glob("*.sql")), *sorted(REFERENCE_DATA_DIR.iterdir()),
            *(Path(f) for f in (*settings.benchmark.files(), *settings.comparators.files()))]


def settings_digest(settings: Settings) -> str:
    """The code and the settings every source's fingerprint includes."""
    neutral = {**dict.fromkeys(NEUTRAL_SETTINGS, True), "ingest": {"reuse_unchanged_sources": True}}
    values = json.loads(settings.model_dump_json(exclude=neutral))
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode() + _files_digest(_code_files(settings)).encode()
                          ).hexdigest()


def source_fingerprint(settings: Settings, contract: Contract, upstream: Sequence[Contract] = ()) -> str:
    """The fingerprint of ``contract``'s source (module docstring); ``upstream``: the sources its staging reads."""
    digest = hashlib.sha256(f"{contract.source}\0{settings_digest(settings)}".encode())
    for c in (contract, *upstream):
        digest.update(f"\0{c.folder}\0".encode() + _files_digest(inbox_files(settings.paths.inbox / c.folder)).encode())
    return digest.hexdigest()


def reusable_run(conn: duckdb.DuckDBPyConnection, source: str, fingerprint: str) -> str | None:
    """The run whose raw and staging tables of ``source`` can be reused (same fingerprint), else None."""
    row = query_sql(conn, "select_source_reusable.sql", source=source, fingerprint=fingerprint).fetchone()
    return row[0] if row else None


def reuse_audit_records(conn: duckdb.DuckDBPyConnection, source: str, previous_run: str, run_id: str) -> list[dict]:
    """The source's file records of ``previous_run`` written again under ``run_id``; the records, as dicts."""
    run_sql(conn, "insert_audit_source_files_reused.sql", source=source, previous_run=previous_run, run_id=run_id,
            loaded_at=datetime.now(UTC).replace(tzinfo=None))
    cur = conn.execute("SELECT * FROM audit.source_files WHERE run_id = ? AND source = ? ORDER BY file_name, sheet",
                       [run_id, source])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def forget(conn: duckdb.DuckDBPyConnection, source: str) -> None:
    """The source's raw table is being rebuilt: its staging can no longer be reused."""
    run_sql(conn, "delete_source_state.sql", source=source)


def remember(conn: duckdb.DuckDBPyConnection, source: str, fingerprint: str, run_id: str) -> None:
    """The source's raw, staging and quarantine tables are now built from the inputs ``fingerprint`` names."""
    run_sql(conn, "insert_source_state.sql", source=source, fingerprint=fingerprint, run_id=run_id)
