"""Read one extract file into a frame of strings under its contract's canonical column names.

Handles the real-world shapes of source-extracts.md §1: containers (csv with delimiter sniffing,
xlsx/xls through the calamine reader, every sheet), encodings (BOM, UTF-8, Windows-1252, UTF-16),
preambles above the header (parsed for an "as at" date or a period), trailers (``Grand Total``,
footnotes), repeated header rows, header aliases, and duplicate headers.

Nothing is silently dropped: every data row read is returned, with its physical row number and, for
total / repeated-header / blank / trailer rows, a ``drop_reason``. Values are never typed here (all
strings); typing and code-list normalisation happen in the staging SQL, where bad rows are
quarantined with a message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from .contracts import Contract, normalise_label
from .errors import FileRejected, column_letter

HEADER_SCAN_ROWS = 30
HEADER_MATCH_SHARE = 0.6  # §1.3: the header row matches at least 60 % of the required columns
DELIMITERS = (",", "\t", ";", "|")
# A trailer row: its first non-empty cell starts with Grand Total / Total / Count / Sum (§1.3 rule 3).
TOTAL_ROW = r"(?i)^(grand\s+)?total\b|^count\b|^sum\b"
_DATE = r"(\d{1,2}[/\-. ](?:\d{1,2}|[A-Za-z]{3,9})[/\-. ]\d{2,4}|\d{4}-\d{2}-\d{2})"
AS_AT = re.compile(r"as\s+at\b[^0-9]{0,20}" + _DATE, re.IGNORECASE)
PERIOD = re.compile(r"period\b[^0-9]{0,20}" + _DATE + r"\s*(?:-|to|–)\s*" + _DATE, re.IGNORECASE)
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
    warnings: list[str] = field(default_factory=list)

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
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig", []
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le"), "utf-16-le", []
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252", ["File read as Windows-1252 (it is not valid UTF-8)"]


def _score_header(cells: list[str], contract: Contract) -> int:
    required = {c.name for c in contract.required}
    return len({contract.alias_index[n].name for n in map(normalise_label, cells) if n in contract.alias_index} & required)


def _find_header(rows: list[list[str]], contract: Contract) -> int | None:
    need = max(1, int(len(contract.required) * HEADER_MATCH_SHARE + 0.999))
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        if _score_header(cells, contract) >= need:
            return i
    return None


def _period_from(preamble: list[str], file_name: str) -> tuple[date | None, date | None, date | None]:
    """(snapshot, period_start, period_end) from the preamble, else from the file name (§2.2)."""
    text = "\n".join(preamble)
    snapshot = start = end = None
    if m := PERIOD.search(text):
        start, end = parse_loose_date(m.group(1)), parse_loose_date(m.group(2))
    if m := AS_AT.search(text):
        snapshot = parse_loose_date(m.group(1))
    if snapshot is None and (m := re.search(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)", file_name)):
        try:
            snapshot = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            snapshot = None
    if start is None and (m := re.search(r"(?<!\d)(20\d{2})[-_](\d{2})(?!\d)", file_name)):
        first = int(m.group(1))
        if int(m.group(2)) == (first + 1) % 100:  # financial year 2023-24
            start, end = date(first, 4, 1), date(first + 1, 3, 31)
    return snapshot, start, end


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


def _map_columns(headers: list[str], contract: Contract, file_name: str, sheet: str | None) -> tuple[dict[int, str], list[str]]:
    """Header position -> canonical name; reject when required columns are missing (§1.11)."""
    _check_duplicates(headers, contract, file_name, sheet)
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for i, h in enumerate(headers):
        col = contract.alias_index.get(normalise_label(h))
        if col is None:
            if h.strip():
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
    missing = [c.header for c in contract.required if c.name not in mapping.values()]
    if missing:
        found = ", ".join(f"'{h.strip()}'" for h in headers if h.strip())
        raise FileRejected(
            contract.source,
            file_name,
            f"{contract.rule_prefix}-F02",
            f"Required column(s) missing: {', '.join(repr(m) for m in missing)}. Headers found: {found}.",
            sheet,
        )
    return mapping, ignored


def _frame_from_body(body: pl.DataFrame, headers: list[str], mapping: dict[int, str], contract: Contract, header_row: int, sheet: str | None) -> pl.DataFrame:
    """Canonical string columns + physical row numbers + drop reasons for totals/blank/repeated headers."""
    positional = body.columns
    cleaned = [
        pl.col(c).str.replace_all("\u00a0", " ").str.strip_chars().alias(c) for c in positional
    ]
    body = body.with_columns(cleaned)
    non_empty = [pl.when(pl.col(c) != "").then(pl.col(c)) for c in positional]
    first_cell = pl.coalesce(non_empty) if non_empty else pl.lit(None, pl.String)
    n_filled = pl.sum_horizontal([pl.col(c).fill_null("").ne("").cast(pl.Int32) for c in positional])
    header_norm = [normalise_label(h) for h in headers]
    is_repeat = pl.all_horizontal(
        [pl.col(c).fill_null("").str.to_lowercase() == header_norm[i] for i, c in enumerate(positional)]
    )
    is_total = first_cell.str.contains(TOTAL_ROW).fill_null(False)
    # Physical row numbers: header row + 1 + index, shifted by newlines embedded in quoted cells.
    embedded = pl.sum_horizontal([pl.col(c).fill_null("").str.count_matches("\n") for c in positional])
    frame = body.with_columns(
        first_cell=first_cell,
        n_filled=n_filled,
        is_repeat=is_repeat,
        is_total=is_total,
        embedded=embedded,
    ).with_row_index("idx")
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
    canonical = [
        pl.col(positional[i]).alias(name) if (i := next((k for k, v in mapping.items() if v == name), None)) is not None
        else pl.lit(None, pl.String).alias(name)
        for name in contract.names
    ]
    return frame.select(
        pl.lit(sheet, pl.String).alias("sheet"),
        "row_number",
        "drop_reason",
        *canonical,
    )


# (sheet, header cells, 1-based header row, body of positional string columns, preamble lines)
Part = tuple[str | None, list[str], int, pl.DataFrame, list[str]]


def _read_csv(path: Path, raw: bytes, contract: Contract) -> tuple[list[Part], str, list[str]]:
    text, encoding, warnings = _decode(raw)
    lines = text.splitlines()[:HEADER_SCAN_ROWS]
    best: tuple[int, int, str] | None = None  # (score, -line, delimiter)
    for delim in DELIMITERS:
        rows = list(csv.reader(lines, delimiter=delim))
        h = _find_header(rows, contract)
        if h is not None:
            cand = (_score_header(rows[h], contract), -h, delim)
            best = max(best, cand) if best else cand
    if best is None:
        first = " | ".join(line.strip()[:80] for line in lines[:5] if line.strip())
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F01",
            f"No header row for {contract.description} found in the first {HEADER_SCAN_ROWS} rows "
            f"(expected columns such as {', '.join(repr(c.header) for c in contract.required[:4])}). "
            f"The file starts: {first or '(nothing readable)'}",
        )
    _, neg_h, delim = best
    h = -neg_h
    headers = [c.replace("\ufeff", "") for c in next(csv.reader([lines[h]], delimiter=delim))]
    preamble = lines[:h]
    width = len(headers)
    body = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        skip_lines=h,
        has_header=True,
        separator=delim,
        infer_schema=False,
        truncate_ragged_lines=True,
        new_columns=[f"c{i}" for i in range(width)],
        raise_if_empty=False,
    )
    return [(None, headers, h + 1, body, preamble)], encoding, warnings


def _read_workbook(path: Path, contract: Contract) -> list[Part]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # calamine reports encrypted / corrupt workbooks as generic errors
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F04",
            f"The workbook cannot be opened ({type(exc).__name__}: {str(exc)[:160]}); "
            "it may be password-protected or damaged. Save an unprotected copy as .xlsx or .csv.",
        ) from exc
    found = []
    for name in reader.sheet_names:
        if normalise_label(name) in {"notes", "cover", "contents", "filters", "prompts"}:
            continue
        grid = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        if grid.height == 0:
            continue
        top = [[("" if v is None else str(v)) for v in row] for row in grid.head(HEADER_SCAN_ROWS).iter_rows()]
        h = _find_header(top, contract)
        if h is None:
            continue
        body = grid.slice(h + 1).rename({c: f"c{i}" for i, c in enumerate(grid.columns)})
        preamble = [" ".join(x for x in row if x) for row in top[:h]]
        found.append((name, top[h], h + 1, body, preamble))
    if not found:
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F01",
            f"No sheet has a header row for {contract.description} "
            f"(sheets: {', '.join(reader.sheet_names)}; expected columns such as "
            f"{', '.join(repr(c.header) for c in contract.required[:4])}).",
        )
    return found


def read_extract(path: Path, contract: Contract) -> list[FileRead]:
    """Read every data sheet of one file; raise FileRejected with a specific message when it cannot load."""
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if not raw.strip():
        raise FileRejected(contract.source, path.name, f"{contract.rule_prefix}-F05", "The file is empty.")
    if suffix in {".xlsb", ".xlsm"}:
        raise FileRejected(
            contract.source,
            path.name,
            f"{contract.rule_prefix}-F04",
            f"{suffix} workbooks are not accepted (binary or macro-enabled); save the report as .xlsx or .csv.",
        )
    encoding: str | None = None
    warnings: list[str] = []
    if raw.startswith(ZIP_MAGIC) or raw.startswith(OLE2_MAGIC) or suffix in {".xlsx", ".xls"}:
        container = "xlsx" if raw.startswith(ZIP_MAGIC) else "xls"
        if raw.startswith(OLE2_MAGIC) and suffix == ".xlsx":
            raise FileRejected(
                contract.source,
                path.name,
                f"{contract.rule_prefix}-F04",
                "The workbook is password-protected (encrypted); save an unprotected copy as .xlsx or .csv.",
            )
        parts = _read_workbook(path, contract)
    else:
        container = "csv"
        parts, encoding, warnings = _read_csv(path, raw, contract)
    results = []
    for sheet, headers, header_row, body, preamble in parts:
        mapping, ignored = _map_columns(headers, contract, path.name, sheet)
        snapshot, start, end = _period_from(preamble, path.name)
        frame = _frame_from_body(body, headers, mapping, contract, header_row, sheet)
        results.append(
            FileRead(
                source=contract.source,
                path=path,
                sha256=sha,
                size_bytes=len(raw),
                container=container,
                encoding=encoding,
                sheet=sheet,
                header_row=header_row,
                headers_found=[h.strip() for h in headers],
                column_map={name: (headers[i].strip(), column_letter(i)) for i, name in mapping.items()},
                ignored_columns=ignored,
                snapshot_date=snapshot,
                period_start=start,
                period_end=end,
                frame=frame,
                warnings=list(warnings),
            )
        )
    return results
