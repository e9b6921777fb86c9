"""Refresh an inbox into a scratch warehouse and write the fingerprint of every table, to compare two versions
of the code (issue 22: the speed work must not change what is built or published).

    uv run python bench/fingerprint.py --inbox /tmp/wres_bench/trust-seed0-2026/inbox --out before.json
    ... change the code ...
    uv run python bench/fingerprint.py --inbox ... --out after.json --compare before.json

Fingerprints (``warehouse.table_fingerprints``: order-independent content hashes, leaving out the columns that
differ between any two runs by design) of the build database's schemas and of the published copy. Exit code 1
when ``--compare`` finds a table that differs or is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

from wres_pipeline.cli import refresh
from wres_pipeline.warehouse import PUBLISHED_SCHEMAS, build_path, published_path, table_fingerprints

# Columns that differ between any two runs by design: run ids, clock times, the checkout's path, the settings'
# hash (it holds the paths); and the hash of the code the warehouse was built by (audit.runs,
# audit.indicator_provenance), which differs between any two versions of the code, the very thing compared.
VOLATILE = {"run_id", "computed_in_run", "read_in_run", "config_hash", "code_version", "loaded_at", "started_at",
            "published_at", "finished_at", "source", "source_file"}
BUILD_SCHEMAS = ("raw", "staging", "intermediate", "marts", "ref")


def fingerprints(warehouse: Path) -> dict[str, dict[str, str]]:
    out = {}
    for name, path, schemas in (("build", build_path(warehouse), BUILD_SCHEMAS),
                                ("published", published_path(warehouse), PUBLISHED_SCHEMAS)):
        with duckdb.connect(str(path), read_only=True) as conn:
            out[name] = table_fingerprints(conn, schemas, VOLATILE)
    return out


def compare(before: dict, after: dict) -> list[str]:
    """Tables that differ, are missing or are new, per database."""
    lines = []
    for db in ("build", "published"):
        old, new = before.get(db, {}), after.get(db, {})
        for table in sorted(old.keys() | new.keys()):
            if old.get(table) != new.get(table):
                lines.append(f"{db} {table}: {old.get(table, 'missing')} -> {new.get(table, 'missing')}")
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--inbox", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path, help="JSON file to write the fingerprints to")
    p.add_argument("--compare", type=Path, default=None, help="an earlier --out to compare with")
    p.add_argument("--warehouse", type=Path, default=None, help="refresh this warehouse (default: a scratch one)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wres_fingerprint_") as tmp:
        warehouse = args.warehouse or Path(tmp) / "warehouse"
        if not refresh(args.inbox, warehouse, allow_shrink=True):
            return 2
        result = fingerprints(warehouse)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True))
    print(f"{sum(map(len, result.values()))} table fingerprints written to {args.out}")
    if args.compare:
        differences = compare(json.loads(args.compare.read_text()), result)
        print("\n".join(differences) or "identical: every table of the build and the published warehouse")
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
