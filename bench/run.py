"""Benchmark a refresh of the WRES warehouse on a generated profile, asset by asset.

    uv run python bench/run.py --profile large          # or small | trust | national
    uv run python bench/run.py --profile trust --warmup 1 --cache-dir /big/disk/wres_bench

What it does (not a test; see BENCHMARKS.md for the figures and the targets):

1. generates the profile's inbox into ``CACHE/<profile>-seed<seed>-<end_year>/inbox`` (reused when it is
   complete: a marker file records the generator version and arguments);
2. in a fresh child process (so generation never counts in the memory figures), with a temporary
   Dagster instance: ``--warmup`` unmeasured refreshes, then one measured full refresh (every source read
   and staged again, as ``wres refresh --full``);
3. for every SQL asset, the same SQL files run bare in DuckDB on the same build database, right after
   the pipeline built it (one connection, each asset in its own transaction, rolled back, so the
   warehouse is left exactly as the pipeline made it): the pipeline / bare ratio is the overhead of
   Dagster + connections + metadata around the SQL;
4. incremental refreshes (``incremental_runs``): one with nothing changed, and a new quarter - the latest
   staff-in-post snapshot added to an inbox refreshed without it, and that quarter refreshed - both
   reusing the sources that did not change (wres_pipeline/incremental.py);
5. prints per step: wall and CPU seconds, rows in / out, peak RSS while the step ran; the run's peak RSS;
   the bare-SQL comparison; the targets with PASS / MISS and, for a miss, the assets that cost most.

Results go to ``bench/results/<profile>-<UTC time>.json`` (and ``.csv``, one row per step). The machine
(cores, memory, CPU model) and its load (load average before / after, the run's CPU share) are recorded:
on a shared machine wall times are inflated, CPU seconds much less so.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:  # `python bench/run.py` puts bench/ first, not the project
    sys.path.insert(0, str(PROJECT_ROOT))

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
DEFAULT_CACHE = Path(os.environ.get("WRES_BENCH_CACHE", Path(tempfile.gettempdir()) / "wres_bench"))
# issue 10 targets: full refresh wall seconds (after warm-up for trust), incremental quarter, peak RSS,
# pipeline / bare SQL ratio of the SQL assets.
TARGETS = {
    "full_refresh_s": {"small": None, "trust": 15.0, "large": 30.0, "national": 300.0},
    "incremental_quarter_s": {"large": 5.0},
    "peak_rss_gb": {"national": 4.0},
    "sql_overhead_ratio": 1.5,
    # issue 22, as ratios to floors measured in the same run (the machine is shared, absolute times drift):
    # warm full refresh / bare DuckDB read of the same inbox; end to end `wres refresh` / bare interpreter
    # start with the same imports
    "full_refresh_vs_read_floor": {"trust": 6.0},
    "end_to_end_vs_start_floor": {"small": 8.0},
}
END_TO_END_PROFILES = ("small", "trust")  # the end-to-end command is timed by default on these
# A step whose bare SQL takes less than this is dominated by fixed per-step costs; its ratio is shown
# but judged on the absolute overhead instead.
MIN_BARE_S_FOR_RATIO = 0.5


# --------------------------------------------------------------------------------------------------
# measurement helpers (child process)
# --------------------------------------------------------------------------------------------------

def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class Sampler(threading.Thread):
    """RSS and process CPU time (every thread, DuckDB's included) every ``interval`` seconds."""

    def __init__(self, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.samples: list[tuple[float, int, float]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.time(), _rss_bytes(), _cpu_seconds()))
            time.sleep(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def window(self, start: float, end: float) -> tuple[int, float]:
        """Peak RSS and CPU seconds between two wall-clock times."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        before = [s for s in self.samples if s[0] <= start]
        after = [s for s in self.samples if s[0] >= end]
        peak = max((s[1] for s in inside), default=before[-1][1] if before else 0)
        cpu0 = before[-1][2] if before else (inside[0][2] if inside else 0.0)
        cpu1 = after[0][2] if after else (inside[-1][2] if inside else cpu0)
        return peak, max(cpu1 - cpu0, 0.0)


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) so it measures the next phase only."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class StepResult:
    step: str
    kind: str  # python (reads files), sql, check, publish
    status: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    rows_in: int | None = None
    rows_out: int | None = None
    assets: list[str] = field(default_factory=list)
    bare_sql_s: float | None = None
    overhead_ratio: float | None = None
    start_s: float = 0.0  # when the step started, seconds after the run started


def _sql_steps(defs) -> dict[str, tuple[list[str], dict]]:
    """step key -> (sql files, extra parameters) for every asset step that is 'run these SQL files'."""
    from assets.publish import project_code_version
    from assets.staging import STAGING_SOURCES

    steps: dict[str, tuple[list[str], dict]] = {}
    asset_defs = [a for a in defs.assets if hasattr(a, "node_def")]
    code_version = project_code_version(asset_defs)
    for a in asset_defs:
        for k in a.keys:
            files = (a.metadata_by_key.get(k) or {}).get("sql_files")
            if isinstance(files, str) and files:  # a step building several tables runs all their files
                steps.setdefault(a.node_def.name, ([], {"code_version": code_version}, {}))[0].extend(
                    f.strip().removeprefix("sql/") for f in files.split(","))
    for source, spec in STAGING_SOURCES.items():
        steps[f"staging_{source}"] = (list(spec.sql_files), dict(spec.params), spec.identifiers)
    return steps


def _graph(defs) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """step -> its asset keys, and asset key -> its upstream asset keys."""
    step_assets: dict[str, list[str]] = {}
    upstream: dict[str, set[str]] = {}
    for a in defs.assets:
        if not hasattr(a, "node_def"):
            continue
        for k in a.keys:
            step_assets.setdefault(a.node_def.name, []).append(k.to_user_string())
            upstream[k.to_user_string()] = {d.to_user_string() for d in a.asset_deps.get(k, set())}
    return step_assets, upstream


def measured_refresh(settings, instance, sampler: Sampler, label: str, **refresh_kwargs) -> dict:
    from wres_pipeline.definitions import build_definitions
    from wres_pipeline.runner import execute_refresh

    defs = build_definitions(settings)
    step_assets, upstream = _graph(defs)
    sql_steps = _sql_steps(defs)
    reset = _reset_peak_rss()
    started, cpu0 = time.time(), _cpu_seconds()
    result = execute_refresh(settings, instance, **refresh_kwargs)
    ended, cpu1 = time.time(), _cpu_seconds()
    peak_run = _peak_rss_bytes() if reset else sampler.window(started, ended)[0]

    rows_out: dict[str, int] = {}
    rows_read: dict[str, int] = {}
    for ev in result.get_asset_materialization_events():
        meta = ev.materialization.metadata
        key = ev.asset_key.to_user_string()
        if "dagster/row_count" in meta:
            rows_out[key] = int(meta["dagster/row_count"].value)
        if "rows_read" in meta:
            rows_read[key] = int(meta["rows_read"].value)
    steps: list[StepResult] = []
    for stat in instance.get_run_step_stats(result.run_id):
        if stat.start_time is None:
            continue
        end = stat.end_time or stat.start_time
        peak, cpu = sampler.window(stat.start_time, end)
        keys = step_assets.get(stat.step_key, [])
        if not keys:
            kind = "check"
        elif stat.step_key in sql_steps:
            kind = "sql"
        elif stat.step_key.startswith("raw__"):
            kind = "python"
        else:
            kind = "publish" if stat.step_key.startswith("publish__") else "python"
        own = set(keys)
        ins = {u for k in keys for u in upstream.get(k, ()) if u not in own}
        rows_in = sum(rows_read.get(k, 0) for k in keys) if any(k in rows_read for k in keys) else (
            sum(rows_out.get(u, 0) for u in ins) if ins else None)
        steps.append(StepResult(
            step=stat.step_key, kind=kind, status=stat.status.value if stat.status else "?",
            wall_s=round(end - stat.start_time, 3), cpu_s=round(cpu, 3), peak_rss_mb=round(peak / 2**20, 1),
            rows_in=rows_in, rows_out=sum(rows_out.get(k, 0) for k in keys) if keys else None, assets=keys,
            start_s=round(stat.start_time - started, 3),
        ))
    steps.sort(key=lambda s: -s.wall_s)
    failures = [f"{e.step_key}: {(e.step_failure_data.error.message or '').strip()[:400]}"
                for e in result.get_step_failure_events()]
    return {
        "label": label,
        "run_id": result.run_id,
        "success": result.success,
        "failures": failures,
        "wall_s": round(ended - started, 2),
        "cpu_s": round(cpu1 - cpu0, 2),
        "cpu_share": round((cpu1 - cpu0) / max(ended - started, 1e-9), 2),
        "peak_rss_mb": round(peak_run / 2**20, 1),
        "peak_rss_source": "VmHWM" if reset else "sampled every 50 ms",
        "steps": [asdict(s) for s in steps],
        "_sql_steps": sql_steps,
    }


def bare_sql(settings, run: dict) -> None:
    """Replay every SQL step's files bare, in the pipeline's order, on a scratch copy of the finished build
    database (so the replay plans like the pipeline: each CREATE builds a table that its step had built
    from the same upstream tables); add each step's time. The warehouse itself is not touched."""
    import duckdb

    from wres_pipeline.warehouse import bootstrap, build_path, run_sql

    sql_steps = run.pop("_sql_steps")
    base = {**settings.sql_params(), "run_id": run["run_id"]}
    order = sorted((s for s in run["steps"] if s["step"] in sql_steps and s["status"] == "SUCCESS"),
                   key=lambda s: s["start_s"])
    with tempfile.TemporaryDirectory(prefix="wres_bench_bare_", dir=build_path(settings.paths.warehouse).parent) as tmp:
        scratch = Path(tmp) / "bare.duckdb"
        shutil.copyfile(build_path(settings.paths.warehouse), scratch)
        with duckdb.connect(str(scratch)) as conn:
            conn.execute(f"SET memory_limit = '{settings.engine.duckdb_memory_limit}'")
            bootstrap(conn)
            for step in order:
                files, extra, identifiers = sql_steps[step["step"]]
                t = time.perf_counter()
                try:
                    for name in files:
                        run_sql(conn, name, identifiers or None, **{**base, **extra})
                    step["bare_sql_s"] = round(time.perf_counter() - t, 3)
                    step["overhead_ratio"] = round(step["wall_s"] / max(step["bare_sql_s"], 1e-3), 2)
                except Exception as exc:  # a bare run that cannot reproduce the step is reported, not fatal
                    step["bare_sql_error"] = f"{type(exc).__name__}: {exc}"[:300]


def overhead_summary(run: dict) -> dict:
    """Where a run's wall time went: bare SQL of every SQL step, the rest of those steps (Dagster, connections,
    metadata), the Python steps (reading files, publication, checks) and the time between steps."""
    steps = run["steps"]
    sql = [s for s in steps if s.get("bare_sql_s") is not None]
    in_steps = sum(s["wall_s"] for s in steps)
    return {
        "run_wall_s": run["wall_s"],
        "sql_steps": len(sql),
        "sql_bare_s": round(sum(s["bare_sql_s"] for s in sql), 2),
        "sql_overhead_s": round(sum(s["wall_s"] - s["bare_sql_s"] for s in sql), 2),
        "other_steps_s": round(sum(s["wall_s"] for s in steps if s.get("bare_sql_s") is None), 2),
        "between_steps_s": round(run["wall_s"] - in_steps, 2),
    }


def last_quarter(settings) -> str | None:
    import duckdb

    from wres_pipeline.partitions import quarter_key
    from wres_pipeline.warehouse import build_path

    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as conn:
        day = conn.execute("SELECT max(snapshot_date) FROM staging.staff_in_post").fetchone()[0]
    return quarter_key(day) if day else None


def incremental_runs(settings, instance, sampler: Sampler) -> list[dict]:
    """After the full refresh: a refresh with nothing changed, then a new quarter - the inbox without the
    latest staff-in-post snapshot refreshed (not measured), the snapshot added, and that quarter refreshed
    (``--quarter``) - both reusing the sources that did not change."""
    from wres_pipeline.ingest import inbox_files
    from wres_pipeline.runner import execute_refresh

    runs = [measured_refresh(settings, instance, sampler, "nothing changed")]
    quarter = last_quarter(settings)
    snapshots = inbox_files(settings.paths.inbox / "esr_staff_in_post")
    if quarter is None or not snapshots:
        return runs
    work = Path(tempfile.mkdtemp(prefix="wres_bench_inbox_", dir=settings.paths.warehouse.parent))
    try:
        for path in (p for p in settings.paths.inbox.rglob("*") if p.is_file()):  # hard links: same bytes and times
            (work / path.relative_to(settings.paths.inbox)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, work / path.relative_to(settings.paths.inbox))
        latest = max(snapshots, key=lambda p: p.name)
        moved = work.parent / f"{work.name}-{latest.name}"
        (work / "esr_staff_in_post" / latest.name).rename(moved)
        before = settings.model_copy(update={"paths": settings.paths.model_copy(update={"inbox": work})})
        execute_refresh(before, instance)
        moved.rename(work / "esr_staff_in_post" / latest.name)
        runs.append(measured_refresh(before, instance, sampler, f"new quarter {quarter} ({latest.name} added)",
                                     quarter=quarter))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return runs


def child(args: argparse.Namespace) -> int:
    sampler = Sampler()
    sampler.start()
    t0 = time.time()
    import dagster as dg

    from wres_pipeline.config import load_settings
    from wres_pipeline.definitions import build_definitions
    from wres_pipeline.runner import execute_refresh

    settings = load_settings(Path(args.config) if args.config else None,
                             inbox=Path(args.inbox), warehouse=Path(args.warehouse))
    # The full refresh reads and stages every source (as `wres refresh --full`); the later runs reuse the
    # sources that did not change (ingest.reuse_unchanged_sources, the default).
    full_settings = settings.model_copy(update={"ingest": settings.ingest.model_copy(
        update={"reuse_unchanged_sources": False})})
    build_definitions(settings)
    out: dict = {"startup_s": round(time.time() - t0, 2), "runs": []}
    home = Path(tempfile.mkdtemp(prefix="wres_bench_dagster_"))
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            for i in range(args.warmup):
                t = time.time()
                warm = execute_refresh(full_settings, instance)
                out.setdefault("warmup_s", []).append(round(time.time() - t, 2))
                print(f"[bench] warm-up {i + 1}: {time.time() - t:.1f} s, success={warm.success}", file=sys.stderr)
            full = measured_refresh(full_settings, instance, sampler, "full refresh")
            print(f"[bench] full refresh: {full['wall_s']} s, success={full['success']}", file=sys.stderr)
            if full["success"] and not args.no_bare:
                bare_sql(settings, full)
                full["overhead"] = overhead_summary(full)
            full.pop("_sql_steps", None)
            out["runs"].append(full)
            if args.no_incremental:
                out["incremental"] = "skipped (--no-incremental)"
            elif not full["success"]:
                out["incremental"] = "not run: the full refresh failed"
            else:
                for run in incremental_runs(settings, instance, sampler):
                    out["runs"].append(run)
                    print(f"[bench] {run['label']}: {run['wall_s']} s, success={run['success']}", file=sys.stderr)
    finally:
        sampler.stop()
        shutil.rmtree(home, ignore_errors=True)
    Path(args.child_out).write_text(json.dumps(out, default=str))
    return 0


# --------------------------------------------------------------------------------------------------
# orchestration (parent process)
# --------------------------------------------------------------------------------------------------

def machine() -> dict:
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    import duckdb
    import polars

    return {
        "cpus": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)), "memory_gb": round(mem_kb / 2**20, 1),
        "cpu_model": model, "python": platform.python_version(), "duckdb": duckdb.__version__,
        "polars": polars.__version__, "platform": platform.platform(),
    }


