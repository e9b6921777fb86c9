"""Load every file of one inbox source folder into one raw frame, with a file-level audit record each.

Rules (source-extracts.md §1.11, issue "walking skeleton" and ingestion):

* a file that cannot be read, is not what its folder says, lacks required columns, has duplicate
  headers, identifiers mangled by Excel or no period is *rejected*: nothing from it is loaded, and it is
  recorded (hash, rule, message naming the file and what was found) in ``SourceLoad.rejected`` and the
  audit records; whether that fails the run is ``ingest.rejected_file_policy`` (assets/ingest.py);
* every file's organisation and the rule that chose it (``resolve_org``): its ODS code column, the ESR
  organisation above the header (``organisation.esr_vpd_codes``), a known organisation code in its name,
  else ``organisation.default_code`` - never an arbitrary token;
* the period a file covers depends on its contract's ``period_kind``: an as-at date (staff in post,
  board register: 'As at' line, a date in the name, the Tm End Date column, ``ingest.snapshot_dates``;
  within ``ingest.snapshot_tolerance_days`` of a quarter end it is that quarter end, further away it is
  rejected), a date range (leavers, applications, training, ER cases: a ``Period:`` line or a ``2023-24``
  token, else the rows' own dates), a survey year (a ``Survey Year`` column, else a year in the title or
  name), or nothing required (action plans); ``period_rule`` records where it came from;
* a file whose bytes are identical to another file in the folder is loaded once (``duplicate``);
* files of one organisation and period are parts of one extract when they share (almost) no keys, and
  load together under one ``extract_id`` (duplicates across parts are quarantined like duplicates within
  a file); a file sharing more keys supersedes the earlier extract (a corrected copy): ``superseded``.

Memory: with a ``sink`` (the raw assets pass one that appends to the raw table), each file's rows go to
the sink as soon as the file is read and are then dropped, so at most one file is held at a time; the
rows of a file later found superseded are listed in ``SourceLoad.superseded`` for the sink's owner to
delete, and those of a later part in ``SourceLoad.parts`` for it to label with the extract's id. Without a sink, every file's rows are concatenated into ``SourceLoad.frame``.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from .config import Settings
from .readers.contracts import Contract, folder_contracts, localised
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
    # (source_file_id, sheet, extract_id): files sent to a sink that turned out to be later parts of an extract
    parts: list[tuple[str, str | None, str]] = field(default_factory=list)

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


def _survey_years(read: FileRead) -> tuple[list[int], str | None]:
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
            return years, "'Survey Year' column"
    return ([read.year_in_title], "year in the title or file name") if read.year_in_title else ([], None)


@functools.cache
def _reference_codes(files: tuple[str, ...]) -> frozenset[str]:
    """Organisation codes of the organisation reference CSVs (org_code column)."""
    codes: set[str] = set()
    for name in files:
        with open(name, newline="", encoding="utf-8-sig") as fh:
            codes |= {row["org_code"].strip().upper() for row in csv.DictReader(fh) if row.get("org_code")}
    return frozenset(codes)


def known_org_codes(settings: Settings) -> frozenset[str]:
    """Codes a file-name token may name: the configured organisations and the reference lists."""
    o = settings.organisation
    return frozenset({o.default_code, *o.codes}) | _reference_codes(tuple(settings.benchmark.files()))


ORGANISATION_LINE = re.compile(r"^\s*organi[sz]ation\s*:?\s*(?P<name>.+)$", re.IGNORECASE)
NAME_TOKEN = re.compile(r"[A-Za-z0-9]+")


def resolve_org(read: FileRead, settings: Settings) -> tuple[str, str]:
    """The organisation of a file and the rule that chose it (README "Inbox layout"; config Organisation)."""
    note = ""
    if "ods_code" in read.frame.columns:
        codes = read.frame.filter(pl.col("drop_reason").is_null()).get_column("ods_code").drop_nulls()
        codes = codes.str.strip_chars().filter(codes.str.strip_chars() != "").str.to_uppercase().unique().sort()
        if codes.len() == 1:
            return codes[0], "ODS code column"
        if codes.len():  # each row keeps its own code in staging; the file is recorded under the rule below
            note = f" (its ODS code column names {codes.len()} organisations; each row keeps its own)"
    vpd = dict(settings.organisation.esr_vpd_codes)
    for line in read.preamble:
        if (m := ORGANISATION_LINE.match(line)) and (number := m.group("name").strip()[:3]) in vpd:
            return vpd[number], f"ESR organisation {number} above the header (organisation.esr_vpd_codes){note}"
    known = known_org_codes(settings)
    named = list(dict.fromkeys(t.upper() for t in NAME_TOKEN.findall(read.path.stem) if t.upper() in known))
    if named:
        others = f"; the name also holds {', '.join(named[1:])}" if len(named) > 1 else ""
        return named[0], f"known organisation code in the file name{others}{note}"
    return settings.organisation.default_code, f"organisation.default_code (no organisation in the file){note}"


def _snapshot(read: FileRead, settings: Settings) -> tuple[date | None, str | None, list[date]]:
    """The file's snapshot date and where it was found, and the distinct Tm End Dates when there are several."""
    if read.snapshot_date is not None:
        return read.snapshot_date, read.declared.snapshot_rule if read.declared else None, []
    if "tm_end_date" in read.frame.columns:
        data = read.frame.filter(pl.col("drop_reason").is_null()).get_column("tm_end_date").drop_nulls().unique()
        ends = {parse_loose_date(v) for v in data.to_list()}
        if len(ends) == 1 and None not in ends:
            return ends.pop(), "'Tm End Date' column", []
        if len(ends) > 1:
            return None, None, sorted(d for d in ends if d is not None)
    configured = dict(settings.ingest.snapshot_dates)
    if read.file_name in configured:
        return configured[read.file_name], "ingest.snapshot_dates", []
    return None, None, []


