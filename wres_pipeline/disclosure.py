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

Indicator 9 (board) is published by design (§9), with its counts; only its difference from the workforce
BME % is blanked (``derived``) where that percentage is (board BME % - difference would give it back).

Across indicators: indicators 3 and 4 divide by the workforce, so a population equal to a blanked
indicator 1 overall count (or, two years pooled, resting on one) is blanked with its rates and RL
(``secondary``); a staff-survey group under the threshold has no base published, nor an Unknown count
under it. ``sql/check_publication_disclosure.sql`` runs on every publication and fails it if any blanked
cell can still be recomputed from the published ones.

The measures marts (issue 7) follow the same rules through one table of policies (``MEASURE_POLICIES``):
each names its count cells (White / BME / Unknown / total, which add up along the row), the breakdowns
that add up to the ``all`` row (band, staff group, directorate, service team within its directorate ...)
and the columns derived from the counts (percentages, rates, relative likelihoods, gaps). Secondary
suppression runs over every count of one organisation and period at once, so a count repeated in two
rows (a population beside its events) is blanked in both or neither; every derived column of a row with
a blanked count is blanked (``derived``); the pay gap of a group below thresholds.pay_gap_min_group is
blanked (``pay_gap_small_group``). Team names and flags stay: the seed's question is which teams have no
BME member; team counts are tables of teams, not of people, and are published as they are.

The SPC chart points (``marts.spc_points``) are a measures mart too: each point's events and headcount
(BME staff of a band and its headcount) are counts of people. The points are built from publishable
values only, so the policy finds nothing to blank on a normal build; should a small count reach them,
the point's value is blanked and so is every value computed over the whole series (centre line,
limits, moving ranges: ``series``), and ``marts.spc_series`` is rebuilt on the published points.

Which count columns count no people (teams, organisations, chart points, actions) is said in
``NOT_PEOPLE``: those are published as they are, with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from .indicators import indicators

COUNT_CELLS = ("white", "bme", "unknown", "total")
# Rows that are sub-counts of another row and take no part in the column sums.
SUB_COUNT_ROWS = {"consultant_senior_medical_manager"}
# Rows that add up other rows of the table (ref.indicator_1_row.in_band_8a_plus; tests/test_disclosure.py
# checks the two agree): the Model Employer headline, bands 8a to 9 and VSM of the AfC categories.
AGGREGATE_ROWS = {
    "afc:band_8a_plus": tuple(f"{category}:{band}" for category in ("non_clinical", "clinical")
                              for band in ("band_8a", "band_8b", "band_8c", "band_8d", "band_9", "vsm")),
}
# By disclosure rule, from the indicator catalogue (reference_data/wres_indicators.csv, ref.wres_indicator).
RL_INDICATORS = frozenset(n for n, i in indicators().items() if i.disclosure == "rl_small_cells")
SURVEY_INDICATORS = frozenset(n for n, i in indicators().items() if i.disclosure == "survey_lt11")
NEVER_SUPPRESSED = frozenset(n for n, i in indicators().items() if i.disclosure == "published")


def _small(n: float | None, threshold: int) -> bool:
    return n is not None and 1 <= n < threshold


def _order(cell: Hashable) -> tuple[str, ...]:
    """A total order on cell ids (tuples that may hold None), for deterministic tie-breaks."""
    return tuple(str(part) for part in cell) if isinstance(cell, tuple) else (str(cell),)


