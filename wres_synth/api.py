"""Entry point: :func:`generate` simulates every organisation of a profile and writes the inbox.

Organisations are simulated and written one at a time (streaming), so the national
profile never holds more than one trust in memory per worker.  Only the truth rows and the
dirt manifest, which are small, are accumulated and written at the end to ``OUT/_truth/``.

Profiles with several organisations (``national``) can be written by a pool of worker
processes (``workers``; ``wres generate`` uses one per CPU), each simulating and writing whole
organisations.  Every random stream is seeded by (seed, organisation, ...), and the workers'
truth rows and dirt manifests are merged in organisation order, so the files, truth.json and
dirt.csv are byte-identical whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from . import shapes as _shapes  # noqa: F401  (registers the ESR writers)
from .config import OrgSpec, Profile, StructureParams, TruthParams, get_profile
from .dirt import DirtInjector
from .simulation import simulate
from .truth import TRUTH_BUILDERS
from .writers import DEFAULT_SHAPES, WRITERS, WriteContext, WrittenFile

GENERATOR_VERSION = "0.1.0"
TRUTH_DIR = "_truth"
TRUTH_FILE = "truth.json"
DIRT_FILE = "dirt.csv"
#: Upper bound of the default number of worker processes (each holds one organisation in memory).
MAX_DEFAULT_WORKERS = 8


@dataclass
class GenerationResult:
    """What :func:`generate` did: files written (with data-row counts) and how long it took."""

    out_dir: Path
    profile: str
    seed: int
    end_year: int
    years: int
    files: list[WrittenFile] = field(default_factory=list)
    truth_path: Path | None = None
    dirt_path: Path | None = None
    dirt_counts: dict[str, int] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    @property
    def row_counts(self) -> dict[str, int]:
        """Clean (planted) data rows per written file, keyed by path relative to ``out_dir`` (POSIX);
        extra damaged files written by the dirt layer are left out."""
        return {f.relpath: f.rows for f in self.files if not f.extra}

    @property
    def paths(self) -> list[Path]:
        return [self.out_dir / f.relpath for f in self.files]


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs to simulate and write one organisation (picklable)."""

    out_dir: Path
    profile: str
    seed: int
    end_year: int
    years: int
    sources: tuple[str, ...]
    shape_of: Mapping[str, str]
    params: TruthParams
    structure: StructureParams
    dirt_rates: Mapping[str, float]


def _write_org(org: OrgSpec, job: _Job, injector: DirtInjector) -> tuple[list[WrittenFile], dict[str, list[dict]]]:
    """Simulate one organisation, write its files (damaged by ``injector``) and build its truth rows."""
    ctx = WriteContext(out_dir=job.out_dir, profile=job.profile, seed=job.seed, dirt=injector)
    sim = simulate(org, job.params, job.structure, seed=job.seed, end_year=job.end_year, years=job.years)
    files: list[WrittenFile] = []
    for source in job.sources:
        files.extend(WRITERS[source][job.shape_of[source]](sim, ctx))
    truth = {name: build(sim) for name, build in TRUTH_BUILDERS.items()}
    return files, truth


def _write_org_in_worker(org: OrgSpec, job: _Job) -> tuple[list[WrittenFile], dict[str, list[dict]], DirtInjector]:
    """:func:`_write_org` in a worker process, with its own dirt injector (merged by the caller)."""
    injector = DirtInjector(dict(job.dirt_rates), job.seed)
    files, truth = _write_org(org, job, injector)
    return files, truth, injector


def _picklable(params: TruthParams) -> TruthParams:
    """The same parameters with plain-dict mappings (a read-only mapping proxy cannot be sent to a worker)."""
    return dataclasses.replace(params, bme_hire_share=dict(params.bme_hire_share))


def default_workers(n_orgs: int) -> int:
    """One worker per CPU (at most :data:`MAX_DEFAULT_WORKERS`) for several organisations, else 1."""
    return 1 if n_orgs <= 1 else max(1, min(os.cpu_count() or 1, n_orgs, MAX_DEFAULT_WORKERS))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Tokens real exports carry that are not organisations (the trap a pipeline must not fall into).
