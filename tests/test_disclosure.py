"""Disclosure control of the published copy (wres-indicators.md §12)."""

from __future__ import annotations

from datetime import date
from itertools import product

import polars as pl

from wres_pipeline import disclosure

COLUMNS = {
    "org_code": pl.String, "period_type": pl.String, "period_end": pl.Date, "indicator": pl.Int32,
    "subgroup": pl.String, "measure": pl.String, "value": pl.Float64, "numerator": pl.Float64,
    "denominator": pl.Float64, "white_value": pl.Float64, "bme_value": pl.Float64, "unknown_value": pl.Float64,
    "unknown_count": pl.Int64, "status": pl.String, "white_events": pl.Int64, "white_population": pl.Int64,
    "bme_events": pl.Int64, "bme_population": pl.Int64, "ci_lower": pl.Float64, "ci_upper": pl.Float64,
    "range_class": pl.String,
}


def _ind1(cells: dict[str, tuple[int, int, int]]) -> pl.DataFrame:
    rows = []
    for sub, (w, b, u) in cells.items():
        t = w + b + u
        base = {"org_code": "SY001", "period_type": "wres_year", "period_end": date(2024, 3, 31), "indicator": 1,
                "subgroup": sub, "status": "OK", "unknown_count": u}
        rows.append(base | {"measure": "headcount", "value": t, "white_value": w, "bme_value": b, "unknown_value": u})
        rows.append(base | {"measure": "percent", "value": 100 * b / t, "white_value": 100 * w / t, "bme_value": 100 * b / t,
                            "unknown_value": 100 * u / t, "numerator": b, "denominator": t})
    return pl.DataFrame(rows, schema=COLUMNS)


TABLE = {
    "clinical:band_5": (200, 60, 5),
    "clinical:band_8c": (12, 3, 0),    # 3 BME: primary
    "clinical:band_9": (6, 0, 0),
    "clinical:total": (218, 63, 5),
    "non_clinical:band_3": (90, 20, 6),
    "non_clinical:total": (90, 20, 6),
    "medical:consultant": (30, 25, 2),  # 2 Unknown: primary
    "medical:trainee": (10, 14, 1),     # 1 Unknown: primary
    "medical:total": (40, 39, 3),       # 3 Unknown: primary
    "overall:total": (348, 122, 14),
}


def _published(frame: pl.DataFrame) -> pl.DataFrame:
    return disclosure.apply(frame, suppress_below=5, survey_min=11)


def test_small_cells_never_reach_the_published_copy():
    out = _published(_ind1(TABLE)).filter(pl.col("measure") == "headcount")
    for row in out.iter_rows(named=True):
        for column in ("value", "white_value", "bme_value", "unknown_value", "unknown_count"):
            assert row[column] is None or not (1 <= row[column] <= 4), (row["subgroup"], column, row[column])


def test_a_suppressed_cell_cannot_be_recovered_from_row_or_column_totals():
    out = _published(_ind1(TABLE)).filter(pl.col("measure") == "headcount")
    shown = {(r["subgroup"], c): r[col] for r in out.iter_rows(named=True)
             for c, col in (("white", "white_value"), ("bme", "bme_value"), ("unknown", "unknown_value"), ("total", "value"))}
    # every row: either nothing hidden, or at least two of its four cells hidden
    for sub in TABLE:
        hidden = [c for c in ("white", "bme", "unknown", "total") if shown[(sub, c)] is None]
        assert len(hidden) != 1, (sub, hidden)
    # every column of every category: the same
    for category, cell in product(("clinical", "non_clinical", "medical"), ("white", "bme", "unknown", "total")):
        members = [s for s in TABLE if s.startswith(category + ":")]
        hidden = [s for s in members if shown[(s, cell)] is None]
        assert len(hidden) != 1, (category, cell, hidden)
    assert shown[("clinical:band_8c", "bme")] is None
    assert shown[("clinical:band_5", "bme")] == 60 or shown[("clinical:band_5", "bme")] is None


