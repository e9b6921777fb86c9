"""Staging normalisation: bands (§2.3.2), ethnicity (§1.8), clinical split (§2.4), counting (§8), quarantine."""

from __future__ import annotations

import pytest

from tests.conftest import (
    BOARD_HEADER,
    board_row,
    esr_row,
    stage_esr,
    stage_source,
    write_csv_extract,
    write_esr_file,
)
from wres_pipeline.warehouse import run_sql

# source-extracts.md §2.3.2 raw forms -> canonical band
BAND_CASES = [
    ("Band 5", "BAND_5"),
    ("Band 8a", "BAND_8A"),
    ("Band 8A", "BAND_8A"),
    ("Band 8 - Range C", "BAND_8C"),
    ("Band 8 Range B", "BAND_8B"),
    ("Review Body Band 5", "BAND_5"),
    ("Non Review Body Band 4", "BAND_4"),
    ("XR05 Review Body Band 5", "BAND_5"),
    ("AfC Band 3", "BAND_3"),
    ("Agenda for Change Band 9", "BAND_9"),
    ("Band 8", "UNKNOWN"),  # D18: band 8 is never guessed
    ("Very Senior Manager", "VSM"),
    ("Senior Manager (VSM)", "VSM"),
    ("Executive Director (VSM)", "VSM"),
    ("Under Band 1", "UNDER_BAND_1"),
    ("Local Pay", "NON_AFC_OTHER"),
    ("Spot Salary", "NON_AFC_OTHER"),
    ("Apprentice", "NON_AFC_OTHER"),
    ("Band 10", "UNKNOWN"),
    ("", "UNKNOWN"),
]


@pytest.mark.parametrize(("raw", "band"), BAND_CASES)
def test_band_normalisation(sql_conn, raw, band):
    assert sql_conn.execute("SELECT wres_band(?)", [raw]).fetchone()[0] == band


# wres_clean as first written (source-extracts.md §1.5, D34), before its fast path for values with nothing to
# clean (issue 22): the macro must give exactly what this gives, for any text.
WRES_CLEAN_AS_SPECIFIED = """
    CASE WHEN upper(trim(replace(x, chr(160), ' '))) IN ('', '-', 'N/A', 'NULL', '#N/A') THEN NULL
         WHEN regexp_matches(trim(x), '^#(REF!|VALUE!|DIV/0!|NAME\\?|NUM!|NULL!|N/A|SPILL!|CALC!)$') THEN NULL
         ELSE trim(replace(x, chr(160), ' ')) END"""


def test_wres_clean_fast_path_gives_what_the_full_definition_gives(sql_conn):
    odd = [chr(i) for i in range(1, 128)] + ["\u00a0", "\u3000", "\u2003", "\u200b", "\u1680", "\u202f", "\u205f",
                                             "\u0131", "\u017f", "\u00df", "\u00e9", "\u2013", "\ufeff"]
    words = ["", "-", "n/a", "N/A", "null", "NuLL", "#N/A", "#n/a", "#REF!", "#REF!x", "#VALUE!", "#DIV/0!", "#NAME?",
             "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#NAMEX", "Band 5", "abcd", "abcde", "12345", "#abcde", "Male",
             "\u0131\u0131\u0131\u0131\u0131", "nul\u0131", "A White - British", "10234567"]
    values = [*words, *(f"{c}{w}" for c in odd for w in words), *(f"{w}{c}" for c in odd for w in words),
              *(f"ab{c}cd{c}e" for c in odd), *(c * n for c in odd for n in (1, 5))]
    differ = sql_conn.execute(
        f"SELECT x, wres_clean(x), {WRES_CLEAN_AS_SPECIFIED} FROM unnest(?::VARCHAR[]) AS t(x) "
        f"WHERE wres_clean(x) IS DISTINCT FROM ({WRES_CLEAN_AS_SPECIFIED})",
        [values],
    ).fetchall()
    assert len(values) > 7000 and differ == []


