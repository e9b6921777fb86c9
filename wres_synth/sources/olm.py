"""OLM learning history / enrolments (source-extracts.md §5) and the indicator 4 truth.

Three kinds of rows, for people on a date they were in post:

* **non-mandatory training and CPD attended** (the indicator 4 events): each quarter a
  person of the §8 workforce attends with a probability giving the yearly rate
  ``TruthParams.non_mandatory_training_rate`` for White (and Unknown) staff, divided by
  ``white_training_access_rr`` (default 1.25) for BME staff; an attendee has one or more
  records (status ``Attended``, or ``Completed`` for e-learning).  Courses come from a
  CPD / leadership / apprenticeship / funded-course catalogue suited to the person's band
  and staff group, whose names never contain a CSTF subject name or ``|CSTF|``;
* non-mandatory enrolments that did not happen (``Cancelled``, ``Not Attended``,
  ``Placed``, ``Waitlisted``, ``Requested``, ``Failed``): they do not count;
* **statutory / mandatory** CSTF training (bank-only workers included): the 11 CSTF
  subjects, named like ``NHS|CSTF|Fire Safety|2 Years|``, ``638 Fire Safety`` or
  ``Fire Safety (e-Learning)``, with a ``Competence Name`` when completed.

``Training Category`` is filled on about half of the rows only (``Statutory/Mandatory``,
``CPD``, ``Leadership``, ``Non-mandatory``, ``Funded course``, ``Apprenticeship``), so
the mandatory flag must often be derived from the course name (§5.1 rules); there is no
``Mandatory Flag`` column.

Files: ``olm_training/OLM_Learning_History_<ORG>_<YYYY-YY>.csv`` (rows by class start
date), preamble with ``Period: …``, ``Grand Total`` trailer.  Mandatory and
not-attended rows are scaled down on the national profile (``PROFILE_VOLUME``); they do
not change indicator 4.

Truth ``indicator_4``: per report year, distinct **people** with at least one attended or
completed non-mandatory record starting in the year, by ESR ethnicity, and the §8
headcount at 31 March.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .. import reference as ref
from ..simulation import Simulation
from ..truth import NON_CLINICAL_STAFF_GROUPS, register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from .common import (
    cached,
    days,
    ddmmyyyy,
    fy_label,
    headcounts,
    org_l2,
    presence,
    quarters,
    report_year_of,
    rl_fields,
    source_rng,
    uniform_days,
    write_report_csv,
)

SOURCE = "olm_training"
SHAPE = "olm_csv"

COLUMNS: tuple[str, ...] = (
    "Employee Number", "Assignment Number", "Course Name", "Class Name", "Delivery Mode", "Class Start Date",
    "Class End Date", "Enrolment Status", "Completion Date", "Competence Name", "Training Category",
    "Funding / Cost",
)

#: The 11 CSTF subjects (Skills for Health), as the derivation rule matches them.
CSTF_SUBJECTS: tuple[str, ...] = (
    "Conflict Resolution", "Equality, Diversity and Human Rights", "Fire Safety", "Health, Safety and Welfare",
    "Infection Prevention and Control", "Information Governance and Data Security", "Moving and Handling",
    "Preventing Radicalisation", "Resuscitation", "Safeguarding Adults", "Safeguarding Children",
)
#: (course title, refresher period, delivery, clinical staff only)
CSTF_COURSES: tuple[tuple[str, str, str, bool], ...] = (
    ("Conflict Resolution", "3 Years", "E-Learning", False),
    ("Equality, Diversity and Human Rights", "3 Years", "E-Learning", False),
    ("Fire Safety", "2 Years", "E-Learning", False),
    ("Health, Safety and Welfare", "3 Years", "E-Learning", False),
    ("Infection Prevention and Control - Level 1", "3 Years", "E-Learning", False),
    ("Infection Prevention and Control - Level 2", "1 Year", "E-Learning", True),
    ("Information Governance and Data Security", "1 Year", "E-Learning", False),
    ("Moving and Handling - Level 1", "3 Years", "E-Learning", False),
    ("Moving and Handling - Level 2", "2 Years", "Classroom", True),
    ("Preventing Radicalisation - Basic Prevent Awareness", "3 Years", "E-Learning", False),
    ("Resuscitation - Level 1", "1 Year", "E-Learning", False),
    ("Resuscitation - Level 2 Adult Basic Life Support", "1 Year", "Classroom", True),
    ("Safeguarding Adults - Level 1", "3 Years", "E-Learning", False),
    ("Safeguarding Adults - Level 2", "3 Years", "E-Learning", True),
    ("Safeguarding Children - Level 1", "3 Years", "E-Learning", False),
    ("Safeguarding Children - Level 2", "3 Years", "E-Learning", True),
    ("Safeguarding Children - Level 3", "3 Years", "Classroom", True),
)

#: Non-mandatory catalogue: (name, category, delivery, min band, max band, audience, days, cost range, weight).
#: Bands are indexes into AfC bands 1-9 (medical grades count as band 6, VSM as band 9).
CPD_COURSES: tuple[tuple[str, str, str, int, int, str, int, tuple[float, float] | None, float], ...] = (
    ("Leadership: Aspiring Team Leaders Programme", "Leadership", "Blended", 4, 6, "any", 60, None, 3.0),
    ("Leadership: Coaching Skills for Managers", "Leadership", "Virtual Classroom", 5, 11, "any", 0, None, 2.0),
    ("Leadership: Compassionate and Inclusive Leadership", "Leadership", "Classroom", 5, 11, "any", 1, None, 2.0),
    ("Leadership: Senior Leaders Development Programme", "Leadership", "Blended", 7, 11, "any", 120, (800.0, 2500.0),
     1.0),
    ("Clinical Skills: Venepuncture and Cannulation", "CPD", "Classroom", 2, 7, "clinical", 0, None, 3.0),
    ("Clinical Skills: Wound Care Update", "CPD", "Classroom", 2, 7, "clinical", 0, None, 2.0),
    ("Clinical Skills: Physical Health Monitoring", "CPD", "Classroom", 1, 7, "clinical", 0, None, 3.0),
    ("Clinical Skills: Medicines Management Update", "CPD", "E-Learning", 4, 11, "clinical", 0, None, 3.0),
    ("Clinical Skills: Advanced Communication Skills", "CPD", "Virtual Classroom", 4, 11, "clinical", 0, None, 2.0),
    ("Mental Health First Aid", "CPD", "Classroom", 1, 11, "any", 1, None, 2.0),
    ("Preceptorship Programme", "CPD", "Blended", 4, 4, "clinical", 180, None, 2.0),
    ("Practice Assessor and Supervisor Training", "CPD", "Virtual Classroom", 4, 8, "clinical", 0, None, 2.0),
    ("Quality Improvement Practitioner Programme", "Non-mandatory", "Blended", 3, 11, "any", 90, None, 1.0),
    ("Project Management Foundations", "Non-mandatory", "Virtual Classroom", 3, 11, "any", 1, None, 1.0),
    ("Digital Skills: Spreadsheets Intermediate", "Non-mandatory", "E-Learning", 1, 11, "any", 0, None, 2.0),
    ("Reflective Practice Workshop", "CPD", "Virtual Classroom", 2, 11, "any", 0, None, 2.0),
    ("Apprenticeship: Nursing Associate Foundation Degree", "Apprenticeship", "External", 1, 3, "clinical", 700,
     (15000.0, 15000.0), 0.5),
    ("Apprenticeship: Level 3 Business Administration", "Apprenticeship", "External", 1, 3, "non_clinical", 365,
     (5000.0, 5000.0), 0.5),
    ("MSc Advanced Clinical Practice (Module)", "Funded course", "External", 5, 9, "clinical", 120,
     (1200.0, 2400.0), 1.0),
    ("Postgraduate Certificate in Healthcare Leadership", "Funded course", "External", 6, 11, "any", 270,
     (2500.0, 4500.0), 0.5),
    ("External Conference Attendance", "CPD", "External", 4, 11, "any", 1, (150.0, 600.0), 1.0),
)

NOT_ATTENDED_STATUSES: tuple[tuple[str, float], ...] = (
    ("Cancelled", 0.35), ("Not Attended", 0.20), ("Placed", 0.15), ("Waitlisted", 0.10), ("Requested", 0.10),
    ("Failed", 0.10),
)
MANDATORY_STATUSES: tuple[tuple[str, float], ...] = (
    ("Completed", 0.90), ("Not Attended", 0.03), ("Cancelled", 0.03), ("Failed", 0.02), ("Placed", 0.02),
)
#: Yearly mandatory records per person, and the share of not-attended non-mandatory rows, by profile.
MANDATORY_PER_YEAR = {"default": 4.0, "national": 1.0}
NOT_ATTENDED_SHARE = {"default": 0.35, "national": 0.15}
CATEGORY_FILLED_SHARE = 0.5
EXTRA_RECORDS_MEAN = 0.35


def _band_level(grade: pl.Series) -> np.ndarray:
    level = {b: i for i, b in enumerate(ref.AFC_BANDS)}
    mapping = {g.key: level.get(g.key, 11 if g.kind == "vsm" else 5) for g in ref.GRADES}
    return grade.replace_strict(mapping, return_dtype=pl.Int64).to_numpy()


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    names = np.array([k for k, _ in table], dtype=object)
    w = np.cumsum([v for _, v in table])
    return names[np.minimum(np.searchsorted(w / w[-1], rng.random(n), side="right"), len(table) - 1)]


def _choose_courses(rng: np.random.Generator, level: np.ndarray, clinical: np.ndarray) -> np.ndarray:
    """A catalogue index per record, among the courses open to the person's band and staff group."""
    lo = np.array([c[3] for c in CPD_COURSES])
    hi = np.array([c[4] for c in CPD_COURSES])
    aud = np.array([c[5] for c in CPD_COURSES])
    w = np.array([c[8] for c in CPD_COURSES])
    ok = (level[:, None] >= lo) & (level[:, None] <= hi)
    ok &= (aud == "any") | ((aud == "clinical") & clinical[:, None]) | ((aud == "non_clinical") & ~clinical[:, None])
    weights = np.where(ok, w, 0.0)
    weights[weights.sum(axis=1) == 0, CPD_COURSES.index(next(c for c in CPD_COURSES
                                                               if c[0] == "Reflective Practice Workshop"))] = 1.0
    cum = np.cumsum(weights, axis=1)
    u = rng.random(level.size) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), len(CPD_COURSES) - 1)