def secondary_suppression(cells: dict[str, dict[str, float]], threshold: int,
                          forced: Iterable[tuple[str, str]] = ()) -> dict[tuple[str, str], str]:
    """Choose the blanked cells of one organisation-year indicator 1 table.

    ``cells`` maps subgroup ('clinical:band_5') -> {'white', 'bme', 'unknown', 'total'} counts.
    Returns {(subgroup, cell): 'primary' | 'secondary'} (see ``suppress``): the constraints are each row
    (white + bme + unknown = total), each category's band / cluster rows = its total, the category
    totals = the overall workforce, and each aggregate row (AGGREGATE_ROWS) = the rows it adds up.
    """
    constraints: list[list[tuple[str, str]]] = []
    for sub in cells:  # row: white + bme + unknown = total
        constraints.append([(sub, c) for c in COUNT_CELLS])
    by_category: dict[str, list[str]] = defaultdict(list)
    for sub in cells:
        category, row = sub.split(":", 1)
        if row not in ("total", *SUB_COUNT_ROWS) and sub not in AGGREGATE_ROWS and category != "overall":
            by_category[category].append(sub)
    for category, rows in by_category.items():  # column: rows of a category = category total
        if f"{category}:total" in cells:
            for cell in COUNT_CELLS:
                constraints.append([(r, cell) for r in rows] + [(f"{category}:total", cell)])
    totals = [s for s in cells if s.endswith(":total") and not s.startswith("overall")]
    if "overall:total" in cells:  # column: category totals = overall total
        for cell in COUNT_CELLS:
            constraints.append([(t, cell) for t in totals] + [("overall:total", cell)])
    for aggregate, members in AGGREGATE_ROWS.items():  # column: the rows an aggregate adds up = the aggregate
        if aggregate in cells:
            for cell in COUNT_CELLS:
                constraints.append([(r, cell) for r in members if r in cells] + [(aggregate, cell)])
    values = {(sub, cell): counts.get(cell) for sub, counts in cells.items() for cell in COUNT_CELLS}
    return suppress(values, constraints, threshold, forced)


def suppress(values: Mapping[Hashable, float | None], constraints: Sequence[Sequence[Hashable]],
             threshold: int, forced: Iterable[Hashable] = ()) -> dict[Hashable, str]:
    """Primary and secondary suppression of one table of counts.

    ``values`` maps a cell id to its count; each constraint lists cells whose sum is published elsewhere
    (a row and its total, the rows of a breakdown and the 'all' row). Returns {cell: 'primary' |
    'secondary'}: every cell of 1 .. threshold - 1 is primary; then, until no constraint has exactly one
    blanked cell (which subtraction would recover), each such constraint gets a second one, the smallest
    non-zero cell still shown, preferring a cell whose other constraints already hide something. ``forced``
    cells start blanked as secondary: cells another table blanks where it repeats them (``joint_forced``).
    """
    blanked: dict[Hashable, str] = {c: "primary" for c, n in values.items() if _small(n, threshold)}
    blanked |= {c: "secondary" for c in forced if c in values and c not in blanked}
    constraints = [list(m) for m in dict.fromkeys(tuple(m) for m in constraints)]
    member_of: dict[Hashable, list[int]] = defaultdict(list)
    for i, members in enumerate(constraints):
        for m in members:
            member_of[m].append(i)
    hidden_in = [sum(m in blanked for m in members) for members in constraints]  # blanked members, kept current

    def new_exposures(cell: Hashable) -> int:
        """How many other constraints of this cell would go from 0 to 1 hidden cells (a new cascade)."""
        return sum(1 for i in member_of[cell] if hidden_in[i] == 0)

    changed = True
    while changed:
        changed = False
        for i, members in enumerate(constraints):
            if hidden_in[i] != 1:
                continue
            shown = [m for m in members if m not in blanked]
            non_zero = [m for m in shown if (values.get(m) or 0) > 0]
            # Prefer a cell whose other totals already hide something (no new cascade), then the smallest.
            pick = min(non_zero or shown, key=lambda m: (new_exposures(m), values.get(m) or 0, _order(m)), default=None)
            if pick is not None:
                blanked[pick] = "secondary"
                for j in member_of[pick]:
                    hidden_in[j] += 1
                changed = True
    return blanked


