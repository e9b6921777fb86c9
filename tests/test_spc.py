"""SPC (NHS England "Making Data Count"): limits and special-cause rules on hand-worked series
(sql/create_marts_spc_points.sql), and the series built from publishable values only."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from wres_pipeline.config import Settings, Spc
from wres_pipeline.warehouse import bootstrap, run_sql

QUARTERS = [date(y, m, d) for y in range(2021, 2026) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]


def _chart(values, better="lower", chart_type="xmr", events=None, n=None, **spc) -> pl.DataFrame:
    conn = duckdb.connect()
    bootstrap(conn)
    k = len(values)
    conn.register("frame", pl.DataFrame({
        "org_code": ["SY001"] * k, "family": ["test"] * k, "series_key": ["s"] * k, "label": ["s"] * k,
        "breakdown": ["all"] * k, "unit": ["percent" if chart_type == "p" else "count"] * k,
        "chart_type": [chart_type] * k, "better": [better] * k, "period_end": QUARTERS[:k],
        "value": [float(v) for v in values],
        "events": [float(e) for e in events] if events else [None] * k,
        "n": [float(x) for x in n] if n else [None] * k,
    }, schema_overrides={"events": pl.Float64, "n": pl.Float64}))
    conn.execute("CREATE OR REPLACE TABLE intermediate.spc_input AS SELECT * FROM frame")
    settings = Settings(spc=Spc(**spc))
    run_sql(conn, "create_marts_spc_points.sql", **settings.sql_params())
    run_sql(conn, "create_marts_spc_series.sql", **settings.sql_params())
    out = conn.execute("SELECT * FROM marts.spc_points ORDER BY point_no").pl()
    conn.close()
    return out


def _points(frame: pl.DataFrame, column: str) -> list[int]:
    return [r["point_no"] for r in frame.iter_rows(named=True) if r[column]]


def test_xmr_limits_point_beyond_and_shift():
    """5, 6, 5, 7, 6, 5, 6, 20, 6, 5 (lower is better).

    mean = 71 / 10 = 7.1; moving ranges 1, 1, 2, 1, 1, 1, 14, 14, 1 -> MRbar = 36 / 9 = 4.0;
    UCL = 7.1 + 2.66 x 4 = 17.74; LCL = 7.1 - 10.64 < 0 -> 0; 2-sigma: 7.1 + 2/3 x 10.64 = 14.1933.
    Point 8 (20) is beyond the UCL: a concern (higher is worse). Points 1-7 are all below 7.1: a run of 7
    on one side (MDC shift): an improvement. No trend (no 6 consecutive rises or falls).
    """
    got = _chart([5, 6, 5, 7, 6, 5, 6, 20, 6, 5], min_points=8)
    first = got.row(0, named=True)
    assert first["centre"] == pytest.approx(7.1)
    assert first["mr_bar"] == pytest.approx(4.0)
    assert first["upper_limit"] == pytest.approx(17.74)
    assert first["lower_limit"] == 0
    assert first["upper_2_sigma"] == pytest.approx(7.1 + 2 / 3 * 10.64)
    assert _points(got, "beyond_limits") == [8]
    assert _points(got, "shift") == [1, 2, 3, 4, 5, 6, 7]
    assert _points(got, "trend") == [] and _points(got, "two_of_three") == []  # 20 is alone beyond 2 sigma
    assert got["variation"].to_list() == ["special_cause_improvement"] * 7 + ["special_cause_concern"] + ["common_cause"] * 2


def test_two_of_three_beyond_two_sigma_and_a_run_below():
    """10, 11, 10, 11, 10, 11, 10, 11, 10, 15, 11, 15 (higher is better).

    mean = 135 / 12 = 11.25; moving ranges 1 x 8, 5, 4, 4 -> MRbar = 21 / 11 = 1.90909;
    2-sigma = 11.25 + 1.77333 x 1.90909 = 14.6355; UCL = 11.25 + 2.66 x 1.90909 = 16.3282.
    Points 10 and 12 (15) lie between the 2-sigma line and the UCL, two of the three points 10-12:
    an improvement. Points 1-9 are all below 11.25 (a run of 9 >= 7): a concern.
    """
    got = _chart([10, 11, 10, 11, 10, 11, 10, 11, 10, 15, 11, 15], better="higher")
    assert got["centre"][0] == pytest.approx(11.25)
    assert got["mr_bar"][0] == pytest.approx(21 / 11)
    assert got["upper_2_sigma"][0] == pytest.approx(11.25 + 2 / 3 * 2.66 * 21 / 11)
    assert got["upper_limit"][0] == pytest.approx(11.25 + 2.66 * 21 / 11)
    assert _points(got, "beyond_limits") == []
    assert _points(got, "two_of_three") == [10, 12]
    assert _points(got, "shift") == list(range(1, 10))
    assert got["variation"].to_list() == (["special_cause_concern"] * 9 + ["special_cause_improvement", "common_cause",
                                                                          "special_cause_improvement"])


def test_trend_of_six_and_the_signal_priority():
    """1, 2, 3, 4, 5, 6, 5, 4 (higher is better).

    mean = 30 / 8 = 3.75; every moving range is 1 -> MRbar = 1; UCL = 6.41, LCL = 3.75 - 2.66 = 1.09.
    Points 1-6 rise five times in a row: a trend of 6 points (MDC), upwards = improvement; but point 1 (1)
    is also below the LCL, and a point beyond the limits is labelled by its side: a concern.
    """
    got = _chart([1, 2, 3, 4, 5, 6, 5, 4], better="higher")
    assert got["lower_limit"][0] == pytest.approx(1.09)
    assert _points(got, "trend") == [1, 2, 3, 4, 5, 6]
    assert _points(got, "beyond_limits") == [1]
    assert _points(got, "shift") == [] and _points(got, "two_of_three") == []
    assert got["variation"].to_list() == (["special_cause_concern"] + ["special_cause_improvement"] * 5
                                          + ["common_cause"] * 2)
    # A trend needs spc.trend_points: with 7 the same rise is common cause (except the point below the LCL).
    assert _points(_chart([1, 2, 3, 4, 5, 6, 5, 4], better="higher", trend_points=7), "trend") == []


def test_p_chart_limits_vary_with_the_headcount():
    """BME 10/100, 20/100, 35/100, 15/100, 4/50 (p-chart, 5 points allowed).

    pbar = 84 / 450 = 0.186667; n = 100: sigma = sqrt(0.186667 x 0.813333 / 100) = 0.038965 -> limits
    18.6667 +/- 11.6894 % = 6.9773 % .. 30.3561 %; n = 50: sigma = 0.055105 -> 2.1352 % .. 35.1981 %.
    Point 3 (35 %) is above its UCL (30.36 %); point 5 (8 %) is inside its wider limits.
    """
    got = _chart([10, 20, 35, 15, 8], chart_type="p", better="neither", events=[10, 20, 35, 15, 4],
                 n=[100, 100, 100, 100, 50], min_points=5)
    p = 84 / 450
    s100, s50 = (p * (1 - p) / 100) ** 0.5, (p * (1 - p) / 50) ** 0.5
    assert got["centre"][0] == pytest.approx(100 * p)
    assert got["upper_limit"].to_list() == pytest.approx([100 * (p + 3 * s100)] * 4 + [100 * (p + 3 * s50)])
    assert got["lower_limit"][4] == pytest.approx(100 * (p - 3 * s50))
    assert _points(got, "beyond_limits") == [3]
    assert got["variation"][2] == "special_cause_neither"  # no better direction: not labelled


def test_too_few_points_get_no_limits_and_no_signals():
    got = _chart([1, 2, 3, 4, 5, 6, 7], better="higher")  # 7 < spc.min_points (8): a trend, but not tested
    assert got["centre"].null_count() == 7 and not got["special_cause"].any()
    assert set(got["variation"]) == {"common_cause"}


def test_frozen_baseline_limits():
    """Limits from the first 4 points 10, 12, 10, 12: mean 11, MRbar 2, UCL 16.32; point 8 (17) is beyond."""
    got = _chart([10, 12, 10, 12, 11, 12, 13, 17], baseline_points=4)
    assert got["centre"][0] == pytest.approx(11) and got["upper_limit"][0] == pytest.approx(16.32)
    assert _points(got, "beyond_limits") == [8]
