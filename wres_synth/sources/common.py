"""Helpers shared by the non-ESR source generators.

* :func:`source_rng`: one independent, seeded random stream per (organisation, source, part);
* :func:`cached`: tables built once per :class:`Simulation` and shared by a source's writer
  and its truth builder (stored on the simulation object, freed with it);
* :func:`presence`: who is in post when -- one row per person per reporting quarter with
  the interval ``[lo, hi]`` of dates on which they were employed in that quarter;
* ethnicity wordings: ESR label -> 2021-census form wording (Trac forms, survey);
* :func:`write_report_csv`: preamble + CSV (+ optional ``Grand Total`` trailer);
* :func:`rl_fields`: the §0.3 relative-likelihood edge-case rules for truth rows.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .. import reference as ref
from ..simulation import Simulation, financial_year_end
from ..truth import COUNTED_CATEGORIES, COUNTED_STATUSES, counted_people

ONE_DAY = dt.timedelta(days=1)


def source_rng(sim: Simulation, name: str) -> np.random.Generator:
    """A random stream for one part of one source of one organisation (independent of the others)."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(sim.seed, spawn_key=(sim.org.number, 7_000, key)))


def cached(sim: Simulation, key: str, build: Callable[[Simulation], Any]) -> Any:
    """``build(sim)`` computed once per simulation (writers and truth builders share it)."""
    store = sim.__dict__.setdefault("_source_tables", {})
    if key not in store:
        store[key] = build(sim)
    return store[key]


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------


def days(col: pl.Series) -> np.ndarray:
    """A date column as integer days since 1970 (nulls -> -1)."""
    return col.cast(pl.Int32).fill_null(-1).to_numpy().astype("int64")


