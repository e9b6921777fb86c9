"""Incremental refreshes (issue 22 item 3, wres_pipeline/incremental.py): a source whose files, code and settings
did not change is neither read nor staged again, and the warehouse is exactly what a full rebuild gives.

On the hand-written real-shaped inbox tests/fixtures/real_inbox_rxx (ESR in parts, a rejected snapshot, Trac,
OLM and an ER log): refresh, refresh again unchanged, change the OLM file, refresh again; each compared table by
table with a full refresh of the same files into a fresh warehouse.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from assets.staging import STAGING_SOURCES
from wres_pipeline.config import load_settings
from wres_pipeline.incremental import fingerprints
from wres_pipeline.readers.contracts import CONTRACTS
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import PUBLISHED_SCHEMAS, build_path, published_path, table_fingerprints

FIXTURE = Path(__file__).parent / "fixtures" / "real_inbox_rxx"
# Columns that differ between two runs by design (run ids, clock times, the settings' paths).
VOLATILE = {"run_id", "computed_in_run", "read_in_run", "config_hash", "loaded_at", "started_at", "published_at"}
BUILD_SCHEMAS = ("raw", "staging", "intermediate", "marts", "ref", "audit")
# Append-only across runs (source_file_columns: every file ever read): audit.source_files compared for the latest run.
HISTORY = {"audit.runs", "audit.source_files", "audit.source_file_columns"}
PART_2 = "esr_staff_in_post/ESR_SIP_20250331_part2.csv"


def _refresh(settings):
    result = execute_refresh(settings)
    assert result.success, [e.step_failure_data.error.message for e in result.get_step_failure_events()]
    return result.run_id


def _fingerprints(settings) -> dict[str, str]:
    out = {}
    for path, schemas in ((build_path(settings.paths.warehouse), BUILD_SCHEMAS),
                          (published_path(settings.paths.warehouse), PUBLISHED_SCHEMAS)):
        with duckdb.connect(str(path), read_only=True) as conn:
            out |= {f"{path.name}:{t}": f for t, f in table_fingerprints(conn, schemas, VOLATILE).items()
                    if t not in HISTORY}
            run_id = conn.execute("SELECT max_by(run_id, loaded_at) FROM audit.source_files").fetchone()[0]
            out[f"{path.name}:audit.source_files of the latest run"] = conn.execute(
                "SELECT list(t ORDER BY t) FROM (SELECT * EXCLUDE (run_id, read_in_run, loaded_at) "
                "FROM audit.source_files WHERE run_id = ?) AS t", [run_id]).fetchone()[0]
    return out


def _read_in(settings, run_id: str) -> dict[str, set[str]]:
    """source -> the runs that read the bytes of its file records of ``run_id``."""
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        rows = conn.execute("SELECT source, list(DISTINCT read_in_run) FROM audit.source_files WHERE run_id = ? "
                            "GROUP BY 1", [run_id]).fetchall()
    return {source: set(runs) for source, runs in rows}


def _audit_history(settings) -> list[tuple]:
    """Every file record of every run: (run, source, file, status, rule)."""
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        return conn.execute("SELECT run_id, source, file_name, status, rule_id FROM audit.source_files "
                            "ORDER BY ALL").fetchall()


def _full(tmp: Path, inbox: Path):
    """A full refresh of ``inbox`` into a fresh warehouse under ``tmp``: what the incremental one must equal."""
    settings = load_settings(FIXTURE / "wres.toml", inbox=inbox, warehouse=tmp / "warehouse")
    _refresh(settings)
    return _fingerprints(settings)


def _drop_line(path: Path, starts: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(starts)))


class Reads:
    """The files read_extract is asked to read during a refresh (in-process)."""

    def __init__(self, monkeypatch):
        import wres_pipeline.ingest as ingest

        self.names: list[str] = []
        original = ingest.read_extract

        def recording(path, *args, **kwargs):
            self.names.append(path.name)
            return original(path, *args, **kwargs)

        monkeypatch.setattr(ingest, "read_extract", recording)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(FIXTURE / "inbox", root / "inbox")  # copy2: the ESR parts keep their order of modification
    settings = load_settings(FIXTURE / "wres.toml", inbox=root / "inbox", warehouse=root / "warehouse")
    first = _refresh(settings)
    after_first = _fingerprints(settings)
    second = _refresh(settings)
    after_second = _fingerprints(settings)
    _drop_line(root / "inbox" / PART_2, "10000012,")  # one Asian nurse fewer on 31/03/2025
    third = _refresh(settings)
    after_third = _fingerprints(settings)
    full_third = _full(root / "full", root / "inbox")
    return settings, (first, second, third), (after_first, after_second, after_third, full_third)


def test_an_unchanged_inbox_is_not_read_again_and_builds_the_same_warehouse(runs):
    settings, (first, second, _), (after_first, after_second, _, _) = runs
    read_in = _read_in(settings, second)
    assert set(read_in) == {"esr_staff_in_post", "trac_applications", "olm_training", "er_cases"}
    assert all(r == {first} for r in read_in.values()), read_in  # every record: the bytes read in the first run
    assert after_second == after_first


def test_the_rejected_snapshot_is_still_reported_when_its_source_is_reused(runs):
    settings, (_, second, _), _ = runs
    records = {r[2]: r for r in _audit_history(settings) if r[0] == second}
    assert records["Staff in Post - 15 May 2024.csv"][3:] == ("rejected", "ESR_SIP-F10")
    assert records["ESR_SIP_20250331_part2.csv"][3] == "loaded"


def test_a_changed_file_rereads_its_source_only_and_equals_a_full_rebuild(runs):
    """Staff in post changed: read again; applications, training and ER cases are matched to ESR people, so
    they are staged again from their reused raw rows; the warehouse is what a full rebuild gives."""
    settings, (first, _, third), (_, _, after_third, full_third) = runs
    read_in = _read_in(settings, third)
    assert read_in["esr_staff_in_post"] == {third}
    assert read_in["trac_applications"] == read_in["olm_training"] == read_in["er_cases"] == {first}
    assert after_third == full_third
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        in_post = conn.execute("SELECT count(DISTINCT assignment_number) FROM staging.staff_in_post "
                               "WHERE snapshot_date = '2025-03-31'").fetchone()[0]
    assert in_post == 12  # 6 assignments in part 1 and 7 in part 2, one of them dropped


def test_a_quarter_run_reads_only_that_quarters_files(runs, monkeypatch, tmp_path):
    settings, _, _ = runs
    _drop_line(settings.paths.inbox / PART_2, "10000013,")
    reads = Reads(monkeypatch)
    result = execute_refresh(settings, quarter="2025-03")
    assert result.success
    esr = {"ESR_SIP_20250331_part1.csv", "ESR_SIP_20250331_part2.csv", "Staff in Post - Dec 23.csv",
           "Staff in Post (April export).csv", "Staff in Post - 15 May 2024.csv"}
    # The 31/03/2024 snapshot is not read. The 31/12/2023 one is: the rejected May file is a renamed copy of it
    # (identical bytes), and which of two copies loads is decided by reading both.
    assert set(reads.names) & esr == esr - {"Staff in Post (April export).csv"}
    # every table as a full rebuild makes it; the run's file records are those of its quarter (by design)
    quarter_run, full = _fingerprints(settings), _full(tmp_path, settings.paths.inbox)
    latest = {k for k in full if k.endswith("of the latest run")}
    assert {k: v for k, v in quarter_run.items() if k not in latest} == {k: v for k, v in full.items() if k not in latest}

def test_the_fingerprint_follows_the_files_a_source_reads(tmp_path):
    """Staging of applications reads ESR people: an ESR file changes its staging fingerprint, not its raw one;
    survey respondents' staging erases raw answers, so their raw fingerprint follows ESR too; leavers read no
    other source; settings that cannot change a row change nothing."""
    shutil.copytree(FIXTURE / "inbox", tmp_path / "inbox")
    settings = load_settings(FIXTURE / "wres.toml", inbox=tmp_path / "inbox", warehouse=tmp_path / "warehouse")
    names = ("esr_staff_in_post", "trac_applications", "esr_leavers", "staff_survey_responses")

    def prints(s):
        return {n: fingerprints(s, CONTRACTS[n], STAGING_SOURCES[n].upstream_contracts,
                                STAGING_SOURCES[n].rewrites_raw) for n in names}

    before = prints(settings)
    assert prints(settings.model_copy(update={"engine": settings.engine.model_copy(
        update={"duckdb_threads": 1})})) == before
    assert prints(settings.model_copy(update={"ingest": settings.ingest.model_copy(
        update={"reuse_unchanged_sources": False})})) == before
    changed_setting = prints(settings.model_copy(update={"ingest": settings.ingest.model_copy(
        update={"snapshot_tolerance_days": 3})}))
    assert all(changed_setting[n].raw != before[n].raw for n in names)
    (tmp_path / "inbox" / PART_2).write_text((tmp_path / "inbox" / PART_2).read_text() + "\n")
    after = prints(settings)
    assert after["esr_staff_in_post"].raw != before["esr_staff_in_post"].raw
    assert after["trac_applications"].raw == before["trac_applications"].raw
    assert after["trac_applications"].staging != before["trac_applications"].staging
    assert after["staff_survey_responses"].raw != before["staff_survey_responses"].raw
    assert after["esr_leavers"] == before["esr_leavers"]