def _indicator_1_rules(frame: pl.DataFrame, threshold: int, forced: Collection[tuple] = ()) -> dict[tuple, str]:
    """(org, period_type, period_end, subgroup, cell) -> rule, for the indicator 1 headcount cells; ``forced``
    cells (same ids) start blanked."""
    rules: dict[tuple, str] = {}
    head = frame.filter((pl.col("indicator") == 1) & (pl.col("measure") == "headcount"))
    groups: dict[tuple, dict[str, dict[str, float]]] = defaultdict(dict)
    for r in head.iter_rows(named=True):
        key = (r["org_code"], r["period_type"], r["period_end"])
        groups[key][r["subgroup"]] = {
            "white": r["white_value"], "bme": r["bme_value"], "unknown": r["unknown_value"], "total": r["value"],
        }
    for key, cells in groups.items():
        seeds = [f[3:] for f in forced if f[:3] == key]
        for (sub, cell), rule in secondary_suppression(cells, threshold, seeds).items():
            rules[(*key, sub, cell)] = rule
    return rules


def _mark(r: dict, rule: str | None) -> None:
    """Record why a published row was blanked; its suppressed_for_publication flag (where it has one) then says
    so too, whether the row held a small count itself or was blanked to protect another (complementary)."""
    r["suppression_rule"] = rule
    if "suppressed_for_publication" in r:
        r["suppressed_for_publication"] = bool(r["suppressed_for_publication"]) or rule is not None


def _workforce_cells(frame: pl.DataFrame, rules: Mapping[tuple, str]) -> dict[tuple, dict[str, tuple[float, bool]]]:
    """(org, period_type, period_end) -> {'white' | 'bme' | 'total': (count, hidden)} of the overall workforce
    (indicator 1 overall:total): the figures other indicators repeat (populations) or let be recomputed (the
    board's difference from the workforce BME %)."""
    cells: dict[tuple, dict[str, tuple[float, bool]]] = {}
    overall = frame.filter((pl.col("indicator") == 1) & (pl.col("measure") == "headcount")
                           & (pl.col("subgroup") == "overall:total"))
    for r in overall.iter_rows(named=True):
        key = (r["org_code"], r["period_type"], r["period_end"])
        cells[key] = {cell: (r[column], (*key, "overall:total", cell) in rules)
                      for cell, column in (("white", "white_value"), ("bme", "bme_value"), ("total", "value"))}
    return cells


def _year_before(key: tuple) -> tuple:
    org, period_type, period_end = key
    return org, period_type, period_end.replace(year=period_end.year - 1) if period_end else None


def _population_hidden(r: dict, workforce: Mapping[tuple, Mapping[str, tuple[float, bool]]], group: str) -> bool:
    """Whether an RL row's White / BME population repeats a blanked workforce count: the single-year
    population is the workforce at the period end; a two-year pooled one adds the year before, so it is
    blanked when either year's is (else pooled - the other year's published population recovers it)."""
    key = (r["org_code"], r["period_type"], r["period_end"])
    population = r.get(f"{group}_population")
    if population is None:
        return False
    if r["subgroup"].endswith("two_year_pooled"):
        return any(workforce.get(k, {}).get(group, (None, False))[1] for k in (key, _year_before(key)))
    count, hidden = workforce.get(key, {}).get(group, (None, False))
    return hidden and count == population


# The value cells of marts.wres_indicator_result and the column saying why each one is blank in the published
# copy (primary / secondary / derived / rl_small_cells / survey_lt11; NULL when it is shown or had no value).
CELL_RULE_COLUMNS = {"value": "value_suppression", "white_value": "white_value_suppression",
                     "bme_value": "bme_value_suppression", "unknown_value": "unknown_value_suppression"}


