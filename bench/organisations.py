"""The organisation -> ICS -> region mapping of the synthetic generator, as a reference CSV.

``wres_pipeline/reference_data/organisations.csv`` (the shipped ``ref.organisation``) is the national
profile's organisations for seed 0; a test keeps it equal to the generator. For another seed, write its
mapping and name the file in config ``benchmark.organisation_files`` (the benchmark does this itself):

    uv run python -m bench.organisations --seed 7 --out /tmp/orgs_seed7.csv
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterable
from pathlib import Path

from wres_pipeline.config import REFERENCE_DATA_DIR
from wres_synth import OrgSpec, national_orgs

COLUMNS = ("org_code", "org_name", "trust_type", "ics_code", "ics_name", "region_code", "region_name", "source")
SHIPPED = REFERENCE_DATA_DIR / "organisations.csv"


def organisation_rows(orgs: Iterable[OrgSpec], source: str) -> list[dict[str, str]]:
    return [
        {"org_code": o.code, "org_name": o.name, "trust_type": o.trust_type, "ics_code": o.ics_code,
         "ics_name": o.ics_name, "region_code": o.region_code, "region_name": o.region_name, "source": source}
        for o in orgs
    ]


def write_organisations(path: Path, seed: int = 0) -> Path:
    rows = organisation_rows(national_orgs(seed), f"synthetic generator, national profile, seed {seed}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=SHIPPED)
    args = parser.parse_args()
    print(write_organisations(args.out, args.seed))
