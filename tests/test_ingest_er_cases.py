"""Employee-relations cases (source-extracts.md §6.1): canonical values, derived fields, D33, row rules."""

from __future__ import annotations

from datetime import date

from tests.conftest import (
    ER_HEADER,
    er_row,
    esr_row,
    period_preamble,
    stage_esr,
    stage_source,
    write_csv_extract,
    write_esr_file,
)


def _stage(sql_conn, tmp_path, settings, rows, header=ER_HEADER):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", [esr_row(i) for i in range(1, 9)])
    stage_esr(sql_conn, tmp_path, settings)
    write_csv_extract(tmp_path / "er_cases" / "er.csv", header, rows, period_preamble("ER case log"))
    return stage_source(sql_conn, tmp_path, "er_cases", settings)


def test_cases_are_staged_with_misconduct_level_and_investigation_decision(sql_conn, tmp_path, settings):
    rows = [
        er_row(1),
        er_row(2, **{"Stage": "Closed", "Outcome": "Summary Dismissal (gross misconduct)", "Hearing Date": "01/08/2023",
                     "Case Closed Date": "05/08/2023"}),
        er_row(3, **{"Stage": "Closed", "Outcome": "No Case to Answer", "Case Closed Date": "01/07/2023",
                     "Allegation Category": "Clinical practice"}),
        er_row(4, **{"Case Type": "Dignity at Work", "Stage": "Closed", "Outcome": "Not Upheld",
                     "Formal Investigation Start Date": "", "Case Closed Date": "01/09/2023", "Allegation Category": ""}),
        er_row(5, **{"Stage": "Informal", "Formal Investigation Start Date": "", "Allegation Category": "Gross misconduct"}),
        er_row(99, **{"Stage": "Hearing", "Hearing Date": "10/07/2023", "Parent Case Reference": "G1"}),  # D33
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT case_reference, person_id, case_type, stage, outcome, misconduct_level, investigation_decision, "
        "formal_investigation_start_date, is_matched_to_esr FROM staging.er_cases ORDER BY row_number"
    ).fetchall()
    assert got == [
        ("ER0001", "10000001", "Disciplinary", "Formal Investigation", None, "misconduct", None, date(2023, 6, 15), True),
        ("ER0002", "10000002", "Disciplinary", "Closed", "Summary Dismissal", "gross_misconduct", "process_to_hearing",
         date(2023, 6, 15), True),
        ("ER0003", "10000003", "Disciplinary", "Closed", "No Case to Answer", None, "no_further_action", date(2023, 6, 15), True),
        ("ER0004", "10000004", "Bullying and Harassment", "Closed", "Not Upheld", None, None, None, True),
        ("ER0005", "10000005", "Disciplinary", "Informal", None, "gross_misconduct", None, None, True),
        ("ER0099", "10000099", "Disciplinary", "Hearing", None, "misconduct", "process_to_hearing", date(2023, 6, 15), False),
    ]


def test_a_closed_formal_case_without_its_investigation_date_is_quarantined_not_dropped(sql_conn, tmp_path, settings):
    # closed, hearing held, Final Written Warning, no investigation date: it would silently miss indicator 3
    # (was: loaded without a word); an informal case without one loads as before
    rows = [er_row(1, **{"Stage": "Closed", "Formal Investigation Start Date": "", "Hearing Date": "20/07/2023",
                         "Case Closed Date": "30/07/2023", "Outcome": "Final Written Warning"}),
            er_row(2, **{"Stage": "Closed", "Formal Investigation Start Date": "", "Case Closed Date": "30/07/2023",
                         "Outcome": "Final Written Warning"}),
            er_row(3, **{"Stage": "Informal", "Formal Investigation Start Date": ""})]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute("SELECT row_number, rule_id, message FROM staging.quarantine_er_cases ORDER BY 1").fetchall()
    assert [(r, rule) for r, rule, _ in got] == [(5, "ER-012"), (6, "ER-012")]  # data from row 5 (preamble)
    assert got[0][2].endswith("a formal disciplinary case (a hearing held) needs its Formal Investigation Start Date "
                              "(the WRES indicator 3 trigger).")
    assert "(outcome Final Written Warning)" in got[1][2]
    assert sql_conn.execute("SELECT case_reference FROM staging.er_cases").fetchall() == [("ER0003",)]


def test_row_rules_and_messages(sql_conn, tmp_path, settings):
    rows = [
        er_row(1),
        er_row(2, **{"Case Type": "Telling off"}),
        er_row(3, **{"Stage": "Pending"}),
        er_row(4, **{"Formal Investigation Start Date": "01/05/2023"}),
        er_row(5, **{"Formal Investigation Start Date": ""}),
        er_row(6, **{"Outcome": "Upheld"}),
        er_row(7, **{"Stage": "Closed", "Case Closed Date": "01/07/2023"}),
        er_row(8, **{"Case Reference": "ER0001"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute("SELECT row_number, rule_id, message FROM staging.quarantine_er_cases ORDER BY 1").fetchall()
    assert [(r, rule) for r, rule, _ in got] == [
        (5, "ER-010"), (6, "ER-003"), (7, "ER-004"), (8, "ER-007"), (9, "ER-012"), (10, "ER-013"), (11, "ER-014"), (12, "ER-010"),
    ]
    messages = {r: m for r, _, m in got}
    assert messages[9] == ('REJECT_ROW ER-012 er.csv row 9 column "Formal Investigation Start Date" value "": a formal '
                           "disciplinary case (stage Formal Investigation) needs its Formal Investigation Start Date "
                           "(the WRES indicator 3 trigger).")
    assert messages[10].startswith('REJECT_ROW ER-013 er.csv row 10 column "Outcome" value "Upheld": not a recognised '
                                   "outcome for a Disciplinary case")
    assert messages[5].endswith("the same Case Reference appears 2 times in this file with different values; every copy "
                                "is rejected (D10).")


def test_the_case_opened_date_fallback_counts_a_formal_case_without_its_investigation_date(sql_conn, tmp_path, settings):
    # methods.ind3_missing_investigation_date = case_opened_date: the closed case with a hearing and a Final
    # Written Warning loads, dated 01/06/2023 (its Case Opened Date), and says the date is a fallback
    fallback = settings.model_copy(update={"methods": settings.methods.model_copy(
        update={"ind3_missing_investigation_date": "case_opened_date"})})
    rows = [er_row(1, **{"Stage": "Closed", "Formal Investigation Start Date": "", "Hearing Date": "20/07/2023",
                         "Case Closed Date": "30/07/2023", "Outcome": "Final Written Warning"}),
            er_row(2),
            er_row(3, **{"Stage": "Informal", "Formal Investigation Start Date": ""})]
    _stage(sql_conn, tmp_path, fallback, rows)
    assert sql_conn.execute("SELECT count(*) FROM staging.quarantine_er_cases").fetchone() == (0,)
    got = sql_conn.execute("SELECT case_reference, formal_investigation_start_date, investigation_date_source "
                           "FROM staging.er_cases ORDER BY row_number").fetchall()
    assert got == [("ER0001", date(2023, 6, 1), "fallback:case_opened_date"), ("ER0002", date(2023, 6, 15), "recorded"),
                   ("ER0003", None, None)]
    assert "ind3_no_investigation_date=case_opened_date" in fallback.method_version()
    assert "ind3_no_investigation_date=quarantine" in settings.method_version()