def apply(frame: pl.DataFrame, suppress_below: int, survey_min: int, forced: Collection[tuple] = ()) -> pl.DataFrame:
    """The published form of marts.wres_indicator_result: blanked cells and their suppression_rule."""
    rules = _indicator_1_rules(frame, suppress_below, forced)
    workforce = _workforce_cells(frame, rules)
    out = []
    for r in frame.iter_rows(named=True):
        r = dict(r)
        rule, cell_rules = None, {}
        shown_before = {column: r.get(column) is not None for column in CELL_RULE_COLUMNS}
        if r["indicator"] in NEVER_SUPPRESSED:
            # The board's own counts and percentages are published by design; its difference from the workforce
            # BME % is not when that percentage is blanked (board BME % - difference would give it back).
            overall = workforce.get((r["org_code"], r["period_type"], r["period_end"]), {})
            if any(hidden for _, hidden in (overall.get("bme", (0, False)), overall.get("total", (0, False)))):
                r["value"] = None
                rule = "derived"
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
                cell_rules = {"value": hidden["total"], "white_value": hidden["white"], "bme_value": hidden["bme"],
                              "unknown_value": hidden["unknown"]}
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
        elif r["indicator"] in RL_INDICATORS and r["measure"] == "coverage":
            # the share of cases / people matched to ESR: its counts are people too (1-4 blanked)
            if _small(r.get("numerator"), suppress_below) or _small(r.get("denominator"), suppress_below):
                r["value"] = r["numerator"] = r["denominator"] = None
                rule = "primary"
        elif r["indicator"] in RL_INDICATORS:
            small = [r.get(c) for c in ("white_events", "bme_events", "white_population", "bme_population")]
            # indicators 3 and 4 divide by the workforce: a population equal to a blanked workforce count is
            # blanked too, with the rates and RL it would give back (events / rate = population)
            linked = {g for g in ("white", "bme") if r["indicator"] != 2 and _population_hidden(r, workforce, g)}
            is_small = any(_small(n, suppress_below) for n in small) or _small(r.get("unknown_count"), suppress_below)
            if is_small or linked:
                for column in ("value", "white_value", "bme_value", "ci_lower", "ci_upper", "range_class",
                               "white_events", "bme_events", "numerator", "unknown_count"):
                    r[column] = None
                for group in ("white", "bme"):
                    if group in linked or _small(r.get(f"{group}_population"), suppress_below):
                        r[f"{group}_population"] = None
                rule = "rl_small_cells" if is_small else "secondary"
        elif r["indicator"] in SURVEY_INDICATORS:
            base = r.get("denominator")
            if r.get("status") == "SUPPRESSED_LT11" or (base is not None and base < survey_min):
                # no base either: the size of a group under the threshold is itself the small number
                for column in ("value", "white_value", "bme_value", "numerator", "denominator"):
                    r[column] = None
                rule = "survey_lt11"
            if _small(r.get("unknown_count"), survey_min):
                r["unknown_count"] = None
                rule = "survey_lt11"
        _mark(r, rule)
        for column, suppression in CELL_RULE_COLUMNS.items():  # why each value cell is blank, cell by cell
            r[suppression] = (cell_rules.get(column) or rule) if shown_before[column] and r.get(column) is None else None
        out.append(r)
    schema = dict(frame.schema) | {"suppression_rule": pl.String} | dict.fromkeys(CELL_RULE_COLUMNS.values(), pl.String)
    return pl.DataFrame(out, schema=schema)


def _strongest(rules: Iterable[str | None]) -> str | None:
    present = {r for r in rules if r}
    for rule in ("primary", "secondary", "derived"):
        if rule in present:
            return rule
    return None


# ---------------------------------------------------------------------------------------------------
# The measures marts (issue 7)
# ---------------------------------------------------------------------------------------------------
UNIT = ("org_code", "period_type", "period_end")  # one suppression run: an organisation and period
ROW = ("breakdown_type", "breakdown_value", "directorate")  # a row of a breakdown table
WBUT = ("n_white", "n_bme", "n_unknown", "n_total")
PCT = ("pct_white", "pct_bme", "pct_unknown")
RL = ("rate_white", "rate_bme", "relative_likelihood", "rl_ci_lower", "rl_ci_upper", "rl_range_class")
PAY = ("mean_hourly_pay_white", "mean_hourly_pay_bme", "median_hourly_pay_white", "median_hourly_pay_bme",
       "mean_gap_pct", "median_gap_pct")


