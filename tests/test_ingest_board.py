"""Board register (source-extracts.md §7): snapshot, executive / voting, ethnicity wording, ESR person."""

from __future__ import annotations

from datetime import date

from tests.conftest import (
    BOARD_HEADER,
    board_row,
    esr_row,
    stage_esr,
    stage_source,
    write_csv_extract,
    write_esr_file,
)
from wres_pipeline.ingest import load_source
from wres_pipeline.readers.contracts import CONTRACTS


def _stage(sql_conn, tmp_path, settings, rows):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv",
                   [esr_row(1, Grade="Executive Director (VSM)", **{"Ethnic Origin": "H Asian or Asian British - Indian"})])
    stage_esr(sql_conn, tmp_path, settings)
    write_csv_extract(tmp_path / "board_register" / "Board_Register_SY001_20240331.csv", BOARD_HEADER, rows)
    return stage_source(sql_conn, tmp_path, "board_register", settings)


def test_members_are_staged_for_the_snapshot(sql_conn, tmp_path, settings):
    rows = [
        board_row(1, **{"Role Title": "Chair", "Ethnic Origin": "White: Irish"}),
        board_row(2, **{"Role Title": "Chief Executive", "Executive": "Executive", "Employee Number": "10000001",
                        "Ethnic Origin": "Asian: Indian"}),
        board_row(3, **{"Role Title": "Associate Non-Executive Director", "Voting": "No", "Ethnic Origin": "Prefer not to say"}),
        board_row(4, **{"Appointment End Date": "31/12/2023", "Ethnic Origin": "N Black or Black British - African"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT snapshot_date, member_id, is_executive, is_voting, person_id, is_matched_to_esr, ethnic_group, "
        "esr_ethnic_group, is_in_post FROM staging.board_members ORDER BY row_number"
    ).fetchall()
    assert got == [
        (date(2024, 3, 31), "BM01", False, True, None, None, "WHITE", None, True),
        (date(2024, 3, 31), "BM02", True, True, "10000001", True, "BME", "BME", True),
        (date(2024, 3, 31), "BM03", False, False, None, None, "UNKNOWN", None, True),
        (date(2024, 3, 31), "BM04", False, True, None, None, "BME", None, False),
    ]


def test_row_rules_and_messages(sql_conn, tmp_path, settings):
    rows = [
        board_row(1),
        board_row(2, Executive="Sometimes"),
        board_row(3, Voting=""),
        board_row(4, **{"Ethnic Origin": "Brit"}),
        board_row(5, **{"Appointment Start Date": ""}),
        board_row(6, **{"Appointment End Date": "01/01/2020"}),
        board_row(1, **{"Role Title": "Chair"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute("SELECT row_number, rule_id, message FROM staging.quarantine_board_register ORDER BY 1").fetchall()
    assert [(r, rule) for r, rule, _ in got] == [
        (2, "BRD-010"), (3, "BRD-003"), (4, "BRD-004"), (5, "BRD-005"), (6, "BRD-006"), (7, "BRD-008"), (8, "BRD-010"),
    ]
    assert got[1][2] == ('REJECT_ROW BRD-003 Board_Register_SY001_20240331.csv row 3 column "Executive" value "Sometimes": '
                         'Executive must be "Executive" or "Non-Executive" (or Yes / No).')


def test_a_register_without_an_as_at_date_is_rejected(tmp_path, settings):
    write_csv_extract(tmp_path / "board_register" / "board.csv", BOARD_HEADER, [board_row(1)])
    (rejection,) = load_source(tmp_path, CONTRACTS["board_register"], settings).rejected
    assert rejection.rule_id == "BRD-F06"
    assert "Board register file has no snapshot date" in str(rejection) and "board_20240331.csv" in str(rejection)
