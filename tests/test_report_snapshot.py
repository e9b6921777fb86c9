"""A report of an earlier year is that year's snapshot: `wres report --year 2024` rendered from a warehouse that
holds 2025 as well is the same page as the report rendered from a warehouse built only from the files up to
31 March 2024 (action plan as it stood then, SPC charted on the quarters up to then, nothing later)."""

from __future__ import annotations

import re
import shutil
from datetime import date

import duckdb

from wres_pipeline.report import render_report
from wres_pipeline.runner import execute_refresh
from wres_pipeline.warehouse import build_path, published_path

YEAR = 2024


def _page(published, settings) -> str:
    """The report without its provenance line (run id, publication and generation times differ by design)."""
    page = render_report(published, YEAR, settings)
    return re.sub(r'<p class="note">Organisation .*?</p>', "", page, count=1, flags=re.S)


def test_an_earlier_year_renders_identically_from_a_warehouse_that_stops_at_it(generated_trust, tmp_path):
    settings = generated_trust.settings
    cut = date(YEAR, 3, 31)
    with duckdb.connect(str(build_path(settings.paths.warehouse)), read_only=True) as con:
        files = con.execute(
            "SELECT DISTINCT source, file_name, coalesce(snapshot_date, period_end) <= ? AS kept FROM audit.source_files "
            "WHERE status = 'loaded'", [cut]).fetchall()
    kept = [(s, f) for s, f, k in files if k]
    assert kept and len(kept) < len(files)  # the full inbox holds later files
    inbox = tmp_path / "inbox"
    for _source, name in kept:
        found = next(settings.paths.inbox.rglob(name))
        target = inbox / found.relative_to(settings.paths.inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(found, target)
    earlier = settings.model_copy(update={"paths": settings.paths.model_copy(
        update={"inbox": inbox, "warehouse": tmp_path / "warehouse"})})
    result = execute_refresh(earlier)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    with duckdb.connect(str(published_path(earlier.paths.warehouse)), read_only=True) as con:
        assert con.execute("SELECT max(report_year) FROM marts.wres_summary").fetchone() == (YEAR,)
    full = _page(published_path(settings.paths.warehouse), settings)
    stopped = _page(published_path(earlier.paths.warehouse), earlier)
    assert "Statistical process control" in full and "Action plan" in full
    if full != stopped:  # name the first difference, not two 1 MB strings
        at = next(i for i, (a, b) in enumerate(zip(full, stopped, strict=False)) if a != b)
        raise AssertionError(f"differs at {at}: {full[max(0, at - 300):at + 200]!r}\n---\n{stopped[max(0, at - 300):at + 200]!r}")
