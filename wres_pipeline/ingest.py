"""Load every file of one inbox source folder into one raw frame, with a file-level audit record each.

Rules (source-extracts.md §1.11, issue "walking skeleton" and ingestion):

* a file that cannot be read, is not what its folder says, lacks required columns, has duplicate
  headers, identifiers mangled by Excel or no period is *rejected*: nothing from it is loaded, and it is
  recorded (hash, rule, message naming the file and what was found) in ``SourceLoad.rejected`` and the
  audit records; whether that fails the run is ``ingest.rejected_file_policy`` (assets/ingest.py);
* the period a file covers depends on its contract's ``period_kind``: an as-at date (staff in post,
  board register), a date range (leavers, applications, training, ER cases: a ``Period:`` line or a
  ``2023-24`` token in the name), a survey year (a ``Survey Year`` column, else a year in the title or
  name), or nothing required (action plans);
* a file whose bytes are identical to another file in the folder is loaded once (``duplicate``);
* two different files for the same organisation and period: the most recently modified one is loaded
  and the other is recorded as ``superseded`` (a corrected extract replaces the earlier one).

Memory: with a ``sink`` (the raw assets pass one that appends to the raw table), each file's rows go to
the sink as soon as the file is read and are then dropped, so at most one file is held at a time; the
rows of a file later found superseded are listed in ``SourceLoad.superseded`` for the sink's owner to
delete. Without a sink, every file's rows are concatenated into ``SourceLoad.frame``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from .config import Settings
from .readers.contracts import Contract, folder_contracts
from .readers.errors import FileRejected
from .readers.tabular import LIST_OF_PAIRS, FileRead, file_sha256, parse_loose_date, read_extract

IGNORED_FILE_PREFIXES = (".", "~$")


@dataclass
class SourceLoad:
    source: str
    frame: pl.DataFrame
    files: list[dict] = field(default_factory=list)  # rows for audit.source_files
    columns: list[dict] = field(default_factory=list)  # rows for audit.source_file_columns
    rejected: list[FileRejected] = field(default_factory=list)
    superseded: list[tuple[str, str | None]] = field(default_factory=list)  # (source_file_id, sheet) sent to a sink

    @property
    def loaded_files(self) -> list[dict]:
        return [f for f in self.files if f["status"] == "loaded"]

    def between(self, first: date, last: date) -> SourceLoad:
        """Only the loaded files dated ``first``..``last`` (snapshot date, else period end) and their rows,
        for a run over some quarters; rejected files are kept, so they are still reported."""
        def wanted(f: dict) -> bool:
            day = f["snapshot_date"] or f["period_end"]
            return f["status"] != "loaded" or (day is not None and first <= day <= last)

        files = [f for f in self.files if wanted(f)]
        ids = {f["source_file_id"] for f in files}
        return SourceLoad(self.source, self.frame.filter(pl.col("source_file_id").is_in(ids)), files,
                          [c for c in self.columns if c["source_file_id"] in ids], self.rejected)


def rejection_failure(source: str, rejected: list[FileRejected], files_loaded: int, policy: str) -> str | None:
    """Why rejected files must fail the run (nothing is then published), or None when they are only reported.

    ``ingest.rejected_file_policy``: 'fail' fails on any rejected file; 'skip' only when a source had
    files and every one of them was rejected (the source would silently be empty).
    """
    if not rejected:
        return None
    if policy == "fail":
        return (f"{len(rejected)} {source} file(s) rejected and ingest.rejected_file_policy is 'fail'; "
                "nothing was published.")
    if files_loaded == 0:
        return f"every {source} file was rejected ({len(rejected)}), so the source would be empty; nothing was published."
    return None


def rejected_files_table(records: list[dict]) -> str:
    """Markdown table of the rejected files of a load (for materialisation metadata)."""
    lines = ["| file | rule | sha256 | message |", "|---|---|---|---|"]
    lines += [
        f"| {f['file_name']}{'!' + f['sheet'] if f.get('sheet') else ''} | {f['rule_id']} | {(f['sha256'] or '')[:16]} | "
        f"{(f['message'] or '').replace('|', '/')} |"
        for f in records if f["status"] == "rejected"
    ]
    return "\n".join(lines)


def inbox_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(IGNORED_FILE_PREFIXES))


def _org_code(read: FileRead, settings: Settings) -> str:
    if "ods_code" in read.frame.columns:
        codes = read.frame.filter(pl.col("drop_reason").is_null()).get_column("ods_code").drop_nulls()
        codes = codes.str.strip_chars().filter(codes.str.strip_chars() != "").unique().to_list()
        if len(codes) == 1:
            return codes[0].upper()
    if m := re.search(settings.organisation.code_in_file_name, read.file_name):
        return m.group("org")
    return settings.organisation.default_code


def _snapshot(read: FileRead) -> tuple[date | None, list[date]]:
    """The file's snapshot date, and the distinct Tm End Dates when there are several (none chosen)."""
    if read.snapshot_date is not None:
        return read.snapshot_date, []
    if "tm_end_date" in read.frame.columns:
        data = read.frame.filter(pl.col("drop_reason").is_null()).get_column("tm_end_date").drop_nulls().unique()
        ends = {parse_loose_date(v) for v in data.to_list()}
        if len(ends) == 1 and None not in ends:
            return ends.pop(), []
        return None, sorted(d for d in ends if d is not None)
    return None, []


