"""File shapes: how one source's rows are laid out, typed and encoded on disk (source-extracts.md §1.1-§1.3, §2.1).

A writer builds one :class:`TableFile` per output file -- a container (CSV, xlsx, ESR
interface text), an encoding and one or more :class:`Sheet` s (the first one holds the
data) -- and hands it to :func:`emit`, which lets the dirt injector
(:mod:`.dirt`) damage it and then renders it.  Because rendering happens last, the dirt
layer knows the physical (1-based) row of every cell it touches in the written file.

A :class:`Sheet` is::

    preamble rows      (title, "Organisation:", "Run date:", "As at:" / "Period:", blank)
    header row         (column names as exported)
    data rows          (the typed ``body`` frame, plus rows inserted by the dirt layer)
    trailer rows       (``Grand Total,<number of data rows>``)

The body is a typed polars frame (columns ``c0`` .. ``cN``, so duplicate headers are
possible); ``kinds`` says how each column is written: ``id`` / ``text`` (always text, so
leading zeros survive), ``date`` (a real Excel date in xlsx, the shape's date format in
CSV), ``date_text`` (a date always written as text, as BI exports do for some columns),
``number`` (two decimals in CSV, a number cell in xlsx) and ``int``.  ``roles`` names the
columns with a meaning the dirt layer needs (``employee``, ``assignment``, ``ethnicity``,
``grade`` ...), so every mechanism works on any source whose sheet declares them.

Shapes registered for ``esr_staff_in_post`` and ``esr_leavers`` (``--shape`` names):

=================  ==========================================================================
``esr_bi_csv``     (default) ESR BI CSV: preamble, blank line, header, rows, ``Grand Total``;
                   UTF-8 without BOM; dates DD/MM/YYYY.  ``ESR_Staff_In_Post_<ORG>_<YYYYMMDD>.csv``
``esr_bi_xlsx``    the same report exported to Excel: one data sheet (``Staff In Post`` /
                   ``Leavers``) with the preamble in column A, the header, the rows and a
                   ``Grand Total`` row, plus a ``Notes`` sheet.  Identifiers and spinal points
                   are text cells; Hire Date and Termination Date are real Excel dates
                   (dd/mm/yyyy); Date Started in NHS is text; hours, FTE and pay are numbers.
``plain_csv``      header on row 1, no preamble, no trailer (the snapshot date / financial
                   year is in the file name only).  UTF-8.
``cp1252_csv``     the BI layout re-saved by Excel as "CSV" (Windows-1252); its prompt row
                   holds ``–`` and ``£`` so the file is not valid UTF-8.
``utf8_bom_csv``   the BI layout re-saved by Excel as "CSV UTF-8": BOM + the same prompt row.
``national_csv``   national warehouse "Staff in Post - Workforce" headers (§2.1b):
                   ``Unique Nhs Identifier`` (11 digits: org number + employee number, so
                   leading zeros are common), ``Asg Number``, ``Tm Year Month``
                   (``2024-March``), ``Tm End Date``, ``ODS code``, ``Staff Group``, ``Job Role``,
                   ``Occupation Code``, ``Grade Code`` (``XR05 Review Body Band 5``),
                   ``Status``, ``Asg Type Of Contract``, ``Primary Flag`` (Y/N),
                   ``Contracted Wte``, ``Ethnic Origin``, ``Gender``, ``Age In Years``,
                   ``Latest Hire Date``, ``User Person Type`` (+ ``Termination Date``,
                   ``Leaving Reason`` for leavers); ISO dates; no preamble or trailer.
                   ``NWD_Staff_In_Post_<ORG>_<YYYYMMDD>.csv`` / ``NWD_Leavers_<ORG>_<YYYY-YY>.csv``
``esr_interface``  ESR outbound interface file (§2.1c): ``HDR,<file name>``, one ``PER``
                   record per person followed by its ``ASG`` records (composite
                   pipe-delimited position, grade and staff group/job role fields, YYYYMMDD
                   dates), ``FTR,<file name>,<record count>``.  ``ESR_Interface_<ORG>_<...>.dat``.
                   Dirt is not applied to this shape.
=================  ==========================================================================

Shape names are also accepted as a CLI-friendly spec by :func:`parse_shape_spec`:
``"esr_staff_in_post=esr_bi_xlsx,esr_leavers=cp1252_csv"``, or a bare shape name
(``"esr_bi_xlsx"``) meaning every chosen source that has that shape.

Every renderer is deterministic: no wall-clock time (the xlsx "created" property is the
report's run date), fixed row order, fixed zip member order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from . import reference as ref
from .simulation import Simulation
from .writers import (
    WRITERS,
    WriteContext,
    WrittenFile,
    esr_frame,
    leavers_file_name,
    register_writer,
    staff_in_post_file_name,
)

#: Placeholder in trailer rows replaced by the number of data rows written.
DATA_ROWS = object()
EXCEL_EPOCH = dt.date(1899, 12, 30)
KINDS = ("id", "text", "date", "date_text", "number", "int")


# ---------------------------------------------------------------------------------------
# The in-memory file model
# ---------------------------------------------------------------------------------------


@dataclass
class Inserted:
    """A row added to the data region: placed before body row ``pos`` (``pos == n``: at the end)."""

    pos: int
    cells: list[Any]
    kind: str = "data"  # data | total | header


@dataclass
class Sheet:
    """One grid of a file: preamble, header, typed body, inserted rows, trailer (see module docstring)."""

    name: str
    header: list[str]
    body: pl.DataFrame
    kinds: list[str]
    preamble: list[list[Any]] = field(default_factory=list)
    trailer: list[list[Any]] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    #: hidden per-row columns aligned with ``body`` (never written), e.g. date_of_birth, wres_group
    aux: pl.DataFrame | None = None
    yes_no: tuple[str, str] = ("Yes", "No")
    #: fake-person identifiers: ``id_maker(employee_number, assignment_seq) -> {role: value}``
    id_maker: Callable[[int, int], dict[str, str]] | None = None
    #: xlsx merged cells in the preamble: (preamble row index, first column, last column)
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    #: cell overrides on body rows: (row, column) -> value written instead
    overrides: dict[tuple[int, int], Any] = field(default_factory=dict)
    inserted: list[Inserted] = field(default_factory=list)
    #: data-only sheets (e.g. ``Notes``) are written as plain text rows, never damaged
    data: bool = True
    #: roles whose columns are required by the source's contract (an error literal there rejects the row)
    required_roles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.header)
        if self.body.width != n or len(self.kinds) != n:
            raise ValueError(f"sheet {self.name!r}: {n} headers, {self.body.width} body columns, {len(self.kinds)} kinds")
        bad = [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ValueError(f"unknown column kinds {bad}")

    @property
    def n_rows(self) -> int:
        return self.body.height

    @property
    def header_row(self) -> int:
        """1-based physical row of the header."""
        return len(self.preamble) + 1

    def col(self, role: str) -> int | None:
        return self.roles.get(role)

    def data_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Final 0-based position in the data region of each body row and each inserted row."""
        n, m = self.body.height, len(self.inserted)
        pos = np.array([r.pos for r in self.inserted], dtype=np.int64)
        order = np.lexsort((np.arange(m), pos)) if m else np.zeros(0, dtype=np.int64)
        sorted_pos = pos[order]
        body_final = np.arange(n, dtype=np.int64) + np.searchsorted(sorted_pos, np.arange(n), side="right")
        ins_final = np.empty(m, dtype=np.int64)
        ins_final[order] = sorted_pos + np.arange(m)
        return body_final, ins_final

    def physical_row_of_body(self, i: int) -> int:
        body_final, _ = self.data_order()
        return self.header_row + 1 + int(body_final[i])

    def n_data_rows_written(self) -> int:
        return self.body.height + sum(1 for r in self.inserted if r.kind == "data")

    def add_column(self, header: str, values: pl.Series, kind: str, at: int | None = None) -> int:
        """Insert a column (all rows) at position ``at`` (default: last); returns its index."""
        n = self.body.width
        at = n if at is None else at
        cols = [self.body.get_column(f"c{j}") for j in range(n)]
        cols.insert(at, values)
        self.body = pl.DataFrame([s.alias(f"c{j}") for j, s in enumerate(cols)])
        self.header.insert(at, header)
        self.kinds.insert(at, kind)
        self.roles = {r: (j + 1 if j >= at else j) for r, j in self.roles.items()}
        self.overrides = {(i, j + 1 if j >= at else j): v for (i, j), v in self.overrides.items()}
        for r in self.inserted:
            r.cells.insert(at, None)
        self.merges = [(p, a + (1 if a >= at else 0), b + (1 if b >= at else 0)) for p, a, b in self.merges]
        return at

    def copy_clean(self) -> Sheet:
        """A copy without overrides, inserted rows or merges (lists copied, frames shared)."""
        return replace(self, header=list(self.header), kinds=list(self.kinds), preamble=[list(r) for r in self.preamble],
                       trailer=[list(r) for r in self.trailer], roles=dict(self.roles), merges=[], overrides={},
                       inserted=[])


