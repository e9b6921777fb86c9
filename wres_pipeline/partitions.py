"""Quarterly partitions keyed by quarter end.

Dagster has no quarterly partitions class (stack-findings.md §3), so this is a cron-based time-window
definition whose windows start on the 1st of each quarter-end month; with ``fmt="%Y-%m"`` the keys
read as the quarter they close: ``2024-03`` (31 Mar 2024, the annual WRES snapshot), ``2024-06``,
``2024-09``, ``2024-12``. The windows themselves are not used to select data: ``quarter_end(key)``
gives the snapshot date, and the SQL takes it from there. ``end_offset=1`` makes the quarter ending
this month available as soon as the month starts.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

import dagster as dg

QUARTER_END_MONTHS = (3, 6, 9, 12)
FIRST_QUARTER = "2015-06"  # the first WRES year (2015/16)

quarterly_partitions = dg.TimeWindowPartitionsDefinition(
    start=FIRST_QUARTER,
    cron_schedule="0 0 1 3,6,9,12 *",
    fmt="%Y-%m",
    timezone="Europe/London",
    end_offset=1,
)


def quarter_end(key: str) -> date:
    """'2024-06' -> 30 June 2024."""
    year, month = (int(p) for p in key.split("-"))
    if month not in QUARTER_END_MONTHS:
        raise ValueError(f"{key!r} is not a quarter-end partition key (expected YYYY-03/06/09/12)")
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
