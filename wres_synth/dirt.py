"""Dirty-data injection: the 35 cases of source-extracts.md §9 as named switches with rates, and an exact manifest.

Spec syntax (``generate(..., dirt=...)`` and ``wres generate --dirt SPEC``)
---------------------------------------------------------------------------

* ``"none"`` (default): clean files, empty manifest.
* ``"realistic"``: small rates for every case (:data:`REALISTIC`); cases that do not apply
  to the chosen sources / shapes are listed under ``dirt.not_applicable`` in truth.json.
* ``{"D10": 0.01, "D15": 0.002}`` or ``"D10=0.01,D15=0.002"``: only these cases.
* Items combine left to right: ``"realistic,D07=0,D10=0.05"`` (profile, then overrides);
  ``"all=0.01"`` sets every case; a bare ``"D10"`` means D10 at its realistic rate.

Rate semantics: for row-level cases the number of injections in a file is
``floor(rate x data rows + u)`` (u uniform in [0, 1), i.e. stochastic rounding), capped at
the number of eligible rows; for file-level and extra-file cases (D01, D02, D03, D06, D07,
D08, D35) the rate is the probability that a file is damaged.  A switched-on case that
applies occurs **at least once per organisation and source** (forced on the last file when
no earlier file got one; D01 on the first file, because D01 and D02 exclude each other),
so small inboxes still exercise every case.  Every draw comes from
a generator seeded by (seed, organisation, file path, case): the same seed and spec give
byte-identical files and manifest.

Approach: the planted truth stays exact
---------------------------------------

Injection happens inside :func:`.shapes.emit`, on the in-memory :class:`.shapes.Sheet`,
before rendering, so every damaged cell's physical 1-based row in the written file (after
preamble, header, inserted rows) is known.  Damage is chosen so that a pipeline that
handles each case as its ``expected_action`` says still reproduces truth.json exactly:

* **extra rows** carry anything that is rejected or excluded: fake people (employee numbers
  ``9xxxxxxx``, never issued to real staff; copied from a real row so they look real) for
  D10, D13, D15, D23, D24, D25 (reject variant), D34 (key-column variant); extra **bank**
  assignments of real, counted people (a new ``-n`` assignment number, Primary = No, never
  counted under §8) for D11, D18, D19, D20; exact copies of real rows for D09; total rows and
  repeated headers for D04, D05;
* **in-place** edits only where the correct repair gives back the original meaning: D12
  (primary flags of people whose primary assignment also has the strictly highest counted
  FTE, so the §8 tie-break picks the same assignment), D14 (one unknown spelling to another),
  D16 (an unseen sub-code with the same first letter), D17, D21, D22, D26 (label / date /
  dash variants), D25 warn variants (FTE of a one-assignment person), D27 (one
  low-information reason to another), D34 optional variant (``#N/A`` in an optional column);
* **file-level** changes (D01 BOM, D02 Windows-1252, D03 title/prompt rows, D06 merged
  group-label row, D35 personal-data columns) never change data values;
* **extra files** (D07 duplicate column, D08 identifiers in scientific notation / leading
  zeros lost) are copies of a real file under another name (``... (2).csv``,
  ``... (copy).csv``): rejecting them leaves the rest of the inbox loading.

Rows touched in place are never touched twice, and rows copied (D09) are never edited, so
each damaged row appears once.  truth.json ``counts`` keeps the clean (planted) data rows per
file; ``dirt.files`` gives, per file, the rows written (clean + extra data rows).

Manifest ``OUT/_truth/dirt.csv`` (one row per damaged row; file-level cases one row per file)
--------------------------------------------------------------------------------------------

``case, source, file, sheet, row, column, original_value, written_value, expected_action,
note, employee_number, assignment_number, extra_row``

* ``file``: path relative to the inbox; ``sheet``: worksheet name (xlsx) or empty;
* ``row``: physical 1-based row in the written file (CSV line / spreadsheet row).  File-level
  cases: D01 row 1 (where the BOM is), D02 the row holding the non-ASCII character (the
  title on row 1, or a data row's Position Title), D03 / D07 / D35 the header row, D06 the
  group-label row, D08 the first data row of the extra file;
* ``column``: the header of the damaged cell as written; empty for a preamble cell (column A);
* ``original_value`` / ``written_value``: what the clean file would hold / what the file
  holds, as text (CSV: the field verbatim; xlsx: dates dd/mm/yyyy, numbers in General
  format); for an extra row ``original_value`` is the value of the real row it was copied from;
* ``expected_action``: one of :data:`ACTIONS`;
* ``employee_number`` / ``assignment_number``: the record key of the damaged row (fake for
  fake people), so a test can trace or adjust any expectation;
* ``extra_row``: ``true`` when the row is not part of the clean data (inserted).

truth.json ``dirt``: ``spec`` (rates), ``counts`` (per case), ``counts_by_source``,
``counts_by_action``, ``not_applicable`` ({case: {source: reason}} for the sources where the
case applied to no file), ``extra_files``,
``files`` ({file: {sheet, header_row, clean_rows, data_rows_written, encoding}}).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .shapes import SHAPE_ENCODING, Inserted, Sheet, TableFile, display_value
from .truth import COUNTED_CATEGORIES, COUNTED_STATUSES

ACTIONS: tuple[str, ...] = (
    "reject_row", "reject_file", "warn", "repair", "drop_row", "duplicate_kept_one", "exclude_from_counts",
    "drop_column", "accept", "null_value", "flag_unmatched", "dedupe_people",
)
MANIFEST_COLUMNS: tuple[str, ...] = (
    "case", "source", "file", "sheet", "row", "column", "original_value", "written_value", "expected_action", "note",
    "employee_number", "assignment_number", "extra_row",
)
FAKE_EMPLOYEE_BASE = 90_000_000

UNKNOWN_ETHNICITY = (None, "", "Unspecified", "Not Stated", "Z Not Stated", "I do not wish to disclose")
UNKNOWN_VARIANTS = ("", "Unspecified", "Not Stated", "Z Not Stated", "Not Known", "Prefer not to say", "NOT STATED",
                    "z not stated")
FREE_TEXT_ETHNICITY = ("Brit", "White British", "British", "Indian", "Black", "Polish", "Mixed", "WB", "Caucasian")
UNSEEN_SUBCODES: Mapping[str, tuple[str, ...]] = {
    "C": ("CA White English", "CF White Greek", "CH White Turkish", "CQ White ex-USSR"),
    "G": ("GA Mixed Black and Asian", "GB Mixed Black and Chinese", "GF Mixed Other"),
    "L": ("LB Asian Punjabi", "LC Asian Kashmiri", "LE Asian Tamil"),
    "P": ("PA Black Somali", "PB Black Mixed", "PC Black Nigerian"),
    "S": ("SA Vietnamese", "SB Japanese", "SD Malaysian", "SE Other Specified"),
}
APST = "Additional Professional Scientific and Technical"
APST_TRUNCATED = "Add Prof Scientific and Technic"
LOW_INFO_REASON = "Voluntary Resignation - Other/Not Known"
MEDICAL_GRADES = ("Specialty Doctor", "Consultant", "Foundation Year 2", "Specialty Registrar")
EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!")
NATO = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima",
        "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor", "Whiskey",
        "Xray", "Yankee", "Zulu")
BAND_RE = re.compile(r"band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b", re.IGNORECASE)
DATE_ROLES = ("hire_date", "nhs_start", "termination")
NON_MANDATORY_CATEGORIES = ("Non-mandatory", "CPD", "Leadership", "Apprenticeship", "Funded course")

#: Dirt roles of the columns of the other sources' CSV files (``header: "role role2"``), used
#: when their files are read back (:func:`.shapes.reload_csv`).  ``person`` is the person
#: key, ``key`` the record key; ``opt_*`` are optional columns no truth depends on.
SOURCE_ROLES: dict[str, dict[str, str]] = {
    "trac_applications": {
        "Application ID": "key", "Applicant ID": "person", "Vacancy Reference": "vacancy", "Job Title": "opt_job_title",
        "Band": "grade", "Staff Group": "staff_group", "Employee Number": "employee", "Ethnic Origin": "ethnicity",
        "Stage Reached": "stage", "Shortlisted": "shortlisted", "Shortlisted Date": "shortlisted_date",
        "Interview Date": "interview_date", "Offer Date": "offer_date", "Offer Accepted": "offer_accepted",
        "Appointed": "appointed", "Application Date": "application_date", "Start Date": "start_date",
        "Withdrawn": "withdrawn", "Withdrawn Stage": "withdrawn_stage", "Withdrawn Date": "withdrawn_date",
    },
    "er_cases": {
        "Case Reference": "key", "Employee Number": "employee person", "Assignment Number": "assignment",
        "Case Type": "coded_dash", "Allegation Category": "opt_allegation", "Case Opened Date": "period_start",
        "Case Closed Date": "period_end",
    },
    "olm_training": {
        "Employee Number": "employee person", "Course Name": "course", "Class Name": "opt_class_name",
        "Class Start Date": "period_start class_start", "Class End Date": "period_end class_end",
        "Enrolment Status": "enrolment_status", "Completion Date": "completion_date",
        "Competence Name": "competence", "Training Category": "training_category", "Funding / Cost": "opt_cost",
    },
    "board_register": {
        "Member ID": "key person", "Employee Number": "employee", "Ethnic Origin": "ethnicity",
        "Gender": "opt_gender", "Appointment Start Date": "period_start", "Appointment End Date": "period_end",
    },
    "staff_survey": {
        "Respondent ID": "key person", "Survey Year": "survey_year", "Mode": "opt_mode",
        **{q: f"answer:{q}" for q in ("q14a", "q14b", "q14c", "q15", "q16a", "q16b", "q27a", "q27c", "q35")},
        **{q: f"answer:{q} survey_ethnicity" for q in ("q25", "q27", "q28")},
        **{q: f"answer:{q}" for q in ("q24a", "q24c", "q26a", "q26c", "q31", "q33")},
    },
}
#: Columns required by each source's contract (an Excel error literal there rejects the row).
SOURCE_REQUIRED: dict[str, tuple[str, ...]] = {
    "trac_applications": ("key", "person", "vacancy", "ethnicity", "stage", "shortlisted", "appointed"),
    "er_cases": ("key", "person", "period_start"),
    "olm_training": ("person", "course", "class_start", "enrolment_status"),
    "board_register": ("key", "ethnicity", "period_start"),
    "staff_survey": ("key", "survey_year"),
}
GROUP_LABELS: Mapping[str, str] = {
    **dict.fromkeys(("Employee Number", "Unique Nhs Identifier"), "Person"),
    **dict.fromkeys(("Org L2", "Org L3", "Org L4", "Organisation", "ODS code"), "Organisation"),
    **dict.fromkeys(("Position Title", "Job Role", "Staff Group", "Occupation Code", "Area of Work", "Grade",
                     "Grade Code", "Spinal Point"), "Job"),
    **dict.fromkeys(("Assignment Number", "Asg Number", "Assignment Category", "Assignment Status",
                     "Primary Assignment", "Contracted Hours", "FTE", "Status", "Asg Type Of Contract",
                     "Primary Flag", "Contracted Wte", "User Person Type"), "Assignment"),
    **dict.fromkeys(("Ethnic Origin", "Gender", "Age Band", "Disability", "Age In Years"), "Equality"),
    **dict.fromkeys(("Hire Date", "Date Started in NHS", "Termination Date", "Leaving Reason", "Latest Hire Date",
                     "Tm Year Month", "Tm End Date"), "Dates"),
    **dict.fromkeys(("Annual Salary", "Hourly Rate"), "Pay"),
}


# ---------------------------------------------------------------------------------------
# Spec parsing
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One catalogue case: level (``row`` / ``file`` / ``extra_file``), realistic rate, injector."""

    code: str
    title: str
    level: str
    realistic: float
    needs: str  # human description of where it applies
    inject: Callable[[FileDirt, np.random.Generator, int], int]
    applies: Callable[[FileDirt], str | None]  # None, or the reason it does not apply to this file
    force_first: bool = False  # the guaranteed occurrence goes to the first file (not the last)