def _records(pres: pl.DataFrame, idx: np.ndarray, rng: np.random.Generator) -> pl.DataFrame:
    """Non-mandatory records for presence rows ``idx`` (one row per record): course and dates."""
    lo, hi = days(pres["lo"])[idx], days(pres["hi"])[idx]
    start = uniform_days(rng, lo, hi)
    sub = pres[idx]
    level = _band_level(sub["grade"])
    clinical = ~sub["staff_group"].is_in(NON_CLINICAL_STAFF_GROUPS).to_numpy()
    course = _choose_courses(rng, level, clinical)
    dur = np.array([c[6] for c in CPD_COURSES])[course]
    end = start + dur
    end = np.where(sub["leaves"].to_numpy(), np.minimum(end, np.maximum(hi, start)), end)
    cost_lo = np.array([c[7][0] if c[7] else np.nan for c in CPD_COURSES])[course]
    cost_hi = np.array([c[7][1] if c[7] else np.nan for c in CPD_COURSES])[course]
    cost = np.round(cost_lo + rng.random(idx.size) * (cost_hi - cost_lo), -1)
    return sub.select("person_id", "employee_number", "assignment_number", "wres_group").with_columns(
        course=pl.Series(course, dtype=pl.Int64),
        start=pl.Series(start, dtype=pl.Int64),
        end=pl.Series(end, dtype=pl.Int64),
        cost=pl.Series(cost, nan_to_null=True),
    )


