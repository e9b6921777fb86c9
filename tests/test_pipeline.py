"""End to end on small hand-made inboxes: refresh, publish, failure handling, a BI reader."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from tests.conftest import ESR_HEADER, copy_refreshed, esr_row, esr_years_inbox, write_esr_file
from wres_pipeline.config import load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import published_path


@pytest.fixture
def env(tmp_path):
    inbox = esr_years_inbox(tmp_path / "inbox")
    settings = load_settings(inbox=inbox, warehouse=tmp_path / "warehouse")
    return settings, inbox, published_path(settings.paths.warehouse)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refresh_publishes_indicator_1_for_every_year(esr_refreshed):
    result, settings = esr_refreshed  # the two-year inbox, refreshed once per session (tests/conftest.py)
    published = published_path(settings.paths.warehouse)
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    with duckdb.connect(str(published), read_only=True) as conn:
        years = conn.execute(
            "SELECT report_year, value, bme_value FROM marts.wres_indicator_result "
            "WHERE indicator = 1 AND subgroup = 'overall:total' AND measure = 'percent' ORDER BY 1"
        ).fetchall()
        schemas = {r[0] for r in conn.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()}
        files = conn.execute("SELECT file_name, status, rows_read FROM audit.source_files ORDER BY 1").fetchall()
    # 2023: people 1..43, BME = multiples of 4 -> 10 of 43; 2024: 1..44 -> 11 of 44
    assert [(y, round(v, 4)) for y, v, _ in years] == [(2023, round(1000 / 43, 4)), (2024, 25.0)]
    assert schemas == {"marts", "audit", "ref"}  # person-level layers are never published
    assert [f[1] for f in files] == ["loaded", "loaded"] and files[0][2] == 44  # 43 rows + Grand Total
    assert not published.stat().st_mode & 0o222  # read-only


def test_broken_file_fails_under_the_fail_policy_with_clear_message_and_published_warehouse_is_untouched(
        esr_refreshed, tmp_path):
    # (under the default 'skip' policy the file is left out and reported: tests/test_ingest_rejection.py)
    settings = copy_refreshed(esr_refreshed, tmp_path)  # a published warehouse from a successful refresh
    inbox, published = settings.paths.inbox, published_path(settings.paths.warehouse)
    before = _sha(published)
    header = [h if h != "Ethnic Origin" else "Ethnicity" + " Code" for h in ESR_HEADER]
    write_esr_file(inbox / "esr_staff_in_post" / "ESR_Staff_In_Post_SY001_20250331.csv", [esr_row(1)], header=header,
                   as_at="31/03/2025")
    config = tmp_path / "wres.toml"
    config.write_text('[ingest]\nrejected_file_policy = "fail"\n')
    result = execute_refresh(load_settings(config, inbox=inbox, warehouse=settings.paths.warehouse))
    assert not result.success
    (failure,) = result.get_step_failure_events()
    message = failure.step_failure_data.error.message
    assert "ESR_Staff_In_Post_SY001_20250331.csv" in message
    assert "Required column(s) missing: 'Ethnic Origin'" in message
    assert "Headers found: 'Employee Number'" in message and "'Ethnicity Code'" in message
    assert _sha(published) == before


def test_a_reader_holding_the_published_file_keeps_its_snapshot(esr_refreshed, tmp_path):
    settings = copy_refreshed(esr_refreshed, tmp_path)  # a published warehouse from a successful refresh
    inbox, published = settings.paths.inbox, published_path(settings.paths.warehouse)
    reader = duckdb.connect(str(published), read_only=True)
    query = "SELECT count(DISTINCT report_year) FROM marts.wres_indicator_result"
    assert reader.execute(query).fetchone()[0] == 2
    esr_years_inbox(inbox, years=(2022,))
    assert execute_refresh(settings).success  # a writer is not blocked by the reader
    assert reader.execute(query).fetchone()[0] == 2  # old snapshot, no error
    reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute(query).fetchone()[0] == 3


def test_same_file_twice_is_loaded_once_and_a_corrected_file_supersedes(env):
    settings, inbox, published = env
    folder = inbox / "esr_staff_in_post"
    (folder / "copy_of_2024.csv").write_bytes((folder / "ESR_Staff_In_Post_SY001_20240331.csv").read_bytes())
    assert execute_refresh(settings).success
    with duckdb.connect(str(published), read_only=True) as conn:
        statuses = dict(conn.execute("SELECT file_name, status FROM audit.source_files").fetchall())
        total = conn.execute(
            "SELECT value FROM marts.wres_indicator_result WHERE report_year = 2024 AND subgroup = 'overall:total' "
            "AND measure = 'headcount'"
        ).fetchone()[0]
    assert statuses["copy_of_2024.csv"] == "duplicate"
    assert total == 44
