"""The WRES report: one self-contained HTML file per reporting year, read from the PUBLISHED warehouse.

Everything in it comes from ``WAREHOUSE/wres.duckdb`` (so disclosure control applies): a value that is
blank there is blank here (marked, with the rule that withheld it), and a measures row flagged
``suppressed_for_publication`` is never shown. Its queries are in sql/select_report_*.sql; the words for codes
come from ref.label; a past year's SPC charts are drawn again on the quarters up to then (``spc_as_at``).
Every figure in a table cell carries ``data-source`` (the published table it comes from); every chart's
data are rows of one published table (named in the chart's ``usermeta``), shaped for display by
Vega-Lite transforms, never recomputed in Python. Charts are Altair / Vega-Lite specs rendered in the
browser by Vega (SVG); the Vega, Vega-Lite and vega-embed JavaScript is inlined from the vl-convert
package, so the file opens with no network.

Sections: the nine indicators (value, change on last year, non-adverse range, national comparison);
each indicator over the years; the band pyramid (White / BME / Unknown share by band, clinical and
non-clinical); relative likelihoods with confidence intervals and the non-adverse band; SPC charts
(Making Data Count); team-flag counts by directorate; Race Disparity Ratios; the Model Employer gap per
band; the ethnicity pay gap; action-plan status with RAG and overdue actions.
"""

from __future__ import annotations

import functools
import html
import json
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import altair as alt
import duckdb
import polars as pl

from .config import Settings
from .indicators import indicators, of_kind
from .warehouse import query_sql, run_sql

INDICATOR_TITLES = {n: i.title for n, i in indicators().items()}  # reference_data/wres_indicators.csv
RL_INDICATORS = tuple(sorted(of_kind("relative_likelihood")))
# Markers of blank cells, by the rule that blanked them (words from ref.label, kind 'suppression').
MARKERS = {"primary": "a", "secondary": "b", "derived": "c", "rl_small_cells": "d", "survey_lt11": "e",
           "pay_gap_small_group": "f", "derived_previous_year": "g"}
RAG_COLOURS = {"RED": "#d5281b", "AMBER": "#ffb81c", "GREEN": "#007f3b", "BLUE": "#005eb8", "NO_DATA": "#aeb7bd"}
GROUP_COLOURS = alt.Scale(domain=["White", "BME", "Unknown"], range=["#aeb7bd", "#005eb8", "#ffb81c"])
VARIATION_COLOURS = alt.Scale(
    domain=["common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neither"],
    range=["#768692", "#005eb8", "#ed8b00", "#330072"],
)
LICENCE_NOTE = ("Vega, Vega-Lite and vega-embed (BSD-3-Clause, University of Washington Interactive Data Lab), "
                "bundled by vl-convert (BSD-3-Clause), inlined so the report needs no network.")


@functools.cache
def vega_javascript() -> str:
    """The Vega + Vega-Lite + vega-embed bundle for Altair's Vega-Lite version, from the vl-convert wheel."""
    import vl_convert

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return vl_convert.javascript_bundle(vl_version=major_minor)


