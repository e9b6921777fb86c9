"""Readers: preambles, BOM, encodings, trailers, repeated headers, and file-level rejections."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ESR_HEADER, esr_row, write_esr_file
from wres_pipeline.readers.contracts import ESR_STAFF_IN_POST
from wres_pipeline.readers.errors import FileRejected
from wres_pipeline.readers.tabular import _head_lines, read_extract


def test_preamble_totals_and_physical_row_numbers(tmp_path):
    path = write_esr_file(tmp_path / "sip.csv", [esr_row(1), esr_row(2)])
    (read,) = read_extract(path, ESR_STAFF_IN_POST)
    assert read.snapshot_date == date(2024, 3, 31)
    assert read.header_row == 5
    frame = read.frame
    assert frame["row_number"].to_list() == [6, 7, 8]
    assert frame["drop_reason"].to_list() == [None, None, "total_row"]
    assert frame["employee_number"].to_list()[:2] == ["10000001", "10000002"]
    assert read.column_map["ethnic_origin"] == ("Ethnic Origin", "M")


def test_bom_on_header_aliases_and_personal_columns_dropped(tmp_path):
    header = ["\ufeffEmp No", *ESR_HEADER[1:], "Surname", "NI Number"]
    rows = [dict(esr_row(1), **{"\ufeffEmp No": "10000001", "Surname": "Example", "NI Number": "QQ123456C"})]
    path = write_esr_file(tmp_path / "ESR_SIP_SY001_20230331.csv", rows, as_at="", header=header)
    (read,) = read_extract(path, ESR_STAFF_IN_POST)
    assert read.snapshot_date == date(2023, 3, 31)  # from the file name when the preamble has none
    assert read.frame["employee_number"][0] == "10000001"
    assert read.ignored_columns == ["Surname", "NI Number"]
    assert "Example" not in str(read.frame.rows())


def test_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = write_esr_file(tmp_path / "sip.csv", [esr_row(1, **{"Org L4": "638 Café Team – North"})])
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    (read,) = read_extract(path, ESR_STAFF_IN_POST)
    assert read.encoding == "cp1252"
    assert read.frame["org_l4"][0] == "638 Café Team – North"
    assert "Windows-1252" in read.warnings[0]


def test_repeated_header_blank_and_footer_rows_are_marked_not_lost(tmp_path):
    path = write_esr_file(tmp_path / "sip.csv", [esr_row(1), {h: "" for h in ESR_HEADER}, dict(zip(ESR_HEADER, ESR_HEADER, strict=True)), esr_row(2)])
    with path.open("a") as fh:
        fh.write("Source: ESR\n")
    (read,) = read_extract(path, ESR_STAFF_IN_POST)
    assert read.frame["drop_reason"].to_list() == [None, "blank_row", "repeated_header", None, "total_row", "trailer_note"]


def test_missing_required_column_names_file_column_and_headers_found(tmp_path):
    header = [h if h != "Ethnic Origin" else "Ethnicity Code" for h in ESR_HEADER]
    path = write_esr_file(tmp_path / "broken.csv", [esr_row(1)], header=header)
    with pytest.raises(FileRejected) as err:
        read_extract(path, ESR_STAFF_IN_POST)
    text = str(err.value)
    assert "broken.csv" in text and "'Ethnic Origin'" in text and "'Ethnicity Code'" in text
    assert err.value.rule_id == "ESR_SIP-F02"


def test_duplicate_headers_are_rejected_with_their_columns(tmp_path):
    header = [*ESR_HEADER, "ethnic  origin"]
    path = write_esr_file(tmp_path / "dup.csv", [esr_row(1)], header=header)
    with pytest.raises(FileRejected, match=r"Duplicate column 'ethnic  origin' at M and Q"):
        read_extract(path, ESR_STAFF_IN_POST)


@pytest.mark.parametrize(
    ("content", "rule", "text"),
    [
        (b"", "ESR_SIP-F05", "empty"),
        (b"Name,Address\nA,B\n", "ESR_SIP-F01", "No header row"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "ESR_SIP-F04", "password-protected"),
    ],
)
def test_unreadable_files_are_rejected_clearly(tmp_path, content, rule, text):
    path = tmp_path / "bad.xlsx" if content.startswith(b"\xd0") else tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileRejected) as err:
        read_extract(path, ESR_STAFF_IN_POST)
    assert err.value.rule_id == rule and text in str(err.value)


def test_semicolon_delimited_file(tmp_path):
    path = tmp_path / "sip_20240331.csv"
    path.write_text(";".join(ESR_HEADER) + "\n" + ";".join(esr_row(7).values()) + "\n")
    (read,) = read_extract(path, ESR_STAFF_IN_POST)
    assert read.frame["assignment_number"].to_list() == ["20000007"]


@pytest.mark.parametrize("text", [
    "",
    "one line without an end",
    "a,b\r\n" * 40_000,
    "a\n" * 30 + "z" * (65_535 - 60) + "\r\n" + "b\n" * 5,  # a \r\n across the end of the first prefix
    "x" * 200_000 + "\n" + "y\r" * 40,  # a first line longer than the first prefix
    "\u2028".join("é" * n for n in range(400)),  # line ends other than \n and \r
])
def test_head_lines_are_the_first_lines_of_the_whole_text(text):
    assert _head_lines(text, 30) == text.splitlines()[:30]
