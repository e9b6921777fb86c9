"""Starters, early leavers, turnover and leaving reasons (issue 7 measures 2-3; seed 000 QI project 1
"recruitment" and "retention") on hand-built snapshots and leavers, every number by hand."""

from __future__ import annotations

from datetime import date

from tests.test_measures_support import MARCH_24, mix, staff
from tests.test_measures_support import mw as mw  # noqa: F401  (fixture)

STARTERS = "create_marts_starters.sql"
LEAVER_SQL = ["create_marts_early_leavers.sql", "create_marts_turnover.sql", "create_marts_leaving_reasons.sql"]
Q = [date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), MARCH_24]
JUNE_24 = date(2024, 6, 30)


def _counts(row, prefix="n_"):
    return tuple(row[f"{prefix}{g}"] for g in ("white", "bme", "unknown", "total"))


def _starter_trust(mw):
    """Snapshots at five quarter ends (first: 31 March 2023) and one month end (31 May 2023)."""
    for q in Q:  # long-serving staff: never starters
        mw.workforce(mix("old", white=10, bme=5), snapshot=q)
    mw.workforce(staff(1, "BME", "s4_", hire_date=date(2023, 2, 1)), snapshot=Q[0])
    mw.workforce(staff(1, "BME", "s7_", hire_date=None), snapshot=Q[0])  # no hire date, in the first snapshot
    mw.workforce(staff(1, "WHITE", "s5_", hire_date=date(2010, 1, 1)), snapshot=Q[0])  # later re-hired
    mw.workforce(staff(1, "WHITE", "s5_", hire_date=date(2010, 1, 1)), snapshot=Q[1])
    may = date(2023, 5, 31)
    mw.workforce(staff(1, "BME", "s1_", hire_date=date(2023, 5, 10)) + staff(1, "BME", "s8_", hire_date=date(2023, 4, 20))
                 + staff(1, "BME", "s4_", hire_date=date(2023, 2, 1)), snapshot=may)
    for q in Q[1:]:
        mw.workforce(staff(1, "BME", "s1_", hire_date=date(2023, 5, 10), band="BAND_6")  # promoted after starting
                     + staff(1, "BME", "s4_", hire_date=date(2023, 2, 1)) + staff(1, "BME", "s7_", hire_date=None),
                     snapshot=q)
    for q in Q[2:]:
        mw.workforce(staff(1, "WHITE", "s2_", hire_date=date(2023, 8, 1), band="BAND_3",
                           staff_group="Additional Clinical Services", service_team="Team South")
                     + staff(1, "BME", "s6_", hire_date=None), snapshot=q)
    for q in Q[3:]:
        mw.workforce(staff(1, "WHITE", "s5_", hire_date=date(2023, 11, 1)), snapshot=q)
    mw.workforce(staff(1, "UNKNOWN", "s3_", hire_date=date(2024, 1, 15), band="BAND_7", directorate="Corporate",
                       service_team="Finance"), snapshot=MARCH_24)
    return mw


def test_starters_in_the_12_months_by_breakdown(mw):
    _starter_trust(mw).run(STARTERS)

    def row(kind, value, period_end=MARCH_24, directorate=None):
        keys = {"period_end": period_end, "breakdown_type": kind, "breakdown_value": value}
        if directorate:
            keys["directorate"] = directorate
        return mw.one("marts.starters", **keys)

    # FY 2023/24: s1 (BME, May, seen only at month ends / quarter ends), s8 (BME, left before June: seen
    # at the 31 May month end), s2 (White), s3 (Unknown), s5 (White re-hire), s6 (BME, no hire date:
    # first seen 30 Sep 2023). Not: s4 (hired Feb 2023), s7 (no hire date, in the first snapshot).
    overall = row("all", "all")
    assert _counts(overall) == (2, 3, 1, 6) and overall["pct_bme"] == 50.0
    assert overall["period_start"] == date(2023, 4, 1) and overall["period_type"] == "wres_year"
    assert _counts(row("band", "band_5")) == (1, 3, 0, 4)  # s1 started on band 5 (promoted later)
    assert _counts(row("band", "band_3")) == (1, 0, 0, 1)
    assert _counts(row("staff_group", "Additional Clinical Services")) == (1, 0, 0, 1)
    assert _counts(row("service_team", "Finance", directorate="Corporate")) == (0, 0, 1, 1)
    assert _counts(row("directorate", "Community")) == (2, 3, 0, 5)
    assert _counts(row("all", "all", Q[0])) == (0, 1, 0, 1)  # FY 2022/23: s4
    assert _counts(row("all", "all", Q[1])) == (0, 3, 0, 3)  # to June 2023: s4, s1, s8
    assert row("all", "all", Q[1])["period_type"] == "rolling_12m"
    assert mw.check("check_measures_starters.sql") == []