CASES: dict[str, Case] = {}


def _case(code: str, title: str, level: str, realistic: float, needs: str,
          applies: Callable[[FileDirt], str | None], force_first: bool = False) -> Callable[[Callable], Callable]:
    def decorate(fn: Callable[[FileDirt, np.random.Generator, int], int]) -> Callable:
        CASES[code] = Case(code, title, level, realistic, needs, fn, applies, force_first)
        return fn

    return decorate


def normalise_code(code: str) -> str:
    m = re.fullmatch(r"[dD]?0*(\d{1,2})", code.strip())
    if not m or not 1 <= int(m.group(1)) <= 35:
        raise ValueError(f"unknown dirt case {code!r}; expected D01 .. D35")
    return f"D{int(m.group(1)):02d}"


def parse_dirt(spec: str | Mapping[str, float] | None) -> dict[str, float]:
    """Turn a dirt spec (see module docstring) into ``{case: rate}`` (rates > 0 only, catalogue order)."""
    rates: dict[str, float] = {}
    if spec is None:
        return rates
    if isinstance(spec, Mapping):
        items = [(normalise_code(k), float(v)) for k, v in spec.items()]
    else:
        items = []
        for raw in (x.strip() for x in str(spec).split(",")):
            if not raw:
                continue
            low = raw.lower()
            if low == "none":
                items.append(("none", 0.0))
            elif low == "realistic":
                items.append(("realistic", 0.0))
            elif "=" in raw:
                key, value = (x.strip() for x in raw.split("=", 1))
                try:
                    rate = float(value)
                except ValueError:
                    raise ValueError(f"dirt rate {value!r} for {key!r} is not a number") from None
                items.append(("all" if key.lower() == "all" else normalise_code(key), rate))
            else:
                code = normalise_code(raw)
                items.append((code, CASES[code].realistic))
    for code, rate in items:
        if code == "none":
            rates.clear()
        elif code == "realistic":
            rates.update({c: k.realistic for c, k in CASES.items()})
        elif code == "all":
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"dirt rate {rate} outside [0, 1]")
            rates.update(dict.fromkeys(CASES, rate))
        else:
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"dirt rate {rate} for {code} outside [0, 1]")
            rates[code] = rate
    return {c: rates[c] for c in sorted(rates) if rates[c] > 0}


# ---------------------------------------------------------------------------------------
# Per-file context
# ---------------------------------------------------------------------------------------


@dataclass
class Entry:
    case: str
    tf: TableFile
    ref: tuple  # ("body", i) | ("ins", k) | ("header",) | ("pre", p) | ("abs", row) | ("data", 0)
    column: str
    original: str
    written: str
    action: str
    note: str
    employee: str = ""
    assignment: str = ""
    extra_row: bool = False
    refs: tuple = ()  # other rows named in the note as {r0}, {r1} ...


class FileDirt:
    """Everything the case functions need about one file, plus the helpers that damage it."""

    def __init__(self, injector: DirtInjector, tf: TableFile):
        self.inj = injector
        self.tf = tf
        self.sheet: Sheet = tf.sheet
        self.clean_sheets = [s.copy_clean() for s in tf.sheets]
        self.used: set[int] = set()
        self.entries: list[Entry] = []
        self.extra_files: list[TableFile] = []
        self.next_seq: dict[str, int] = {}
        self._cols: dict[int, list] = {}
        self._persons: dict[str, list[int]] | None = None
        self._counted: list[bool] | None = None

    # -- reading ----------------------------------------------------------------------
    @property
    def n(self) -> int:
        return self.sheet.n_rows

    def has(self, *roles: str) -> bool:
        return all(r in self.sheet.roles for r in roles)

    def j(self, role: str) -> int:
        return self.sheet.roles[role]

    def column(self, j: int) -> list:
        if j not in self._cols:
            self._cols[j] = self.sheet.body.get_column(f"c{j}").to_list()
        return self._cols[j]

    def value(self, i: int, j: int) -> Any:
        return self.column(j)[i]

    def row(self, i: int) -> list:
        return [self.value(i, j) for j in range(len(self.sheet.header))]

    def show(self, value: Any, j: int) -> str:
        return display_value(value, self.sheet.kinds[j], self.tf.container, self.tf.date_format)

    def key_of(self, cells_or_i: list | int) -> tuple[str, str]:
        """(person, record key) of a body row or a cell list, e.g. (employee, assignment number)."""
        get = (lambda j: self.value(cells_or_i, j)) if isinstance(cells_or_i, int) else (lambda j: cells_or_i[j])
        emp = get(self.j("person")) if self.has("person") else ""
        asg = get(self.j("key")) if self.has("key") else ""
        return str(emp or ""), str(asg or "")

    @property
    def persons(self) -> dict[str, list[int]]:
        if self._persons is None:
            out: dict[str, list[int]] = defaultdict(list)
            if self.has("person"):
                for i, e in enumerate(self.column(self.j("person"))):
                    if e is not None:
                        out[e].append(i)
            self._persons = dict(out)
        return self._persons

    def single_row_people_rows(self) -> list[int]:
        return [rows[0] for rows in self.persons.values() if len(rows) == 1]

    @property
    def counted(self) -> list[bool]:
        if self._counted is None:
            if self.has("category", "status"):
                cat, st = self.column(self.j("category")), self.column(self.j("status"))
                self._counted = [c in COUNTED_CATEGORIES and s in COUNTED_STATUSES for c, s in zip(cat, st, strict=True)]
            else:
                self._counted = [True] * self.n
        return self._counted

    def is_primary(self, i: int) -> bool:
        return self.value(i, self.j("primary")) == self.sheet.yes_no[0]

    def free(self, rows: list[int]) -> list[int]:
        return [i for i in rows if i not in self.used]

    # -- writing ----------------------------------------------------------------------
    def add(self, case: str, ref: tuple, column: str, original: str, written: str, action: str, note: str,
            key: tuple[str, str] = ("", ""), extra_row: bool = False, refs: tuple = (),
            tf: TableFile | None = None) -> None:
        self.entries.append(Entry(case, tf or self.tf, ref, column, original, written, action, note, key[0], key[1],
                                  extra_row, refs))

    def set_cell(self, case: str, i: int, j: int, value: Any, action: str, note: str) -> None:
        self.sheet.overrides[(i, j)] = value
        self.used.add(i)
        self.add(case, ("body", i), self.sheet.header[j], self.show(self.value(i, j), j), self.show(value, j),
                 action, note, self.key_of(i))

    def insert(self, pos: int, cells: list, kind: str = "data") -> int:
        self.sheet.inserted.append(Inserted(pos, cells, kind))
        return len(self.sheet.inserted) - 1

    def fake_row(self, base: int) -> list:
        """A clean copy of body row ``base`` with fresh fake identifiers (a fake person and record; primary if the
        file has the flag).  ESR sheets use their ``id_maker`` (employee numbers ``9xxxxxxx``); other sheets get
        values shaped like the originals (:func:`fake_like`)."""
        cells = self.row(base)
        n = self.inj.new_fake_employee(self.tf.org_number)
        if self.sheet.id_maker is not None:
            for role, value in self.sheet.id_maker(n, 1).items():
                if self.has(role):
                    cells[self.j(role)] = value
        else:
            for j in sorted({self.j(r) for r in ("key", "person", "employee", "assignment") if self.has(r)}):
                if self.has("employee") and j == self.j("employee") and cells[j]:
                    cells[j] = str(n)
                else:
                    cells[j] = fake_like(cells[j], n - FAKE_EMPLOYEE_BASE)
        if self.has("primary"):
            cells[self.j("primary")] = self.sheet.yes_no[0]
        return cells

    def extra_assignment(self, base: int) -> list:
        """A new bank assignment (``<person>-<n>``, Primary = No, FTE 0) of the person on body row ``base``."""
        cells = self.row(base)
        emp = cells[self.j("employee")]
        asg_j = self.j("assignment")
        if emp not in self.next_seq:
            seqs = [1]
            for i in self.persons.get(emp, []):
                m = re.search(r"-(\d+)$", str(self.value(i, asg_j)))
                seqs.append(int(m.group(1)) if m else 1)
            self.next_seq[emp] = max(seqs) + 1
        seq = self.next_seq[emp]
        self.next_seq[emp] = seq + 1
        stem = re.sub(r"-\d+$", "", str(cells[asg_j]))
        cells[asg_j] = f"{stem}-{seq}"
        if self.has("primary"):
            cells[self.j("primary")] = self.sheet.yes_no[1]
        if self.has("category"):
            cells[self.j("category")] = "Bank"
        if self.has("status"):
            cells[self.j("status")] = "Active Assignment"
        for role in ("fte", "hours"):
            if self.has(role):
                cells[self.j(role)] = 0.0
        return cells

    def insert_after_person(self, emp: str, cells: list) -> int:
        rows = self.persons.get(emp, [])
        return self.insert((max(rows) + 1) if rows else self.n, cells)

    def counted_primary_people(self) -> list[int]:
        """Body rows that are the counted primary assignment of their person (bases for extra assignments)."""
        if not self.has("employee", "assignment", "primary"):
            return []
        return [i for i in range(self.n) if self.is_primary(i) and self.counted[i]]

    def random_pos(self, rng: np.random.Generator) -> int:
        return int(rng.integers(0, self.n + 1))


