"""Employee-relations case log (source-extracts.md §6) and the indicator 3 truth.

Cases are drawn for people in the §8 workforce (no bank-only workers), quarter by
quarter, on a date when they were in post (hired before it, not yet terminated):

* **formal disciplinary investigations** with the planted yearly rate
  ``TruthParams.formal_investigation_rate`` (White and Unknown) times
  ``bme_formal_investigation_rr`` (default 2.0) for BME staff.  The formal investigation
  starts 0-21 days after the case is opened, in the same quarter (so in the same
  financial year).  After the investigation: No Case to Answer, Informal Action /
  Management Advice, Case Withdrawn or a hearing (No Further Action, First / Final
  Written Warning, Redeployment / Downgrade, Other).  A person who leaves before the
  case ends gets ``Resigned Before Conclusion`` closed on the termination date (a
  grievance or bullying-and-harassment case: ``Withdrawn``, the §6.1 grievance outcome);
* **dismissals**: leavers whose ESR leaving reason is ``Dismissal - Conduct`` get a
  disciplinary case (with the same planted BME weighting) ending in ``Dismissal`` or
  ``Summary Dismissal`` (gross misconduct) on their termination date;
  ``Dismissal - Capability`` leavers get a capability case ending in ``Dismissal``.
  No other case ends in dismissal, so everyone dismissed has left ESR;
* informal disciplinary cases (stage Informal, never a formal investigation date),
  grievances (individual and group grievances sharing a ``Parent Case Reference``),
  bullying and harassment complaints and capability cases (performance / ill health).
  Formal grievances and complaints carry a ``Formal Investigation Start Date`` too: they
  must be left out of indicator 3 by case type.

Allegation categories start with ``Misconduct - `` or ``Gross Misconduct - ``; doctors'
disciplinary cases are marked ``(MHPS)``.  The log is extracted as at the end of the
reporting window: a case still open then shows its current stage and no outcome.

Files: ``er_cases/ER_Cases_<ORG>_<YYYY-YY>.csv`` (cases **opened** in that financial
year), preamble with ``Period: …``, no trailer.

Truth ``indicator_3``: per report year, distinct people whose formal disciplinary
investigation started in the year (numerator, by ESR ethnicity) and the §8 headcount at
31 March (denominator); subgroups ``all:single_year`` and ``all:two_year_pooled``
(the previous and current year pooled; the first year has status
``INSUFFICIENT_HISTORY``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from ..simulation import Simulation
from ..truth import COUNTED_CATEGORIES, COUNTED_STATUSES, register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from .common import (
    cached,
    days,
    ddmmyyyy,
    draw_from_pool,
    fy_label,
    headcounts,
    org_l2,
    presence,
    quarters,
    report_year_of,
    rl_fields,
    source_rng,
    to_day,
    uniform_days,
    write_report_csv,
)

SOURCE = "er_cases"
SHAPE = "case_log_csv"

COLUMNS: tuple[str, ...] = (
    "Case Reference", "Parent Case Reference", "Employee Number", "Assignment Number", "Case Type",
    "Allegation Category", "Stage", "Case Opened Date", "Formal Investigation Start Date", "Suspended",
    "Hearing Date", "Case Closed Date", "Outcome", "Appeal Outcome",
)

MISCONDUCT = ("Misconduct - Conduct / Behaviour", "Misconduct - Attendance / Timekeeping",
              "Misconduct - Clinical Practice", "Misconduct - Failure to Follow Policy",
              "Misconduct - Inappropriate Use of IT / Social Media")
GROSS_MISCONDUCT = ("Gross Misconduct - Fraud", "Gross Misconduct - Theft", "Gross Misconduct - Violence / Aggression",
                    "Gross Misconduct - Serious Breach of Confidentiality", "Gross Misconduct - Serious Negligence")
GROSS_SHARE = 0.3
HEARING_OUTCOMES = (("No Further Action", 0.10), ("First Written Warning", 0.40), ("Final Written Warning", 0.35),
                    ("Redeployment / Downgrade", 0.10), ("Other", 0.05))
INVESTIGATION_DECISIONS = (("No Case to Answer", 0.25), ("Informal Action / Management Advice", 0.20),
                           ("Case Withdrawn", 0.05), ("hearing", 0.50))
GRIEVANCE_CATEGORIES = ("Working Relationships", "Management Style", "Terms and Conditions", "Pay and Banding",
                        "Workload", "Discrimination")
GRIEVANCE_FORMAL = (("Upheld", 0.15), ("Partially Upheld", 0.20), ("Not Upheld", 0.45), ("Mediation", 0.10),
                    ("Withdrawn", 0.10))
GRIEVANCE_INFORMAL = (("Resolved Informally", 0.55), ("Mediation", 0.25), ("Withdrawn", 0.20))
BULLYING_CATEGORIES = ("Bullying", "Harassment", "Discrimination - Race", "Sexual Harassment")
CAPABILITY_OUTCOMES = (("Informal Action / Management Advice", 0.35), ("First Written Warning", 0.2),
                       ("Final Written Warning", 0.1), ("Redeployment / Downgrade", 0.15), ("No Further Action", 0.2))
APPEAL_OUTCOMES = (("Upheld", 0.15), ("Partially Upheld", 0.15), ("Not Upheld", 0.60), ("Withdrawn", 0.10))
#: (case type, yearly rate per employee) of the cases without a planted disparity.
OTHER_CASE_RATES: tuple[tuple[str, float], ...] = (
    ("Disciplinary (informal)", 0.012), ("Grievance", 0.012), ("Bullying and Harassment", 0.005),
    ("Capability - Performance", 0.004), ("Capability - Ill Health", 0.006),
)
DISMISSED_CASE_SHARE = 0.45  # White / Unknown; BME x bme_formal_investigation_rr (capped at 1)
GROUP_GRIEVANCE_SHARE = 0.15


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    names = np.array([k for k, _ in table], dtype=object)
    w = np.cumsum([v for _, v in table])
    return names[np.minimum(np.searchsorted(w / w[-1], rng.random(n), side="right"), len(table) - 1)]


def _choice(rng: np.random.Generator, values: tuple[str, ...], n: int) -> np.ndarray:
    return np.array(values, dtype=object)[rng.integers(0, len(values), n)]


def _terminations(sim: Simulation) -> pl.DataFrame:
    return sim.persons.select("person_id", "termination_date", "leaving_reason")


def _hazard_cases(sim: Simulation, rng: np.random.Generator, exclude: np.ndarray) -> pl.DataFrame:
    """Cases opened on a random day in post, per quarter, for each case kind."""
    pres = presence(sim).join(quarters(sim).select("quarter", "quarter_start"), on="quarter", how="left",
                              maintain_order="left")
    lo, hi = days(pres["lo"]), days(pres["hi"])
    q_len = days(pres["quarter_end"]) - days(pres["quarter_start"]) + 1
    frac = (hi - lo + 1) / q_len
    bme = (pres["wres_group"] == "bme").to_numpy()
    params = sim.params
    parts = []
    kinds = [("Disciplinary", params.formal_investigation_rate)] + list(OTHER_CASE_RATES)
    for kind, rate in kinds:
        mult = np.where(bme, params.bme_formal_investigation_rr, 1.0) if kind == "Disciplinary" else 1.0
        p = 1.0 - np.exp(-rate / 4.0 * mult * frac)
        hit = rng.random(pres.height) < p
        if kind == "Disciplinary":
            hit &= ~np.isin(pres["person_id"].to_numpy(), exclude)
        idx = np.flatnonzero(hit)
        opened = uniform_days(rng, lo[idx], hi[idx])
        parts.append(pres[idx].select("quarter", "person_id", "employee_number", "assignment_number", "team_id",
                                      "staff_group", "hi").with_columns(
            kind=pl.lit(kind), opened=pl.Series(opened, dtype=pl.Int64)))
    return pl.concat(parts)


def build_cases(sim: Simulation) -> pl.DataFrame:
    """Every case (canonical columns; integer days, -1 = blank), extracted as at the window end."""
    rng = source_rng(sim, "er")
    ws, we = to_day(sim.window_start), to_day(sim.window_end)
    terms = _terminations(sim)

    # -- dismissals: cases ending on the ESR termination date ---------------------------
    lv = sim.leavers.filter(pl.col("primary") & pl.col("leaving_reason").is_in(["Dismissal - Conduct",
                                                                                 "Dismissal - Capability"])
                            & pl.col("assignment_category").is_in(COUNTED_CATEGORIES)
                            & pl.col("assignment_status").is_in(COUNTED_STATUSES))
    conduct = (lv["leaving_reason"] == "Dismissal - Conduct").to_numpy()
    p_case = np.where(conduct, np.where((lv["wres_group"] == "bme").to_numpy(),
                                        min(1.0, DISMISSED_CASE_SHARE * sim.params.bme_formal_investigation_rr),
                                        DISMISSED_CASE_SHARE), 0.7)
    term = days(lv["termination_date"])
    lo = np.maximum(days(lv["hire_date"]), ws)
    opened = np.maximum(term - rng.integers(45, 241, lv.height), lo)
    first_snapshot = to_day(sim.snapshot_dates[0])
    keep = (rng.random(lv.height) < p_case) & (term - opened >= 21) & (term > first_snapshot)
    dismissed = lv.filter(pl.Series(keep)).select(
        "person_id", "employee_number", "assignment_number", "team_id", "staff_group",
        kind=pl.Series(np.where(conduct[keep], "Dismissal", "Capability dismissal")),
        opened=pl.Series(opened[keep], dtype=pl.Int64),
        hi=(pl.col("termination_date") - pl.duration(days=14)))
    q_end = days(quarters(sim)["quarter_end"])
    dismissed = dismissed.with_columns(quarter=pl.Series(np.searchsorted(q_end, opened[keep], side="left"),
                                                         dtype=pl.Int64))
    exclude = dismissed.filter(pl.col("kind") == "Dismissal")["person_id"].to_numpy()
    cases = pl.concat([_hazard_cases(sim, rng, exclude), dismissed.select(
        "quarter", "person_id", "employee_number", "assignment_number", "team_id", "staff_group", "hi", "kind",
        "opened")], how="vertical_relaxed")
    cases = cases.join(terms, on="person_id", how="left", maintain_order="left").sort(
        "opened", "employee_number", "kind", maintain_order=True)

    n = cases.height
    kind = cases["kind"].to_numpy()
    opened = cases["opened"].to_numpy()
    hi = days(cases["hi"])
    t = days(cases["termination_date"])
    left = t >= 0
    fy_end = np.array([to_day(dt.date(int(y), 3, 31)) for y in report_year_of(opened)]) if n else np.zeros(0, "int64")
    gross = rng.random(n) < GROSS_SHARE
    medical = (cases["staff_group"] == "Medical and Dental").to_numpy()

    case_type = np.full(n, "Disciplinary", dtype=object)
    allegation = np.where(gross, _choice(rng, GROSS_MISCONDUCT, n), _choice(rng, MISCONDUCT, n))
    allegation = np.where(medical, allegation + " (MHPS)", allegation)
    inv = np.full(n, -1)
    hearing = np.full(n, -1)
    closed = np.full(n, -1)
    outcome = np.full(n, None, dtype=object)
    suspended = np.where(gross, rng.random(n) < 0.5, rng.random(n) < 0.05)

    # formal disciplinary (hazard)
    f = kind == "Disciplinary"
    inv[f] = np.minimum(opened[f] + rng.integers(0, 22, f.sum()), hi[f])
    inv_end = inv + rng.integers(28, 121, n)
    decision = _pick(rng, INVESTIGATION_DECISIONS, n)
    to_hearing = f & (decision == "hearing")
    hearing[to_hearing] = inv_end[to_hearing] + rng.integers(14, 43, to_hearing.sum())
    closed[f] = np.where(to_hearing[f], hearing[f] + rng.integers(0, 8, f.sum()), inv_end[f])
    outcome[f] = np.where(to_hearing[f], _pick(rng, HEARING_OUTCOMES, f.sum()), decision[f])
    # dismissals (conduct): investigation, hearing, dismissal on the termination date
    d = kind == "Dismissal"
    inv[d] = np.minimum(np.minimum(opened[d] + rng.integers(0, 22, d.sum()), fy_end[d]), hi[d])
    hearing[d] = np.maximum(t[d] - rng.integers(0, 11, d.sum()), inv[d])
    closed[d] = t[d]
    outcome[d] = np.where(gross[d], "Summary Dismissal", "Dismissal")
    # informal disciplinary
    i = kind == "Disciplinary (informal)"
    closed[i] = opened[i] + rng.integers(7, 61, i.sum())
    outcome[i] = _pick(rng, (("Informal Action / Management Advice", 0.6), ("No Further Action", 0.35),
                             ("Case Withdrawn", 0.05)), i.sum())
    allegation[i] = _choice(rng, MISCONDUCT, i.sum())
    suspended[i] = False
    # grievances and bullying / harassment complaints
    g = (kind == "Grievance") | (kind == "Bullying and Harassment")
    case_type[g] = kind[g]
    allegation[g] = np.where(kind[g] == "Grievance", _choice(rng, GRIEVANCE_CATEGORIES, g.sum()),
                             _choice(rng, BULLYING_CATEGORIES, g.sum()))
    formal_g = g & (rng.random(n) < np.where(kind == "Grievance", 0.5, 0.6))
    inv[formal_g] = np.minimum(opened[formal_g] + rng.integers(0, 22, formal_g.sum()), hi[formal_g])
    heard = formal_g & (rng.random(n) < 0.4)
    hearing[heard] = inv[heard] + rng.integers(21, 61, heard.sum())
    closed[g] = np.where(heard[g], hearing[g] + rng.integers(0, 15, g.sum()),
                         np.where(formal_g[g], inv[g] + rng.integers(28, 91, g.sum()),
                                  opened[g] + rng.integers(7, 45, g.sum())))
    outcome[g] = np.where(formal_g[g], _pick(rng, GRIEVANCE_FORMAL, g.sum()), _pick(rng, GRIEVANCE_INFORMAL, g.sum()))
    suspended[g] = False
    # capability
    c = np.char.startswith(kind.astype(str), "Capability")
    cap_dismissal = kind == "Capability dismissal"
    case_type[c & ~cap_dismissal] = kind[c & ~cap_dismissal]
    case_type[cap_dismissal] = np.where(rng.random(cap_dismissal.sum()) < 0.6, "Capability - Performance",
                                        "Capability - Ill Health")
    allegation[c] = np.where(case_type[c] == "Capability - Performance", "Performance", "Ill Health / Attendance")
    heard_c = c & (cap_dismissal | (rng.random(n) < 0.4))
    hearing[heard_c] = np.where(cap_dismissal[heard_c], t[heard_c] - rng.integers(0, 15, heard_c.sum()),
                                opened[heard_c] + rng.integers(60, 181, heard_c.sum()))
    closed[c] = np.where(cap_dismissal[c], t[c], np.where(heard_c[c], hearing[c] + rng.integers(0, 8, c.sum()),
                                                          opened[c] + rng.integers(30, 121, c.sum())))
    outcome[c] = np.where(cap_dismissal[c], "Dismissal", _pick(rng, CAPABILITY_OUTCOMES, c.sum()))
    suspended[c] = False

    # leaving before the end of the case (dismissals end on the termination date by design)
    resigned = left & (t < closed) & ~d & ~cap_dismissal
    closed = np.where(resigned, t, closed)
    # a grievance / bullying-and-harassment case has no "Resigned Before Conclusion" (§6.1): it is withdrawn
    outcome = np.where(resigned, np.where(g, "Withdrawn", "Resigned Before Conclusion"), outcome)
    hearing = np.where(resigned & (hearing > t), -1, hearing)
    # appeals against the heavier outcomes, decided about two months after closure
    appealable = np.isin(outcome, ["Final Written Warning", "Dismissal", "Summary Dismissal"])
    appeal = np.where(appealable & (rng.random(n) < 0.35), _pick(rng, APPEAL_OUTCOMES, n), None)
    appeal = np.where(closed + 60 <= we, appeal, None)
    # as at the window end
    is_closed = (closed >= 0) & (closed <= we)
    hearing_known = (hearing >= 0) & (hearing <= we)
    inv = np.where(inv <= we, inv, -1)
    stage = np.where(is_closed, "Closed",
                     np.where(hearing_known, "Hearing",
                              np.where(inv >= 0, "Formal Investigation",
                                       np.where(case_type == "Disciplinary", "Initial Review", "Informal"))))
    stage = np.where(~is_closed & (kind == "Disciplinary (informal)"), "Informal", stage)

    out = cases.select("person_id", "employee_number", "assignment_number", "team_id").with_columns(
        case_type=pl.Series(case_type.tolist(), dtype=pl.String),
        kind=pl.Series(kind.tolist(), dtype=pl.String),
        allegation_category=pl.Series(allegation.tolist(), dtype=pl.String),
        stage=pl.Series(stage.tolist(), dtype=pl.String),
        opened=pl.Series(opened, dtype=pl.Int64),
        investigation=pl.Series(inv, dtype=pl.Int64),
        suspended=pl.Series(suspended),
        hearing=pl.Series(np.where(hearing_known, hearing, -1), dtype=pl.Int64),
        closed=pl.Series(np.where(is_closed, closed, -1), dtype=pl.Int64),
        outcome=pl.Series(np.where(is_closed, outcome, None).tolist(), dtype=pl.String),
        appeal_outcome=pl.Series(np.where(is_closed, appeal, None).tolist(), dtype=pl.String),
        report_year=pl.Series(report_year_of(opened), dtype=pl.Int64),
        parent=pl.lit(None, dtype=pl.String),
    )
    out = _add_group_grievances(sim, rng, out)
    out = out.sort("opened", "employee_number", "case_type", "parent", maintain_order=True, nulls_last=False)
    seq = out.select(pl.int_range(pl.len()).over("report_year")).to_series() + 1
    out = out.with_columns(case_reference=pl.format("ER-{}-{}-{}", pl.lit(sim.org.vpd), (pl.col("report_year") % 100)
                                                    .cast(pl.String).str.zfill(2), seq.cast(pl.String).str.zfill(4)))
    # group members share the lead case's parent reference (GRP-<lead reference>)
    lead_ref = out.filter(pl.col("parent").is_not_null()).group_by("parent").agg(
        pl.col("case_reference").min().alias("lead")).sort("parent")
    out = out.join(lead_ref, on="parent", how="left", maintain_order="left").with_columns(
        parent_case_reference=pl.when(pl.col("lead").is_not_null()).then(pl.lit("GRP-") + pl.col("lead"))
        .otherwise(None)).drop("lead", "parent")
    return out


def _add_group_grievances(sim: Simulation, rng: np.random.Generator, cases: pl.DataFrame) -> pl.DataFrame:
    """Turn some grievances into group grievances: 1-3 colleagues in post in the same team join the case.

    Members copy the lead case (dates, stage, outcome); ``parent`` marks the group (the lead's row).
    """
    cases = cases.with_columns(row=pl.int_range(pl.len(), dtype=pl.Int64))
    grievances = cases.filter(pl.col("case_type") == "Grievance")
    leads = grievances.filter(pl.Series(rng.random(grievances.height) < GROUP_GRIEVANCE_SHARE))
    if leads.height == 0:
        return cases.drop("row")
    n_teams = int(sim.teams.height)
    pool = presence(sim).with_columns(key=pl.col("quarter") * n_teams + pl.col("team_id")).sort(
        "key", "employee_number")
    q_end = days(quarters(sim)["quarter_end"])
    li = np.repeat(np.arange(leads.height), rng.integers(1, 4, leads.height))
    opened = leads["opened"].to_numpy()[li]
    want = np.searchsorted(q_end, opened, side="left") * n_teams + leads["team_id"].to_numpy()[li]
    idx = draw_from_pool(pool["key"].to_numpy(), want, rng.random(li.size))
    safe = np.where(idx >= 0, idx, 0)
    ok = (idx >= 0) & (days(pool["lo"])[safe] <= opened) & (opened <= days(pool["hi"])[safe])
    person_cols = ["person_id", "employee_number", "assignment_number", "team_id"]
    members = pool[safe[ok]].select(person_cols).with_columns(lead_row=pl.Series(leads["row"].to_numpy()[li][ok]))
    members = (members.join(leads.drop(person_cols[1:]).rename({"person_id": "lead_person"}),
                            left_on="lead_row", right_on="row", how="left", maintain_order="left")
               .filter(pl.col("person_id") != pl.col("lead_person"))
               .with_columns(parent=pl.col("lead_row").cast(pl.String)))
    cases = cases.with_columns(parent=pl.when(pl.col("row").is_in(leads["row"].implode()))
                               .then(pl.col("row").cast(pl.String)).otherwise(pl.col("parent")))
    columns = [c for c in cases.columns if c != "row"]
    combined = pl.concat([cases.select(columns), members.select(columns)], how="vertical_relaxed")
    grouped = combined.filter(pl.col("parent").is_not_null()).unique(["parent", "person_id"], keep="first",
                                                                       maintain_order=True)
    return pl.concat([combined.filter(pl.col("parent").is_null()), grouped])


def cases(sim: Simulation) -> pl.DataFrame:
    return cached(sim, "er_cases", build_cases)


def _day(name: str) -> pl.Expr:
    return pl.when(pl.col(name) >= 0).then(pl.col(name).cast(pl.Int32).cast(pl.Date)).otherwise(None)


def er_frame(sim: Simulation) -> pl.DataFrame:
    """The case log in export columns, plus ``report_year`` (year of the opened date)."""
    return cases(sim).select(
        pl.col("case_reference").alias("Case Reference"),
        pl.col("parent_case_reference").alias("Parent Case Reference"),
        pl.col("employee_number").alias("Employee Number"),
        pl.col("assignment_number").alias("Assignment Number"),
        pl.col("case_type").alias("Case Type"),
        pl.col("allegation_category").alias("Allegation Category"),
        pl.col("stage").alias("Stage"),
        _day("opened").alias("Case Opened Date"),
        _day("investigation").alias("Formal Investigation Start Date"),
        pl.when(pl.col("suspended")).then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("Suspended"),
        _day("hearing").alias("Hearing Date"),
        _day("closed").alias("Case Closed Date"),
        pl.col("outcome").alias("Outcome"),
        pl.col("appeal_outcome").alias("Appeal Outcome"),
        "report_year",
    )


def file_name(org_code: str, report_year: int) -> str:
    return f"ER_Cases_{org_code}_{fy_label(report_year)}.csv"


@register_writer(SOURCE, SHAPE, default=True)
def write_er(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One case-log CSV per financial year (cases opened in the year)."""
    frame = er_frame(sim)
    parts = frame.partition_by("report_year", as_dict=True, maintain_order=True)
    out = []
    for year in sim.report_years:
        rows = parts.get((year,), frame.clear()).drop("report_year")
        name = file_name(sim.org.code, year)
        preamble = [
            "Employee Relations Case Tracker",
            f"Organisation: {org_l2(sim)}",
            f"Run date: {ddmmyyyy(sim.window_end + dt.timedelta(days=5))}",
            f"Period: {ddmmyyyy(dt.date(year - 1, 4, 1))} - {ddmmyyyy(dt.date(year, 3, 31))}",
        ]
        n = write_report_csv(ctx.out_dir / SOURCE / name, preamble, rows)
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
    return out


# ---------------------------------------------------------------------------------------
# Truth: indicator 3
# ---------------------------------------------------------------------------------------


def entrants(sim: Simulation) -> pl.DataFrame:
    """Distinct people entering a formal disciplinary investigation per report year, with ESR group."""
    c = cases(sim).filter((pl.col("case_type") == "Disciplinary") & (pl.col("investigation") >= 0))
    c = c.with_columns(report_year=pl.Series(report_year_of(c["investigation"].to_numpy()), dtype=pl.Int64),
                       mhps=pl.col("allegation_category").str.contains("(MHPS)", literal=True))
    groups = sim.persons.select("person_id", "wres_group")
    return (c.group_by("report_year", "person_id").agg(pl.col("mhps").all().alias("mhps_only"))
            .join(groups, on="person_id", how="left").sort("report_year", "person_id"))


@register_truth("indicator_3")
def indicator_3(sim: Simulation) -> list[dict]:
    ent = entrants(sim)
    heads = headcounts(sim)
    per_year = {}
    for year in sim.report_years:
        part = ent.filter(pl.col("report_year") == year)
        per_year[year] = {
            "events": {g: int((part["wres_group"] == g).sum()) for g in ("white", "bme", "unknown")},
            "mhps_only": {g: int((part.filter(pl.col("mhps_only"))["wres_group"] == g).sum())
                          for g in ("white", "bme", "unknown")},
            "population": heads[year],
        }
    out = []
    for year in sim.report_years:
        cur = per_year[year]
        variants = [("all:single_year", [year])]
        variants.append(("all:two_year_pooled", [year - 1, year] if year - 1 in per_year else None))
        for subgroup, years in variants:
            row = {"org_code": sim.org.code, "report_year": year, "subgroup": subgroup}
            if years is None:
                row.update({"white_events": cur["events"]["white"], "white_population": None,
                            "bme_events": cur["events"]["bme"], "bme_population": None,
                            "unknown_count": cur["events"]["unknown"], "white_rate": None, "bme_rate": None,
                            "relative_likelihood": None, "status": "INSUFFICIENT_HISTORY"})
                out.append(row)
                continue
            we_ = sum(per_year[y]["events"]["white"] for y in years)
            be = sum(per_year[y]["events"]["bme"] for y in years)
            wp = sum(per_year[y]["population"]["white"] for y in years)
            bp = sum(per_year[y]["population"]["bme"] for y in years)
            row.update({"white_events": we_, "white_population": wp, "bme_events": be, "bme_population": bp,
                        "unknown_count": sum(per_year[y]["events"]["unknown"] for y in years),
                        "mhps_only_events": {g: sum(per_year[y]["mhps_only"][g] for y in years)
                                             for g in ("white", "bme", "unknown")}})
            row.update(rl_fields(we_, wp, be, bp, focus="bme"))
            out.append(row)
    return out
