"""Truth manifest: expected indicator values computed directly from the simulation.

The manifest (``OUT/_truth/truth.json``) is what tests compare the pipeline against.
It is computed from :class:`~wres_synth.simulation.Simulation` tables
(canonical values), never from the written files and never with pipeline code.

Structure::

    {
      "meta":   {profile, seed, end_year, years, report_years, generator_version,
                 sources, orgs: [{org_code, org_name, vpd, trust_type, ics_code, ics_name,
                                  region_code, region_name}, ...]},
      "counts": {"esr_staff_in_post/ESR_Staff_In_Post_SY001_20240331.csv": <data rows>, ...},
      "indicator_1": [{org_code, report_year, subgroup, white, bme, unknown, total}, ...]
    }

Each truth section is produced by a builder registered in :data:`TRUTH_BUILDERS`
(``name -> function(sim) -> list[dict]``); rows of all organisations are concatenated
in organisation order.  Later extensions register e.g. ``indicator_2`` or ``team_flags``.

Counting rules for indicator 1 (source-extracts.md §8, wres-indicators.md §1 / §13.1):

* snapshot 31 March of each report year; headcount of **people**;
* an assignment counts if its category is Permanent, Fixed Term Temp or Locum (not Bank
  or Honorary) and its status is Active Assignment, Acting Up, Internal Secondment or
  Maternity & Adoption (not Suspend No Pay, Career Break, External Secondment);
* each person is classified by one counted assignment: the primary one, else highest
  FTE, then earliest assignment start, then lowest assignment number;
* category: medical if the occupation code is numeric or the staff group is Medical and
  Dental; non-clinical if the staff group is Administrative and Clerical or Estates and
  Ancillary; otherwise clinical (students included);
* rows: AfC band / VSM for non-clinical and clinical; medical clusters by grade, with
  ``consultant_senior_medical_manager`` the consultants whose job role is Medical
  Director or Clinical Director (a sub-count, also inside ``consultant``).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from . import reference as ref
from .simulation import Simulation

COUNTED_CATEGORIES: tuple[str, ...] = ("Permanent", "Fixed Term Temp", "Locum")
COUNTED_STATUSES: tuple[str, ...] = ("Active Assignment", "Acting Up", "Internal Secondment", "Maternity & Adoption")
NON_CLINICAL_STAFF_GROUPS: tuple[str, ...] = ("Administrative and Clerical", "Estates and Ancillary")

AFC_ROWS: tuple[str, ...] = ("under_band_1",) + ref.AFC_BANDS + ("vsm", "total")
MEDICAL_ROWS: tuple[str, ...] = ("consultant", "consultant_senior_medical_manager", "non_consultant_career_grade",
                                 "trainee", "other", "total")
INDICATOR_1_SUBGROUPS: tuple[str, ...] = (
    tuple(f"non_clinical:{r}" for r in AFC_ROWS)
    + tuple(f"clinical:{r}" for r in AFC_ROWS)
    + tuple(f"medical:{r}" for r in MEDICAL_ROWS)
    + ("overall:total",)
)


def counted_people(assignments: pl.DataFrame) -> pl.DataFrame:
    """One row per counted person per snapshot: the assignment chosen by the §8 rules."""
    return (
        assignments
        .filter(pl.col("assignment_category").is_in(COUNTED_CATEGORIES)
                & pl.col("assignment_status").is_in(COUNTED_STATUSES))
        .sort(["snapshot_date", "employee_number", "primary", "fte", "assignment_start", "assignment_number"],
              descending=[False, False, True, True, False, False])
        .unique(["snapshot_date", "employee_number"], keep="first", maintain_order=True)
    )


def wres_category_expr() -> pl.Expr:
    """Clinical / non-clinical / medical category of an assignment row (§2.4)."""
    return (
        pl.when(pl.col("occupation_code").str.contains(r"^[0-9]{3}$")
                | (pl.col("staff_group") == "Medical and Dental")).then(pl.lit("medical"))
        .when(pl.col("staff_group").is_in(NON_CLINICAL_STAFF_GROUPS)).then(pl.lit("non_clinical"))
        .otherwise(pl.lit("clinical"))
    )


def indicator_1(sim: Simulation) -> list[dict]:
    """Indicator 1 headcounts (White / BME / Unknown) for every 31 March snapshot and every subgroup."""
    march = [d for d in sim.snapshot_dates if d.month == 3 and d.day == 31]
    rows_by_grade = {g.key: g.wres_row for g in ref.GRADES}
    people = counted_people(sim.assignments.filter(pl.col("snapshot_date").is_in(march)))
    people = people.with_columns(
        category=wres_category_expr(),
        row=pl.col("grade").replace_strict(rows_by_grade, default="other"),
        report_year=pl.col("snapshot_date").dt.year(),
    ).with_columns(
        # a medical-category person on a non-medical grade is reported as "other"
        row=pl.when((pl.col("category") == "medical")
                    & ~pl.col("row").is_in(["consultant", "non_consultant_career_grade", "trainee"]))
        .then(pl.lit("other")).otherwise(pl.col("row")),
    )
    smm = people.filter((pl.col("row") == "consultant") & pl.col("job_role").is_in(ref.SENIOR_MEDICAL_MANAGER_ROLES))
    parts = [
        people.select("report_year", pl.concat_str("category", pl.lit(":"), "row").alias("subgroup"), "wres_group"),
        smm.select("report_year", pl.lit("medical:consultant_senior_medical_manager").alias("subgroup"), "wres_group"),
        people.select("report_year", pl.concat_str("category", pl.lit(":total")).alias("subgroup"), "wres_group"),
        people.select("report_year", pl.lit("overall:total").alias("subgroup"), "wres_group"),
    ]
    counts = (
        pl.concat(parts)
        .group_by("report_year", "subgroup")
        .agg(white=(pl.col("wres_group") == "white").sum(), bme=(pl.col("wres_group") == "bme").sum(),
             unknown=(pl.col("wres_group") == "unknown").sum())
    )
    grid = pl.DataFrame({"report_year": [d.year for d in march]}).join(
        pl.DataFrame({"subgroup": list(INDICATOR_1_SUBGROUPS)}), how="cross")
    unexpected = counts.join(grid, on=["report_year", "subgroup"], how="anti")
    if unexpected.height:
        raise ValueError(f"indicator 1 rows outside the §13.1 grid: {unexpected['subgroup'].unique().to_list()}")
    full = (
        grid.join(counts, on=["report_year", "subgroup"], how="left", maintain_order="left")
        .with_columns(pl.col("white", "bme", "unknown").fill_null(0).cast(pl.Int64))
        .with_columns(total=pl.col("white") + pl.col("bme") + pl.col("unknown"))
    )
    return [
        {"org_code": sim.org.code, "report_year": r["report_year"], "subgroup": r["subgroup"], "white": r["white"],
         "bme": r["bme"], "unknown": r["unknown"], "total": r["total"]}
        for r in full.iter_rows(named=True)
    ]


#: Registered truth sections: name -> builder(sim) -> rows.
TRUTH_BUILDERS: dict[str, Callable[[Simulation], list[dict]]] = {
    "indicator_1": indicator_1,
}


def register_truth(name: str) -> Callable[[Callable[[Simulation], list[dict]]], Callable[[Simulation], list[dict]]]:
    """Decorator registering a truth builder under ``name`` (a top-level key of truth.json)."""

    def decorate(fn: Callable[[Simulation], list[dict]]) -> Callable[[Simulation], list[dict]]:
        TRUTH_BUILDERS[name] = fn
        return fn

    return decorate
