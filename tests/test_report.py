"""The HTML report on the generated small trust: renders in headless Chromium with every chart and no
console message; shows no suppressed value; every figure is in the published warehouse. Also the SPC and
action-plan marts of the same warehouse (publishable values only; targets against the generator truth)."""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

from tests.browser import render
from wres_pipeline import disclosure
from wres_pipeline.cli import main
from wres_pipeline.report import default_report_path
from wres_pipeline.warehouse import published_path

YEAR = 2025
FIGURE = re.compile(r'<(td|span) class="num" data-source="([^"]+)"(?: data-scale="([^"]+)")?>([^<]*)</\1>')
# What a code looks like: snake_case (non_adverse, all_afc), kind:value (afc:band_8a_plus), SHOUTING_CASE (NO_DATA)
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+:[a-z0-9_]+\b|\b[A-Z]+(?:_[A-Z0-9]+)+\b")


@pytest.fixture(scope="module")
def report_html(generated_trust):
    settings = generated_trust.settings
    path = default_report_path(settings, YEAR)  # written by the refresh (asset publish/wres_report)
    assert path.is_file(), f"the refresh did not write {path}"
    return path, path.read_text(encoding="utf-8")


def _numbers(con: duckdb.DuckDBPyConnection, table: str) -> list[float]:
    """Every numeric cell of a published table. Tables that disclosure control blanks cell by cell on the way
    out (wres_pipeline/disclosure.py) publish only showable cells; in the others (the measures marts), rows
    flagged suppressed_for_publication are left out: the report must not show them."""
    schema, name = table.split(".")
    cols = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?", [schema, name]
    ).fetchall()
    numeric = [c for c, t in cols if t in ("INTEGER", "BIGINT", "DOUBLE", "FLOAT", "HUGEINT", "SMALLINT")
               or t.startswith("DECIMAL")]
    blanked_on_publication = table in disclosure.transforms(5, 11)
    where = ("WHERE NOT coalesce(suppressed_for_publication, FALSE)"
             if "suppressed_for_publication" in dict(cols) and not blanked_on_publication else "")
    values: list[float] = []
    for (row) in con.execute(f"SELECT {', '.join(numeric)} FROM {table} {where}").fetchall():
        values.extend(float(v) for v in row if v is not None)
    return values


def test_report_renders_every_chart_in_headless_chromium(report_html, tmp_path):
    path, html = report_html
    shot = tmp_path / "report.png"
    page = render(path, screenshot=shot)
    expected = int(re.search(r'data-charts-expected="(\d+)"', page.dom).group(1))
    rendered = re.search(r'data-charts-rendered="(\d+)"', page.dom)
    assert expected >= 15
    assert rendered and int(rendered.group(1)) == expected, "not every chart rendered"
    assert page.dom.count("<svg") >= expected  # vega renders each chart as an SVG
    assert re.search(r'<pre id="report-errors"></pre>', page.dom), "the page reported errors"
    assert page.console == [], page.console  # no console error (nor warning) from Vega or the page
    assert shot.stat().st_size > 50_000  # a real page, not a blank one
    shutil.copy(shot, path.with_suffix(".png"))  # kept beside the report for a human look


def test_report_is_self_contained(report_html):
    _, html = report_html
    assert "vegaEmbed" in html and "<script src" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the report loads something from the network"


