"""Rejected files (source-extracts.md §1.11, issue 5 "file-level failures"): what a file that cannot load
does to a refresh, under ingest.rejected_file_policy 'skip' (default) and 'fail'.

The done-when cases - a file with a missing required column, a file that is not what its folder says and
an empty file - each fail the run with a message naming the file, what is wrong and what was found, and
leave the published warehouse untouched.
"""

from __future__ import annotations

import hashlib
import shutil

import dagster as dg
import duckdb
import pytest

from tests.conftest import (
    ESR_HEADER,
    TRAC_HEADER,
    esr_row,
    esr_years_inbox,
    trac_row,
    write_esr_file,
    write_trac_file,
)
from wres_pipeline.config import load_settings
from wres_pipeline.definitions import REFRESH_JOB, build_definitions
from wres_pipeline.partitions import full_range_tags
from wres_pipeline.readers.tabular import file_sha256
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path

SIP = "esr_staff_in_post"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _config(tmp_path, policy: str):
    path = tmp_path / f"wres_{policy}.toml"
    path.write_text(f'[ingest]\nrejected_file_policy = "{policy}"\n')
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A published warehouse from two good staff-in-post files and a Trac export misfiled beside them."""
    root = tmp_path_factory.mktemp("rejection")
    inbox = esr_years_inbox(root / "inbox")  # two good staff-in-post files
    misfiled = write_trac_file(inbox / SIP / "Trac_Applications_SY001_2023-24.csv", [trac_row(1)])
    settings = load_settings(inbox=inbox, warehouse=root / "warehouse")
    result = execute_refresh(settings)
    return result, settings, misfiled


def test_skip_policy_reports_a_rejected_file_and_loads_the_others(published):
    result, settings, misfiled = published
    assert result.success
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        files = conn.execute("SELECT file_name, status, rule_id, sha256, message FROM audit.source_files ORDER BY 1").fetchall()
        headcount = conn.execute(
            "SELECT value FROM marts.wres_indicator_result WHERE report_year = 2024 AND subgroup = 'overall:total' "
            "AND measure = 'headcount'").fetchone()[0]
    assert [(f, s) for f, s, *_ in files] == [
        ("ESR_Staff_In_Post_SY001_20230331.csv", "loaded"), ("ESR_Staff_In_Post_SY001_20240331.csv", "loaded"),
        ("Trac_Applications_SY001_2023-24.csv", "rejected"),
    ]
    _, _, rule, sha, message = files[2]
    assert rule == "ESR_SIP-F01" and sha == file_sha256(misfiled)  # published, with the file's hash
    assert message.startswith("REJECT_FILE ESR_SIP-F01 esr_staff_in_post Trac_Applications_SY001_2023-24.csv: "
                              "No header row found in the first 30 rows. Expected ESR Staff in Post")
    assert "The file starts: Trac - Applications report | Period: 01/04/2023 - 31/03/2024 | Vacancy Reference," in message
    assert headcount == 44  # the good files still load in full
    raw = next(m for m in result.get_asset_materialization_events()
               if m.asset_key == dg.AssetKey(["raw", SIP])).materialization.metadata
    assert raw["files_rejected"].value == 1 and "Trac_Applications_SY001_2023-24.csv" in raw["rejected_files"].value
    (check,) = [c for c in result.get_asset_check_evaluations()
                if c.check_name == "no_rejected_files" and c.asset_key.path[-1] == f"quarantine_{SIP}"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["rejected_files"].value[0]["sha256"] == file_sha256(misfiled)


def test_fail_policy_missing_column_wrong_source_and_empty_file_leave_the_published_warehouse_untouched(
    published, tmp_path
):
    _, settings, _ = published
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    shutil.copytree(settings.paths.inbox, inbox)
    shutil.copytree(settings.paths.warehouse, warehouse)
    (inbox / SIP / "Trac_Applications_SY001_2023-24.csv").unlink()
    before = _sha(published_path(warehouse))
    header = [h if h != "Ethnic Origin" else "Ethnicity Code" for h in ESR_HEADER]
    write_esr_file(inbox / SIP / "ESR_Staff_In_Post_SY001_20250331.csv", [esr_row(1)], header=header, as_at="31/03/2025")
    write_trac_file(inbox / "esr_leavers" / "ESR_Leavers_SY001_2023-24.csv", [trac_row(1)], header=TRAC_HEADER)
    (inbox / "board_register").mkdir()
    (inbox / "board_register" / "Board_Register_SY001_20240331.csv").write_bytes(b"")
    result = execute_refresh(load_settings(_config(tmp_path, "fail"), inbox=inbox, warehouse=warehouse))
    assert not result.success
    failures = {e.step_key: e.step_failure_data.error.message for e in result.get_step_failure_events()}
    missing, wrong, empty = failures["raw__esr_staff_in_post"], failures["raw__esr_leavers"], failures["raw__board_register"]
    assert "rejected_file_policy is 'fail'" in missing
    assert ("REJECT_FILE ESR_SIP-F02 esr_staff_in_post ESR_Staff_In_Post_SY001_20250331.csv: Required column(s) missing: "
            "'Ethnic Origin'. Headers found: 'Employee Number', 'Assignment Number'") in missing
    assert "'Ethnicity Code'" in missing
    assert ("REJECT_FILE ESR_LEA-F01 esr_leavers ESR_Leavers_SY001_2023-24.csv: No header row found in the first 30 rows. "
            "Expected ESR Leavers") in wrong
    assert "The file starts: Trac - Applications report | Period: 01/04/2023 - 31/03/2024 | Vacancy Reference" in wrong
    assert "REJECT_FILE BRD-F05 board_register Board_Register_SY001_20240331.csv: The file is empty." in empty
    assert "publish__wres_duckdb" not in {e.step_key for e in result.get_step_success_events()}
    assert _sha(published_path(warehouse)) == before


def _stage_only(settings, config_file, source):
    """Materialise the reference tables, one source's raw table and its staging (with their checks)."""
    defs = build_definitions(settings, config_file)
    job = defs.resolve_job_def(REFRESH_JOB)
    keys = [k for k in defs.resolve_asset_graph().get_all_asset_keys()
            if k.path[0] == "ref" or k.path == ["raw", source]
            or (k.path[0] == "staging" and k.path[1] in ("staff_in_post", f"quarantine_{source}"))]
    return job.execute_in_process(asset_selection=keys, raise_on_error=False, tags=full_range_tags())


