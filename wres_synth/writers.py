"""Writers: turn a :class:`Simulation` into inbox files, one registry entry per source and shape.

Inbox layout: ``OUT/<source>/<files>``.  Folders starting with ``_`` are generator
metadata (the pipeline ignores them).

Registry: ``WRITERS[source][shape]`` is a function ``(sim, ctx) -> list[WrittenFile]``;
``DEFAULT_SHAPES[source]`` names the shape written when none is requested.  Add a
source or an alternative shape (xlsx workbook, cp1252 CSV, national warehouse headers)
with the :func:`register_writer` decorator.  Writers must be deterministic: no wall-clock
dates (the "Run date" is derived from the snapshot date), fixed row order.

ESR writers (registered in :mod:`.shapes`, every shape of §2.1 and §1.1):

* ``esr_staff_in_post``: one file per quarter-end snapshot,
  ``ESR_Staff_In_Post_<ORG>_<YYYYMMDD>.csv`` (default shape ``esr_bi_csv``).
* ``esr_leavers``: one file per financial year,
  ``ESR_Leavers_<ORG>_<YYYY-YY>.csv`` (termination dates inside the year).

ESR BI CSV shape (source-extracts.md §1.3, §2.1a)::

    Staff In Post - Assignment Level
    Organisation: 638 Synthetic Northfield Mental Health NHS Trust
    Run date: 05/04/2024
    As at: 31/03/2024                      (leavers: "Period: 01/04/2023 - 31/03/2024")
    <blank line>
    Employee Number,Assignment Number,Org L2,...       (header, §2.2 spelling)
    <data rows>
    Grand Total,<number of data rows>

Dates are DD/MM/YYYY; decimals have two places; identifiers are strings.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from .simulation import Simulation


@dataclass(frozen=True)
class WrittenFile:
    """A file written by a writer: ``relpath`` is relative to the output folder (POSIX)."""

    source: str
    shape: str
    org_code: str
    relpath: str
    rows: int
    extra: bool = False  # an additional damaged file written by the dirt layer (not in truth "counts")


@dataclass(frozen=True)
class WriteContext:
    """What a writer needs besides the simulation."""

    out_dir: Path
    profile: str
    seed: int
    dirt: Any = None  # a dirt.DirtInjector, or None for clean files


WriterFn = Callable[[Simulation, WriteContext], list[WrittenFile]]
WRITERS: dict[str, dict[str, WriterFn]] = {}
DEFAULT_SHAPES: dict[str, str] = {}


def register_writer(source: str, shape: str, default: bool = False,
                    dirt_aware: bool = False) -> Callable[[WriterFn], WriterFn]:
    """Register ``fn(sim, ctx)`` as the writer of ``source`` in ``shape``.

    Unless ``dirt_aware`` (the writer applies ``ctx.dirt`` itself, see :mod:`.shapes`), the
    registered function is wrapped so that the files it returns are damaged afterwards by
    ``ctx.dirt.damage_written`` (:mod:`.dirt`) when a dirt spec is active."""

    def decorate(fn: WriterFn) -> WriterFn:
        registered = fn if dirt_aware else _with_dirt(fn)
        WRITERS.setdefault(source, {})[shape] = registered
        if default or source not in DEFAULT_SHAPES:
            DEFAULT_SHAPES[source] = shape
        return fn

    return decorate


def _with_dirt(fn: WriterFn) -> WriterFn:
    @functools.wraps(fn)
    def write(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
        files = fn(sim, ctx)
        dirt = getattr(ctx, "dirt", None)
        return dirt.damage_written(files, sim, ctx) if dirt is not None and dirt.rates else files

    return write


# ---------------------------------------------------------------------------------------
# ESR staff in post / leavers
# ---------------------------------------------------------------------------------------

#: Columns of the ESR BI staff-in-post export (source-extracts.md §2.2 spelling).
ESR_COLUMNS: tuple[str, ...] = (
    "Employee Number", "Assignment Number", "Org L2", "Org L3", "Org L4", "Organisation", "Position Title",
    "Job Role", "Staff Group", "Occupation Code", "Area of Work", "Grade", "Spinal Point", "Assignment Category",
    "Assignment Status", "Primary Assignment", "Contracted Hours", "FTE", "Ethnic Origin", "Gender", "Age Band",
    "Hire Date", "Date Started in NHS", "Termination Date", "Annual Salary", "Hourly Rate", "Disability",
)
#: Leavers: the same columns plus Leaving Reason after Termination Date.
ESR_LEAVER_COLUMNS: tuple[str, ...] = (
    ESR_COLUMNS[: ESR_COLUMNS.index("Termination Date") + 1] + ("Leaving Reason",)
    + ESR_COLUMNS[ESR_COLUMNS.index("Termination Date") + 1:]
)


def esr_frame(sim: Simulation, rows: pl.DataFrame, leavers: bool = False) -> pl.DataFrame:
    """Map canonical assignment rows (``sim.assignments`` / ``sim.leavers``) to ESR BI columns.

    Shared by every ESR shape; alternative shapes post-process this frame.
    """
    org_l2 = f"{sim.org.vpd} {sim.org.name}"
    teams = sim.teams.select("team_id", "org_l4")
    dirs = sim.directorates.select("directorate_id", "org_l3", "area_of_work")
    frame = (
        rows.join(teams, on="team_id", how="left", maintain_order="left")
        .join(dirs, on="directorate_id", how="left", maintain_order="left")
    )
    termination = pl.col("termination_date") if leavers else pl.lit(None, dtype=pl.Date)
    exprs = [
        pl.col("employee_number").alias("Employee Number"),
        pl.col("assignment_number").alias("Assignment Number"),
        pl.lit(org_l2).alias("Org L2"),
        pl.col("org_l3").alias("Org L3"),
        pl.col("org_l4").alias("Org L4"),
        pl.col("org_l4").alias("Organisation"),
        pl.col("position_title").alias("Position Title"),
        pl.col("job_role").alias("Job Role"),
        pl.col("staff_group").alias("Staff Group"),
        pl.col("occupation_code").alias("Occupation Code"),
        pl.col("area_of_work").alias("Area of Work"),
        pl.col("grade_label").alias("Grade"),
        pl.col("spinal_point").alias("Spinal Point"),
        pl.col("assignment_category").alias("Assignment Category"),
        pl.col("assignment_status").alias("Assignment Status"),
        pl.when(pl.col("primary")).then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("Primary Assignment"),
        pl.col("contracted_hours").alias("Contracted Hours"),
        pl.col("fte").alias("FTE"),
        _blank_as_null("ethnic_origin").alias("Ethnic Origin"),
        pl.col("gender").alias("Gender"),
        pl.col("age_band").alias("Age Band"),
        pl.col("hire_date").alias("Hire Date"),
        pl.col("date_started_nhs").alias("Date Started in NHS"),
        termination.alias("Termination Date"),
        pl.col("annual_salary").alias("Annual Salary"),
        pl.col("hourly_rate").alias("Hourly Rate"),
        pl.col("disability").alias("Disability"),
    ]
    if leavers:
        exprs.append(_blank_as_null("leaving_reason").alias("Leaving Reason"))
    return frame.select(exprs).select(ESR_LEAVER_COLUMNS if leavers else ESR_COLUMNS)


def _blank_as_null(name: str) -> pl.Expr:
    """Blank values are written as empty fields (not ``""``), as a BI export would."""
    return pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name))


def _ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def write_esr_bi_csv(path: Path, preamble: list[str], frame: pl.DataFrame) -> int:
    """Write preamble lines, a blank line, the CSV (header + rows) and a ``Grand Total`` trailer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(("\n".join(preamble) + "\n\n").encode("utf-8"))
        frame.write_csv(fh, date_format="%d/%m/%Y", float_precision=2)
        fh.write(f"Grand Total,{frame.height}\n".encode())
    return frame.height


def staff_in_post_file_name(org_code: str, snapshot: dt.date) -> str:
    return f"ESR_Staff_In_Post_{org_code}_{snapshot:%Y%m%d}.csv"


def leavers_file_name(org_code: str, report_year: int) -> str:
    return f"ESR_Leavers_{org_code}_{report_year - 1}-{report_year % 100:02d}.csv"


# The ESR staff-in-post and leavers writers (every shape, with dirt injection) are registered
# in :mod:`.shapes`, which builds on :func:`esr_frame` and the file-name helpers above.
