"""Trac recruitment applications (source-extracts.md §3) and the indicator 2 truth.

Every appointment in the file is an event of the simulation:

* each **external hire** (``sim.hires``, bank-only workers included) is an appointed
  application (offer accepted, ``Start Date`` = ESR hire date) on an ``External`` vacancy;
* each **promotion with route ``vacancy``** (``sim.promotions``) is an appointed internal
  application (``Internal Applicant`` = Yes, ``Employee Number`` = the ESR number,
  ``Start Date`` = promotion date) on an ``Internal`` vacancy.

Appointments of the same directorate, profession, grade and quarter are grouped into
vacancies (1-4 posts for high-volume bands, one post otherwise).  Each vacancy gets
shortlisted applicants who were not appointed (rejected after interview, withdrawn,
offer declined, offer withdrawn after checks) and applicants who were not shortlisted.
Other internal applicants are ESR people in post (same profession, the grade below) at
the application date; external applicants come from a pseudonymous pool, so the same
Applicant ID can appear on several vacancies (always with the same ethnicity).

Planted disparity: the ethnicity mix of the shortlisted-but-not-appointed is chosen per
grade so that a White shortlisted application is ``TruthParams.white_appointment_rr``
(default 1.5) times as likely to be appointed as a BME one.  The appointees' ethnicity is
fixed by ESR (census wording of the ESR value).

Dates: application <= closing date < shortlisting <= interview <= offer <= start.  The
shortlisting date falls inside the reporting window (stages are compressed for the
earliest hires); a vacancy's applications go to the file of the financial year of its
shortlisting date, so an appointment may start after that year ends (§2 edge case).

Files: ``trac_applications/Trac_Applications_<ORG>_<YYYY-YY>.csv``, preamble with
``Period: 01/04/YYYY - 31/03/YYYY``, ``Grand Total`` trailer.  Column names are the
§3.1 export headers plus ``Employee Number`` (internal applicants only).

Truth ``indicator_2``: per report year, shortlisted and appointed **applications** by
WRES group (Unknown = ``I do not wish to disclose`` or blank).  Declined and withdrawn
offers are shortlisted, not appointed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .. import reference as ref
from ..simulation import Simulation
from ..truth import register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from .common import (
    CENSUS_LABELS,
    CENSUS_UNKNOWN,
    ESR_TO_CENSUS,
    cached,
    census_cumulative,
    days,
    ddmmyyyy,
    draw_from_pool,
    fy_label,
    org_l2,
    presence,
    quarters,
    report_year_of,
    rl_fields,
    source_rng,
    to_day,
    write_report_csv,
    yes_no,
)

SOURCE = "trac_applications"
SHAPE = "trac_csv"

COLUMNS: tuple[str, ...] = (
    "Vacancy Reference", "Job Title", "Band", "Staff Group", "Directorate", "Recruitment Route", "Applicant ID",
    "Application ID", "Application Date", "Internal Applicant", "Employee Number", "Ethnic Origin", "Gender",
    "Disability", "Age Band", "Stage Reached", "Shortlisted", "Shortlisted Date", "Interview Date", "Offer Date",
    "Offer Accepted", "Appointed", "Start Date", "Withdrawn", "Withdrawn Stage", "Withdrawn Date",
)

#: Stages of shortlisted applications that were not appointed, with their shares.
NOT_APPOINTED_STAGES: tuple[tuple[str, float], ...] = (
    ("REJECTED_AFTER_INTERVIEW", 0.72), ("WITHDRAWN", 0.12), ("OFFER_DECLINED", 0.10), ("OFFER_WITHDRAWN", 0.06),
)
SHORTLISTED_STAGES: tuple[str, ...] = ("APPOINTED",) + tuple(s for s, _ in NOT_APPOINTED_STAGES)
APPLICANT_AGE_BANDS: tuple[tuple[int, str], ...] = (
    (24, "16-24"), (34, "25-34"), (44, "35-44"), (54, "45-54"), (64, "55-64"), (200, "65+"),
)
#: Applicants not shortlisted per post (external, internal vacancies), before the profile volume factor.
NOT_SHORTLISTED_PER_POST = {"External": (2, 10), "Internal": (0, 2)}
#: Row volume factor for applicants who were not shortlisted (they do not change indicator 2).
PROFILE_VOLUME = {"national": 0.35}
UNKNOWN_APPLICANT_SHARE = 0.04
EXTERNAL_VACANCY_INTERNAL_SHARE = 0.10
AFC_HIGH_VOLUME = ("band_1", "band_2", "band_3", "band_4", "band_5")

_G = {g: i for i, g in enumerate(ref.WRES_GROUPS)}


def band_label(grade: str) -> str:
    g = ref.GRADES[ref.GRADE_INDEX[grade]]
    if g.kind == "vsm":
        return "VSM"
    return g.display


def grade_below(profession: str, grade: str) -> str:
    levels = ref.PROFESSIONS[ref.PROFESSION_INDEX[profession]].levels
    i = levels.index(grade) if grade in levels else 0
    return levels[max(i - 1, 0)]


def applicant_id_of_person(person_id: pl.Expr) -> pl.Expr:
    """Pseudonymous, stable applicant ID of an ESR person (a bijection of the person id, not the ESR number)."""
    return pl.lit("C") + ((person_id * 7_919 + 104_729) % 3_000_000 + 1_000_000).cast(pl.String)


# ---------------------------------------------------------------------------------------
# Appointments and vacancies
# ---------------------------------------------------------------------------------------


def _assignment_at_or_after(sim: Simulation, events: pl.DataFrame) -> pl.DataFrame:
    """Attach the person's primary assignment as first captured on or after the event ``date``."""
    rows = pl.concat([
        sim.assignments.filter(pl.col("primary")).select(
            "person_id", pl.col("snapshot_date").alias("at"), "profession", "staff_group", "job_role"),
        sim.leavers.filter(pl.col("primary")).select(
            "person_id", pl.col("termination_date").alias("at"), "profession", "staff_group", "job_role"),
    ]).sort("at", "person_id")
    return events.sort("date", "person_id").join_asof(rows, left_on="date", right_on="at", by="person_id",
                                                      strategy="forward", check_sortedness=False)


