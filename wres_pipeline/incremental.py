"""Incremental refreshes: a source whose files, code and settings have not changed is not read or staged again.

Every source (a contract of ``readers/contracts.py``) is built by two steps: its raw asset reads the files
of its inbox folder into ``raw.<source>`` and its staging step types them into the staging and quarantine
tables. Each step has a **fingerprint**, a SHA-256 of everything its output depends on:

* raw: the bytes of every file in the source's inbox folder (with name, size and modification time: the
  parts of an extract are ordered by modification time); the code - every Python file of
  ``wres_pipeline/`` and ``assets/``, every SQL file, the shipped reference data and the reference files
  the settings name, so any change to the code reads every source again; and the settings, but for those
  that cannot change a row (paths, engine, publication, and the switch ``ingest.reuse_unchanged_sources``);
* staging: the raw fingerprint and the files of the sources its SQL reads (``staging/staff_in_post``:
  applications, training, ER cases, board members and survey respondents are matched to ESR people).

Both are recorded, with the run that built the tables, in the private table ``main.wres_source_state`` of
the build database (never published). The raw asset reuses its table when its raw fingerprint is the
recorded one: no file is read, and the files' audit records of that run are written again under this run,
each with ``read_in_run`` naming the run that read its bytes; otherwise it forgets the record and reads
every file. The staging step reuses its tables when both fingerprints are the recorded ones; when only the
raw one is (an ESR file changed, so the applications are matched again), it stages again from the reused
raw rows - first undoing what the last staging wrote into them: the rows of a file it rejected for too
many bad rows (F07) are data rows again and the file's record is back to loaded, so the file is judged
afresh. A source whose staging rewrites raw rows irreversibly (survey answers are erased once aggregated)
has the staging inputs in its raw fingerprint too: it is read again whenever it is staged again. Once
built, the staging step records both fingerprints.

Never reused: a source one of whose files was rejected as dated in the future (that depends on today's
date). A run over some quarters (``wres/quarters``) records nothing for a quarterly source (it rebuilt
only those quarters' rows), so the next whole run reads it again; in such a run the raw asset does not
read the files an earlier run loaded that are dated in another quarter (their rows are left as they are).

Everything downstream of staging (snapshots, indicators, marts, publication) is rebuilt in every run from
the staged tables, so it always agrees with them. ``wres refresh --full`` reads and stages every source.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

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


class Fingerprints(NamedTuple):
    raw: str  # what the raw table is read from
    staging: str  # what the staging and quarantine tables are built from: the raw one and the sources staging reads


def fingerprints(settings: Settings, contract: Contract, upstream: Sequence[Contract] = (),
                 rewrites_raw: bool = False) -> Fingerprints:
    """The fingerprints of ``contract``'s source (module docstring); ``upstream``: the sources its staging reads;
    ``rewrites_raw``: its staging rewrites raw rows, so its raw table is read again whenever staging is redone."""
    def folder(c: Contract) -> str:
        return f"\0{c.folder}\0" + _files_digest(inbox_files(settings.paths.inbox / c.folder))

    base = f"{contract.source}\0{settings_digest(settings)}{folder(contract)}"
    read_by_staging = "".join(folder(c) for c in upstream)
    raw = hashlib.sha256((base + (read_by_staging if rewrites_raw else "")).encode()).hexdigest()
    return Fingerprints(raw, hashlib.sha256((raw + read_by_staging).encode()).hexdigest())


def reusable_run(conn: duckdb.DuckDBPyConnection, source: str, raw: str, staging: str | None = None) -> str | None:
    """The run whose raw table of ``source`` (and, given ``staging``, its staging tables) can be reused: built
    from the same fingerprint(s); else None."""
    row = query_sql(conn, "select_source_reusable.sql", source=source, raw_fingerprint=raw,
                    fingerprint=staging).fetchone()
    return row[0] if row else None


def reopen_rejected_files(conn: duckdb.DuckDBPyConnection, source: str, raw_table: str, run_id: str) -> None:
    """Raw rows reused while staging is redone (a source it reads changed): the files staging rejected for too
    many bad rows are judged again, from their rows and audit records as the raw layer left them."""
    run_sql(conn, "update_raw_reopen_rejected_files.sql", {"raw_table": raw_table}, source=source, run_id=run_id)


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


def remember(conn: duckdb.DuckDBPyConnection, source: str, built_from: Fingerprints, run_id: str) -> None:
    """The source's raw, staging and quarantine tables are now built from the inputs ``built_from`` names."""
    run_sql(conn, "insert_source_state.sql", source=source, raw_fingerprint=built_from.raw,
            fingerprint=built_from.staging, run_id=run_id)


def recorded_days(conn: duckdb.DuckDBPyConnection, source: str) -> dict[tuple[str, str], date]:
    """(file name, SHA-256) -> the snapshot date (or period end) of every file of ``source`` an earlier run loaded."""
    return {(name, sha): day for name, sha, day in
            query_sql(conn, "select_audit_source_files_days.sql", source=source).fetchall()}


def file_sha256(path: Path) -> str:
    stat = path.stat()
    return _file_sha256(str(path), stat.st_size, stat.st_mtime_ns)
