"""Every case of the dirty-data catalogue (source-extracts.md §9, D01-D35), injected by the generator.

One small-profile trust is generated with every case switched on ("realistic": each case occurs at
least once per source it applies to) and refreshed once; each case then checks that ingestion did
what the catalogue says, for exactly the rows the generator's manifest (_truth/dirt.csv) lists, with
the catalogue's message where it gives one. D29 (survey renumbering) needs a 2021/2022 survey, which
this profile does not generate: it is tested on a hand-made file.

Two kinds of manifest row are left out, with the reason (reported to the generator):
* D23 on a 'Date of Birth' column that D35 added to the same file: the catalogue drops personal data
  before storage (D35), so the row's birth date is never read;
* D15 values that the reviewed ethnicity alias table maps (ref.ethnic_label, §1.8 "alternatively
  mapped through a reviewed alias table"), e.g. 'Indian' -> H Asian or Asian British - Indian.
"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from tests.conftest import (
    SURVEY_HEADER,
    esr_row,
    stage_esr,
    stage_source,
    survey_row,
    write_csv_extract,
    write_esr_file,
)
from wres_pipeline.config import load_settings
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path
from wres_synth import generate
from wres_synth.dirt import expected_quarantine, read_manifest

CASES = [f"D{i:02d}" for i in range(1, 36)]
STAGED = ("staff_in_post", "leavers", "applications", "training", "er_cases", "board_members")


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    root = tmp_path_factory.mktemp("dirt")
    generate(root / "inbox", profile="small", seed=0, years=1, dirt="realistic")
    settings = load_settings(inbox=root / "inbox", warehouse=root / "warehouse")
    result = execute_refresh(settings)
    manifest = read_manifest(root / "inbox" / "_truth" / "dirt.csv")
    conn = duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True)
    yield result, manifest, conn
    conn.close()


def _rows(conn, sql: str, *params) -> dict:
    return {(r[0], r[1]): r[2:] for r in conn.execute(sql, list(params)).fetchall()}


def _quarantine(conn) -> dict:
    return _rows(conn, "SELECT file_name, row_number, severity, rule_id, message FROM staging.quarantine")


def _staged(conn) -> set:
    return {(f, r) for t in STAGED for f, r in conn.execute(f"SELECT file_name, row_number FROM staging.{t}").fetchall()}


def _files(conn) -> dict:
    return {r[0]: r[1:] for r in conn.execute(
        "SELECT file_name, status, rule_id, message, encoding, warnings, header_row, ignored_columns "
        "FROM audit.source_files").fetchall()}


def _entries(manifest: pl.DataFrame, case: str, action: str | None = None) -> list[dict]:
    m = manifest.filter(pl.col("case") == case)
    if action:
        m = m.filter(pl.col("expected_action") == action)
    return m.to_dicts()


def _expected(manifest: pl.DataFrame, conn) -> dict[str, set]:
    """What the quarantine must hold (and the manifest rows left out on purpose: module docstring)."""
    aliases = {r[0] for r in conn.execute("SELECT label FROM ref.ethnic_label").fetchall()}
    return expected_quarantine(manifest, aliases)


def _excluded(manifest: pl.DataFrame, conn) -> set:
    """Manifest rows that are not quarantined on purpose (module docstring)."""
    return _expected(manifest, conn)["left_out"]


def test_refresh_of_every_case_succeeds_and_reconciles(dirty):
    result, _, _ = dirty
    assert result.success
    failed = {c.check_name for c in result.get_asset_check_evaluations() if not c.passed}
    assert failed == {"no_rejected_files"}  # the D07 / D08 extra files, reported as warnings


def test_quarantine_holds_exactly_the_rows_the_manifest_rejects(dirty):
    _, manifest, conn = dirty
    q = _quarantine(conn)
    expected = _expected(manifest, conn)
    assert {k for k, v in q.items() if v[0] == "REJECT_ROW"} == expected["REJECT_ROW"]
    assert {k for k, v in q.items() if v[0] == "DUPLICATE"} == expected["DUPLICATE"]
    for (file_name, row), (_, rule, message) in q.items():  # each with file, row, column and message
        assert message.startswith(f"{q[(file_name, row)][0]} {rule} {file_name} row {row} column \"")


@pytest.mark.parametrize("case", CASES)
def test_case(dirty, case):
    _, manifest, conn = dirty
    entries = [e for e in _entries(manifest, case) if (e["file_name"], e["row_number"]) not in _excluded(manifest, conn)]
    if case == "D29":
        pytest.skip("D29 needs a 2021/2022 survey; see test_d29_questions_are_keyed_by_survey_year")
    assert entries, f"{case} was not injected"
    CHECKS[case](conn, entries)


def _each_file(entries):
    return sorted({e["file_name"] for e in entries})


def _d01(conn, entries):
    files = _files(conn)
    assert len(entries) == len(_each_file(entries))  # one BOM per file
    for f in _each_file(entries):
        assert files[f][0] == "loaded" and files[f][3] == "utf-8-sig", f


def _d02(conn, entries):
    files = _files(conn)
    for f in _each_file(entries):
        assert files[f][0] == "loaded" and files[f][3] == "cp1252", f
        assert "File read as Windows-1252" in files[f][4]


def _d03(conn, entries):
    files = _files(conn)
    for e in entries:  # title / prompt rows skipped: the header found on the manifest's row
        assert files[e["file_name"]][0] == "loaded" and files[e["file_name"]][5] == e["row_number"]


def _drops(reason):
    def check(conn, entries):
        got = _rows(conn, "SELECT file_name, row_number, drop_reason FROM ("
                    + " UNION ALL ".join(f"SELECT file_name, row_number, drop_reason FROM raw.{t}" for t in RAW) + ")")
        assert [got.get((e["file_name"], e["row_number"])) for e in entries] == [(reason,)] * len(entries)
    return check


RAW = ("esr_staff_in_post", "esr_leavers", "trac_applications", "olm_training", "er_cases", "board_register",
       "staff_survey_responses")


def _d06(conn, entries):
    files = _files(conn)
    for e in entries:  # the group-label row above the header is preamble; the header is the next row
        assert files[e["file_name"]][0] == "loaded" and files[e["file_name"]][5] == e["row_number"] + 1


def _rejected_file(rule, text):
    def check(conn, entries):
        files = _files(conn)
        assert len(_each_file(entries)) == len(entries)
        for f in _each_file(entries):
            status, rule_id, message = files[f][:3]
            assert status == "rejected" and rule_id.endswith(rule), (f, rule_id)
            assert text in message and f in message
    return check


def _quarantined(severity, rule, text):
    def check(conn, entries):
        q = _quarantine(conn)
        got = [q.get((e["file_name"], e["row_number"])) for e in entries]
        assert all(g is not None and g[0] == severity and g[1].endswith(rule) and text in g[2] for g in got), got
    return check


def _loaded(conn, entries):
    staged = _staged(conn)
    missing = [(e["file_name"], e["row_number"]) for e in entries if (e["file_name"], e["row_number"]) not in staged]
    assert not missing


def _loaded_as(sql):
    """Staged, and `sql` (rows of file_name, row_number, ok) says the catalogue's action was taken."""
    def check(conn, entries):
        _loaded(conn, entries)
        got = _rows(conn, sql)
        assert all(got.get((e["file_name"], e["row_number"])) == (True,) for e in entries)
    return check


