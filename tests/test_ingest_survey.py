"""NHS Staff Survey (source-extracts.md §4): respondent files as aggregates only, published workbooks (D06, D28, D29)."""

from __future__ import annotations

import pytest

from tests.conftest import (
    SURVEY_HEADER,
    esr_row,
    stage_esr,
    stage_source,
    survey_row,
    write_csv_extract,
    write_esr_file,
    write_xlsx,
)
from wres_pipeline.ingest import load_source
from wres_pipeline.readers.contracts import CONTRACTS


def _stage_respondents(sql_conn, tmp_path, settings, rows, header=SURVEY_HEADER, name="nss_2023_respondents.csv"):
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", [esr_row(1)])
    stage_esr(sql_conn, tmp_path, settings)
    write_csv_extract(tmp_path / "staff_survey" / name, header, rows)
    return stage_source(sql_conn, tmp_path, "staff_survey_responses", settings)


def _cell(sql_conn, item, ethnic_group, breakdown=("all", "all")):
    return sql_conn.execute(
        "SELECT n_respondents, n_respondents_answered, n_positive, n_dont_know, is_suppressed FROM staging.survey_aggregate "
        "WHERE item = ? AND ethnic_group = ? AND breakdown_type = ? AND breakdown_value = ?",
        [item, ethnic_group, *breakdown],
    ).fetchone()


def _respondents():
    white = [survey_row(i) for i in range(1, 13)]  # 12 White respondents
    white[0].update(q14a="3", q14b="2")               # harassed by the public and a manager
    white[1].update(q14a="Never", q14c="More than 10", q15="Don't know")  # value labels
    white[2].update(q14b="", q14c="", q15="9", **{"Breakdown 1": "Directorate B"})  # answered neither staff item
    bme = [survey_row(20 + i, q28="9", q14a="2", q16b="1") for i in range(3)]  # 3 Indian respondents
    unknown = [survey_row(30, q28="")]
    return white + bme + unknown


def test_respondent_rows_become_suppressed_aggregates(sql_conn, tmp_path, settings):
    _stage_respondents(sql_conn, tmp_path, settings, _respondents())
    assert _cell(sql_conn, "q14a", "WHITE") == (12, 12, 1, 0, False)
    assert _cell(sql_conn, "wres6_staff_any", "WHITE") == (12, 11, 2, 0, False)   # q14b OR q14c; base answered either
    assert _cell(sql_conn, "q14b", "WHITE") == (12, 11, 1, 0, False)
    assert _cell(sql_conn, "q15", "WHITE") == (12, 12, 10, 2, False)              # Don't know kept apart
    assert _cell(sql_conn, "q16b", "BME") == (3, 3, None, None, True)             # < 11 answers: suppressed (§1.10)
    assert _cell(sql_conn, "q14a", "UNKNOWN") == (1, 1, None, None, True)
    assert _cell(sql_conn, "q14a", "WHITE", ("Breakdown 1", "Directorate B")) == (1, 1, None, None, True)
    assert _cell(sql_conn, "q14a", "WHITE", ("Breakdown 1", "Directorate A")) == (11, 11, 1, 0, False)
    items = {r[0] for r in sql_conn.execute("SELECT DISTINCT item FROM staging.survey_aggregate").fetchall()}
    assert items == {"q14a", "q14b", "q14c", "wres6_staff_any", "q15", "q16b"}


def test_respondent_answers_are_not_kept(sql_conn, tmp_path, settings):
    _stage_respondents(sql_conn, tmp_path, settings, _respondents())
    assert sql_conn.execute("SELECT count(*) FROM staging.survey_responses").fetchone()[0] == 0
    raw = sql_conn.execute(
        "SELECT count(*), count(respondent_id), count(answers), count(row_hash) FROM raw.staff_survey_responses"
    ).fetchone()
    assert raw == (16, 0, 0, 0)  # lineage kept, answers erased