def _generator_source_hash() -> str:
    """Hash of the generator's code and reference data: a cached inbox is regenerated whenever either changes
    (GENERATOR_VERSION alone is not bumped for every change of its output)."""
    import hashlib

    import wres_synth as generator

    digest = hashlib.sha256()
    root = Path(generator.__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".json", ".toml"}):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_inbox(profile: str, seed: int, end_year: int, cache: Path, years: int | None) -> tuple[Path, float | None]:
    from wres_synth import GENERATOR_VERSION, generate

    root = cache / f"{profile}-seed{seed}-{end_year}{f'-{years}y' if years else ''}"
    inbox = root / "inbox"
    marker = root / "complete.json"
    wanted = {"generator_version": GENERATOR_VERSION, "generator_source": _generator_source_hash(),
              "profile": profile, "seed": seed, "end_year": end_year, "years": years}
    if marker.exists() and json.loads(marker.read_text()) == wanted and inbox.is_dir():
        print(f"[bench] reusing the generated inbox {inbox}")
        return inbox, None
    shutil.rmtree(root, ignore_errors=True)
    print(f"[bench] generating profile {profile!r} (seed {seed}, end year {end_year}) into {inbox} ...")
    t = time.time()
    generate(inbox, profile=profile, seed=seed, end_year=end_year, years=years)
    marker.write_text(json.dumps(wanted))
    return inbox, round(time.time() - t, 1)