def test_skip_policy_still_fails_when_every_file_of_a_source_is_rejected(tmp_path):
    inbox = tmp_path / "inbox"
    write_esr_file(inbox / SIP / "ESR_Staff_In_Post_SY001_20240331.csv", [esr_row(1)],
                   header=[h for h in ESR_HEADER if h != "Grade"])
    settings = load_settings(inbox=inbox, warehouse=tmp_path / "warehouse")
    result = _stage_only(settings, None, SIP)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert failure.step_key == "raw__esr_staff_in_post"
    message = failure.step_failure_data.error.message
    assert "every esr_staff_in_post file was rejected (1), so the source would be empty; nothing was published." in message
    assert "Required column(s) missing: 'Grade'" in message


def _share_inbox(root):
    """A good file and a file with 8 of 20 rows rejected (40 %, and more than 5 rows: over both limits)."""
    write_esr_file(root / SIP / "ESR_Staff_In_Post_SY001_20230331.csv", [esr_row(i) for i in range(1, 21)],
                   as_at="31/03/2023")
    bad = [esr_row(i, **({"Ethnic Origin": "Brit"} if i <= 8 else {})) for i in range(1, 21)]
    return write_esr_file(root / SIP / "ESR_Staff_In_Post_SY001_20240331.csv", bad, as_at="31/03/2024")


def test_a_file_with_too_many_rejected_rows_is_left_out_whole_and_the_rest_reconciles(tmp_path):
    bad = _share_inbox(tmp_path / "inbox")
    settings = load_settings(inbox=tmp_path / "inbox", warehouse=tmp_path / "warehouse")
    result = _stage_only(settings, None, SIP)
    assert result.success
    checks = {c.check_name: c.passed for c in result.get_asset_check_evaluations()}
    assert checks["rows_reconcile"] and not checks["no_rejected_files"]
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        staged = conn.execute("SELECT file_name, count(*) FROM staging.staff_in_post GROUP BY 1").fetchall()
        marked = conn.execute("SELECT drop_reason, count(*) FROM raw.esr_staff_in_post WHERE file_name = ? GROUP BY 1",
                              [bad.name]).fetchall()
        status, rule, message = conn.execute(
            "SELECT status, rule_id, message FROM audit.source_files WHERE file_name = ?", [bad.name]).fetchone()
    assert staged == [("ESR_Staff_In_Post_SY001_20230331.csv", 20)]  # nothing from the rejected file
    assert sorted(marked, key=str) == [("file_rejected", 20), ("total_row", 1)]  # kept in raw, counted as dropped
    assert (status, rule) == ("rejected", "ESR_SIP-F07")
    for part in (
        "REJECT_FILE ESR_SIP-F07 esr_staff_in_post ESR_Staff_In_Post_SY001_20240331.csv: 8 of 20 data rows (40.0 %) "
        "were rejected, more than the 5 % allowed (thresholds.max_rejected_row_share)",
        "so the whole file is rejected and none of its rows is staged.",
        "Most frequent rule: ESR_SIP-015; first rejected row: REJECT_ROW ESR_SIP-015 "
        'ESR_Staff_In_Post_SY001_20240331.csv row 6 column "Ethnic Origin" value "Brit"',
    ):
        assert part in message, (part, message)


def test_a_few_rejected_rows_in_a_small_file_do_not_reject_it(tmp_path):
    # 5 of 20 rows is 25 %, but not more than thresholds.rejected_rows_allowed (5): the file loads.
    inbox = tmp_path / "inbox"
    rows = [esr_row(i, **({"Ethnic Origin": "Brit"} if i <= 5 else {})) for i in range(1, 21)]
    write_esr_file(inbox / SIP / "ESR_Staff_In_Post_SY001_20240331.csv", rows)
    settings = load_settings(inbox=inbox, warehouse=tmp_path / "warehouse")
    result = _stage_only(settings, None, SIP)
    assert result.success
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM staging.staff_in_post").fetchone()[0] == 15
        assert conn.execute("SELECT count(*) FROM staging.quarantine_esr_staff_in_post").fetchone()[0] == 5


def test_fail_policy_fails_on_a_file_with_too_many_rejected_rows(tmp_path):
    _share_inbox(tmp_path / "inbox")
    config = _config(tmp_path, "fail")
    settings = load_settings(config, inbox=tmp_path / "inbox", warehouse=tmp_path / "warehouse")
    result = _stage_only(settings, config, SIP)
    assert not result.success
    (failure,) = result.get_step_failure_events()
    message = failure.step_failure_data.error.message
    assert "1 esr_staff_in_post file(s) rejected and ingest.rejected_file_policy is 'fail'" in message
    assert "ESR_SIP-F07" in message