def _survey_years(read: FileRead) -> list[int]:
    """Survey years from the Survey Year column (valid values only), else the year in the title or name."""
    if "survey_year" in read.frame.columns:
        years = (
            read.frame.filter(pl.col("drop_reason").is_null())
            .get_column("survey_year")
            .str.strip_chars()
            .cast(pl.Int32, strict=False)
            .drop_nulls()
            .unique()
            .sort()
            .to_list()
        )
        if years:
            return years
    return [read.year_in_title] if read.year_in_title else []


def _period(read: FileRead, contract: Contract, settings: Settings) -> tuple[dict, FileRejected | None]:
    """The period fields of a file's audit record, or the rejection when its contract needs one.

    A file dated after today (plus ``thresholds.future_date_tolerance_days``) is rejected (F09): its
    date was mistyped or read from the wrong place, and it would otherwise become the latest snapshot.
    """
    stem, suffix = read.path.stem, read.path.suffix
    kind = contract.period_kind
    fields: dict = {"snapshot_date": None, "period_start": read.period_start, "period_end": read.period_end}
    problem = None
    if kind == "snapshot":
        snapshot, several = _snapshot(read)
        fields = {"snapshot_date": snapshot, "period_start": None, "period_end": None}
        if len(several) > 1:
            shown = ", ".join(f"{d:%d/%m/%Y}" for d in several[:5]) + (", …" if len(several) > 5 else "")
            problem = (
                f"{contract.label} file holds rows for {len(several)} snapshot dates in its 'Tm End Date' column "
                f"({shown}); a file must hold one snapshot: split it into one file per date."
            )
        elif fields["snapshot_date"] is None:
            problem = (
                f"{contract.label} file has no snapshot date; add it to the file name as YYYYMMDD "
                f"(e.g. {stem}_20240331{suffix}) or as an 'As at: 31/03/2024' line above the header."
            )
    elif kind == "period" and read.period_start is None:
        problem = (
            f"{contract.label} file has no reporting period; add a 'Period: 01/04/2023 - 31/03/2024' line "
            f"above the header or the financial year to the file name (e.g. {stem}_2023-24{suffix})."
        )
    elif kind == "survey_year":
        years = _survey_years(read)
        fields = {
            "snapshot_date": None,
            "period_start": date(years[0], 1, 1) if years else None,
            "period_end": date(years[-1], 12, 31) if years else None,
        }
        if not years:
            problem = (
                f"{contract.label} file has no survey year; add a 'Survey Year' column, or the year to the "
                f"file name or title (e.g. {stem}_2023{suffix})."
            )
    latest = date.today() + timedelta(days=settings.thresholds.future_date_tolerance_days)
    dated = fields["snapshot_date"] or fields["period_start"]
    if problem is None and dated is not None and dated > latest:
        what = "snapshot" if fields["snapshot_date"] else "reporting period starting"
        return fields, FileRejected(
            contract.source, read.file_name, f"{contract.rule_prefix}-F09",
            f"{contract.label} file is for a {what} {dated:%d/%m/%Y}, which is in the future; check the "
            "'As at' or 'Period' line above the header, or the date in the file name.", read.sheet,
        )
    if problem is None:
        return fields, None
    return fields, FileRejected(contract.source, read.file_name, f"{contract.rule_prefix}-F06", problem, read.sheet)


def _no_data_rows(read: FileRead, contract: Contract) -> FileRejected:
    """REJECT_FILE F05 for a file with a header but not one data row (an export that stopped early)."""
    marked = read.frame.height
    return FileRejected(
        contract.source, read.file_name, f"{contract.rule_prefix}-F05",
        f"The file has a header row (row {read.header_row}) but no data rows"
        + (f", only {marked} total, blank or note row(s)" if marked else "")
        + "; export the report again.", read.sheet,
    )


def _audit_record(read: FileRead | None, path: Path, source: str, **fields: object) -> dict:
    sha = read.sha256 if read else file_sha256(path)  # a rejected file is recorded with its hash too
    base = {
        "source": source,
        "org_code": None,
        "file_name": path.name,
        "source_file_id": sha[:16],
        "sha256": sha,
        "size_bytes": read.size_bytes if read else path.stat().st_size,
        "container": read.container if read else None,
        "encoding": read.encoding if read else None,
        "sheet": read.sheet if read else None,
        "header_row": read.header_row if read else None,
        "snapshot_date": read.snapshot_date if read else None,
        "period_start": read.period_start if read else None,
        "period_end": read.period_end if read else None,
        "rows_read": read.frame.height if read else 0,
        "rows_dropped": sum(read.drop_counts().values()) if read else 0,
        "status": "loaded",
        "rule_id": None,
        "message": None,
        "ignored_columns": "; ".join(read.ignored_columns) if read else None,
        "warnings": "; ".join(read.warnings) if read else None,
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
    }
    base.update(fields)
    return base