def build_core(sim: Simulation) -> pl.DataFrame:
    """Attended / completed non-mandatory records (the indicator 4 events)."""
    rng = source_rng(sim, "olm")
    pres = presence(sim).join(quarters(sim).select("quarter", "quarter_start"), on="quarter", how="left",
                              maintain_order="left")
    lo, hi = days(pres["lo"]), days(pres["hi"])
    frac = (hi - lo + 1) / (days(pres["quarter_end"]) - days(pres["quarter_start"]) + 1)
    p = sim.params
    rate = np.where((pres["wres_group"] == "bme").to_numpy(), p.non_mandatory_training_rate / p.white_training_access_rr,
                    p.non_mandatory_training_rate)
    q = 1.0 - (1.0 - np.minimum(rate, 0.99)) ** (frac / 4.0)
    hit = np.flatnonzero(rng.random(pres.height) < q)
    n_rec = 1 + rng.poisson(EXTRA_RECORDS_MEAN, hit.size)
    idx = np.repeat(hit, n_rec)
    rec = _records(pres, idx, rng)
    delivery = np.array([c[2] for c in CPD_COURSES])[rec["course"].to_numpy()]
    return rec.with_columns(status=pl.Series(np.where(delivery == "E-Learning", "Completed", "Attended")),
                            mandatory=pl.lit(False))