def _d13_d24(conn, entries):
    _loaded_as("SELECT file_name, row_number, NOT is_counted FROM staging.staff_in_post")(conn, entries)
    counted = {r for (r,) in conn.execute("SELECT DISTINCT person_id FROM staging.workforce_snapshot").fetchall()}
    assert not {e["employee_number"] for e in entries} & counted  # fake people, never counted


def _d16(conn, entries):
    _loaded(conn, entries)
    got = _rows(conn, "SELECT file_name, row_number, ethnic_code FROM staging.staff_in_post UNION ALL "
                "SELECT file_name, row_number, ethnic_code FROM staging.leavers")
    for e in entries:  # mapped by the first letter of the unseen sub-code
        if (e["file_name"], e["row_number"]) in got:
            assert got[(e["file_name"], e["row_number"])] == (e["written_value"][0],)


def _d17(conn, entries):
    _loaded(conn, entries)
    got = _rows(conn, "SELECT file_name, row_number, band, wres_band(grade_raw) FROM staging.staff_in_post UNION ALL "
                "SELECT file_name, row_number, band, wres_band(grade_raw) FROM staging.leavers")
    for e in entries:  # normalised to the band of the original label, raw kept
        band = conn.execute("SELECT wres_band(?)", [e["original_value"]]).fetchone()[0]
        if (e["file_name"], e["row_number"]) in got:
            assert got[(e["file_name"], e["row_number"])][0] == band