def load_source(
    inbox: Path, contract: Contract, settings: Settings, sink: Callable[[pl.DataFrame], None] | None = None
) -> SourceLoad:
    """Read every file of the contract's inbox folder that matches the contract (see module docstring)."""
    folder = inbox / contract.folder
    shapes = folder_contracts(contract.folder) if contract in folder_contracts(contract.folder) else (contract,)
    result = SourceLoad(source=contract.source, frame=pl.DataFrame())
    accepted: list[tuple[FileRead, dict, float]] = []
    seen_hashes: dict[str, str] = {}
    for path in inbox_files(folder):
        try:
            reads = read_extract(path, contract, shapes)
        except FileRejected as exc:
            result.rejected.append(exc)
            result.files.append(_audit_record(None, path, contract.source, status="rejected", rule_id=exc.rule_id, message=str(exc)))
            continue
        if reads and all(r.frame.get_column("drop_reason").is_not_null().all() for r in reads):
            exc = _no_data_rows(reads[0], contract)
            result.rejected.append(exc)
            result.files.append(_audit_record(reads[0], path, contract.source, status="rejected", rule_id=exc.rule_id,
                                              message=str(exc)))
            continue
        for read in reads:
            period, problem = _period(read, contract, settings)
            record = _audit_record(read, path, contract.source, org_code=_org_code(read, settings), **period)
            if problem is not None:
                result.rejected.append(problem)
                record.update(status="rejected", rule_id=problem.rule_id, message=str(problem))
            elif read.sha256 in seen_hashes and read.sheet is None:
                record.update(status="duplicate", message=f"identical to {seen_hashes[read.sha256]}, loaded once")
            else:
                seen_hashes.setdefault(read.sha256, path.name)
                accepted.append((read, record, path.stat().st_mtime))
                if sink is not None:  # stream: hand the rows on now, keep only the audit facts
                    sink(_with_lineage(read, record))
                    read.frame = read.frame.clear()
            result.files.append(record)
    # A corrected extract for the same organisation and period replaces the earlier one.
    newest: dict[tuple, tuple[float, str]] = {}
    for read, record, mtime in accepted:
        period = (record["org_code"], record["snapshot_date"] or record["period_start"])
        newest[period] = max(newest.get(period, (mtime, read.file_name)), (mtime, read.file_name))
    frames = []
    for read, record, mtime in accepted:
        period = (record["org_code"], record["snapshot_date"] or record["period_start"])
        if newest[period] != (mtime, read.file_name):
            record.update(status="superseded", message=f"replaced by {newest[period][1]} for the same period")
            if sink is not None:
                result.superseded.append((read.source_file_id, read.sheet))
            continue
        if sink is None:
            frames.append(_with_lineage(read, record))
        result.columns.extend(
            {"source": contract.source, "source_file_id": read.source_file_id, "sheet": read.sheet,
             "column_name": name, "header_found": header, "column_letter": letter}
            for name, (header, letter) in read.column_map.items()
        )
    result.frame = pl.concat(frames, how="vertical") if frames else empty_raw(contract)
    return result


def _with_lineage(read: FileRead, record: dict) -> pl.DataFrame:
    values = [c for c in read.frame.columns if c not in ("sheet", "row_number", "drop_reason")]
    as_text = [
        pl.col(c).list.eval(pl.element().struct.field("value").fill_null("")).list.join("\x1e")
        if read.frame.schema[c] == LIST_OF_PAIRS
        else pl.col(c)
        for c in values
    ]
    return read.frame.select(
        pl.lit(record["org_code"], pl.String).alias("org_code"),
        pl.lit(record["snapshot_date"], pl.Date).alias("snapshot_date"),
        pl.lit(record["period_start"], pl.Date).alias("period_start"),
        pl.lit(record["period_end"], pl.Date).alias("period_end"),
        pl.lit(read.source_file_id).alias("source_file_id"),
        pl.lit(read.file_name).alias("file_name"),
        pl.col("sheet"),
        pl.col("row_number"),
        pl.col("drop_reason"),
        pl.concat_str([e.fill_null("\x00") for e in as_text], separator="\x1f").hash().alias("row_hash"),
        *values,
    )


def empty_raw(contract: Contract) -> pl.DataFrame:
    schema = {
        "org_code": pl.String, "snapshot_date": pl.Date, "period_start": pl.Date, "period_end": pl.Date,
        "source_file_id": pl.String, "file_name": pl.String, "sheet": pl.String, "row_number": pl.Int64,
        "drop_reason": pl.String, "row_hash": pl.UInt64,
    }
    schema.update(dict.fromkeys(contract.names, pl.String))
    schema.update(dict.fromkeys((d.name for d in contract.dynamic), LIST_OF_PAIRS))
    return pl.DataFrame(schema=schema)