def test_starters_without_the_first_seen_fallback(mw):
    _starter_trust(mw).with_settings(measures={"starter_first_seen_fallback": False}).run(STARTERS)
    assert _counts(mw.one("marts.starters", period_end=MARCH_24, breakdown_type="all")) == (2, 2, 1, 5)


LEAVERS_FY = {"period_start": date(2023, 4, 1), "period_end": MARCH_24}
LEAVERS_Q1 = {"period_start": date(2024, 4, 1), "period_end": JUNE_24}


def _leaver(pid, group, hire, term, reason="Voluntary Resignation - Work Life Balance", extract=None, **attrs):
    return {"person_id": pid, "ethnic_group": group, "hire_date": hire, "termination_date": term,
            "leaving_reason": reason, "is_counted": True, "is_primary": True, "band": "BAND_5",
            "staff_group": "Nursing and Midwifery Registered", "directorate": "Community", "service_team": "Team North",
            "is_low_information_reason": reason is None or reason.endswith("Other/Not Known"),
            **(extract or LEAVERS_FY), **attrs}


def _leavers(mw):
    return mw.table("leavers", [
        _leaver("L1", "WHITE", date(2023, 1, 10), date(2023, 9, 30)),  # early: 8.5 months
        _leaver("L2", "BME", date(2022, 10, 31), date(2023, 10, 31), "Dismissal - Conduct"),  # exactly 12 months
        _leaver("L3", "BME", date(2022, 11, 1), date(2023, 10, 31), "Voluntary Resignation - Promotion"),  # early
        _leaver("L4", "BME", date(2010, 1, 1), date(2024, 1, 15), None, band="BAND_6", directorate="Corporate",
                service_team="Finance", staff_group="Administrative and Clerical"),
        _leaver("L5", "UNKNOWN", date(2023, 8, 1), date(2024, 2, 1), "Voluntary Resignation - Other/Not Known",
                band="BAND_3"),  # early
        _leaver("L6", "WHITE", date(2005, 1, 1), date(2023, 12, 1), "Retirement Age", assignment_number="a1"),
        _leaver("L6", "WHITE", date(2023, 6, 1), date(2023, 12, 1), "Retirement Age", assignment_number="a2",
                is_primary=False),  # a second, recent assignment: the primary one decides
        _leaver("L7", "WHITE", date(2023, 6, 1), date(2023, 7, 1), is_counted=False),  # bank: not counted
        _leaver("L8", "BME", date(2024, 1, 1), date(2024, 5, 15), extract=LEAVERS_Q1),  # early, next extract
    ])


def test_early_leavers(mw):
    _leavers(mw).run(*LEAVER_SQL)

    def row(kind, value, period_end=MARCH_24):
        return mw.one("marts.early_leavers", period_end=period_end, breakdown_type=kind, breakdown_value=value)

    fy = row("all", "all")
    assert _counts(fy) == (1, 1, 1, 3) and round(fy["pct_bme"], 2) == 33.33 and fy["within_months"] == 12
    assert _counts(row("band", "band_5")) == (1, 1, 0, 2) and _counts(row("band", "band_3")) == (0, 0, 1, 1)
    assert _counts(row("service_team", "Team North")) == (1, 1, 1, 3)
    # the two extracts are merged: the 12 months to June 2024 are covered, to December 2023 are not
    assert _counts(row("all", "all", JUNE_24)) == (1, 2, 1, 4)
    assert {r["period_end"] for r in mw.rows("marts.early_leavers")} == {MARCH_24, JUNE_24}
    assert mw.check("check_measures_early_leavers.sql") == []