def test_respondent_rows_are_kept_when_configured(sql_conn, tmp_path, settings):
    keep = settings.model_copy(update={"survey": settings.survey.model_copy(update={"store_respondent_rows": True})})
    _stage_respondents(sql_conn, tmp_path, keep, _respondents())
    assert sql_conn.execute("SELECT count(DISTINCT respondent_id) FROM staging.survey_responses").fetchone()[0] == 16
    assert sql_conn.execute("SELECT count(answers) FROM raw.staff_survey_responses").fetchone()[0] == 16


def test_questions_are_keyed_by_survey_year(sql_conn, tmp_path, settings):
    header = [h if h != "q28" else "Q25" for h in SURVEY_HEADER]  # 2021: ethnicity was Q25 (D29)
    rows = [dict(survey_row(i, **{"Survey Year": "2021"}), Q25="14") for i in range(1, 12)]
    _stage_respondents(sql_conn, tmp_path, settings, rows, header=header)
    assert _cell(sql_conn, "q14a", "BME") == (11, 11, 0, 0, False)


def test_respondent_row_rules(sql_conn, tmp_path, settings):
    rows = [
        survey_row(1),
        survey_row(2, q14a="7"),
        survey_row(3, q28="42"),
        survey_row(4, **{"Respondent ID": "10000001"}),  # an ESR number in staff in post
        survey_row(5, **{"Survey Year": "2026"}),  # no question map for 2026 yet
        survey_row(6, Mode="Carrier pigeon"),
        survey_row(1),
    ]
    _stage_respondents(sql_conn, tmp_path, settings, rows)
    got = sql_conn.execute(
        "SELECT row_number, severity, rule_id, message FROM staging.quarantine_staff_survey_responses ORDER BY 1"
    ).fetchall()
    assert [(r, sev, rule) for r, sev, rule, _ in got] == [
        (3, "REJECT_ROW", "NSS_R-020"), (4, "REJECT_ROW", "NSS_R-015"), (5, "REJECT_ROW", "NSS_R-004"),
        (6, "REJECT_ROW", "NSS_R-005"), (7, "REJECT_ROW", "NSS_R-007"), (8, "DUPLICATE", "NSS_R-009"),
    ]
    assert got[0][3] == ('REJECT_ROW NSS_R-020 nss_2023_respondents.csv row 3 column "q14a" value "7": not a valid '
                         "answer to q14a in 2023; expected one of its response codes or value labels (§4.2).")
    assert 'value "10******"' in got[2][3] and "10000001" not in got[2][3]


def test_a_file_without_the_years_ethnicity_question_loses_every_row(sql_conn, tmp_path, settings):
    header = [h for h in SURVEY_HEADER if h != "q28"]
    _stage_respondents(sql_conn, tmp_path, settings, [survey_row(1), survey_row(2)], header=header)
    got = sql_conn.execute(
        "SELECT rule_id, message FROM staging.quarantine_staff_survey_responses ORDER BY row_number").fetchall()
    assert [r for r, _ in got] == ["NSS_R-006", "NSS_R-006"]
    assert got[0][1] == ('REJECT_ROW NSS_R-006 nss_2023_respondents.csv row 2 column "q28" value "": the file has no '
                         "q28 column (the ethnicity question in 2023, D29).")


QUESTIONS = ["% Never", "% 1-2", "% 3-5", "% 6-10", "% More than 10"]
ORG_COLUMNS = ["ODS code", "Organisation name", "Benchmarking group", "Region", "ICS/STP", "Weighting"]