def test_percentages_built_on_hidden_counts_are_hidden_too():
    out = _published(_ind1(TABLE))
    pct = out.filter((pl.col("measure") == "percent") & (pl.col("subgroup") == "clinical:band_8c")).row(0, named=True)
    assert pct["bme_value"] is None and pct["value"] is None and pct["numerator"] is None
    assert pct["suppression_rule"] == "derived"
    clean = out.filter((pl.col("measure") == "percent") & (pl.col("subgroup") == "non_clinical:band_3")).row(0, named=True)
    assert clean["suppression_rule"] is None and clean["bme_value"] is not None


def test_rl_on_small_event_counts_and_survey_under_11_are_blanked_and_board_never():
    base = {"org_code": "SY001", "period_type": "wres_year", "period_end": date(2024, 3, 31), "status": "OK"}
    frame = pl.DataFrame([
        base | {"indicator": 3, "subgroup": "all:single_year", "measure": "relative_likelihood", "value": 2.25,
                "white_events": 12, "white_population": 3000, "bme_events": 3, "bme_population": 1000, "ci_lower": 0.9},
        base | {"indicator": 2, "subgroup": "all", "measure": "relative_likelihood", "value": 1.67,
                "white_events": 300, "white_population": 1200, "bme_events": 120, "bme_population": 800},
        base | {"indicator": 5, "subgroup": "all", "measure": "percent", "value": 40.0, "bme_value": 40.0,
                "numerator": 4, "denominator": 10},
        base | {"indicator": 9, "subgroup": "board:voting", "measure": "percent_difference", "value": -9.5,
                "numerator": 2, "denominator": 14, "bme_value": 14.3},
    ], schema=COLUMNS)
    out = {r["indicator"]: r for r in _published(frame).iter_rows(named=True)}
    assert out[3]["value"] is None and out[3]["bme_events"] is None and out[3]["suppression_rule"] == "rl_small_cells"
    assert out[2]["value"] == 1.67 and out[2]["suppression_rule"] is None
    assert out[5]["value"] is None and out[5]["suppression_rule"] == "survey_lt11"
    assert out[9]["value"] == -9.5 and out[9]["numerator"] == 2  # board figures are published by design


def _constraint_sets(table: dict[str, tuple[int, int, int]]):
    for sub in table:
        yield [(sub, c) for c in ("white", "bme", "unknown", "total")]
    for category in {s.split(":")[0] for s in table} - {"overall", "afc"}:
        rows = [s for s in table if s.startswith(category + ":")]
        for cell in ("white", "bme", "unknown", "total"):
            yield [(s, cell) for s in rows]
    totals = [s for s in table if s.endswith(":total")]
    for cell in ("white", "bme", "unknown", "total"):
        yield [(s, cell) for s in totals]
    for aggregate, members in disclosure.AGGREGATE_ROWS.items():  # afc:band_8a_plus = bands 8a-9 and VSM
        if aggregate in table:
            for cell in ("white", "bme", "unknown", "total"):
                yield [(s, cell) for s in (*members, aggregate) if s in table]


def test_random_tables_never_leave_a_single_hidden_cell_in_any_total():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    counts = st.tuples(*[st.integers(0, 40)] * 3)

    @settings(max_examples=150, deadline=None)
    @given(st.dictionaries(st.sampled_from(["band_2", "band_5", "band_7", "band_8a", "band_9"]), counts, min_size=1),
           st.dictionaries(st.sampled_from(["consultant", "trainee", "other"]), counts, min_size=1))
    def check(clinical, medical):
        table = {f"clinical:{k}": v for k, v in clinical.items()} | {f"medical:{k}": v for k, v in medical.items()}
        for category in ("clinical", "medical"):
            rows = [v for k, v in table.items() if k.startswith(category)]
            table[f"{category}:total"] = tuple(map(sum, zip(*rows, strict=True)))
        table["overall:total"] = tuple(map(sum, zip(table["clinical:total"], table["medical:total"], strict=True)))
        senior = [v for k, v in table.items() if k in disclosure.AGGREGATE_ROWS["afc:band_8a_plus"]]
        table["afc:band_8a_plus"] = tuple(map(sum, zip(*senior, strict=True))) if senior else (0, 0, 0)
        cells = {s: dict(zip(("white", "bme", "unknown"), v, strict=True)) | {"total": sum(v)} for s, v in table.items()}
        hidden = disclosure.secondary_suppression(cells, 5)
        for s, c in cells.items():
            for cell, n in c.items():
                if 1 <= n <= 4:
                    assert (s, cell) in hidden
        for members in _constraint_sets(table):
            assert sum(m in hidden for m in members) != 1, members

    check()