FLOOR_IMPORTS = "import dagster, dagster_duckdb, duckdb, polars"


def start_floor(repeat: int = 3) -> float:
    """The bare interpreter start with the pipeline's main imports (best of ``repeat``, seconds)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR_IMPORTS], check=True, cwd=PROJECT_ROOT)
        best = min(best, time.perf_counter() - t)
    return round(best, 2)


def read_floor(inbox: Path, scratch: Path, repeat: int = 2) -> dict:
    """Reading every extract of the inbox into DuckDB tables, bare: DuckDB's CSV reader with every column
    as text (delimiter sniffed, ragged rows padded), workbooks through calamine (polars) into DuckDB. No
    header detection, no contract, no typing: the cost of the bytes alone. Best of ``repeat`` (the first
    warms the file cache, as the pipeline's warm-up does)."""
    import duckdb
    import polars as pl

    files = sorted(p for p in inbox.rglob("*") if p.is_file() and not any(
        part.startswith(("_", ".")) for part in p.relative_to(inbox).parts))
    best, rows = float("inf"), 0
    for _ in range(repeat):
        db = scratch / "floor.duckdb"
        db.unlink(missing_ok=True)
        t = time.perf_counter()
        rows = 0
        with duckdb.connect(str(db)) as conn:
            for i, path in enumerate(files):
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    for j, frame in enumerate(pl.read_excel(path, sheet_id=0, has_header=False,
                                                            infer_schema_length=0).values()):
                        conn.register("sheet", frame)
                        conn.execute(f"CREATE TABLE t{i}_{j} AS FROM sheet")
                        conn.unregister("sheet")
                        rows += frame.height
                else:
                    options = ("all_varchar = true, header = false, null_padding = true, strict_mode = false, "
                               "ignore_errors = true, encoding = 'latin-1'")
                    try:
                        conn.execute(f"CREATE TABLE t{i} AS FROM read_csv(?, {options})", [str(path)])
                    except duckdb.Error:  # quoted new lines: DuckDB's padding needs its serial scanner
                        conn.execute(f"CREATE TABLE t{i} AS FROM read_csv(?, {options}, parallel = false)", [str(path)])
                    rows += conn.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
        best = min(best, time.perf_counter() - t)
        db.unlink(missing_ok=True)
    return {"files": len(files), "rows": rows, "read_s": round(best, 2)}


def end_to_end(inbox: Path, scratch: Path, config: str | None) -> dict:
    """``wres refresh`` as a user runs it, in a fresh process into a fresh warehouse: wall seconds."""
    cmd = [str(Path(sys.executable).parent / "wres"), "refresh", "--inbox", str(inbox),
           "--warehouse", str(scratch / "e2e-warehouse")]
    env = {**os.environ, **({"WRES_CONFIG": config} if config else {})}
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
    return {"wall_s": round(time.perf_counter() - t, 2), "exit_code": proc.returncode}


def _fmt_rows(n) -> str:
    return "" if n is None else f"{n:,}"


def judge(profile: str, runs: list[dict], incremental_note: str | None, floors: dict) -> list[dict]:
    """Each applicable target: measured value, PASS / MISS and, for a miss, where the time went."""
    verdicts = []
    full = runs[0] if runs else None
    limit = TARGETS["full_refresh_vs_read_floor"].get(profile)
    if full and limit and floors.get("read"):
        ratio = full["wall_s"] / max(floors["read"]["read_s"], 1e-3)
        verdicts.append({"target": f"full refresh <= {limit:g}x the bare read of the inbox",
                         "measured": f"{ratio:.1f}x ({full['wall_s']} s / {floors['read']['read_s']} s)",
                         "ok": full["success"] and ratio <= limit,
                         "why": None if ratio <= limit else f"overhead: {full.get('overhead')}"})
    limit = TARGETS["end_to_end_vs_start_floor"].get(profile)
    if limit and floors.get("end_to_end") and floors.get("start_s"):
        e2e = floors["end_to_end"]
        ratio = e2e["wall_s"] / max(floors["start_s"], 1e-3)
        verdicts.append({"target": f"wres refresh end to end <= {limit:g}x the interpreter start with its imports",
                         "measured": f"{ratio:.1f}x ({e2e['wall_s']} s / {floors['start_s']} s)",
                         "ok": e2e["exit_code"] == 0 and ratio <= limit,
                         "why": None if ratio <= limit else "see the full refresh's overhead lines"})
    limit = TARGETS["full_refresh_s"].get(profile)
    if full and limit:
        worst = ", ".join(f"{s['step']} {s['wall_s']:.1f} s" for s in full["steps"][:5])
        verdicts.append({"target": f"full refresh <= {limit:g} s", "measured": f"{full['wall_s']} s",
                         "ok": full["success"] and full["wall_s"] <= limit,
                         "why": None if full["wall_s"] <= limit else f"slowest steps: {worst}"})
    limit = TARGETS["incremental_quarter_s"].get(profile)
    if limit:
        inc = next((r for r in runs if r["label"].startswith("new quarter")), None)
        if inc:
            worst = ", ".join(f"{s['step']} {s['wall_s']:.1f} s" for s in inc["steps"][:5])
            verdicts.append({"target": f"incremental quarter <= {limit:g} s", "measured": f"{inc['wall_s']} s",
                             "ok": inc["success"] and inc["wall_s"] <= limit,
                             "why": None if inc["wall_s"] <= limit else f"slowest steps: {worst}"})
        else:
            verdicts.append({"target": f"incremental quarter <= {limit:g} s", "measured": "not measured",
                             "ok": False, "why": incremental_note})
    limit = TARGETS["peak_rss_gb"].get(profile)
    if full and limit:
        top = sorted(full["steps"], key=lambda s: -s["peak_rss_mb"])[:3]
        gb = full["peak_rss_mb"] / 1024
        verdicts.append({"target": f"peak RSS <= {limit:g} GB", "measured": f"{gb:.2f} GB", "ok": gb <= limit,
                         "why": None if gb <= limit else "highest during: " + ", ".join(
                             f"{s['step']} {s['peak_rss_mb'] / 1024:.2f} GB" for s in top)})
    if full:
        ratio = TARGETS["sql_overhead_ratio"]
        measured = [s for s in full["steps"] if s.get("bare_sql_s") is not None]
        judged = [s for s in measured if s["bare_sql_s"] >= MIN_BARE_S_FOR_RATIO]
        over = [s for s in judged if s["overhead_ratio"] > ratio]
        small = [s for s in measured if s["bare_sql_s"] < MIN_BARE_S_FOR_RATIO]
        fixed = sorted(s["wall_s"] - s["bare_sql_s"] for s in small)
        note = (f"{len(small)} SQL steps under {MIN_BARE_S_FOR_RATIO} s bare: median fixed overhead "
                f"{fixed[len(fixed) // 2]:.2f} s per step" if fixed else "")
        verdicts.append({
            "target": f"SQL assets within {ratio:g}x of bare SQL (steps >= {MIN_BARE_S_FOR_RATIO} s bare)",
            "measured": f"{len(judged) - len(over)} of {len(judged)} within" + (f"; {note}" if note else ""),
            "ok": not over,
            "why": None if not over else "over: " + ", ".join(
                f"{s['step']} {s['wall_s']:.1f} s vs {s['bare_sql_s']:.1f} s bare ({s['overhead_ratio']:.1f}x)"
                for s in sorted(over, key=lambda s: -s["overhead_ratio"])[:6]),
        })
    return verdicts


def print_report(res: dict) -> None:
    m, load = res["machine"], res["load"]
    print(f"\n=== WRES benchmark: profile {res['profile']} (seed {res['seed']}) ===")
    print(f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB; duckdb {m['duckdb']}, "
          f"polars {m['polars']}")
    print(f"load average before / after: {load['before']} / {load['after']}"
          + ("  <- the machine was busy: wall times are inflated, compare CPU seconds" if load["busy"] else ""))
    if res.get("generate_s") is not None:
        print(f"generation: {res['generate_s']} s (not part of any figure)")
    print(f"child start-up (imports, definitions): {res['child'].get('startup_s')} s; "
          f"warm-up runs: {res['child'].get('warmup_s', [])}")
    floors = res.get("floors", {})
    if floors:
        read = floors.get("read") or {}
        print(f"floors (same run): interpreter start with '{FLOOR_IMPORTS}' {floors.get('start_s')} s; "
              f"bare DuckDB read of the inbox {read.get('read_s')} s ({read.get('files')} files, "
              f"{_fmt_rows(read.get('rows'))} rows)")
        if floors.get("end_to_end"):
            e2e = floors["end_to_end"]
            print(f"end to end `wres refresh` (fresh process, fresh warehouse): {e2e['wall_s']} s, exit code "
                  f"{e2e['exit_code']} = {e2e['wall_s'] / max(floors['start_s'], 1e-3):.1f}x the interpreter start")
    for run in res["child"]["runs"]:
        print(f"\n--- {run['label']}: {'OK' if run['success'] else 'FAILED'}  wall {run['wall_s']} s, "
              f"CPU {run['cpu_s']} s ({run['cpu_share']:.0%} of a core-second per second), "
              f"peak RSS {run['peak_rss_mb'] / 1024:.2f} GB ({run['peak_rss_source']})")
        for f in run["failures"]:
            print(f"    FAILED {f}")
        print(f"{'step':58} {'kind':7} {'wall s':>8} {'cpu s':>8} {'rows in':>12} {'rows out':>12} "
              f"{'peak MB':>8} {'bare s':>8} {'ratio':>6}")
        for s in run["steps"]:
            bare = "" if s.get("bare_sql_s") is None else f"{s['bare_sql_s']:.2f}"
            ratio = "" if s.get("overhead_ratio") is None else f"{s['overhead_ratio']:.1f}"
            print(f"{s['step'][:58]:58} {s['kind']:7} {s['wall_s']:8.2f} {s['cpu_s']:8.2f} "
                  f"{_fmt_rows(s['rows_in']):>12} {_fmt_rows(s['rows_out']):>12} {s['peak_rss_mb']:8.0f} "
                  f"{bare:>8} {ratio:>6}")
        by_kind: dict[str, float] = {}
        for s in run["steps"]:
            by_kind[s["kind"]] = by_kind.get(s["kind"], 0.0) + s["wall_s"]
        print("    wall s by kind: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(by_kind.items())))
        if floors.get("read"):
            print(f"    = {run['wall_s'] / max(floors['read']['read_s'], 1e-3):.1f}x the bare read of the inbox")
        if run.get("overhead"):
            o = run["overhead"]
            print(f"    where the time went: bare SQL of all {o['sql_steps']} SQL steps {o['sql_bare_s']} s; "
                  f"per-step overhead of those steps {o['sql_overhead_s']} s; other steps (reading, Python, checks, "
                  f"publication) {o['other_steps_s']} s; between steps {o['between_steps_s']} s")
    if isinstance(res["child"].get("incremental"), str):
        print(f"\nincremental quarter: {res['child']['incremental']}")
    print("\n--- targets")
    for v in res["verdicts"]:
        print(f"  [{'PASS' if v['ok'] else 'MISS'}] {v['target']}: {v['measured']}" + (f"\n         why: {v['why']}" if v["why"] else ""))


def write_results(res: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{res['profile']}-{stamp}.json"
    path.write_text(json.dumps(res, indent=1, default=str))
    with path.with_suffix(".csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["run", "step", "kind", "status", "wall_s", "cpu_s", "rows_in", "rows_out", "peak_rss_mb",
                         "bare_sql_s", "overhead_ratio"])
        for run in res["child"]["runs"]:
            for s in run["steps"]:
                writer.writerow([run["label"], s["step"], s["kind"], s["status"], s["wall_s"], s["cpu_s"], s["rows_in"],
                                 s["rows_out"], s["peak_rss_mb"], s.get("bare_sql_s"), s.get("overhead_ratio")])
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark a WRES warehouse refresh on a generated profile.")
    parser.add_argument("--profile", default="large", choices=["small", "trust", "large", "national"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--end-year", type=int, default=2026, help="last WRES year generated (default 2026)")
    parser.add_argument("--years", type=int, default=None, help="report years (default: the profile's)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE,
                        help=f"where generated inboxes and warehouses live (default {DEFAULT_CACHE}, or $WRES_BENCH_CACHE); "
                             "national needs ~5 GB for the inbox plus the warehouse")
    parser.add_argument("--warmup", type=int, default=None,
                        help="unmeasured refreshes before the measured one (default: 1 for small / trust, 0 otherwise)")
    parser.add_argument("--config", default=None, help="TOML settings file for the refresh")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-SQL comparison")
    parser.add_argument("--no-incremental", action="store_true", help="skip the incremental refreshes (nothing changed; a new quarter)")
    parser.add_argument("--end-to-end", action=argparse.BooleanOptionalAction, default=None,
                        help=f"also time `wres refresh` in a fresh process (default on for {', '.join(END_TO_END_PROFILES)})")
    parser.add_argument("--results", type=Path, default=None, help="write the JSON here instead of bench/results/")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inbox", type=Path, default=None,
                        help="benchmark an existing inbox instead of generating the profile (--profile then only "
                             "names the targets)")
    parser.add_argument("--warehouse", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    warmup = args.warmup if args.warmup is not None else (1 if args.profile in ("small", "trust") else 0)
    if args.end_to_end is None:
        args.end_to_end = args.profile in END_TO_END_PROFILES
    if args.inbox:
        inbox, generate_s = args.inbox.resolve(), None
        warehouse = args.cache_dir / f"{inbox.parent.name}-{inbox.name}-warehouse"
    else:
        inbox, generate_s = ensure_inbox(args.profile, args.seed, args.end_year, args.cache_dir, args.years)
        warehouse = inbox.parent / "warehouse"
    shutil.rmtree(warehouse, ignore_errors=True)  # every measured full refresh starts from nothing
    before = os.getloadavg()
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        child_out = Path(tmp.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--profile", args.profile,
           "--inbox", str(inbox), "--warehouse", str(warehouse), "--child-out", str(child_out),
           "--warmup", str(warmup)]
    cmd += ["--config", args.config] if args.config else []
    cmd += ["--no-bare"] if args.no_bare else []
    cmd += ["--no-incremental"] if args.no_incremental else []
    print(f"[bench] refreshing in a child process (warm-up runs: {warmup}); progress below")
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, check=False)
    after = os.getloadavg()
    if proc.returncode != 0 or not child_out.exists() or not child_out.read_text():
        print(f"[bench] the child process failed (exit code {proc.returncode}); see its output above")
        return 1
    child_res = json.loads(child_out.read_text())
    child_out.unlink(missing_ok=True)
    print("[bench] measuring the floors: interpreter start, bare read of the inbox"
          + (", end to end" if args.end_to_end else ""))
    with tempfile.TemporaryDirectory(prefix="wres_bench_floor_", dir=args.cache_dir) as tmp:
        floors = {"start_s": start_floor(), "read": read_floor(inbox, Path(tmp))}
        if args.end_to_end:
            floors["end_to_end"] = end_to_end(inbox, Path(tmp), args.config)
    cpus = os.cpu_count() or 1
    res = {
        "profile": args.profile, "seed": args.seed, "end_year": args.end_year, "warmup": warmup,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"), "inbox": str(inbox),
        "machine": machine(),
        "load": {"before": [round(x, 2) for x in before], "after": [round(x, 2) for x in after],
                 "busy": max(before[0], after[0]) > 0.5 * cpus},
        "generate_s": generate_s, "child": child_res, "floors": floors,
    }
    res["verdicts"] = judge(args.profile, child_res["runs"], child_res.get("incremental")
                            if isinstance(child_res.get("incremental"), str) else None, floors)
    print_report(res)
    path = args.results or write_results(res)
    if args.results:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(res, indent=1, default=str))
    print(f"\nresults: {path}")
    return 0 if all(r["success"] for r in child_res["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
