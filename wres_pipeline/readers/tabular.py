"""Read one extract file into a frame of strings under its contract's canonical column names.

Handles the real-world shapes of source-extracts.md §1: containers (csv with delimiter sniffing,
xlsx/xls through the calamine reader, every sheet), encodings (BOM, UTF-8, Windows-1252, UTF-16),
preambles above the header (parsed for an "as at" date or a period), trailers (``Grand Total``,
footnotes), repeated header rows, header aliases, and duplicate headers.

Nothing is silently dropped: every data row read is returned, with its physical row number and, for
total / repeated-header / blank / trailer rows, a ``drop_reason``. Values are never typed here (all
strings); typing and code-list normalisation happen in the staging SQL, where bad rows are
quarantined with a message.

When one inbox folder holds several file shapes (``Contract.folder``), every sheet goes to the
contract whose header it matches best; a file no shape matches is rejected once, by the folder's
first contract, with a message naming every expected shape.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from .contracts import CONTRACTS, IDENTIFIER_COLUMNS, Column, Contract, DynamicColumns, normalise_label
from .errors import FileRejected, column_letter

HEADER_SCAN_ROWS = 30
HEADER_MATCH_SHARE = 0.6  # §1.3: the header row matches at least 60 % of the required columns
DELIMITERS = (",", "\t", ";", "|")
# A trailer row: its first non-empty cell starts with Grand Total / Total / Count / Sum (§1.3 rule 3).
TOTAL_ROW = r"(?i)^(grand\s+)?total\b|^count\b|^sum\b"
_DATE = r"(\d{1,2}[/\-. ](?:\d{1,2}|[A-Za-z]{3,9})[/\-. ]\d{2,4}|\d{4}-\d{2}-\d{2})"
AS_AT = re.compile(r"as\s+at\b[^0-9]{0,20}" + _DATE, re.IGNORECASE)
PERIOD = re.compile(r"period\b[^0-9]{0,20}" + _DATE + r"\s*(?:-|to|–)\s*" + _DATE, re.IGNORECASE)
# A financial year: 2023-24, 2023_24, 2023/24, 2023-2024 (in a file name or a title line).
FINANCIAL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*[-_/–]\s*(?:20)?(\d{2})(?!\d)")
YEAR = re.compile(r"(?<!\d)(20[1-9]\d)(?!\d)")
QUESTION_LABEL = re.compile(r"^\s*(q\d+[a-z]?)\b", re.IGNORECASE)
IGNORED_SHEETS = {"notes", "cover", "contents", "filters", "prompts"}
LIST_OF_PAIRS = pl.List(pl.Struct({"header": pl.String, "value": pl.String}))
# D08: an identifier Excel rewrote in scientific notation (2.46366E+07); its digits are lost for good.
EXCEL_SCIENTIFIC = r"^[0-9](?:\.[0-9]+)?[eE][+-]?[0-9]+$"
# A free-text cell can exceed the csv module's default 128 KiB field limit (polars has none); the
# header scan must read such a file, not crash on it. 2**31 - 1 is the largest limit on every platform.
csv.field_size_limit(2**31 - 1)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class FileRead:
    """One file as read: its frame of rows and everything the audit trail needs to know about it."""

    source: str
    path: Path
    sha256: str
    size_bytes: int
    container: str
    encoding: str | None
    sheet: str | None
    header_row: int  # 1-based physical row of the header
    headers_found: list[str]
    column_map: dict[str, tuple[str, str]]  # canonical name -> (header as found, column letter)
    ignored_columns: list[str]
    snapshot_date: date | None
    period_start: date | None
    period_end: date | None
    frame: pl.DataFrame  # contract columns (strings) + sheet, row_number, drop_reason
    year_in_title: int | None = None  # a 20xx year in the preamble or file name (survey workbooks)
    warnings: list[str] = field(default_factory=list)
    declared: DeclaredPeriod | None = None  # what the file says of its period, and where
    preamble: list[str] = field(default_factory=list)  # the lines above the header

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def source_file_id(self) -> str:
        return self.sha256[:16]

    def drop_counts(self) -> dict[str, int]:
        counts = self.frame.group_by("drop_reason").len().drop_nulls("drop_reason")
        return dict(zip(counts["drop_reason"].to_list(), counts["len"].to_list(), strict=True))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_loose_date(text: str) -> date | None:
    """Dates found in preambles and file names: UK order for nn/nn/nnnn, never US (§1.4)."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _decode(raw: bytes) -> tuple[str, str, list[str]]:
    """§1.2: BOM first, then strict UTF-8, then Windows-1252 with a warning."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig", []
        except UnicodeDecodeError:
            return raw[3:].decode("cp1252", errors="replace"), "cp1252", [
                "File has a UTF-8 byte order mark but is not valid UTF-8; read as Windows-1252"]
    if raw.startswith(b"\xff\xfe"):
        text = raw[2:].decode("utf-16-le", errors="replace")
        return text, "utf-16-le", ["Some bytes are not valid UTF-16 and were replaced"] if "\ufffd" in text else []
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252", ["File read as Windows-1252 (it is not valid UTF-8)"]


def _score_header(cells: list[str], contract: Contract) -> int:
    required = {c.name for c in contract.required}
    return len({contract.alias_index[n].name for n in map(normalise_label, cells) if n in contract.alias_index} & required)


def _needed(contract: Contract) -> int:
    return max(1, int(len(contract.required) * HEADER_MATCH_SHARE + 0.999))


def _find_header(rows: list[list[str]], contract: Contract) -> int | None:
    need = _needed(contract)
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        if _score_header(cells, contract) >= need:
            return i
    return None


def _header_share(rows: list[list[str]], contract: Contract) -> float:
    """The share of the contract's required columns on its header row (0 when there is none)."""
    h = _find_header(rows, contract)
    return 0.0 if h is None else _score_header(rows[h], contract) / len(contract.required)


