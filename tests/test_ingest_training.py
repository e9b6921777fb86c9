"""OLM training (source-extracts.md §5.1): attended, mandatory derivation, ESR match, row rules."""

from __future__ import annotations

from datetime import date

from tests.conftest import (
    OLM_HEADER,
    esr_row,
    olm_row,
    period_preamble,
    stage_esr,
    stage_source,
    write_csv_extract,
    write_esr_file,
)


def _stage(sql_conn, tmp_path, settings, rows, header=OLM_HEADER):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", [esr_row(i) for i in range(1, 6)])
    stage_esr(sql_conn, tmp_path, settings)
    write_csv_extract(tmp_path / "olm_training" / "olm.csv", header, rows, period_preamble("OLM learning history"))
    return stage_source(sql_conn, tmp_path, "olm_training", settings)


def test_mandatory_flag_is_explicit_then_derived_from_cstf_then_non_mandatory(sql_conn, tmp_path, settings):
    rows = [
        olm_row(1),                                                                  # non-mandatory CPD
        olm_row(2, **{"Mandatory Flag": "Yes", "Course Name": "Leadership"}),        # explicit flag wins
        olm_row(3, **{"Training Category": "Statutory/Mandatory"}),                  # category
        olm_row(4, **{"Training Category": "CPD", "Course Name": "Fire Safety"}),   # category wins over the name
        olm_row(5, **{"Competence Name": "NHS|CSTF|Fire Safety|2 Years|", "Course Name": "638 Fire Safety Level 1"}),
        olm_row(1, **{"Course Name": "Safeguarding Children Level 2"}),              # a CSTF subject by name
        olm_row(2, **{"Enrolment Status": "Cancelled"}),                             # not attended
        olm_row(9, **{"Enrolment Status": "Completed"}),                             # not in ESR (kept, flagged)
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT person_id, is_attended, is_mandatory, mandatory_rule, is_matched_to_esr, class_start_date "
        "FROM staging.training ORDER BY row_number"
    ).fetchall()
    assert got == [
        ("10000001", True, False, "default_non_mandatory", True, date(2023, 6, 12)),
        ("10000002", True, True, "explicit_flag", True, date(2023, 6, 12)),
        ("10000003", True, True, "category", True, date(2023, 6, 12)),
        ("10000004", True, False, "category", True, date(2023, 6, 12)),
        ("10000005", True, True, "cstf_code", True, date(2023, 6, 12)),
        ("10000001", True, True, "cstf_subject", True, date(2023, 6, 12)),
        ("10000002", False, False, "default_non_mandatory", True, date(2023, 6, 12)),
        ("10000009", True, False, "default_non_mandatory", False, date(2023, 6, 12)),
    ]


def test_aliases(sql_conn, tmp_path, settings):
    header = ["Person Number", "Learning Item", "Start Date", "Booking Status", "Date Completed", "Stat/Mand",
              "CPD Type", "Delivery Method"]
    rows = [{"Person Number": "10000001", "Learning Item": "Coaching", "Start Date": "2023-09-01",
             "Booking Status": "Completed", "Date Completed": "02-Sep-2023", "Stat/Mand": "N", "CPD Type": "CPD",
             "Delivery Method": "E-Learning"}]
    _stage(sql_conn, tmp_path, settings, rows, header=header)
    assert sql_conn.execute(
        "SELECT person_id, course_name, class_start_date, completion_date, is_mandatory, training_category, delivery_mode "
        "FROM staging.training"
    ).fetchall() == [("10000001", "Coaching", date(2023, 9, 1), date(2023, 9, 2), False, "CPD", "E-Learning")]


def test_row_rules_and_messages(sql_conn, tmp_path, settings):
    rows = [
        olm_row(1),
        olm_row(2, **{"Employee Number": "1000X"}),  # (scientific notation rejects the whole file: D08)
        olm_row(3, **{"Course Name": ""}),
        olm_row(4, **{"Class Start Date": ""}),
        olm_row(5, **{"Class End Date": "01/06/2023"}),
        olm_row(1, **{"Enrolment Status": "Maybe"}),
        olm_row(2, **{"Mandatory Flag": "Sometimes"}),
        olm_row(3, **{"Delivery Mode": "Carrier pigeon"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute("SELECT row_number, rule_id, message FROM staging.quarantine_olm_training ORDER BY 1").fetchall()
    assert [(r, rule) for r, rule, _ in got] == [
        (6, "OLM-001"), (7, "OLM-002"), (8, "OLM-003"), (9, "OLM-005"), (10, "OLM-006"), (11, "OLM-007"), (12, "OLM-008"),
    ]
    assert got[0][2] == ('REJECT_ROW OLM-001 olm.csv row 6 column "Employee Number" value "1000X": '
                         'not a valid Employee Number; expected 5 to 10 digits such as "10234567".')
    assert got[3][2] == ('REJECT_ROW OLM-005 olm.csv row 9 column "Class End Date" value "01/06/2023": '
                         "the class end date is before the class start date 12/06/2023.")
    assert got[4][2].endswith("accepted values are Requested, Waitlisted, Placed, Attended, Cancelled, Not Attended, "
                              "Completed, Failed.")