@dataclass(frozen=True)
class Counts:
    """Count columns of a mart. With ``total`` they are White, BME, Unknown and their total (a row
    constraint); ``keys`` name, with the row's breakdown, the table the counts belong to (its breakdown
    rows add up to its 'all' row). ``same_as`` maps a row to the keys of the counts these columns
    repeat (a population shown beside its events), so both are the same cells."""

    columns: tuple[str, ...] = WBUT
    keys: tuple[str, ...] = ()
    total: bool = True
    same_as: Callable[[dict], tuple] | None = None


@dataclass(frozen=True)
class MartPolicy:
    counts: tuple[Counts, ...] = (Counts(),)
    partitions: tuple[str, ...] = ()  # breakdown types whose rows add up to the 'all' row
    derived: tuple[str, ...] = PCT  # blanked when a count of the row is blanked
    row: tuple[str, ...] = ROW
    small_group: tuple[str, ...] = field(default=())  # blanked when status is GROUP_BELOW_MINIMUM
    # other rows (keys of the first counts, row) the derived columns also divide by
    derived_from: Callable[[dict], list[tuple[tuple, tuple]]] | None = None
    # computed over every row of the same ``row`` (an SPC series' centre line and limits): blanked on all
    # of them when a count of any of them is blanked
    series: tuple[str, ...] = ()
    unit: tuple[str, ...] = UNIT  # the rows of one suppression run


def _all_row(r: dict) -> list[tuple[tuple, tuple]]:
    """A share of the 'all' row (pct_of_workforce, pct_of_white_leavers ...)."""
    return [((), ("all", "all", None))]


def _from_stage(r: dict) -> list[tuple[tuple, tuple]]:
    """A funnel conversion: this stage over the previous stage of the same breakdown."""
    row = (r["breakdown_type"], r["breakdown_value"], r.get("directorate"))
    return [((r["unit"], r["date_basis"], r["from_stage"]), row)] if r.get("from_stage") else []


STANDARD = ("band", "staff_group", "directorate", "service_team")
MEASURE_POLICIES: dict[str, MartPolicy] = {
    "marts.workforce_profile": MartPolicy(partitions=("band", "clinical_category", "staff_group"),
                                          derived=(*PCT, "pct_of_workforce"), derived_from=_all_row),
    "marts.representation": MartPolicy(counts=(Counts(keys=("gender",)),),
                                       partitions=("band", "directorate", "service_team")),
    "marts.team_flags": MartPolicy(row=("directorate", "service_team"), derived=(*PCT, "pct_bme_unknown_excluded")),
    "marts.starters": MartPolicy(partitions=STANDARD),
    "marts.early_leavers": MartPolicy(partitions=STANDARD),
    "marts.turnover": MartPolicy(
        counts=(Counts(("leavers_white", "leavers_bme", "leavers_unknown", "leavers_total")),
                Counts(("avg_headcount_white", "avg_headcount_bme", "avg_headcount_unknown", "avg_headcount_total"))),
        partitions=("band", "staff_group", "directorate"),
        derived=("pct_white_of_leavers", "pct_bme_of_leavers", "pct_unknown_of_leavers", *RL, "rate_unknown",
                 "rate_total"),
    ),
    "marts.leaving_reasons": MartPolicy(
        partitions=("leaving_reason", "information_level"),
        derived=(*PCT, "pct_of_white_leavers", "pct_of_bme_leavers", "pct_of_unknown_leavers", "pct_of_all_leavers"),
        derived_from=_all_row,
    ),
    "marts.recruitment_funnel": MartPolicy(
        counts=(Counts(keys=("unit", "date_basis", "stage")),), partitions=("band",),
        derived=(*PCT, "conversion_white", "conversion_bme", "conversion_unknown", "conversion_total", *RL),
        derived_from=_from_stage,
    ),
    "marts.er_measures": MartPolicy(
        counts=(Counts(keys=("measure", "outcome")),
                Counts(("population_white", "population_bme", "population_unknown", "population_total"),
                       keys=("measure", "outcome"),
                       same_as=lambda r: tuple((r["population_basis"] or ":").split(":", 1)))),
        partitions=("band",), derived=(*PCT, *RL),
    ),
    "marts.progression": MartPolicy(
        counts=(Counts(keys=("measure",)),
                Counts(("population_white", "population_bme", "population_unknown", "population_total"),
                       keys=("population_basis",))),
        partitions=("band",), derived=(*PCT, *RL),
    ),
    "marts.ethnicity_pay_gap": MartPolicy(counts=(Counts(keys=("measure",)),), partitions=("staff_group",),
                                          derived=(*PCT, *PAY), small_group=("mean_gap_pct", "median_gap_pct")),
    "marts.model_employer_gap": MartPolicy(
        counts=(Counts(keys=("staff_scope",)),), row=("band",),
        derived=("pct_bme", "pct_bme_of_basis", "n_basis", "target_bme_headcount", "needed_replace",
                 "needed_growth", "pct_bme_after_replace", "pct_bme_after_growth"),
    ),
    "marts.race_disparity_ratio": MartPolicy(
        counts=(Counts(("white_from", "white_to", "bme_from", "bme_to", "unknown_excluded"), total=False),),
        row=("staff_scope", "pair", "form"),
        derived=("value", "white_ratio", "bme_ratio", "ci_lower", "ci_upper", "range_class"),
    ),
    # events / n: the BME staff and headcount behind a proportion point (people); one run per organisation,
    # as a series' limits span its quarters
    "marts.spc_points": MartPolicy(
        counts=(Counts(("events", "n"), keys=("period_end",), total=False),), row=("series_key",),
        unit=("org_code",), derived=("value",),
        series=("moving_range", "centre", "upper_limit", "lower_limit", "upper_2_sigma", "lower_2_sigma", "mr_bar"),
    ),
}