def _owner(rows: list[list[str]], folder: Sequence[Contract]) -> Contract | None:
    """The contract of the folder whose header these rows match best (ties: the earlier contract)."""
    best, share = None, 0.0
    for contract in folder:
        s = _header_share(rows, contract)
        if s > share:
            best, share = contract, s
    return best


_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
# Dates people and HR systems put in file names (UK order): 20250331, 2025-03-31, 31.03.2025, 31-03-2025.
NAME_DATES = (
    (re.compile(r"(?<!\d)(20\d{2})[-_. ]?(\d{2})[-_. ]?(\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.](20\d{2})(?!\d)"), (3, 2, 1)),
)
# A month and year, meaning that month's end: March2025, Mar 25, Mar-2025, mar_25 (not a 2024-25 token).
NAME_MONTH = re.compile(r"(?<![a-z])(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")[\s_\-.]*(20\d{2}|\d{2})(?![\d-])",
                        re.IGNORECASE)
# A day, month and year: 1 April 2025, 01-Apr-25.
NAME_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})[\s_\-.]*(" + "|".join(sorted(_MONTHS, key=len, reverse=True))
                            + r")[\s_\-.]*(20\d{2}|\d{2})(?![\d-])", re.IGNORECASE)
# A financial-year quarter: Q4 2024-25 (Q1 ends 30 June 2024, Q4 31 March 2025).
NAME_QUARTER = re.compile(r"(?<![a-z])q([1-4])[\s_\-]*(?:fy)?[\s_\-]*(20\d{2})\s*[-_/]\s*(?:20)?(\d{2})(?!\d)", re.IGNORECASE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def date_in_name(name: str) -> date | None:
    """The snapshot date a file name states (see NAME_DATES, NAME_MONTH, NAME_QUARTER), else None."""
    stem = Path(name).stem
    for pattern, (y, m, d) in NAME_DATES:
        for found in pattern.finditer(stem):
            try:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                continue
    if found := NAME_QUARTER.search(stem):
        first = int(found.group(2))
        if int(found.group(3)) == (first + 1) % 100:
            quarter = int(found.group(1))
            return _month_end(first + (quarter == 4), (3, 6, 9, 12, 3)[quarter])
    if found := NAME_DAY_MONTH.search(stem):
        year = int(found.group(3))
        try:
            return date(year if year > 99 else 2000 + year, _MONTHS[found.group(2).lower()], int(found.group(1)))
        except ValueError:
            pass
    if found := NAME_MONTH.search(stem):
        year = int(found.group(2))
        return _month_end(year if year > 99 else 2000 + year, _MONTHS[found.group(1).lower()])
    return None


@dataclass(frozen=True)
class DeclaredPeriod:
    """What a file says about its own period, and where it says it (recorded in audit.source_files)."""

    snapshot: date | None = None
    snapshot_rule: str | None = None  # "'As at' line" | "file name"
    start: date | None = None
    end: date | None = None
    period_rule: str | None = None  # "'Period' line" | "financial year in the file name" | "... in the title"
    year: int | None = None  # a 20xx year in the preamble or file name (survey workbooks)


def _period_from(preamble: list[str], file_name: str) -> DeclaredPeriod:
    """The snapshot date and reporting period the preamble states, else the file name (§1.3, §2.2)."""
    text = "\n".join(preamble)
    snapshot = start = end = snapshot_rule = period_rule = None
    if m := PERIOD.search(text):
        start, end = parse_loose_date(m.group(1)), parse_loose_date(m.group(2))
        period_rule = "'Period' line" if start and end else None
    if m := AS_AT.search(text):
        snapshot = parse_loose_date(m.group(1))
        snapshot_rule = "'As at' line" if snapshot else None
    if snapshot is None and (snapshot := date_in_name(file_name)):
        snapshot_rule = "file name"
    if start is None or end is None:
        start = end = None
        for where, rule in ((file_name, "financial year in the file name"), (text, "financial year in the title")):
            for m in FINANCIAL_YEAR.finditer(where):
                first = int(m.group(1))
                if int(m.group(2)) == (first + 1) % 100:  # financial year 2023-24
                    start, end, period_rule = date(first, 4, 1), date(first + 1, 3, 31), rule
                    break
            if start is not None:
                break
    if start is None and len(years := {int(m.group(1)) for m in YEAR.finditer(Path(file_name).stem)}) == 1:
        # one bare year in the name of an event file ('ER tracker 2024.csv'): that calendar year
        first = years.pop()
        start, end, period_rule = date(first, 1, 1), date(first, 12, 31), "calendar year in the file name"
    year = next((int(m.group(1)) for where in (text, file_name) for m in YEAR.finditer(where)), None)
    return DeclaredPeriod(snapshot, snapshot_rule, start, end, period_rule, year)


def _check_duplicates(headers: list[str], contract: Contract, file_name: str, sheet: str | None) -> None:
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = normalise_label(h)
        if not key:
            continue
        if key in seen:
            raise FileRejected(
                contract.source,
                file_name,
                f"{contract.rule_prefix}-F03",
                f"Duplicate column '{h.strip()}' at {column_letter(seen[key])} and {column_letter(i)}; "
                "a file must name each column once.",
                sheet,
            )
        seen[key] = i


def _map_columns(
    headers: list[str], contract: Contract, file_name: str, sheet: str | None
) -> tuple[dict[int, str], dict[int, DynamicColumns], list[str]]:
    """Header position -> canonical name (and -> dynamic group); reject when required columns are missing."""
    _check_duplicates(headers, contract, file_name, sheet)
    mapping: dict[int, str] = {}
    dynamic: dict[int, DynamicColumns] = {}
    ignored: list[str] = []
    for i, h in enumerate(headers):
        col = contract.alias_index.get(normalise_label(h))
        if col is None:
            if group := contract.dynamic_for(normalise_label(h)):
                dynamic[i] = group
            elif h.strip():
                ignored.append(h.strip())
        elif col.name in mapping.values():
            raise FileRejected(
                contract.source,
                file_name,
                f"{contract.rule_prefix}-F03",
                f"Columns '{headers[[k for k, v in mapping.items() if v == col.name][0]].strip()}' and "
                f"'{h.strip()}' both mean {col.header!r}; keep one of them.",
                sheet,
            )
        else:
            mapping[i] = col.name
    missing = [c for c in contract.required if c.name not in mapping.values()]
    if missing:
        found = ", ".join(f"'{h.strip()}'" for h in headers if h.strip())
        raise FileRejected(
            contract.source,
            file_name,
            f"{contract.rule_prefix}-F02",
            f"Required column(s) missing: {', '.join(repr(c.header) for c in missing)}. Headers found: {found}. "
            f"If the file names them its own way, map them in wres.toml:\n{suggest_mapping(contract, missing, ignored)}",
            sheet,
        )
    return mapping, dynamic, ignored


def suggest_mapping(contract: Contract, missing: Sequence[Column], unmatched: Sequence[str]) -> str:
    """A ``[mappings.headers.<source>]`` block for the missing columns, each paired with the unmatched header
    of the file that reads most like it (or a placeholder), to paste into wres.toml."""
    lines = [f"[mappings.headers.{contract.source}]"]
    for column in missing:
        close = difflib.get_close_matches(column.header.lower(), [u.lower() for u in unmatched], n=1, cutoff=0.4)
        header = next((u for u in unmatched if close and u.lower() == close[0]), f"<your header for {column.header}>")
        lines.append(f'"{header}" = "{column.name}"')
    return "\n".join(lines)


def _join_question_labels(headers: list[str], preamble_rows: list[list[str]]) -> list[str]:
    """D06: 'Q14a - Times experienced…' merged across row 1 + '% Never' on the header row -> 'Q14a % Never'.

    The label row is the preamble row with the most question labels; a merged label sits in its first
    cell only, so it is carried right until the next label.
    """
    label_rows = [row for row in preamble_rows if any(QUESTION_LABEL.match(c or "") for c in row)]
    if not label_rows:
        return headers
    labels = max(label_rows, key=lambda row: sum(bool(QUESTION_LABEL.match(c or "")) for c in row))
    joined, current = [], None
    for i, header in enumerate(headers):
        cell = labels[i] if i < len(labels) else ""
        if m := QUESTION_LABEL.match(cell or ""):
            current = m.group(1)
            current = current[0].upper() + current[1:]
        if current and header.strip() and not QUESTION_LABEL.match(header):
            joined.append(f"{current} {header.strip()}")
        else:
            joined.append(header)
    return joined


def _frame_from_body(
    body: pl.DataFrame,
    headers: list[str],
    mapping: dict[int, str],
    dynamic: dict[int, DynamicColumns],
    contract: Contract,
    header_row: int,
    sheet: str | None,
) -> pl.DataFrame:
    """Canonical string columns + physical row numbers + drop reasons for totals/blank/repeated headers."""
    positional = body.columns
    # No-break spaces become spaces, then cells are trimmed; only the columns holding one are rewritten.
    nbsp = body.select(pl.col(positional).str.contains("\u00a0", literal=True).any()).row(0)
    body = body.with_columns(
        (pl.col(c).str.replace_all("\u00a0", " ", literal=True) if has_nbsp else pl.col(c)).str.strip_chars()
        for c, has_nbsp in zip(positional, nbsp, strict=True)
    )
    non_empty = [pl.when(pl.col(c) != "").then(pl.col(c)) for c in positional]
    first_cell = pl.coalesce(non_empty) if non_empty else pl.lit(None, pl.String)
    n_filled = pl.sum_horizontal([pl.col(c).fill_null("").ne("").cast(pl.Int32) for c in positional])
    header_norm = [normalise_label(h) for h in headers]

    def header_cell(i: int) -> pl.Expr:
        return pl.col(positional[i]).fill_null("").str.to_lowercase() == header_norm[i]

    # A repeated header row: every cell is its column's header. Rare, so only the rows whose first cell is
    # the first header are tested on every cell.
    candidates = body.with_row_index("idx").filter(header_cell(0))
    repeats = candidates.filter(pl.all_horizontal(map(header_cell, range(len(positional))))).get_column("idx")
    is_total = first_cell.str.contains(TOTAL_ROW).fill_null(False)
    # Physical row numbers: header row + 1 + index, shifted by newlines embedded in quoted cells.
    embedded = pl.sum_horizontal([pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in positional])
    frame = body.with_row_index("idx").with_columns(
        first_cell=first_cell,
        n_filled=n_filled,
        is_repeat=pl.col("idx").is_in(repeats.implode()),
        is_total=is_total,
        embedded=embedded,
    )
    after_total = pl.col("is_total").cum_max().shift(1, fill_value=False)
    frame = frame.with_columns(
        row_number=(pl.col("idx") + header_row + 1 + pl.col("embedded").cum_sum().shift(1, fill_value=0)).cast(pl.Int64),
        drop_reason=pl.when(pl.col("n_filled") == 0)
        .then(pl.lit("blank_row"))
        .when(pl.col("is_total"))
        .then(pl.lit("total_row"))
        .when(pl.col("is_repeat"))
        .then(pl.lit("repeated_header"))
        .when(after_total & (pl.col("n_filled") <= 1))
        .then(pl.lit("trailer_note"))
        .otherwise(None),
    )
    position = {name: i for i, name in mapping.items()}
    canonical = [
        (pl.col(positional[position[name]]) if name in position else pl.lit(None, pl.String)).alias(name)
        for name in contract.names
    ]
    pairs = []
    for group in contract.dynamic:
        members = [i for i, g in dynamic.items() if g is group]
        pairs.append(
            pl.concat_list(
                [pl.struct(pl.lit(headers[i].strip()).alias("header"), pl.col(positional[i]).alias("value")) for i in members]
            ).alias(group.name)
            if members
            else pl.lit([], dtype=LIST_OF_PAIRS).alias(group.name)
        )
    return frame.select(
        pl.lit(sheet, pl.String).alias("sheet"),
        "row_number",
        "drop_reason",
        *canonical,
        *pairs,
    )


def _check_identifiers(
    frame: pl.DataFrame, contract: Contract, column_map: dict[str, tuple[str, str]], file_name: str, sheet: str | None
) -> None:
    """§1.6 / D08: an identifier column holding a value in scientific notation rejects the file."""
    data = frame.filter(pl.col("drop_reason").is_null())
    for name in (n for n in contract.names if n in IDENTIFIER_COLUMNS and n in column_map):
        bad = data.filter(pl.col(name).str.contains(EXCEL_SCIENTIFIC).fill_null(False))
        if bad.height:
            header, letter = column_map[name]
            first = bad.row(0, named=True)
            raise FileRejected(
                contract.source,
                file_name,
                f"{contract.rule_prefix}-F08",
                f"{header} looks like it was reformatted by Excel: {bad.height} of {data.height} values in column "
                f"{letter} are in scientific notation (first: '{first[name]}' on row {first['row_number']}), so the "
                "original identifiers are lost. Export the report again without opening it in Excel, or format "
                "the column as Text.",
                sheet,
            )


@dataclass
class Part:
    """One sheet (or the one table of a CSV) whose header a contract recognised."""

    sheet: str | None
    headers: list[str]
    header_row: int  # 1-based physical row
    body: pl.DataFrame  # positional string columns c0, c1, …
    preamble: list[str]
    first_column: int = 0  # 0-based physical column of the body's first column


def _no_header(
    contract: Contract, folder: Sequence[Contract], path: Path, seen: str, tops: Sequence[list[list[str]]] = ()
) -> FileRejected:
    """REJECT_FILE F01; when the rows match another folder's contract, say where the file belongs (§1.11)."""
    shapes = "; or ".join(
        f"{c.description} (columns such as {', '.join(repr(col.header) for col in c.required[:4])})" for c in folder
    )
    others = [c for c in CONTRACTS.values() if c.folder != contract.folder]
    elsewhere = next((owner for rows in tops if (owner := _owner(rows, others)) is not None), None)
    hint = f" It looks like a {elsewhere.label} file: put it in the inbox folder {elsewhere.folder}/." if elsewhere else ""
    return FileRejected(
        contract.source,
        path.name,
        f"{contract.rule_prefix}-F01",
        f"No header row found in the first {HEADER_SCAN_ROWS} rows. Expected {shapes}.{hint} {seen}",
    )


def _looks_binary(raw: bytes) -> bool:
    """Neither a workbook nor text: NUL bytes (text with a UTF-16 BOM aside) or many control characters."""
    sample = raw[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(b < 32 and b not in b"\t\n\r\x0c" for b in sample)
    return b"\x00" in sample or controls > len(sample) // 20


def _head_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]`` without splitting the whole of a large file: a prefix split into more than n
    lines holds the first n lines whole."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        if len(lines) > n or size >= len(text):
            return lines[:n]
        size *= 4


def _read_csv(
    path: Path, raw: bytes, contract: Contract, folder: Sequence[Contract]
) -> tuple[list[Part], str, list[str], bool]:
    """The CSV as one part when this contract owns it; (parts, encoding, warnings, owned by anyone)."""
    text, encoding, warnings = _decode(raw)
    lines = _head_lines(text, HEADER_SCAN_ROWS)
    by_delimiter = {delim: list(csv.reader(lines, delimiter=delim)) for delim in DELIMITERS}
    owners = {delim: _owner(rows, folder) for delim, rows in by_delimiter.items()}
    if not any(owners.values()):
        return [], encoding, warnings, False
    # The best delimiter for this contract (most required columns matched, then the earliest row).
    best: tuple[int, int, str] | None = None
    for delim, rows in by_delimiter.items():
        h = _find_header(rows, contract)
        if h is not None:
            cand = (_score_header(rows[h], contract), -h, delim)
            best = max(best, cand) if best else cand
    if best is None or owners[best[2]] is not contract:
        return [], encoding, warnings, True
    _, neg_h, delim = best
    h = -neg_h
    headers = [c.replace("\ufeff", "") for c in next(csv.reader([lines[h]], delimiter=delim))]
    preamble_rows = by_delimiter[delim][:h]
    if contract.joins_question_labels:
        headers = _join_question_labels(headers, preamble_rows)
    width = len(headers)
    # The parser reads UTF-8: the file's own bytes when they are UTF-8 (without the byte order mark).
    utf8 = raw if encoding == "utf-8" else raw[3:] if encoding == "utf-8-sig" else text.encode("utf-8")
    body = pl.read_csv(
        io.BytesIO(utf8),
        skip_lines=h,
        has_header=True,
        separator=delim,
        infer_schema=False,
        truncate_ragged_lines=True,
        new_columns=[f"c{i}" for i in range(width)],
        raise_if_empty=False,
    )
    return [Part(None, headers, h + 1, body, lines[:h])], encoding, warnings, True


def _xlsx_origins(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet name -> (0-based row, column) of its first cell holding a value.

    The calamine reader drops leading empty rows and columns; physical row numbers and column letters
    in messages need them back. Read from the first 2 MB of each sheet's XML (.xlsx only).
    """
    origins: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
            for name, rid in re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', workbook):
                target = targets.get(rid, "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with zf.open(member) as fh:
                    xml = fh.read(2 << 20).decode("utf-8", "replace")
                cells = re.finditer(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', xml, re.DOTALL)
                valued = [(int(m.group(2)) - 1, m.group(1)) for m in cells if m.group(3) and ("<v" in m.group(3) or "<is" in m.group(3))]
                if valued:
                    col = min(sum((ord(ch) - 64) * 26**k for k, ch in enumerate(reversed(letters))) - 1 for _, letters in valued)
                    origins[_unescape_xml(name)] = (valued[0][0], col)
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    return origins


def _unescape_xml(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def _read_workbook(path: Path, contract: Contract, folder: Sequence[Contract]) -> tuple[list[Part], bool]:
    """The sheets this contract owns; (parts, whether any contract of the folder owns any sheet)."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # calamine reports encrypted / corrupt workbooks as generic errors
        # The first line of calamine's message only: the rest repeats the (server-side) path.
        detail = (str(exc).splitlines() or [""])[0].removeprefix("calamine error: ")[:160]
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F04",
            f"The workbook cannot be opened ({detail}); "
            "it may be password-protected or damaged. Save an unprotected copy as .xlsx or .csv.",
        ) from exc
    origins = _xlsx_origins(path) if path.read_bytes()[:4] == ZIP_MAGIC else {}
    found: list[Part] = []
    owned_by_any = False
    for name in reader.sheet_names:
        if normalise_label(name) in IGNORED_SHEETS:
            continue
        grid = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        if grid.height == 0:
            continue
        top = [[("" if v is None else str(v)) for v in row] for row in grid.head(HEADER_SCAN_ROWS).iter_rows()]
        owner = _owner(top, folder)
        owned_by_any = owned_by_any or owner is not None
        if owner is not contract:
            continue
        h = _find_header(top, contract)
        row0, col0 = origins.get(name, (0, 0))
        headers = top[h]
        if contract.joins_question_labels:
            headers = _join_question_labels(headers, top[:h])
        body = grid.slice(h + 1).rename({c: f"c{i}" for i, c in enumerate(grid.columns)})
        preamble = [" ".join(x for x in row if x) for row in top[:h]]
        found.append(Part(name, headers, row0 + h + 1, body, preamble, col0))
    return found, owned_by_any


def read_extract(path: Path, contract: Contract, folder: Sequence[Contract] = ()) -> list[FileRead]:
    """Read every sheet of one file that belongs to ``contract``; raise FileRejected when it cannot load.

    ``folder`` lists every contract of the contract's inbox folder (default: just this one). A sheet
    another contract matches better is left to that contract; a file that no contract matches is
    rejected by the folder's first contract only, so it is reported once.
    """
    folder = tuple(folder) or (contract,)
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    primary = folder[0] is contract
    if not raw.strip():
        if not primary:
            return []
        raise FileRejected(contract.source, path.name, f"{contract.rule_prefix}-F05", "The file is empty.")
    if suffix in {".xlsb", ".xlsm"}:
        if not primary:
            return []
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F04",
            f"{suffix} workbooks are not accepted (binary or macro-enabled); save the report as .xlsx or .csv.",
        )
    encoding: str | None = None
    warnings: list[str] = []
    # The content decides, not the name: a CSV saved as .xls is read as text (§1.1).
    if raw.startswith(ZIP_MAGIC) or raw.startswith(OLE2_MAGIC):
        container = "xlsx" if raw.startswith(ZIP_MAGIC) else "xls"
        if raw.startswith(OLE2_MAGIC) and suffix == ".xlsx":
            if not primary:
                return []
            raise FileRejected(
                contract.source,
                path.name,
                f"{contract.rule_prefix}-F04",
                "The workbook is password-protected (encrypted); save an unprotected copy as .xlsx or .csv.",
            )
        try:
            parts, owned = _read_workbook(path, contract, folder)
        except FileRejected:
            if not primary:
                return []
            raise
        if not owned and primary:
            import fastexcel

            workbook = fastexcel.read_excel(path)
            tops = [
                [["" if v is None else str(v) for v in row]
                 for row in workbook.load_sheet(name, header_row=None, dtypes="string", n_rows=HEADER_SCAN_ROWS)
                 .to_polars().iter_rows()]
                for name in workbook.sheet_names
            ]
            raise _no_header(contract, folder, path, f"Sheets: {', '.join(workbook.sheet_names)}.", tops)
    elif _looks_binary(raw):
        if not primary:
            return []
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F04",
            "The file is neither an Excel workbook nor a text (CSV) file; it starts with the bytes "
            f"{raw[:8].hex(' ')}. Export the report again as .xlsx or .csv.",
        )
    else:
        container = "csv"
        parts, encoding, warnings, owned = _read_csv(path, raw, contract, folder)
        if suffix in {".xlsx", ".xls"}:
            warnings.append(f"Named {suffix} but holds text, so it was read as CSV")
        if not owned and primary:
            lines = raw[:4096].decode(encoding or "utf-8", errors="replace").splitlines()
            first = " | ".join(line.strip()[:80] for line in lines[:5] if line.strip())
            text_lines = _head_lines(_decode(raw)[0], HEADER_SCAN_ROWS)
            tops = [list(csv.reader(text_lines, delimiter=d)) for d in DELIMITERS]
            raise _no_header(contract, folder, path, f"The file starts: {first or '(nothing readable)'}", tops)
    results = []
    for part in parts:
        headers = part.headers
        mapping, dynamic, ignored = _map_columns(headers, contract, path.name, part.sheet)
        declared = _period_from(part.preamble, path.name)
        frame = _frame_from_body(part.body, headers, mapping, dynamic, contract, part.header_row, part.sheet)
        letters = {i: column_letter(i + part.first_column) for i in range(len(headers))}
        column_map = {name: (headers[i].strip(), letters[i]) for i, name in mapping.items()}
        column_map.update({headers[i].strip(): (headers[i].strip(), letters[i]) for i in dynamic})
        _check_identifiers(frame, contract, column_map, path.name, part.sheet)
        results.append(
            FileRead(
                source=contract.source,
                path=path,
                sha256=sha,
                size_bytes=len(raw),
                container=container,
                encoding=encoding,
                sheet=part.sheet,
                header_row=part.header_row,
                headers_found=[h.strip() for h in headers],
                column_map=column_map,
                ignored_columns=ignored,
                snapshot_date=declared.snapshot,
                period_start=declared.start,
                period_end=declared.end,
                frame=frame,
                warnings=list(warnings),
                year_in_title=declared.year,
                declared=declared,
                preamble=list(part.preamble),
            )
        )
    return results
