"""Quarters: which quarter-end snapshots a refresh rebuilds, named by a run tag.

A quarter is keyed by the month it closes: ``2024-03`` (31 Mar 2024, the annual WRES snapshot),
``2024-06``, ``2024-09``, ``2024-12``; the first is ``2015-06`` (the first WRES year, 2015/16), the last
the quarter whose closing month has started (``end`` of this month is available as soon as it starts).

Which tables are rebuilt per quarter (``QUARTERLY_TABLES``): the quarter-end snapshot chain that starts at
the ESR staff-in-post extract (one file per quarter end) - raw rows, staging and quarantine, the workforce
snapshot, indicator 1 and the per-snapshot measures marts. A run tagged ``wres/quarters`` with one quarter
(``2024-03``) or a range (``2023-03..2024-03``) - ``wres refresh --quarter`` / ``--backfill FIRST:LAST``,
the quarterly schedule, or a launch from the UI with that tag - deletes and re-inserts only those
quarters' rows in these tables (``assetkit.quarter_scope``); a run without the tag, or tagged ``all``
(``wres refresh``, ``--backfill``, the inbox sensor, "Materialize all" in the UI), rebuilds them whole.
Everything else (flow sources over 12 months or several years, indicators 2-9, the result table,
summary, return, provenance, publication) is rebuilt from the warehouse's current tables in every run,
so it always agrees with the quarterly tables.

Why a run tag and not Dagster partitions: a partitioned asset records one materialisation (and one
planned materialisation) per quarter of the run's range, with its metadata - 47 quarters of history
since 2015 made a full refresh write ~1,000 events and cost ~0.5 s per quarterly step for 0.01-0.03 s of
SQL. With the tag every asset records one materialisation per run, and the run's tag says which quarters
it rebuilt (filterable in the UI's run list).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import dagster as dg

QUARTER_END_MONTHS = (3, 6, 9, 12)
FIRST_QUARTER = "2015-06"  # the first WRES year (2015/16)
QUARTERS_TAG = "wres/quarters"  # run tag: 'all', one quarter '2024-03', or a range '2023-03..2024-03'
ALL = "all"
TIMEZONE = ZoneInfo("Europe/London")


# Quarterly table's asset key -> the column holding each row's quarter-end date.
QUARTERLY_TABLES: dict[str, str] = {
    "raw/esr_staff_in_post": "snapshot_date",
    "staging/staff_in_post": "snapshot_date",
    "staging/quarantine_esr_staff_in_post": "period_date",
    "staging/workforce_snapshot": "snapshot_date",
    "intermediate/wres_indicator_1": "period_end",
    "marts/workforce_profile": "period_end",
    "marts/representation": "period_end",
    "marts/team_flags": "period_end",
    "marts/team_flag_counts": "period_end",
    "marts/race_disparity_ratio": "period_end",
    "marts/model_employer_gap": "period_end",
}


def rebuild_tags(*paths: str) -> dict[str, str]:
    """Asset tags for the tables ``paths`` built by one step: ``wres/rebuild`` says whether a run tagged
    with some quarters rebuilds only their rows (``per_quarter``) or the whole table (shown on the asset's
    page); one step cannot mix the two."""
    quarterly = [p in QUARTERLY_TABLES for p in paths]
    if any(quarterly) and not all(quarterly):
        raise ValueError(f"one asset cannot mix quarterly and whole tables: {list(paths)}")
    return {"wres/rebuild": "per_quarter" if any(quarterly) else "whole"}


@dataclass(frozen=True)
class QuarterScope:
    """The quarters a run rebuilds: rows dated ``first_day`` to ``last_day`` inclusive."""

    first_key: str
    last_key: str

    @property
    def first_day(self) -> date:
        end = quarter_end(self.first_key)
        return date(end.year, end.month - 2, 1)

    @property
    def last_day(self) -> date:
        return quarter_end(self.last_key)

    def __str__(self) -> str:
        keys = self.first_key if self.first_key == self.last_key else f"{self.first_key}..{self.last_key}"
        return f"quarter(s) {keys} ({self.first_day} to {self.last_day})"


def all_keys(now: datetime | date | None = None) -> list[str]:
    """Every quarter from 2015-06 to the quarter whose closing month has started (Europe/London)."""
    now = now or datetime.now(TIMEZONE)
    day = now.date() if isinstance(now, datetime) else now
    last_month = max(m for m in (0, *QUARTER_END_MONTHS) if m <= day.month)
    last = (day.year - 1, 12) if last_month == 0 else (day.year, last_month)
    year, month = (int(p) for p in FIRST_QUARTER.split("-"))
    keys = []
    while (year, month) <= last:
        keys.append(f"{year}-{month:02d}")
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    return keys


def full_range_tags() -> dict[str, str]:
    """Run tags for one run over every quarter: the full refresh / backfill of all history."""
    return {QUARTERS_TAG: ALL}


def range_tags(first_key: str, last_key: str) -> dict[str, str]:
    """Run tags for a run over ``first_key``..``last_key``, checked against the warehouse's quarters."""
    keys = all_keys()
    for k in (first_key, last_key):
        quarter_end(k)
        if k not in keys:
            raise ValueError(f"{k!r} is not a quarter of this warehouse ({keys[0]} to {keys[-1]})")
    if first_key > last_key:
        raise ValueError(f"the backfill range {first_key}:{last_key} runs backwards")
    return {QUARTERS_TAG: first_key if first_key == last_key else f"{first_key}..{last_key}"}


def run_scope(context: dg.AssetExecutionContext) -> QuarterScope | None:
    """The quarters this run rebuilds (its ``wres/quarters`` tag); None when it covers every quarter."""
    value = (context.run.tags.get(QUARTERS_TAG) or ALL).strip()
    if value == ALL:
        return None
    first, _, last = value.partition("..")
    try:
        range_tags(first, last or first)
    except ValueError as exc:
        raise dg.Failure(f"run tag {QUARTERS_TAG}={value!r}: {exc}. Use 'all', '2024-03' or '2023-03..2024-03'.") from exc
    keys = all_keys()
    if first <= keys[0] and (last or first) >= keys[-1]:
        return None
    return QuarterScope(first, last or first)


def quarter_end(key: str) -> date:
    """'2024-06' -> 30 June 2024."""
    year, month = (int(p) for p in key.split("-"))
    if month not in QUARTER_END_MONTHS:
        raise ValueError(f"{key!r} is not a quarter-end key (expected YYYY-03/06/09/12)")
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_key(day: date) -> str:
    """The key of the quarter that ends on or after ``day``: 7 Jul 2024 -> '2024-09'."""
    month = next(m for m in QUARTER_END_MONTHS if m >= day.month)
    return f"{day.year}-{month:02d}"


def last_closed_quarter(now: datetime | date) -> str:
    """The most recent quarter that has ended before ``now``: 7 Jul 2024 -> '2024-06'."""
    day = now.date() if isinstance(now, datetime) else now
    year, month = day.year, max((m for m in QUARTER_END_MONTHS if m < day.month), default=None)
    if month is None:
        year, month = year - 1, 12
    return f"{year}-{month:02d}"