def _published_workbook(path, wres_rows=None):
    header = ORG_COLUMNS + QUESTIONS + QUESTIONS + ["% Yes", "% No", "% Don't know"]
    sheet = [
        [None] * len(header),                    # row 1: merged question labels (below)
        ["2023 NHS Staff Survey"], ["Organisation results"], [None],
        header,
        ["SY001", "Synthetic Trust", "Mental Health", "North", "QXX", "Unweighted",
         0.72, 0.18, 0.06, 0.02, 0.02, 0.81, 0.11, "-", 0.04, 0.04, 0.55, 0.2, 0.25],
        ["SY001", "Synthetic Trust", "Mental Health", "North", "QXX", "Occupation Group",
         0.7, 0.2, 0.06, 0.02, 0.02, 0.8, 0.12, 0.04, 0.02, 0.02, 0.56, 0.19, 0.25],
    ]
    merges = [(0, 6, 0, 10, "Q14a - Times experienced harassment from patients"),
              (0, 11, 0, 15, "Q14b - Times experienced harassment from managers"),
              (0, 16, 0, 18, "Q15 - Equal opportunities for career progression")]
    sheets = {"Notes": [["About these results"]], "HEALTH WELLBEING SAFETY Q13-14": sheet}
    if wres_rows is not None:
        sheets["WRES"] = [["Indicator", "White %", "BME %", "White n", "BME n"], *wres_rows]
    return write_xlsx(path, sheets, {"HEALTH WELLBEING SAFETY Q13-14": merges})


def test_published_workbook_joins_merged_labels_and_keeps_suppressed_cells(sql_conn, tmp_path, settings):
    _published_workbook(tmp_path / "staff_survey" / "NSS23_organisation_results.xlsx")
    stage_source(sql_conn, tmp_path, "staff_survey_published", settings)
    got = sql_conn.execute(
        "SELECT survey_year, weighting, question_code, item, indicator, response_label, response_outcome, "
        "round(percent, 1), is_suppressed, column_header FROM staging.survey_published_results "
        "WHERE weighting = 'Unweighted' AND column_header IN ('Q14a % Never', 'Q14a % 3-5', 'Q14b % 1-2', "
        "'Q14b % 3-5', 'Q15 % Don''t know') ORDER BY column_header"
    ).fetchall()
    assert got == [
        (2023, "Unweighted", "q14a", "q14a", 5, "3-5", "positive", 6.0, False, "Q14a % 3-5"),
        (2023, "Unweighted", "q14a", "q14a", 5, "Never", "negative", 72.0, False, "Q14a % Never"),
        (2023, "Unweighted", "q14b", "wres6_staff_any", 6, "1-2", "positive", 11.0, False, "Q14b % 1-2"),
        (2023, "Unweighted", "q14b", "wres6_staff_any", 6, "3-5", "positive", None, True, "Q14b % 3-5"),  # D28
        (2023, "Unweighted", "q15", "q15", 7, "Don't know", "dont_know", 25.0, False, "Q15 % Don't know"),
    ]
    assert sql_conn.execute("SELECT count(*) FROM staging.survey_published_results").fetchone()[0] == 2 * 13


def test_published_wres_sheet_gives_white_and_bme_percentages(sql_conn, tmp_path, settings):
    rows = [["Indicator 5", 23.1, 28.4, 520, 310], ["6", 20.0, "-", 520, 9], ["q15", 62.4, 48.9, 520, 310],
            ["Indicator 8", 5.5, 12.0, 520, 310]]
    _published_workbook(tmp_path / "staff_survey" / "NSS_2023_SY001.xlsx", rows)
    stage_source(sql_conn, tmp_path, "staff_survey_wres", settings)
    got = sql_conn.execute(
        "SELECT org_code, survey_year, indicator, ethnic_group, percent, n_responses, is_suppressed "
        "FROM staging.survey_published ORDER BY indicator, ethnic_group DESC"
    ).fetchall()
    assert got == [
        ("SY001", 2023, 5, "WHITE", 23.1, 520, False), ("SY001", 2023, 5, "BME", 28.4, 310, False),
        ("SY001", 2023, 6, "WHITE", 20.0, 520, False), ("SY001", 2023, 6, "BME", None, 9, True),
        ("SY001", 2023, 7, "WHITE", 62.4, 520, False), ("SY001", 2023, 7, "BME", 48.9, 310, False),
        ("SY001", 2023, 8, "WHITE", 5.5, 520, False), ("SY001", 2023, 8, "BME", 12.0, 310, False),
    ]