@dataclass
class TableFile:
    """One output file before rendering."""

    source: str
    shape: str
    org_code: str
    org_number: int
    relpath: str
    container: str  # csv | xlsx | dat
    encoding: str  # utf-8 | utf-8-sig | cp1252
    date_format: str
    sheets: list[Sheet]
    snapshot: dt.date | None = None
    period: tuple[dt.date, dt.date] | None = None
    run_date: dt.date | None = None
    title: str = ""
    extra: bool = False  # an additional damaged file written by the dirt layer
    text_lines: list[str] | None = None  # pre-rendered content (esr_interface)
    text_rows: int = 0  # data rows (assignments) in ``text_lines``

    @property
    def sheet(self) -> Sheet:
        return self.sheets[0]

    @property
    def clean_rows(self) -> int:
        """Data rows of the clean (planted) content, the value of truth.json ``counts``."""
        return self.sheet.n_rows if self.text_lines is None else self.text_rows


# ---------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------


def _fixed2(expr: pl.Expr) -> pl.Expr:
    cents = (expr * 100).round(0).cast(pl.Int64)
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return sign + (cents.abs() // 100).cast(pl.String) + pl.lit(".") + (cents.abs() % 100).cast(pl.String).str.zfill(2)


def text_value(value: Any, kind: str, date_format: str) -> str | None:
    """How one value is written in a CSV cell (``None`` = empty field)."""
    if value is None or value is DATA_ROWS:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    if isinstance(value, float):
        return f"{value:.2f}" if kind == "number" else format(value, ".15g")
    return str(value)


def display_value(value: Any, kind: str, container: str, date_format: str) -> str:
    """The value as a person (and the test-suite) sees it in the written file; used in the dirt manifest.

    CSV: exactly the text of the field.  xlsx: text cells verbatim, dates as dd/mm/yyyy,
    numbers in Excel's General format (``2.5``, ``45382``)."""
    if container != "xlsx":
        return text_value(value, kind, date_format) or ""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return format(float(value), ".15g")
    return str(value)


def _string_body(sheet: Sheet, date_format: str) -> pl.DataFrame:
    """The data region as strings (overrides applied, inserted rows placed), ready for write_csv."""
    exprs = []
    for j, kind in enumerate(sheet.kinds):
        c = pl.col(f"c{j}")
        dtype = sheet.body.schema[f"c{j}"]
        if dtype == pl.Date:
            e = c.dt.strftime(date_format)
        elif dtype.is_float():
            e = _fixed2(c) if kind == "number" else c.cast(pl.String)
        elif dtype == pl.String:
            e = c
        else:
            e = c.cast(pl.String)
        exprs.append(pl.when(e == "").then(None).otherwise(e).alias(f"c{j}"))
    body = sheet.body.select(exprs)
    if sheet.overrides:
        by_col: dict[int, tuple[list[int], list[str | None]]] = {}
        for (i, j), v in sorted(sheet.overrides.items()):
            rows, vals = by_col.setdefault(j, ([], []))
            rows.append(i)
            vals.append(text_value(v, sheet.kinds[j], date_format))
        body = body.with_columns(
            body.get_column(f"c{j}").scatter(rows, pl.Series(vals, dtype=pl.String)) for j, (rows, vals) in by_col.items()
        )
    if not sheet.inserted:
        return body
    extra = pl.DataFrame(
        {f"c{j}": [text_value(r.cells[j] if j < len(r.cells) else None, sheet.kinds[j], date_format)
                   for r in sheet.inserted] for j in range(len(sheet.kinds))},
        schema={f"c{j}": pl.String for j in range(len(sheet.kinds))},
    )
    body_final, ins_final = sheet.data_order()
    source_index = np.empty(body.height + extra.height, dtype=np.int64)
    source_index[body_final] = np.arange(body.height)
    source_index[ins_final] = body.height + np.arange(extra.height)
    return pl.concat([body, extra]).select(pl.all().gather(source_index))


def _csv_lines(rows: Iterable[list[Any]], kinds: list[str] | None, date_format: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        if not row:
            buf.write("\n")
            continue
        writer.writerow([text_value(v, kinds[j] if kinds and j < len(kinds) else "text", date_format) or ""
                         for j, v in enumerate(row)])
    return buf.getvalue()


def render_csv(tf: TableFile, path: Path) -> None:
    sheet = tf.sheet
    n_written = sheet.n_data_rows_written()
    body = _string_body(sheet, tf.date_format)
    out = io.BytesIO()
    head = _csv_lines(sheet.preamble, None, tf.date_format) + _csv_lines([sheet.header], None, tf.date_format)
    out.write(head.encode(tf.encoding))
    if body.height:
        if tf.encoding == "utf-8":
            body.write_csv(out, include_header=False)
        else:
            text = body.write_csv(include_header=False)
            out.write(text.encode("cp1252" if tf.encoding == "cp1252" else "utf-8"))
    trailer = [[n_written if v is DATA_ROWS else v for v in row] for row in sheet.trailer]
    out.write(_csv_lines(trailer, None, tf.date_format).encode("cp1252" if tf.encoding == "cp1252" else "utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


#: Above this many cells a sheet is streamed (xlsxwriter constant_memory): slower, but flat memory.
XLSX_STREAM_CELLS = 2_000_000


def render_xlsx(tf: TableFile, path: Path) -> None:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    created = dt.datetime.combine(tf.run_date or dt.date(2000, 1, 1), dt.time(9, 0))
    cells = sum((s.body.height + len(s.inserted)) * max(len(s.header), 1) for s in tf.sheets)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": cells > XLSX_STREAM_CELLS, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": tf.title, "author": "ESR Business Intelligence (synthetic)", "created": created,
                       "comments": "Synthetic data generated for testing; no real people."})
    fmt_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    fmt_head = wb.add_format({"bold": True})
    fmt_title = wb.add_format({"bold": True, "font_size": 12})
    fmt_group = wb.add_format({"bold": True, "align": "center"})

    for sheet in tf.sheets:
        ws = wb.add_worksheet(sheet.name)
        # the undecorated cell writers: same output, without the A1-notation argument check per call
        w_str, w_num = ws._write_string, ws._write_number

        def put(r: int, c: int, v: Any, kind: str, w_str=w_str, w_num=w_num) -> None:
            if v is None or v is DATA_ROWS:
                return
            t = type(v)
            if t is str:
                if v:
                    w_str(r, c, v, None)
            elif t is float or t is int:
                w_num(r, c, v, None)
            elif t is dt.date:
                if kind == "date":
                    w_num(r, c, (v - EXCEL_EPOCH).days, fmt_date)
                else:
                    w_str(r, c, v.strftime("%d/%m/%Y"), None)
            elif t is bool:
                w_str(r, c, "Yes" if v else "No", None)
            else:
                w_str(r, c, str(v), None)

        kinds = sheet.kinds
        width = len(sheet.header)
        if sheet.data:
            ws.set_column(0, max(width - 1, 0), 16)
        else:
            ws.set_column(0, 0, 90)
        merged = {p: (a, b) for p, a, b in sheet.merges}
        r = 0
        for p, row in enumerate(sheet.preamble):
            if p in merged:
                a, b = merged[p]
                for c, v in enumerate(row):
                    if c == a:
                        ws.merge_range(r, a, r, b, "" if v is None else str(v), fmt_group)
                    elif not a < c <= b and v not in (None, ""):
                        ws.write_string(r, c, str(v))
            else:
                for c, v in enumerate(row):
                    if v not in (None, ""):
                        ws.write_string(r, c, str(v), fmt_title if (p == 0 and c == 0) else None)
            r += 1
        if not sheet.data:
            continue
        for c, h in enumerate(sheet.header):
            ws.write_string(r, c, h, fmt_head)
        r += 1
        body_final, ins_final = sheet.data_order()
        n_total = sheet.body.height + len(sheet.inserted)
        slots: list[tuple[int, int]] = [(0, 0)] * n_total
        for i, f in enumerate(body_final.tolist()):
            slots[f] = (0, i)
        for k, f in enumerate(ins_final.tolist()):
            slots[f] = (1, k)
        over: dict[int, dict[int, Any]] = {}
        for (i, j), v in sheet.overrides.items():
            over.setdefault(i, {})[j] = v
        body_rows = sheet.body.rows()
        columns = list(zip(range(width), kinds, strict=True))
        for which, idx in slots:
            if which == 0:
                row = body_rows[idx]
                o = over.get(idx)
                if o:
                    for c, kind in columns:
                        put(r, c, o[c] if c in o else row[c], kind)
                else:
                    for c, kind in columns:
                        put(r, c, row[c], kind)
            else:
                cells = sheet.inserted[idx].cells
                for c in range(min(width, len(cells))):
                    put(r, c, cells[c], kinds[c])
            r += 1
        n_written = sheet.n_data_rows_written()
        for row in sheet.trailer:
            for c, v in enumerate(row):
                put(r, c, n_written if v is DATA_ROWS else v, "int")
            r += 1
    wb.close()


def render(tf: TableFile, out_dir: Path) -> None:
    path = out_dir / tf.relpath
    if tf.text_lines is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(("\n".join(tf.text_lines) + "\n").encode(tf.encoding))
    elif tf.container == "xlsx":
        render_xlsx(tf, path)
    else:
        render_csv(tf, path)


def emit(tables: Iterable[TableFile], ctx: WriteContext) -> list[WrittenFile]:
    """Apply the context's dirt (if any) to each file, render it and the extra damaged files it produces."""
    tables = list(tables)
    out: list[WrittenFile] = []
    injector = getattr(ctx, "dirt", None)
    for k, tf in enumerate(tables):
        extras = injector.process(tf, first=(k == 0), last=(k == len(tables) - 1)) if injector is not None else []
        for f in (tf, *extras):
            render(f, ctx.out_dir)
            if injector is not None:
                injector.resolve(f)
            out.append(WrittenFile(f.source, f.shape, f.org_code, f.relpath, f.clean_rows, extra=f.extra))
    return out


# ---------------------------------------------------------------------------------------
# Reloading a CSV written by another writer (so dirt applies to every source)
# ---------------------------------------------------------------------------------------

_AS_AT = re.compile(r"as\s+at:?\s*(\d{2}/\d{2}/\d{4})", re.IGNORECASE)
_PERIOD = re.compile(r"period:?\s*(\d{2}/\d{2}/\d{4})\s*-\s*(\d{2}/\d{2}/\d{4})", re.IGNORECASE)
_DMY = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def _dmy(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def reload_csv(out_dir: Path, written: WrittenFile, org_number: int, roles: Mapping[str, str],
               required: tuple[str, ...] = (), multiline: bool = False) -> TableFile | None:
    """Read back a UTF-8 CSV written by a source's own writer (optional preamble + blank line, header,
    rows, optional ``Grand Total`` trailer) as a :class:`TableFile` that renders to the same bytes.

    Columns are text, except columns whose header contains ``Date`` and whose values are all
    DD/MM/YYYY (typed dates, role ``date:<header>``).  ``roles`` maps headers to dirt roles.
    Returns None when the file cannot be round-tripped (not UTF-8, or embedded line breaks unless
    ``multiline``: then one record is no longer one line, so only re-shaping, never dirt, may use it)."""
    path = out_dir / written.relpath
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        return None
    rows = list(csv.reader(io.StringIO(text)))
    if not multiline and len(rows) != text.count("\n") + (0 if text.endswith("\n") else 1):
        return None  # a quoted cell holds a line break: one record is not one line
    blank = next((i for i, r in enumerate(rows[:15]) if not r), None)
    h = blank + 1 if blank is not None and blank + 1 < len(rows) else 0
    header = rows[h]
    n_trailer = 0
    while len(rows) - n_trailer - 1 > h and rows[len(rows) - n_trailer - 1][:1] == ["Grand Total"]:
        n_trailer += 1
    data = [r + [""] * (len(header) - len(r)) if len(r) < len(header) else r[:len(header)]
            for r in rows[h + 1:len(rows) - n_trailer]]
    trailer: list[list[Any]] = [list(r) for r in rows[len(rows) - n_trailer:]]
    for r in trailer:
        if len(r) > 1 and r[1] == str(len(data)):
            r[1] = DATA_ROWS
    columns, kinds, sheet_roles = [], [], {}
    for j, name in enumerate(header):
        values = [r[j] or None for r in data]
        present = [v for v in values if v is not None]
        if "Date" in name and present and all(_DMY.match(v) for v in present):
            try:
                columns.append(pl.Series(f"c{j}", [_dmy(v) if v else None for v in values], dtype=pl.Date))
                kinds.append("date")
                sheet_roles[f"date:{name}"] = j
                continue
            except ValueError:
                pass
        columns.append(pl.Series(f"c{j}", values, dtype=pl.String))
        kinds.append("text")
    for j, name in enumerate(header):
        for role in roles.get(name, "").split():
            sheet_roles.setdefault(role, j)
    preamble_text = "\n".join(",".join(r) for r in rows[:h])
    snapshot = period = None
    if m := _PERIOD.search(preamble_text):
        period = (_dmy(m.group(1)), _dmy(m.group(2)))
    elif m := _AS_AT.search(preamble_text):
        snapshot = _dmy(m.group(1))
    elif m := re.search(r"_(20\d{2})(\d{2})(\d{2})\.", written.relpath):
        snapshot = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif m := re.search(r"_(20\d{2})-(\d{2})\.", written.relpath):
        period = (dt.date(int(m.group(1)), 4, 1), dt.date(int(m.group(1)) + 1, 3, 31))
    sheet = Sheet(name=Path(written.relpath).stem[:31], header=list(header),
                  body=pl.DataFrame(columns) if columns else pl.DataFrame(), kinds=kinds,
                  preamble=[list(r) for r in rows[:h]], trailer=trailer, roles=sheet_roles, required_roles=required)
    return TableFile(source=written.source, shape=written.shape, org_code=written.org_code, org_number=org_number,
                     relpath=written.relpath, container="csv", encoding="utf-8", date_format="%d/%m/%Y",
                     sheets=[sheet], snapshot=snapshot, period=period,
                     title=str(rows[0][0]) if h and rows[0] else "")


# ---------------------------------------------------------------------------------------
# ESR sheets
# ---------------------------------------------------------------------------------------

ESR_ROLES: Mapping[str, str] = {
    "Employee Number": "employee", "Assignment Number": "assignment", "Position Title": "free_text",
    "Staff Group": "staff_group", "Occupation Code": "occupation", "Grade": "grade",
    "Assignment Category": "category", "Assignment Status": "status", "Primary Assignment": "primary",
    "Contracted Hours": "hours", "FTE": "fte", "Ethnic Origin": "ethnicity", "Hire Date": "hire_date",
    "Date Started in NHS": "nhs_start", "Termination Date": "termination", "Leaving Reason": "leaving_reason",
    "Spinal Point": "opt_spinal_point", "Annual Salary": "opt_annual_salary", "Hourly Rate": "opt_hourly_rate",
    "Disability": "opt_disability", "Age Band": "opt_age_band", "Area of Work": "opt_area_of_work",
    # national warehouse spellings
    "Unique Nhs Identifier": "employee", "Asg Number": "assignment", "Grade Code": "grade",
    "Status": "status", "Asg Type Of Contract": "category", "Primary Flag": "primary",
    "Contracted Wte": "fte", "Latest Hire Date": "hire_date", "Age In Years": "opt_age", "Job Role": "opt_job_role",
}
ESR_REQUIRED_ROLES = ("person", "key", "ethnicity", "grade", "staff_group", "occupation", "category", "status")


def _esr_roles(headers: list[str]) -> dict[str, int]:
    roles = {ESR_ROLES[h]: j for j, h in enumerate(headers) if h in ESR_ROLES}
    if "employee" in roles:
        roles["person"] = roles["employee"]
    if "assignment" in roles:
        roles["key"] = roles["assignment"]
    return roles


ID_COLUMNS = {"Employee Number", "Assignment Number", "Spinal Point", "Unique Nhs Identifier", "Asg Number"}
XLSX_DATE_COLUMNS = {"Hire Date", "Termination Date"}  # real Excel dates; other date columns are text

SHAPE_EXT = {"esr_bi_csv": ".csv", "esr_bi_xlsx": ".xlsx", "plain_csv": ".csv", "cp1252_csv": ".csv",
             "utf8_bom_csv": ".csv", "national_csv": ".csv", "esr_interface": ".dat"}
SHAPE_ENCODING = {"cp1252_csv": "cp1252", "utf8_bom_csv": "utf-8-sig"}
RESAVED_PROMPT = "Prompts: Assignment Status = All; Pay basis \u2013 annual FTE salary (\u00a3)"
BI_SHAPES = ("esr_bi_csv", "esr_bi_xlsx", "cp1252_csv", "utf8_bom_csv")


def _kinds(frame: pl.DataFrame, headers: list[str], shape: str) -> list[str]:
    kinds = []
    for h, dtype in zip(headers, frame.dtypes, strict=True):
        if h in ID_COLUMNS:
            kinds.append("id")
        elif dtype == pl.Date:
            kinds.append("date" if (h in XLSX_DATE_COLUMNS and shape == "esr_bi_xlsx") or shape != "esr_bi_xlsx"
                         else "date_text")
        elif dtype.is_float():
            kinds.append("number")
        elif dtype.is_integer():
            kinds.append("int")
        else:
            kinds.append("text")
    return kinds


def _positional(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename({c: f"c{j}" for j, c in enumerate(frame.columns)})


def _aux(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select("person_id", "employee_number", "wres_group", "date_of_birth", "grade")


def _esr_id_maker(prefix: str = "") -> Callable[[int, int], dict[str, str]]:
    def make(emp: int, seq: int) -> dict[str, str]:
        return {"employee": f"{prefix}{emp}", "assignment": f"{emp}" if seq == 1 else f"{emp}-{seq}"}

    return make


def _uni_prefix(sim: Simulation) -> str:
    return f"{sim.org.number:03d}"


def national_frame(sim: Simulation, rows: pl.DataFrame, leavers: bool, tm_end: dt.date) -> pl.DataFrame:
    """§2.1b national warehouse columns from canonical assignment rows."""
    grade_code = {g.key: (ref.render_afc_grade(g.key, 2) if g.kind == "afc" else g.display) for g in ref.GRADES}
    at = pl.col("termination_date") if leavers else pl.lit(tm_end)
    age = (at.dt.year() - pl.col("date_of_birth").dt.year()
           - ((at.dt.month() < pl.col("date_of_birth").dt.month())
              | ((at.dt.month() == pl.col("date_of_birth").dt.month())
                 & (at.dt.day() < pl.col("date_of_birth").dt.day()))).cast(pl.Int64))
    exprs = [
        (pl.lit(_uni_prefix(sim)) + pl.col("employee_number")).alias("Unique Nhs Identifier"),
        pl.col("assignment_number").alias("Asg Number"),
        pl.lit(f"{tm_end.year}-{tm_end:%B}").alias("Tm Year Month"),
        pl.lit(tm_end).alias("Tm End Date"),
        pl.lit(sim.org.code).alias("ODS code"),
        pl.col("staff_group").alias("Staff Group"),
        pl.col("job_role").alias("Job Role"),
        pl.col("occupation_code").alias("Occupation Code"),
        pl.col("grade").replace_strict(grade_code, return_dtype=pl.String).alias("Grade Code"),
        pl.col("assignment_status").alias("Status"),
        pl.col("assignment_category").alias("Asg Type Of Contract"),
        pl.when(pl.col("primary")).then(pl.lit("Y")).otherwise(pl.lit("N")).alias("Primary Flag"),
        pl.col("fte").alias("Contracted Wte"),
        pl.when(pl.col("ethnic_origin") == "").then(None).otherwise(pl.col("ethnic_origin")).alias("Ethnic Origin"),
        pl.col("gender").alias("Gender"),
        age.cast(pl.Int64).alias("Age In Years"),
        pl.col("hire_date").alias("Latest Hire Date"),
        pl.lit("Employee").alias("User Person Type"),
    ]
    if leavers:
        exprs += [pl.col("termination_date").alias("Termination Date"),
                  pl.when(pl.col("leaving_reason") == "").then(None).otherwise(pl.col("leaving_reason"))
                  .alias("Leaving Reason")]
    return rows.select(exprs)


def _notes_sheet(lines: list[str]) -> Sheet:
    return Sheet(name="Notes", header=[], body=pl.DataFrame(), kinds=[], preamble=[[x] for x in lines], data=False)


def esr_table(sim: Simulation, source: str, shape: str, rows: pl.DataFrame, *, snapshot: dt.date | None = None,
              period: tuple[dt.date, dt.date] | None = None) -> TableFile:
    """Build the :class:`TableFile` of one ESR staff-in-post snapshot or leavers year in ``shape``."""
    leavers = source == "esr_leavers"
    org_l2 = f"{sim.org.vpd} {sim.org.name}"
    ref_date = snapshot if snapshot is not None else period[1]
    run_date = ref_date + dt.timedelta(days=5)
    title = "Leavers - Assignment Level" if leavers else "Staff In Post - Assignment Level"
    sheet_name = "Leavers" if leavers else "Staff In Post"
    if leavers:
        name_stem = leavers_file_name(sim.org.code, period[1].year).removesuffix(".csv")
        when_line = f"Period: {period[0]:%d/%m/%Y} - {period[1]:%d/%m/%Y}"
    else:
        name_stem = staff_in_post_file_name(sim.org.code, snapshot).removesuffix(".csv")
        when_line = f"As at: {snapshot:%d/%m/%Y}"
    if shape == "national_csv":
        frame = national_frame(sim, rows, leavers, ref_date)
        name_stem = name_stem.replace("ESR_", "NWD_", 1)
        id_maker = _esr_id_maker(_uni_prefix(sim))
        yes_no = ("Y", "N")
        date_format = "%Y-%m-%d"
    else:
        frame = esr_frame(sim, rows, leavers=leavers)
        id_maker = _esr_id_maker()
        yes_no = ("Yes", "No")
        date_format = "%d/%m/%Y"
    headers = list(frame.columns)
    preamble: list[list[Any]] = []
    trailer: list[list[Any]] = []
    if shape in BI_SHAPES:
        preamble = [[title], [f"Organisation: {org_l2}"], [f"Run date: {run_date:%d/%m/%Y}"], [when_line]]
        if shape in ("cp1252_csv", "utf8_bom_csv"):
            preamble.append([RESAVED_PROMPT])
        preamble.append([])
        trailer = [["Grand Total", DATA_ROWS]]
    sheet = Sheet(
        name=sheet_name,
        header=headers,
        body=_positional(frame),
        kinds=_kinds(frame, headers, shape),
        preamble=preamble,
        trailer=trailer,
        roles=_esr_roles(headers),
        required_roles=ESR_REQUIRED_ROLES,
        aux=_aux(rows),
        yes_no=yes_no,
        id_maker=id_maker,
    )
    sheets = [sheet]
    if shape == "esr_bi_xlsx":
        sheets.append(_notes_sheet([
            "Notes",
            f"Report: {title}",
            f"Organisation: {org_l2}",
            when_line,
            f"Run date: {run_date:%d/%m/%Y}",
            "Source: ESR Business Intelligence (synthetic export)",
            "One row per assignment. Identifiers are text; Hire Date and Termination Date are Excel dates.",
            "All people, organisations and values in this workbook are synthetic.",
        ]))
    return TableFile(
        source=source, shape=shape, org_code=sim.org.code, org_number=sim.org.number,
        relpath=f"{source}/{name_stem}{SHAPE_EXT[shape]}",
        container="xlsx" if shape == "esr_bi_xlsx" else "csv",
        encoding=SHAPE_ENCODING.get(shape, "utf-8"), date_format=date_format, sheets=sheets,
        snapshot=snapshot, period=period, run_date=run_date, title=title,
    )


# ---------------------------------------------------------------------------------------
# ESR outbound interface file (§2.1c)
# ---------------------------------------------------------------------------------------


def _ymd(col: str) -> pl.Expr:
    return pl.col(col).dt.strftime("%Y%m%d").fill_null("")


def interface_table(sim: Simulation, source: str, rows: pl.DataFrame, *, snapshot: dt.date | None = None,
                    period: tuple[dt.date, dt.date] | None = None) -> TableFile:
    """HDR / PER / ASG / FTR records; composite fields are pipe-delimited inside one quoted value."""
    leavers = source == "esr_leavers"
    ref_date = snapshot if snapshot is not None else period[1]
    stamp = f"{period[0].year}-{period[1].year % 100:02d}" if leavers else f"{snapshot:%Y%m%d}"
    kind = "Leavers" if leavers else "Interface"
    name = f"ESR_{kind}_{sim.org.code}_{stamp}.dat"
    grade_code = {g.key: (f"NHS|XR{int(g.key[5]):02d}|{ref.render_afc_grade(g.key, 1)}" if g.kind == "afc"
                          else f"NHS|{'VSM' if g.kind == 'vsm' else 'MD'}|{g.display}") for g in ref.GRADES}
    frame = (
        rows.join(sim.teams.select("team_id", "org_l4"), on="team_id", how="left", maintain_order="left")
        .sort("employee_number", "assignment_seq", maintain_order=True)
        .with_columns(
            position_id=((pl.col("team_id") * 7919 + pl.col("job_role").hash(7) % 9973) % 9_000_000 + 1_000_000),
        )
    )

    def q(expr: pl.Expr) -> pl.Expr:
        return pl.lit('"') + expr.cast(pl.String).fill_null("").str.replace_all('"', '""') + pl.lit('"')

    per = frame.unique("employee_number", keep="first", maintain_order=True).select(
        pl.col("employee_number"), pl.lit(0).alias("k"),
        pl.concat_str([pl.lit("PER"), q(pl.col("employee_number")), q(pl.col("gender")), q(pl.col("ethnic_origin")),
                       q(_ymd("hire_date")), q(_ymd("date_started_nhs"))], separator=",").alias("line"))
    asg_fields = [
        pl.lit("ASG"), q(pl.col("employee_number")), q(pl.col("assignment_number")),
        q(pl.col("position_id").cast(pl.String) + "|" + pl.col("position_title") + "|" + pl.col("occupation_code")
          + "|" + pl.col("org_l4") + "|"),
        q(pl.col("grade").replace_strict(grade_code, return_dtype=pl.String)),
        q(pl.col("staff_group") + "|" + pl.col("job_role")),
        q(pl.col("assignment_category")), q(pl.col("assignment_status")),
        q(pl.when(pl.col("primary")).then(pl.lit("Y")).otherwise(pl.lit("N"))),
        _fixed2(pl.col("fte")), _fixed2(pl.col("contracted_hours")), q(_ymd("assignment_start")),
    ]
    if leavers:
        asg_fields += [q(_ymd("termination_date")), q(pl.col("leaving_reason"))]
    else:
        asg_fields += [q(pl.lit(""))]
    asg = frame.select(pl.col("employee_number"), pl.lit(1).alias("k"),
                       pl.concat_str(asg_fields, separator=",").alias("line"))
    body = pl.concat([per, asg]).sort("employee_number", "k", maintain_order=True)["line"].to_list()
    lines = [f'HDR,"{name}","{ref_date + dt.timedelta(days=5):%Y%m%d}"', *body, f'FTR,"{name}",{len(body)}']
    return TableFile(source=source, shape="esr_interface", org_code=sim.org.code, org_number=sim.org.number,
                   relpath=f"{source}/{name}", container="dat", encoding="utf-8", date_format="%Y%m%d", sheets=[],
                   snapshot=snapshot, period=period, text_lines=lines, text_rows=rows.height)


# ---------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------

ESR_SHAPES: tuple[str, ...] = ("esr_bi_csv", "esr_bi_xlsx", "plain_csv", "cp1252_csv", "utf8_bom_csv",
                               "national_csv", "esr_interface")


def _staff_in_post_tables(sim: Simulation, shape: str) -> list[TableFile]:
    frames = sim.assignments.partition_by("snapshot_date", as_dict=True, maintain_order=True)
    out = []
    for snapshot in sim.snapshot_dates:
        rows = frames.get((snapshot,), sim.assignments.clear())
        if shape == "esr_interface":
            out.append(interface_table(sim, "esr_staff_in_post", rows, snapshot=snapshot))
        else:
            out.append(esr_table(sim, "esr_staff_in_post", shape, rows, snapshot=snapshot))
    return out


def _leavers_tables(sim: Simulation, shape: str) -> list[TableFile]:
    out = []
    for year in sim.report_years:
        period = (dt.date(year - 1, 4, 1), dt.date(year, 3, 31))
        rows = sim.leavers_in_year(year)
        if shape == "esr_interface":
            out.append(interface_table(sim, "esr_leavers", rows, period=period))
        else:
            out.append(esr_table(sim, "esr_leavers", shape, rows, period=period))
    return out


def _register_esr(shape: str) -> None:
    default = shape == "esr_bi_csv"

    @register_writer("esr_staff_in_post", shape, default=default, dirt_aware=True)
    def write_sip(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
        return emit(_staff_in_post_tables(sim, shape), ctx)

    @register_writer("esr_leavers", shape, default=default, dirt_aware=True)
    def write_lv(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
        return emit(_leavers_tables(sim, shape), ctx)

    write_sip.__doc__ = f"ESR staff in post, one file per quarter-end snapshot, shape {shape}."
    write_lv.__doc__ = f"ESR leavers, one file per financial year, shape {shape}."


for _shape in ESR_SHAPES:
    _register_esr(_shape)


def parse_shape_spec(spec: str | Mapping[str, str] | None, sources: Iterable[str] | None = None) -> dict[str, str]:
    """``"src=shape,src2=shape2"`` or a bare ``"shape"`` (every source that has it) -> ``{source: shape}``."""
    if spec is None:
        return {}
    if isinstance(spec, Mapping):
        return dict(spec)
    chosen = list(sources) if sources is not None else list(WRITERS)
    out: dict[str, str] = {}
    for item in (x.strip() for x in spec.split(",")):
        if not item:
            continue
        if "=" in item:
            source, shape = (x.strip() for x in item.split("=", 1))
            out[source] = shape
        else:
            matched = [s for s in chosen if item in WRITERS.get(s, {})]
            if not matched:
                raise ValueError(f"no source has shape {item!r}")
            for s in matched:
                out[s] = item
    return out
