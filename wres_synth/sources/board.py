"""Board register (source-extracts.md §7) and the indicator 9 truth.

One register per 31 March snapshot of the reporting window:

* **executive directors** are exactly the VSM employees in the ESR snapshot (§8 counted
  primary assignment on grade ``vsm``): same ``Employee Number``, same ``Ethnic Origin``
  label as ESR.  Board titles follow their ESR job role (``Chief Executive``,
  ``Finance Director`` -> ``Director of Finance``, ``Director of Nursing`` ->
  ``Chief Nurse``, others -> ``Chief Operating Officer``, ``Director of People``, …);
  the chief executive, finance, nursing and operations directors vote, the others do not.
  The appointment start date is the VSM promotion or hire date when it falls inside the
  window, else an earlier date on or after the hire date;
* the **chair** and **non-executive directors** (voting) and **associate non-executive
  directors** (non-voting) are not in ESR: seats filled by successive three-year terms,
  ethnicity drawn with ``TruthParams.ned_bme_share`` (times the organisation's BME
  multiplier) and ``ned_unknown_share``, recorded either as an ESR-style coded label or
  in census wording.  ``Appointment End Date`` is the planned end of their term.

Files: ``board_register/Board_Register_<ORG>_<YYYYMMDD>.csv``, preamble
``As at: 31/03/YYYY``; ``Member ID`` is pseudonymous (never an ESR number).

Truth ``indicator_9``: White / BME / Unknown member counts per register for the subsets
``board:all``, ``board:voting``, ``board:executive``, ``board:non_executive``,
``board:non_voting`` (wres-indicators.md §9, §13.1).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .. import reference as ref
from ..simulation import Simulation
from ..truth import COUNTED_CATEGORIES, COUNTED_STATUSES, register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from .common import (
    cached,
    census_cumulative,
    days,
    ddmmyyyy,
    org_l2,
    source_rng,
    to_day,
    write_report_csv,
)

SOURCE = "board_register"
SHAPE = "register_csv"

COLUMNS: tuple[str, ...] = (
    "Member ID", "Role Title", "Executive", "Voting", "Employee Number", "Ethnic Origin", "Gender",
    "Appointment Start Date", "Appointment End Date",
)
#: Executive titles in slot order, with their voting status.
EXECUTIVE_TITLES: tuple[tuple[str, bool], ...] = (
    ("Chief Executive", True), ("Director of Finance", True), ("Chief Nurse", True),
    ("Chief Operating Officer", True), ("Director of People", False), ("Director of Strategy and Partnerships", False),
    ("Director of Digital Transformation", False), ("Director of Corporate Affairs", False),
    ("Director of Estates and Facilities", False), ("Deputy Chief Executive", False),
)
_PREFERRED_SLOT = {"Chief Executive": 0, "Finance Director": 1, "Director of Nursing": 2}
SUBSETS: tuple[str, ...] = ("board:all", "board:voting", "board:executive", "board:non_executive", "board:non_voting")
NED_UNKNOWN_LABELS: tuple[str, ...] = ("Prefer not to say", "Not Stated", "")
NED_TERM_DAYS = 3 * 365


def march_snapshots(sim: Simulation) -> list[dt.date]:
    return [d for d in sim.snapshot_dates if d.month == 3 and d.day == 31]


def _member_id(org_code: str, number: int) -> str:
    return f"{org_code}-BM{number:07d}"


def _executives(sim: Simulation, snapshot: dt.date) -> pl.DataFrame:
    rows = sim.assignments.filter(
        (pl.col("snapshot_date") == snapshot) & pl.col("primary") & (pl.col("grade") == "vsm")
        & pl.col("assignment_category").is_in(COUNTED_CATEGORIES) & pl.col("assignment_status").is_in(COUNTED_STATUSES)
    ).sort("hire_date", "employee_number")
    slots: list[int] = []
    taken: set[int] = set()
    for role in rows["job_role"]:
        pref = _PREFERRED_SLOT.get(role, 3)
        slot = pref if pref not in taken else next(i for i in range(3, len(EXECUTIVE_TITLES) + 50) if i not in taken)
        taken.add(slot)
        slots.append(slot)
    if rows.height and 0 not in taken:  # every board has a chief executive
        slots[int(np.argmax([s >= 3 for s in slots]) if any(s >= 3 for s in slots) else 0)] = 0
    title = [EXECUTIVE_TITLES[s][0] if s < len(EXECUTIVE_TITLES) else "Executive Director" for s in slots]
    voting = [EXECUTIVE_TITLES[s][1] if s < len(EXECUTIVE_TITLES) else False for s in slots]
    return rows.select("person_id", "employee_number", "ethnic_origin", "wres_group", "gender", "hire_date").with_columns(
        role_title=pl.Series(title, dtype=pl.String), voting=pl.Series(voting, dtype=pl.Boolean),
        executive=pl.lit(True), slot=pl.Series(slots, dtype=pl.Int64))


def _executive_start(sim: Simulation, execs: pl.DataFrame) -> pl.DataFrame:
    """Appointment start: VSM promotion or hire in the window, else a stable earlier date after the hire."""
    promoted = sim.promotions.filter(pl.col("to_grade") == "vsm").group_by("person_id").agg(
        pl.col("date").max().alias("vsm_from")).sort("person_id")
    hired = sim.hires.filter(pl.col("grade") == "vsm").select("person_id", pl.col("hire_date").alias("vsm_hire"))
    e = execs.join(promoted, on="person_id", how="left", maintain_order="left").join(
        hired, on="person_id", how="left", maintain_order="left")
    ws = to_day(sim.window_start)
    hire = days(e["hire_date"])
    lo = np.maximum(hire, ws - 6 * 365)
    hi = np.maximum(ws - 30, lo)
    frac = ((e["person_id"].to_numpy() * 2_654_435_761) % 1_000) / 1_000.0
    earlier = lo + np.floor(frac * (hi - lo)).astype("int64")
    known = days(e["vsm_from"])
    known = np.where(known >= 0, known, days(e["vsm_hire"]))
    start = np.where(known >= 0, known, earlier)
    return e.with_columns(start=pl.Series(start, dtype=pl.Int64), end=pl.lit(-1, dtype=pl.Int64)).drop(
        "vsm_from", "vsm_hire")


def _non_executives(sim: Simulation) -> pl.DataFrame:
    """Seats of the chair, NEDs and associate NEDs, each filled by successive terms over the window."""
    rng = source_rng(sim, "board")
    n_neds = 5 if sim.org.size < 2000 else int(rng.integers(6, 8))
    n_assoc = int(rng.integers(1, 3))
    seats = [("Chair", True)] + [("Non-Executive Director", True)] * n_neds + \
        [("Associate Non-Executive Director", False)] * n_assoc
    ws, we = to_day(sim.window_start), to_day(sim.window_end)
    p = sim.params
    p_bme = min(0.9, p.ned_bme_share * sim.org.bme_multiplier)
    white_labels = [e for e in ref.ETHNIC_ORIGINS if e[1] == ref.WHITE]
    bme_labels = [e for e in ref.ETHNIC_ORIGINS if e[1] == ref.BME]
    census_labels, census_cum = census_cumulative()
    rows = []
    number = 9_000_000
    for s, (title, voting) in enumerate(seats):
        start = ws - int(rng.integers(0, NED_TERM_DAYS))
        while start <= we:
            term = NED_TERM_DAYS if rng.random() < 0.7 else 2 * NED_TERM_DAYS  # a renewed second term
            u = rng.random()
            group = ref.UNKNOWN if u < p.ned_unknown_share else (ref.BME if rng.random() < p_bme else ref.WHITE)
            if group == ref.UNKNOWN:
                label = NED_UNKNOWN_LABELS[int(rng.integers(0, len(NED_UNKNOWN_LABELS)))]
            elif rng.random() < 0.5:
                pool = white_labels if group == ref.WHITE else bme_labels
                w = np.array([e[2] for e in pool])
                label = pool[int(np.searchsorted(np.cumsum(w / w.sum()), rng.random()))][0]
            else:
                label = census_labels[int(np.searchsorted(census_cum[group], rng.random(), side="right"))]
            number += 1
            rows.append({
                "member_id": _member_id(sim.org.code, number), "role_title": title, "executive": False,
                "voting": voting, "employee_number": None, "ethnic_origin": label,
                "wres_group": ref.WRES_GROUPS[group], "gender": "Female" if rng.random() < 0.45 else "Male",
                "start": start, "end": start + term - 1, "slot": 100 + s,
            })
            start += term
    return pl.DataFrame(rows, schema={"member_id": pl.String, "role_title": pl.String, "executive": pl.Boolean,
                                      "voting": pl.Boolean, "employee_number": pl.String, "ethnic_origin": pl.String,
                                      "wres_group": pl.String, "gender": pl.String, "start": pl.Int64,
                                      "end": pl.Int64, "slot": pl.Int64})


def build_board(sim: Simulation) -> pl.DataFrame:
    """Board members in post at each 31 March snapshot (``snapshot_date``), canonical columns."""
    neds = _non_executives(sim)
    parts = []
    for snap in march_snapshots(sim):
        day = to_day(snap)
        execs = _executive_start(sim, _executives(sim, snap)).with_columns(
            member_id=pl.lit(sim.org.code + "-BM") + ((pl.col("person_id") * 7_919 + 104_729) % 3_000_000
                                                      + 1_000_000).cast(pl.String).str.zfill(7))
        current = neds.filter((pl.col("start") <= day) & (pl.col("end") >= day))
        cols = ["member_id", "role_title", "executive", "voting", "employee_number", "ethnic_origin", "wres_group",
                "gender", "start", "end", "slot"]
        both = pl.concat([execs.select(cols), current.select(cols)], how="vertical_relaxed")
        parts.append(both.with_columns(snapshot_date=pl.lit(snap), report_year=pl.lit(snap.year, dtype=pl.Int64)))
    board = pl.concat(parts)
    # chair first, then executives by slot, then non-executives
    order = pl.when(pl.col("role_title") == "Chair").then(0).when(pl.col("executive")).then(1).otherwise(2)
    return board.with_columns(order=order).sort("report_year", "order", "slot", "member_id").drop("order")


def board(sim: Simulation) -> pl.DataFrame:
    return cached(sim, "board", build_board)


def board_frame(sim: Simulation, snapshot: dt.date) -> pl.DataFrame:
    def day(name: str) -> pl.Expr:
        return pl.when(pl.col(name) >= 0).then(pl.col(name).cast(pl.Int32).cast(pl.Date)).otherwise(None)

    return board(sim).filter(pl.col("snapshot_date") == snapshot).select(
        pl.col("member_id").alias("Member ID"),
        pl.col("role_title").alias("Role Title"),
        pl.when(pl.col("executive")).then(pl.lit("Executive")).otherwise(pl.lit("Non-Executive")).alias("Executive"),
        pl.when(pl.col("voting")).then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("Voting"),
        pl.col("employee_number").alias("Employee Number"),
        pl.when(pl.col("ethnic_origin") == "").then(None).otherwise(pl.col("ethnic_origin")).alias("Ethnic Origin"),
        pl.col("gender").alias("Gender"),
        day("start").alias("Appointment Start Date"),
        day("end").alias("Appointment End Date"),
    )


def file_name(org_code: str, snapshot: dt.date) -> str:
    return f"Board_Register_{org_code}_{snapshot:%Y%m%d}.csv"


@register_writer(SOURCE, SHAPE, default=True)
def write_board(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One board register per 31 March snapshot."""
    out = []
    for snap in march_snapshots(sim):
        name = file_name(sim.org.code, snap)
        preamble = ["Board of Directors - Register of Members", f"Organisation: {org_l2(sim)}",
                    f"As at: {ddmmyyyy(snap)}"]
        n = write_report_csv(ctx.out_dir / SOURCE / name, preamble, board_frame(sim, snap))
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
    return out


@register_truth("indicator_9")
def indicator_9(sim: Simulation) -> list[dict]:
    b = board(sim)
    subsets = {
        "board:all": pl.lit(True),
        "board:voting": pl.col("voting"),
        "board:executive": pl.col("executive"),
        "board:non_executive": ~pl.col("executive"),
        "board:non_voting": ~pl.col("voting"),
    }
    out = []
    for snap in march_snapshots(sim):
        part = b.filter(pl.col("snapshot_date") == snap)
        for subgroup in SUBSETS:
            sub = part.filter(subsets[subgroup])
            counts = {g: int((sub["wres_group"] == g).sum()) for g in ("white", "bme", "unknown")}
            out.append({"org_code": sim.org.code, "report_year": snap.year, "subgroup": subgroup, **counts,
                        "total": sub.height})
    return out