def test_every_figure_is_in_the_published_warehouse_and_none_is_suppressed(generated_trust, report_html):
    settings = generated_trust.settings
    _, html = report_html
    figures = FIGURE.findall(html)
    assert len(figures) > 100
    t = settings.thresholds
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as con:
        cache: dict[str, list[float]] = {}
        for _, source, scale, text in figures:
            if source == "config":
                assert text in (f"{t.non_adverse_low:.2f}", f"{t.non_adverse_high:.2f}")
                continue
            values = cache.setdefault(source, _numbers(con, source))
            decimals = len(text.split(".")[1]) if "." in text else 0
            factor = float(scale or 1)  # a rate shown as a percentage says so (data-scale="100")
            assert text in {f"{v * factor:.{decimals}f}" for v in values}, f"{text} ({source}) is not in the published warehouse"
        specs = json.loads(re.search(r'<script type="application/json" id="wres-specs">(.*?)</script>', html, re.S)
                           .group(1).replace("<\\/", "</"))
        checked = 0
        for spec in specs:
            source = spec["usermeta"]["wres_source"]
            allowed = {round(v, 9) for v in cache.setdefault(source, _numbers(con, source))}
            recomputed = set(spec["usermeta"].get("wres_recomputed", []))  # SPC limits as at the report year
            for rows in spec.get("datasets", {}).values():
                for row in rows:
                    for key, v in row.items():
                        if isinstance(v, int | float) and not isinstance(v, bool) and key not in recomputed:
                            assert round(float(v), 9) in allowed, f"chart value {key}={v} is not in {source}"
                            checked += 1
        assert checked > 200
        # Model Employer rows suppressed on publication are not in the report at all.
        hidden = con.execute(
            "SELECT staff_scope, band FROM marts.model_employer_gap WHERE suppressed_for_publication "
            "AND period_end = make_date(?, 3, 31) AND staff_scope IN ('clinical', 'non_clinical') AND n_total > 0",
            [YEAR]).fetchall()
        words = dict(((k, c), w) for k, c, w in con.execute("SELECT kind, code, label FROM ref.label").fetchall())
    assert hidden, "the fixture should have suppressed bands"
    shown = {(scope, band) for scope, band in re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\"", html)}
    assert {b for scope, b in shown if scope == "Clinical"} & {"Band 2", "Band 5", "Band 6"}  # Model Employer rows, in words
    for scope, band in hidden:
        assert (words[("staff_scope", scope)], words[("row", band)]) not in shown


def test_cli_writes_the_report_and_explains_a_missing_year(generated_trust, tmp_path, capsys):
    settings = generated_trust.settings
    out = tmp_path / "report.html"
    assert main(["report", "--year", str(YEAR), "--out", str(out), "--warehouse", str(settings.paths.warehouse)]) == 0
    assert "Workforce Race Equality Standard report 2025" in out.read_text(encoding="utf-8")
    assert main(["report", "--year", "1999", "--out", str(out), "--warehouse", str(settings.paths.warehouse)]) == 1
    assert "report year 1999 is not in" in capsys.readouterr().err


def test_spc_uses_only_publishable_values(generated_trust):
    settings = generated_trust.settings
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as con:
        leaked = con.execute("""
            SELECT p.series_key, p.period_end FROM marts.spc_points AS p
            LEFT JOIN marts.wres_indicator_result AS r
              ON r.org_code = p.org_code AND r.indicator = 1 AND r.measure = 'percent'
             AND 'ind1:' || r.subgroup = p.series_key AND r.period_end = p.period_end
            WHERE p.family IN ('indicator_1', 'band_bme_percent') AND r.bme_value IS DISTINCT FROM p.value""").fetchall()
        assert leaked == []
        families = dict(con.execute("SELECT family, count(*) FROM marts.spc_series GROUP BY 1").fetchall())
    assert {"indicator_1", "band_bme_percent", "indicator_2", "team_flags", "rdr"} <= families.keys()


def test_action_plan_targets_measured_against_the_published_values(generated_trust):
    """The generator sets the overall indicator 1 target at the previous year's BME % + 2 points (rounded to
    0.1): the baseline the mart finds (31 March of the year before the plan) must be that value."""
    settings, truth = generated_trust.settings, generated_trust.truth
    with duckdb.connect(str(published_path(settings.paths.warehouse)), read_only=True) as con:
        rows = con.execute("SELECT target_label, baseline_value, target_value, computed_rag, baseline_period_end, plan_year "
                           "FROM marts.action_plan_status WHERE is_latest").fetchall()
    planted = [t for t in truth["action_plan_targets"]]
    assert len(rows) == len(planted) > 5
    assert all(rag in ("GREEN", "AMBER", "RED", "NO_DATA") for _, _, _, rag, _, _ in rows)
    overall = next(r for r in rows if r[0] == "Indicator 1 - Overall")
    assert overall[1] == pytest.approx(overall[2] - 2.0, abs=0.05)
    assert overall[4].year == overall[5] - 1 and (overall[4].month, overall[4].day) == (3, 31)


