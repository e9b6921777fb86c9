"""Alternative file shapes of the non-ESR sources (source-extracts.md §1.1, §1.2, §1.3): every
source can be written as an Excel workbook, a plain CSV, a Windows-1252 CSV or a UTF-8-with-BOM CSV.

Each source's own writer produces its *report CSV* (its default shape: preamble, header, rows,
optional ``Grand Total``).  The shapes here re-lay that report out, so the values (and therefore
the truth manifest) are identical whatever the shape; only the container, the encoding and the
rows around the data change:

=================  ==========================================================================
``report_xlsx``    the report exported to Excel: one data sheet (the report title, cut to 31
                   characters) with the preamble in column A, the header, the rows and the
                   trailer, plus a ``Notes`` sheet.  Identifier-like columns (header naming an
                   ID, number, reference or code) are text cells; dates are real Excel dates
                   (dd/mm/yyyy); other all-numeric columns are number cells.  Same file stem.
``plain_csv``      header on row 1, no preamble, no trailer (period / snapshot in the file name).
``cp1252_csv``     the report re-saved by Excel as "CSV" (Windows-1252); a prompt row holding
                   ``–`` and ``£`` sits above the header, so the file is not valid UTF-8.
``utf8_bom_csv``   the report re-saved by Excel as "CSV UTF-8": BOM + the same prompt row.
=================  ==========================================================================

For the staff survey the base is the respondent-level CSV (``respondent_csv``); the published
workbook keeps its own shapes.  Dirt (:mod:`..dirt`) is applied to the re-shaped file like to
any other, for the sources that have dirt roles (not the action plan, whose cells hold line
breaks).  Deterministic: the workbook's "created" property is the report's run date (or the
end of its period) and xlsxwriter writes fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import polars as pl

from ..dirt import SOURCE_REQUIRED, SOURCE_ROLES
from ..shapes import RESAVED_PROMPT, Sheet, TableFile, emit, reload_csv, render
from ..simulation import Simulation
from ..writers import DEFAULT_SHAPES, WRITERS, WriteContext, WriterFn, WrittenFile, register_writer

REPORT_SHAPES: tuple[str, ...] = ("report_xlsx", "plain_csv", "cp1252_csv", "utf8_bom_csv")
#: The shape each source's alternatives are derived from (default: the source's default shape).
BASE_SHAPE: dict[str, str] = {"staff_survey": "respondent_csv"}
_ENCODING = {"cp1252_csv": "cp1252", "utf8_bom_csv": "utf-8-sig", "plain_csv": "utf-8"}
_ID_HEADER = re.compile(r"\b(id|number|no|reference|ref|code)\b", re.IGNORECASE)
_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")
_RUN_DATE = re.compile(r"run\s+date:?\s*(\d{2})/(\d{2})/(\d{4})", re.IGNORECASE)


def _numeric_columns(sheet: Sheet) -> Sheet:
    """xlsx typing: all-numeric text columns that are not identifiers become number cells."""
    cols, kinds = [], list(sheet.kinds)
    for j, header in enumerate(sheet.header):
        s = sheet.body.get_column(f"c{j}")
        present = s.drop_nulls()
        if (kinds[j] == "text" and s.dtype == pl.String and present.len() and not _ID_HEADER.search(header)
                and present.str.contains(_NUMBER.pattern).all()):
            s = s.cast(pl.Float64)
            kinds[j] = "number"
        cols.append(s)
    body = pl.DataFrame(cols) if cols else sheet.body
    return replace(sheet, body=body, kinds=kinds)


def _run_date(tf: TableFile) -> dt.date | None:
    text = " ".join(str(v) for row in tf.sheet.preamble for v in row if v)
    if m := _RUN_DATE.search(text):
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if tf.period is not None:
        return tf.period[1]
    return tf.snapshot


def reshape(tf: TableFile, shape: str) -> TableFile:
    """The report ``tf`` (as read back by :func:`.shapes.reload_csv`) laid out in ``shape``."""
    sheet = tf.sheet
    if shape == "plain_csv":
        sheet = replace(sheet, preamble=[], trailer=[])
        return replace(tf, shape=shape, sheets=[sheet], encoding="utf-8")
    if shape in ("cp1252_csv", "utf8_bom_csv"):
        preamble = [list(r) for r in sheet.preamble]
        blank = next((i for i, r in enumerate(preamble) if not r), len(preamble))
        preamble.insert(blank, [RESAVED_PROMPT])
        if blank == len(preamble) - 1:
            preamble.append([])
        return replace(tf, shape=shape, sheets=[replace(sheet, preamble=preamble)], encoding=_ENCODING[shape])
    if shape == "report_xlsx":
        title = tf.title or Path(tf.relpath).stem
        data = replace(_numeric_columns(sheet), name=re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip())
        notes = Sheet(name="Notes", header=[], body=pl.DataFrame(), kinds=[], data=False, preamble=[
            ["Notes"], [f"Report: {title}"], *[[str(r[0])] for r in sheet.preamble[1:] if r and r[0]],
            ["One row per record. Identifiers are text cells; dates are Excel dates."],
            ["All people, organisations and values in this workbook are synthetic."]])
        return replace(tf, shape=shape, sheets=[data, notes], container="xlsx", encoding="utf-8",
                       relpath=str(Path(tf.relpath).with_suffix(".xlsx").as_posix()), run_date=_run_date(tf),
                       title=title)
    raise ValueError(f"unknown report shape {shape!r}; expected one of {REPORT_SHAPES}")


def _reshaped_writer(source: str, base: WriterFn, shape: str) -> WriterFn:
    roles = SOURCE_ROLES.get(source)

    def write(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
        with tempfile.TemporaryDirectory(prefix="wres_gen_") as tmp:
            written = base(sim, replace(ctx, out_dir=Path(tmp), dirt=None))
            tables = []
            for f in written:
                tf = reload_csv(Path(tmp), f, sim.org.number, roles or {}, SOURCE_REQUIRED.get(source, ()),
                                multiline=roles is None)
                if tf is None:
                    raise ValueError(f"{f.relpath}: the {source} report cannot be re-shaped (not a UTF-8 CSV)")
                tables.append(reshape(tf, shape))
        dirt = ctx.dirt
        if roles is not None or dirt is None or not dirt.rates:
            return emit(tables, ctx)
        for code in dirt.rates:
            dirt.not_applicable.setdefault(code, {}).setdefault(f"{source}:{shape}", "no dirt roles for this source")
        for tf in tables:
            render(tf, ctx.out_dir)
        return [WrittenFile(tf.source, tf.shape, tf.org_code, tf.relpath, tf.clean_rows) for tf in tables]

    write.__doc__ = f"{source} in shape {shape} (re-laid-out from its {BASE_SHAPE.get(source, 'default')} report)."
    return write


def register_report_shapes() -> None:
    """Register :data:`REPORT_SHAPES` for every non-ESR source registered so far."""
    for source in [s for s in WRITERS if not s.startswith("esr_")]:
        base_shape = BASE_SHAPE.get(source, DEFAULT_SHAPES[source])
        registered = WRITERS[source][base_shape]
        base = getattr(registered, "__wrapped__", registered)  # the writer without the dirt wrapper
        for shape in REPORT_SHAPES:
            if shape not in WRITERS[source]:
                register_writer(source, shape, dirt_aware=True)(_reshaped_writer(source, base, shape))


register_report_shapes()

__all__ = ["BASE_SHAPE", "REPORT_SHAPES", "register_report_shapes", "reshape"]