# wres-indicators.md §10 / source-extracts.md §1.8: raw ESR value -> (WRES group, unknown reason)
ETHNICITY_CASES = [
    ("A White - British", "WHITE", None),
    ("B White - Irish", "WHITE", None),
    ("C White - Any other White background", "WHITE", None),
    ("C3 White Other European", "WHITE", None),  # local sub-code: first letter
    ("D Mixed - White and Black Caribbean", "BME", None),
    ("H Asian or Asian British - Indian", "BME", None),
    ("LK Asian Sri Lankan", "BME", None),
    ("N Black or Black British - African", "BME", None),
    ("R Other Ethnic Groups - Chinese", "BME", None),
    ("S Any Other Ethnic Group", "BME", None),
    ("White - British", "WHITE", None),  # description without a code
    ("Black or Black British – African", "BME", None),  # en dash
    ("Z Not Stated", "UNKNOWN", "not_stated"),
    ("Not Stated", "UNKNOWN", "not_stated"),
    ("Unspecified", "UNKNOWN", "unspecified"),
    ("Not Known", "UNKNOWN", "not_known"),
    ("99", "UNKNOWN", "not_known"),
    ("Prefer not to say", "UNKNOWN", "prefer_not_to_say"),
    ("", "UNKNOWN", "blank"),
    # plain spellings people type (were rejected, dropping the person from indicator 1)
    ("Unknown", "UNKNOWN", "not_known"),
    ("unknown", "UNKNOWN", "not_known"),
    ("N/K", "UNKNOWN", "not_known"),
    ("Not provided", "UNKNOWN", "not_declared"),
    ("Prefer not to state", "UNKNOWN", "prefer_not_to_say"),
]


def test_ethnicity_mapping(sql_conn, tmp_path, settings):
    rows = [esr_row(i, **{"Ethnic Origin": raw}) for i, (raw, _, _) in enumerate(ETHNICITY_CASES)]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", rows)
    stage_esr(sql_conn, tmp_path, settings)
    got = sql_conn.execute(
        "SELECT ethnic_group, unknown_reason FROM staging.staff_in_post ORDER BY row_number"
    ).fetchall()
    assert got == [(g, r) for _, g, r in ETHNICITY_CASES]


def test_unrecognised_values_are_quarantined_with_file_row_column_and_rule(sql_conn, tmp_path, settings):
    rows = [
        esr_row(1),
        esr_row(2, **{"Ethnic Origin": "Brit"}),
        esr_row(3, **{"Staff Group": "Wizards"}),
        esr_row(4, **{"Assignment Category": "Casual"}),
        esr_row(5, **{"Hire Date": "01/04/2030"}),
        esr_row(6, FTE="3.5"),
        esr_row(7, **{"Employee Number": "123"}),  # (scientific notation rejects the whole file: D08)
    ]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", rows)
    stage_esr(sql_conn, tmp_path, settings)
    assert sql_conn.execute("SELECT count(*) FROM staging.staff_in_post").fetchone()[0] == 1
    quarantine = sql_conn.execute(
        "SELECT row_number, rule_id, column_name, column_letter, message FROM staging.quarantine_esr_staff_in_post ORDER BY row_number"
    ).fetchall()
    assert [(r[0], r[1]) for r in quarantine] == [
        (7, "ESR_SIP-015"), (8, "ESR_SIP-017"), (9, "ESR_SIP-019"), (10, "ESR_SIP-023"), (11, "ESR_SIP-025"), (12, "ESR_SIP-001"),
    ]
    assert quarantine[0][4] == (
        'REJECT_ROW ESR_SIP-015 sip.csv row 7 column "Ethnic Origin" value "Brit": not a recognised ESR ethnic '
        'origin; expected a value such as "A White - British" or "Z Not Stated".'
    )
    assert quarantine[0][3] == "M"


def test_duplicate_assignments(sql_conn, tmp_path, settings):
    rows = [esr_row(1), esr_row(1), esr_row(2), esr_row(2, Grade="Band 6")]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", rows)
    stage_esr(sql_conn, tmp_path, settings)
    staged = sql_conn.execute("SELECT assignment_number FROM staging.staff_in_post").fetchall()
    assert staged == [("20000001",)]  # D09 keeps one copy; D10 rejects both conflicting copies
    rules = sql_conn.execute("SELECT rule_id, severity FROM staging.quarantine_esr_staff_in_post ORDER BY row_number").fetchall()
    assert rules == [("ESR_SIP-009", "DUPLICATE"), ("ESR_SIP-010", "REJECT_ROW"), ("ESR_SIP-010", "REJECT_ROW")]