def fake_like(value: Any, n: int) -> Any:
    """A fake identifier shaped like ``value``: its longest run of digits becomes ``9`` + ``n`` (zero-padded)."""
    if value in (None, ""):
        return value
    text = str(value)
    runs = list(re.finditer(r"\d+", text))
    if not runs or max(len(m.group()) for m in runs) < 3:
        return f"{text}-9{n:04d}"
    m = max(runs, key=lambda m: len(m.group()))
    digits = "9" + str(n).zfill(len(m.group()) - 1)
    return text[:m.start()] + digits + text[m.end():]


def _pick(rng: np.random.Generator, candidates: list[int], k: int) -> list[int]:
    if k <= 0 or not candidates:
        return []
    if k >= len(candidates):
        return list(candidates)
    return sorted(int(x) for x in rng.choice(np.array(candidates), size=k, replace=False))


def _as_date(value: Any, date_format: str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.strptime(value, date_format).date()
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------------------------------
# Applicability predicates
# ---------------------------------------------------------------------------------------


def _tabular(fd: FileDirt) -> str | None:
    return None if fd.tf.text_lines is None and fd.tf.sheets and fd.sheet.data else "not a tabular shape"


def _need(*roles: str, snapshot: bool | None = None, container: str | None = None,
          extra: Callable[[FileDirt], str | None] | None = None) -> Callable[[FileDirt], str | None]:
    def check(fd: FileDirt) -> str | None:
        if (why := _tabular(fd)) is not None:
            return why
        if container is not None and fd.tf.container != container:
            return f"needs a {container} file (shape {fd.tf.shape} is {fd.tf.container})"
        missing = [r for r in roles if not fd.has(r)]
        if missing:
            return f"needs column role(s) {', '.join(missing)} (not in {fd.tf.shape} files of {fd.tf.source})"
        if snapshot is True and fd.tf.snapshot is None:
            return "needs a snapshot (staff-in-post) file"
        if snapshot is False and fd.tf.snapshot is not None:
            return "needs a period (leavers-style) file"
        return extra(fd) if extra else None

    return check


def _needs_source(name: str) -> Callable[[FileDirt], str | None]:
    def check(fd: FileDirt) -> str | None:
        return None if fd.tf.source == name else f"needs source {name}"

    return check


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------


@_case("D01", "UTF-8 BOM on the first header", "file", 0.2, "CSV files written as UTF-8 without BOM",
       _need(container="csv", extra=lambda fd: None if fd.tf.encoding == "utf-8" else f"file is {fd.tf.encoding}"),
       force_first=True)
def _d01(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    fd.tf.encoding = "utf-8-sig"
    fd.add("D01", ("abs", 1), "", "utf-8", "utf-8-sig", "repair",
           "UTF-8 byte-order mark (EF BB BF) before the first cell of row 1; strip it silently (§1.2)")
    return 1


def _d02_applies(fd: FileDirt) -> str | None:
    if fd.tf.encoding != "utf-8":
        return f"file is already {fd.tf.encoding}"
    if fd.sheet.preamble and fd.sheet.preamble[0] and " - " in str(fd.sheet.preamble[0][0]):
        return None
    if fd.has("free_text") and any(v and " Band " in v for v in fd.column(fd.j("free_text"))):
        return None
    return "no title or free-text cell to carry a non-ASCII character"


@_case("D02", "Windows-1252 file", "file", 0.15, "CSV files with a title row or a free-text column",
       _need(container="csv", extra=_d02_applies))
def _d02(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    fd.tf.encoding = "cp1252"
    note = "whole file encoded as Windows-1252 (this cell holds an en dash, byte 0x96); decode as cp1252 and warn " \
           "'File read as Windows-1252'"
    if fd.sheet.preamble and fd.sheet.preamble[0] and " - " in str(fd.sheet.preamble[0][0]):
        old = str(fd.sheet.preamble[0][0])
        fd.sheet.preamble[0][0] = old.replace(" - ", " \u2013 ", 1)
        fd.add("D02", ("pre", 0), "", old, fd.sheet.preamble[0][0], "warn", note)
    else:
        j = fd.j("free_text")
        i = next(i for i, v in enumerate(fd.column(j)) if v and " Band " in v and i not in fd.used)
        fd.set_cell("D02", i, j, fd.value(i, j).replace(" Band ", " \u2013 Band ", 1), "warn", note)
    return 1


@_case("D03", "Report title / prompt rows above the header", "file", 0.2, "any tabular file", _tabular)
def _d03(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    sheet, tf = fd.sheet, fd.tf
    old = sheet.header_row
    prompts = ["Prompts: Staff Group = All; Assignment Category = All", "Filters: none"]
    if sheet.preamble:
        at = len(sheet.preamble) - (1 if not sheet.preamble[-1] else 0)
        for k, line in enumerate(prompts):
            sheet.preamble.insert(at + k, [line])
        added = prompts
    else:
        if tf.snapshot is not None:
            when = f"As at: {tf.snapshot:%d/%m/%Y}"
        elif tf.period is not None:
            when = f"Period: {tf.period[0]:%d/%m/%Y} - {tf.period[1]:%d/%m/%Y}"
        else:
            when = ""
        added = [x for x in (tf.title or tf.source.replace("_", " ").title(), when, prompts[0]) if x]
        sheet.preamble[:0] = [[x] for x in added] + [[]]
    fd.add("D03", ("header",), sheet.header[0], "", sheet.header[0], "repair",
           f"{len(added)} report title / prompt rows added above the header (header moved from row {old} to row "
           f"{sheet.header_row}): {' | '.join(added)}; find the header, parse the as-at date / period (§1.3)")
    return 1


@_case("D04", "Grand Total / Total rows inside the data", "row", 0.002, "any tabular file", _tabular)
def _d04(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    labels = ("Total", "Grand Total", "Count")
    width = len(fd.sheet.header)
    for _ in range(want):
        pos = int(rng.integers(1, fd.n + 1)) if fd.n else 0
        label = labels[int(rng.integers(0, len(labels)))]
        k = fd.insert(pos, [label, pos] + [None] * (width - 2), kind="total")
        fd.add("D04", ("ins", k), fd.sheet.header[0], "", label, "drop_row",
               f"'{label}' row with the count {pos} in column 2; drop and report the number of total rows (§1.3)",
               extra_row=True)
    return want


@_case("D05", "Repeated header row inside the data", "row", 0.002, "any tabular file", _tabular)
def _d05(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    for _ in range(want):
        pos = int(rng.integers(1, fd.n + 1)) if fd.n else 0
        k = fd.insert(pos, list(fd.sheet.header), kind="header")
        fd.add("D05", ("ins", k), fd.sheet.header[0], "", fd.sheet.header[0], "drop_row",
               "exact repeat of the header row (pagination artefact); drop it (§1.3 rule 4)", extra_row=True)
    return want


@_case("D06", "Merged multi-row header (group labels above the header)", "file", 0.1, "any tabular file", _tabular)
def _d06(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    sheet = fd.sheet
    labels = [GROUP_LABELS.get(h, "Details") for h in sheet.header]
    row: list[Any] = [None] * len(labels)
    runs: list[tuple[int, int]] = []
    start = 0
    for c in range(1, len(labels) + 1):
        if c == len(labels) or labels[c] != labels[start]:
            row[start] = labels[start]
            runs.append((start, c - 1))
            start = c
    p = len(sheet.preamble)
    sheet.preamble.append(row)
    if fd.tf.container == "xlsx":
        sheet.merges.extend((p, a, b) for a, b in runs if b > a)
    fd.add("D06", ("pre", p), sheet.header[0], "", str(labels[0]), "repair",
           f"group-label row ({', '.join(dict.fromkeys(labels))}) directly above the header"
           f"{', merged across columns' if fd.tf.container == 'xlsx' else ''}; the header is the row below, "
           "the labels are not part of the column names")
    return 1


def _extra_file(fd: FileDirt, suffix: str) -> TableFile:
    """A copy of the file as it was before any dirt, under another name (``<stem> <suffix><ext>``)."""
    tf = fd.tf
    path = Path(tf.relpath)
    relpath = str(path.with_name(f"{path.stem} {suffix}{path.suffix}").as_posix())
    return replace(tf, sheets=[s.copy_clean() for s in fd.clean_sheets], relpath=relpath, extra=True,
                   encoding=SHAPE_ENCODING.get(tf.shape, "utf-8"))


@_case("D07", "Two columns normalising to the same name", "extra_file", 0.02,
       "any tabular file with an ethnicity, grade, staff group or assignment column",
       _need(extra=lambda fd: None if any(fd.has(r) for r in ("ethnicity", "grade", "staff_group", "key", "person"))
             else "no key column to duplicate"))
def _d07(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    extra = _extra_file(fd, "(2)")
    sheet = extra.sheet
    roles = [r for r in ("ethnicity", "grade", "staff_group", "key", "person") if fd.has(r)]
    role = roles[int(rng.integers(0, len(roles)))]
    j = sheet.roles[role]
    header = sheet.header[j]
    variants = (header, header.upper(), header.replace(" ", "  ", 1), header + " ")
    variant = variants[int(rng.integers(0, len(variants)))]
    at = sheet.add_column(variant, sheet.body.get_column(f"c{j}"), sheet.kinds[j])
    fd.extra_files.append(extra)
    fd.add("D07", ("header",), variant, "", variant, "reject_file",
           f"extra file: column '{header}' appears twice (columns {j + 1} and {at + 1}, the second spelled "
           f"{variant!r}); reject the whole file: \"Duplicate column '{header}'\"", tf=extra)
    return 1


@_case("D08", "Identifier mangled by Excel (scientific notation / leading zeros lost)", "extra_file", 0.02,
       "any tabular file with an employee identifier", _need("employee"))
def _d08(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want or not fd.n:
        return 0
    extra = _extra_file(fd, "(copy)")
    sheet = extra.sheet
    j = sheet.roles["employee"]
    values = sheet.body.get_column(f"c{j}").to_list()
    zeros = any(str(v).startswith("0") for v in values)
    if zeros and rng.random() < 0.5:
        mangled = [str(int(v)) if str(v).isdigit() else v for v in values]
        how = "leading zeros lost"
    else:
        mangled = [f"{int(v):.5E}" if str(v).isdigit() else v for v in values]
        how = "scientific notation"
    sheet.body = sheet.body.with_columns(pl.Series(f"c{j}", mangled, dtype=pl.String))
    sheet.kinds[j] = "id"
    fd.extra_files.append(extra)
    fd.add("D08", ("body", 0), sheet.header[j], str(values[0]), mangled[0], "reject_file",
           f"extra file: every {sheet.header[j]} ({len(values)} rows) reformatted by Excel ({how}); reject the "
           "column and so the file: 'looks like it was reformatted by Excel' (§1.6)",
           key=(str(values[0]), ""), tf=extra)
    return 1


@_case("D09", "Exact duplicate row", "row", 0.002, "files with a record key (assignment, application, case ...)",
       _need("key"))
def _d09(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    rows = _pick(rng, fd.free(list(range(fd.n))), want)
    for i in rows:
        fd.used.add(i)
        k = fd.insert(i + 1, fd.row(i))
        j = fd.j("key")
        fd.add("D09", ("ins", k), fd.sheet.header[j], fd.show(fd.value(i, j), j), fd.show(fd.value(i, j), j),
               "duplicate_kept_one", "exact copy of row {r0}; keep one and warn", fd.key_of(i), True, (("body", i),))
    return len(rows)


def _conflict_column(fd: FileDirt) -> int:
    for role in ("grade", "stage", "ethnicity", "opt_mode", "course", "fte", "staff_group"):
        if fd.has(role):
            return fd.j(role)
    return next(j for j in range(len(fd.sheet.header)) if j != fd.j("key"))


def _conflicting_value(fd: FileDirt, rng: np.random.Generator, j: int, current: Any) -> Any:
    """Another value of column ``j`` taken from the file (so it is valid on its own)."""
    col = fd.column(j)
    for _ in range(50):
        v = col[int(rng.integers(0, len(col)))]
        if v not in (None, "") and v != current:
            return v
    if isinstance(current, float):
        return 0.5 if current != 0.5 else 0.8
    return "Band 4" if current != "Band 4" else "Band 3"


@_case("D10", "Same record key twice with conflicting values", "row", 0.001,
       "files with a record key (assignment, application, case ...)", _need("key"))
def _d10(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not fd.n:
        return 0
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        a = fd.fake_row(base)
        b = list(a)
        j = _conflict_column(fd)
        b[j] = _conflicting_value(fd, rng, j, a[j])
        pos = fd.random_pos(rng)
        ka, kb = fd.insert(pos, a), fd.insert(pos, b)
        asg_j = fd.j("key")
        col = fd.sheet.header[j]
        fd.add("D10", ("ins", ka), fd.sheet.header[asg_j], "", fd.show(a[asg_j], asg_j), "reject_row",
               f"{fd.sheet.header[asg_j]} {a[asg_j]} appears twice with a different {col} (rows {{r0}} and {{r1}}); "
               "reject both; fake record", fd.key_of(a), True, (("ins", ka), ("ins", kb)))
        fd.add("D10", ("ins", kb), col, fd.show(a[j], j), fd.show(b[j], j), "reject_row",
               f"second copy of {fd.sheet.header[asg_j]} {a[asg_j]} with a different {col} (rows {{r0}} and {{r1}}); "
               "reject both; fake record", fd.key_of(b), True, (("ins", ka), ("ins", kb)))
    return want


@_case("D11", "Several assignments per person (extra bank assignment)", "row", 0.002,
       "files with employee, assignment and primary columns", _need("employee", "assignment", "primary"))
def _d11(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    bases = _pick(rng, fd.counted_primary_people(), want)
    for i in bases:
        cells = fd.extra_assignment(i)
        k = fd.insert_after_person(cells[fd.j("employee")], cells)
        j = fd.j("assignment")
        fd.add("D11", ("ins", k), fd.sheet.header[j], "", cells[j], "accept",
               "additional bank assignment (Primary = No) of a person with a counted primary assignment; "
               "expected: count the person once through the primary (§8)", fd.key_of(cells), True)
    return len(bases)


@_case("D12", "No primary or several primaries", "row", 0.002, "files with employee, primary, category, status, FTE",
       _need("person", "primary", "category", "status", "fte"))
def _d12(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    fte = fd.column(fd.j("fte"))
    eligible: list[int] = []
    for rows in fd.persons.values():
        if len(rows) < 2 or any(i in fd.used for i in rows):
            continue
        primaries = [i for i in rows if fd.is_primary(i)]
        if len(primaries) != 1 or not fd.counted[primaries[0]]:
            continue
        p = primaries[0]
        others = [fte[i] or 0.0 for i in rows if i != p and fd.counted[i]]
        if all((fte[p] or 0.0) > f for f in others):
            eligible.append(p)
    chosen = _pick(rng, eligible, want)
    yes, no = fd.sheet.yes_no
    pj = fd.j("primary")
    for p in chosen:
        emp = fd.value(p, fd.j("person"))
        rows = fd.persons[emp]
        asg = fd.value(p, fd.j("key")) if fd.has("key") else emp
        fd.used.update(rows)
        if rng.random() < 0.5:
            other = next(i for i in rows if i != p)
            fd.set_cell("D12", other, pj, yes, "warn",
                        f"employee {emp} now has 2 primary assignments; warn; the §8 tie-break (highest counted FTE) "
                        f"keeps {asg}")
        else:
            fd.set_cell("D12", p, pj, no, "warn",
                        f"employee {emp} now has no primary assignment; warn; the §8 tie-break (highest counted FTE) "
                        f"keeps {asg}")
    return len(chosen)


@_case("D13", "Bank-only person in a staff-in-post file", "row", 0.003,
       "staff-in-post files with an assignment category", _need("person", "category", snapshot=True))
def _d13(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not fd.n:
        return 0
    cj = fd.j("category")
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        cells[cj] = "Bank"
        for role in ("fte", "hours"):
            if fd.has(role):
                cells[fd.j(role)] = 0.0
        if fd.has("status"):
            cells[fd.j("status")] = "Active Assignment"
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D13", ("ins", k), fd.sheet.header[cj], fd.show(fd.value(base, cj), cj), "Bank", "exclude_from_counts",
               "bank-only person (no substantive assignment; fake person): exclude from workforce counts and "
               "denominators, report the count", fd.key_of(cells), True)
    return want


@_case("D14", "Ethnicity missing / Unspecified / Not Stated", "row", 0.003, "files with an ethnicity column",
       _need("ethnicity"))
def _d14(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    ej = fd.j("ethnicity")
    col = fd.column(ej)
    rows = fd.single_row_people_rows() if fd.has("person") else list(range(fd.n))
    eligible = [i for i in fd.free(rows) if col[i] in UNKNOWN_ETHNICITY]
    chosen = _pick(rng, eligible, want)
    for i in chosen:
        options = [v for v in (*UNKNOWN_VARIANTS, *(("I do not wish to disclose",) if ":" in "".join(
            str(x) for x in col[:50] if x) else ())) if v != (col[i] or "")]
        fd.set_cell("D14", i, ej, options[int(rng.integers(0, len(options)))] or None, "repair",
                    "another spelling of an unknown ethnicity (was unknown already); map to Unknown, report the split")
    return len(chosen)


@_case("D15", "Free-text / unrecognised ethnicity", "row", 0.001, "files with an ethnicity column",
       _need("ethnicity"))
def _d15(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not fd.n:
        return 0
    ej = fd.j("ethnicity")
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        bad = FREE_TEXT_ETHNICITY[int(rng.integers(0, len(FREE_TEXT_ETHNICITY)))]
        cells[ej] = bad
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D15", ("ins", k), fd.sheet.header[ej], fd.show(fd.value(base, ej), ej), bad, "reject_row",
               f"'{bad}' is not a recognised ethnic origin; reject the row (fake person)", fd.key_of(cells), True)
    return want


def _is_coded(v: Any) -> bool:
    return isinstance(v, str) and bool(re.match(r"^[A-Z][A-Z0-9]? ", v)) and v[0] in UNSEEN_SUBCODES


@_case("D16", "Unseen ESR local ethnicity sub-code", "row", 0.003, "files with an ethnicity column",
       _need("ethnicity"))
def _d16(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    ej = fd.j("ethnicity")
    col = fd.column(ej)
    rows = fd.single_row_people_rows() if fd.has("person") else list(range(fd.n))
    eligible = [i for i in fd.free(rows) if _is_coded(col[i])]
    chosen = _pick(rng, eligible, want)
    for i in chosen:
        options = UNSEEN_SUBCODES[col[i][0]]
        new = options[int(rng.integers(0, len(options)))]
        fd.set_cell("D16", i, ej, new, "warn",
                    f"unseen local sub-code {new.split()[0]}; map by the first letter {new[0]} (same WRES group as "
                    f"{col[i]!r}), warn once")
    return len(chosen)


def _band_variants(label: str) -> list[str]:
    m = BAND_RE.search(label)
    if not m:
        return []
    d, letter = m.group(1), (m.group(2) or "").lower()
    band = f"{d}{letter}"
    out = [f"AfC Band {band}", f"Agenda for Change Band {band}", f"band {band}", f"BAND {band.upper()}"]
    if letter:
        ranged = f"Band {d} - Range {letter.upper()}"
        out += [f"Band {d}{letter.upper()}", f"Band {d} Range {letter.upper()}", f"Non Review Body {ranged}",
                f"XN{int(d):02d} Non Review Body {ranged}"]
    else:
        out += [f"Non Review Body Band {d}", f"XN{int(d):02d} Non Review Body Band {d}"]
    return [v for v in out if v != label]


@_case("D17", "Inconsistent band labels", "row", 0.005, "files with an AfC grade column", _need("grade"))
def _d17(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    gj = fd.j("grade")
    col = fd.column(gj)
    eligible = [i for i in fd.free(list(range(fd.n))) if isinstance(col[i], str) and BAND_RE.search(col[i])]
    chosen = _pick(rng, eligible, want)
    for i in chosen:
        options = _band_variants(col[i])
        new = options[int(rng.integers(0, len(options)))]
        fd.set_cell("D17", i, gj, new, "repair", f"band label variant of {col[i]!r}; normalise (§2.3.2), keep the raw value")
    return len(chosen)


def _extra_assignment_case(fd: FileDirt, rng: np.random.Generator, want: int, case: str, bases: list[int],
                           change: Callable[[list, int], tuple[int, str]], action: str) -> int:
    chosen = _pick(rng, bases, want)
    for i in chosen:
        cells = fd.extra_assignment(i)
        j, note = change(cells, i)
        k = fd.insert_after_person(cells[fd.j("employee")], cells)
        fd.add(case, ("ins", k), fd.sheet.header[j], fd.show(fd.value(i, j), j), fd.show(cells[j], j), action,
               note + "; on an extra bank assignment (Primary = No, not counted) of a real person", fd.key_of(cells),
               True)
    return len(chosen)


@_case("D18", "Band 8 with no range", "row", 0.001, "files with employee, assignment, primary and grade columns",
       _need("employee", "assignment", "primary", "grade"))
def _d18(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    gj = fd.j("grade")
    bases = fd.counted_primary_people()
    band8 = [i for i in bases if isinstance(fd.value(i, gj), str) and re.search(r"band\s*8", fd.value(i, gj), re.I)]
    labels = ("Band 8", "Review Body Band 8", "XR08 Review Body Band 8", "AfC Band 8")

    def change(cells: list, i: int) -> tuple[int, str]:
        cells[gj] = labels[int(rng.integers(0, len(labels)))]
        return gj, "band 8 without a range: grade UNKNOWN, warn (never guess the range)"

    return _extra_assignment_case(fd, rng, want, "D18", band8 or bases, change, "warn")


def _is_medical_code(v: Any) -> bool:
    return isinstance(v, str) and bool(re.fullmatch(r"[0-9]{3}", v))


@_case("D19", "Medical grade vs occupation code mismatch", "row", 0.001,
       "files with employee, assignment, primary, grade and occupation code columns",
       _need("employee", "assignment", "primary", "grade", "occupation"))
def _d19(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    gj, oj = fd.j("grade"), fd.j("occupation")

    def change(cells: list, i: int) -> tuple[int, str]:
        if _is_medical_code(cells[oj]):
            cells[gj] = f"Band {int(rng.integers(5, 8))}"
            return gj, (f"AfC band on medical occupation code {cells[oj]}: occupation code to grade mismatch; warn, "
                        "the medical code wins")
        cells[gj] = MEDICAL_GRADES[int(rng.integers(0, len(MEDICAL_GRADES)))]
        return gj, (f"medical grade on non-medical occupation code {cells[oj]}: occupation code to grade mismatch; "
                    "warn, the occupation code wins")

    return _extra_assignment_case(fd, rng, want, "D19", fd.counted_primary_people(), change, "warn")


@_case("D20", "Staff group vs occupation code disagreement", "row", 0.002,
       "files with employee, assignment, primary, staff group and occupation code columns",
       _need("employee", "assignment", "primary", "staff_group", "occupation"))
def _d20(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    sj, oj = fd.j("staff_group"), fd.j("occupation")
    bases = [i for i in fd.counted_primary_people() if not _is_medical_code(fd.value(i, oj))]

    def change(cells: list, i: int) -> tuple[int, str]:
        occ = str(cells[oj])
        cells[sj] = "Nursing and Midwifery Registered" if occ.startswith("G") else "Administrative and Clerical"
        side = "non-clinical" if occ.startswith("G") else "clinical"
        return sj, (f"staff group {cells[sj]!r} disagrees with {side} occupation code {occ} (§2.4 rule 4); "
                    "warn and count")

    return _extra_assignment_case(fd, rng, want, "D20", bases, change, "warn")


@_case("D21", "Truncated labels", "row", 0.01, "files with Additional Prof Scientific and Technical staff",
       _need("staff_group"))
def _d21(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    sj = fd.j("staff_group")
    col = fd.column(sj)
    chosen = _pick(rng, [i for i in fd.free(list(range(fd.n))) if col[i] == APST], want)
    for i in chosen:
        fd.set_cell("D21", i, sj, APST_TRUNCATED, "repair",
                    f"truncated ESR BI label; map through the alias table to {APST!r}")
    return len(chosen)


def _date_columns(fd: FileDirt) -> list[int]:
    """ESR: hire / NHS start / termination dates; other sources: every typed date column."""
    cols = [fd.j(r) for r in DATE_ROLES if fd.has(r)]
    cols += [j for r, j in sorted(fd.sheet.roles.items()) if r.startswith("date:") and j not in cols]
    return cols


@_case("D22", "Dates in other formats", "row", 0.003, "files with a date column",
       _need(extra=lambda fd: None if _date_columns(fd) else "no date column"))
def _d22(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    roles = _date_columns(fd)
    eligible = [i for i in fd.free(list(range(fd.n)))
                if any(_as_date(fd.value(i, j), fd.tf.date_format) for j in roles)]
    chosen = _pick(rng, eligible, want)
    for i in chosen:
        cols = [j for j in roles if _as_date(fd.value(i, j), fd.tf.date_format)]
        j = cols[int(rng.integers(0, len(cols)))]
        d = _as_date(fd.value(i, j), fd.tf.date_format)
        if fd.tf.container == "xlsx" and fd.sheet.kinds[j] == "date" and rng.random() < 0.6:
            new: Any = (d - dt.date(1899, 12, 30)).days
            how = "an Excel serial number in a cell without a date format"
        else:
            formats = ["%d-%b-%Y", "%Y-%m-%d" if fd.tf.date_format != "%Y-%m-%d" else "%d/%m/%Y"]
            if 1950 <= d.year <= 2049:
                formats.append("%d-%b-%y")
            fmt = formats[int(rng.integers(0, len(formats)))]
            new = d.strftime(fmt).upper() if fmt == "%d-%b-%y" else d.strftime(fmt)
            how = "text in another date format"
        fd.set_cell("D22", i, j, new, "repair", f"{how}; parse per §1.4 (UK order, 2-digit years 00-49 -> 20xx)")
    return len(chosen)


def _d23_variants(fd: FileDirt) -> list[str]:
    out = []
    if fd.has("hire_date") and fd.tf.snapshot is not None:
        out.append("hire_after_snapshot")
    if fd.has("termination", "hire_date") and fd.tf.snapshot is None:
        out.append("termination_before_hire")
    if fd.has("nhs_start"):
        out.append("before_1900")
    if fd.has("dob"):
        out.append("dob")
    if fd.has("period_start", "period_end"):
        out.append("end_before_start")
    return out


@_case("D23", "Impossible dates", "row", 0.001, "files with hire / termination / NHS start / birth / start-end dates",
       _need(extra=lambda fd: None if _d23_variants(fd) else "no date column with a checkable rule"))
def _d23(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    variants = _d23_variants(fd)
    if not fd.n:
        return 0
    ref_date = fd.tf.snapshot or (fd.tf.period[1] if fd.tf.period else dt.date(2025, 3, 31))
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        variant = variants[int(rng.integers(0, len(variants)))]
        if variant == "hire_after_snapshot":
            j = fd.j("hire_date")
            new: Any = ref_date + dt.timedelta(days=int(rng.integers(1, 200)))
            note = f"hire date after the snapshot {ref_date:%d/%m/%Y}"
        elif variant == "termination_before_hire":
            j = fd.j("termination")
            hire = _as_date(cells[fd.j("hire_date")], fd.tf.date_format) or ref_date
            new = hire - dt.timedelta(days=int(rng.integers(1, 400)))
            note = "termination date before the hire date"
        elif variant == "before_1900":
            j = fd.j("nhs_start")
            new = dt.date(int(rng.integers(1880, 1900)), int(rng.integers(1, 13)), int(rng.integers(1, 29)))
            new = new.strftime(fd.tf.date_format if fd.tf.container == "csv" else "%d/%m/%Y")
            note = "date before 1900"
        elif variant == "end_before_start":
            j = fd.j("period_end")
            start = _as_date(cells[fd.j("period_start")], fd.tf.date_format) or ref_date
            new = start - dt.timedelta(days=int(rng.integers(1, 200)))
            note = f"{fd.sheet.header[j]} before {fd.sheet.header[fd.j('period_start')]}"
        else:
            j = fd.j("dob")
            if rng.random() < 0.5:
                new = ref_date - dt.timedelta(days=int(rng.integers(365 * 5, 365 * 13)))
                note = "date of birth gives an age under 14"
            else:
                new = dt.date(int(rng.integers(1901, ref_date.year - 101)), int(rng.integers(1, 13)), 15)
                note = "date of birth gives an age over 100"
        cells[j] = new
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D23", ("ins", k), fd.sheet.header[j], fd.show(fd.value(base, j), j), fd.show(new, j), "reject_row",
               f"{note}; reject the row (fake record)", fd.key_of(cells), True)
    return want


@_case("D24", "Termination date on or before the snapshot in staff in post", "row", 0.001,
       "staff-in-post files with a termination date column", _need("termination", "hire_date", snapshot=True))
def _d24(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not fd.n:
        return 0
    snap = fd.tf.snapshot
    tj = fd.j("termination")
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        hire = _as_date(cells[fd.j("hire_date")], fd.tf.date_format) or snap - dt.timedelta(days=400)
        lo = max(hire, snap - dt.timedelta(days=120))
        cells[tj] = lo + dt.timedelta(days=int(rng.integers(0, (snap - lo).days + 1)))
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D24", ("ins", k), fd.sheet.header[tj], "", fd.show(cells[tj], tj), "exclude_from_counts",
               f"termination date on or before the snapshot {snap:%d/%m/%Y}: exclude from the snapshot and WARN "
               "'Row has left before the snapshot date' (fake person)", fd.key_of(cells), True)
    return want


@_case("D25", "FTE out of range", "row", 0.002, "files with an FTE column", _need("fte"))
def _d25(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    fj = fd.j("fte")
    fte = fd.column(fj)
    singles = fd.single_row_people_rows() if fd.has("person") else list(range(fd.n))
    high = [i for i in fd.free(singles) if fd.counted[i] and isinstance(fte[i], float) and 0 < fte[i] <= 1.0]
    cat = fd.column(fd.j("category")) if fd.has("category") else [None] * fd.n
    zero = [i for i in fd.free(singles) if cat[i] in COUNTED_CATEGORIES and isinstance(fte[i], float) and fte[i] > 0]
    done = 0
    for _ in range(want):
        u = rng.random()
        if u < 0.4 and high:
            i = high.pop(int(rng.integers(0, len(high))))
            if i in fd.used:
                continue
            new = (1.1, 1.2, 1.25, 1.33, 1.5)[int(rng.integers(0, 5))]
            fd.set_cell("D25", i, fj, new, "warn", "FTE above 1.0 (at most 1.5): warn, load")
        elif u < 0.6 and zero:
            i = zero.pop(int(rng.integers(0, len(zero))))
            if i in fd.used:
                continue
            fd.set_cell("D25", i, fj, 0.0, "warn", "FTE 0 on a substantive assignment: warn, load")
        elif fd.n:
            base = int(rng.integers(0, fd.n))
            cells = fd.fake_row(base)
            new = (2.5, 3.0, 10.0, -1.0, -0.5)[int(rng.integers(0, 5))]
            cells[fj] = new
            k = fd.insert(fd.random_pos(rng), cells)
            fd.add("D25", ("ins", k), fd.sheet.header[fj], fd.show(fd.value(base, fj), fj), fd.show(new, fj),
                   "reject_row", "FTE above 2.0 or below 0: reject the row (fake person)", fd.key_of(cells), True)
        else:
            continue
        done += 1
    return done


@_case("D26", "En dash in coded lists", "row", 0.02, "leavers (Leaving Reason), ER cases (Case Type)",
       _need(extra=lambda fd: None if fd.has("leaving_reason") or fd.has("coded_dash") else "no coded list with dashes"))
def _d26(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    rj = fd.j("leaving_reason") if fd.has("leaving_reason") else fd.j("coded_dash")
    col = fd.column(rj)
    chosen = _pick(rng, [i for i in fd.free(list(range(fd.n))) if isinstance(col[i], str) and " - " in col[i]], want)
    for i in chosen:
        fd.set_cell("D26", i, rj, col[i].replace(" - ", " \u2013 "), "repair",
                    "en dash instead of a hyphen; map to ASCII for matching only, keep the original (§1.2 rule 4)")
    return len(chosen)


@_case("D27", "Low-information leaving reason", "row", 0.02, "leavers files", _need("leaving_reason"))
def _d27(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    rj = fd.j("leaving_reason")
    col = fd.column(rj)
    chosen = _pick(rng, [i for i in fd.free(list(range(fd.n))) if col[i] in (None, "", LOW_INFO_REASON)], want)
    for i in chosen:
        new = None if col[i] == LOW_INFO_REASON else LOW_INFO_REASON
        fd.set_cell("D27", i, rj, new, "accept",
                    "low-information leaving reason (swapped between blank and 'Other/Not Known'): valid, never "
                    "rejected; report the share")
    return len(chosen)


def _answer_columns(fd: FileDirt) -> list[int]:
    return [j for r, j in sorted(fd.sheet.roles.items()) if r.startswith("answer:")]


@_case("D28", "Survey suppressed '-' cells", "row", 0.01, "staff survey respondent files (question columns)",
       _need(extra=lambda fd: None if _answer_columns(fd) else "no survey question columns"))
def _d28(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    cols = _answer_columns(fd)
    cells = [(i, j) for j in cols for i, v in enumerate(fd.column(j)) if v in (None, "")]
    cells = [c for c in cells if c[0] not in fd.used]
    chosen = [cells[int(k)] for k in sorted(rng.choice(len(cells), size=min(want, len(cells)), replace=False))] \
        if cells and want else []
    for i, j in chosen:
        fd.set_cell("D28", i, j, "-", "null_value",
                    "'-' in a question that was not answered: null with a suppressed flag, never zero (§1.10)")
    return len(chosen)


@_case("D29", "Survey question renumbering between years", "file", 0.2,
       "staff survey respondent files of a year whose numbering differs from 2023-2025 (e.g. ethnicity q25 / q27)",
       _need("survey_ethnicity"))
def _d29(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    j = fd.j("survey_ethnicity")
    header = fd.sheet.header[j]
    if header == "q28":
        return 0
    fd.add("D29", ("header",), header, "q28", header, "repair",
           f"this survey year's numbering puts ethnicity in {header} (q28 in 2023-2025); key questions by "
           "(survey year, question code) through the year map, never by the bare number")
    return 1


def _is_yes(v: Any) -> bool:
    return isinstance(v, str) and v.strip().lower() in ("yes", "y", "true", "1")


@_case("D30", "Appointed but never shortlisted / offer before interview", "row", 0.002,
       "recruitment (Trac) applications", _need("key", "appointed", "shortlisted"))
def _d30(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    aj, sj = fd.j("appointed"), fd.j("shortlisted")
    bases = [i for i in range(fd.n) if _is_yes(fd.value(i, aj))]
    if not bases:
        return 0
    for _ in range(want):
        base = bases[int(rng.integers(0, len(bases)))]
        cells = fd.fake_row(base)
        if fd.has("offer_date", "interview_date") and rng.random() < 0.5 and \
                isinstance(cells[fd.j("interview_date")], dt.date):
            j = fd.j("offer_date")
            cells[j] = cells[fd.j("interview_date")] - dt.timedelta(days=int(rng.integers(1, 15)))
            note = "offer date before the interview date"
        else:
            j = sj
            cells[j] = "No"
            if fd.has("shortlisted_date"):
                cells[fd.j("shortlisted_date")] = None
            note = "appointed applicant has no shortlisting record"
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D30", ("ins", k), fd.sheet.header[j], fd.show(fd.value(base, j), j), fd.show(cells[j], j),
               "reject_row", f"{note}; reject the row (fake application)", fd.key_of(cells), True)
    return want


@_case("D31", "Same applicant twice on one vacancy", "row", 0.002, "recruitment (Trac) applications",
       _need("key", "person", "vacancy", "stage", "shortlisted"))
def _d31(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    sj = fd.j("shortlisted")
    bases = _pick(rng, [i for i in fd.free(list(range(fd.n))) if _is_yes(fd.value(i, sj))], want)
    later = ("shortlisted_date", "interview_date", "offer_date", "offer_accepted", "start_date", "withdrawn_stage",
             "withdrawn_date")
    for i in bases:
        fd.used.add(i)
        cells = fd.row(i)
        kj = fd.j("key")
        cells[kj] = fake_like(cells[kj], fd.inj.new_fake_employee(fd.tf.org_number) - FAKE_EMPLOYEE_BASE)
        cells[fd.j("stage")] = "NOT_SHORTLISTED"
        cells[sj] = "No"
        for role in ("appointed", "withdrawn"):
            if fd.has(role):
                cells[fd.j(role)] = "No"
        for role in later:
            if fd.has(role):
                cells[fd.j(role)] = None
        if fd.has("application_date") and isinstance(cells[fd.j("application_date")], dt.date):
            cells[fd.j("application_date")] -= dt.timedelta(days=int(rng.integers(1, 10)))
        k = fd.insert(i, cells)
        stage_j = fd.j("stage")
        fd.add("D31", ("ins", k), fd.sheet.header[stage_j], fd.show(fd.value(i, stage_j), stage_j),
               "NOT_SHORTLISTED", "warn",
               f"applicant {cells[fd.j('person')]} applied twice to vacancy {cells[fd.j('vacancy')]} (this earlier, "
               "unshortlisted application and row {r0}); keep the latest stage, warn", fd.key_of(cells), True,
               (("body", i),))
    return len(bases)


@_case("D32", "Training enrolments counted as people", "row", 0.01, "OLM training records",
       _need("person", "enrolment_status", "training_category", "class_start"))
def _d32(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    st, cat, course = fd.column(fd.j("enrolment_status")), fd.column(fd.j("training_category")), \
        fd.column(fd.j("course")) if fd.has("course") else [""] * fd.n
    bases = [i for i in fd.free(list(range(fd.n))) if st[i] in ("Attended", "Completed")
             and cat[i] in NON_MANDATORY_CATEGORIES and "CSTF" not in str(course[i] or "")]
    chosen = _pick(rng, bases, want)
    lo, hi = fd.tf.period if fd.tf.period else (dt.date(1900, 1, 1), dt.date(2100, 1, 1))
    date_roles = [r for r in ("class_start", "class_end", "completion_date") if fd.has(r)]
    for i in chosen:
        fd.used.add(i)
        cells = fd.row(i)
        shift = dt.timedelta(days=int(rng.integers(7, 60)))
        start = cells[fd.j("class_start")]
        if isinstance(start, dt.date):
            shift = shift if start + shift <= hi - dt.timedelta(days=1) else -shift
            if not lo <= start + shift <= hi:
                shift = dt.timedelta(0)
        for role in date_roles:
            if isinstance(cells[fd.j(role)], dt.date):
                cells[fd.j(role)] += shift
        k = fd.insert(i + 1, cells)
        j = fd.j("class_start")
        fd.add("D32", ("ins", k), fd.sheet.header[j], fd.show(fd.value(i, j), j), fd.show(cells[j], j),
               "dedupe_people",
               "a second attended non-mandatory enrolment of a person who already has one in the year (row {r0}); "
               "indicator 4 counts people, not enrolments", fd.key_of(cells), True, (("body", i),))
    return len(chosen)


@_case("D33", "ER case with no ESR match", "row", 0.01, "employee relations cases",
       _need("key", "employee", extra=_needs_source("er_cases")))
def _d33(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not fd.n:
        return 0
    ej = fd.j("employee")
    for _ in range(want):
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        if fd.has("assignment"):
            cells[fd.j("assignment")] = cells[ej]
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D33", ("ins", k), fd.sheet.header[ej], fd.show(fd.value(base, ej), ej), fd.show(cells[ej], ej),
               "flag_unmatched", "employee number not in ESR (fake); keep the case, flag 'unmatched', exclude it "
               "from the ratio and report it", fd.key_of(cells), True)
    return want


@_case("D34", "Excel error literals", "row", 0.001, "any tabular file with required or optional columns",
       _need(extra=lambda fd: None if any(fd.has(r) for r in fd.sheet.required_roles) else "no required column"))
def _d34(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    keys = sorted({fd.j(r) for r in fd.sheet.required_roles if fd.has(r)})
    optional = [j for r, j in sorted(fd.sheet.roles.items()) if r.startswith("opt_")]
    done = 0
    for _ in range(want):
        if optional and rng.random() < 0.5:
            j = optional[int(rng.integers(0, len(optional)))]
            col = fd.column(j)
            cands = [i for i in range(fd.n) if col[i] not in (None, "") and i not in fd.used]
            if cands:
                i = cands[int(rng.integers(0, len(cands)))]
                fd.set_cell("D34", i, j, "#N/A", "null_value",
                            f"Excel error literal in the optional column {fd.sheet.header[j]}: treat as null (§1.5)")
                done += 1
                continue
        if not fd.n:
            break
        base = int(rng.integers(0, fd.n))
        cells = fd.fake_row(base)
        j = keys[int(rng.integers(0, len(keys)))]
        err = EXCEL_ERRORS[int(rng.integers(0, len(EXCEL_ERRORS)))]
        key = fd.key_of(cells)
        cells[j] = err
        k = fd.insert(fd.random_pos(rng), cells)
        fd.add("D34", ("ins", k), fd.sheet.header[j], fd.show(fd.value(base, j), j), err, "reject_row",
               f"Excel error literal {err} in the required column {fd.sheet.header[j]}: reject the row with the "
               "cell address (fake record)", key, True)
        done += 1
    return done


@_case("D35", "Personal data columns not needed for WRES", "file", 0.1, "any tabular file", _tabular)
def _d35(fd: FileDirt, rng: np.random.Generator, want: int) -> int:
    if not want:
        return 0
    sheet = fd.sheet
    n = fd.n
    national = "Unique Nhs Identifier" in sheet.header
    idx = np.arange(n)
    first = ("Testname", "Dummyname", "Samplename")
    names = [f"{first[i % 3]} {NATO[(i * 7 + 3) % 26]}" for i in range(n)]
    ni = [f"QQ{(i * 7919 + 123457) % 1_000_000:06d}{'ABCD'[i % 4]}" for i in range(n)]
    emails = [f"{first[i % 3].lower()}.{NATO[(i * 7 + 3) % 26].lower()}{i}@example.invalid" for i in range(n)]
    if sheet.aux is not None and "date_of_birth" in sheet.aux.columns:
        dob = sheet.aux.get_column("date_of_birth")
    else:
        dob = pl.Series([dt.date(1960, 1, 1) + dt.timedelta(days=int(x)) for x in (idx * 3779) % 14000], dtype=pl.Date)
    options = [
        ("Full Name", pl.Series(names, dtype=pl.String), "text", "name"),
        ("NI Number", pl.Series(ni, dtype=pl.String), "id", "ni"),
        ("Email Address", pl.Series(emails, dtype=pl.String), "text", "email"),
        ("Date Of Birth" if national else "Date of Birth", dob.alias("dob"), "date", "dob"),
    ]
    k = int(rng.integers(2, len(options) + 1))
    chosen = sorted(rng.choice(len(options), size=k, replace=False).tolist())
    for c in chosen:
        header, values, kind, role = options[c]
        at = (fd.j("person") + 1) if (role == "name" and fd.has("person")) else None
        j = sheet.add_column(header, values, kind, at)
        if role == "dob":
            sheet.roles["dob"] = j
        fd._cols.clear()
        sample = fd.show(values[0], j) if n else ""
        fd.add("D35", ("header",), header, "", header, "drop_column",
               f"personal data column not needed for WRES ({n} values, obviously fake, e.g. {sample!r}); drop it "
               "(or keyed-hash) before storage and warn")
    return len(chosen)


#: Order of application inside one file (see module docstring).
APPLY_ORDER: tuple[str, ...] = (
    "D35",
    "D12", "D14", "D16", "D17", "D21", "D22", "D25", "D26", "D27", "D34", "D28",
    "D09",
    "D10", "D11", "D13", "D15", "D18", "D19", "D20", "D23", "D24", "D30", "D31", "D32", "D33",
    "D04", "D05",
    "D03", "D06", "D29",
    "D02", "D01",
    "D07", "D08",
)
assert sorted(APPLY_ORDER) == sorted(CASES), "every case has a place in APPLY_ORDER"

#: Realistic rates (the ``realistic`` profile).
REALISTIC: dict[str, float] = {c: CASES[c].realistic for c in sorted(CASES) if CASES[c].realistic > 0}


# ---------------------------------------------------------------------------------------
# The injector
# ---------------------------------------------------------------------------------------


@dataclass
class DirtInjector:
    """Applies a dirt spec to every file written through :func:`.shapes.emit` and collects the manifest."""

    rates: dict[str, float]
    seed: int
    rows: list[dict] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)
    not_applicable: dict[str, dict[str, str]] = field(default_factory=dict)
    _so_far: Counter = field(default_factory=Counter)
    _fake: Counter = field(default_factory=Counter)
    _pending: dict[int, list[Entry]] = field(default_factory=dict)
    _applied: set = field(default_factory=set)  # (case, source) pairs where the case applied to some file
    _file_index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: str | Mapping[str, float] | None, seed: int) -> DirtInjector:
        return cls(parse_dirt(spec), seed)

    def new_fake_employee(self, org_number: int) -> int:
        self._fake[org_number] += 1
        return FAKE_EMPLOYEE_BASE + self._fake[org_number]

    def _rng(self, tf: TableFile, code: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, tf.org_number, zlib.crc32(tf.relpath.encode()), int(code[1:])])

    def process(self, tf: TableFile, first: bool, last: bool) -> list[TableFile]:
        """Damage ``tf`` in place; return the extra damaged files to write after it.

        ``first`` / ``last``: whether ``tf`` is the first / last file of its organisation and
        source (where a switched-on case that has not occurred yet is forced once)."""
        if tf.text_lines is not None or not tf.sheets:
            for code in self.rates:
                self.not_applicable.setdefault(code, {}).setdefault(tf.source, f"shape {tf.shape} is not tabular")
            return []
        fd = FileDirt(self, tf)
        for code in APPLY_ORDER:
            rate = self.rates.get(code, 0.0)
            if rate <= 0:
                continue
            case = CASES[code]
            reason = case.applies(fd)
            if reason is not None:
                self.not_applicable.setdefault(code, {}).setdefault(tf.source, reason)
                continue
            self._applied.add((code, tf.source))
            rng = self._rng(tf, code)
            if case.level == "row":
                want = int(np.floor(rate * fd.n + rng.random()))
            else:
                want = int(rng.random() < rate)
            key = (tf.org_number, tf.source, code)
            if want == 0 and self._so_far[key] == 0 and (first if case.force_first else last):
                want = 1
            self._so_far[key] += case.inject(fd, rng, want)
        for entry in fd.entries:
            self._pending.setdefault(id(entry.tf), []).append(entry)
        return fd.extra_files

    def resolve(self, tf: TableFile) -> None:
        """After ``tf`` is rendered: turn its entries into manifest rows with physical row numbers."""
        self._file_index.setdefault(tf.relpath, len(self._file_index))
        entries = self._pending.pop(id(tf), [])
        if tf.text_lines is not None:
            self.files[tf.relpath] = {"sheet": "", "header_row": None, "clean_rows": tf.clean_rows,
                                      "data_rows_written": tf.clean_rows, "encoding": tf.encoding, "extra": tf.extra}
            return
        sheet = tf.sheet
        body_final, ins_final = sheet.data_order()
        first_data = sheet.header_row + 1

        def phys(ref: tuple) -> int:
            kind = ref[0]
            if kind == "body":
                return first_data + int(body_final[ref[1]])
            if kind == "ins":
                return first_data + int(ins_final[ref[1]])
            if kind == "header":
                return sheet.header_row
            if kind == "pre":
                return ref[1] + 1
            return int(ref[1])

        for e in entries:
            note = e.note.format(**{f"r{k}": phys(r) for k, r in enumerate(e.refs)}) if e.refs else e.note
            self.rows.append({
                "case": e.case, "source": tf.source, "file": tf.relpath,
                "sheet": sheet.name if tf.container == "xlsx" else "", "row": phys(e.ref), "column": e.column,
                "original_value": e.original, "written_value": e.written, "expected_action": e.action, "note": note,
                "employee_number": e.employee, "assignment_number": e.assignment,
                "extra_row": "true" if e.extra_row else "false",
                "_order": (self._file_index[tf.relpath], phys(e.ref), e.case, e.column),
            })
        self.files[tf.relpath] = {
            "sheet": sheet.name if tf.container == "xlsx" else "",
            "header_row": sheet.header_row,
            "clean_rows": tf.clean_rows,
            "data_rows_written": sheet.n_data_rows_written(),
            "encoding": tf.encoding if tf.container == "csv" else None,
            "extra": tf.extra,
        }

    def damage_written(self, files: list, sim: Any, ctx: Any) -> list:
        """Dirt for a writer that is not dirt-aware: read each CSV it wrote back (:func:`.shapes.reload_csv`),
        damage it like any other file and write it again; other files pass through (listed as not applicable)."""
        from .shapes import reload_csv, render
        from .writers import WrittenFile

        out = []
        by_source: dict[str, list] = defaultdict(list)
        for f in files:
            by_source[f.source].append(f)
        for source, group in by_source.items():
            roles = SOURCE_ROLES.get(source)
            tables = []
            for f in group:
                tf = None
                if roles is not None and f.relpath.endswith(".csv"):
                    tf = reload_csv(ctx.out_dir, f, sim.org.number, roles, SOURCE_REQUIRED.get(source, ()))
                if tf is None:
                    why = "no dirt roles for this source" if roles is None else \
                        f"{Path(f.relpath).suffix} file written by the source's own writer (not re-rendered)"
                    for code in self.rates:
                        self.not_applicable.setdefault(code, {}).setdefault(f"{source}:{f.shape}", why)
                    out.append(f)
                else:
                    tables.append((f, tf))
            for k, (f, tf) in enumerate(tables):
                extras = self.process(tf, first=(k == 0), last=(k == len(tables) - 1))
                for t in (tf, *extras):
                    render(t, ctx.out_dir)
                    self.resolve(t)
                    out.append(WrittenFile(t.source, f.shape, t.org_code, t.relpath, f.rows if t is tf else t.clean_rows,
                                           extra=t.extra))
        return out

    def merge(self, other: DirtInjector) -> None:
        """Append the work of ``other`` (an injector that damaged later organisations' files in a worker
        process) as if this injector had processed those files itself, in the same order."""
        if other.rates != self.rates or other.seed != self.seed:
            raise ValueError("cannot merge dirt injectors with different specs")
        index = {}
        for relpath in other._file_index:
            index[relpath] = self._file_index.setdefault(relpath, len(self._file_index))
        for row in other.rows:
            self.rows.append({**row, "_order": (index[row["file"]], *row["_order"][1:])})
        self.files.update(other.files)
        for code, reasons in other.not_applicable.items():
            mine = self.not_applicable.setdefault(code, {})
            for source, why in reasons.items():
                mine.setdefault(source, why)
        self._so_far.update(other._so_far)
        self._fake.update(other._fake)
        self._applied |= other._applied

    # -- outputs -----------------------------------------------------------------------
    def manifest_rows(self) -> list[dict]:
        return [{k: r[k] for k in MANIFEST_COLUMNS} for r in sorted(self.rows, key=lambda r: r["_order"])]

    def write_manifest(self, path: Path) -> None:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.manifest_rows())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue().encode("utf-8"))

    def summary(self) -> dict:
        rows = self.manifest_rows()
        by_source: dict[str, Counter] = defaultdict(Counter)
        for r in rows:
            by_source[r["source"]][r["case"]] += 1
        counts = Counter(r["case"] for r in rows)
        return {
            "spec": dict(self.rates),
            "manifest": "_truth/dirt.csv",
            "counts": {c: counts.get(c, 0) for c in sorted(set(self.rates) | set(counts))},
            "counts_by_source": {s: dict(sorted(c.items())) for s, c in sorted(by_source.items())},
            "counts_by_action": dict(sorted(Counter(r["expected_action"] for r in rows).items())),
            "not_applicable": {c: dict(sorted((s, why) for s, why in v.items() if (c, s) not in self._applied))
                               for c, v in sorted(self.not_applicable.items())
                               if any((c, s) not in self._applied for s in v)},
            "extra_files": sorted(p for p, f in self.files.items() if f["extra"]),
            "files": {p: {k: v for k, v in f.items() if k != "extra"} for p, f in self.files.items()},
        }


# ---------------------------------------------------------------------------------------
# Reading the manifest back: what a correct pipeline quarantines
# ---------------------------------------------------------------------------------------


def read_manifest(path: Path) -> pl.DataFrame:
    """``_truth/dirt.csv`` as strings, plus ``file_name`` (the file's base name) and ``row_number`` (int)."""
    return pl.read_csv(path, infer_schema=False).with_columns(
        file_name=pl.col("file").str.split("/").list.last(), row_number=pl.col("row").cast(pl.Int64))


def expected_quarantine(manifest: pl.DataFrame, mapped_labels: set[str]) -> dict[str, set[tuple[str, int]]]:
    """(file name, row) pairs a pipeline following the catalogue quarantines, by severity, and those left out.

    ``REJECT_ROW``: the manifest's ``reject_row`` rows; ``DUPLICATE``: the D09 / D31 copies; ``left_out``: two kinds of
    manifest row that are not quarantined: D23 on a date-of-birth column that D35 added to the
    same file (personal data is dropped before storage, so that date is never read), and D15 values that
    the reviewed ethnicity alias table maps (``mapped_labels``: normalised labels of ref.ethnic_label).
    """
    rows = manifest.to_dicts()
    personal = {(r["file_name"], r["column"]) for r in rows if r["case"] == "D35"}
    left_out = {(r["file_name"], r["row_number"]) for r in rows if r["case"] == "D23"
                and (r["file_name"], r["column"]) in personal}
    left_out |= {(r["file_name"], r["row_number"]) for r in rows if r["case"] == "D15"
                 and " ".join(r["written_value"].lower().split()) in mapped_labels}
    rejected = {(r["file_name"], r["row_number"]) for r in rows if r["expected_action"] == "reject_row"}
    duplicates = {(r["file_name"], r["row_number"]) for r in rows if r["case"] in ("D09", "D31")}
    return {"REJECT_ROW": rejected - left_out, "DUPLICATE": duplicates, "left_out": left_out}
