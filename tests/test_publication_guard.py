"""The publication guard: a refresh never publishes an empty build, nor less than the warehouse it replaces,
unless told to (`--allow-shrink` / publication.allow_shrink), and audit.runs records what was accepted."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from tests.conftest import ER_HEADER, er_row, esr_years_inbox, period_preamble, write_csv_extract
from wres_pipeline.config import load_settings
from wres_pipeline.console import failure_text
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import published_path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _failure(result) -> str:
    return "\n".join(failure_text(e.step_failure_data.error) for e in result.get_step_failure_events())


@pytest.fixture
def good(tmp_path):
    """Staff in post at 31 March 2023 and 2024 and an ER case log for 2023-24, refreshed and published."""
    inbox = esr_years_inbox(tmp_path / "inbox")
    write_csv_extract(inbox / "er_cases" / "ER_Cases_SY001_2023-24.csv", ER_HEADER,
                      [er_row(n) for n in (3, 4, 8, 12)], period_preamble("ER case log"))
    settings = load_settings(inbox=inbox, warehouse=tmp_path / "warehouse")
    assert execute_refresh(settings).success
    return settings


def test_an_empty_inbox_never_publishes(good):
    before = _sha(published_path(good.paths.warehouse))
    for folder in good.paths.inbox.iterdir():
        shutil.rmtree(folder)
        folder.mkdir()
    result = execute_refresh(good)
    assert not result.success
    assert f"No file was loaded from the inbox {good.paths.inbox}: nothing was published" in _failure(result)
    assert _sha(published_path(good.paths.warehouse)) == before


def test_a_missing_source_and_period_fail_with_what_would_be_lost_unless_accepted(good):
    wh = published_path(good.paths.warehouse)
    before = _sha(wh)
    (good.paths.inbox / "esr_staff_in_post" / "ESR_Staff_In_Post_SY001_20230331.csv").unlink()
    shutil.rmtree(good.paths.inbox / "er_cases")
    result = execute_refresh(good)
    assert not result.success
    text = _failure(result)
    assert "Publishing this build would lose data the published warehouse" in text and "Nothing was published" in text
    lines = {" ".join(line.split()) for line in text.splitlines()}
    assert any(line.startswith("SY001 indicator 1 31/03/2023") and line.endswith(" 0") for line in lines)
    assert any(line.startswith("SY001 indicator 3 31/03/2024") for line in lines)  # ER cases gone: NO_DATA now
    assert "SY001 er_cases 2024 1 0" in lines and "SY001 esr_staff_in_post 2023 1 0" in lines
    assert _sha(wh) == before  # nothing published

    accepted = good.model_copy(update={"publication": good.publication.model_copy(update={"allow_shrink": True})})
    result = execute_refresh(accepted)
    assert result.success
    with duckdb.connect(str(wh), read_only=True) as conn:
        (note,) = conn.execute("SELECT shrink_accepted FROM audit.runs WHERE run_id = ?", [result.run_id]).fetchone()
    assert note.startswith("accepted by publication.allow_shrink (wres refresh --allow-shrink):")
    assert "SY001 er_cases 2024 1->0" in note