def test_clinical_split_and_medical_clusters(sql_conn, tmp_path, settings):
    rows = [
        esr_row(1, **{"Staff Group": "Administrative and Clerical", "Occupation Code": "G2A", "Grade": "Band 3"}),
        esr_row(2, **{"Staff Group": "Estates and Ancillary", "Occupation Code": "", "Grade": "Band 2"}),
        esr_row(3, **{"Staff Group": "Medical and Dental", "Occupation Code": "100", "Grade": "Consultant", "Job Role": "Medical Director"}),
        esr_row(4, **{"Staff Group": "Medical and Dental", "Occupation Code": "310", "Grade": "Specialty Registrar"}),
        esr_row(5, **{"Staff Group": "Nursing and Midwifery Registered", "Occupation Code": "201", "Grade": "Band 5"}),  # D19
        esr_row(6, **{"Staff Group": "Students", "Occupation Code": "N0A", "Grade": "Under Band 1"}),
        esr_row(7, **{"Staff Group": "Add Prof Scientific and Technic", "Occupation Code": "S1A", "Grade": "Band 6"}),
    ]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", rows)
    stage_esr(sql_conn, tmp_path, settings)
    got = sql_conn.execute(
        "SELECT clinical_category, band, medical_cluster, staff_group "
        "FROM staging.staff_in_post ORDER BY row_number"
    ).fetchall()
    assert got == [
        ("non_clinical", "BAND_3", None, "Administrative and Clerical"),
        ("non_clinical", "BAND_2", None, "Estates and Ancillary"),
        ("medical", "MEDICAL", "consultant", "Medical and Dental"),
        ("medical", "MEDICAL", "trainee", "Medical and Dental"),
        ("medical", "MEDICAL", "other", "Nursing and Midwifery Registered"),
        ("clinical", "UNDER_BAND_1", None, "Students"),
        ("clinical", "BAND_6", None, "Additional Professional Scientific and Technical"),
    ]


def test_headcount_counts_people_once_by_primary_counted_assignment(sql_conn, tmp_path, settings):
    rows = [
        # person 1: primary band 5 + secondary band 6 -> counted once, band 5
        esr_row(1),
        esr_row(1, **{"Assignment Number": "20000001-2", "Grade": "Band 6", "Primary Assignment": "No", "FTE": "0.2"}),
        # person 2: bank only -> not in the workforce (D13)
        esr_row(2, **{"Assignment Category": "Bank", "FTE": "0"}),
        # person 3: substantive + bank -> counted once via the substantive one
        esr_row(3, Grade="Band 7"),
        esr_row(3, **{"Assignment Number": "20000003-2", "Assignment Category": "Bank", "Primary Assignment": "No"}),
        # person 4: no primary flagged -> highest FTE wins (D12)
        esr_row(4, **{"Primary Assignment": "No", "FTE": "0.4", "Grade": "Band 4"}),
        esr_row(4, **{"Assignment Number": "20000004-2", "Primary Assignment": "No", "FTE": "0.6", "Grade": "Band 3"}),
        # person 5: career break (excluded by default) and person 6: left before the snapshot (D24)
        esr_row(5, **{"Assignment Status": "Career Break"}),
        esr_row(6, **{"Termination Date": "15/03/2024"}),
        # person 7: on maternity leave -> still counted
        esr_row(7, **{"Assignment Status": "Maternity & Adoption"}),
    ]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", rows)
    stage_esr(sql_conn, tmp_path, settings)
    got = sql_conn.execute(
        "SELECT person_id, band, n_counted_assignments FROM staging.workforce_snapshot ORDER BY person_id"
    ).fetchall()
    assert got == [("10000001", "BAND_5", 2), ("10000003", "BAND_7", 1), ("10000004", "BAND_3", 2), ("10000007", "BAND_5", 1)]


def _stage_with_board(sql_conn, tmp_path, settings, esr_rows, board_rows):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", esr_rows)
    write_csv_extract(tmp_path / "board_register" / "Board_Register_SY001_20240331.csv", BOARD_HEADER, board_rows)
    stage_source(sql_conn, tmp_path, "esr_staff_in_post", settings)
    stage_source(sql_conn, tmp_path, "board_register", settings)
    run_sql(sql_conn, "create_staging_workforce_snapshot.sql", **settings.sql_params())
    return dict(((p, (c, b, m, s)) for p, c, b, m, s in sql_conn.execute(
        "SELECT person_id, clinical_category, band, medical_cluster, is_senior_medical_manager "
        "FROM staging.workforce_snapshot").fetchall()))


