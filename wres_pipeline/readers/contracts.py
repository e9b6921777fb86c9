"""Column contracts per source (source-extracts.md §2-§7): canonical names, export headers, aliases.

Only contract columns are ever stored. Anything else in a file - including personal data such as
names, NI numbers, addresses, emails or dates of birth - is dropped by the reader and listed in the
file's audit record by header name only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


def normalise_label(text: str) -> str:
    """The matching form of a header or coded label (§1.2 rules 3-5, §1.3): for matching only."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "")).translate(_DASHES).translate(_QUOTES)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


@dataclass(frozen=True)
class Column:
    name: str  # canonical snake_case name used in raw/staging tables
    header: str  # the header as exported
    aliases: tuple[str, ...] = ()
    required: bool = False

    def labels(self) -> set[str]:
        return {normalise_label(x) for x in (self.header, *self.aliases)}


@dataclass(frozen=True)
class Contract:
    source: str
    rule_prefix: str  # e.g. ESR_SIP: rule ids are ESR_SIP-001 ...
    description: str
    columns: tuple[Column, ...]
    # How the file's period is found: "snapshot" (an as-at date) or "period" (a date range).
    period_kind: str = "snapshot"
    alias_index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Column] = {}
        for col in self.columns:
            for label in col.labels():
                if label in index:
                    raise ValueError(f"{self.source}: alias {label!r} used by {index[label].name} and {col.name}")
                index[label] = col
        object.__setattr__(self, "alias_index", index)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, header: str, *aliases: str, required: bool = False) -> Column:
    return Column(name, header, aliases, required)


_ESR_COLUMNS: tuple[Column, ...] = (
    _c("employee_number", "Employee Number", "Emp No", "Employee No", "Person Number", required=True),
    _c("assignment_number", "Assignment Number", "Asg Number", "Assignment No", required=True),
    _c("unique_nhs_identifier", "Unique Nhs Identifier"),
    _c("org_l2", "Org L2", "Organisation L2", "Org Level 2", "OrgL2"),
    _c("org_l3", "Org L3", "Organisation L3", "Org Level 3", "OrgL3"),
    _c("org_l4", "Org L4", "Organisation L4", "Org Level 4", "OrgL4"),
    _c("org_l5", "Org L5", "Organisation L5", "Org Level 5", "OrgL5"),
    _c("org_l6", "Org L6", "Organisation L6", "Org Level 6", "OrgL6"),
    _c("org_l7", "Org L7", "Organisation L7", "Org Level 7", "OrgL7"),
    _c("organisation", "Organisation", "Organization", "Organization Name", "Department"),
    _c("ods_code", "ODS code", "Organisation Code", "Org Code"),
    _c("position_title", "Position Title", "Position", "PositionTitle", "Job Title"),
    _c("job_role", "Job Role"),
    _c("staff_group", "Staff Group", required=True),
    _c("occupation_code", "Occupation Code", "Occ Code", required=True),
    _c("area_of_work", "Area of Work"),
    _c("grade", "Grade", "Pay Band", "Band", "Pay Scale", "Payscale", "Grade Code", required=True),
    _c("spinal_point", "Spinal Point", "Step Point", "Pay Point", "Step"),
    _c(
        "assignment_category",
        "Assignment Category",
        "Asg Type Of Contract",
        "Contract Type",
        "Employee Category",
        required=True,
    ),
    _c("assignment_status", "Assignment Status", "Status", "Asg Status", required=True),
    _c("primary_assignment", "Primary Assignment", "Primary Flag", "Primary", "Primary Asg", required=True),
    _c("assignment_type", "Assignment Type"),
    _c("contracted_hours", "Contracted Hours", "Hours", "Contracted Hrs"),
    _c("fte", "FTE", "Contracted WTE", "WTE", "Contracted Wte", "FTE Value"),
    _c("ethnic_origin", "Ethnic Origin", "Ethnicity", "Ethnic Group", required=True),
    _c("gender", "Gender", "Sex"),
    _c("age_band", "Age Band"),
    _c("age", "Age", "Age In Years"),
    _c("hire_date", "Hire Date", "Latest Hire Date", "Assignment Start Date", "Start Date"),
    _c("nhs_start_date", "Date Started in NHS", "NHS Start Date", "NHS Entry Date", "Continuous Service Date"),
    _c(
        "termination_date",
        "Termination Date",
        "Actual Termination Date",
        "Leaving Date",
        "Assignment End Date",
    ),
    _c("leaving_reason", "Leaving Reason", "Reason for Leaving", "Termination Reason"),
    _c("annual_salary", "Annual Salary", "Annual Salary (FTE)", "Basic Salary", "Salary"),
    _c("hourly_rate", "Hourly Rate"),
    _c("disability", "Disability"),
    _c("tm_end_date", "Tm End Date"),
    _c("tm_year_month", "Tm Year Month"),
)

ESR_STAFF_IN_POST = Contract(
    source="esr_staff_in_post",
    rule_prefix="ESR_SIP",
    description="ESR Staff in Post, one row per assignment, as at a snapshot date",
    columns=_ESR_COLUMNS,
    period_kind="snapshot",
)

CONTRACTS: dict[str, Contract] = {c.source: c for c in (ESR_STAFF_IN_POST,)}