# Tables computed in the build database from publishable values only (intermediate.wres_indicator_result_publishable,
# the transform above applied before publication): a value blanked there never reaches them.
BUILT_FROM_PUBLISHABLE = ("marts.spc_points", "marts.action_plan_status")

# Count columns of published tables that count no people, published as they are (tests/test_disclosure_published.py
# checks every other count column of every published table).
NOT_PEOPLE: dict[str, dict[str, str]] = {
    "marts.team_flag_counts": dict.fromkeys(
        ("n_teams", "n_small_teams", "n_teams_not_small", "n_teams_in_scope"),
        "teams, counted over the published rows of marts.team_flags (team, flag, small-team flag): nothing new"),
    "marts.benchmark_indicator": {"peer_count": "organisations with a published value in the peer group"},
    "marts.benchmark_rdr": {"peer_count": "organisations with a published value in the peer group"},
    "marts.spc_points": {"n_points": "quarters charted", "point_no": "quarters charted",
                         "baseline_points": "quarters charted"},
    "marts.spc_series": dict.fromkeys(
        ("n_points", "baseline_points", "special_cause_points", "improvement_points", "concern_points"),
        "quarters charted"),
    "marts.action_plan_status": dict.fromkeys(("n_actions", "n_actions_overdue", "n_actions_complete"),
                                              "actions of the plan's register"),
}


def _cells(r: dict, policy: MartPolicy) -> dict[str, tuple]:
    """column -> cell id (counts group, its keys, row, role) of every count column of a row; a repeated
    count (``same_as``) gets the id of the cell it repeats."""
    row = tuple(r.get(c) for c in policy.row)
    ids: dict[str, tuple] = {}
    for i, counts in enumerate(policy.counts):
        if counts.same_as is None:
            group, keys, roles = i, tuple(r.get(k) for k in counts.keys), counts.columns
        else:
            group, keys, roles = 0, counts.same_as(r), policy.counts[0].columns
        for column, role in zip(counts.columns, roles, strict=True):
            ids[column] = (group, keys, row, role)
    return ids