def _d25(conn, entries):
    _quarantined("REJECT_ROW", "-025", "FTE must be a number from 0 to 2")(
        conn, [e for e in entries if e["expected_action"] == "reject_row"])
    _loaded(conn, [e for e in entries if e["expected_action"] == "warn"])


def _d28(conn, entries):
    q = _quarantine(conn)  # '-' is a suppressed / missing answer, not an error and not zero
    assert not [e for e in entries if (e["file_name"], e["row_number"]) in q]
    n = conn.execute("SELECT count(*) FROM raw.staff_survey_responses WHERE drop_reason IS NULL").fetchone()[0]
    assert n > 0


def _d33(conn, entries):
    _loaded_as("SELECT file_name, row_number, NOT is_matched_to_esr FROM staging.er_cases")(conn, entries)


def _d34(conn, entries):
    _quarantined("REJECT_ROW", "", "")(conn, [e for e in entries if e["expected_action"] == "reject_row"])
    _loaded(conn, [e for e in entries if e["expected_action"] == "null_value"])


def _d35(conn, entries):
    files = _files(conn)
    raw_columns = {r[0].lower() for r in conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw'").fetchall()}
    for e in entries:  # dropped before storage, named (by header only) in the file's audit record
        assert files[e["file_name"]][0] == "loaded"
        assert e["column"] in files[e["file_name"]][6]
        assert "_".join(e["column"].lower().split()) not in raw_columns


CHECKS = {
    "D01": _d01,
    "D02": _d02,
    "D03": _d03,
    "D04": _drops("total_row"),
    "D05": _drops("repeated_header"),
    "D06": _d06,
    "D07": _rejected_file("-F03", "Duplicate column"),
    "D08": _rejected_file("-F08", "looks like it was reformatted by Excel"),
    "D09": _quarantined("DUPLICATE", "-009", "an exact duplicate of an earlier row; the first copy is kept"),
    "D10": _quarantined("REJECT_ROW", "-010", "times in this file with different values; every copy is rejected"),
    "D11": _loaded,
    "D12": _loaded,
    "D13": _d13_d24,
    "D14": _loaded_as("SELECT file_name, row_number, ethnic_group = 'UNKNOWN' FROM staging.staff_in_post UNION ALL "
                      "SELECT file_name, row_number, ethnic_group = 'UNKNOWN' FROM staging.leavers UNION ALL "
                      "SELECT file_name, row_number, ethnic_group = 'UNKNOWN' FROM staging.applications UNION ALL "
                      "SELECT file_name, row_number, ethnic_group = 'UNKNOWN' FROM staging.board_members"),
    "D15": _quarantined("REJECT_ROW", "", "not a recognised"),  # <prefix>-015 (BRD-005 in the board register)
    "D16": _d16,
    "D17": _d17,
    "D18": _loaded_as("SELECT file_name, row_number, band = 'UNKNOWN' FROM staging.staff_in_post UNION ALL "
                      "SELECT file_name, row_number, band = 'UNKNOWN' FROM staging.leavers"),
    "D19": _loaded_as("SELECT file_name, row_number, clinical_category <> 'medical' FROM staging.staff_in_post UNION ALL "
                      "SELECT file_name, row_number, clinical_category <> 'medical' FROM staging.leavers"),
    "D20": _loaded,
    "D21": _loaded_as("SELECT file_name, row_number, staff_group = 'Additional Professional Scientific and Technical' "
                      "FROM staging.staff_in_post UNION ALL SELECT file_name, row_number, staff_group = "
                      "'Additional Professional Scientific and Technical' FROM staging.leavers UNION ALL SELECT "
                      "file_name, row_number, staff_group = 'Additional Professional Scientific and Technical' "
                      "FROM staging.applications"),
    "D22": _loaded,
    "D23": _quarantined("REJECT_ROW", "", ""),
    "D24": _d13_d24,
    "D25": _d25,
    "D26": _loaded_as("SELECT file_name, row_number, leaving_reason NOT LIKE '%–%' FROM staging.leavers UNION ALL "
                      "SELECT file_name, row_number, case_type NOT LIKE '%–%' FROM staging.er_cases"),
    "D27": _loaded_as("SELECT file_name, row_number, is_low_information_reason FROM staging.leavers"),
    "D28": _d28,
    "D30": _quarantined("REJECT_ROW", "", "(D30)"),
    "D31": _quarantined("DUPLICATE", "TRAC-031", "with the latest stage"),
    "D32": _loaded_as("SELECT file_name, row_number, TRUE FROM staging.training"),
    "D33": _d33,
    "D34": _d34,
    "D35": _d35,
}


def test_d30_message_is_the_catalogues(dirty):
    _, manifest, conn = dirty
    q = _quarantine(conn)
    messages = [q[(e["file_name"], e["row_number"])][2] for e in _entries(manifest, "D30")]
    assert any("Appointed applicant has no shortlisting record" in m or "offer date is before the interview" in m
               for m in messages)


def test_d29_questions_are_keyed_by_survey_year(sql_conn, tmp_path, settings):
    """2021 asked ethnicity as Q25 and 2023 as q28 (§4.2): each year's file is read through its own map, and a
    2021 file whose ethnicity column is q28 (the 2023 number) is rejected row by row, saying so."""
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", [esr_row(1)])
    stage_esr(sql_conn, tmp_path, settings)
    h2021 = [h if h != "q28" else "Q25" for h in SURVEY_HEADER]
    write_csv_extract(tmp_path / "staff_survey" / "nss_2021.csv", h2021,
                      [dict(survey_row(i, **{"Survey Year": "2021"}), Q25="14") for i in range(1, 12)])
    write_csv_extract(tmp_path / "staff_survey" / "nss_2021_renumbered.csv", SURVEY_HEADER,
                      [survey_row(i, **{"Survey Year": "2021", "Respondent ID": f"X{i}", "Organisation Code": "SY002"})
                       for i in range(1, 3)])  # another trust, so it does not supersede nss_2021.csv
    write_csv_extract(tmp_path / "staff_survey" / "nss_2023.csv", SURVEY_HEADER,
                      [survey_row(i, **{"Respondent ID": f"Y{i}", "q28": "14"}) for i in range(1, 12)])
    stage_source(sql_conn, tmp_path, "staff_survey_responses", settings)
    got = dict(sql_conn.execute(
        "SELECT survey_year, n_respondents FROM staging.survey_aggregate WHERE item = 'q14a' AND ethnic_group = 'BME' "
        "AND breakdown_type = 'all'").fetchall())
    assert got == {2021: 11, 2023: 11}
    q = sql_conn.execute("SELECT file_name, rule_id, message FROM staging.quarantine_staff_survey_responses").fetchall()
    assert [(f, r) for f, r, _ in q] == [("nss_2021_renumbered.csv", "NSS_R-006")] * 2
    assert "the file has no q25 column (the ethnicity question in 2021, D29)" in q[0][2]