def test_leaving_reasons_and_low_information_share(mw):
    _leavers(mw).run(*LEAVER_SQL)

    def row(kind, value):
        return mw.one("marts.leaving_reasons", period_end=MARCH_24, breakdown_type=kind, breakdown_value=value)

    assert _counts(row("all", "all")) == (2, 3, 1, 6)  # L6 once, L7 (bank) out, L8 in the next window
    low = row("information_level", "low_information")
    assert _counts(low) == (0, 1, 1, 2) and low["is_low_information"]
    assert round(low["pct_of_bme_leavers"], 2) == 33.33 and low["pct_of_unknown_leavers"] == 100.0
    assert low["pct_of_white_leavers"] == 0.0 and round(low["pct_of_all_leavers"], 2) == 33.33
    assert _counts(row("information_level", "informative")) == (2, 2, 0, 4)
    assert _counts(row("leaving_reason", "(blank)")) == (0, 1, 0, 1)
    assert _counts(row("leaving_reason", "Retirement Age")) == (1, 0, 0, 1)
    assert mw.check("check_measures_leaving_reasons.sql") == []


def _headcount(mw, snapshots):
    for q, (white, bme, unknown) in snapshots.items():
        mw.workforce(mix(f"hc{q:%Y%m}", white=white, bme=bme, unknown=unknown), snapshot=q)
    return mw


def test_turnover_start_end_mean_and_relative_likelihood(mw):
    # leavers FY 2023/24: White 2, BME 3, Unknown 1; headcount 31 Mar 2023 = 40/20/4, 31 Mar 2024 = 36/24/4
    # -> average 38 / 22 / 4 (64): White 2/38, BME 3/22, RL (BME / White) = (3/22) / (2/38) = 2.59
    _headcount(_leavers(mw), {Q[0]: (40, 20, 4), MARCH_24: (36, 24, 4)}).run(*LEAVER_SQL)
    fy = mw.one("marts.turnover", period_end=MARCH_24, breakdown_type="all")
    assert _counts(fy, "leavers_") == (2, 3, 1, 6)
    assert _counts(fy, "avg_headcount_") == (38, 22, 4, 64) and fy["headcount_complete"]
    assert fy["rate_white"] == 2 / 38 and fy["rate_bme"] == 3 / 22 and fy["rate_total"] == 6 / 64
    assert round(fy["relative_likelihood"], 2) == 2.59 and fy["rl_focus"] == "BME" and fy["rl_status"] == "OK"
    assert fy["status"] == "OK" and fy["headcount_basis"] == "start_end_mean"
    # by band: band 6 had no headcount (the leaver's post only) -> no population
    band_6 = mw.one("marts.turnover", period_end=MARCH_24, breakdown_type="band", breakdown_value="band_6")
    assert band_6["leavers_bme"] == 1 and band_6["rl_status"] == "NO_POPULATION"
    # the window to June 2024 lacks the 30 June 2023 / 2024 snapshots: counts, no rates
    june = mw.one("marts.turnover", period_end=JUNE_24, breakdown_type="all")
    assert june["status"] == "INCOMPLETE_HEADCOUNT" and june["rate_total"] is None and june["leavers_total"] == 7
    assert june["relative_likelihood"] is None and june["rl_status"] is None


def test_turnover_quarter_end_mean(mw):
    two = {Q[0]: (40, 20, 4), MARCH_24: (36, 24, 4)}
    _headcount(_leavers(mw), two).with_settings(measures={"turnover_headcount": "quarter_end_mean"}).run(*LEAVER_SQL)
    assert mw.one("marts.turnover", period_end=MARCH_24, breakdown_type="all")["status"] == "INCOMPLETE_HEADCOUNT"
    _headcount(mw, {q: (38, 22, 4) for q in Q[1:4]}).run(*LEAVER_SQL)
    fy = mw.one("marts.turnover", period_end=MARCH_24, breakdown_type="all")
    assert fy["status"] == "OK" and _counts(fy, "avg_headcount_") == (38, 22, 4, 64)  # (40+38+38+38+36)/5 ...
    assert fy["headcount_basis"] == "quarter_end_mean"