def _constraints(rows: list[dict], policy: MartPolicy) -> list[list[tuple]]:
    """Row totals, and each partition's rows (service teams also within their directorate) = the 'all' row."""
    constraints: list[list[tuple]] = []
    tables: dict[tuple, dict[tuple, list[tuple]]] = defaultdict(dict)
    for r in rows:
        ids = _cells(r, policy)
        for i, counts in enumerate(policy.counts):
            if counts.same_as is not None:
                continue
            cells = [ids[c] for c in counts.columns]
            if counts.total:
                constraints.append(cells)
            tables[(i, tuple(r.get(k) for k in counts.keys))][tuple(r.get(c) for c in policy.row)] = cells
    if "breakdown_type" not in policy.row:
        return constraints
    for table in tables.values():
        by_row = {row[:2]: cells for row, cells in table.items()}
        parts: dict[tuple, list[list[tuple]]] = defaultdict(list)
        for (kind, _value, directorate), cells in table.items():
            if kind in policy.partitions and ("all", "all") in by_row:
                parts[("all", "all", kind)].append(cells)
            if kind == "service_team" and ("directorate", directorate) in by_row:
                parts[("directorate", directorate, kind)].append(cells)
        for (whole_kind, whole_value, _), members in parts.items():
            whole = by_row[(whole_kind, whole_value)]
            for j, cell in enumerate(whole):
                constraints.append([m[j] for m in members] + [cell])
    return constraints


def _measure_units(rows: Iterable[dict], policy: MartPolicy) -> dict[tuple, list[dict]]:
    units: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        units[tuple(r.get(c) for c in policy.unit)].append(r)
    return units


def _measure_blanked(unit_rows: list[dict], policy: MartPolicy, threshold: int, forced: Iterable[tuple] = ()) -> dict:
    """cell id -> rule of one suppression run of a measures mart (one organisation and period)."""
    values = {cell: r[column] for r in unit_rows for column, cell in _cells(r, policy).items()}
    return suppress(values, _constraints(unit_rows, policy), threshold, forced)


def apply_measure(frame: pl.DataFrame, policy: MartPolicy, suppress_below: int,
                  forced: Collection[tuple] = ()) -> pl.DataFrame:
    """The published form of a measures mart: blanked counts, derived values and their suppression_rule;
    ``forced``: (unit, cell id) blanked from the start (``joint_forced``)."""
    rows = [dict(r) for r in frame.iter_rows(named=True)]
    for unit, unit_rows in _measure_units(rows, policy).items():
        blanked = _measure_blanked(unit_rows, policy, suppress_below, [c for u, c in forced if u == unit])
        hidden_rows = {cell[:3] for cell in blanked}
        hidden_series = {cell[2] for cell in blanked}
        for r in unit_rows:
            hidden = {column: blanked.get(cell) for column, cell in _cells(r, policy).items()}
            rule = _strongest(hidden.values())
            for column, why in hidden.items():
                if why:
                    r[column] = None
            others = policy.derived_from(r) if policy.derived_from else []
            if rule is None and any((0, keys, row) in hidden_rows for keys, row in others):
                rule = "derived"
            if rule:
                for column in policy.derived:
                    r[column] = None
            if policy.series and tuple(r.get(c) for c in policy.row) in hidden_series:
                for column in policy.series:
                    r[column] = None
                rule = rule or "derived"
            if policy.small_group and r.get("status") == "GROUP_BELOW_MINIMUM":
                for column in policy.small_group:
                    r[column] = None
                rule = rule or "pay_gap_small_group"
            _mark(r, rule)
    schema = dict(frame.schema) | {"suppression_rule": pl.String}
    return pl.DataFrame(rows, schema=schema)


# The publication policy, in one place: what is transformed on the way out, what runs afterwards in the
# published copy, and what never leaves the build database.
# The benchmark marts are re-ranked on the published values (after the summary is blanked), so a
# published rank, group size or group figure never rests on a suppressed value; the SPC series are
# summarised again from the published chart points.
# Columns the publication adds (not in the build): (table, column, computed from, by) - for audit.column_lineage.
PUBLICATION_ADDED_COLUMNS = (
    ("marts.wres_summary", "suppression_rule", "marts.wres_indicator_result", "sql/publish_disclosure_wres_summary.sql"),
    *(("marts.wres_indicator_result", column, "marts.wres_indicator_result", "wres_pipeline/disclosure.py")
      for column in CELL_RULE_COLUMNS.values()),
)