def nearest_quarter_end(day: date) -> date:
    """The quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) nearest to ``day``."""
    ends = [date(y, m, d) for y in (day.year - 1, day.year, day.year + 1) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    return min(ends, key=lambda e: abs((e - day).days))


def _period(read: FileRead, contract: Contract, settings: Settings) -> tuple[dict, FileRejected | None]:
    """The period fields of a file's audit record (``period_rule``: where they came from), or the rejection
    when its contract needs one it cannot be given.

    Snapshots: the 'As at' line, the file name, the 'Tm End Date' column, ``ingest.snapshot_dates``; a
    date within ``ingest.snapshot_tolerance_days`` of a quarter end is that quarter end's snapshot, one
    further away is rejected (F10). Event files (leavers, applications, training, ER cases): a declared
    period ('Period' line, financial year in the name or title), else each row's own dates place it.
    A file dated after today (plus ``thresholds.future_date_tolerance_days``) is rejected (F09): its date
    was mistyped or read from the wrong place, and it would otherwise become the latest snapshot.
    """
    stem, suffix = read.path.stem, read.path.suffix
    kind = contract.period_kind
    fields: dict = {"snapshot_date": None, "period_start": read.period_start, "period_end": read.period_end,
                    "period_rule": read.declared.period_rule if read.declared else None}
    problem = None
    if kind == "snapshot":
        snapshot, found_in, several = _snapshot(read, settings)
        fields = {"snapshot_date": snapshot, "period_start": None, "period_end": None, "period_rule": found_in}
        tolerance = settings.ingest.snapshot_tolerance_days
        if len(several) > 1:
            shown = ", ".join(f"{d:%d/%m/%Y}" for d in several[:5]) + (", …" if len(several) > 5 else "")
            problem = (
                f"{contract.label} file holds rows for {len(several)} snapshot dates in its 'Tm End Date' column "
                f"({shown}); a file must hold one snapshot: split it into one file per date."
            )
        elif snapshot is None:
            problem = (
                f"{contract.label} file has no snapshot date; add it to the file name (e.g. {stem}_20240331{suffix}) "
                "or as an 'As at: 31/03/2024' line above the header, or give it in ingest.snapshot_dates."
            )
        elif (quarter_end := nearest_quarter_end(snapshot)) != snapshot:
            gap = (snapshot - quarter_end).days
            when = f"{abs(gap)} day{'s' if abs(gap) != 1 else ''} {'after' if gap > 0 else 'before'}"
            if abs(gap) > tolerance:
                return fields, FileRejected(
                    contract.source, read.file_name, f"{contract.rule_prefix}-F10",
                    f"{contract.label} file is dated {snapshot:%d/%m/%Y} ({found_in}), {when} the nearest quarter "
                    f"end {quarter_end:%d/%m/%Y}; WRES figures are taken at quarter ends, so it would reach no "
                    f"figure. Export the snapshot as at the quarter end, or widen ingest.snapshot_tolerance_days "
                    f"(now {tolerance}).", read.sheet,
                )
            fields.update(snapshot_date=quarter_end,
                          period_rule=f"{found_in} {snapshot:%d/%m/%Y}, taken as the {quarter_end:%d/%m/%Y} snapshot")
            read.warnings.append(
                f"dated {snapshot:%d/%m/%Y} ({found_in}), {when} the quarter end: loaded as the "
                f"{quarter_end:%d/%m/%Y} snapshot (ingest.snapshot_tolerance_days = {tolerance})")
    elif kind == "period" and read.period_start is None:
        fields["period_rule"] = "none declared: each row's own dates place it"
        read.warnings.append("no reporting period declared (no 'Period' line, no financial year such as 2023-24 or "
                             "calendar year in the name): each row's own dates place it, and it covers from 1 April "
                             "of its first record's WRES year to the quarter end of its last (audit.source_coverage)")
    elif kind == "survey_year":
        years, found_in = _survey_years(read)
        fields = {
            "snapshot_date": None,
            "period_start": date(years[0], 1, 1) if years else None,
            "period_end": date(years[-1], 12, 31) if years else None,
            "period_rule": found_in,
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


def _map_local_values(read: FileRead, columns: dict[str, dict[str, str]]) -> None:
    """A trust's own values mapped to the contract's (config ``mappings.values.<source>``), ignoring case and
    surrounding spaces; how many were mapped is a warning on the file's audit record."""
    for column, values in columns.items():
        if column not in read.frame.columns or not values:
            continue
        local = {k.strip().lower(): v for k, v in values.items()}
        key = pl.col(column).str.strip_chars().str.to_lowercase()
        hit = key.is_in(list(local)) & pl.col("drop_reason").is_null()
        n = read.frame.select(hit.sum()).item()
        if n:
            read.frame = read.frame.with_columns(
                pl.when(hit).then(key.replace_strict(local, default=None)).otherwise(pl.col(column)).alias(column))
            read.warnings.append(f"{n:,} value(s) of {column} mapped by mappings.values.{read.source}.{column}")


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
        "org_rule": None,
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
        "period_rule": None,
        "extract_id": None,
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


# The key that tells the parts of one extract from a corrected copy: the first of these a file has.
PART_KEYS = ("assignment_number", "application_id", "case_reference", "member_id", "respondent_id", "employee_number")


def _part_keys(read: FileRead) -> frozenset[str]:
    column = next((c for c in PART_KEYS if c in read.frame.columns), None)
    if column is None:
        return frozenset()
    values = read.frame.filter(pl.col("drop_reason").is_null()).get_column(column).drop_nulls().str.strip_chars()
    return frozenset(values.filter(values != "").to_list())


@dataclass
class _Accepted:
    read: FileRead
    record: dict
    mtime: float
    keys: frozenset[str]


def _settle_extracts(accepted: list[_Accepted], contract: Contract, max_shared: float) -> None:
    """Files of one organisation and period: parts of one extract, or a corrected extract superseding another.

    In order of modification time, a file sharing at most ``max_shared`` of the smaller key set with the
    extract so far is its next part (row limits, one export per directorate); one sharing more replaces the
    whole extract (a corrected copy). Event files without a declared period are always parts of one log.
    Each record gets ``extract_id`` (the first part's file id) and, when it is not loaded, why.
    """
    groups: dict[tuple, list[_Accepted]] = {}
    for a in accepted:
        r = a.record
        groups.setdefault((r["org_code"], r["snapshot_date"], r["period_start"], r["period_end"]), []).append(a)
    for files in groups.values():
        files.sort(key=lambda a: (a.mtime, a.read.file_name))
        log = contract.period_kind == "period" and files[0].record["period_start"] is None
        extract: list[_Accepted] = []
        keys: set[str] = set()
        for a in files:
            shared = len(keys & a.keys)
            if extract and not log and shared > max_shared * max(1, min(len(keys), len(a.keys))):
                for old in extract:
                    old.record.update(status="superseded", message=(
                        f"replaced by {a.read.file_name} for the same organisation and period "
                        f"({shared:,} of its {len(a.keys):,} keys were already in this extract)"))
                extract, keys = [], set()
            if extract:
                a.record["message"] = (f"part {len(extract) + 1} of the extract that starts with "
                                       f"{extract[0].read.file_name}" + (f" ({shared:,} shared keys: duplicates "
                                       "are quarantined)" if shared else ""))
            a.record["extract_id"] = extract[0].read.source_file_id if extract else a.read.source_file_id
            extract.append(a)
            keys |= a.keys


def load_source(
    inbox: Path, contract: Contract, settings: Settings, sink: Callable[[pl.DataFrame], None] | None = None,
    skip: Callable[[Path], bool] | None = None,
) -> SourceLoad:
    """Read every file of the contract's inbox folder that matches the contract (see module docstring), but
    those ``skip`` names (a run over some quarters leaves the files of other quarters unread)."""
    folder = inbox / contract.folder
    shapes = folder_contracts(contract.folder) if contract in folder_contracts(contract.folder) else (contract,)
    local = settings.mappings.headers  # the trust's own headers (config Mappings)
    shapes = tuple(localised(c, local.get(c.source, {})) for c in shapes)
    contract = next(c for c in shapes if c.source == contract.source)  # the reader tells shapes by identity
    result = SourceLoad(source=contract.source, frame=pl.DataFrame())
    accepted: list[_Accepted] = []
    seen_hashes: dict[str, str] = {}
    for path in inbox_files(folder):
        if skip is not None and skip(path):
            continue
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
            _map_local_values(read, settings.mappings.values.get(contract.source, {}))
            period, problem = _period(read, contract, settings)
            org_code, org_rule = resolve_org(read, settings)
            record = _audit_record(read, path, contract.source, org_code=org_code, org_rule=org_rule, **period)
            if problem is not None:
                result.rejected.append(problem)
                record.update(status="rejected", rule_id=problem.rule_id, message=str(problem))
            elif read.sha256 in seen_hashes and read.sheet is None:
                record.update(status="duplicate", message=f"identical to {seen_hashes[read.sha256]}, loaded once")
            else:
                seen_hashes.setdefault(read.sha256, path.name)
                accepted.append(_Accepted(read, record, path.stat().st_mtime, _part_keys(read)))
                if sink is not None:  # stream: hand the rows on now, keep only the audit facts
                    sink(_with_lineage(read, record))
                    read.frame = read.frame.clear()
            result.files.append(record)
    _settle_extracts(accepted, contract, settings.ingest.parts_max_shared_share)
    frames = []
    for a in accepted:
        read, record = a.read, a.record
        if record["status"] == "superseded":
            if sink is not None:
                result.superseded.append((read.source_file_id, read.sheet))
            continue
        if record["extract_id"] != read.source_file_id:
            result.parts.append((read.source_file_id, read.sheet, record["extract_id"]))
        if sink is None:
            frames.append(_with_lineage(read, record))
        result.columns.extend(
            {"source": contract.source, "source_file_id": read.source_file_id, "sheet": read.sheet,
             "column_name": name, "header_found": header, "column_letter": letter}
            for name, (header, letter) in read.column_map.items()
        )
    result.frame = pl.concat(frames, how="vertical") if frames else empty_raw(contract)
    return result


def inspect_inbox(settings: Settings) -> list[dict]:
    """Every file of every source folder as a refresh would record it - organisation and rule, period and
    rule, loaded / part of / superseded / duplicate / rejected, warnings - without building anything: the
    rows are read by the same code and dropped."""
    from .readers.contracts import CONTRACTS

    records: list[dict] = []
    for contract in CONTRACTS.values():
        records.extend(load_source(settings.paths.inbox, contract, settings, sink=lambda rows: None).files)
    return records


def wres_years(record: dict) -> str:
    """The WRES years (1 April - 31 March, named by their end) a file's period covers, in words."""
    if record["status"] != "loaded":
        return ""
    if day := record.get("snapshot_date"):
        return f"WRES year {day.year}" if (day.month, day.day) == (3, 31) else "a quarter-end snapshot (rolling 12 months)"
    start, end = record.get("period_start"), record.get("period_end")
    if start is None:
        return "what its records' own dates reach (audit.source_coverage after a refresh)"
    first = start.year + (1 if start.month > 4 or (start.month == 4 and start.day > 1) else 0)
    years = [y for y in range(first, end.year + 1) if date(y - 1, 4, 1) >= start and date(y, 3, 31) <= end]
    return f"WRES year(s) {', '.join(map(str, years))}" if years else "part of a WRES year (rolling 12 months)"


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
        pl.lit(record.get("extract_id") or read.source_file_id).alias("extract_id"),
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
        "source_file_id": pl.String, "extract_id": pl.String, "file_name": pl.String, "sheet": pl.String,
        "row_number": pl.Int64,
        "drop_reason": pl.String, "row_hash": pl.UInt64,
    }
    schema.update(dict.fromkeys(contract.names, pl.String))
    schema.update(dict.fromkeys((d.name for d in contract.dynamic), LIST_OF_PAIRS))
    return pl.DataFrame(schema=schema)
