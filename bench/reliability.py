"""Reliability figures (issue 11): fuzz cases run, bad-file classes covered, fault points tested, and the
row reconciliation of a generated trust with realistic dirt.

    uv run python bench/reliability.py                  # the suite's bounded fuzzing ('ci' profile)
    uv run python bench/reliability.py --profile long   # the long fuzzing run (minutes)
    uv run python bench/reliability.py --no-tests       # only the reconciliation
    uv run python bench/reliability.py --no-tests --recon-profile trust   # ... of the trust profile

It runs the reliability tests (tests/test_fuzz_readers.py, test_bad_inputs.py, test_faults.py,
test_personal_data.py and the BI-reader test of test_publication.py) in-process and counts what they
covered, then generates a trust with every source and realistic dirt, refreshes it, and checks for every
loaded file: rows read = rows staged + rows quarantined + counted drops, and that the quarantine holds
exactly the rows the generator's dirt manifest says must be rejected.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TESTS = [
    "tests/test_fuzz_readers.py",
    "tests/test_bad_inputs.py",
    "tests/test_faults.py",
    "tests/test_personal_data.py",
    "tests/test_publication.py::test_bi_reader_in_another_process_is_never_blocked_and_never_sees_partial_data",
]
# Row-level staging tables: every staged row keeps its file id, sheet and physical row number.
STAGED = {
    "esr_staff_in_post": "staging.staff_in_post",
    "esr_leavers": "staging.leavers",
    "trac_applications": "staging.applications",
    "olm_training": "staging.training",
    "er_cases": "staging.er_cases",
    "board_register": "staging.board_members",
}


class Outcomes:
    """A pytest plugin keeping each test's outcome."""

    def __init__(self) -> None:
        self.by_test: dict[str, str] = {}

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call" or report.outcome != "passed":
            self.by_test[report.nodeid] = report.outcome


def run_tests(profile: str) -> dict:
    import pytest

    outcomes = Outcomes()
    started = time.time()
    # -n 0: in this process (pyproject's addopts spread the suite over pytest-xdist workers), so the fuzz
    # counters of tests/test_fuzz_readers.py are read here
    code = pytest.main(["-q", "-n", "0", "-p", "no:cacheprovider", "-W", "ignore", f"--hypothesis-profile={profile}",
                        "--rootdir", str(ROOT), *[str(ROOT / t) for t in TESTS]], plugins=[outcomes])
    # the module's name depends on how pytest imported it (tests.test_fuzz_readers or test_fuzz_readers)
    cases = next(m for name, m in sys.modules.items() if name.rpartition(".")[2] == "test_fuzz_readers").CASES
    manifest = json.loads((ROOT / "tests" / "bad_inputs" / "manifest.json").read_text(encoding="utf-8"))
    faults = {k: v for k, v in outcomes.by_test.items() if "test_faults.py" in k}
    passed = Counter(outcomes.by_test.values())
    return {
        "pytest exit code": int(code),
        "tests": dict(passed),
        "seconds": round(time.time() - started, 1),
        "fuzz cases run": sum(v for k, v in cases.items() if not k.startswith(("loaded", "rejected", "rows"))),
        "fuzz cases by kind": dict(cases),
        "bad-file classes": len(manifest),
        "bad-file classes passing": sum(v == "passed" for k, v in outcomes.by_test.items()
                                        if "test_bad_file_is_rejected_with_its_exact_message" in k),
        "fault points tested": sum("killed_refresh" in k and v == "passed" for k, v in faults.items()),
        "fault tests (kills, recovery, reloads, read-only, full disk)": dict(Counter(faults.values())),
    }