POST_PUBLICATION_SQL = (
    "publish_disclosure_comments.sql",
    "publish_disclosure_wres_summary.sql",
    "create_marts_spc_series.sql",
    "create_benchmark_macros.sql",
    "create_marts_benchmark_indicator.sql",
    "create_marts_benchmark_rdr.sql",
)
# Queries run on the copy about to be published (with the build database beside it): any row stops the publication.
PUBLICATION_CHECKS = ("check_publication_disclosure.sql",)
# The NHS England return and its year-on-year review carry the unsuppressed counts the national collection
# asks for: a submission (written to the private outputs folder, PRIVATE/exports/), not tables for BI use.
PRIVATE_TABLES = ("marts.wres_return", "marts.wres_return_anomaly")


# Cells one table repeats from another (the same people counted the same way): marts.workforce_profile's
# 'all' and clinical-category rows are indicator 1's overall and category totals. Their suppression must
# agree, or one table publishes what the other blanks (``joint_forced``).
REPEATED_ROWS = {("all", "all"): "overall:total",
                 **{("clinical_category", c): f"{c}:total" for c in ("non_clinical", "clinical", "medical")}}
PROFILE_ROLES = dict(zip(WBUT, COUNT_CELLS, strict=True))


def joint_forced(results: pl.DataFrame, profile: pl.DataFrame, threshold: int) -> tuple[set[tuple], set[tuple]]:
    """The cells indicator 1 and marts.workforce_profile must blank because the other table blanks the cell it
    repeats: both suppressions run again with those cells blanked from the start until they agree (each run
    can only blank more, so this ends). Returns (indicator 1 cell ids, (unit, profile cell id))."""
    policy = MEASURE_POLICIES["marts.workforce_profile"]
    units = _measure_units([dict(r) for r in profile.iter_rows(named=True)], policy)
    forced_results: set[tuple] = set()
    forced_profile: set[tuple] = set()
    while True:
        hidden_results = set(_indicator_1_rules(results, threshold, forced_results))
        hidden_profile = {(unit, cell) for unit, rows in units.items()
                          for cell in _measure_blanked(rows, policy, threshold,
                                                       [c for u, c in forced_profile if u == unit])}
        to_results = {(*unit, REPEATED_ROWS[cell[2][:2]], PROFILE_ROLES[cell[3]]) for unit, cell in hidden_profile
                      if cell[2][:2] in REPEATED_ROWS and cell[3] in PROFILE_ROLES}
        to_profile = {(unit, cell) for unit, rows in units.items() for r in rows
                      for column, cell in _cells(r, policy).items()
                      if (tuple(r[k] for k in ROW[:2]) in REPEATED_ROWS and column in PROFILE_ROLES
                          and (*unit, REPEATED_ROWS[tuple(r[k] for k in ROW[:2])], PROFILE_ROLES[column]) in hidden_results)}
        if to_results <= hidden_results and to_profile <= hidden_profile:
            return forced_results, forced_profile
        forced_results |= to_results
        forced_profile |= to_profile


def transforms(suppress_below: int, survey_min: int, results: pl.DataFrame | None = None,
               profile: pl.DataFrame | None = None) -> dict[str, Callable[[pl.DataFrame], pl.DataFrame]]:
    """The disclosure transform of each table; with the build's indicator results and workforce profile, the
    two agree on the cells they both publish (``joint_forced``)."""
    forced_results, forced_profile = (joint_forced(results, profile, suppress_below)
                                      if results is not None and profile is not None else (set(), set()))
    return {
        "marts.wres_indicator_result": partial(apply, suppress_below=suppress_below, survey_min=survey_min,
                                               forced=forced_results),
        **{table: partial(apply_measure, policy=policy, suppress_below=suppress_below,
                          forced=forced_profile if table == "marts.workforce_profile" else ())
           for table, policy in MEASURE_POLICIES.items()},
    }