MEDICAL = {"Staff Group": "Medical and Dental", "Occupation Code": "100"}
SENIOR_PEOPLE = [
    # 1: a consultant whose Medical Director role is a SECONDARY assignment -> senior medical manager
    esr_row(1, **MEDICAL, Grade="Consultant", **{"Job Role": "Consultant"}),
    esr_row(1, **MEDICAL, Grade="Consultant", **{"Job Role": "Medical Director", "Assignment Number": "20000001-2",
                                                 "Primary Assignment": "No", "FTE": "0.2"}),
    # 2: a Medical Director paid on an executive / VSM grade -> a consultant, of which senior medical manager
    esr_row(2, **MEDICAL, Grade="Very Senior Manager", **{"Job Role": "Medical Director"}),
    # 3: Director of Finance on Local Pay, an executive on the board register -> VSM
    esr_row(3, **{"Staff Group": "Administrative and Clerical", "Occupation Code": "G0A", "Grade": "Local Pay",
                  "Job Role": "Director of Finance"}),
    # 4: a manager on Spot Salary who is not on the board -> stays non-AfC
    esr_row(4, **{"Staff Group": "Administrative and Clerical", "Occupation Code": "G0A", "Grade": "Spot Salary",
                  "Job Role": "Head of Estates"}),
    # 5: a nurse whose job role is Clinical Director is not a doctor -> not a senior medical manager
    esr_row(5, **{"Job Role": "Clinical Director", "Grade": "Band 8c"}),
    # 6: an executive on Band 9 keeps the band (VSM only replaces a non-AfC grade)
    esr_row(6, **{"Staff Group": "Administrative and Clerical", "Occupation Code": "G0A", "Grade": "Band 9",
                  "Job Role": "Director of Strategy"}),
    # 7: a consultant on the board as Chief Medical Officer (role only in the register) -> senior medical manager
    esr_row(7, **MEDICAL, Grade="Consultant", **{"Job Role": "Consultant"}),
]
SENIOR_BOARD = [
    board_row(1, **{"Role Title": "Director of Finance", "Executive": "Executive", "Employee Number": "10000003"}),
    board_row(2, **{"Role Title": "Director of Strategy", "Executive": "Executive", "Employee Number": "10000006"}),
    board_row(3, **{"Role Title": "Chief Medical Officer", "Executive": "Executive", "Employee Number": "10000007"}),
    board_row(4, **{"Role Title": "Chair"}),
]


def test_senior_medical_managers_from_any_assignment_and_executives_as_vsm(sql_conn, tmp_path, settings):
    got = _stage_with_board(sql_conn, tmp_path, settings, SENIOR_PEOPLE, SENIOR_BOARD)
    assert got == {
        "10000001": ("medical", "MEDICAL", "consultant", True),
        "10000002": ("medical", "MEDICAL", "consultant", True),
        "10000003": ("non_clinical", "VSM", None, False),
        "10000004": ("non_clinical", "NON_AFC_OTHER", None, False),
        "10000005": ("clinical", "BAND_8C", None, False),
        "10000006": ("non_clinical", "BAND_9", None, False),
        "10000007": ("medical", "MEDICAL", "consultant", True),
    }
    # Indicator 1 by hand: 3 consultants, all 3 senior medical managers, 1 non-clinical VSM, 1 non-AfC.
    run_sql(sql_conn, "create_intermediate_wres_indicator_1.sql", **settings.sql_params())
    heads = dict(sql_conn.execute(
        "SELECT subgroup, value FROM intermediate.wres_indicator_1 WHERE measure = 'headcount'").fetchall())
    assert heads["medical:consultant"] == 3 and heads["medical:consultant_senior_medical_manager"] == 3
    assert heads["medical:other"] == 0 and heads["non_clinical:vsm"] == 1 and heads["non_clinical:non_afc"] == 1
    assert "smm=any_assignment" in settings.method_version() and "executives_vsm=board_register" in settings.method_version()


def test_counted_assignment_rule_and_no_executive_vsm_are_the_configured_alternatives(sql_conn, tmp_path, settings):
    narrow = settings.model_copy(update={"counting": settings.counting.model_copy(
        update={"senior_medical_manager_from": "counted_assignment", "board_executives_as_vsm": False})})
    got = _stage_with_board(sql_conn, tmp_path, narrow, SENIOR_PEOPLE, SENIOR_BOARD)
    assert got["10000001"] == ("medical", "MEDICAL", "consultant", False)  # the primary role is "Consultant"
    assert got["10000002"] == ("medical", "MEDICAL", "other", False)
    assert got["10000003"] == ("non_clinical", "NON_AFC_OTHER", None, False)
    assert got["10000007"] == ("medical", "MEDICAL", "consultant", False)


@pytest.mark.parametrize("label, code, group", [
    # the 2021 census wording as Trac forms, staff surveys and board registers print it (commas and 'or')
    ("White: English, Welsh, Scottish, Northern Irish or British", "A", "WHITE"),
    ("Black, Black British, Caribbean or African: African", "N", "BME"),
    ("Asian or Asian British: Indian", "H", "BME"),
    ("Mixed or Multiple ethnic groups: White and Asian", "F", "BME"),
    ("White: Gypsy or Irish Traveller", "C", "WHITE"),
])
def test_census_wording_with_commas_and_or_is_one_label(sql_conn, label, code, group):
    row = sql_conn.execute("SELECT code, wres_group FROM ref.ethnic_label WHERE label = wres_ethnic_form(?)",
                           [label]).fetchone()
    assert row == (code, group)