def _appointments(sim: Simulation) -> pl.DataFrame:
    hires = sim.hires.select(
        "person_id", pl.col("hire_date").alias("date"), "grade", "team_id", "bank_only",
        pl.lit(False).alias("internal"), pl.lit(None, dtype=pl.String).alias("from_grade"))
    promos = sim.promotions.filter(pl.col("route") == "vacancy").select(
        "person_id", "date", pl.col("to_grade").alias("grade"), "team_id", pl.lit(False).alias("bank_only"),
        pl.lit(True).alias("internal"), "from_grade")
    events = _assignment_at_or_after(sim, pl.concat([hires, promos]))
    persons = sim.persons.select("person_id", "employee_number", "ethnic_origin", "wres_group", "gender",
                                 "date_of_birth", "disability")
    teams = sim.teams.select("team_id", "directorate_id", "directorate")
    return (
        events.join(persons, on="person_id", how="left", maintain_order="left")
        .join(teams, on="team_id", how="left", maintain_order="left")
        .with_columns(pl.col("job_role").fill_null("Staff"))
        .sort("date", "internal", "employee_number", maintain_order=True)
    )


def _vacancies(sim: Simulation, appts: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Timeline per appointment, then group appointments into vacancies (adds vacancy columns)."""
    n = appts.height
    start = days(appts["date"])
    c1 = rng.integers(21, 85, n)
    c2 = c1 + rng.integers(0, 11, n)
    c3 = c2 + rng.integers(5, 22, n)
    ws = to_day(sim.window_start)
    f = np.minimum(1.0, np.maximum(start - ws, 0) / c3)
    offer = start - np.floor(c1 * f).astype("int64")
    interview = start - np.floor(c2 * f).astype("int64")
    short = start - np.floor(c3 * f).astype("int64")
    q_end = days(quarters(sim)["quarter_end"])
    quarter = np.searchsorted(q_end, short, side="left")
    a = appts.with_columns(
        offer_day=pl.Series(offer), interview_day=pl.Series(interview), short_day=pl.Series(short),
        start_day=pl.Series(start), quarter=pl.Series(quarter, dtype=pl.Int64),
    )
    key = pl.concat_str([pl.col("internal").cast(pl.String), pl.col("bank_only").cast(pl.String),
                         pl.col("directorate_id").cast(pl.String), "profession", "grade",
                         pl.col("quarter").cast(pl.String)], separator="|")
    a = a.with_columns(group_key=key).sort("group_key", "short_day", "employee_number", maintain_order=True)
    a = a.with_columns(group=pl.col("group_key").rank("dense").cast(pl.Int64) - 1)
    groups = a["group"].to_numpy()
    n_groups = int(groups.max()) + 1 if n else 0
    first = a.unique("group", keep="first", maintain_order=True)
    high = (first["grade"].is_in(AFC_HIGH_VOLUME) & ~first["internal"]).to_numpy()
    size = np.where(first["bank_only"].to_numpy(), rng.integers(1, 7, n_groups),
                    np.where(high, rng.integers(1, 5, n_groups), 1))
    pos = a.select(pl.int_range(pl.len()).over("group")).to_series().to_numpy()
    a = a.with_columns(vac_local=pl.Series(pos // size[groups]))
    vac = (
        a.group_by("group", "vac_local")
        .agg(pl.col("short_day").min().alias("vac_short"), pl.col("interview_day").min().alias("vac_interview"),
             pl.len().alias("n_posts"), pl.col("employee_number").first().alias("first_emp"))
        .sort("vac_short", "first_emp", "group", "vac_local")
        .with_columns(vacancy_id=pl.int_range(pl.len(), dtype=pl.Int64))
    )
    a = a.join(vac.select("group", "vac_local", "vacancy_id", "vac_short", "vac_interview", "n_posts"),
               on=["group", "vac_local"], how="left", maintain_order="left")
    return a


# ---------------------------------------------------------------------------------------
# Core table: every shortlisted application (appointed or not)
# ---------------------------------------------------------------------------------------


def _pool_key(quarter: np.ndarray, prof: np.ndarray, grade: np.ndarray, group: np.ndarray) -> np.ndarray:
    return ((quarter * len(ref.PROFESSIONS) + prof) * len(ref.GRADES) + grade) * 3 + group


class _Pools:
    """ESR people in post by (quarter, profession, grade, WRES group), for internal applicants."""

    def __init__(self, sim: Simulation):
        p = presence(sim)
        self.frame = p.with_columns(
            key=pl.Series(_pool_key(p["quarter"].to_numpy(),
                                    p["profession"].replace_strict(ref.PROFESSION_INDEX, return_dtype=pl.Int64).to_numpy(),
                                    p["grade"].replace_strict(ref.GRADE_INDEX, return_dtype=pl.Int64).to_numpy(),
                                    p["wres_group"].replace_strict(_G, return_dtype=pl.Int64).to_numpy()))
        ).sort("key", "employee_number")
        self.keys = self.frame["key"].to_numpy()
        self.lo = days(self.frame["lo"])
        self.hi = days(self.frame["hi"])
        self.q_end = days(quarters(sim)["quarter_end"])

    def draw(self, rng: np.random.Generator, closing: np.ndarray, prof: np.ndarray, grade: np.ndarray,
             group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row index into ``frame`` of a person in post on the closing date (-1 if none) and their application day."""
        quarter = np.searchsorted(self.q_end, closing, side="left")
        idx = draw_from_pool(self.keys, _pool_key(quarter, prof, grade, group), rng.random(closing.size))
        ok = idx >= 0
        safe = np.where(ok, idx, 0)
        ok &= (self.lo[safe] <= closing) & (closing <= self.hi[safe]) & (quarter < self.q_end.size)
        applied = np.maximum(closing - rng.integers(0, 15, closing.size), self.lo[safe])
        return np.where(ok, idx, -1), applied


def _pi_by_grade(appts: pl.DataFrame, extra_per_post: dict[str, float], rr: float) -> dict[str, float]:
    """BME probability of a not-appointed shortlisted applicant per grade, so that White/BME RL = ``rr``."""
    known = appts.filter(pl.col("wres_group") != "unknown")
    b_all = float((known["wres_group"] == "bme").mean()) if known.height else 0.2
    out = {}
    stats = known.group_by("grade").agg(n=pl.len(), bme=(pl.col("wres_group") == "bme").sum()).sort("grade")
    for g, n, bme in stats.iter_rows():
        b = (bme + 3 * b_all) / (n + 3)
        k = max(extra_per_post.get(g, 3.0), 0.5)
        pi = b * ((rr - 1) * (1 - b) + rr * k) / (k * (1 + (rr - 1) * b))
        out[g] = float(np.clip(pi, 0.0, 0.97))
    return out


def build_core(sim: Simulation) -> dict:
    """Appointed and shortlisted-not-appointed applications, vacancies and the external applicant pool."""
    rng = source_rng(sim, "trac")
    appts = _vacancies(sim, _appointments(sim), rng)
    we = to_day(sim.window_end)

    vac = (appts.sort("vacancy_id", "employee_number")
           .unique("vacancy_id", keep="first", maintain_order=True)
           .select("vacancy_id", "vac_short", "vac_interview", "n_posts", "internal", "bank_only", "grade",
                   "from_grade", "profession", "staff_group", "job_role", "directorate"))
    nv = vac.height
    closing = vac["vac_short"].to_numpy() - rng.integers(1, 8, nv)
    short_year = report_year_of(vac["vac_short"].to_numpy())
    seq = vac.select(pl.int_range(pl.len()).over(pl.Series(short_year))).to_series().to_numpy() + 1
    internal_v = vac["internal"].to_numpy()
    vac = vac.with_columns(
        closing=pl.Series(closing),
        report_year=pl.Series(short_year, dtype=pl.Int64),
        vacancy_reference=pl.Series([f"{sim.org.vpd}-{y % 100:02d}-{s:05d}" for y, s in zip(short_year, seq, strict=True)]),
        route=pl.Series(np.where(internal_v, "Internal", "External")),
        job_title=pl.when(pl.col("bank_only")).then(pl.lit("Bank ") + pl.col("job_role")).otherwise(pl.col("job_role")),
        band=pl.col("grade").replace_strict({g.key: band_label(g.key) for g in ref.GRADES}, return_dtype=pl.String),
        pool_grade=pl.Series([fg if internal else grade_below(prof, g) for internal, fg, prof, g in zip(
            vac["internal"], vac["from_grade"], vac["profession"], vac["grade"], strict=True)], dtype=pl.String),
    )

    # appointed applications
    appointed = appts.join(vac.select("vacancy_id", "closing"), on="vacancy_id", how="left", maintain_order="left")
    na = appointed.height
    app_day = appointed["closing"].to_numpy() - rng.integers(0, 21, na)
    appointed = appointed.select(
        "vacancy_id",
        pl.col("internal").alias("is_internal"),
        "person_id", "employee_number", "ethnic_origin", "wres_group", "gender", "date_of_birth", "disability",
        pl.lit("APPOINTED").alias("stage"),
        application_day=pl.Series(app_day),
        interview_day=pl.col("interview_day"),
        offer_day=pl.col("offer_day"),
        start_day=pl.col("start_day"),
        withdrawn_day=pl.lit(None, dtype=pl.Int64),
    )

    # shortlisted, not appointed
    per_post = np.where(internal_v, rng.integers(1, 4, nv), rng.integers(2, 6, nv))
    m = vac["n_posts"].to_numpy() * per_post
    extra = vac.with_columns(m=pl.Series(m)).group_by("grade").agg(
        (pl.col("m").sum() / pl.col("n_posts").sum()).alias("k")).sort("grade")
    pi = _pi_by_grade(appts, dict(extra.iter_rows()), sim.params.white_appointment_rr)
    vi = np.repeat(np.arange(nv), m)
    ns = vi.size
    grade_v = vac["grade"].to_numpy()
    p_bme = np.array([pi.get(g, 0.2) for g in grade_v])[vi]
    u = rng.random(ns)
    group = np.where(u < UNKNOWN_APPLICANT_SHARE, _G["unknown"],
                     np.where(rng.random(ns) < p_bme, _G["bme"], _G["white"]))
    stage_names = [s for s, _ in NOT_APPOINTED_STAGES]
    cum = np.cumsum([w for _, w in NOT_APPOINTED_STAGES])
    stage = np.minimum(np.searchsorted(cum / cum[-1], rng.random(ns), side="right"), len(stage_names) - 1)
    v_short = vac["vac_short"].to_numpy()[vi]
    v_int = vac["vac_interview"].to_numpy()[vi]
    interview = np.minimum(v_int + rng.integers(0, 3, ns), we)
    offer = np.minimum(interview + rng.integers(1, 11, ns), we)
    withdrawn = np.where(stage_names.index("WITHDRAWN") == stage,
                         v_short + np.floor(rng.random(ns) * (np.maximum(v_int - v_short, 0) + 1)).astype("int64"),
                         np.minimum(offer + rng.integers(7, 31, ns), we))
    app_day = vac["closing"].to_numpy()[vi] - rng.integers(0, 21, ns)
    # internal applicants: every one on an internal vacancy, some on external ones
    pools = _Pools(sim)
    internal_req = internal_v[vi] | (rng.random(ns) < EXTERNAL_VACANCY_INTERNAL_SHARE)
    prof_idx = vac["profession"].replace_strict(ref.PROFESSION_INDEX, return_dtype=pl.Int64).to_numpy()[vi]
    pool_grade = vac["pool_grade"].replace_strict(ref.GRADE_INDEX, return_dtype=pl.Int64).to_numpy()[vi]
    row, applied = pools.draw(rng, vac["closing"].to_numpy()[vi], prof_idx, pool_grade, group)
    row = np.where(internal_req, row, -1)
    is_int = row >= 0
    keep = ~internal_v[vi] | is_int  # internal vacancies take internal applicants only
    pf = pools.frame
    safe = np.where(is_int, row, 0)
    others = pl.DataFrame({
        "vacancy_id": vi.astype("int64"),
        "is_internal": is_int,
        "person_id": pl.Series(np.where(is_int, pf["person_id"].to_numpy()[safe], -1)),
        "stage": pl.Series(stage_names).gather(stage),
        "application_day": np.where(is_int, applied, app_day),
        "interview_day": np.where(stage_names.index("WITHDRAWN") == stage, -1, interview),
        "offer_day": np.where(np.isin(stage, [stage_names.index("OFFER_DECLINED"),
                                              stage_names.index("OFFER_WITHDRAWN")]), offer, -1),
        "start_day": np.full(ns, -1),
        "withdrawn_day": np.where(np.isin(stage, [stage_names.index("WITHDRAWN"),
                                                  stage_names.index("OFFER_WITHDRAWN")]), withdrawn, -1),
        "group": group,
    }).filter(pl.Series(keep))
    # ESR attributes of internal applicants; the pool applicant drawn for external ones
    esr = sim.persons.select("person_id", "employee_number", "ethnic_origin", "wres_group", "gender",
                             "date_of_birth", "disability")
    others = others.join(esr, on="person_id", how="left", maintain_order="left")
    # no applicant twice on one vacancy (the appointee included)
    ints = (others.filter(pl.col("is_internal"))
            .join(appointed.select("vacancy_id", "person_id"), on=["vacancy_id", "person_id"], how="anti",
                  maintain_order="left")
            .unique(["vacancy_id", "person_id"], keep="first", maintain_order=True)
            .with_columns(pool_index=pl.lit(-1, dtype=pl.Int64)))
    ext = others.filter(~pl.col("is_internal"))
    pool = _external_pool(sim, ext["group"].to_numpy())
    ext = (ext.with_columns(pool_index=pl.Series(pool.assign(rng, ext["group"].to_numpy())))
           .unique(["vacancy_id", "pool_index"], keep="first", maintain_order=True))
    shortlisted = pl.concat([
        appointed.with_columns(pool_index=pl.lit(-1, dtype=pl.Int64), is_shortlisted=pl.lit(True)),
        pl.concat([ints, ext]).drop("group").with_columns(is_shortlisted=pl.lit(True)),
    ], how="diagonal_relaxed")
    return {"vacancies": vac, "applications": shortlisted, "pool": pool}


class _ExternalPool:
    """Pseudonymous external applicants (not in ESR) with fixed ethnicity, gender, age band and disability."""

    def __init__(self, sim: Simulation, sizes: np.ndarray):
        rng = source_rng(sim, "trac_pool")
        self.sizes = sizes
        self.offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        n = int(sizes.sum())
        group = np.repeat(np.arange(3), sizes)
        labels, cum = census_cumulative()
        known = group < 2
        lab_idx = np.zeros(n, dtype="int64")
        u = rng.random(n)
        for g in (0, 1):
            sel = known & (group == g)
            lab_idx[sel] = np.minimum(np.searchsorted(cum[g], u[sel], side="right"), len(labels) - 1)
        label = np.array(labels, dtype=object)[lab_idx]
        label = np.where(known, label, np.where(rng.random(n) < 0.85, CENSUS_UNKNOWN, None))
        ages = np.clip(rng.normal(34, 10, n), 18, 67)
        age_band = np.searchsorted(np.array([a for a, _ in APPLICANT_AGE_BANDS]), ages, side="left")
        self.frame = pl.DataFrame({
            "pool_index": np.arange(n, dtype="int64"),
            "applicant_id": [f"X{5_000_000 + sim.org.number * 100_000 + i:08d}" for i in range(n)],
            "census_label": pl.Series(label.tolist(), dtype=pl.String),
            "wres_group": pl.Series(list(ref.WRES_GROUPS)).gather(group),
            "gender": pl.Series(["Female", "Male", "Prefer not to say"]).gather(
                np.searchsorted([0.68, 0.985], rng.random(n), side="right")),
            "age_band": pl.Series([b for _, b in APPLICANT_AGE_BANDS]).gather(age_band),
            "disability": pl.Series(["No", "Yes", "I do not wish to disclose"]).gather(
                np.searchsorted([0.88, 0.95], rng.random(n), side="right")),
        })

    def assign(self, rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
        return self.offsets[group] + np.floor(rng.random(group.size) * self.sizes[group]).astype("int64")


def _external_pool(sim: Simulation, groups: np.ndarray) -> _ExternalPool:
    counts = np.bincount(groups.astype("int64"), minlength=3)
    return _ExternalPool(sim, np.maximum(np.ceil(counts / 1.6).astype("int64"), 1))


def core(sim: Simulation) -> dict:
    return cached(sim, "trac_core", build_core)


# ---------------------------------------------------------------------------------------
# Applicants who were not shortlisted (file volume only; no effect on indicator 2)
# ---------------------------------------------------------------------------------------


def not_shortlisted(sim: Simulation, volume: float) -> pl.DataFrame:
    c = core(sim)
    vac, pool = c["vacancies"], c["pool"]
    rng = source_rng(sim, "trac_not_shortlisted")
    nv = vac.height
    internal_v = vac["internal"].to_numpy()
    lo = np.where(internal_v, NOT_SHORTLISTED_PER_POST["Internal"][0], NOT_SHORTLISTED_PER_POST["External"][0])
    hi = np.where(internal_v, NOT_SHORTLISTED_PER_POST["Internal"][1], NOT_SHORTLISTED_PER_POST["External"][1])
    per_post = lo + np.floor(rng.random(nv) * (hi - lo + 1)).astype("int64")
    m = np.round(vac["n_posts"].to_numpy() * per_post * volume).astype("int64")
    vi = np.repeat(np.arange(nv), m)
    n = vi.size
    pi = _pi_by_grade(c["applications"].filter(pl.col("stage") == "APPOINTED").join(
        vac.select("vacancy_id", "grade"), on="vacancy_id", how="left"), {}, sim.params.white_appointment_rr)
    p_bme = np.minimum(np.array([pi.get(g, 0.2) for g in vac["grade"].to_numpy()])[vi] * 1.2, 0.97)
    group = np.where(rng.random(n) < UNKNOWN_APPLICANT_SHARE + 0.01, _G["unknown"],
                     np.where(rng.random(n) < p_bme, _G["bme"], _G["white"]))
    closing = vac["closing"].to_numpy()[vi]
    app_day = closing - rng.integers(0, 25, n)
    withdrew = rng.random(n) < 0.1
    v_short = vac["vac_short"].to_numpy()[vi]
    withdrawn_day = app_day + np.floor(rng.random(n) * (v_short - app_day)).astype("int64")
    pools = _Pools(sim)
    internal_req = internal_v[vi] | (rng.random(n) < EXTERNAL_VACANCY_INTERNAL_SHARE)
    prof_idx = vac["profession"].replace_strict(ref.PROFESSION_INDEX, return_dtype=pl.Int64).to_numpy()[vi]
    pool_grade = vac["pool_grade"].replace_strict(ref.GRADE_INDEX, return_dtype=pl.Int64).to_numpy()[vi]
    row, applied = pools.draw(rng, closing, prof_idx, pool_grade, group)
    row = np.where(internal_req, row, -1)
    is_int = row >= 0
    keep = ~internal_v[vi] | is_int
    pf = pools.frame
    safe = np.where(is_int, row, 0)
    ext_pool_index = np.where(is_int, -1, pool.offsets[group]
                              + np.floor(rng.random(n) * pool.sizes[group]).astype("int64"))
    frame = pl.DataFrame({
        "vacancy_id": vi.astype("int64"),
        "is_internal": is_int,
        "person_id": np.where(is_int, pf["person_id"].to_numpy()[safe], -1),
        "stage": np.where(withdrew, "WITHDRAWN", "NOT_SHORTLISTED"),
        "application_day": np.where(is_int, applied, app_day),
        "interview_day": np.full(n, -1),
        "offer_day": np.full(n, -1),
        "start_day": np.full(n, -1),
        "withdrawn_day": np.where(withdrew, np.where(is_int, np.maximum(withdrawn_day, applied), withdrawn_day), -1),
        "pool_index": ext_pool_index,
        "is_shortlisted": np.zeros(n, dtype=bool),
    }).filter(pl.Series(keep))
    esr = sim.persons.select("person_id", "employee_number", "ethnic_origin", "wres_group", "gender",
                             "date_of_birth", "disability")
    return frame.join(esr, on="person_id", how="left", maintain_order="left")


# ---------------------------------------------------------------------------------------
# File
# ---------------------------------------------------------------------------------------


def trac_frame(sim: Simulation, volume: float = 1.0) -> pl.DataFrame:
    """Every application (shortlisted or not) in export columns, plus ``report_year``."""
    c = core(sim)
    vac, pool = c["vacancies"], c["pool"].frame
    rows = pl.concat([c["applications"], not_shortlisted(sim, volume)], how="diagonal_relaxed")
    # an external applicant appears once per vacancy; shortlisted rows win
    rows = rows.with_columns(order=pl.int_range(pl.len())).sort("order")
    rows = pl.concat([
        rows.filter(pl.col("is_internal") | (pl.col("pool_index") < 0)).unique(
            ["vacancy_id", "person_id"], keep="first", maintain_order=True),
        rows.filter(~pl.col("is_internal") & (pl.col("pool_index") >= 0)).unique(
            ["vacancy_id", "pool_index"], keep="first", maintain_order=True),
    ]).sort("order").drop("order")
    rows = rows.join(pool.rename({"wres_group": "pool_group", "gender": "pool_gender",
                                  "disability": "pool_disability"}),
                     on="pool_index", how="left", maintain_order="left")
    rows = rows.join(vac.select("vacancy_id", "vacancy_reference", "job_title", "band", "staff_group", "directorate",
                                "route", "report_year", "vac_short"), on="vacancy_id", how="left",
                     maintain_order="left")
    in_esr = pl.col("person_id") >= 0
    age = ((pl.col("application_day") - pl.col("date_of_birth").cast(pl.Int64)) / 365.25).floor()
    esr_age_band = (pl.when(age <= 24).then(pl.lit("16-24")).when(age <= 34).then(pl.lit("25-34"))
                    .when(age <= 44).then(pl.lit("35-44")).when(age <= 54).then(pl.lit("45-54"))
                    .when(age <= 64).then(pl.lit("55-64")).otherwise(pl.lit("65+")))
    esr_disability = (pl.when(pl.col("disability").is_in(["Yes", "No"])).then(pl.col("disability"))
                      .otherwise(pl.lit("I do not wish to disclose")))

    def day_col(name: str) -> pl.Expr:
        return pl.when(pl.col(name) >= 0).then(pl.col(name).cast(pl.Int32).cast(pl.Date)).otherwise(None)

    stage = pl.col("stage")
    frame = rows.with_columns(
        applicant_id=pl.when(in_esr).then(applicant_id_of_person(pl.col("person_id"))).otherwise(pl.col("applicant_id")),
        ethnic=pl.when(in_esr).then(pl.col("ethnic_origin").replace_strict(ESR_TO_CENSUS, return_dtype=pl.String))
        .otherwise(pl.col("census_label")),
        group=pl.when(in_esr).then(pl.col("wres_group")).otherwise(pl.col("pool_group")),
        gender_out=pl.when(in_esr).then(pl.col("gender")).otherwise(pl.col("pool_gender")),
        disability_out=pl.when(in_esr).then(esr_disability).otherwise(pl.col("pool_disability")),
        age_out=pl.when(in_esr).then(esr_age_band).otherwise(pl.col("age_band")),
        stage_rank=stage.replace_strict({"APPOINTED": 0, "OFFER_WITHDRAWN": 1, "OFFER_DECLINED": 2,
                                         "REJECTED_AFTER_INTERVIEW": 3, "WITHDRAWN": 4, "NOT_SHORTLISTED": 5},
                                        return_dtype=pl.Int64),
    ).sort("vacancy_reference", pl.col("is_shortlisted").not_(), "applicant_id", maintain_order=True)
    frame = frame.with_columns(
        application_id=pl.col("vacancy_reference") + "-" + (pl.int_range(pl.len()).over("vacancy_reference") + 1)
        .cast(pl.String).str.zfill(3))
    offered = stage.is_in(["APPOINTED", "OFFER_DECLINED", "OFFER_WITHDRAWN"])
    withdrawn_stage = (pl.when(stage == "OFFER_WITHDRAWN").then(pl.lit("Pre-employment checks"))
                       .when((stage == "WITHDRAWN") & pl.col("is_shortlisted")).then(pl.lit("Shortlisted"))
                       .when(stage == "WITHDRAWN").then(pl.lit("Application")).otherwise(None))
    out = frame.select(
        pl.col("vacancy_reference").alias("Vacancy Reference"),
        pl.col("job_title").alias("Job Title"),
        pl.col("band").alias("Band"),
        pl.col("staff_group").alias("Staff Group"),
        pl.col("directorate").alias("Directorate"),
        pl.col("route").alias("Recruitment Route"),
        pl.col("applicant_id").alias("Applicant ID"),
        pl.col("application_id").alias("Application ID"),
        day_col("application_day").alias("Application Date"),
        yes_no(pl.col("is_internal")).alias("Internal Applicant"),
        pl.when(pl.col("is_internal")).then(pl.col("employee_number")).otherwise(None).alias("Employee Number"),
        pl.col("ethnic").alias("Ethnic Origin"),
        pl.col("gender_out").alias("Gender"),
        pl.col("disability_out").alias("Disability"),
        pl.col("age_out").alias("Age Band"),
        stage.alias("Stage Reached"),
        yes_no(pl.col("is_shortlisted")).alias("Shortlisted"),
        pl.when(pl.col("is_shortlisted")).then(pl.col("vac_short").cast(pl.Int32).cast(pl.Date)).otherwise(None)
        .alias("Shortlisted Date"),
        day_col("interview_day").alias("Interview Date"),
        day_col("offer_day").alias("Offer Date"),
        pl.when(offered).then(yes_no(stage != "OFFER_DECLINED")).otherwise(None).alias("Offer Accepted"),
        yes_no(stage == "APPOINTED").alias("Appointed"),
        day_col("start_day").alias("Start Date"),
        yes_no(stage == "WITHDRAWN").alias("Withdrawn"),
        withdrawn_stage.alias("Withdrawn Stage"),
        day_col("withdrawn_day").alias("Withdrawn Date"),
        pl.col("report_year"),
        pl.col("group").alias("wres_group"),
    )
    return out


def file_name(org_code: str, report_year: int) -> str:
    return f"Trac_Applications_{org_code}_{fy_label(report_year)}.csv"


@register_writer(SOURCE, SHAPE, default=True)
def write_trac(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One Trac applications CSV per financial year (by shortlisting date)."""
    frame = trac_frame(sim, PROFILE_VOLUME.get(ctx.profile, 1.0))
    parts = frame.partition_by("report_year", as_dict=True, maintain_order=True)
    out = []
    for year in sim.report_years:
        rows = parts.get((year,), frame.clear()).drop("report_year", "wres_group")
        start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
        name = file_name(sim.org.code, year)
        preamble = [
            "Trac Recruitment - Applications by Vacancy",
            f"Organisation: {org_l2(sim)}",
            f"Run date: {ddmmyyyy(sim.window_end + dt.timedelta(days=5))}",
            f"Period: {ddmmyyyy(start)} - {ddmmyyyy(end)}",
        ]
        n = write_report_csv(ctx.out_dir / SOURCE / name, preamble, rows, trailer=True)
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
    return out


# ---------------------------------------------------------------------------------------
# Truth: indicator 2
# ---------------------------------------------------------------------------------------


@register_truth("indicator_2")
def indicator_2(sim: Simulation) -> list[dict]:
    """Shortlisted / appointed applications by WRES group per report year (shortlisting-date year)."""
    c = core(sim)
    apps = c["applications"].join(c["vacancies"].select("vacancy_id", "report_year"), on="vacancy_id", how="left")
    pool = c["pool"].frame.select("pool_index", pl.col("wres_group").alias("pool_group"))
    apps = apps.join(pool, on="pool_index", how="left").with_columns(
        group=pl.when(pl.col("person_id") >= 0).then(pl.col("wres_group")).otherwise(pl.col("pool_group")))
    out = []
    for year in sim.report_years:
        part = apps.filter(pl.col("report_year") == year)
        cnt = {}
        for g in ref.WRES_GROUPS:
            sub = part.filter(pl.col("group") == g)
            cnt[g] = {
                "shortlisted": sub.height,
                "appointed": int((sub["stage"] == "APPOINTED").sum()),
                "offer_declined": int((sub["stage"] == "OFFER_DECLINED").sum()),
                "offer_withdrawn": int((sub["stage"] == "OFFER_WITHDRAWN").sum()),
                "withdrawn": int((sub["stage"] == "WITHDRAWN").sum()),
                "internal": int(sub["is_internal"].sum()),
            }
        row = {
            "org_code": sim.org.code, "report_year": year, "subgroup": "all", "unit": "applications",
            "white_events": cnt["white"]["appointed"], "white_population": cnt["white"]["shortlisted"],
            "bme_events": cnt["bme"]["appointed"], "bme_population": cnt["bme"]["shortlisted"],
            "unknown_count": cnt["unknown"]["shortlisted"], "unknown_events": cnt["unknown"]["appointed"],
        }
        row.update(rl_fields(row["white_events"], row["white_population"], row["bme_events"],
                             row["bme_population"], focus="white"))
        row["by_group"] = cnt
        out.append(row)
    return out


__all__ = ["COLUMNS", "CENSUS_LABELS", "core", "indicator_2", "trac_frame", "write_trac"]