_REPORT_TOKENS = {"trac_applications": ("Trac_Applications", "Trac_Report_ALL"),
                  "olm_training": ("OLM_Learning_History", "OLM_LMS")}


def realistic_name(name: str, source: str, org_code: str) -> str:
    """A generator file name as people name it: no organisation code, a snapshot date as 'Mar 24',
    underscores as spaces except in report-system names (Trac_Report_ALL_..., OLM_LMS_...)."""
    stem, dot, ext = name.rpartition(".")
    stem = stem.replace(f"_{org_code}_", "_").replace(f"_{org_code}", "")
    stem = re.sub(r"_?(20\d{2})(\d{2})(\d{2})", lambda m: f" - {_MONTHS[int(m[2]) - 1]} {m[1][2:]}", stem)
    if source in _REPORT_TOKENS:
        old, new = _REPORT_TOKENS[source]
        return f"{stem.replace(old, new)}{dot}{ext}"
    return f"{stem.replace('_', ' ')}{dot}{ext}"


def _use_realistic_names(result: GenerationResult, injector: DirtInjector, org_code: str) -> None:
    """Rename every written file (and its dirt-manifest rows) to its realistic name."""
    renamed = {}
    for i, f in enumerate(result.files):
        folder, _, name = f.relpath.rpartition("/")
        new = f"{folder}/{realistic_name(name, f.source, org_code)}"
        (result.out_dir / f.relpath).rename(result.out_dir / new)
        renamed[f.relpath] = new
        result.files[i] = dataclasses.replace(f, relpath=new)
    for row in injector.rows:
        row["file"] = renamed.get(row["file"], row["file"])


