"""Property-based fuzzing of every reader and normaliser (issue 11).

Every input - random bytes under any name, valid extracts of every source with shuffled and aliased
headers, random cell types, control characters, huge cells, other encodings and delimiters, truncated
files - must end in a successful load or a structured rejection (``FileRejected`` naming the file and
a rule id, or quarantine rows with messages): never an unhandled exception and never a hang. For every
loaded file, data rows read = rows staged + rows quarantined, and rows read = data rows + counted drops.

The suite runs the ``ci`` hypothesis profile (few, derandomised examples: tests/conftest.py); the long
run is ``uv run pytest -m fuzz --hypothesis-profile=long`` (README, "Reliability").
"""

from __future__ import annotations

import csv
import io
import re
import signal
import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import conftest as c
from wres_pipeline.config import Settings
from wres_pipeline.ingest import SourceLoad, load_source
from wres_pipeline.readers.contracts import CONTRACTS, Contract, folder_contracts, normalise_label
from wres_pipeline.readers.errors import FileRejected
from wres_pipeline.readers.tabular import OLE2_MAGIC, ZIP_MAGIC, parse_loose_date, read_extract
from wres_pipeline.warehouse import bootstrap, run_sql

pytestmark = pytest.mark.fuzz

SETTINGS = Settings()
HANG_SECONDS = 60  # one example taking longer than this is a hang, even on a loaded 2-core machine
# Examples run per test (read by bench/reliability.py).
CASES: Counter[str] = Counter()


@contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    def _alarm(*_):
        raise TimeoutError(f"an example ran for more than {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- one valid extract per source, from the hand-built rows of tests/conftest.py ----------------------

FIXED_PERIOD = ["Report", "Period: 01/04/2023 - 31/03/2024"]
AS_AT = ["Report", "As at: 31/03/2024"]


def _source(header, row, preamble, name, staged):
    return {"header": list(header), "row": row, "preamble": preamble, "name": name, "staged": staged}


# source -> header, row builder, preamble, file name, the query of its staged rows (file, sheet, row)
SOURCES: dict[str, dict] = {
    "esr_staff_in_post": _source(c.ESR_HEADER, c.esr_row, AS_AT, "sip_20240331", "staging.staff_in_post"),
    "esr_leavers": _source(c.LEAVER_HEADER, c.leaver_row, FIXED_PERIOD, "leavers", "staging.leavers"),
    "trac_applications": _source(c.TRAC_HEADER, c.trac_row, FIXED_PERIOD, "trac", "staging.applications"),
    "olm_training": _source(c.OLM_HEADER, c.olm_row, FIXED_PERIOD, "olm", "staging.training"),
    "er_cases": _source(c.ER_HEADER, c.er_row, FIXED_PERIOD, "er", "staging.er_cases"),
    "board_register": _source(c.BOARD_HEADER, c.board_row, AS_AT, "board_20240331", "staging.board_members"),
    "staff_survey_responses": _source(c.SURVEY_HEADER, c.survey_row, [], "survey_2023",
                                      "(SELECT * FROM typed_survey_responses WHERE reject IS NULL)"),
}

ODD_VALUES = [
    "", " ", "\u00a0", "-", "N/A", "NULL", "#N/A", "#REF!", "#VALUE!", "0", "-1", "1e10", "2.46366E+07",
    "99/99/9999", "31/02/2024", "2024-13-45", "45382", "0000012345", "Band 8", "band 8a", "VSM", "Yes", "n",
    "TRUE", "\u00a0#REF!", "=SUM(A1:A9)", '"', '""', ",", ";", "\t", "\n", "\r\n", "Grand Total", "Total", "Employee Number",
    "A White - British", "Brit", "Z Not Stated", "Ž\u0301", "\ufeff", "\x00", "\x1a", "😀", "ß" * 300,
]


def _cell_values() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(ODD_VALUES),
        st.text(max_size=40),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(date(1800, 1, 1), date(2200, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
        st.booleans(),
        st.just("x" * 200_000),  # a huge cell
    )


@st.composite
def mutated_extract(draw, source: str) -> dict:
    spec = SOURCES[source]
    contract = CONTRACTS[source]
    header = list(spec["header"])
    rows = [spec["row"](n) for n in range(1, draw(st.integers(1, 6)) + 1)]
    table = [[r.get(h, "") for h in header] for r in rows]
    # header aliases, order and a dropped column
    for i, h in enumerate(header):
        column = contract.alias_index.get(normalise_label(h))
        if column is not None and column.aliases and draw(st.booleans()):
            header[i] = draw(st.sampled_from([column.header, *column.aliases]))
    order = draw(st.permutations(range(len(header))))
    if draw(st.integers(0, 9)) == 0:
        order = order[:-1]
    header = [header[i] for i in order]
    table = [[row[i] for i in order] for row in table]
    for _ in range(draw(st.integers(0, 8))):
        r, k = draw(st.integers(0, len(table) - 1)), draw(st.integers(0, len(header) - 1))
        table[r][k] = draw(_cell_values())
    return {
        "source": source,
        "header": header,
        "table": table,
        "preamble": spec["preamble"] if draw(st.booleans()) else [],
        "name": spec["name"],
        "container": draw(st.sampled_from(["csv", "csv", "xlsx"])),
        "delimiter": draw(st.sampled_from([",", ";", "\t", "|"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
        "trailer": draw(st.sampled_from([None, ["Grand Total", str(len(table))], ["Source: ESR"]])),
        "truncate": draw(st.one_of(st.none(), st.floats(0.05, 0.99))),
    }


def _render(extract: dict, folder: Path) -> Path:
    """Write the extract as CSV (any delimiter and encoding) or xlsx (typed cells), maybe truncated."""
    rows = [[p] for p in extract["preamble"]] + ([[]] if extract["preamble"] else [])
    rows += [extract["header"], *extract["table"]] + ([extract["trailer"]] if extract["trailer"] else [])
    folder.mkdir(parents=True, exist_ok=True)
    if extract["container"] == "xlsx":
        path = folder / f"{extract['name']}.xlsx"
        cells = [[None if isinstance(v, float) and v != v else v for v in row] for row in rows]
        c.write_xlsx(path, {"Sheet1": [[_xlsx_cell(v) for v in row] for row in cells]})
        data = path.read_bytes()
    else:
        path = folder / f"{extract['name']}.csv"
        buf = io.StringIO()
        csv.writer(buf, delimiter=extract["delimiter"], lineterminator="\r\n").writerows(
            [["" if v is None else str(v) for v in row] for row in rows])
        data = buf.getvalue().encode(extract["encoding"], errors="replace")
    if extract["truncate"] is not None:
        data = data[: int(len(data) * extract["truncate"])]
    path.write_bytes(data)
    return path


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        value = value[:32_767]  # Excel's cell limit
        return value if not value.startswith("=") else "'" + value  # never write a formula
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return str(value)
    return value


# --- the properties -------------------------------------------------------------------------------------

RULE_ID = re.compile(r"^[A-Z_]+-F\d\d$")


def _assert_structured(rejection: FileRejected, contract: Contract, path: Path) -> None:
    assert isinstance(rejection, FileRejected)
    assert RULE_ID.match(rejection.rule_id) and rejection.rule_id.startswith(contract.rule_prefix), rejection.rule_id
    assert rejection.file_name == path.name and rejection.message.strip()
    assert str(rejection).startswith(f"REJECT_FILE {rejection.rule_id} ")


def _assert_raw_accounts_for_every_row(load: SourceLoad) -> None:
    """rows read = data rows + counted drops, per loaded file; rejected files contribute no rows."""
    frame = load.frame
    for record in load.files:
        rows = frame.filter((pl.col("file_name") == record["file_name"])
                            & pl.col("sheet").eq_missing(pl.lit(record["sheet"], pl.String)))
        if record["status"] != "loaded":
            assert rows.height == 0, record
            continue
        assert rows.height == record["rows_read"]
        assert rows["drop_reason"].is_not_null().sum() == record["rows_dropped"]


def load_every_contract(inbox: Path, folder: str) -> list[tuple[Contract, SourceLoad]]:
    loads = []
    for contract in folder_contracts(folder):
        load = load_source(inbox, contract, SETTINGS)
        for rejection in load.rejected:
            _assert_structured(rejection, contract, inbox / folder / rejection.file_name)
        _assert_raw_accounts_for_every_row(load)
        loads.append((contract, load))
    return loads


FOLDERS = sorted({contract.folder for contract in CONTRACTS.values()})
SUFFIXES = [".csv", ".xlsx", ".xls", ".xlsb", ".xlsm", ".txt", ""]


@given(
    folder=st.sampled_from(FOLDERS),
    suffix=st.sampled_from(SUFFIXES),
    head=st.sampled_from([b"", ZIP_MAGIC, OLE2_MAGIC, b"\xef\xbb\xbf", b"\xff\xfe", b"Employee Number,"]),
    body=st.binary(max_size=3000),
)
def test_random_bytes_load_or_are_rejected_in_every_folder(folder, suffix, head, body):
    CASES["random bytes"] += 1
    with tempfile.TemporaryDirectory() as tmp, no_hang():
        inbox = Path(tmp)
        (inbox / folder).mkdir()
        (inbox / folder / f"extract_20240331{suffix}").write_bytes(head + body)
        load_every_contract(inbox, folder)


@given(data=st.data(), contract=st.sampled_from(list(CONTRACTS.values())), text=st.text(max_size=400),
       delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_random_text_under_a_real_header_is_read_or_rejected(data, contract, text, delimiter):
    """A real header (any alias, any order) over random text lines: the reader alone."""
    CASES["random text"] += 1
    labels = [data.draw(st.sampled_from(sorted(col.labels()))) for col in contract.columns]
    header = delimiter.join(data.draw(st.permutations(labels)))
    with tempfile.TemporaryDirectory() as tmp, no_hang():
        path = Path(tmp) / "file_2023-24_20240331.csv"
        path.write_text(header + "\n" + text, encoding="utf-8", errors="surrogatepass")
        try:
            reads = read_extract(path, contract)
        except FileRejected as rejection:
            _assert_structured(rejection, contract, path)
            return
        for read in reads:
            assert read.frame.height == len(read.frame)  # one row per physical row after the header
            assert set(read.frame["drop_reason"].drop_nulls()) <= {"blank_row", "total_row", "repeated_header",
                                                                   "trailer_note"}


@pytest.fixture(scope="module")
def staging_conn():
    """An in-memory warehouse with the reference tables and a staged ESR snapshot (for matching)."""
    conn = duckdb.connect()
    bootstrap(conn)
    for name in c.REF_SQL:
        run_sql(conn, name, **SETTINGS.sql_params())
    with tempfile.TemporaryDirectory() as tmp:
        c.write_esr_file(Path(tmp) / "esr_staff_in_post" / "sip.csv", [c.esr_row(n) for n in range(1, 7)])
        c.stage_esr(conn, Path(tmp), SETTINGS)
    yield conn
    conn.close()


def stage_and_reconcile(conn: duckdb.DuckDBPyConnection, contract: Contract, load: SourceLoad) -> dict[str, int]:
    """Run the source's real staging SQL; return and check data rows = staged + quarantined, per file."""
    from assets.staging import STAGING_SOURCES

    spec = STAGING_SOURCES[contract.source]
    c.load_raw(conn, load.frame, contract.source)
    conn.execute("DELETE FROM audit.source_file_columns WHERE source = ?", [contract.source])
    if load.columns:
        conn.register("incoming_columns", pl.DataFrame(load.columns))
        conn.execute("INSERT INTO audit.source_file_columns BY NAME SELECT * FROM incoming_columns")
    spec.run(conn, SETTINGS.sql_params())
    staged = SOURCES[contract.source]["staged"]
    rows = conn.execute(
        f"""WITH r AS (SELECT source_file_id, count(*) FILTER (WHERE drop_reason IS NULL) AS data_rows,
                              count(*) FILTER (WHERE drop_reason IS NOT NULL) AS dropped
                       FROM raw.{contract.source} GROUP BY 1),
                 s AS (SELECT DISTINCT source_file_id, sheet, row_number FROM {staged}),
                 q AS (SELECT DISTINCT source_file_id, sheet, row_number FROM {spec.quarantine.replace('/', '.')})
            SELECT r.source_file_id, r.data_rows, r.dropped,
                   (SELECT count(*) FROM s WHERE s.source_file_id = r.source_file_id),
                   (SELECT count(*) FROM q WHERE q.source_file_id = r.source_file_id),
                   (SELECT count(*) FROM s JOIN q USING (source_file_id, sheet, row_number)
                    WHERE s.source_file_id = r.source_file_id)
            FROM r"""
    ).fetchall()
    totals = Counter()
    for file_id, data_rows, dropped, n_staged, n_quarantined, both in rows:
        assert both == 0, f"{file_id}: {both} rows both staged and quarantined"
        assert data_rows == n_staged + n_quarantined, (file_id, data_rows, n_staged, n_quarantined)
        totals.update(read=data_rows + dropped, staged=n_staged, quarantined=n_quarantined, dropped=dropped)
    return dict(totals)


def _fuzz_source(source: str) -> Callable:
    @given(extract=mutated_extract(source))
    def check(staging_conn, extract):
        CASES[f"mutated {source}"] += 1
        contract = CONTRACTS[source]
        with tempfile.TemporaryDirectory() as tmp, no_hang():
            inbox = Path(tmp)
            _render(extract, inbox / contract.folder)
            for owner, load in load_every_contract(inbox, contract.folder):
                if owner is contract and load.loaded_files:
                    totals = stage_and_reconcile(staging_conn, contract, load)
                    CASES["loaded and reconciled"] += 1
                    CASES["rows quarantined"] += totals.get("quarantined", 0)
                elif owner is contract:
                    CASES["rejected whole"] += 1

    return check


test_mutated_staff_in_post_extracts_load_or_reject_and_reconcile = _fuzz_source("esr_staff_in_post")
test_mutated_leavers_extracts_load_or_reject_and_reconcile = _fuzz_source("esr_leavers")
test_mutated_trac_extracts_load_or_reject_and_reconcile = _fuzz_source("trac_applications")
test_mutated_olm_extracts_load_or_reject_and_reconcile = _fuzz_source("olm_training")
test_mutated_er_case_extracts_load_or_reject_and_reconcile = _fuzz_source("er_cases")
test_mutated_board_extracts_load_or_reject_and_reconcile = _fuzz_source("board_register")
test_mutated_survey_extracts_load_or_reject_and_reconcile = _fuzz_source("staff_survey_responses")


# --- the normalising SQL macros (sql/create_macros.sql) and the label / date helpers ----------------------

BANDS = {"VSM", "UNDER_BAND_1", "NON_AFC_OTHER", "UNKNOWN", *(f"BAND_{n}" for n in range(1, 10)),
         *(f"BAND_8{x}" for x in "ABCD")}


@pytest.fixture(scope="module")
def macro_conn():
    conn = duckdb.connect()
    bootstrap(conn)
    yield conn
    conn.close()


@given(values=st.lists(st.one_of(st.text(max_size=60), st.sampled_from(ODD_VALUES)), min_size=1, max_size=30))
def test_normalising_macros_never_fail_and_stay_in_their_domains(macro_conn, values):
    CASES["SQL normalisers"] += 1
    rows = macro_conn.execute(
        "SELECT wres_clean(x), wres_match_form(x), wres_date(x), wres_decimal(x), wres_bool(x), wres_band(x), "
        "wres_due_date(x), wres_clean(wres_clean(x)) FROM unnest(?::VARCHAR[]) AS t(x)",
        [[v.replace("\x00", "") for v in values]],
    ).fetchall()
    for clean, match, day, number, flag, band, due, twice in rows:
        assert clean is None or (clean == clean.strip(" ") and clean != "")
        assert twice == clean  # cleaning is idempotent: a cleaned value never cleans to something else
        assert (match is None) == (clean is None)
        assert day is None or date(1899, 12, 30) <= day <= date(9999, 12, 31)
        assert due is None or isinstance(due, date)
        assert flag in (True, False, None) and band in BANDS
        assert number is None or abs(number) < 10**14


@given(day=st.dates(date(1950, 1, 1), date(2049, 12, 31)),
       fmt=st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%b-%Y", "%d %B %Y", "%d-%b-%y",
                            "%Y-%m-%d 00:00:00", "%d/%m/%Y %H:%M"]))
def test_every_supported_date_format_round_trips(macro_conn, day, fmt):
    CASES["SQL normalisers"] += 1
    text = day.strftime(fmt)
    assert macro_conn.execute("SELECT wres_date(?)", [text]).fetchone()[0] == day, text
    if fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y"):
        assert parse_loose_date(text) == day


@given(st.text(max_size=80))
def test_header_normalisation_is_idempotent_and_total(text):
    CASES["label normaliser"] += 1
    once = normalise_label(text)
    assert normalise_label(once) == once and once == once.strip()
    parse_loose_date(text)  # never raises
