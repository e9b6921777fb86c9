"""Disclosure control for the published warehouse (wres-indicators.md §12).

The private build database keeps every value; the published copy blanks (NULL) the cells that could
identify people and says why in ``suppression_rule``:

* ``primary``       a headcount cell of 1 to (suppress_below - 1) people (default 1-4);
* ``secondary``     a further cell blanked so that a primary one cannot be recovered by subtraction
                    from its row total (White + BME + Unknown = total) or its column total (the band /
                    cluster rows of a category add up to the category total; the category totals add
                    up to the overall workforce);
* ``derived``       a percentage, gap or ratio computed from a blanked count;
* ``rl_small_cells`` a relative likelihood whose event or population counts include a small cell;
* ``survey_lt11``   a staff-survey percentage resting on fewer than 11 responses.

Indicator 9 (board) is never suppressed: it is published by design (§9), with its counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial

import polars as pl

COUNT_CELLS = ("white", "bme", "unknown", "total")
# Rows that are sub-counts of another row and take no part in the column sums.
SUB_COUNT_ROWS = {"consultant_senior_medical_manager"}
RL_INDICATORS = {2, 3, 4}
SURVEY_INDICATORS = {5, 6, 7, 8}
NEVER_SUPPRESSED = {9}


def _small(n: float | None, threshold: int) -> bool:
    return n is not None and 1 <= n < threshold


def secondary_suppression(cells: dict[str, dict[str, float]], threshold: int) -> dict[tuple[str, str], str]:
    """Choose the blanked cells of one organisation-year indicator 1 table.

    ``cells`` maps subgroup ('clinical:band_5') -> {'white', 'bme', 'unknown', 'total'} counts.
    Returns {(subgroup, cell): 'primary' | 'secondary'}. Repeats until no row or column total lets a
    single blanked cell be recovered: each constraint with blanked cells gets at least two, the extra
    one being the smallest non-zero cell that is still shown.
    """
    blanked: dict[tuple[str, str], str] = {
        (sub, cell): "primary"
        for sub, counts in cells.items()
        for cell in COUNT_CELLS
        if _small(counts.get(cell), threshold)
    }
    constraints: list[list[tuple[str, str]]] = []
    for sub in cells:  # row: white + bme + unknown = total
        constraints.append([(sub, c) for c in COUNT_CELLS])
    by_category: dict[str, list[str]] = defaultdict(list)
    for sub in cells:
        category, row = sub.split(":", 1)
        if row not in ("total", *SUB_COUNT_ROWS) and category != "overall":
            by_category[category].append(sub)
    for category, rows in by_category.items():  # column: rows of a category = category total
        if f"{category}:total" in cells:
            for cell in COUNT_CELLS:
                constraints.append([(r, cell) for r in rows] + [(f"{category}:total", cell)])
    totals = [s for s in cells if s.endswith(":total") and not s.startswith("overall")]
    if "overall:total" in cells:  # column: category totals = overall total
        for cell in COUNT_CELLS:
            constraints.append([(t, cell) for t in totals] + [("overall:total", cell)])

    member_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, members in enumerate(constraints):
        for m in members:
            member_of[m].append(i)

    def new_exposures(cell: tuple[str, str]) -> int:
        """How many other constraints of this cell would go from 0 to 1 hidden cells (a new cascade)."""
        return sum(1 for i in member_of[cell] if sum(m in blanked for m in constraints[i]) == 0)

    changed = True
    while changed:
        changed = False
        for members in constraints:
            hidden = [m for m in members if m in blanked]
            if len(hidden) != 1:
                continue
            shown = [m for m in members if m not in blanked]
            non_zero = [m for m in shown if (cells[m[0]].get(m[1]) or 0) > 0]
            # Prefer a cell whose other totals already hide something (no new cascade), then the smallest.
            pick = min(non_zero or shown, key=lambda m: (new_exposures(m), cells[m[0]].get(m[1]) or 0, m), default=None)
            if pick is not None:
                blanked[pick] = "secondary"
                changed = True
    return blanked


def _indicator_1_rules(frame: pl.DataFrame, threshold: int) -> dict[tuple, str]:
    """(org, period_type, period_end, subgroup, cell) -> rule, for the indicator 1 headcount cells."""
    rules: dict[tuple, str] = {}
    head = frame.filter((pl.col("indicator") == 1) & (pl.col("measure") == "headcount"))
    groups: dict[tuple, dict[str, dict[str, float]]] = defaultdict(dict)
    for r in head.iter_rows(named=True):
        key = (r["org_code"], r["period_type"], r["period_end"])
        groups[key][r["subgroup"]] = {
            "white": r["white_value"], "bme": r["bme_value"], "unknown": r["unknown_value"], "total": r["value"],
        }
    for key, cells in groups.items():
        for (sub, cell), rule in secondary_suppression(cells, threshold).items():
            rules[(*key, sub, cell)] = rule
    return rules


def apply(frame: pl.DataFrame, suppress_below: int, survey_min: int) -> pl.DataFrame:
    """The published form of marts.wres_indicator_result: blanked cells and their suppression_rule."""
    rules = _indicator_1_rules(frame, suppress_below)
    out = []
    for r in frame.iter_rows(named=True):
        r = dict(r)
        rule = None
        if r["indicator"] in NEVER_SUPPRESSED:
            pass
        elif r["indicator"] == 1:
            key = (r["org_code"], r["period_type"], r["period_end"], r["subgroup"])
            hidden = {c: rules.get((*key, c)) for c in COUNT_CELLS}
            if r["measure"] == "headcount":
                for cell, column in (("white", "white_value"), ("bme", "bme_value"), ("unknown", "unknown_value"), ("total", "value")):
                    if hidden[cell]:
                        r[column] = None
                if hidden["unknown"]:
                    r["unknown_count"] = None
                rule = _strongest(hidden.values())
            else:  # percent, bme_gap_pp, bme_ratio: derived from the counts
                if hidden["total"]:
                    hidden = dict.fromkeys(COUNT_CELLS, "derived")
                for cell, column in (("white", "white_value"), ("bme", "bme_value"), ("unknown", "unknown_value")):
                    if hidden[cell]:
                        r[column] = None
                if hidden["bme"] or hidden["total"]:
                    r["value"] = r["numerator"] = None
                if hidden["total"]:
                    r["denominator"] = None
                if hidden["unknown"]:
                    r["unknown_count"] = None
                rule = "derived" if any(hidden.values()) else None
        elif r["indicator"] in RL_INDICATORS:
            small = [r.get(c) for c in ("white_events", "bme_events", "white_population", "bme_population")]
            if any(_small(n, suppress_below) for n in small) or _small(r.get("unknown_count"), suppress_below):
                for column in ("value", "white_value", "bme_value", "ci_lower", "ci_upper", "range_class",
                               "white_events", "bme_events", "numerator", "unknown_count"):
                    r[column] = None
                rule = "rl_small_cells"
        elif r["indicator"] in SURVEY_INDICATORS:
            base = r.get("denominator")
            if r.get("status") == "SUPPRESSED_LT11" or (base is not None and base < survey_min):
                for column in ("value", "white_value", "bme_value", "numerator"):
                    r[column] = None
                rule = "survey_lt11"
        r["suppression_rule"] = rule
        out.append(r)
    schema = dict(frame.schema) | {"suppression_rule": pl.String}
    return pl.DataFrame(out, schema=schema)


def _strongest(rules: Iterable[str | None]) -> str | None:
    present = {r for r in rules if r}
    for rule in ("primary", "secondary", "derived"):
        if rule in present:
            return rule
    return None


# The publication policy, in one place: what is transformed on the way out, what runs afterwards in the
# published copy, and what never leaves the build database.
# The benchmark marts are re-ranked on the published values (after the summary is blanked), so a
# published rank, group size or group figure never rests on a suppressed value.
POST_PUBLICATION_SQL = (
    "publish_disclosure_wres_summary.sql",
    "create_benchmark_macros.sql",
    "create_marts_benchmark_indicator.sql",
    "create_marts_benchmark_rdr.sql",
)
# The NHS England return carries the unsuppressed counts the national collection asks for: it is a
# submission (written to WAREHOUSE/exports/), not a table for general BI use.
PRIVATE_TABLES = ("marts.wres_return",)


def transforms(suppress_below: int, survey_min: int) -> dict[str, Callable[[pl.DataFrame], pl.DataFrame]]:
    return {"marts.wres_indicator_result": partial(apply, suppress_below=suppress_below, survey_min=survey_min)}