def dates(values: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(np.asarray(values, dtype="int32")).cast(pl.Date)
    if null is not None and null.any():
        s = pl.select(pl.when(pl.Series(null)).then(None).otherwise(s)).to_series()
    return s


def to_day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def report_year_of(values: np.ndarray) -> np.ndarray:
    """Report year (year of the closing 31 March) of integer-day dates."""
    return financial_year_end(values)


def fy_label(report_year: int) -> str:
    """``2025`` -> ``2024-25``."""
    return f"{report_year - 1}-{report_year % 100:02d}"


def ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def org_l2(sim: Simulation) -> str:
    return f"{sim.org.vpd} {sim.org.name}"


def uniform_days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform integer day in ``[lo, hi]`` for each pair (requires lo <= hi)."""
    return lo + np.floor(rng.random(lo.size) * (hi - lo + 1)).astype("int64")


# ---------------------------------------------------------------------------------------
# Who is in post when
# ---------------------------------------------------------------------------------------

PRESENCE_COLUMNS: tuple[str, ...] = (
    "quarter", "quarter_end", "lo", "hi", "person_id", "employee_number", "assignment_number", "wres_group",
    "ethnic_origin", "gender", "date_of_birth", "disability", "hire_date", "team_id", "directorate_id",
    "directorate", "profession", "staff_group", "grade", "job_role", "occupation_code", "bank_only", "leaves",
)


def quarters(sim: Simulation) -> pl.DataFrame:
    """The reporting quarters: index, first day, quarter end (a snapshot date), report year."""
    ends = list(sim.snapshot_dates)
    starts = [sim.window_start] + [d + ONE_DAY for d in ends[:-1]]
    return pl.DataFrame({
        "quarter": np.arange(len(ends), dtype="int64"),
        "quarter_start": pl.Series(starts, dtype=pl.Date),
        "quarter_end": pl.Series(ends, dtype=pl.Date),
        "report_year": [d.year + (1 if d.month > 3 else 0) for d in ends],
    })


def presence(sim: Simulation, include_bank: bool = False) -> pl.DataFrame:
    """One row per person per reporting quarter in which they were employed.

    ``lo``/``hi`` bound the dates of that quarter on which the person was in post: hired on
    or before ``lo``; for leavers ``hi`` is the day before the termination date (``leaves``
    is true).  By default only the §8 workforce (counted categories and statuses, so no
    bank-only workers); ``include_bank`` adds everyone on their primary assignment.
    The assignment columns are those of the §8 chosen assignment (primary by default).
    People who leave during the first quarter of the window are left out: they appear in
    no staff-in-post file (their earlier snapshots are before the window), so an event of
    theirs could only be matched to ESR through the leavers file.
    """
    def build(s: Simulation) -> pl.DataFrame:
        q = quarters(s)
        rows = s.assignments.filter(pl.col("primary")) if include_bank else counted_people(s.assignments)
        stayers = rows.join(q.select("quarter", "quarter_start", pl.col("quarter_end").alias("snapshot_date")),
                            on="snapshot_date", how="inner", maintain_order="left").with_columns(
            quarter_end=pl.col("snapshot_date"),
            lo=pl.max_horizontal("quarter_start", "hire_date"),
            hi=pl.col("snapshot_date"),
            leaves=pl.lit(False),
        )
        lv = s.leavers.filter(pl.col("primary"))
        if not include_bank:
            lv = lv.filter(pl.col("assignment_category").is_in(COUNTED_CATEGORIES)
                           & pl.col("assignment_status").is_in(COUNTED_STATUSES))
        q_end = days(q["quarter_end"])
        term = days(lv["termination_date"])
        qi = np.searchsorted(q_end, term, side="left")
        lv = lv.with_columns(quarter=pl.Series(qi, dtype=pl.Int64)).join(
            q.select("quarter", "quarter_start", "quarter_end"), on="quarter", how="inner", maintain_order="left"
        ).with_columns(
            lo=pl.max_horizontal("quarter_start", "hire_date"),
            hi=pl.col("termination_date") - pl.duration(days=1),
            leaves=pl.lit(True),
        ).filter(pl.col("quarter") > 0)  # first-quarter leavers are in no staff-in-post file of the window
        out = pl.concat([stayers.select(PRESENCE_COLUMNS), lv.select(PRESENCE_COLUMNS)], how="vertical")
        return out.filter(pl.col("lo") <= pl.col("hi")).sort("quarter", "employee_number", maintain_order=True)

    return cached(sim, f"presence:{include_bank}", build)


def workforce_31_march(sim: Simulation) -> pl.DataFrame:
    """§8 headcount rows (one per counted person) at each 31 March snapshot, with ``report_year``."""
    def build(s: Simulation) -> pl.DataFrame:
        march = [d for d in s.snapshot_dates if d.month == 3 and d.day == 31]
        people = counted_people(s.assignments.filter(pl.col("snapshot_date").is_in(march)))
        return people.with_columns(report_year=pl.col("snapshot_date").dt.year().cast(pl.Int64))

    return cached(sim, "workforce_31_march", build)


def headcounts(sim: Simulation) -> dict[int, dict[str, int]]:
    """{report_year: {white, bme, unknown}} of the §8 workforce at 31 March."""
    people = workforce_31_march(sim)
    out: dict[int, dict[str, int]] = {}
    for year in sorted({d.year for d in sim.snapshot_dates if d.month == 3 and d.day == 31}):
        part = people.filter(pl.col("report_year") == year)["wres_group"]
        out[year] = {g: int((part == g).sum()) for g in ref.WRES_GROUPS}
    return out


def draw_from_pool(pool_keys: np.ndarray, want_keys: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each wanted key, a uniformly drawn index into ``pool_keys`` with that key (-1 if none).

    ``pool_keys`` must be sorted ascending.
    """
    left = np.searchsorted(pool_keys, want_keys, side="left")
    right = np.searchsorted(pool_keys, want_keys, side="right")
    size = right - left
    idx = left + np.floor(u * np.maximum(size, 1)).astype("int64")
    return np.where(size > 0, idx, -1)


# ---------------------------------------------------------------------------------------
# Ethnicity: ESR labels -> 2021-census wording (Trac forms, staff survey)
# ---------------------------------------------------------------------------------------

CENSUS_UNKNOWN = "I do not wish to disclose"

#: 2021-census wording (source-extracts.md §4.3, wres-indicators.md §10.2) with WRES group.
CENSUS_LABELS: tuple[tuple[str, int], ...] = (
    ("White: English / Welsh / Scottish / Northern Irish / British", ref.WHITE),
    ("White: Irish", ref.WHITE),
    ("White: Gypsy or Irish Traveller", ref.WHITE),
    ("White: Roma", ref.WHITE),
    ("White: Any other White background", ref.WHITE),
    ("Mixed: White and Black Caribbean", ref.BME),
    ("Mixed: White and Black African", ref.BME),
    ("Mixed: White and Asian", ref.BME),
    ("Mixed: Any other Mixed / Multiple ethnic background", ref.BME),
    ("Asian: Indian", ref.BME),
    ("Asian: Pakistani", ref.BME),
    ("Asian: Bangladeshi", ref.BME),
    ("Asian: Chinese", ref.BME),
    ("Asian: Any other Asian background", ref.BME),
    ("Black: African", ref.BME),
    ("Black: Caribbean", ref.BME),
    ("Black: Any other Black / African / Caribbean background", ref.BME),
    ("Other: Arab", ref.BME),
    ("Other: Any other ethnic background", ref.BME),
)

#: Weights of each census label within its WRES group for applicants not in ESR.
CENSUS_WEIGHTS: dict[str, float] = {
    "White: English / Welsh / Scottish / Northern Irish / British": 0.80, "White: Irish": 0.03,
    "White: Gypsy or Irish Traveller": 0.005, "White: Roma": 0.005, "White: Any other White background": 0.16,
    "Mixed: White and Black Caribbean": 0.02, "Mixed: White and Black African": 0.02,
    "Mixed: White and Asian": 0.02, "Mixed: Any other Mixed / Multiple ethnic background": 0.02,
    "Asian: Indian": 0.22, "Asian: Pakistani": 0.07, "Asian: Bangladeshi": 0.03, "Asian: Chinese": 0.02,
    "Asian: Any other Asian background": 0.16, "Black: African": 0.26, "Black: Caribbean": 0.05,
    "Black: Any other Black / African / Caribbean background": 0.02, "Other: Arab": 0.02,
    "Other: Any other ethnic background": 0.04,
}

#: ESR first letter (or full two-character code) -> census wording.
_ESR_TO_CENSUS: dict[str, str] = {
    "A": "White: English / Welsh / Scottish / Northern Irish / British",
    "B": "White: Irish",
    "C": "White: Any other White background",
    "C2": "White: English / Welsh / Scottish / Northern Irish / British",
    "D": "Mixed: White and Black Caribbean",
    "E": "Mixed: White and Black African",
    "F": "Mixed: White and Asian",
    "G": "Mixed: Any other Mixed / Multiple ethnic background",
    "H": "Asian: Indian",
    "J": "Asian: Pakistani",
    "K": "Asian: Bangladeshi",
    "L": "Asian: Any other Asian background",
    "M": "Black: Caribbean",
    "N": "Black: African",
    "P": "Black: Any other Black / African / Caribbean background",
    "R": "Asian: Chinese",
    "S": "Other: Any other ethnic background",
    "SC": "Asian: Any other Asian background",
}


def census_label_of_esr(esr_label: str) -> str:
    """The application-form wording of an ESR ethnic origin (unknowns -> ``I do not wish to disclose``)."""
    code = esr_label.split(" ")[0] if esr_label else ""
    if code in ("", "Z") or len(code) > 2:  # blank, Z Not Stated, Unspecified, Not Stated
        return CENSUS_UNKNOWN
    return _ESR_TO_CENSUS.get(code, _ESR_TO_CENSUS.get(code[0], CENSUS_UNKNOWN))


ESR_TO_CENSUS: dict[str, str] = {label: census_label_of_esr(label) for label, _, _ in ref.ETHNIC_ORIGINS}
#: Filipino is its own survey answer from 2025 (NSS 2025 questionnaire, q28 code 13).
ESR_FILIPINO = "SC Filipino"


def census_cumulative() -> tuple[list[str], np.ndarray]:
    """Census labels and a (group x label) cumulative matrix for drawing a label within a WRES group."""
    labels = [lab for lab, _ in CENSUS_LABELS]
    w = np.zeros((2, len(labels)))
    for i, (lab, group) in enumerate(CENSUS_LABELS):
        w[group, i] = CENSUS_WEIGHTS[lab]
    w = w / w.sum(axis=1, keepdims=True)
    cum = np.cumsum(w, axis=1)
    cum[:, -1] = 1.0
    return labels, cum


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def write_report_csv(path: Path, preamble: list[str] | None, frame: pl.DataFrame, trailer: bool = False) -> int:
    """Write optional preamble lines and a blank line, the CSV (header + rows), optional ``Grand Total``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        if preamble:
            fh.write(("\n".join(preamble) + "\n\n").encode("utf-8"))
        frame.write_csv(fh, date_format="%d/%m/%Y", float_precision=2)
        if trailer:
            fh.write(f"Grand Total,{frame.height}\n".encode())
    return frame.height


def yes_no(expr: pl.Expr) -> pl.Expr:
    """Boolean -> ``Yes`` / ``No`` (null stays blank)."""
    return pl.when(expr).then(pl.lit("Yes")).when(expr.not_()).then(pl.lit("No")).otherwise(pl.lit(None))


# ---------------------------------------------------------------------------------------
# Truth helpers
# ---------------------------------------------------------------------------------------


def rl_fields(white_events: int, white_population: int, bme_events: int, bme_population: int,
              focus: str) -> dict:
    """Rates, relative likelihood and status per wres-indicators.md §0.3 (``focus`` = white or bme)."""
    w_rate = white_events / white_population if white_population else None
    b_rate = bme_events / bme_population if bme_population else None
    out = {"white_rate": w_rate, "bme_rate": b_rate, "relative_likelihood": None, "status": "OK"}
    if not white_population or not bme_population:
        out["status"] = "NO_POPULATION"
        return out
    f_rate, r_rate = (w_rate, b_rate) if focus == "white" else (b_rate, w_rate)
    if white_events == 0 and bme_events == 0:
        out["status"] = "NO_EVENTS"
    elif r_rate == 0:
        out["status"] = "REFERENCE_ZERO"
    elif f_rate == 0:
        out["relative_likelihood"], out["status"] = 0.0, "FOCUS_ZERO"
    else:
        out["relative_likelihood"] = f_rate / r_rate
    return out