def test_the_published_generated_trust_has_no_small_cell_and_no_recoverable_one(generated_trust):
    """The real published copy: no count of 1-4 people in any indicator but the board's (9), and in each
    organisation-year indicator 1 table no row or column total with exactly one blanked cell."""
    import duckdb

    counts = ("white_value", "bme_value", "unknown_value", "value")
    with duckdb.connect(str(generated_trust.published_file), read_only=True) as conn:
        small = conn.execute(
            "SELECT indicator, subgroup, measure FROM marts.wres_indicator_result WHERE indicator <> 9 AND ("
            + " OR ".join(f"{c} BETWEEN 1 AND 4.5" for c in ("unknown_count", "numerator", "denominator", "white_events",
                                                            "bme_events", "white_population", "bme_population"))
            + " OR (measure = 'headcount' AND (" + " OR ".join(f"{c} BETWEEN 1 AND 4.5" for c in counts) + ")))"
        ).fetchall()
        frame = conn.execute(
            "SELECT org_code, report_year, subgroup, white_value, bme_value, unknown_value, value "
            "FROM marts.wres_indicator_result WHERE indicator = 1 AND measure = 'headcount' "
            "AND period_type = 'wres_year'"
        ).pl()
    assert small == []
    assert frame.height > 0 and frame["white_value"].null_count() > 0  # small trusts do have blanked cells
    for (org, year), table in frame.group_by(["org_code", "report_year"]):
        shown = {(r["subgroup"], cell): r[column] for r in table.iter_rows(named=True)
                 for cell, column in (("white", "white_value"), ("bme", "bme_value"), ("unknown", "unknown_value"),
                                      ("total", "value"))}
        subgroups = {s: (0, 0, 0) for s, _ in shown if s.split(":")[1] not in disclosure.SUB_COUNT_ROWS}
        for members in _constraint_sets(subgroups):
            if all(m in shown for m in members):
                assert sum(shown[m] is None for m in members) != 1, (org, year, members)


# ---------------------------------------------------------------------------------------------------
# The measures marts
# ---------------------------------------------------------------------------------------------------
UNIT = {"org_code": "SY001", "period_type": "wres_year", "period_end": date(2024, 3, 31)}


def _count_row(kind: str, value: str, w: int, b: int, u: int, directorate: str | None = None, **extra) -> dict:
    t = w + b + u
    return UNIT | {"breakdown_type": kind, "breakdown_value": value, "directorate": directorate, "n_white": w,
                   "n_bme": b, "n_unknown": u, "n_total": t, "pct_white": 100 * w / t, "pct_bme": 100 * b / t,
                   "pct_unknown": 100 * u / t} | extra


STARTERS = [
    _count_row("all", "all", 60, 23, 3),
    _count_row("band", "band_5", 30, 3, 1),      # 3 BME, 1 Unknown: primary
    _count_row("band", "band_6", 30, 20, 2),     # 2 Unknown: primary
    _count_row("directorate", "Community", 40, 13, 3, "Community"),
    _count_row("directorate", "Acute", 20, 10, 0, "Acute"),
    _count_row("service_team", "North", 25, 12, 0, "Community"),
    _count_row("service_team", "South", 15, 1, 3, "Community"),  # 1 BME, 3 Unknown: primary
    _count_row("service_team", "Ward 1", 20, 10, 0, "Acute"),
]


