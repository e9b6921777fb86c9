"""Trac / NHS Jobs applications (source-extracts.md §3.1): stages, appointment, ethnicity, D30, D31, ESR match."""

from __future__ import annotations

from datetime import date

from tests.conftest import (
    TRAC_HEADER,
    esr_row,
    stage_esr,
    stage_source,
    trac_row,
    write_esr_file,
    write_trac_file,
)


def _stage(sql_conn, tmp_path, settings, rows, header=TRAC_HEADER):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", [esr_row(1), esr_row(2)])
    stage_esr(sql_conn, tmp_path, settings)
    write_trac_file(tmp_path / "trac_applications" / "trac.csv", rows, header=header)
    return stage_source(sql_conn, tmp_path, "trac_applications", settings)


def _quarantine(sql_conn):
    return sql_conn.execute(
        "SELECT row_number, severity, rule_id, message FROM staging.quarantine_trac_applications ORDER BY row_number"
    ).fetchall()


def test_applications_are_staged_with_canonical_stage_and_appointment(sql_conn, tmp_path, settings):
    rows = [
        trac_row(1),
        trac_row(2, **{"Stage Reached": "Starting", "Offer Date": "25/05/2023", "Offer Accepted": "Yes",
                       "Appointed": "Yes", "Start Date": "01/07/2023"}),
        trac_row(3, **{"Stage Reached": "Offer Declined", "Offer Date": "25/05/2023", "Offer Accepted": "No",
                       "Appointed": "Yes"}),  # a declined offer is not an appointment
        trac_row(4, **{"Stage Reached": "Not Shortlisted", "Shortlisted": "No", "Shortlisted Date": "",
                       "Interview Date": "", "Ethnic Origin": "N Black or Black British - African"}),
        trac_row(5, **{"Stage Reached": "Withdrawn", "Withdrawn": "Yes", "Ethnic Origin": "I do not wish to disclose"}),
        trac_row(6, **{"Ethnic Origin": "Gypsy or Irish Traveller", "Application ID": "", "Stage Reached": "Evaluate",
                       "Interview Date": ""}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT application_id, stage_reached, is_shortlisted, is_appointed, is_offer_accepted, is_withdrawn, "
        "ethnic_group, ethnic_code, application_date, start_date FROM staging.applications ORDER BY row_number"
    ).fetchall()
    assert got == [
        ("A00001", "REJECTED_AFTER_INTERVIEW", True, False, None, False, "WHITE", "A", date(2023, 5, 1), None),
        ("A00002", "APPOINTED", True, True, True, False, "WHITE", "A", date(2023, 5, 1), date(2023, 7, 1)),
        ("A00003", "OFFER_DECLINED", True, False, False, False, "WHITE", "A", date(2023, 5, 1), None),
        ("A00004", "NOT_SHORTLISTED", False, False, None, False, "BME", "N", date(2023, 5, 1), None),
        ("A00005", "WITHDRAWN", True, False, None, True, "UNKNOWN", "Z", date(2023, 5, 1), None),
        ("V1/APP00006", "SHORTLISTED", True, False, None, False, "WHITE", "C", date(2023, 5, 1), None),
    ]
    assert _quarantine(sql_conn) == []


def test_gypsy_or_irish_traveller_follows_the_configured_group(sql_conn, tmp_path, settings):
    from wres_pipeline.warehouse import run_sql

    bme = settings.model_copy(update={"methods": settings.methods.model_copy(update={"gypsy_irish_traveller": "BME"})})
    run_sql(sql_conn, "create_ref_ethnic_census_category.sql", **bme.sql_params())
    _stage(sql_conn, tmp_path, bme, [trac_row(1, **{"Ethnic Origin": "White: Gypsy or Irish Traveller"})])
    assert sql_conn.execute("SELECT ethnic_group, ethnic_census_code FROM staging.applications").fetchall() == [("BME", "03")]


def test_aliases_and_internal_applicants_matched_to_esr(sql_conn, tmp_path, settings):
    header = ["Job Ref", "Candidate ID", "Date Applied", "Existing Employee", "ESR Employee Number", "Ethnicity",
              "Current Stage", "Shortlisted Flag", "Hired", "Grade", "Discipline", "Application Type"]
    rows = [
        {"Job Ref": "V9", "Candidate ID": "C1", "Date Applied": "2023-06-01", "Existing Employee": "Y",
         "ESR Employee Number": "10000001", "Ethnicity": "A White - British", "Current Stage": "Interviewed",
         "Shortlisted Flag": "Y", "Hired": "N", "Grade": "Band 8 - Range A", "Discipline": "Allied Health Professional",
         "Application Type": "Internal"},
        {"Job Ref": "V9", "Candidate ID": "C2", "Date Applied": "2023-06-02", "Existing Employee": "Y",
         "ESR Employee Number": "99999999", "Ethnicity": "Asian/Asian British: Indian", "Current Stage": "Interviewed",
         "Shortlisted Flag": "Y", "Hired": "N", "Grade": "Medical", "Discipline": "", "Application Type": ""},
        {"Job Ref": "V9", "Candidate ID": "C3", "Date Applied": "2023-06-03", "Existing Employee": "N",
         "ESR Employee Number": "", "Ethnicity": "Arab", "Current Stage": "Applied",
         "Shortlisted Flag": "N", "Hired": "N", "Grade": "", "Discipline": "", "Application Type": "External"},
    ]
    _stage(sql_conn, tmp_path, settings, rows, header=header)
    got = sql_conn.execute(
        "SELECT application_id, is_internal, person_id, is_matched_to_esr, band, staff_group, recruitment_route, "
        "ethnic_group FROM staging.applications ORDER BY row_number"
    ).fetchall()
    assert got == [
        ("V9/C1", True, "10000001", True, "BAND_8A", "Allied Health Professionals", "Internal", "WHITE"),
        ("V9/C2", True, None, False, "MEDICAL", None, None, "BME"),
        ("V9/C3", False, None, None, None, None, "External", "BME"),
    ]


def test_row_rules_d30_and_their_messages(sql_conn, tmp_path, settings):
    rows = [
        trac_row(1),
        trac_row(2, **{"Appointed": "Yes", "Stage Reached": "Appointed", "Shortlisted": "No",
                       "Offer Accepted": "Yes"}),  # D30
        trac_row(3, **{"Stage Reached": "Offered", "Offer Date": "15/05/2023"}),  # D30 offer before interview
        trac_row(4, **{"Ethnic Origin": "Brit"}),
        trac_row(5, **{"Stage Reached": "Limbo"}),
        trac_row(6, **{"Vacancy Reference": ""}),
        trac_row(7, **{"Application Date": "31/02/2023"}),
        trac_row(8, **{"Shortlisted": "Maybe"}),
        trac_row(9, **{"Stage Reached": "Interviewed", "Shortlisted": "No", "Shortlisted Date": ""}),
        trac_row(10, **{"Interview Date": "01/05/2023"}),
        trac_row(11, **{"Shortlisted Date": "#REF!"}),  # D34: an optional field holding an Excel error is empty
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    got = _quarantine(sql_conn)
    assert [(r, rule) for r, _, rule, _ in got] == [
        (6, "TRAC-030"), (7, "TRAC-032"), (8, "TRAC-015"), (9, "TRAC-016"), (10, "TRAC-001"), (11, "TRAC-003"),
        (12, "TRAC-017"), (13, "TRAC-033"), (14, "TRAC-035"),
    ]
    messages = {rule: m for _, _, rule, m in got}
    assert messages["TRAC-030"] == (
        'REJECT_ROW TRAC-030 trac.csv row 6 column "Shortlisted" value "No": '
        "Appointed applicant has no shortlisting record (D30)."
    )
    assert messages["TRAC-032"] == (
        'REJECT_ROW TRAC-032 trac.csv row 7 column "Offer Date" value "15/05/2023": '
        "the offer date is before the interview date 20/05/2023 (D30)."
    )
    assert messages["TRAC-015"].startswith('REJECT_ROW TRAC-015 trac.csv row 8 column "Ethnic Origin" value "Brit": '
                                           "not a recognised ethnic group")
    assert sql_conn.execute("SELECT application_id, shortlisted_date FROM staging.applications ORDER BY 1").fetchall() == [
        ("A00001", date(2023, 5, 10)), ("A00011", None)]


def test_same_applicant_twice_on_a_vacancy_keeps_the_latest_stage(sql_conn, tmp_path, settings):
    rows = [
        trac_row(1, **{"Application ID": "", "Stage Reached": "Shortlisted", "Interview Date": ""}),
        trac_row(1, **{"Application ID": "", "Stage Reached": "Interviewed"}),
        trac_row(1, **{"Application ID": "", "Stage Reached": "Applied", "Shortlisted": "No", "Shortlisted Date": "",
                       "Interview Date": ""}),
        trac_row(2, **{"Application ID": "DUP"}),
        trac_row(3, **{"Application ID": "DUP"}),
    ]
    _stage(sql_conn, tmp_path, settings, rows)
    assert sql_conn.execute("SELECT application_id, stage_reached FROM staging.applications").fetchall() == [
        ("V1/APP00001", "INTERVIEWED")]
    got = _quarantine(sql_conn)
    assert [(r, sev, rule) for r, sev, rule, _ in got] == [
        (5, "DUPLICATE", "TRAC-031"), (7, "DUPLICATE", "TRAC-031"), (8, "REJECT_ROW", "TRAC-010"), (9, "REJECT_ROW", "TRAC-010"),
    ]
    assert got[0][3] == (
        'DUPLICATE TRAC-031 trac.csv row 5 column "Applicant ID" value "APP00001": applicant APP00001 appears 3 '
        "times on vacancy V1; row 6 with the latest stage (INTERVIEWED) is kept (D31)."
    )