def reconciliation(profile: str = "small", seed: int = 7) -> dict:
    import duckdb

    from wres_pipeline.config import load_settings
    from wres_pipeline.runner import execute_refresh
    from wres_pipeline.warehouse import build_path
    from wres_synth import generate
    from wres_synth.dirt import expected_quarantine, read_manifest

    with tempfile.TemporaryDirectory() as tmp:
        inbox, warehouse = Path(tmp) / "inbox", Path(tmp) / "warehouse"
        # every dirt case at its realistic rate (the D07 / D08 extra files are rejected whole and reported)
        generate(inbox, profile=profile, seed=seed, end_year=2025, dirt="realistic")
        started = time.time()
        result = execute_refresh(load_settings(inbox=inbox, warehouse=warehouse))
        seconds = time.time() - started
        totals: Counter[str] = Counter()
        broken = []
        with duckdb.connect(str(build_path(warehouse)), read_only=True) as conn:
            files = conn.execute("SELECT status, count(*) FROM audit.source_files GROUP BY 1").fetchall()
            aliases = {r[0] for r in conn.execute("SELECT label FROM ref.ethnic_label").fetchall()}
            expected = expected_quarantine(read_manifest(inbox / "_truth" / "dirt.csv"), aliases)
            quarantined = {(f, r, s) for f, r, s in conn.execute(
                "SELECT file_name, row_number, severity FROM staging.quarantine").fetchall()}
            manifest_match = {
                severity: {"manifest": len(want), "quarantined": sum(s == severity for *_, s in quarantined),
                           "missing": len({(f, r, severity) for f, r in want} - quarantined),
                           "unexpected": len({q for q in quarantined if q[2] == severity} - {(f, r, severity) for f, r in want})}
                for severity, want in expected.items() if severity != "left_out"}
            tables = {f"{s}.{t}" for s, t in conn.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()}
            for source, staged in STAGED.items():
                if staged not in tables or f"raw.{source}" not in tables:
                    broken.append(f"{source}: not staged (the refresh failed before it)")
                    continue
                rows = conn.execute(f"""
                    SELECT r.file_name, count(*), count(*) FILTER (WHERE r.drop_reason IS NOT NULL),
                           count(*) FILTER (WHERE r.drop_reason IS NULL
                               AND (r.source_file_id, r.sheet, r.row_number) IN (SELECT (source_file_id, sheet, row_number) FROM {staged})),
                           count(*) FILTER (WHERE r.drop_reason IS NULL
                               AND (r.source_file_id, r.sheet, r.row_number) IN
                                   (SELECT (source_file_id, sheet, row_number) FROM staging.quarantine_{source}))
                    FROM raw.{source} AS r GROUP BY 1""").fetchall()
                for file_name, read, dropped, n_staged, n_quarantined in rows:
                    totals.update(files=1, read=read, dropped=dropped, staged=n_staged, quarantined=n_quarantined)
                    if read != dropped + n_staged + n_quarantined:
                        broken.append(f"{source}/{file_name}: {read} read != {n_staged} staged + "
                                      f"{n_quarantined} quarantined + {dropped} dropped")
    exact = all(m["missing"] == m["unexpected"] == 0 for m in manifest_match.values())
    return {
        "profile": profile,
        "refresh succeeded": result.success,
        "refresh seconds": round(seconds, 1),
        "quarantine vs the dirt manifest": manifest_match,
        "manifest rows deliberately not quarantined (D23 on dropped birth dates, D15 mapped aliases)": len(expected["left_out"]),
        "files by status": dict(files),
        "rows": dict(totals),
        "files where read != staged + quarantined + dropped": broken,
        "result": ("OK" if not broken and exact else
                   f"{len(broken)} file(s) do not reconcile; quarantine = manifest: {exact}"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="ci", choices=["ci", "long"])
    parser.add_argument("--no-tests", action="store_true")
    parser.add_argument("--recon-profile", default="small", choices=["small", "trust", "large"],
                        help="generator profile of the reconciliation run (default small)")
    args = parser.parse_args(argv)
    figures = {} if args.no_tests else run_tests(args.profile)
    recon = figures["reconciliation (generated trust, realistic dirt)"] = reconciliation(args.recon_profile)
    print(json.dumps(figures, indent=2, default=str))
    return int(recon["result"] != "OK" or figures.get("pytest exit code", 0) != 0)


if __name__ == "__main__":
    sys.exit(main())