def test_measure_marts_small_cells_secondary_suppression_and_derived_percentages():
    out = disclosure.apply_measure(pl.DataFrame(STARTERS), disclosure.MEASURE_POLICIES["marts.starters"], 5)
    rows = {(r["breakdown_type"], r["breakdown_value"]): r for r in out.iter_rows(named=True)}
    cells = ("n_white", "n_bme", "n_unknown", "n_total")
    for r in rows.values():
        assert not any(r[c] is not None and 1 <= r[c] <= 4 for c in cells), r
        hidden = [c for c in cells if r[c] is None]
        assert len(hidden) != 1, r  # a row never gives one blank back by subtraction
        assert (r["suppression_rule"] is None) == (not hidden)
        if hidden:
            assert r["pct_white"] is None and r["pct_bme"] is None and r["pct_unknown"] is None
    # each breakdown adds up to the all row, and service teams to their directorate: never one blank
    groups = [[k for k in rows if k[0] == kind] + [("all", "all")] for kind in ("band", "directorate", "service_team")]
    groups.append([("service_team", "North"), ("service_team", "South"), ("directorate", "Community")])
    for members in groups:
        for c in cells:
            assert sum(rows[m][c] is None for m in members) != 1, (members, c)
    assert rows[("band", "band_5")]["suppression_rule"] == "primary"
    assert rows[("service_team", "Ward 1")]["n_bme"] == 10 and rows[("service_team", "Ward 1")]["suppression_rule"] is None


def test_a_population_repeated_beside_its_events_is_blanked_in_both_rows_or_neither():
    def er(kind, value, measure, outcome, w, b, u, basis, pop):
        row = _count_row(kind, value, w, b, u, measure=measure, outcome=outcome, population_basis=basis,
                         rate_white=0.1, rate_bme=0.1, relative_likelihood=1.0, rl_ci_lower=0.5, rl_ci_upper=2.0,
                         rl_range_class="non_adverse")
        pw, pb, pu = pop
        return row | {"population_white": pw, "population_bme": pb, "population_unknown": pu,
                      "population_total": pw + pb + pu}
    frame = pl.DataFrame([
        er("all", "all", "investigation", "all", 20, 3, 0, "headcount:all", (900, 300, 20)),
        er("all", "all", "investigation", "process_to_hearing", 9, 2, 0, "investigation:all", (20, 3, 0)),
        er("band", "band_5", "investigation", "all", 20, 3, 0, "headcount:all", (900, 300, 20)),
        er("band", "band_5", "investigation", "process_to_hearing", 9, 2, 0, "investigation:all", (20, 3, 0)),
    ])
    out = disclosure.apply_measure(frame, disclosure.MEASURE_POLICIES["marts.er_measures"], 5)
    by = {(r["breakdown_value"], r["outcome"]): r for r in out.iter_rows(named=True)}
    for band in ("all", "band_5"):
        events, outcome = by[(band, "all")], by[(band, "process_to_hearing")]
        for role in ("white", "bme", "unknown", "total"):
            assert (events[f"n_{role}"] is None) == (outcome[f"population_{role}"] is None), (band, role)
        assert outcome["relative_likelihood"] is None and outcome["rate_bme"] is None
    assert by[("all", "all")]["n_bme"] is None and by[("all", "all")]["population_bme"] == 300


def test_a_conversion_over_a_blanked_stage_and_a_small_pay_gap_group_are_blanked():
    def stage(name, frm, w, b, u):
        return _count_row("all", "all", w, b, u, unit="applications", date_basis="stage", stage=name, from_stage=frm,
                          conversion_white=0.5, conversion_bme=0.5, conversion_unknown=0.5, conversion_total=0.5)
    funnel = pl.DataFrame([stage("shortlisted", "applied", 40, 3, 6), stage("appointed", "shortlisted", 10, 0, 0)])
    out = {r["stage"]: r for r in disclosure.apply_measure(
        funnel, disclosure.MEASURE_POLICIES["marts.recruitment_funnel"], 5).iter_rows(named=True)}
    assert out["appointed"]["n_white"] == 10 and out["appointed"]["conversion_white"] is None
    assert out["appointed"]["suppression_rule"] == "derived"

    pay = pl.DataFrame([_count_row("staff_group", "Students", 8, 6, 0, measure="hourly_pay", status="GROUP_BELOW_MINIMUM",
                                   mean_gap_pct=12.0, median_gap_pct=10.0, mean_hourly_pay_white=20.0)])
    row = disclosure.apply_measure(pay, disclosure.MEASURE_POLICIES["marts.ethnicity_pay_gap"], 5).row(0, named=True)
    assert row["mean_gap_pct"] is None and row["median_gap_pct"] is None and row["n_bme"] == 6
    assert row["suppression_rule"] == "pay_gap_small_group"