@dataclass
class Report:
    """The report being assembled: HTML sections and the chart specs they reference."""

    org_code: str
    year: int
    words: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, code) -> words (ref.label)
    sections: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    markers_used: set[str] = field(default_factory=set)
    unlabelled: set[tuple[str, str]] = field(default_factory=set)  # codes ref.label has no words for

    def word(self, kind: str, code: str | None) -> str:
        """The words for a code (ref.label); a code without words is shown tidied and remembered."""
        if code is None:
            return ""
        if (kind, code) in self.words:
            return self.words[(kind, code)]
        self.unlabelled.add((kind, code))
        return code.replace("_", " ").replace(":", ", ").capitalize()

    def relabel(self, frame: pl.DataFrame, **kinds: str) -> pl.DataFrame:
        """Codes of the named columns replaced by their words (column=kind), for charts and tables."""
        return frame.with_columns(pl.col(c).map_elements(lambda v, k=k: self.word(k, v), return_dtype=pl.String)
                                  for c, k in kinds.items())

    def num(self, value, decimals: int, source: str, why: str | None = None, scale: float = 1) -> str:
        """A figure cell: the published value (times ``scale``, said in data-scale), or a blank with the marker of
        the rule that withheld it (a legend at the end of the report), or a dash when there is no value."""
        if value is not None:
            attr = f' data-scale="{scale:g}"' if scale != 1 else ""
            return f'<td class="num" data-source="{source}"{attr}>{_fmt(value * scale, decimals)}</td>'
        if why in MARKERS:
            self.markers_used.add(why)
            return (f'<td class="num blank withheld" title="{html.escape(self.word("suppression", why))}">'
                    f'withheld<sup>{MARKERS[why]}</sup></td>')
        return '<td class="num blank" title="no value">&ndash;</td>'

    def chart(self, chart: alt.TopLevelMixin, source: str, recomputed: tuple[str, ...] = ()) -> str:
        """``recomputed``: fields computed again from the source's published values (SPC limits as at a past date)."""
        spec = chart.to_dict()
        spec["usermeta"] = {"wres_source": source, "wres_recomputed": list(recomputed)}
        self.charts.append(spec)
        return f'<div class="chart" id="chart-{len(self.charts) - 1}" data-source="{source}"></div>'

    def section(self, title: str, *parts: str, note: str = "") -> None:
        body = "".join(parts)
        self.sections.append(f"<section><h2>{html.escape(title)}</h2>"
                             + (f'<p class="note">{html.escape(note)}</p>' if note else "") + body + "</section>")


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """The rows of one query of sql/ (select_report_*.sql) as a frame, dates as text (for the charts)."""
    frame = query_sql(con, name, **params).pl()
    dates = [c for c, t in frame.schema.items() if t == pl.Date]
    return frame.with_columns(pl.col(c).cast(pl.String) for c in dates) if dates else frame


