"""The nine indicators are declared once (reference_data/wres_indicators.csv): the warehouse (ref.wres_indicator),
the disclosure control, the report, the summary's direction of better and the SPC labels all read that table."""

from __future__ import annotations

from wres_pipeline import disclosure, report
from wres_pipeline.indicators import indicators, of_kind
from wres_pipeline.warehouse import run_sql


def test_every_reader_takes_its_facts_from_the_one_table(sql_conn, settings):
    catalogue = indicators()
    assert sorted(catalogue) == list(range(1, 10))
    assert of_kind("relative_likelihood") == disclosure.RL_INDICATORS == frozenset(report.RL_INDICATORS) == {2, 3, 4}
    assert disclosure.SURVEY_INDICATORS == of_kind("survey_percent") == {5, 6, 7, 8}
    assert {9} == disclosure.NEVER_SUPPRESSED
    assert {n: i.title for n, i in catalogue.items()} == report.INDICATOR_TITLES
    run_sql(sql_conn, "create_ref_wres_indicator.sql", **settings.sql_params())
    table = {r[0]: r[1:] for r in sql_conn.execute(
        "SELECT indicator, kind, title, better, spc_better, disclosure FROM ref.wres_indicator").fetchall()}
    assert table == {n: (i.kind, i.title, i.better, i.spc_better, i.disclosure) for n, i in catalogue.items()}


def test_indicator_4_is_closer_to_parity_in_the_summary_and_not_labelled_on_spc_charts(sql_conn, settings):
    """Before the table, the summary said closer_to_1 and the SPC 'lower' for indicator 4 (an RL of 0.6 falling
    to 0.5 moves away from parity, yet was called an improvement)."""
    run_sql(sql_conn, "create_ref_wres_indicator.sql", **settings.sql_params())
    spc_better = dict(sql_conn.execute("SELECT 'indicator_' || indicator, spc_better FROM ref.wres_indicator").fetchall())
    assert spc_better["indicator_4"] == "neither" and spc_better["indicator_2"] == "lower"
    assert indicators()[4].better == "closer_to_1"
    assert not {f for f, _ in settings.spc.better if f.startswith("indicator_")}  # nothing in config overrides it
