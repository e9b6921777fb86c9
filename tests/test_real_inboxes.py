"""Real-shaped inboxes (tests/fixtures/real_inbox_rxx/, written by hand - not by the synthetic generator).

The trust RXX names its files the way people do: no organisation code anywhere in a file name (it is set in
the fixture's wres.toml), `Trac_Report_ALL_2024-25.csv` and `OLM_LMS_2024-25.csv` (ALL and LMS are not
organisations), `ESR_SIP_20250331_part1/2.csv` (SIP is not one either: a 31 March snapshot split in two
parts), a snapshot dated only in its name (`Staff in Post - Dec 23.csv`), one exported on 1 April
(`As at: 01/04/2024`, file named without a date), one dated mid-quarter (15 May 2024, rejected), and an
ER case log that declares no period at all, whose 2023/24 case came in the summer.

People (ESR employee numbers 10000001..13): 1-6 White, 7-10 BME on every snapshot; 11, 12 (BME) and 13
(White) joined on 1 June 2024. So 31 March 2024: 6 White, 4 BME; 31 March 2025: 7 White, 6 BME.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import esr_row
from wres_pipeline.config import load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path

FIXTURE = Path(__file__).parent / "fixtures" / "real_inbox_rxx"
MARCH_24, MARCH_25 = date(2024, 3, 31), date(2025, 3, 31)


@pytest.fixture(scope="module")
def rxx(tmp_path_factory):
    root = tmp_path_factory.mktemp("rxx")
    shutil.copytree(FIXTURE / "inbox", root / "inbox")  # copy2: the parts keep their order of modification
    settings = load_settings(FIXTURE / "wres.toml", inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    assert result.success, [e.step_failure_data.error.message for e in result.get_step_failure_events()]
    conn = duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True)
    yield conn
    conn.close()


def _files(conn) -> dict[str, dict]:
    frame = conn.execute("SELECT * FROM audit.source_files").pl()
    return {r["file_name"]: r for r in frame.to_dicts()}


def _result(conn, indicator: int, subgroup: str, measure: str, period_end: date) -> dict:
    frame = conn.execute(
        "SELECT * FROM marts.wres_indicator_result WHERE indicator = ? AND subgroup = ? AND measure = ? "
        "AND period_end = ?", [indicator, subgroup, measure, period_end]).pl()
    assert frame.height == 1, (indicator, subgroup, measure, period_end, frame.height)
    return frame.to_dicts()[0]


def test_every_file_is_the_trusts_with_the_rule_that_said_so(rxx):
    files = _files(rxx)
    loaded = {n: f for n, f in files.items() if f["status"] == "loaded"}
    assert {f["org_code"] for f in loaded.values()} == {"RXX"}  # not ALL, LMS or SIP
    assert all(f["org_rule"].startswith("organisation.default_code") for f in loaded.values())
    assert set(rxx.execute("SELECT DISTINCT org_code FROM marts.wres_indicator_result").fetchall()) == {("RXX",)}


def test_periods_from_the_file_the_name_or_the_rows(rxx):
    files = _files(rxx)
    dec = files["Staff in Post - Dec 23.csv"]
    assert (dec["snapshot_date"], dec["period_rule"]) == (date(2023, 12, 31), "file name")
    april = files["Staff in Post (April export).csv"]  # exported the day after the year end: that year end
    assert april["snapshot_date"] == MARCH_24 and april["status"] == "loaded"
    assert april["period_rule"] == "'As at' line 01/04/2024, taken as the 31/03/2024 snapshot"
    assert "1 day after the quarter end" in april["warnings"]
    may = files["Staff in Post - 15 May 2024.csv"]  # neither quarter end: rejected, never loaded and dropped
    assert (may["status"], may["rule_id"]) == ("rejected", "ESR_SIP-F10")
    assert "dated 15/05/2024 (file name), 45 days after the nearest quarter end 31/03/2024" in may["message"]
    trac = files["Trac_Report_ALL_2024-25.csv"]
    assert (trac["period_start"], trac["period_end"], trac["period_rule"]) == (
        date(2024, 4, 1), MARCH_25, "financial year in the file name")
    er = files["ER_Case_Log.csv"]  # no period anywhere: loaded, its rows place it
    assert (er["status"], er["period_start"], er["period_rule"]) == (
        "loaded", None, "none declared: each row's own dates place it")


def test_a_split_snapshot_loads_both_parts(rxx):
    files = _files(rxx)
    part1, part2 = files["ESR_SIP_20250331_part1.csv"], files["ESR_SIP_20250331_part2.csv"]
    assert part1["status"] == part2["status"] == "loaded"
    assert part2["extract_id"] == part1["extract_id"] == part1["source_file_id"]
    assert part2["message"] == "part 2 of the extract that starts with ESR_SIP_20250331_part1.csv"
    # 6 + 7 people in the two parts: 13 at 31 March 2025 (the second part alone would give 7)
    headcount = _result(rxx, 1, "overall:total", "headcount", MARCH_25)
    assert (headcount["value"], headcount["white_value"], headcount["bme_value"]) == (13, 7, 6)
    percent = _result(rxx, 1, "overall:total", "percent", MARCH_25)
    assert round(percent["bme_value"], 1) == 46.2  # 6 / 13


def test_the_1_april_export_is_the_31_march_snapshot(rxx):
    headcount = _result(rxx, 1, "overall:total", "headcount", MARCH_24)
    assert (headcount["value"], headcount["white_value"], headcount["bme_value"]) == (10, 6, 4)


def test_coverage_from_declared_periods_and_record_dates(rxx):
    coverage = {(r[0], r[1]): r[2:] for r in rxx.execute(
        "SELECT source, report_year, files, basis, file_names FROM audit.source_coverage").fetchall()}
    # Trac declares 2024-25; every shortlisting fell in June 2024, which the old span rule could not cover
    assert coverage[("trac_applications", 2025)] == (1, "declared", "Trac_Report_ALL_2024-25.csv")
    # the ER log declares nothing: from 1 April of its first case's year (15 July 2023) to the quarter of its
    # last (5 February 2025) - both WRES years, the sparse 2023/24 included
    assert coverage[("er_cases", 2024)] == (1, "inferred", "ER_Case_Log.csv")
    assert coverage[("er_cases", 2025)] == (1, "inferred", "ER_Case_Log.csv")
    assert coverage[("olm_training", 2024)] == (0, "no file covers this year", None)
    assert coverage[("esr_staff_in_post", 2025)][:2] == (2, "snapshot")


def test_indicators_2_3_4_worked_by_hand(rxx):
    # 2: shortlisted White 10 (4 appointed), BME 8 (2 appointed): (4/10) / (2/8) = 0.4 / 0.25 = 1.6
    ind2 = _result(rxx, 2, "all", "relative_likelihood", MARCH_25)
    assert ind2["status"] == "OK" and ind2["value"] == pytest.approx(1.6)
    # 3, 2024/25: BME 2 entered (people 8, 9) of 6, White 1 (person 1) of 7: (2/6) / (1/7) = 7/3
    single = _result(rxx, 3, "all:single_year", "relative_likelihood", MARCH_25)
    assert single["status"] == "OK" and single["value"] == pytest.approx(7 / 3)
    # 3, two years pooled: BME (1 + 2) / (4 + 6) = 0.3, White (0 + 1) / (6 + 7) = 1/13: 0.3 * 13 = 3.9
    pooled = _result(rxx, 3, "all:two_year_pooled", "relative_likelihood", MARCH_25)
    assert pooled["status"] == "OK" and pooled["value"] == pytest.approx(3.9)
    # 4, 2024/25: White 3 of 7 trained (people 1-3), BME 1 of 6 (person 7): (3/7) / (1/6) = 18/7
    ind4 = _result(rxx, 4, "all", "relative_likelihood", MARCH_25)
    assert ind4["status"] == "OK" and ind4["value"] == pytest.approx(18 / 7)


@pytest.mark.parametrize(("name", "expected"), [
    ("ESR_Staff_In_Post_March2025.csv", date(2025, 3, 31)),
    ("Staff in Post - Mar 25.csv", date(2025, 3, 31)),
    ("ESR_SIP_20240331.csv", date(2024, 3, 31)),
    ("sip 2025-03-31.xlsx", date(2025, 3, 31)),
    ("SIP 31.03.2025.csv", date(2025, 3, 31)),
    ("Staff in post Q4 2024-25.csv", date(2025, 3, 31)),
    ("Staff in post Q1 2024-25.csv", date(2024, 6, 30)),
    ("Staff 1 April 2025.csv", date(2025, 4, 1)),
    ("Board register Dec-2024.xlsx", date(2024, 12, 31)),
    ("Trac_Report_ALL_2024-25.csv", None),
    ("Mayfield 24.csv", None),
])
def test_snapshot_dates_people_write_in_file_names(name, expected):
    from wres_pipeline.readers.tabular import date_in_name

    assert date_in_name(name) == expected


def test_event_file_periods_from_names():
    from wres_pipeline.readers.tabular import _period_from

    declared = _period_from([], "ER tracker 2024.csv")
    assert (declared.start, declared.end, declared.period_rule) == (
        date(2024, 1, 1), date(2024, 12, 31), "calendar year in the file name")
    declared = _period_from([], "OLM_LMS_2024-25.csv")
    assert (declared.start, declared.end, declared.period_rule) == (
        date(2024, 4, 1), date(2025, 3, 31), "financial year in the file name")
    assert _period_from([], "ER_Case_Log.csv").start is None


def test_organisation_rules_in_order(tmp_path):
    import polars as pl

    from wres_pipeline.config import Settings
    from wres_pipeline.ingest import resolve_org
    from wres_pipeline.readers.tabular import FileRead

    def read(name, preamble=(), ods=None):
        frame = pl.DataFrame({"drop_reason": [None, None], **({"ods_code": ods} if ods else {})},
                             schema={"drop_reason": pl.String, **({"ods_code": pl.String} if ods else {})})
        return FileRead("er_cases", tmp_path / name, "0" * 64, 1, "csv", "utf-8", None, 1, [], {}, [], None,
                        None, None, frame, preamble=list(preamble))

    settings = Settings.model_validate({"organisation": {"default_code": "RXX", "codes": ["RYY"],
                                                         "esr_vpd_codes": [["638", "RZZ"]]}})
    assert resolve_org(read("x.csv", ods=[" rqq", "RQQ"]), settings) == ("RQQ", "ODS code column")
    assert resolve_org(read("x.csv", ["Organisation: 638 Some NHS Trust"]), settings) == (
        "RZZ", "ESR organisation 638 above the header (organisation.esr_vpd_codes)")
    assert resolve_org(read("Trac_RYY_2024-25.csv"), settings) == ("RYY", "known organisation code in the file name")
    assert resolve_org(read("Trac_Report_ALL_2024-25.csv"), settings)[0] == "RXX"  # ALL is no organisation
    assert resolve_org(read("ER_SY002_2024.csv"), settings)[0] == "SY002"  # in the shipped reference list
    two = resolve_org(read("x.csv", ods=["RQQ", "RPP"]), settings)
    assert two[0] == "RXX" and "names 2 organisations; each row keeps its own" in two[1]


def test_a_file_of_an_organisation_without_staff_in_post_fails_and_says_why(tmp_path):
    from tests.conftest import ER_HEADER, er_row, esr_row, write_csv_extract, write_esr_file

    inbox = tmp_path / "inbox"
    write_esr_file(inbox / "esr_staff_in_post" / "ESR_SY002_20240331.csv", [esr_row(n) for n in range(1, 11)])
    write_csv_extract(inbox / "er_cases" / "ER log 2023-24.csv", ER_HEADER, [er_row(1)])
    settings = load_settings(inbox=inbox, warehouse=tmp_path / "warehouse")
    settings = settings.model_copy(update={"organisation": settings.organisation.model_copy(update={"default_code": "RXX"})})
    result = execute_refresh(settings)
    assert not result.success
    failed = {c.check_name: c for c in result.get_asset_check_evaluations() if not c.passed}
    # one unmatched case is within coverage.unmatched_allowed: the ESR-coverage check warns, and says why
    coverage = failed["esr_coverage"]
    assert coverage.severity.value == "WARN"
    assert coverage.description.startswith(
        "ER log 2023-24.csv: 0 of 1 records matched to ESR people (0.0%), below coverage.min_esr_match_share (90%); "
        "first unmatched: row 2 (employee number 10000001). Likely cause: the file was assigned organisation RXX "
        "(audit.source_files.org_rule), but staff in post is under SY002: add an ODS code column, put the right code "
        "in the file name, or set organisation.default_code.")
    # the file's organisation has no staff in post at all: that fails the run, naming file, organisation and rule
    organisation = failed["every_file_organisation_has_staff_in_post"]
    assert organisation.severity.value == "ERROR"
    assert ("the file was assigned organisation RXX (organisation.default_code (no organisation in the file)), "
            "but staff in post is under SY002") in organisation.description


def test_inspect_says_what_the_refresh_then_does(rxx, capsys):
    from wres_pipeline.cli import main

    assert main(["inspect", "--inbox", str(FIXTURE / "inbox"), "--config", str(FIXTURE / "wres.toml")]) == 0
    out = capsys.readouterr().out
    assert ("Staff in Post (April export).csv: loaded; organisation RXX (organisation.default_code (no organisation "
            "in the file)); as at 31/03/2024 ('As at' line 01/04/2024, taken as the 31/03/2024 snapshot)") in out
    assert "ESR_SIP_20250331_part2.csv: loaded" in out and "part 2 of the extract that starts with" in out
    assert "Staff in Post - 15 May 2024.csv: REJECTED ESR_SIP-F10" in out
    assert "Trac_Report_ALL_2024-25.csv: loaded; organisation RXX" in out and "covers WRES year(s) 2025" in out
    # the same records as the refresh wrote to audit.source_files, field by field
    from wres_pipeline.ingest import inspect_inbox

    keys = ("source", "org_code", "org_rule", "status", "rule_id", "snapshot_date", "period_start", "period_end",
            "period_rule", "warnings")
    inspected = {(r["file_name"], r["sheet"]): tuple(r[k] for k in keys) for r in inspect_inbox(
        load_settings(FIXTURE / "wres.toml", inbox=FIXTURE / "inbox"))}
    refreshed = {(r["file_name"], r["sheet"]): tuple(r[k] for k in keys)
                 for r in rxx.execute("SELECT * FROM audit.source_files").pl().to_dicts()}
    assert inspected == refreshed


def test_the_generators_realistic_names_give_the_same_figures(tmp_path):
    # the generator's own names carry the organisation and the date; realistic names carry neither the code nor
    # (for ESR) a machine date - the figures must not depend on it
    from wres_synth import generate

    figures = {}
    for names in ("generator", "realistic"):
        result = generate(tmp_path / names / "inbox", profile="small", years=1, names=names)
        listed = sorted(f.relpath for f in result.files)
        if names == "realistic":
            assert "trac_applications/Trac_Report_ALL_2025-26.csv" in listed
            assert "esr_staff_in_post/ESR Staff In Post - Mar 26.csv" in listed
            assert not [p for p in listed if "SY001" in p]
        settings = load_settings(inbox=tmp_path / names / "inbox", warehouse=tmp_path / names / "warehouse")
        assert execute_refresh(settings).success
        with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
            figures[names] = conn.execute(
                "SELECT org_code, indicator, subgroup, measure, period_end, value, white_value, bme_value, status "
                "FROM marts.wres_indicator_result ORDER BY ALL").fetchall()
    assert figures["generator"] and figures["realistic"] == figures["generator"]


def test_a_trusts_own_headers_and_codes_mapped_in_wres_toml(tmp_path, sql_conn):
    # A home-made ER log: 'Staff No' for Employee Number, 'Date investigation commenced' for the Formal
    # Investigation Start Date, and 'FWW' for a Final Written Warning.
    from tests.conftest import ER_HEADER, er_row, stage_esr, stage_source, write_csv_extract, write_esr_file
    from wres_pipeline.ingest import load_source
    from wres_pipeline.readers.contracts import CONTRACTS

    local = {"Employee Number": "Staff No", "Formal Investigation Start Date": "Date investigation commenced"}
    header = [local.get(h, h) for h in ER_HEADER]
    rows = [{local.get(k, k): v for k, v in er_row(n, **{"Stage": "Closed", "Hearing Date": "20/07/2023",
                                                         "Case Closed Date": "30/07/2023", "Outcome": "FWW"}).items()}
            for n in (1, 2)]
    inbox = tmp_path / "inbox"
    write_csv_extract(inbox / "er_cases" / "ER log 2023-24.csv", header, rows)
    (rejection,) = load_source(inbox, CONTRACTS["er_cases"], load_settings(inbox=inbox)).rejected
    assert rejection.rule_id == "ER-F02"
    block = str(rejection).split("map them in wres.toml:\n", 1)[1]
    # the only required column missing; no header of the file reads like it, so a placeholder to fill in
    assert block == '[mappings.headers.er_cases]\n"<your header for Employee Number>" = "employee_number"'

    # paste the block with the trust's header filled in, add the (optional) investigation date header and the
    # local outcome code
    config = tmp_path / "wres.toml"
    config.write_text(block.replace("<your header for Employee Number>", "Staff No")
                      + '\n"Date investigation commenced" = "formal_investigation_start_date"\n\n'
                      '[mappings.values.er_cases.outcome]\n"fww" = "Final Written Warning"\n')
    settings = load_settings(config, inbox=inbox)
    write_esr_file(inbox / "esr_staff_in_post" / "sip_20240331.csv", [esr_row(n) for n in range(1, 11)])
    stage_esr(sql_conn, inbox, settings)
    load = stage_source(sql_conn, inbox, "er_cases", settings)
    assert "2 value(s) of outcome mapped by mappings.values.er_cases.outcome" in load.files[0]["warnings"]
    staged = sql_conn.execute("SELECT employee_number, formal_investigation_start_date, outcome FROM staging.er_cases "
                              "ORDER BY 1").fetchall()
    assert staged == [("10000001", date(2023, 6, 15), "Final Written Warning"),
                      ("10000002", date(2023, 6, 15), "Final Written Warning")]


BOARD_FIXTURE = Path(__file__).parent / "fixtures" / "real_inbox_board"


def test_a_small_trust_with_its_board_register_worked_by_hand(tmp_path):
    """tests/fixtures/real_inbox_board: one ESR extract as BI exports it ('Staff in Post - March 2025.csv', no
    organisation code in the name) and the board register as a trust keeps it. 40 people at 31/03/2025:
    person 1 a consultant whose Medical Director role is a second assignment, person 2 a Medical Director paid
    on a VSM grade, person 3 the Director of Finance on Local Pay and person 4 the Chief Nurse on Band 9 (both
    executives on the register), person 5 a Head of Estates on Spot Salary (not on the board), 30 staff
    nurses (20 White, 10 BME) and 5 consultants (3 White, 2 BME)."""
    shutil.copytree(BOARD_FIXTURE / "inbox", tmp_path / "inbox")
    settings = load_settings(BOARD_FIXTURE / "wres.toml", inbox=tmp_path / "inbox", warehouse=tmp_path / "warehouse")
    result = execute_refresh(settings)
    assert result.success, [e.step_failure_data.error.message for e in result.get_step_failure_events()]
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        def heads(subgroup):  # (total, White, BME) of an indicator 1 row, unsuppressed
            r = _result(conn, 1, subgroup, "headcount", MARCH_25)
            return r["value"], r["white_value"], r["bme_value"]

        # consultants: persons 1, 2 and the 5 others = 7 (4 White, 3 BME); of which senior medical managers:
        # persons 1 (White) and 2 (BME), though neither's counted assignment has a consultant's Medical Director role
        assert heads("medical:consultant") == (7, 4, 3) and heads("medical:consultant_senior_medical_manager") == (2, 1, 1)
        assert heads("medical:other") == (0, 0, 0)
        # the Director of Finance (Local Pay, an executive) is VSM; the Head of Estates (Spot Salary) is not
        assert heads("non_clinical:vsm") == (1, 1, 0) and heads("non_clinical:non_afc") == (1, 1, 0)
        assert heads("clinical:band_9") == (1, 0, 1)  # the Chief Nurse keeps her AfC band
        # workforce 40 = 26 White + 14 BME -> 35.0 %; AfC bands 8a+ = VSM (White) + band 9 (BME)
        assert heads("overall:total") == (40, 26, 14) and heads("afc:band_8a_plus") == (2, 1, 1)
        # board, voting: 6 members, 3 BME (Chief Executive, Chief Medical Officer, Chief Nurse) = 50.0 %,
        # 50.0 - 35.0 = +15.0 points; executive: 4 members, 3 BME = 75.0 %, +40.0 points
        voting = _result(conn, 9, "board:voting", "percent_difference", MARCH_25)
        executive = _result(conn, 9, "board:executive", "percent_difference", MARCH_25)
        assert (voting["denominator"], voting["numerator"], voting["bme_value"]) == (6, 3, 50.0)
        assert round(voting["value"], 6) == 15.0 and round(executive["value"], 6) == 40.0
    # published (the disclosure check ran and let it through): the board's own figures are shown; its difference
    # from the workforce only if the workforce BME % is
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as conn:
        board = _result(conn, 9, "board:voting", "percent_difference", MARCH_25)
        workforce = _result(conn, 1, "overall:total", "percent", MARCH_25)
        assert board["bme_value"] == 50.0 and board["numerator"] == 3
        assert (board["value"] is None) == (workforce["bme_value"] is None)
        small = _result(conn, 1, "medical:consultant_senior_medical_manager", "headcount", MARCH_25)
        assert small["bme_value"] is None and small["bme_value_suppression"] == "primary"  # 1 person
