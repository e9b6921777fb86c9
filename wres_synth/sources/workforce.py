"""Truth of the ESR-derived extras: Race Disparity Ratio and team representation flags.

Both are computed from the §8 workforce at each 31 March snapshot (counted people, one
chosen assignment each; :func:`wres_synth.truth.counted_people`).

``race_disparity_ratio`` (wres-indicators.md §11.1): AfC staff only (medical & dental
and VSM excluded; bank excluded by §8), Unknown excluded.  Levels: lower = under band 1
and bands 1-5, middle = bands 6-7, upper = bands 8a-9.  One row per report year,
population (``all``, ``clinical``, ``non_clinical``) and pair (``lower_to_upper``,
``middle_to_upper``, ``lower_to_middle``) with the four counts, the ratio-of-ratios
``(W_to / W_from) / (B_to / B_from)`` and the alternative share form
``(W_to / (W_to + W_from)) / (B_to / (B_to + B_from))`` (null when a count is 0).

``team_flags`` (§11.4): teams = ESR ``Org L4``; each team with at least one counted person
at 31 March is ``NO_BME`` (no BME staff), ``BELOW_TARGET`` (0 < BME / headcount < 19 %)
or ``AT_OR_ABOVE``; the ``*_known`` variant uses BME / (White + BME).  ``SMALL_TEAM``
(headcount below 10) is counted alongside.  One row per report year and directorate
(``Org L3`` exactly as in ESR), plus a ``directorate = "all"`` row.
"""

from __future__ import annotations

import polars as pl

from ..simulation import Simulation
from ..truth import register_truth, wres_category_expr
from .common import workforce_31_march

LEVELS: dict[str, str] = {
    "under_band_1": "lower", "band_1": "lower", "band_2": "lower", "band_3": "lower", "band_4": "lower",
    "band_5": "lower", "band_6": "middle", "band_7": "middle", "band_8a": "upper", "band_8b": "upper",
    "band_8c": "upper", "band_8d": "upper", "band_9": "upper",
}
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("lower_to_upper", "lower", "upper"), ("middle_to_upper", "middle", "upper"), ("lower_to_middle", "lower", "middle"),
)
TEAM_TARGET_PERCENT = 19
SMALL_TEAM_BELOW = 10


@register_truth("race_disparity_ratio")
def race_disparity_ratio(sim: Simulation) -> list[dict]:
    people = workforce_31_march(sim).with_columns(category=wres_category_expr())
    afc = people.filter((pl.col("category") != "medical") & pl.col("grade").is_in(list(LEVELS))
                        & (pl.col("wres_group") != "unknown")).with_columns(
        level=pl.col("grade").replace_strict(LEVELS, return_dtype=pl.String))
    out = []
    for year in sorted(afc["report_year"].unique().to_list()):
        for population in ("all", "clinical", "non_clinical"):
            part = afc.filter(pl.col("report_year") == year)
            if population != "all":
                part = part.filter(pl.col("category") == population)
            n = {(lv, g): int(((part["level"] == lv) & (part["wres_group"] == g)).sum())
                 for lv in ("lower", "middle", "upper") for g in ("white", "bme")}
            for pair, lo, hi in PAIRS:
                wf, wt, bf, bt = n[(lo, "white")], n[(hi, "white")], n[(lo, "bme")], n[(hi, "bme")]
                ratio = (wt / wf) / (bt / bf) if wf and bf and bt else None
                share = (wt / (wt + wf)) / (bt / (bt + bf)) if bt and (wt + wf) else None
                out.append({"org_code": sim.org.code, "report_year": year, "subgroup": f"{population}:{pair}",
                            "population": population, "pair": pair, "white_from": wf, "white_to": wt,
                            "bme_from": bf, "bme_to": bt, "ratio": ratio, "share_ratio": share})
    return out


@register_truth("team_flags")
def team_flags(sim: Simulation) -> list[dict]:
    people = workforce_31_march(sim).join(sim.teams.select("team_id", "org_l4"), on="team_id", how="left").join(
        sim.directorates.select("directorate_id", "org_l3"), on="directorate_id", how="left")
    teams = people.group_by("report_year", "org_l3", "org_l4").agg(
        white=(pl.col("wres_group") == "white").sum(), bme=(pl.col("wres_group") == "bme").sum(),
        unknown=(pl.col("wres_group") == "unknown").sum(), n=pl.len()).sort("report_year", "org_l3", "org_l4")
    t = TEAM_TARGET_PERCENT

    def flag(denominator: pl.Expr) -> pl.Expr:
        return (pl.when(pl.col("bme") == 0).then(pl.lit("NO_BME"))
                .when(100 * pl.col("bme") < t * denominator).then(pl.lit("BELOW_TARGET"))
                .otherwise(pl.lit("AT_OR_ABOVE")))

    teams = teams.with_columns(flag=flag(pl.col("n")), flag_known=flag(pl.col("white") + pl.col("bme")),
                               small=pl.col("n") < SMALL_TEAM_BELOW)
    aggs = dict(
        teams=pl.len(),
        no_bme=(pl.col("flag") == "NO_BME").sum(),
        below_target=(pl.col("flag") == "BELOW_TARGET").sum(),
        at_or_above=(pl.col("flag") == "AT_OR_ABOVE").sum(),
        below_target_known=(pl.col("flag_known") == "BELOW_TARGET").sum(),
        at_or_above_known=(pl.col("flag_known") == "AT_OR_ABOVE").sum(),
        small_team=pl.col("small").sum(),
        small_team_no_bme=(pl.col("small") & (pl.col("flag") == "NO_BME")).sum(),
    )
    by_dir = teams.group_by("report_year", "org_l3").agg(**aggs).sort("report_year", "org_l3")
    overall = teams.group_by("report_year").agg(**aggs).with_columns(org_l3=pl.lit("all")).sort("report_year")
    rows = pl.concat([by_dir, overall.select(by_dir.columns)]).sort(
        "report_year", pl.col("org_l3") == "all", "org_l3")
    return [{"org_code": sim.org.code, "report_year": r["report_year"], "directorate": r["org_l3"],
             "target_percent": t, "small_team_below": SMALL_TEAM_BELOW,
             **{k: int(r[k]) for k in aggs}} for r in rows.iter_rows(named=True)]