def generate(
    out_dir: Path | str,
    profile: str = "trust",
    seed: int = 0,
    years: int | None = None,
    end_year: int = 2026,
    sources: Sequence[str] | None = None,
    shapes: Mapping[str, str] | str | None = None,
    params: TruthParams | None = None,
    structure: StructureParams | None = None,
    dirt: Mapping[str, float] | str | None = None,
    workers: int | None = 1,
    orgs: Sequence[OrgSpec] | None = None,
    names: str = "generator",
) -> GenerationResult:
    """Generate a synthetic inbox under ``out_dir`` and its truth manifest.

    Args:
        out_dir: inbox root; files go to ``out_dir/<source>/`` and the manifest to
            ``out_dir/_truth/truth.json``.  The folders of the sources written and
            ``_truth`` are emptied first (they belong to the generator).
        profile: ``small``, ``trust`` (default), ``large`` or ``national``.
        seed: random seed; the same arguments always give byte-identical files.
        years: number of report years ending at ``end_year`` (default: the profile's).
        end_year: the last report year (its snapshot is 31 March ``end_year``).
        sources: sources to write (default: every registered source).
        shapes: optional ``{source: shape}`` overrides of the default file shapes, or a spec
            string ``"esr_staff_in_post=esr_bi_xlsx,esr_leavers=cp1252_csv"`` / ``"esr_bi_xlsx"``
            (see :mod:`.shapes`).
        params: planted disparities (default :class:`TruthParams`).
        structure: structural settings (default :class:`StructureParams`).
        dirt: dirty-data spec (see :mod:`.dirt`): ``None`` / ``"none"`` (clean),
            ``"realistic"``, ``{"D10": 0.01}`` or ``"realistic,D07=0"``.  The damaged rows are
            listed in ``out_dir/_truth/dirt.csv`` and counted in truth.json under ``dirt``.
        workers: worker processes writing organisations in parallel (default 1: in this
            process; ``None``: :func:`default_workers`, what ``wres generate`` uses).  Worker
            processes are spawned, so a calling script needs the ``if __name__ == "__main__"``
            guard.  The output does not depend on it.
        orgs: organisations to generate instead of the profile's (e.g. a few national ones).
        names: ``"generator"`` (default: ``ESR_Staff_In_Post_SY001_20240331.csv``) or ``"realistic"``: the
            names people and HR systems give files, with no organisation code (``ESR Staff In Post - Mar 24.csv``,
            ``Trac_Report_ALL_2023-24.csv``, ``OLM_LMS_2023-24.csv``, ``ER Cases 2023-24.csv``), so the
            pipeline must take the organisation from configuration; one organisation only.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if names not in ("generator", "realistic"):
        raise ValueError(f"names must be 'generator' or 'realistic', not {names!r}")
    prof: Profile = get_profile(profile, seed)
    n_years = prof.years if years is None else int(years)
    chosen = list(WRITERS) if sources is None else list(sources)
    unknown = [s for s in chosen if s not in WRITERS]
    if unknown:
        raise ValueError(f"unknown source(s) {unknown}; registered: {sorted(WRITERS)}")
    shapes = _shapes.parse_shape_spec(shapes, chosen)
    shape_of = {s: (shapes or {}).get(s, DEFAULT_SHAPES[s]) for s in chosen}
    for s, shape in shape_of.items():
        if shape not in WRITERS[s]:
            raise ValueError(f"source {s!r} has no shape {shape!r}; available: {sorted(WRITERS[s])}")
    for folder in [*chosen, TRUTH_DIR]:
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)

    injector = DirtInjector.from_spec(dirt, seed)
    org_list = tuple(prof.orgs if orgs is None else orgs)
    job = _Job(out_dir=out_dir, profile=profile, seed=seed, end_year=end_year, years=n_years, sources=tuple(chosen),
               shape_of=shape_of, params=_picklable(params or TruthParams()), structure=structure or StructureParams(),
               dirt_rates=dict(injector.rates))
    result = GenerationResult(out_dir=out_dir, profile=profile, seed=seed, end_year=end_year, years=n_years)
    truth: dict[str, list[dict]] = {name: [] for name in TRUTH_BUILDERS}
    n_workers = default_workers(len(org_list)) if workers is None else max(1, min(int(workers), len(org_list)))
    if n_workers == 1:
        parts = (_write_org(org, job, injector) + (None,) for org in org_list)
    else:
        # spawn, not fork: polars documents that forking a process with its thread pool running can deadlock
        pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("spawn"))
        parts = pool.map(_write_org_in_worker, org_list, repeat(job))
    try:
        for files, rows, part in parts:
            result.files.extend(files)
            for name in TRUTH_BUILDERS:
                truth[name].extend(rows[name])
            if part is not None:
                injector.merge(part)
    finally:
        if n_workers > 1:
            pool.shutdown(cancel_futures=True)
    if names == "realistic":
        if len(org_list) != 1:
            raise ValueError("names='realistic' drops the organisation code from file names: one organisation only")
        _use_realistic_names(result, injector, org_list[0].code)

    manifest = {
        "meta": {
            "generator_version": GENERATOR_VERSION,
            "profile": profile,
            "seed": seed,
            "end_year": end_year,
            "years": n_years,
            "report_years": list(range(end_year - n_years + 1, end_year + 1)),
            "sources": {s: shape_of[s] for s in chosen},
            "orgs": [
                {"org_code": o.code, "org_name": o.name, "vpd": o.vpd, "trust_type": o.trust_type,
                 "ics_code": o.ics_code, "ics_name": o.ics_name, "region_code": o.region_code,
                 "region_name": o.region_name}
                for o in org_list
            ],
        },
        "counts": result.row_counts,
        **truth,
        "dirt": injector.summary(),
    }
    dirt_path = out_dir / TRUTH_DIR / DIRT_FILE
    injector.write_manifest(dirt_path)
    result.dirt_path = dirt_path
    result.dirt_counts = dict(manifest["dirt"]["counts"])
    truth_path = out_dir / TRUTH_DIR / TRUTH_FILE
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    result.truth_path = truth_path
    result.elapsed_seconds = round(time.perf_counter() - started, 3)
    return result