def test_each_sheet_goes_to_the_shape_it_matches_and_unknown_files_are_rejected_once(tmp_path, settings):
    _published_workbook(tmp_path / "staff_survey" / "NSS_2023.xlsx", [["5", 20, 25, 100, 50]])
    write_csv_extract(tmp_path / "staff_survey" / "respondents_2023.csv", SURVEY_HEADER, [survey_row(1)])
    (tmp_path / "staff_survey" / "minutes.csv").write_text("Meeting,Date\nBoard,01/01/2024\n")
    loads = {s: load_source(tmp_path, CONTRACTS[s], settings)
             for s in ("staff_survey_responses", "staff_survey_published", "staff_survey_wres")}
    sheets = {s: sorted((f["file_name"], f["sheet"]) for f in load.files if f["status"] == "loaded")
              for s, load in loads.items()}
    assert sheets == {
        "staff_survey_responses": [("respondents_2023.csv", None)],
        "staff_survey_published": [("NSS_2023.xlsx", "HEALTH WELLBEING SAFETY Q13-14")],
        "staff_survey_wres": [("NSS_2023.xlsx", "WRES")],
    }
    (rejection,) = loads["staff_survey_responses"].rejected
    assert rejection.file_name == "minutes.csv" and rejection.rule_id == "NSS_R-F01"
    assert "Staff Survey published results" not in str(rejection)  # descriptions, not labels
    assert "published organisation results" in str(rejection) and "respondent-level file" in str(rejection)
    assert not loads["staff_survey_published"].rejected and not loads["staff_survey_wres"].rejected


@pytest.mark.parametrize("cell", ["abc", 150])
def test_published_cells_must_be_percentages(sql_conn, tmp_path, settings, cell):
    write_xlsx(tmp_path / "staff_survey" / "NSS_2023.xlsx", {"Q13-14": [
        [None] * 6 + ["Q14a - harassment"], ["2023 NHS Staff Survey"], [], [], ORG_COLUMNS + ["% Never"],
        ["SY001", "Trust", None, None, None, "Unweighted", cell],
        ["SY002", "Trust 2", None, None, None, "Unweighted", 50],
    ]})
    stage_source(sql_conn, tmp_path, "staff_survey_published", settings)
    (rule, message), = sql_conn.execute("SELECT rule_id, message FROM staging.quarantine_staff_survey_published").fetchall()
    assert rule == ("NSS_P-002" if cell == "abc" else "NSS_P-003")
    assert message.startswith('REJECT_ROW NSS_P-00') and 'NSS_2023.xlsx!Q13-14 row 6 column "Q14a % Never" value' in message


def test_2025_codes_insert_filipino_and_shift_the_rest(sql_conn, tmp_path, settings):
    # 2025 list: 13 = Asian: Filipino (BME), 14 = Any other Asian background (13 before), 19 = Any other
    # ethnic background (18 before); codes 01-12 unchanged.
    codes = {1: "01", 2: "13", 3: "14", 4: "19", 5: "04"}
    rows = [survey_row(i, **{"Survey Year": "2025", "q28": code}) for i, code in codes.items()]
    _stage_respondents(sql_conn, tmp_path, settings, rows)
    assert sql_conn.execute("SELECT count(*) FROM staging.quarantine_staff_survey_responses").fetchone()[0] == 0
    got = sql_conn.execute("SELECT row_number, eth.census_code, eth.wres_group FROM typed_survey_responses ORDER BY 1").fetchall()
    assert got == [(2, "01", "WHITE"), (3, None, "BME"), (4, "13", "BME"), (5, "18", "BME"), (6, "04", "WHITE")]
