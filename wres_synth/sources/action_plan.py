"""WRES action plan: a register of actions and a table of measurable targets (seed 004 shape).

A plan is written for each report year N whose previous year N-1 is simulated: like a
published trust plan it is drawn up on the WRES data of year N-1 (31 March N-1 snapshot,
flow indicators of the year to 31 March N-1, staff survey N-2) and sets targets due on
31 March N.

* ``action_plan/WRES_Action_Plan_<ORG>_<YYYY-YY>.csv``: title lines, then
  ``No, Metric, Action, Outcome, Lead, Timeline, Progress, RAG``; one row per action,
  numbered ``1.1``, ``1.2`` …; the first action of each metric carries the key
  statistics in its ``Metric`` cell (e.g. "Metric 3 - … The ratio at March 2025 was
  2.14."), later actions a short ``Metric 3 - …`` label.  Leads are role titles, never
  names.  Some cells hold line breaks (quoted, RFC 4180).
* ``action_plan/WRES_Action_Plan_Targets_<ORG>_<YYYY-YY>.csv``:
  ``Metric, Breakdown, Target, Direction, Due Date``.  ``Metric`` is ``Indicator 1`` …
  ``Indicator 9``; ``Target`` is a ratio (``1.14``), a percentage (``69%``) or a BME
  headcount (``84``); ``Direction`` is ``at least`` or ``at most``; ``Due Date`` is
  ``31/03/YYYY``.  Band rows (``Clinical Band 6``) give the BME headcount needed for 19 %
  (Model Employer "replace" form, exact arithmetic) for every AfC band of ten or more
  staff below 19 %.

Truth ``action_plan_targets``: the target rows as written, with the parsed value and unit.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import polars as pl

from .. import reference as ref
from ..simulation import Simulation
from ..truth import indicator_1, register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from . import board, er, olm, survey, trac
from .common import cached, fy_label, org_l2, source_rng, write_report_csv

SOURCE = "action_plan"
SHAPE = "register_csv"

REGISTER_COLUMNS: tuple[str, ...] = ("No", "Metric", "Action", "Outcome", "Lead", "Timeline", "Progress", "RAG")
TARGET_COLUMNS: tuple[str, ...] = ("Metric", "Breakdown", "Target", "Direction", "Due Date")
MODEL_EMPLOYER_TARGET = Fraction(19, 100)

METRIC_TITLES: dict[int, str] = {
    1: "Percentage of BME staff in each AfC pay band and VSM compared with staff overall",
    2: "Relative likelihood of White staff being appointed from shortlisting compared with BME staff",
    3: "Relative likelihood of BME staff entering the formal disciplinary process compared with White staff",
    4: "Relative likelihood of White staff accessing non-mandatory training and CPD compared with BME staff",
    5: "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public",
    6: "Percentage of staff experiencing harassment, bullying or abuse from staff",
    7: "Percentage of staff believing the organisation provides equal opportunities for career progression",
    8: "Percentage of staff personally experiencing discrimination at work from a manager or colleague",
    9: "Board voting membership compared with the overall workforce",
}

#: (action, outcome, lead) templates per metric.
ACTIONS: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (("Run positive action recruitment campaigns for bands where BME staff are under-represented and monitor "
         "their impact each quarter.", "More BME applicants shortlisted for under-represented bands.",
         "Head of Recruitment"),
        ("Identify staff affected by the race disparity ratio and offer places on internal development courses."
         "\nUse career conversation drop-ins to promote the opportunities.",
         "BME representation rises in the target bands.", "Head of Organisational Development"),
        ("Extend the reverse mentoring scheme to all members of the executive team.",
         "Every executive director has a reverse mentor.", "Director of People")),
    2: (("Ensure every interview panel for band 7 and above includes a trained diverse panel member.",
         "Diverse panels in place for senior posts.", "Head of Recruitment"),
        ("Offer one-to-one interview preparation to BME applicants.", "The appointment ratio moves towards 1.",
         "Race Equality Network Chair")),
    3: (("Introduce a pre-formal decision checklist reviewed by a senior manager before any formal investigation.",
         "Fewer cases enter the formal process without review.", "Head of Employee Relations"),
        ("Train investigating officers in cultural awareness and just culture principles.",
         "All investigating officers trained.", "Head of Employee Relations"),
        ("Review a sample of closed cases each quarter for learning.", "Quarterly assurance report to the "
                                                                       "People Committee.", "Deputy Director of People")),
    4: (("Record all non-mandatory training and CPD on OLM and publish uptake by ethnicity quarterly.",
         "Complete data on access to development.", "Head of Learning and Development"),
        ("Ring-fence CPD funding places for BME staff in bands 5 to 7.", "Access ratio moves towards 1.",
         "Head of Learning and Development")),
    5: (("Roll out body-worn cameras and conflict resolution support in high-risk areas.",
         "Fewer incidents of abuse from the public.", "Head of Security and Resilience"),
        ("Encourage staff to report abuse from the public and provide support after incidents.",
         "Higher reporting and better support.", "Head of Health and Wellbeing")),
    6: (("Deliver anti-racism awareness sessions for all line managers.", "At least ten sessions in the year.",
         "EDI Lead"),
        ("Promote the Freedom to Speak Up service to BME staff networks.", "More concerns raised early.",
         "Freedom to Speak Up Guardian")),
    7: (("Run career conversations for BME staff in bands 5 to 7.", "More BME staff believe opportunities are fair.",
         "Head of Organisational Development"),
        ("Publish the progression data by ethnicity every six months.", "Transparent progression data.",
         "Head of Workforce Information")),
    8: (("Launch the anti-racism charter and train senior managers in its expectations.",
         "Fewer reports of discrimination from colleagues.", "EDI Lead"),
        ("Appoint diversity champions in every directorate.", "A champion in every directorate.",
         "Race Equality Network Chair")),
    9: (("Use diverse shortlists and panels for all board appointments.",
         "Board membership reflects the workforce.", "Chair"),),
}
TIMELINES = ("June", "September", "December", "March")
PROGRESS = ("On track", "Completed", "Delayed: awaiting funding", "Ongoing", "")
RAG = ("Green", "Amber", "Red", "Green", "")


def plan_years(sim: Simulation) -> list[int]:
    """Report years with a plan (the previous year must be simulated for its baseline)."""
    return [y for y in sim.report_years if y - 1 in sim.report_years]


def _baseline(sim: Simulation, year: int) -> dict:
    """WRES values of report year ``year`` from the truth builders of the other sources."""
    def pick(rows: list[dict], **match) -> dict:
        return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), {})

    ind1 = [r for r in indicator_1(sim) if r["report_year"] == year]
    overall = pick(ind1, subgroup="overall:total")
    out = {
        "ind1": ind1,
        "overall_bme_pct": 100.0 * overall.get("bme", 0) / overall["total"] if overall.get("total") else None,
        2: pick(trac.indicator_2(sim), report_year=year).get("relative_likelihood"),
        3: pick(er.indicator_3(sim), report_year=year, subgroup="all:single_year").get("relative_likelihood"),
        4: pick(olm.indicator_4(sim), report_year=year).get("relative_likelihood"),
        9: pick(board.indicator_9(sim), report_year=year, subgroup="board:voting"),
    }
    for ind, fn in ((5, survey.indicator_5), (6, survey.indicator_6), (7, survey.indicator_7), (8, survey.indicator_8)):
        out[ind] = pick(fn(sim), report_year=year).get("bme_percent")
    return out


def _key_stats(metric: int, base: dict, year: int) -> str:
    at = f"March {year}"
    if metric == 1:
        pct = base["overall_bme_pct"]
        return f"BME staff were {pct:.1f}% of the workforce at {at}." if pct is not None else ""
    if metric in (2, 3, 4):
        v = base[metric]
        return f"The ratio at {at} was {v:.2f}." if v is not None else f"No ratio could be calculated at {at}."
    if metric in (5, 6, 7, 8):
        v = base[metric]
        return f"In the {year - 1} staff survey the figure for BME staff was {v:.1f}%." if v is not None else ""
    b = base[9]
    if b.get("total"):
        return f"{b['bme']} of {b['total']} voting board members were BME at {at}."
    return ""


def _targets(sim: Simulation, year: int, base: dict) -> list[dict]:
    due = dt.date(year, 3, 31)
    rows: list[dict] = []

    def add(metric: int, breakdown: str, value: float | int, unit: str, direction: str) -> None:
        text = {"ratio": f"{value:.2f}", "percent": f"{value:g}%", "headcount": f"{int(value)}"}[unit]
        rows.append({"metric": f"Indicator {metric}", "breakdown": breakdown, "target": text, "value": value,
                     "unit": unit, "direction": direction, "due_date": due})

    if base["overall_bme_pct"] is not None:
        add(1, "Overall", round(base["overall_bme_pct"] + 2.0, 1), "percent", "at least")
    add(1, "Every AfC band", 19, "percent", "at least")
    for r in base["ind1"]:
        category, row = r["subgroup"].split(":")
        if category == "medical" or row not in ref.AFC_BANDS or r["total"] < 10:
            continue
        if Fraction(r["bme"], r["total"]) < MODEL_EMPLOYER_TARGET:
            needed = math.ceil(MODEL_EMPLOYER_TARGET * r["total"])
            label = ("Clinical " if category == "clinical" else "Non-clinical ") + row.replace("band_", "Band ")
            add(1, label, needed, "headcount", "at least")
    add(2, "All posts", 1.0, "ratio", "at most")
    add(3, "All staff", 1.14, "ratio", "at most")
    add(4, "All staff", 1.0, "ratio", "at most")
    for metric in (5, 6, 7, 8):
        if metric == 7:
            add(7, "BME", 69, "percent", "at least")
        elif base[metric] is not None:
            add(metric, "BME", round(max(base[metric] - 2.0, 0.0), 1), "percent", "at most")
    if base["overall_bme_pct"] is not None:
        add(9, "Voting board", round(base["overall_bme_pct"], 1), "percent", "at least")
    return rows


def _register(sim: Simulation, year: int, base: dict) -> list[dict]:
    rng = source_rng(sim, f"action_plan:{year}")
    rows = []
    for metric, actions in ACTIONS.items():
        for i, (action, outcome, lead) in enumerate(actions, start=1):
            title = f"Metric {metric} - {METRIC_TITLES[metric]}"
            stats = _key_stats(metric, base, year - 1) if i == 1 else ""
            month = TIMELINES[int(rng.integers(0, len(TIMELINES)))]
            timeline = f"{month} {year if month == 'March' else year - 1}" if rng.random() < 0.8 else "Ongoing"
            k = int(rng.integers(0, len(PROGRESS)))
            rows.append({"No": f"{metric}.{i}", "Metric": f"{title}. {stats}".strip() if stats else title,
                         "Action": action, "Outcome": outcome, "Lead": lead, "Timeline": timeline,
                         "Progress": PROGRESS[k] or None, "RAG": RAG[k] or None})
    return rows


def build_plans(sim: Simulation) -> dict[int, dict]:
    out = {}
    for year in plan_years(sim):
        base = _baseline(sim, year - 1)
        out[year] = {"register": _register(sim, year, base), "targets": _targets(sim, year, base)}
    return out


def plans(sim: Simulation) -> dict[int, dict]:
    return cached(sim, "action_plan", build_plans)


def register_file_name(org_code: str, year: int) -> str:
    return f"WRES_Action_Plan_{org_code}_{fy_label(year)}.csv"


def targets_file_name(org_code: str, year: int) -> str:
    return f"WRES_Action_Plan_Targets_{org_code}_{fy_label(year)}.csv"


@register_writer(SOURCE, SHAPE, default=True)
def write_action_plan(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """The action register and the targets table of each plan year."""
    out = []
    for year, plan in plans(sim).items():
        title = f"Workforce Race Equality Standard (WRES) Action Plan {year - 1}/{year % 100:02d}"
        register = pl.DataFrame(plan["register"], schema={c: pl.String for c in REGISTER_COLUMNS})
        name = register_file_name(sim.org.code, year)
        n = write_report_csv(ctx.out_dir / SOURCE / name, [title, f"Organisation: {org_l2(sim)}"], register)
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
        targets = pl.DataFrame({
            "Metric": [t["metric"] for t in plan["targets"]],
            "Breakdown": [t["breakdown"] for t in plan["targets"]],
            "Target": [t["target"] for t in plan["targets"]],
            "Direction": [t["direction"] for t in plan["targets"]],
            "Due Date": pl.Series([t["due_date"] for t in plan["targets"]], dtype=pl.Date),
        })
        name = targets_file_name(sim.org.code, year)
        n = write_report_csv(ctx.out_dir / SOURCE / name, [f"{title}: targets", f"Organisation: {org_l2(sim)}"],
                             targets)
        out.append(WrittenFile(SOURCE, SHAPE, sim.org.code, f"{SOURCE}/{name}", n))
    return out


@register_truth("action_plan_targets")
def action_plan_targets(sim: Simulation) -> list[dict]:
    return [{"org_code": sim.org.code, "plan_year": year, **{k: v for k, v in t.items() if k != "due_date"},
             "due_date": t["due_date"].isoformat()} for year, plan in plans(sim).items() for t in plan["targets"]]

