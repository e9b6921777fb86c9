"""``wres``: generate a synthetic trust, refresh the warehouse, open the UI.

    wres generate --out DIR [--profile small|trust|large|national] [--seed N] [--years N] [--shape SPEC]
                  [--dirt SPEC] [--workers N]
    wres refresh --inbox DIR --warehouse DIR [--quarter 2024-03 | --backfill [FIRST:LAST]]
    wres demo
    wres ui [--port 3000]
    wres report --year 2024 --out report.html [--warehouse DIR] [--org CODE]
    wres config show
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from .config import PROJECT_ROOT, ConfigError, load_settings, settings_json

DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
DAGSTER_YAML = """\
# Project-local Dagster instance for `wres refresh` and `wres ui` (run history, schedules, sensors).
# Telemetry is off: nothing about this project's runs leaves the machine. nux off: the UI opens without
# Dagster's "Join the Dagster community" sign-up dialog.
telemetry:
  enabled: false
nux:
  enabled: false
"""
DG_TOML = "[cli]\ntelemetry.enabled = false\n"


def ensure_dagster_home() -> Path:
    """A persistent instance under the project with telemetry off (stack-findings.md §2 'Telemetry').

    Created under an exclusive lock: two ``wres`` commands started together on a fresh project (two
    refreshes of different warehouses, parallel test workers) would otherwise both create the instance's
    SQLite storage and stamp its schema version twice ("Version table 'alembic_version' has more than one
    head present"), failing one of them."""
    import fcntl

    DAGSTER_HOME.mkdir(exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(DAGSTER_HOME)
    os.environ["DG_CLI_CONFIG"] = str(DAGSTER_HOME / "dg.toml")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    with open(DAGSTER_HOME / ".init.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        (DAGSTER_HOME / "dagster.yaml").write_text(DAGSTER_YAML)
        (DAGSTER_HOME / "dg.toml").write_text(DG_TOML)
        if not (DAGSTER_HOME / "history").exists():  # first use: create the storage once, under the lock
            import dagster as dg

            dg.DagsterInstance.get().dispose()
    return DAGSTER_HOME


def cmd_generate(args: argparse.Namespace) -> int:
    from wres_synth import generate

    result = generate(Path(args.out), profile=args.profile, seed=args.seed, years=args.years,
                      shapes=args.shape, dirt=args.dirt, workers=args.workers, names=args.names)
    print(f"Generated profile '{args.profile}' (seed {args.seed}) into {Path(args.out).resolve()}: "
          f"{len(result.files)} files in {result.elapsed_seconds:.1f} s")
    return 0


def refresh(inbox: Path | None, warehouse: Path | None, config_file: Path | None = None, quarter: str | None = None,
            quarters: tuple[str, str] | None = None, allow_shrink: bool = False, full: bool = False) -> bool:
    """Materialise every asset (in-process) and publish; print a summary; True when the run succeeded.

    By default every quarter is rebuilt; ``quarter`` / ``quarters`` rebuild only those quarters' rows of
    the quarterly tables (wres_pipeline/partitions.py) and everything unpartitioned. ``inbox`` /
    ``warehouse`` None: the configuration's (``WRES_INBOX`` / ``WRES_WAREHOUSE``, paths in wres.toml).
    ``allow_shrink``: publish even what is less than the published warehouse (config Publication).
    ``full``: read and stage every source again, even those unchanged since the last run (config
    ``ingest.reuse_unchanged_sources``, wres_pipeline/incremental.py).
    """
    import dagster as dg

    from .config import SOURCES
    from .console import failure_text
    from .ingest import inbox_files
    from .runner import execute_refresh
    from .warehouse import build_path, published_path, write_failure, write_problem

    ensure_dagster_home()
    settings = load_settings(config_file, inbox=inbox, warehouse=warehouse)
    if allow_shrink:
        settings = settings.model_copy(update={"publication": settings.publication.model_copy(update={"allow_shrink": True})})
    if full:
        settings = settings.model_copy(update={"ingest": settings.ingest.model_copy(update={"reuse_unchanged_sources": False})})
    published = published_path(settings.paths.warehouse)
    untouched = (f"the published warehouse was left untouched: {published}" if published.exists()
                 else "no warehouse has been published yet, and none was")
    scope = f"quarter {quarter}" if quarter else f"quarters {quarters[0]} to {quarters[1]}" if quarters else "every quarter"
    print(f"Refreshing the WRES warehouse ({scope})\n  inbox:     {settings.paths.inbox}\n"
          f"  warehouse: {settings.paths.warehouse}")
    if not settings.paths.inbox.is_dir():
        print(f"ERROR: the inbox folder {settings.paths.inbox} does not exist. Nothing was run; {untouched}.")
        return False
    if not any(inbox_files(settings.paths.inbox / source) for source in SOURCES):
        print(f"ERROR: the inbox {settings.paths.inbox} holds no file in any source folder ({', '.join(SOURCES)}): "
              f"an empty or mis-mounted inbox never publishes. Nothing was run; {untouched}.")
        return False
    if problem := write_problem(settings.paths.warehouse, settings.thresholds.min_free_disk_mb * 2**20):
        print(f"ERROR: {problem}\nNothing was run; {untouched}.")
        return False
    started = time.time()
    with dg.DagsterInstance.get() as instance:
        result = execute_refresh(settings, instance, quarter=quarter, quarters=quarters)
    checks = result.get_asset_check_evaluations()
    failed_checks = [c for c in checks if not c.passed]
    print(f"\nRun {result.run_id} {'succeeded' if result.success else 'FAILED'} in {time.time() - started:.1f} s")
    print(f"  checks: {len(checks) - len(failed_checks)} passed, {len(failed_checks)} failed"
          + "".join(f"\n    - {c.asset_key.to_user_string()}:{c.check_name} ({c.severity.value})"
                    + (f"\n      {c.description}" if c.description else "") for c in failed_checks))
    _print_load_summary(build_path(settings.paths.warehouse), result.run_id)
    if result.success:
        print(f"\nPublished (read-only): {published_path(settings.paths.warehouse)}")
    else:
        failures = [failure_text(e.step_failure_data.error) for e in result.get_step_failure_events()]
        for event, text in zip(result.get_step_failure_events(), failures, strict=True):
            print(f"\nFAILED {event.step_key}:\n  {text}")
        skipped = len(result.filter_events(lambda e: e.event_type_value == "STEP_SKIPPED"))
        if skipped:
            print(f"\n{skipped} later step(s) did not run because of the failure above.")
        if cause := write_failure(failures, settings.paths.warehouse):
            print(f"\nERROR: {cause}")
        print(f"\n{untouched[0].upper()}{untouched[1:]}.")
    return result.success


def describe_file(f: dict) -> str:
    """One line per file: source, name, organisation and rule, period and rule, status, warnings."""
    name = f["file_name"] + (f"!{f['sheet']}" if f.get("sheet") else "")
    if f["status"] == "rejected":
        return f"{f['source']:<22} {name}: REJECTED {f['rule_id']}"
    period = (f"as at {f['snapshot_date']:%d/%m/%Y}" if f.get("snapshot_date")
              else f"{f['period_start']:%d/%m/%Y}-{f['period_end']:%d/%m/%Y}" if f.get("period_start") else "no period")
    status = {"loaded": "loaded", "duplicate": "duplicate", "superseded": "SUPERSEDED"}.get(f["status"], f["status"])
    line = (f"{f['source']:<22} {name}: {status}; organisation {f['org_code']} ({f.get('org_rule')}); "
            f"{period} ({f.get('period_rule')})")
    if f.get("message"):
        line += f"; {f['message']}"
    if f.get("read_in_run") and f["read_in_run"] != f.get("run_id"):
        line += f"; unchanged, not read again (read in run {f['read_in_run'][:8]})"
    if f.get("warnings"):
        line += f"; warning: {f['warnings']}"
    return line


def mask(value: str | None) -> str:
    """A quarantined value as the console shows it: its first character, the rest starred (it may identify
    a person; the private staging.quarantine and `wres quarantine` hold it whole)."""
    text = value or ""
    return text[:1] + "*" * min(len(text) - 1, 11) if len(text) > 1 else text


def _print_load_summary(build_file: Path, run_id: str) -> None:
    """Files loaded per source, and every file rejected in this run with its rule and message."""
    import duckdb

    if not build_file.exists():
        return
    try:
        _print_counts(duckdb.connect(str(build_file), read_only=True), run_id)
    except duckdb.Error as exc:  # e.g. a full disk left the build database unreadable
        print(f"  (no load summary: {str(exc).splitlines()[0]})")


def _print_counts(connection, run_id: str) -> None:
    with connection as conn:
        has = {r[0] for r in conn.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()}
        has |= {r[0] for r in conn.execute("SELECT schema_name || '.' || view_name FROM duckdb_views()").fetchall()}
        files = conn.execute(
            "SELECT source, count(*) FILTER (WHERE status = 'loaded'), count(*) FILTER (WHERE status = 'rejected'), "
            "sum(rows_read) FILTER (WHERE status = 'loaded'), bool_and(read_in_run <> run_id) "
            "FROM audit.source_files WHERE run_id = ? "
            "GROUP BY 1 ORDER BY 1", [run_id]
        ).fetchall() if "audit.source_files" in has else []
        rejected = conn.execute(
            "SELECT message, sha256 FROM audit.source_files WHERE run_id = ? AND status = 'rejected' "
            "ORDER BY source, file_name", [run_id]
        ).fetchall() if "audit.source_files" in has else []
        quarantined = conn.execute("SELECT count(*) FROM staging.quarantine").fetchone()[0] \
            if "staging.quarantine" in has else None
        by_rule = conn.execute(
            "SELECT file_name, severity, rule_id, count(*), list(row_number ORDER BY row_number)[1:3], "
            "arg_min(column_name, row_number), arg_min(raw_value, row_number), arg_min(reason, row_number) "
            "FROM staging.quarantine GROUP BY file_name, severity, rule_id ORDER BY file_name, rule_id"
        ).fetchall() if quarantined else []
        every_file = conn.execute(
            "SELECT * FROM audit.source_files WHERE run_id = ? ORDER BY source, file_name, sheet", [run_id]
        ).pl().to_dicts() if "audit.source_files" in has else []
        inferred = conn.execute(
            "SELECT source, org_code, list(report_year ORDER BY report_year), any_value(file_names) "
            "FROM audit.source_coverage WHERE basis LIKE '%inferred%' GROUP BY ALL ORDER BY ALL"
        ).fetchall() if "audit.source_coverage" in has else []
    if files:
        print("  files loaded per source:")
        for source, loaded, n_rejected, rows, reused in files:
            print(f"    {source:<24} {loaded} loaded ({rows or 0:,} rows read)"
                  + (f", {n_rejected} REJECTED" if n_rejected else "")
                  + ("; unchanged since the last run: not read or staged again (--full re-reads)" if reused else ""))
    if every_file:
        print("  every file (organisation and why, period and why, what happened):")
        for record in every_file:
            print("    " + describe_file(record))
    for source, org, years, names in inferred:
        print(f"  {source} ({org}) covers WRES year(s) {', '.join(map(str, years))} by the dates of its records "
              f"(no period declared: {names})")
    if quarantined is not None:
        print(f"  rows quarantined (every source): {quarantined:,}"
              + (" - per file and rule (values masked; published: audit.quarantine_summary; every row with its "
                 "value: wres quarantine):" if quarantined else ""))
        for file_name, severity, rule, n, rows, column, value, reason in by_rule:
            print(f"    {file_name}: {n:,} x {severity} {rule} column \"{column}\" (row {', '.join(map(str, rows))}"
                  f"{', ...' if n > len(rows) else ''}), e.g. value \"{mask(value)}\": {reason}")
    if rejected:
        print(f"\n  {len(rejected)} FILE(S) REJECTED - left out of this refresh (audit.source_files, status 'rejected'):")
        for message, sha in rejected:
            print(f"    - {message}\n      sha256 {sha}")


def cmd_refresh(args: argparse.Namespace) -> int:
    from .partitions import all_keys, range_tags

    quarters = None
    if args.backfill and args.backfill != "all":
        first, sep, last = args.backfill.partition(":")
        quarters = (first or all_keys()[0], last or all_keys()[-1]) if sep else (first, first)
    try:
        range_tags(*(quarters or (args.quarter or all_keys()[0],) * 2))
    except ValueError as exc:
        print(f"ERROR: {exc}")
        return 2
    ok = refresh(Path(args.inbox) if args.inbox else None, Path(args.warehouse) if args.warehouse else None,
                 Path(args.config) if args.config else None, quarter=args.quarter, quarters=quarters,
                 allow_shrink=args.allow_shrink, full=args.full)
    return 0 if ok else 1


def cmd_quarantine(args: argparse.Namespace) -> int:
    """``wres quarantine``: every quarantined row of the last refresh, value included, from the private build database."""
    import duckdb

    from .warehouse import build_path

    settings = load_settings(Path(args.config) if args.config else None,
                             **({"warehouse": Path(args.warehouse)} if args.warehouse else {}))
    build = build_path(settings.paths.warehouse)
    if not build.exists():
        print(f"ERROR: no build database at {build}: run a refresh first.")
        return 1
    with duckdb.connect(str(build), read_only=True) as conn:
        rows = conn.execute(
            "SELECT message FROM staging.quarantine WHERE (CAST(? AS VARCHAR) IS NULL OR file_name = ?) "
            "AND (CAST(? AS VARCHAR) IS NULL OR rule_id = ?) ORDER BY source, file_name, sheet, row_number, rule_id",
            [args.file, args.file, args.rule, args.rule]).fetchall()
    for (message,) in rows:
        print(message)
    print(f"{len(rows):,} quarantined row(s) in {build} (private: values as in the files)")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    """``wres inspect``: what a refresh would make of every file, by the same code, without building anything."""
    from .ingest import inspect_inbox, wres_years

    settings = load_settings(Path(args.config) if args.config else None,
                             **({"inbox": Path(args.inbox)} if args.inbox else {}))
    print(f"Inbox {settings.paths.inbox} (organisation.default_code {settings.organisation.default_code})")
    if not settings.paths.inbox.is_dir():
        print(f"ERROR: the inbox folder {settings.paths.inbox} does not exist.")
        return 1
    records = inspect_inbox(settings)
    if not records:
        print("  no files in any source folder: a refresh would have nothing to load")
        return 1
    for record in records:
        covered = wres_years(record)
        print("  " + describe_file(record) + (f"; covers {covered}" if covered else "")
              + (f"; {record['rows_read']:,} rows" if record["status"] == "loaded" else ""))
    for record in records:
        if record["status"] == "rejected":
            print(f"\n  REJECTED {record['file_name']}: {record['message']}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from wres_synth import generate

    inbox = Path("data/inbox").resolve()
    warehouse = Path("warehouse").resolve()
    if inbox.exists():
        shutil.rmtree(inbox)
    print(f"Generating the synthetic trust (profile '{args.profile}', seed 0) into {inbox} ...")
    result = generate(inbox, profile=args.profile, seed=0)
    print(f"  {len(result.files)} files in {result.elapsed_seconds:.1f} s\n")
    # The demo rebuilds the synthetic trust from scratch, so it may publish less than a demo warehouse an
    # earlier version built (a changed method): the command itself accepts that (audit.runs records it).
    if not refresh(inbox, warehouse, allow_shrink=True):
        return 1
    db = warehouse / "wres.duckdb"
    print(f"""
The warehouse is ready: {db}

Query it (read-only) from a separate process, e.g.:
  uv run python -c "import duckdb; print(duckdb.connect('{db}', read_only=True).sql(\\"select report_year, subgroup, value, white_value, bme_value from marts.wres_indicator_result where indicator = 1 and measure = 'percent' and subgroup = 'overall:total' order by 1\\"))"
  duckdb -readonly {db}        (with the duckdb CLI installed)

Open the Dagster UI (asset graph, checks, run history):
  uv run wres ui               then browse http://127.0.0.1:3000
""")
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    ensure_dagster_home()
    if args.inbox:
        os.environ["WRES_INBOX"] = str(Path(args.inbox).resolve())
    if args.warehouse:
        os.environ["WRES_WAREHOUSE"] = str(Path(args.warehouse).resolve())
    os.chdir(PROJECT_ROOT)
    # A background shell starts us with SIGINT ignored; dagster maps SIGTERM onto the SIGINT handler,
    # so restore the default or the server cannot be stopped (stack-findings.md §3 quirk 8).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    dagster = shutil.which("dagster") or str(Path(sys.executable).with_name("dagster"))
    argv = [dagster, "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(args.port)]
    print(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={DAGSTER_HOME}); Ctrl-C to stop")
    os.execv(dagster, argv)
    return 0  # not reached


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report
    from .warehouse import published_path

    settings = load_settings(Path(args.config) if args.config else None,
                             warehouse=Path(args.warehouse) if args.warehouse else None)
    published = published_path(settings.paths.warehouse)
    try:
        out = write_report(published, args.year, Path(args.out), settings, args.org)
    except (FileNotFoundError, ValueError) as exc:
        print(f"wres report: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out} ({out.stat().st_size / 1e6:.1f} MB, self-contained) from {published}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    settings = load_settings(Path(args.config) if args.config else None)
    print(settings_json(settings))
    print(f"\nmethod_version: {settings.method_version()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wres", description="WRES metrics warehouse (Dagster + DuckDB)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("generate", help="write a synthetic trust's extracts into an inbox folder")
    p.add_argument("--out", required=True)
    p.add_argument("--profile", default="trust", choices=["small", "trust", "large", "national"])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--years", type=int, default=None)
    p.add_argument("--shape", default=None, metavar="SOURCE=SHAPE,...",
                   help="file shapes, e.g. esr_staff_in_post=esr_bi_xlsx,esr_leavers=cp1252_csv, or a bare shape "
                        "name for every source that has it (ESR: esr_bi_csv, esr_bi_xlsx, plain_csv, cp1252_csv, "
                        "utf8_bom_csv, national_csv, esr_interface; the other sources: report_xlsx, plain_csv, "
                        "cp1252_csv, utf8_bom_csv; staff_survey also published_workbook, respondent_csv_and_workbook)")
    p.add_argument("--dirt", default=None, metavar="SPEC",
                   help="dirty data: none (default), realistic, D10=0.01,D15=0.002, realistic,D07=0 or all=0.01; "
                        "damaged rows are listed in OUT/_truth/dirt.csv")
    p.add_argument("--workers", type=int, default=None,
                   help="processes writing organisations in parallel (national profile; default one per CPU); "
                        "the output does not depend on it")
    p.add_argument("--names", default="generator", choices=["generator", "realistic"],
                   help="file names: the generator's (ESR_Staff_In_Post_SY001_20240331.csv) or the ones people use, "
                        "without an organisation code (ESR Staff In Post - Mar 24.csv, Trac_Report_ALL_2023-24.csv); "
                        "realistic needs a one-organisation profile")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("refresh", help="materialise every asset from the inbox and publish the warehouse")
    p.add_argument("--inbox", default=None, help="inbox directory (default: paths.inbox in wres.toml, or $WRES_INBOX)")
    p.add_argument("--warehouse", default=None,
                   help="warehouse directory (default: paths.warehouse in wres.toml, or $WRES_WAREHOUSE)")
    p.add_argument("--config", default=None, help="TOML settings file (default: wres.toml or $WRES_CONFIG)")
    p.add_argument("--allow-shrink", action="store_true",
                   help="publish even when the new warehouse holds less than the published one (a source, period or "
                        "indicator withdrawn on purpose); audit.runs records it")
    p.add_argument("--full", action="store_true",
                   help="read and stage every source again, even those whose files, code and settings are unchanged "
                        "since the last run (reused by default: ingest.reuse_unchanged_sources)")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--quarter", default=None, metavar="YYYY-MM",
                       help="rebuild one quarter only (key = quarter-end month, e.g. 2024-03 for 31 March 2024): "
                            "its rows are deleted and re-inserted, every other quarter is left as it was")
    scope.add_argument("--backfill", nargs="?", const="all", default=None, metavar="FIRST:LAST",
                       help="rebuild all history (the default) or a range of quarters, e.g. 2023-03:2024-03, "
                            "in one run")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("inspect", help="list every inbox file with its organisation, period and fate, building nothing")
    p.add_argument("--inbox", default=None, help="inbox directory (default: paths.inbox, or $WRES_INBOX)")
    p.add_argument("--config", default=None, help="TOML settings file (default: wres.toml or $WRES_CONFIG)")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("quarantine", help="print the quarantined rows of the last refresh (private, values included)")
    p.add_argument("--file", default=None, help="only this file (its name as received)")
    p.add_argument("--rule", default=None, help="only this rule, e.g. ESR_SIP-015")
    p.add_argument("--warehouse", default=None, help="warehouse directory (default: paths.warehouse, or $WRES_WAREHOUSE)")
    p.add_argument("--config", default=None)
    p.set_defaults(func=cmd_quarantine)

    p = sub.add_parser("demo", help="generate the default trust into ./data/inbox and refresh ./warehouse")
    p.add_argument("--profile", default="trust", choices=["small", "trust", "large"])
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1 for this project")
    p.add_argument("--port", type=int, default=3000)
    p.add_argument("--inbox", default=None)
    p.add_argument("--warehouse", default=None)
    p.set_defaults(func=cmd_ui)

    p = sub.add_parser("report", help="write the self-contained HTML report of a year from the published warehouse")
    p.add_argument("--year", type=int, required=True, help="reporting year (31 March), e.g. 2024")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.add_argument("--warehouse", default=None, help="warehouse directory (default: paths.warehouse)")
    p.add_argument("--org", default=None, help="organisation code (default: organisation.default_code)")
    p.add_argument("--config", default=None)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("config", help="configuration")
    p.add_argument("action", choices=["show"])
    p.add_argument("--config", default=None)
    p.set_defaults(func=cmd_config)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
