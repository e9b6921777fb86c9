"""ESR leavers (source-extracts.md §2.5): period, leaving reasons (D26, D27), leaver-only row rules."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import leaver_row, stage_source, write_leavers_file
from wres_pipeline.ingest import load_source
from wres_pipeline.readers.contracts import CONTRACTS


def _stage(sql_conn, tmp_path, settings, rows, **kw):
    write_leavers_file(tmp_path / "esr_leavers" / "leavers.csv", rows, **kw)
    return stage_source(sql_conn, tmp_path, "esr_leavers", settings)


def test_leavers_are_staged_with_period_reason_and_workforce_fields(sql_conn, tmp_path, settings):
    rows = [
        leaver_row(1),
        leaver_row(2, **{"Leaving Reason": "Dismissal – Conduct", "Ethnic Origin": "H Asian or Asian British - Indian"}),
        leaver_row(3, **{"Leaving Reason": "Voluntary Resignation - Other/Not Known"}),
        leaver_row(4, **{"Leaving Reason": "", "Assignment Category": "Bank"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT period_start, period_end, person_id, band, ethnic_group, termination_date, leaving_reason, "
        "leaving_reason_raw, is_low_information_reason, is_counted FROM staging.leavers ORDER BY row_number"
    ).fetchall()
    assert got == [
        (date(2023, 4, 1), date(2024, 3, 31), "10000001", "BAND_5", "WHITE", date(2023, 9, 30),
         "Voluntary Resignation - Relocation", "Voluntary Resignation - Relocation", False, True),
        (date(2023, 4, 1), date(2024, 3, 31), "10000002", "BAND_5", "BME", date(2023, 9, 30),
         "Dismissal - Conduct", "Dismissal – Conduct", False, True),  # D26: en dash matched, raw kept
        (date(2023, 4, 1), date(2024, 3, 31), "10000003", "BAND_5", "WHITE", date(2023, 9, 30),
         "Voluntary Resignation - Other/Not Known", "Voluntary Resignation - Other/Not Known", True, True),  # D27
        (date(2023, 4, 1), date(2024, 3, 31), "10000004", "BAND_5", "WHITE", date(2023, 9, 30),
         None, None, True, False),  # D27 blank reason is valid; bank does not count (§8)
    ]


def test_leaver_row_rules_have_their_own_messages(sql_conn, tmp_path, settings):
    rows = [
        leaver_row(1),
        leaver_row(2, **{"Termination Date": ""}),
        leaver_row(3, **{"Termination Date": "15/04/2024"}),
        leaver_row(4, **{"Leaving Reason": "Fed up"}),
        leaver_row(5, **{"Hire Date": "01/05/2024"}),
        leaver_row(6, **{"Ethnic Origin": "Brit"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT row_number, rule_id, message FROM staging.quarantine_esr_leavers ORDER BY row_number"
    ).fetchall()
    assert [(r, rule) for r, rule, _ in got] == [
        (7, "ESR_LEA-026"), (8, "ESR_LEA-027"), (9, "ESR_LEA-028"), (10, "ESR_LEA-023"), (11, "ESR_LEA-015"),
    ]
    messages = [m for _, _, m in got]
    assert messages[0] == ('REJECT_ROW ESR_LEA-026 leavers.csv row 7 column "Termination Date" value "": '
                           "a leaver needs a termination date (DD/MM/YYYY).")
    assert messages[1] == ('REJECT_ROW ESR_LEA-027 leavers.csv row 8 column "Termination Date" value "15/04/2024": '
                           "the termination date is outside the file's period 01/04/2023 - 31/03/2024.")
    assert messages[2].startswith('REJECT_ROW ESR_LEA-028 leavers.csv row 9 column "Leaving Reason" value "Fed up": '
                                  "not a recognised ESR leaving reason")
    assert "after the period end 31/03/2024 (D23)" in messages[3]


@pytest.mark.parametrize(
    ("name", "preamble_period", "start"),
    [
        ("ESR_Leavers_SY001_2023-24.csv", "", date(2023, 4, 1)),
        ("leavers_2022_23.csv", "", date(2022, 4, 1)),
        ("leavers.csv", "01/04/2021 - 31/03/2022", date(2021, 4, 1)),
    ],
)
def test_the_period_comes_from_the_preamble_or_a_financial_year_in_the_name(tmp_path, settings, name, preamble_period, start):
    write_leavers_file(tmp_path / "esr_leavers" / name, [leaver_row(1)], period=preamble_period)
    load = load_source(tmp_path, CONTRACTS["esr_leavers"], settings)
    assert not load.rejected
    assert load.files[0]["period_start"] == start


def test_a_leavers_file_without_a_period_loads_and_its_rows_place_it(tmp_path, settings):
    # An event file need not declare its period: each row's termination date places it (was: rejected, F06).
    write_leavers_file(tmp_path / "esr_leavers" / "leavers.csv", [leaver_row(1)], period="")
    load = load_source(tmp_path, CONTRACTS["esr_leavers"], settings)
    assert load.rejected == []
    (record,) = load.files
    assert record["status"] == "loaded" and record["period_start"] is None
    assert record["period_rule"] == "none declared: each row's own dates place it"
    assert "no reporting period declared" in record["warnings"]
