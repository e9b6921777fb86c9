"""The bad-input corpus (tests/bad_inputs/): one small hand-made file per failure class, each with the
exact message a person sees. manifest.json lists, per file, its inbox folder, the failure class, the
rule id and the full message; a file must end in exactly that rejection, never in an exception."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from wres_pipeline.config import Settings
from wres_pipeline.ingest import load_source
from wres_pipeline.readers.contracts import CONTRACTS, folder_contracts
from wres_pipeline.readers.errors import FileRejected
from wres_pipeline.warehouse import bootstrap, run_sql

CORPUS = Path(__file__).parent / "bad_inputs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def outcome(path: Path, folder: str, tmp: Path, settings: Settings | None = None) -> tuple[list[FileRejected], list[str]]:
    """Every rejection the ingestion and staging of this one file raise, in an inbox of its own, and the
    warnings of its audit records.

    Reading and the file-level rules (wres_pipeline/ingest.py) run for every contract of the folder; a
    file they accept is typed and staged by its source's real SQL, and the whole-file row-share rule of
    assets/staging.py applies.
    """
    from assets.staging import STAGING_SOURCES, rejected_files
    from tests.conftest import REF_SQL, load_raw

    settings = settings or Settings()
    inbox = tmp / "inbox"
    (inbox / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(path, inbox / folder / path.name)
    rejections: list[FileRejected] = []
    warnings: list[str] = []
    for contract in folder_contracts(folder) or (CONTRACTS[folder],):
        load = load_source(inbox, contract, settings)
        rejections += load.rejected
        warnings += [f["warnings"] for f in load.files if f["warnings"]]
        if load.rejected or contract.source not in STAGING_SOURCES or not load.loaded_files:
            continue
        spec = STAGING_SOURCES[contract.source]
        with duckdb.connect() as conn:
            bootstrap(conn)
            for name in REF_SQL:
                run_sql(conn, name, **settings.sql_params())
            load_raw(conn, load.frame, contract.source)
            conn.register("incoming_columns", pl.DataFrame(load.columns))
            conn.execute("INSERT INTO audit.source_file_columns BY NAME SELECT * FROM incoming_columns")
            spec.run(conn, settings.sql_params())
            rejections += [r for _, r in rejected_files(conn, spec, settings.thresholds.max_rejected_row_share)]
    return rejections, warnings


def test_manifest_lists_every_corpus_file_once():
    listed = sorted(f"{e['folder']}/{e['file']}" for e in MANIFEST)
    on_disk = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert listed == on_disk
    assert len({e["class"] for e in MANIFEST}) == len(MANIFEST)  # one file per failure class


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["class"] for e in MANIFEST])
def test_bad_file_is_rejected_with_its_exact_message(entry, tmp_path):
    rejections, warnings = outcome(CORPUS / entry["folder"] / entry["file"], entry["folder"], tmp_path)
    if entry["rule_id"] is None:  # a tolerated class: it loads, and the audit record says what was odd
        assert rejections == [] and warnings == [entry["warning"]]
        return
    (rejection,) = rejections
    assert rejection.rule_id == entry["rule_id"]
    assert str(rejection) == entry["message"]