def _fmt(value, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


def _text(value) -> str:
    return f"<td>{html.escape(str(value)) if value is not None else ''}</td>"


def _table(headers: list[str], rows: list[str], css: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _decimals(indicator: int, settings: Settings) -> int:
    m = settings.methods
    return m.rl_display_decimals if indicator in RL_INDICATORS else m.percent_display_decimals


def _front_page(rep: Report, con, settings: Settings) -> None:
    s = "marts.wres_summary"
    summary = _frame(con, "select_report_front_page.sql", org_code=rep.org_code, year=rep.year)
    t = settings.thresholds
    rows = []
    for r in summary.iter_rows(named=True):
        d = _decimals(r["indicator"], settings)
        is_rl = r["indicator"] in RL_INDICATORS
        why = r["suppression_rule"]
        band = (f'<td><span class="num" data-source="config">{t.non_adverse_low:.2f}</span>&ndash;'
                f'<span class="num" data-source="config">{t.non_adverse_high:.2f}</span> '
                f"{html.escape(rep.word('range_class', r['range_class']))}</td>") if is_rl else "<td></td>"
        ci = (f'<td><span class="num" data-source="marts.wres_indicator_result">{_fmt(r["ci_lower"], d)}</span>&ndash;'
              f'<span class="num" data-source="marts.wres_indicator_result">{_fmt(r["ci_upper"], d)}</span></td>'
              if is_rl and r["ci_lower"] is not None else "<td></td>")
        # relative likelihoods rest on rates (fractions): shown as percentages of the group
        rate = dict(decimals=1, scale=100) if is_rl else dict(decimals=1)
        rows.append(
            f"<tr><td>{r['indicator']}</td><td>{html.escape(INDICATOR_TITLES[r['indicator']])}<br>"
            f"<small>{html.escape(rep.word('subgroup', r['breakdown']))}</small></td>"
            + rep.num(r["white_value"], source=s, why=r["white_value_suppression"] or why, **rate)
            + rep.num(r["bme_value"], source=s, why=r["bme_value_suppression"] or why, **rate)
            + rep.num(r["headline_display"], d, s, r["value_suppression"] or why) + rep.num(r["change"], d, s, why)
            + _text(rep.word("direction", r["direction"])) + band + ci
            + rep.num(r["national_value"], d, s) + rep.num(r["gap_to_national"], d, s)
            + _text(rep.word("status", r["status"])) + "</tr>"
        )
    no_national = summary.get_column("national_value").null_count() == summary.height
    rep.section(
        f"The nine WRES indicators, {rep.year}",
        _table(["#", "Indicator", "White", "BME", "Value", "Change on last year", "Direction",
                "Non-adverse range", "95 % CI", "National", "Gap to national", "Status"], rows, "front"),
        note="Indicator 1: BME % of the workforce (and of AfC bands 8a and above); 2-4: relative likelihoods, with "
        "the White and BME rates behind them as a percentage of each group (White / BME for 2 and 4, BME / White "
        "for 3); 0.80-1.25 is the non-adverse range; 5-8: staff survey (% of BME staff, survey of the previous "
        "year); 9: BME % of the board minus BME % of the workforce, in percentage points."
        + (" No national comparators were supplied for this year (config comparators), so those columns are "
           "empty." if no_national else ""),
    )


def _indicator_history(rep: Report, con, settings: Settings) -> None:
    src = "marts.wres_summary"
    hist = _frame(con, "select_report_indicator_history.sql", org_code=rep.org_code, year=rep.year)
    parts = []
    for ind in range(1, 10):
        if ind in RL_INDICATORS:
            continue  # the relative likelihood section charts 2-4 with their confidence intervals
        data = hist.filter((pl.col("indicator") == ind) & (pl.col("breakdown").is_in(["overall:total", "all"])
                                                           | (pl.col("indicator") == 9)))
        shown = ["headline_value"] if ind == 9 else ["white_value", "bme_value"]
        if data.select(pl.any_horizontal(pl.col(c).is_not_null() for c in shown).any()).item() is not True:
            parts.append(f"<h3>Indicator {ind}: {html.escape(INDICATOR_TITLES[ind])}</h3><p>No published values.</p>")
            continue
        base = alt.Chart(rep.relabel(data, breakdown="subgroup")).encode(x=alt.X("report_year:O", title="Report year"))
        if ind == 9:
            chart = base.mark_line(point=True).encode(
                y=alt.Y("headline_value:Q", title="BME % board minus BME % workforce (pp)"),
                color=alt.Color("breakdown:N", title="Board"))
        else:
            chart = base.transform_fold(
                ["white_value", "bme_value"], as_=["group", "percent"]
            ).transform_calculate(group="datum.group == 'bme_value' ? 'BME' : 'White'").mark_line(point=True).encode(
                y=alt.Y("percent:Q", title="%"), color=alt.Color("group:N", scale=GROUP_COLOURS, title=None))
        parts.append(f"<h3>Indicator {ind}: {html.escape(INDICATOR_TITLES[ind])}</h3>"
                     + rep.chart(chart.properties(width=520, height=180), src))
    rep.section("Each indicator over the years", *parts)


def _band_pyramid(rep: Report, con) -> None:
    src = "marts.wres_indicator_result"
    bands = _frame(con, "select_report_band_pyramid.sql", org_code=rep.org_code, year=rep.year)
    data = rep.relabel(bands, category="category", band="row")
    y = alt.Y("band:N", sort=alt.EncodingSortField("sort_order", op="min", order="descending"), title=None)
    colours = alt.Scale(domain=[*GROUP_COLOURS.domain, "Withheld"], range=[*GROUP_COLOURS.range, "#e8edee"])
    shown = alt.Chart().transform_filter("!datum.withheld").transform_fold(
        ["white_value", "bme_value", "unknown_value"], as_=["cell", "percent"]
    ).transform_calculate(
        group="datum.cell == 'bme_value' ? 'BME' : datum.cell == 'white_value' ? 'White' : 'Unknown'",
        order="datum.cell == 'white_value' ? 0 : datum.cell == 'bme_value' ? 1 : 2",
    ).mark_bar().encode(
        y=y, x=alt.X("percent:Q", title="% of the band", stack="zero", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("group:N", scale=colours, title=None), order=alt.Order("order:Q"),
        tooltip=["band:N", "group:N", alt.Tooltip("percent:Q", format=".1f")],
    )
    withheld = alt.Chart().transform_filter("datum.withheld").transform_calculate(
        percent="100", group="'Withheld'").mark_bar(stroke="#768692", strokeDash=[3, 2]).encode(
        y=y, x="percent:Q", color=alt.Color("group:N", scale=colours, title=None), tooltip=["band:N", "group:N"])
    chart = alt.layer(shown, withheld, data=data).properties(width=260, height=300).facet(
        column=alt.Column("category:N", title=None))
    rep.section("Band pyramid: White, BME and Unknown share of each band", rep.chart(chart, src),
                note=f"31 March {rep.year}, indicator 1. A band with a share withheld to protect small numbers is "
                "drawn whole as 'Withheld' (its shares are not published); bands with nobody in them are left out.")


def _indicator_1_table(rep: Report, con) -> None:
    """The main table of the WRES template: headcount and shares of White / BME / Unknown staff per band."""
    src = "marts.wres_indicator_result"
    rows = _frame(con, "select_report_indicator_1_table.sql", org_code=rep.org_code, year=rep.year)
    body = []
    for r in rows.iter_rows(named=True):
        cells = "".join(rep.num(r[c], 0, src, r[f"{c}_suppression"])
                        for c in ("white_value", "bme_value", "unknown_value", "value"))
        cells += "".join(rep.num(r[f"{g}_pct"], 1, src, r[f"{g}_pct_why"]) for g in ("white", "bme", "unknown"))
        css = ' class="total"' if r["is_total"] else ""
        body.append(f"<tr{css}>{_text(rep.word('subgroup', r['subgroup']))}{cells}</tr>")
    rep.section(f"Indicator 1: staff in post by band, 31 March {rep.year}",
                _table(["Row", "White", "BME", "Unknown", "Total", "White %", "BME %", "Unknown %"], body, "ind1"),
                note="Headcount, each person once. Non-clinical staff are in the Administrative and Clerical and "
                "Estates and Ancillary staff groups; clinical staff are all other non-medical staff; medical and "
                "dental staff by grade. 'Withheld' cells protect numbers of 1-4 people (see the key at the end).")


def _relative_likelihoods(rep: Report, con, settings: Settings) -> None:
    src = "marts.wres_indicator_result"
    t = settings.thresholds
    rl = _frame(con, "select_report_relative_likelihoods.sql", org_code=rep.org_code, year=rep.year, ind3_published=settings.methods.ind3_published)
    parts = []
    for ind in RL_INDICATORS:
        data = rl.filter(pl.col("indicator") == ind)
        if data.is_empty():
            parts.append(f"<h3>Indicator {ind}</h3><p>No published relative likelihood.</p>")
            continue
        data = rep.relabel(data, period_type="period_type")
        base = alt.Chart(data).encode(x=alt.X("period_end:T", title="Period end (12 months to)"))
        band = alt.Chart(data).mark_rect(opacity=0.15, color="#007f3b").encode(
            x=alt.X("min(period_end):T"), x2=alt.X2("max(period_end):T"),
            y=alt.datum(t.non_adverse_low), y2=alt.datum(t.non_adverse_high))
        bars = base.mark_errorbar().encode(y=alt.Y("ci_lower:Q", title="Relative likelihood"), y2="ci_upper:Q")
        points = base.mark_point(filled=True, size=60).encode(
            y="value:Q", shape=alt.Shape("period_type:N", title=None),
            tooltip=["period_end:T", alt.Tooltip("value:Q", format=".2f")])
        parts.append(f"<h3>Indicator {ind}: {html.escape(INDICATOR_TITLES[ind])}</h3>"
                     + rep.chart((band + bars + points).properties(width=560, height=200), src))
    rep.section("Relative likelihoods with 95 % confidence intervals", *parts,
                note=f"The shaded band is the non-adverse range {t.non_adverse_low:.2f}-{t.non_adverse_high:.2f}; "
                "annual (31 March) and rolling 12-month quarterly values.")


SPC_FAMILIES = ("indicator_1", "indicator_2", "indicator_3", "indicator_4", "rdr")


def spc_as_at(con, org_code: str, year: int, settings: Settings) -> duckdb.DuckDBPyConnection:
    """marts.spc_points as they stood on 31 March ``year``: the published points of the organisation up to then,
    charted again by the warehouse's own SQL (sql/create_marts_spc_points.sql) in a private in-memory database, so
    that centre lines, limits and signals of a past year do not move with later quarters."""
    points = query_sql(con, "select_report_spc_input.sql", org_code=org_code, year=year).pl()
    mem = duckdb.connect()
    mem.execute("CREATE SCHEMA intermediate; CREATE SCHEMA marts")
    mem.register("points", points)
    mem.execute("CREATE TABLE intermediate.spc_input AS SELECT * FROM points")
    run_sql(mem, "create_marts_spc_points.sql", **settings.sql_params())
    return mem


def _spc(rep: Report, con, settings: Settings) -> None:
    src = "marts.spc_points"
    mem = spc_as_at(con, rep.org_code, rep.year, settings)
    points = _frame(mem, "select_report_spc_points.sql")
    points = rep.relabel(points, variation="variation")
    colours = alt.Scale(domain=[rep.word("variation", v) for v in VARIATION_COLOURS.domain], range=VARIATION_COLOURS.range)
    parts = []
    for key in points.get_column("series_key").unique(maintain_order=True).to_list():
        data = points.filter(pl.col("series_key") == key)
        base = alt.Chart(data).encode(x=alt.X("period_end:T", title=None))
        lines = [base.mark_line(color="#768692").encode(y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)))]
        if data.get_column("centre").null_count() < data.height:
            lines += [base.mark_line(color="#231f20").encode(y="centre:Q"),
                      base.mark_line(color="#768692", strokeDash=[4, 4]).encode(y="upper_limit:Q"),
                      base.mark_line(color="#768692", strokeDash=[4, 4]).encode(y="lower_limit:Q")]
        lines.append(base.mark_point(filled=True, size=50).encode(
            y="value:Q", color=alt.Color("variation:N", scale=colours, title="Variation"),
            tooltip=["period_end:T", "value:Q", "variation:N"]))
        parts.append(f"<h3>{html.escape(data.get_column('label')[0])}</h3>"
                     + rep.chart(alt.layer(*lines).properties(width=560, height=170), src,
                                 recomputed=("centre", "upper_limit", "lower_limit")))
    # The summary as at 31 March of the report year: each series' points up to then, its latest point's variation
    summary = _frame(mem, "select_report_spc_summary.sql")
    mem.close()
    signal = pl.col("latest_variation") != "common_cause"

    def rows(frame: pl.DataFrame) -> list[str]:
        return [f"<tr>{_text(r['label'])}{_text(rep.word('chart_type', r['chart_type']))}"
                + rep.num(r["n_points"], 0, "marts.spc_points") + _text(rep.word("variation", r["latest_variation"]))
                + rep.num(r["improvement_points"], 0, "marts.spc_points")
                + rep.num(r["concern_points"], 0, "marts.spc_points") + "</tr>" for r in frame.iter_rows(named=True)]

    headers = ["Series", "Chart", "Points", "Latest variation", "Improvement points", "Concern points"]
    main = summary.filter(pl.col("family").is_in(SPC_FAMILIES) & signal)
    others = summary.filter(~pl.col("family").is_in(SPC_FAMILIES) & signal)
    rep.section("Statistical process control (Making Data Count)", *parts,
                f"<h3>Indicator series whose latest point (to 31 March {rep.year}) is a special cause</h3>",
                _table(headers, rows(main)) if main.height else "<p>None: every indicator series shows common-cause "
                "variation at its latest point.</p>",
                f"<details><summary>Band, team and other series with a special cause at their latest point "
                f"({others.height})</summary>{_table(headers, rows(others))}</details>" if others.height else "",
                note="XmR charts (p-charts for BME %): centre line and process limits; points coloured by special "
                "cause (beyond the limits, a run on one side of the centre, a trend, two of three near a limit). "
                f"Charted on the published quarters up to 31 March {rep.year}, as they stood then.")


def _team_flags(rep: Report, con) -> None:
    src = "marts.team_flag_counts"
    flags = _frame(con, "select_report_team_flags.sql", org_code=rep.org_code, year=rep.year)
    flag_codes = ["NO_BME", "BELOW_TARGET", "AT_OR_ABOVE"]
    chart = alt.Chart(rep.relabel(flags, flag="team_flag")).mark_bar().encode(
        y=alt.Y("directorate:N", title=None), x=alt.X("n_teams:Q", title="Teams", stack="zero"),
        color=alt.Color("flag:N", title="Flag", scale=alt.Scale(domain=[rep.word("team_flag", f) for f in flag_codes],
                                                               range=["#d5281b", "#ffb81c", "#007f3b"])),
        tooltip=["directorate:N", "flag:N", "n_teams:Q"],
    ).properties(width=520)
    rep.section("Team representation flags by directorate", rep.chart(chart, src),
                note=f"31 March {rep.year}: service teams with no BME staff, below the BME target, or at or above it.")


def _rdr(rep: Report, con) -> None:
    src = "marts.race_disparity_ratio"
    rdr = _frame(con, "select_report_race_disparity_ratio.sql", org_code=rep.org_code, year=rep.year)
    rdr = rep.relabel(rdr, staff_scope="staff_scope", pair="rdr_pair")
    chart = alt.Chart(rdr).mark_bar().encode(
        x=alt.X("pair:N", title=None, axis=alt.Axis(labelLimit=220)), y=alt.Y("value:Q", title="Race Disparity Ratio"),
        color=alt.Color("staff_scope:N", title="Staff"), xOffset="staff_scope:N",
        tooltip=["staff_scope:N", "pair:N", alt.Tooltip("value:Q", format=".2f")],
    ).properties(width=420, height=220)
    rows = [f"<tr>{_text(r['staff_scope'])}{_text(r['pair'])}" + rep.num(r["value"], 2, src) + "</tr>"
            for r in rdr.iter_rows(named=True)]
    rep.section("Race Disparity Ratio", rep.chart(chart, src), _table(["Staff", "Levels", "RDR"], rows),
                note="1 = parity; above 1, White staff are more likely than BME staff to be in the higher level.")


def _model_employer(rep: Report, con) -> None:
    src = "marts.model_employer_gap"
    gap = _frame(con, "select_report_model_employer_gap.sql", org_code=rep.org_code, year=rep.year)
    gap = rep.relabel(gap, staff_scope="staff_scope", band="row")
    base = alt.Chart(gap).encode(x=alt.X("band:N", sort=alt.EncodingSortField("band_rank", op="min"), title=None))
    chart = alt.layer(
        base.mark_bar(color="#005eb8").encode(y=alt.Y("pct_bme:Q", title="BME %")),
        base.transform_calculate(target="100 * datum.target_proportion").mark_tick(
            color="#d5281b", thickness=2, size=24).encode(y="target:Q"),
    ).properties(width=420, height=200).facet(row=alt.Row("staff_scope:N", title=None))
    rows = [f"<tr>{_text(r['staff_scope'])}{_text(r['band'])}" + rep.num(r["pct_bme"], 1, src)
            + rep.num(r["n_bme"], 0, src) + rep.num(r["target_bme_headcount"], 0, src) + rep.num(r["needed_replace"], 0, src)
            + "</tr>" for r in gap.iter_rows(named=True)]
    rep.section("Model Employer gap per band", rep.chart(chart, src),
                _table(["Staff", "Band", "BME %", "BME staff", "Target BME staff", "Needed (replacement)"], rows),
                note="Bars: BME % of each band; red tick: the target share. Bands suppressed on publication are left out.")


def _pay_gap(rep: Report, con) -> None:
    src = "marts.ethnicity_pay_gap"
    pay = _frame(con, "select_report_pay_gap.sql", org_code=rep.org_code, year=rep.year)
    pay = pay.with_columns(pl.when(pl.col("breakdown_type") == "staff_group").then(pl.col("breakdown_value"))
                           .otherwise(pl.col("breakdown_value").map_elements(lambda v: rep.word("pay_group", v),
                                                                              return_dtype=pl.String))
                           .alias("breakdown_value"))
    chart = alt.Chart(pay).transform_fold(["mean_gap_pct", "median_gap_pct"], as_=["statistic", "gap"]).transform_calculate(
        statistic="datum.statistic == 'mean_gap_pct' ? 'Mean' : 'Median'").mark_bar().encode(
        y=alt.Y("breakdown_value:N", title=None), x=alt.X("gap:Q", title="Pay gap, % of White hourly pay"),
        color=alt.Color("statistic:N", title=None), yOffset="statistic:N",
    ).properties(width=420)
    rows = [f"<tr>{_text(r['breakdown_value'])}" + rep.num(r["mean_gap_pct"], 1, src) + rep.num(r["median_gap_pct"], 1, src)
            + _text(rep.word("status", r["status"])) + "</tr>" for r in pay.iter_rows(named=True)]
    rep.section("Ethnicity pay gap", rep.chart(chart, src), _table(["Group", "Mean gap %", "Median gap %", "Status"], rows),
                note="Hourly pay, White minus BME as % of White; groups below the minimum size are not published.")


def _rag(rep: Report, value: str | None) -> str:
    if value is None:
        return "<td></td>"
    return (f'<td class="rag" style="background:{RAG_COLOURS.get(value, "#fff")}">'
            f'{html.escape(rep.word("rag", value))}</td>')


def _action_plan(rep: Report, con) -> None:
    src = "marts.action_plan_status"
    # the plan of the year to 31 March N, as it stood then (marts.action_plan_status judges every target at 31 March
    # of each WRES year as well as at the latest date)
    status = _frame(con, "select_report_action_plan_status.sql", org_code=rep.org_code, year=rep.year)
    rows = []
    for r in status.iter_rows(named=True):
        d = {"ratio": 2, "headcount": 0}.get(r["unit"], 1)
        rows.append(
            f"<tr>{_text(r['plan_year'])}{_text(r['target_label'])}{_text(rep.word('target_direction', r['direction']))}"
            + rep.num(r["target_value"], d, src) + _text(r["due_date"]) + rep.num(r["baseline_value"], d, src)
            + rep.num(r["latest_value"], d, src) + _text(r["latest_period_end"]) + rep.num(r["trajectory_value"], d, src)
            + rep.num(r["projected_value"], d, src) + _rag(rep, r["computed_rag"]) + _text(r["rag_reason"])
            + _rag(rep, r["register_rag"]) + rep.num(r["n_actions"], 0, src) + rep.num(r["n_actions_overdue"], 0, src) + "</tr>")
    actions = _frame(con, "select_report_action_plan_overdue.sql", org_code=rep.org_code, year=rep.year)
    overdue = [f"<tr>{_text(r['plan_year'])}{_text(r['metric_number'])}{_text(r['action_number'])}{_text(r['action'])}"
               f"{_text(r['lead'])}{_text(r['due_date'])}" + rep.num(r["days_overdue"], 0, "marts.action_plan_actions")
               + _text(r["progress"]) + _rag(rep, r["rag"]) + "</tr>" for r in actions.iter_rows(named=True)]
    rep.section(
        "Action plan: targets and RAG",
        _table(["Plan", "Target", "Direction", "Target value", "Due", "Baseline", "Latest", "As at",
                "Needed by now (trajectory)", "Projected at due date", "Computed RAG", "Why", "Register RAG",
                "Actions", "Overdue"], rows, "status")
        if rows else f"<p>No action-plan targets for the year to 31 March {rep.year}.</p>",
        "<h3>Overdue actions</h3>",
        _table(["Plan", "Metric", "No", "Action", "Lead", "Due", "Days overdue", "Progress", "Register RAG"], overdue)
        if overdue else "<p>No overdue actions.</p>",
        note=f"The plan for the year to 31 March {rep.year}, as it stood on that date: computed RAG from the "
        "published values up to then (the action-plan rules of the configuration) beside the RAG the register gives "
        "the metric's actions (the worst of them); overdue actions as at 31 March, completion as the register says.",
    )


STYLE = """
body{font-family:Arial,Helvetica,sans-serif;margin:24px;color:#231f20;max-width:1400px}
h1{color:#005eb8}h2{border-bottom:3px solid #005eb8;padding-bottom:4px;margin-top:36px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d8dde0;padding:4px 6px;
vertical-align:top}th{background:#f0f4f5;text-align:left}td.num{text-align:right}td.blank{background:#f8f8f8}
td.rag{color:#fff;font-weight:bold;text-align:center}td.withheld{color:#768692;font-style:italic}
tr.total td{font-weight:bold}.note{color:#4c6272;font-size:13px}.chart{margin:8px 0 16px}
#report-errors{color:#d5281b}
"""

EMBED_JS = """
(function () {
  var specs = JSON.parse(document.getElementById('wres-specs').textContent);
  var errors = document.getElementById('report-errors');
  window.addEventListener('error', function (e) { errors.textContent += 'error: ' + e.message + '\\n'; });
  var done = 0;
  specs.forEach(function (spec, i) {
    vegaEmbed('#chart-' + i, spec, {renderer: 'svg', actions: false}).then(function () {
      done += 1; document.body.setAttribute('data-charts-rendered', String(done));
    }).catch(function (err) { errors.textContent += 'chart ' + i + ': ' + err + '\\n'; });
  });
  document.body.setAttribute('data-charts-expected', String(specs.length));
})();
"""


def _key(rep: Report) -> None:
    """The key to the markers of withheld cells used in the report."""
    items = "".join(f"<li><sup>{MARKERS[rule]}</sup> {html.escape(rep.word('suppression', rule))}</li>"
                    for rule in MARKERS if rule in rep.markers_used)
    rep.section("Key to blank cells",
                f"<ul class=\"key\">{items}</ul>" if items else "<p>No figure in this report is withheld.</p>",
                note="A figure marked 'withheld' exists but is not published, to protect people in small groups "
                "(NHS England's WRES publication rule: no count of fewer than 5 people, nor one that can be worked "
                "out from published figures; staff-survey results need 11 responses). A dash is a figure that does "
                "not exist (nobody in the group, or no data for the year), not a zero.")


def organisations(published: Path) -> list[str]:
    with duckdb.connect(str(published), read_only=True) as con:
        return [r[0] for r in query_sql(con, "select_report_organisations.sql").fetchall()]


def report_years(published: Path, org_code: str) -> list[int]:
    with duckdb.connect(str(published), read_only=True) as con:
        return [r[0] for r in query_sql(con, "select_report_years.sql", org_code=org_code).fetchall()]


def render_report(published: Path, year: int, settings: Settings, org_code: str | None = None) -> str:
    """The HTML report of one organisation and reporting year, from the published warehouse file."""
    if not Path(published).is_file():
        raise FileNotFoundError(f"no published warehouse at {published}; run `wres refresh` first")
    orgs = organisations(published)
    org = org_code or (settings.organisation.default_code if settings.organisation.default_code in orgs else
                       (orgs[0] if orgs else None))
    if org not in orgs:
        raise ValueError(f"organisation {org!r} is not in {published} (it has {', '.join(orgs) or 'none'})")
    years = report_years(published, org)
    if year not in years:
        raise ValueError(f"report year {year} is not in {published} for {org} (years: {', '.join(map(str, years))})")
    with duckdb.connect(str(published), read_only=True) as con:
        rep = Report(org, year, words={(k, c): w for k, c, w in query_sql(con, "select_report_labels.sql").fetchall()})
        run = query_sql(con, "select_report_latest_run.sql").fetchone()
        _front_page(rep, con, settings)
        _indicator_history(rep, con, settings)
        _indicator_1_table(rep, con)
        _band_pyramid(rep, con)
        _relative_likelihoods(rep, con, settings)
        _spc(rep, con, settings)
        _team_flags(rep, con)
        _rdr(rep, con)
        _model_employer(rep, con)
        _pay_gap(rep, con)
        _action_plan(rep, con)
        _key(rep)
    provenance = (f"Warehouse run {html.escape(str(run[0]))}, published {html.escape(str(run[1]))}, code version "
                  f"{html.escape(str(run[2]))}" if run else "no run recorded")
    specs = json.dumps(rep.charts, separators=(",", ":"), default=str).replace("</", "<\\/")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>WRES report {rep.year} - {html.escape(org)}</title><style>{STYLE}</style>"
        f"<!-- {LICENCE_NOTE} --><script>{vega_javascript()}</script></head><body>"
        f"<h1>Workforce Race Equality Standard report {rep.year}</h1>"
        f"<p class=\"note\">Organisation {html.escape(org)}; data as at 31 March {rep.year} from the published "
        f"warehouse ({html.escape(Path(published).name)}); {provenance}. Generated "
        f"{datetime.now(UTC).strftime('%d/%m/%Y %H:%M')} UTC. Figures withheld to protect small numbers are marked "
        "(key at the end).</p>"
        '<pre id="report-errors"></pre>'
        + "".join(rep.sections)
        + f'<script type="application/json" id="wres-specs">{specs}</script><script>{EMBED_JS}</script>'
        "</body></html>"
    )


def write_report(published: Path, year: int, out: Path, settings: Settings, org_code: str | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.unlink(missing_ok=True)  # left by a run that was killed (read-only, like every published file)
    tmp.write_text(render_report(published, year, settings, org_code), encoding="utf-8")
    tmp.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # published: read-only, replaced atomically
    tmp.replace(out)
    return out


def latest_years(published: Path, org_code: str, n: int) -> list[int]:
    return report_years(published, org_code)[-n:]


def default_report_path(settings: Settings, year: int) -> Path:
    return settings.paths.warehouse / settings.report.directory / f"wres_report_{year}.html"


__all__ = ["render_report", "write_report", "latest_years", "default_report_path", "organisations"]
