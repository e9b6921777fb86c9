"""The quarterly refresh schedule: a few working days after each quarter end, Europe/London.

It requests a run tagged with the quarter that has just closed (``wres/quarters=2025-03`` on 7 April
2025): that quarter's rows of the quarterly tables are rebuilt, the other quarters are left as they were
(wres_pipeline/partitions.py).
"""

from __future__ import annotations

import dagster as dg

from .config import Settings
from .partitions import last_closed_quarter, quarter_end, range_tags


def quarterly_schedule(job: dg.UnresolvedAssetJobDefinition, settings: Settings) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="quarterly_refresh",
        cron_schedule=settings.schedule.quarterly_cron,
        execution_timezone=settings.schedule.timezone,
        target=job,
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Refreshes the warehouse for the quarter that has just closed "
        f"(cron '{settings.schedule.quarterly_cron}', {settings.schedule.timezone}). Switch it on in the UI.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        key = last_closed_quarter(context.scheduled_execution_time)
        return dg.RunRequest(
            run_key=f"quarter-{key}",
            tags={**range_tags(key, key), **settings.run_labels(), "wres/quarter": key, "wres/quarter_end": quarter_end(key).isoformat(), "wres/trigger": "schedule"},
        )

    return _schedule