def core(sim: Simulation) -> pl.DataFrame:
    return cached(sim, "olm_core", build_core)


def _not_attended(sim: Simulation, volume_key: str) -> pl.DataFrame:
    rng = source_rng(sim, "olm_not_attended")
    pres = presence(sim)
    n = int(round(core(sim).height * NOT_ATTENDED_SHARE[volume_key]))
    idx = np.sort(rng.integers(0, pres.height, n)) if pres.height else np.zeros(0, dtype="int64")
    rec = _records(pres, idx, rng)
    return rec.with_columns(status=pl.Series(_pick(rng, NOT_ATTENDED_STATUSES, n).tolist(), dtype=pl.String),
                            mandatory=pl.lit(False))


def _mandatory(sim: Simulation, volume_key: str) -> pl.DataFrame:
    rng = source_rng(sim, "olm_mandatory")
    pres = presence(sim, include_bank=True).join(quarters(sim).select("quarter", "quarter_start"), on="quarter",
                                                 how="left", maintain_order="left")
    lo, hi = days(pres["lo"]), days(pres["hi"])
    frac = (hi - lo + 1) / (days(pres["quarter_end"]) - days(pres["quarter_start"]) + 1)
    k = rng.poisson(MANDATORY_PER_YEAR[volume_key] / 4.0 * frac)
    idx = np.repeat(np.arange(pres.height), k)
    sub = pres[idx]
    clinical = ~sub["staff_group"].is_in(NON_CLINICAL_STAFF_GROUPS).to_numpy()
    for_clinical = np.array([c[3] for c in CSTF_COURSES])
    w = np.where(~for_clinical[None, :] | clinical[:, None], 1.0, 0.0)
    cum = np.cumsum(w, axis=1)
    u = rng.random(idx.size) * cum[:, -1]
    course = np.minimum((cum < u[:, None]).sum(axis=1), len(CSTF_COURSES) - 1)
    start = uniform_days(rng, lo[idx], hi[idx])
    classroom = np.array([c[2] == "Classroom" for c in CSTF_COURSES])[course]
    end = start + np.where(classroom, rng.integers(0, 2, idx.size), 0)
    end = np.where(sub["leaves"].to_numpy(), np.minimum(end, np.maximum(hi[idx], start)), end)
    return sub.select("person_id", "employee_number", "assignment_number", "wres_group").with_columns(
        course=pl.Series(course, dtype=pl.Int64),
        start=pl.Series(start, dtype=pl.Int64),
        end=pl.Series(end, dtype=pl.Int64),
        cost=pl.lit(None, dtype=pl.Float64),
        status=pl.Series(_pick(rng, MANDATORY_STATUSES, idx.size).tolist(), dtype=pl.String),
        mandatory=pl.lit(True),
        name_style=pl.Series(rng.integers(0, 3, idx.size), dtype=pl.Int64),
    )


