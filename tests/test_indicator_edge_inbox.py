"""The §0.3 relative-likelihood edge cases (wres-indicators.md) end to end from tiny hand-made inboxes:
real CSV extracts of ESR, Trac, the ER case log and OLM, read and staged by the pipeline's own ingest
path, then indicators 2-4 built; each case returns its status instead of a number."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import (
    ER_HEADER,
    OLM_HEADER,
    er_row,
    esr_row,
    olm_row,
    period_preamble,
    stage_esr,
    stage_source,
    trac_row,
    write_csv_extract,
    write_esr_file,
    write_trac_file,
)
from tests.test_indicator_support import Warehouse

WHITE = range(1, 11)  # ESR people 1-10 White, 11-20 BME: 10 and 10 staff at 31 March 2024
BME = range(11, 21)
BME_ORIGIN = {"Ethnic Origin": "H Asian or Asian British - Indian"}
BME_APPLICANT = {"Ethnic Origin": "Asian / Asian British: Indian"}
# A flow source covers a year when its records run from its first to its last quarter (wres_period):
# each file has one record early in April 2023 and one late in March 2024.
EARLY, LATE = "03/04/2023", "28/03/2024"


def applicant(i: int, when: str, **extra) -> dict:
    return trac_row(i, **{"Application Date": when, "Shortlisted Date": when, "Interview Date": when, **extra})


def case(n: int, when: str, **extra) -> dict:
    return er_row(n, **{"Case Opened Date": when, "Formal Investigation Start Date": when, **extra})


def course(n: int, when: str) -> dict:
    return olm_row(n, **{"Class Start Date": when, "Class End Date": when, "Completion Date": when})


def _inbox(tmp_path, sql_conn, settings, trac: list[dict], er: list[dict], olm: list[dict]) -> Warehouse:
    staff = [esr_row(n) for n in WHITE] + [esr_row(n, **BME_ORIGIN) for n in BME]
    write_esr_file(tmp_path / "esr_staff_in_post" / "sip.csv", staff)
    stage_esr(sql_conn, tmp_path, settings)
    write_trac_file(tmp_path / "trac_applications" / "trac.csv", trac)
    stage_source(sql_conn, tmp_path, "trac_applications", settings)
    write_csv_extract(tmp_path / "er_cases" / "er.csv", ER_HEADER, er, period_preamble("ER case log"))
    stage_source(sql_conn, tmp_path, "er_cases", settings)
    write_csv_extract(tmp_path / "olm_training" / "olm.csv", OLM_HEADER, olm, period_preamble("OLM learning history"))
    stage_source(sql_conn, tmp_path, "olm_training", settings)
    return Warehouse(sql_conn, settings).run()


def _rl(wh: Warehouse, indicator: int, subgroup: str = "all") -> dict:
    rows = wh.result(indicator, subgroup, "relative_likelihood", date(2024, 3, 31))
    assert len(rows) == 1, [(r["org_code"], r["period_type"], r["status"]) for r in rows]
    return rows[0]


def test_no_population_reference_zero_and_focus_zero(tmp_path, sql_conn, settings):
    wh = _inbox(
        tmp_path, sql_conn, settings,
        trac=[applicant(i, EARLY if i < 4 else LATE) for i in range(1, 7)],  # six White shortlisted, no BME
        er=[case(11, EARLY), case(12, LATE)],  # two BME staff enter an investigation, no White staff
        olm=[course(13, EARLY), course(14, LATE), course(15, LATE)],  # three BME staff trained, no White
    )
    ind2, ind3, ind4 = _rl(wh, 2), _rl(wh, 3, "all:single_year"), _rl(wh, 4)
    assert (ind2["status"], ind2["value"], ind2["bme_population"]) == ("NO_POPULATION", None, 0)
    # indicator 3 is BME / White: White (the reference) rate 0 with BME events would be infinite
    assert (ind3["status"], ind3["value"], ind3["bme_events"], ind3["white_events"]) == ("REFERENCE_ZERO", None, 2, 0)
    # indicator 4 is White / BME: the focus rate is 0, a real 0.00
    assert (ind4["status"], ind4["value"], ind4["range_class"]) == ("FOCUS_ZERO", 0.0, "below")
    assert ind3["small_numbers_flag"] and ind4["small_numbers_flag"]


def test_no_events_and_small_numbers(tmp_path, sql_conn, settings):
    wh = _inbox(
        tmp_path, sql_conn, settings,
        # six White and six BME shortlisted applications, nobody appointed: parity is not 1.00
        trac=[applicant(i, EARLY if i % 2 else LATE) for i in range(1, 7)]
        + [applicant(i, EARLY if i % 2 else LATE, **BME_APPLICANT) for i in range(7, 13)],
        er=[case(n, when, **{"Case Type": "Grievance", "Formal Investigation Start Date": ""})  # no disciplinary
            for n, when in ((1, EARLY), (12, LATE))],
        olm=[course(1, EARLY), course(2, LATE), course(3, LATE), course(11, EARLY), course(12, LATE)],  # 3/10, 2/10
    )
    ind2, ind3, ind4 = _rl(wh, 2), _rl(wh, 3, "all:single_year"), _rl(wh, 4)
    assert (ind2["status"], ind2["value"], ind2["white_population"], ind2["bme_population"]) == ("NO_EVENTS", None, 6, 6)
    assert (ind3["status"], ind3["value"]) == ("NO_EVENTS", None)
    # computed, but flagged: events cells of 3 and 2 are below thresholds.small_numbers (5)
    assert ind4["status"] == "OK" and ind4["value"] == pytest.approx(0.3 / 0.2) and ind4["small_numbers_flag"] is True
