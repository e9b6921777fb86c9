"""Quarterly partitions keyed by quarter end.

Dagster has no quarterly partitions class (stack-findings.md §3), so this is a cron-based time-window
definition whose windows start on the 1st of each quarter-end month; with ``fmt="%Y-%m"`` the keys
read as the quarter they close: ``2024-03`` (31 Mar 2024, the annual WRES snapshot), ``2024-06``,
``2024-09``, ``2024-12``. The windows themselves are not used to select data: ``quarter_end(key)``
gives the snapshot date, and the SQL takes it from there. ``end_offset=1`` makes the quarter ending
this month available as soon as the month starts.

Which tables are partitioned (``QUARTERLY_TABLES``): the quarter-end snapshot chain that starts at the
ESR staff-in-post extract (one file per quarter end) - raw rows, staging and quarantine, the workforce
snapshot, indicator 1 and the per-snapshot measures marts. A run over some quarters (``wres refresh
--quarter 2024-03``, the schedule, a UI backfill of a few partitions) deletes and re-inserts only those
quarters' rows in these tables (``assetkit.quarter_scope``); a run over every quarter (``wres refresh``,
``--backfill``, a UI backfill of all partitions, the inbox sensor) rebuilds them whole. Everything else
(flow sources over 12 months or several years, indicators 2-9, the result table, summary, return,
provenance, publication) is unpartitioned and rebuilt from the warehouse's current tables in every run,
so it always agrees with the partitioned tables.
"""

from __future__ import annotations

import calendar
import warnings
from dataclasses import dataclass
from datetime import date, datetime

import dagster as dg

# BackfillPolicy.single_run is "beta" in Dagster 1.13 and warns at every asset definition; it is the
# documented way to backfill a range in one run, and the warning would drown the CLI's own output.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)

QUARTER_END_MONTHS = (3, 6, 9, 12)
FIRST_QUARTER = "2015-06"  # the first WRES year (2015/16)

quarterly_partitions = dg.TimeWindowPartitionsDefinition(
    start=FIRST_QUARTER,
    cron_schedule="0 0 1 3,6,9,12 *",
    fmt="%Y-%m",
    timezone="Europe/London",
    end_offset=1,
)


# Partitioned asset key -> the column holding each row's quarter-end date.
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


def partition_args(*paths: str) -> dict[str, object]:
    """Asset decorator arguments for ``paths``: quarterly with single-run backfills, or nothing.

    A backfill over many quarters runs as ONE run over the range (``BackfillPolicy.single_run``): the
    SQL rebuilds every quarter in one pass rather than once per quarter.
    """
    partitioned = [p in QUARTERLY_TABLES for p in paths]
    if not any(partitioned):
        return {}
    if not all(partitioned):
        raise ValueError(f"one asset cannot mix quarterly and unpartitioned tables: {list(paths)}")
    return {"partitions_def": quarterly_partitions, "backfill_policy": dg.BackfillPolicy.single_run()}


@dataclass(frozen=True)
class QuarterScope:
    """The quarters a partitioned run rebuilds: rows dated ``first_day`` to ``last_day`` inclusive."""

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


def all_keys(now: datetime | None = None) -> list[str]:
    return quarterly_partitions.get_partition_keys(current_time=now)


def full_range_tags(now: datetime | None = None) -> dict[str, str]:
    """Run tags for one run over every quarter: the full refresh / backfill of all history."""
    keys = all_keys(now)
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}


def range_tags(first_key: str, last_key: str) -> dict[str, str]:
    keys = all_keys()
    for k in (first_key, last_key):
        quarter_end(k)
        if k not in keys:
            raise ValueError(f"{k!r} is not a quarter of this warehouse ({keys[0]} to {keys[-1]})")
    if first_key > last_key:
        raise ValueError(f"the backfill range {first_key}:{last_key} runs backwards")
    return {"dagster/asset_partition_range_start": first_key, "dagster/asset_partition_range_end": last_key}


def run_scope(context: dg.AssetExecutionContext) -> QuarterScope | None:
    """The quarters a partitioned asset rebuilds in this run; None when the run covers every quarter."""
    key_range = context.partition_key_range
    keys = all_keys()
    if key_range.start <= keys[0] and key_range.end >= keys[-1]:
        return None
    return QuarterScope(key_range.start, key_range.end)


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