def olm_frame(sim: Simulation, volume_key: str = "default") -> pl.DataFrame:
    """Every record in export columns, plus ``report_year`` (of the class start date)."""
    rng = source_rng(sim, "olm_format")
    vpd = sim.org.vpd
    non_mand = pl.concat([core(sim), _not_attended(sim, volume_key)])
    mand = _mandatory(sim, volume_key)
    cpd = pl.DataFrame({
        "course": np.arange(len(CPD_COURSES), dtype="int64"),
        "course_name": [c[0] for c in CPD_COURSES],
        "category": [c[1] for c in CPD_COURSES],
        "delivery": [c[2] for c in CPD_COURSES],
    })
    cstf = pl.DataFrame({
        "course": np.arange(len(CSTF_COURSES), dtype="int64"),
        "title": [c[0] for c in CSTF_COURSES],
        "competence": [f"NHS|CSTF|{c[0]}|{c[1]}|" for c in CSTF_COURSES],
        "delivery": [c[2] for c in CSTF_COURSES],
    })
    non_mand = non_mand.join(cpd, on="course", how="left", maintain_order="left").with_columns(
        competence=pl.lit(None, dtype=pl.String))
    mand = mand.join(cstf, on="course", how="left", maintain_order="left").with_columns(
        course_name=pl.when(pl.col("name_style") == 0).then(pl.col("competence"))
        .when(pl.col("name_style") == 1).then(pl.lit(f"{vpd} ") + pl.col("title"))
        .otherwise(pl.col("title") + pl.when(pl.col("delivery") == "E-Learning").then(pl.lit(" (e-Learning)"))
                   .otherwise(pl.lit(" (Face to Face)"))),
        category=pl.lit("Statutory/Mandatory"),
        competence=pl.when(pl.col("status") == "Completed").then(pl.col("competence")).otherwise(None),
    ).drop("title", "name_style")
    cols = ["employee_number", "assignment_number", "course_name", "category", "delivery", "start", "end", "status",
            "competence", "cost", "mandatory"]
    rows = pl.concat([non_mand.select(cols), mand.select(cols)]).sort(
        "start", "employee_number", "course_name", "status", maintain_order=True)
    n = rows.height
    category_shown = rng.random(n) < CATEGORY_FILLED_SHARE
    accessed = pl.col("status").is_in(["Attended", "Completed"])
    start = pl.col("start").cast(pl.Int32).cast(pl.Date)
    end = pl.col("end").cast(pl.Int32).cast(pl.Date)
    return rows.with_columns(category_shown=pl.Series(category_shown)).select(
        pl.col("employee_number").alias("Employee Number"),
        pl.col("assignment_number").alias("Assignment Number"),
        pl.col("course_name").alias("Course Name"),
        pl.when(pl.col("delivery") == "E-Learning").then(pl.lit("e-Learning"))
        .otherwise(pl.format("{} - {}", pl.col("course_name"), start.dt.strftime("%d/%m/%Y"))).alias("Class Name"),
        pl.col("delivery").alias("Delivery Mode"),
        start.alias("Class Start Date"),
        end.alias("Class End Date"),
        pl.col("status").alias("Enrolment Status"),
        pl.when(accessed).then(end).otherwise(None).alias("Completion Date"),
        pl.col("competence").alias("Competence Name"),
        pl.when(pl.col("category_shown")).then(pl.col("category")).otherwise(None).alias("Training Category"),
        pl.col("cost").alias("Funding / Cost"),
        report_year=pl.Series(report_year_of(rows["start"].to_numpy()), dtype=pl.Int64),
    )


def file_name(org_code: str, report_year: int) -> str:
    return f"OLM_Learning_History_{org_code}_{fy_label(report_year)}.csv"


@register_writer(SOURCE, SHAPE, default=True)
def write_olm(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One OLM learning-history CSV per financial year (by class start date)."""
    frame = olm_frame(sim, "national" if ctx.profile == "national" else "default")
    parts = frame.partition_by("report_year", as_dict=True, maintain_order=True)
    out = []
    for year in sim.report_years:
        rows = parts.get((year,), frame.clear()).drop("report_year")
        name = file_name(sim.org.code, year)
        preamble = [
            "OLM Learner Enrolment and Learning History",
            f"Organisation: {org_l2(sim)}",
            f"Run date: {ddmmyyyy(sim.window_end + dt.timedelta(days=5))}",
            f"Period: {ddmmyyyy(dt.date(year - 1, 4, 1))} - {ddmmyyyy(dt.date(year, 3, 31))}",
        ]
        n = write_report_csv(ctx.out_dir / SOURCE / name, preamble, rows, trailer=True)
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
    return out


# ---------------------------------------------------------------------------------------
# Truth: indicator 4
# ---------------------------------------------------------------------------------------


@register_truth("indicator_4")
def indicator_4(sim: Simulation) -> list[dict]:
    rec = core(sim)
    rec = rec.with_columns(report_year=pl.Series(report_year_of(rec["start"].to_numpy()), dtype=pl.Int64))
    heads = headcounts(sim)
    out = []
    for year in sim.report_years:
        part = rec.filter(pl.col("report_year") == year)
        people = part.unique("person_id")
        ev = {g: int((people["wres_group"] == g).sum()) for g in ("white", "bme", "unknown")}
        pop = heads[year]
        row = {"org_code": sim.org.code, "report_year": year, "subgroup": "all",
               "white_events": ev["white"], "white_population": pop["white"],
               "bme_events": ev["bme"], "bme_population": pop["bme"], "unknown_count": ev["unknown"],
               "records": part.height}
        row.update(rl_fields(ev["white"], pop["white"], ev["bme"], pop["bme"], focus="white"))
        out.append(row)
    return out