def test_an_spc_point_on_a_small_count_is_blanked_with_its_series_limits():
    """Series A: 3 BME of 40 in 2024-06 (primary); its centre line and limits (over every point) are blanked
    on all of A's points, whose own counts stay. Series B (20 of 80, 22 of 80) is untouched."""
    def point(series, period_end, events, n, centre):
        return {"org_code": "SY001", "series_key": series, "period_end": period_end, "value": 100 * events / n,
                "events": float(events), "n": float(n), "moving_range": 1.0, "centre": centre, "upper_limit": centre + 9,
                "lower_limit": centre - 9, "upper_2_sigma": centre + 6, "lower_2_sigma": centre - 6, "mr_bar": 1.0}
    frame = pl.DataFrame([
        point("A", date(2024, 3, 31), 6, 40, 11.25), point("A", date(2024, 6, 30), 3, 40, 11.25),
        point("A", date(2024, 9, 30), 9, 40, 11.25), point("B", date(2024, 3, 31), 20, 80, 26.25),
        point("B", date(2024, 6, 30), 22, 80, 26.25),
    ])
    out = disclosure.apply_measure(frame, disclosure.MEASURE_POLICIES["marts.spc_points"], 5)
    by = {(r["series_key"], r["period_end"].month): r for r in out.iter_rows(named=True)}
    small = by[("A", 6)]
    assert (small["events"], small["value"], small["n"], small["suppression_rule"]) == (None, None, 40.0, "primary")
    for month, events, value in ((3, 6.0, 15.0), (9, 9.0, 22.5)):  # 6 / 40 = 15 %, 9 / 40 = 22.5 %
        r = by[("A", month)]
        assert (r["events"], r["value"], r["suppression_rule"]) == (events, value, "derived")
    for r in (by[("A", m)] for m in (3, 6, 9)):
        assert all(r[c] is None for c in ("centre", "upper_limit", "lower_limit", "upper_2_sigma", "lower_2_sigma",
                                          "mr_bar", "moving_range"))
    assert [(by[("B", m)]["centre"], by[("B", m)]["events"], by[("B", m)]["suppression_rule"]) for m in (3, 6)] == [
        (26.25, 20.0, None), (26.25, 22.0, None)]


def test_the_aggregate_rows_of_disclosure_are_the_rows_the_warehouse_adds_up(sql_conn):
    """disclosure.AGGREGATE_ROWS and ref.indicator_1_row.in_band_8a_plus (which the SQL adds up) name the same rows."""
    flagged = {s for (s,) in sql_conn.execute("SELECT subgroup FROM ref.indicator_1_row WHERE in_band_8a_plus").fetchall()}
    assert flagged == set(disclosure.AGGREGATE_ROWS["afc:band_8a_plus"]) and len(flagged) == 12


def test_the_band_8a_plus_headline_is_protected_like_any_total():
    # clinical 8a: 3 BME (primary). Without the aggregate constraint, 8a+ BME (3 + 20 = 23) minus the other
    # published 8a+ rows would give the 3 back; with it, a second 8a+ cell is blanked.
    table = {"clinical:band_5": (200, 60, 5), "clinical:band_8a": (12, 3, 0), "clinical:band_8b": (10, 20, 0),
             "clinical:total": (222, 83, 5), "overall:total": (222, 83, 5), "afc:band_8a_plus": (22, 23, 0)}
    out = _published(_ind1(table)).filter(pl.col("measure") == "headcount")
    bme = {r["subgroup"]: r["bme_value"] for r in out.iter_rows(named=True)}
    members = [bme[s] for s in ("clinical:band_8a", "clinical:band_8b", "afc:band_8a_plus")]
    assert bme["clinical:band_8a"] is None and sum(v is None for v in members) >= 2
    rules = {r["subgroup"]: r["bme_value_suppression"] for r in out.iter_rows(named=True)}
    assert rules["clinical:band_8a"] == "primary" and "secondary" in rules.values()
