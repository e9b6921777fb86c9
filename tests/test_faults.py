"""Faults and reloads (issue 11): a refresh killed part-way, read-only and full warehouse folders, the
same inbox refreshed again, files dropped twice, renamed or corrected.

A ``wres refresh`` subprocess is killed with SIGKILL at fixed points (``WRES_FAULT_AT``,
wres_pipeline/faults.py): after the first asset, in the middle of the build, and with the new published
copy complete but not yet renamed into place. Each time the published files stay byte-identical; the
next refresh completes, cleans up, and gives the same tables as the uninterrupted refresh before it.
A BI reader holding the published file during a refresh is tested in tests/test_publication.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import copy_refreshed, esr_row, esr_years_inbox, write_esr_file
from wres_pipeline.cli import refresh
from wres_pipeline.config import PROJECT_ROOT
from wres_pipeline.faults import FAULT_ENV
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path, table_fingerprints

pytestmark = pytest.mark.faults

# asset:N = after the N-th asset's work in the build database; publish:1 = the new published copy
# written and checkpointed in its temp file, not yet renamed over wres.duckdb.
FAULT_POINTS = ("asset:1", "asset:30", "publish:1")
# Columns that differ between runs by design (run ids, clock times).
VOLATILE = {"run_id", "computed_in_run", "loaded_at", "started_at", "published_at"}
BUILD_SCHEMAS = ("raw", "staging", "intermediate", "marts", "ref")


def wres_cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wres_pipeline.cli", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=900, env={**os.environ, **(env or {})}, **kwargs)


def published_files(warehouse: Path) -> dict[str, str]:
    """SHA-256 of every file BI tools and readers see (the published copy and its exports)."""
    files = [published_path(warehouse), warehouse / "data_dictionary.md", warehouse / "data_dictionary.html",
             *sorted((warehouse / "parquet").rglob("*.parquet"))]
    return {str(p.relative_to(warehouse)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def fingerprints(path: Path, schemas) -> dict[str, str]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return table_fingerprints(conn, schemas, VOLATILE)


@pytest.fixture(scope="module")
def crashed(esr_refreshed, tmp_path_factory):
    """One uninterrupted refresh (a copy of the session's esr_refreshed), then a refresh of the same inbox
    killed at every fault point."""
    settings = copy_refreshed(esr_refreshed, tmp_path_factory.mktemp("faults"))
    warehouse = settings.paths.warehouse
    before = published_files(warehouse)
    uninterrupted = (fingerprints(build_path(warehouse), BUILD_SCHEMAS),
                     fingerprints(published_path(warehouse), ("marts", "ref")))
    killed = {}
    for point in FAULT_POINTS:
        run = wres_cli("refresh", "--inbox", str(settings.paths.inbox), "--warehouse", str(warehouse),
                       env={FAULT_ENV: point})
        killed[point] = (run.returncode, published_files(warehouse), run.stdout[-2000:])
    return settings, before, uninterrupted, killed


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_killed_refresh_leaves_every_published_file_byte_identical(crashed, point):
    _, before, _, killed = crashed
    returncode, after, stdout = killed[point]
    assert returncode == -signal.SIGKILL, f"the refresh was not killed at {point}:\n{stdout}"
    assert after == before


def test_the_next_refresh_completes_cleans_up_and_equals_the_uninterrupted_one(crashed):
    settings, before, (build_before, published_before), _ = crashed
    warehouse = settings.paths.warehouse
    leftovers = [p.name for p in warehouse.iterdir() if p.name.startswith(".") and p.name != ".build"]
    assert any(".tmp" in name for name in leftovers)  # the publish kill left its temp file behind
    assert execute_refresh(settings).success
    assert [p.name for p in warehouse.iterdir() if p.name.startswith(".") and p.name != ".build"] == []
    # the same inbox refreshed again (after three crashes): identical tables, build and published
    assert fingerprints(build_path(warehouse), BUILD_SCHEMAS) == build_before
    assert fingerprints(published_path(warehouse), ("marts", "ref")) == published_before
    after = published_files(warehouse)
    assert after.keys() == before.keys() and after[published_path(warehouse).name] != before[published_path(warehouse).name]
    assert all(not (warehouse / name).stat().st_mode & 0o222 for name in after)  # every published file read-only


def test_a_file_dropped_twice_renamed_or_corrected_is_loaded_once(crashed):
    settings, _, _, _ = crashed
    warehouse, folder = settings.paths.warehouse, settings.paths.inbox / "esr_staff_in_post"
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as conn:
        before = dict(conn.execute(
            "SELECT report_year, value FROM marts.wres_indicator_result WHERE indicator = 1 "
            "AND subgroup = 'overall:total' AND measure = 'headcount'").fetchall())
    old_2023, old_2024 = folder / "ESR_Staff_In_Post_SY001_20230331.csv", folder / "ESR_Staff_In_Post_SY001_20240331.csv"
    renamed = old_2023.rename(folder / "sip_march_2023_renamed_SY001_20230331.csv")
    shutil.copy(renamed, folder / "sip_march_2023_renamed (copy)_SY001_20230331.csv")
    # a corrected 2024 extract (one more person), newer than the first
    corrected = write_esr_file(folder / "ESR_Staff_In_Post_SY001_20240331_v2.csv", [esr_row(i) for i in range(1, 46)])
    os.utime(old_2024, (1_700_000_000, 1_700_000_000))
    result = execute_refresh(settings)
    assert result.success
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as conn:
        after = dict(conn.execute(
            "SELECT report_year, value FROM marts.wres_indicator_result WHERE indicator = 1 "
            "AND subgroup = 'overall:total' AND measure = 'headcount'").fetchall())
        audit = dict(conn.execute(
            "SELECT file_name, status || coalesce(': ' || message, '') FROM audit.source_files WHERE run_id = ?",
            [result.run_id]).fetchall())
    assert after == {2023: before[2023], 2024: 45}  # renamed: same; copy: once; corrected: replaces
    copies = sorted([renamed.name, "sip_march_2023_renamed (copy)_SY001_20230331.csv"])  # the first name is loaded
    assert [audit[copies[0]], audit[copies[1]]] == ["loaded", f"duplicate: identical to {copies[0]}, loaded once"]
    assert audit[old_2024.name] == (f"superseded: replaced by {corrected.name} for the same organisation and period "
                                    "(44 of its 45 keys were already in this extract)")
    assert audit[corrected.name] == "loaded"


def _readonly_or_tiny_mount(path: Path, options: str) -> None:
    path.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small or read-only file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


def _unmount(path: Path) -> None:
    subprocess.run(["umount", str(path)], check=False)


def test_read_only_warehouse_folder_gives_a_clear_message(tmp_path, capsys):
    warehouse = tmp_path / "ro"
    _readonly_or_tiny_mount(warehouse, "size=8m")
    try:
        (warehouse / "wres.duckdb").write_bytes(b"previous publication")
        subprocess.run(["mount", "-o", "remount,ro", str(warehouse)], check=True)
        ok = refresh(esr_years_inbox(tmp_path / "inbox", years=(2024,)), warehouse)
        out = capsys.readouterr().out
        assert not ok
        assert f"ERROR: cannot write to the warehouse folder {warehouse} (Read-only file system); make it " \
               "writable or choose another --warehouse." in out
        assert "the published warehouse was left untouched" in out
        assert (warehouse / "wres.duckdb").read_bytes() == b"previous publication"
    finally:
        _unmount(warehouse)


def test_full_warehouse_folder_gives_a_clear_message_before_and_during_a_run(tmp_path, capsys):
    warehouse = tmp_path / "full"
    _readonly_or_tiny_mount(warehouse, "size=3m")
    inbox = esr_years_inbox(tmp_path / "inbox", years=(2024,))
    try:
        assert not refresh(inbox, warehouse)  # the free-space check stops it before anything runs
        out = capsys.readouterr().out
        assert f"ERROR: the warehouse folder {warehouse} has " in out and "MB free and a refresh needs about 64 MB" in out
        # with the check lowered, the disk fills up half-way through the build
        config = tmp_path / "wres.toml"
        config.write_text("[thresholds]\nmin_free_disk_mb = 1\n")
        assert not refresh(inbox, warehouse, config)
        out = capsys.readouterr().out
        assert (f"ERROR: the warehouse folder {warehouse} could not be written (No space left on device); free "
                "some space or make it writable, then run the refresh again.") in out, out[-3000:]
        assert "No warehouse has been published yet, and none was." in out  # (was: "left untouched")
        assert not published_path(warehouse).exists()
    finally:
        _unmount(warehouse)
