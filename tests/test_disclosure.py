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
    for category in {s.split(":")[0] for s in table} - {"overall"}:
        rows = [s for s in table if s.startswith(category + ":")]
        for cell in ("white", "bme", "unknown", "total"):
            yield [(s, cell) for s in rows]
    totals = [s for s in table if s.endswith(":total")]
    for cell in ("white", "bme", "unknown", "total"):
        yield [(s, cell) for s in totals]


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