def _reader_text(dom: str) -> str:
    """What a reader sees: the rendered page without scripts, styles, tags and attributes (SVG text included)."""
    import html as html_lib

    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", visible))


def test_no_raw_code_reaches_the_reader(report_html):
    """Every status, subgroup, range class, SPC variation, team flag, staff scope, band and RAG is shown in words
    (ref.label), in the tables and in the rendered charts' axes and legends."""
    path, _ = report_html
    text = _reader_text(render(path).dom)
    assert "Within the non-adverse range" in text or "Adverse" in text or "Below the non-adverse" in text
    assert "Whole workforce" in text and "AfC bands 8a and above" in text
    assert sorted(set(CODE.findall(text))) == []


def test_every_code_in_the_published_warehouse_has_words(generated_trust):
    """The lookup is complete for the codes this warehouse holds (a code without words would reach the report
    tidied, not explained)."""
    checks = {
        "subgroup": "SELECT DISTINCT subgroup FROM marts.wres_indicator_result UNION SELECT DISTINCT breakdown FROM marts.wres_summary",
        "status": "SELECT DISTINCT status FROM marts.wres_indicator_result UNION SELECT DISTINCT status FROM marts.wres_summary "
                  "UNION SELECT DISTINCT status FROM marts.ethnicity_pay_gap",
        "range_class": "SELECT DISTINCT range_class FROM marts.wres_indicator_result",
        "direction": "SELECT DISTINCT direction FROM marts.wres_summary",
        "period_type": "SELECT DISTINCT period_type FROM marts.wres_indicator_result",
        "variation": "SELECT DISTINCT variation FROM marts.spc_points",
        "chart_type": "SELECT DISTINCT chart_type FROM marts.spc_points",
        "team_flag": "SELECT DISTINCT flag FROM marts.team_flag_counts",
        "staff_scope": "SELECT DISTINCT staff_scope FROM marts.race_disparity_ratio UNION SELECT DISTINCT staff_scope FROM marts.model_employer_gap",
        "rdr_pair": "SELECT DISTINCT pair FROM marts.race_disparity_ratio",
        "row": "SELECT DISTINCT band FROM marts.model_employer_gap",
        "rag": "SELECT DISTINCT computed_rag FROM marts.action_plan_status UNION SELECT DISTINCT register_rag FROM marts.action_plan_status",
        "target_direction": "SELECT DISTINCT direction FROM marts.action_plan_status",
        "suppression": "SELECT DISTINCT suppression_rule FROM marts.wres_indicator_result UNION SELECT DISTINCT suppression_rule FROM marts.wres_summary",
    }
    with duckdb.connect(str(published_path(generated_trust.settings.paths.warehouse)), read_only=True) as con:
        words = {(k, c) for k, c in con.execute("SELECT kind, code FROM ref.label").fetchall()}
        missing = {(kind, code) for kind, sql in checks.items() for (code,) in con.execute(sql).fetchall()
                   if code is not None and (kind, code) not in words}
    assert missing == set()


def test_the_report_reads_the_warehouse_only_through_sql_files():
    """Its queries are sql/select_report_*.sql (covered by the report asset's code version), not inline text."""
    from wres_pipeline.config import PROJECT_ROOT

    source = (PROJECT_ROOT / "wres_pipeline" / "report.py").read_text(encoding="utf-8")
    assert not re.search(r"\bFROM (marts|ref|audit)\.", source)
    assert len(list((PROJECT_ROOT / "sql").glob("select_report_*.sql"))) >= 15
