"""The inbox sensor: start a refresh when a new or changed file arrives in a source folder.

The cursor is keyed on content (SHA-256), not on modification times alone: touching a file, or copying
the same extract in again under another name, starts nothing; a file whose bytes changed starts one
run. Hashes are cached in the cursor by (size, mtime) so unchanged large files are not re-read. A run
covers every quarter (``wres/quarters=all``): a new file may be any quarter's, or a
flow source that feeds them all.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from .config import SOURCES, Settings
from .ingest import inbox_files
from .partitions import full_range_tags
from .readers.tabular import file_sha256


def scan_inbox(inbox: Path, cache: dict[str, list]) -> dict[str, list]:
    """{relative path: [size, mtime_ns, sha256]} for every file of every source folder."""
    seen: dict[str, list] = {}
    for source in SOURCES:
        for path in inbox_files(inbox / source):
            stat = path.stat()
            rel = f"{source}/{path.name}"
            cached = cache.get(rel)
            if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
                seen[rel] = cached
            else:
                seen[rel] = [stat.st_size, stat.st_mtime_ns, file_sha256(path)]
    return seen


def inbox_sensor(job: dg.UnresolvedAssetJobDefinition, settings: Settings) -> dg.SensorDefinition:
    @dg.sensor(
        name="inbox_sensor",
        target=job,
        minimum_interval_seconds=settings.schedule.sensor_interval_seconds,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description=f"Watches {settings.paths.inbox} and refreshes when a file with new content arrives.",
    )
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        state = json.loads(context.cursor) if context.cursor else {"files": {}, "hashes": []}
        files = scan_inbox(settings.paths.inbox, state["files"])
        known = set(state["hashes"])
        new = sorted({(rel, sha) for rel, (_, _, sha) in files.items() if sha not in known}, key=lambda x: x[1])
        cursor = json.dumps({"files": files, "hashes": sorted(known | {sha for _, sha in new})})
        if not new:
            return dg.SensorResult(skip_reason=dg.SkipReason("no new or changed files in the inbox"), cursor=cursor)
        run_key = hashlib.sha256("".join(sha for _, sha in new).encode()).hexdigest()[:16]
        names = ", ".join(rel for rel, _ in new)
        context.log.info(f"new or changed: {names}")
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=run_key, tags={
                **full_range_tags(), **settings.run_labels(), "wres/trigger": "inbox", "wres/new_files": names[:4000]})],
            cursor=cursor,
        )

    return _sensor
