"""Column contracts per source (source-extracts.md §2-§7): canonical names, export headers, aliases.

Only contract columns are ever stored. Anything else in a file - including personal data such as
names, NI numbers, addresses, emails or dates of birth - is dropped by the reader and listed in the
file's audit record by header name only.

An inbox folder may hold more than one file shape (the staff survey's respondent-level file and its
published workbook; the action plan's actions and targets tables). Each shape is its own contract
with the same ``folder``; the reader gives every sheet to the contract whose header it matches best.
Columns whose names vary by year (survey questions ``q14a`` …, ``Breakdown 1`` …) are declared as
``DynamicColumns`` by pattern and stored as a list of (header, value) pairs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


@functools.lru_cache(maxsize=1 << 16)  # the header scan asks for the same cells over and over
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
class DynamicColumns:
    """Columns recognised by a pattern on the normalised header, kept as one list of (header, value)."""

    name: str  # the list column in raw, e.g. "answers"
    pattern: str  # regex matched (fully) against the normalised header, e.g. r"q\d+[a-z]?"
    description: str

    def matches(self, normalised_header: str) -> bool:
        return re.fullmatch(self.pattern, normalised_header) is not None


# How a file's period is found (wres_pipeline/ingest.py): an as-at date, a date range, a survey year,
# or nothing (taken when present, never required).
PeriodKind = Literal["snapshot", "period", "survey_year", "optional"]


@dataclass(frozen=True)
class Contract:
    source: str  # raw table name: raw.<source>; audit records carry it
    rule_prefix: str  # e.g. ESR_SIP: rule ids are ESR_SIP-001 ...
    description: str
    columns: tuple[Column, ...]
    period_kind: PeriodKind = "snapshot"
    label: str = ""  # how messages name a file of this shape, e.g. "Staff in Post"
    folder: str = ""  # inbox folder; defaults to the source
    dynamic: tuple[DynamicColumns, ...] = ()
    # Published survey workbooks (§1.3, D06): question labels merged across row 1, the response label
    # on the header row; the reader joins them as "Q14a % Never".
    joins_question_labels: bool = False
    alias_index: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Column] = {}
        for col in self.columns:
            for label in col.labels():
                if label in index:
                    raise ValueError(f"{self.source}: alias {label!r} used by {index[label].name} and {col.name}")
                index[label] = col
        object.__setattr__(self, "alias_index", index)
        object.__setattr__(self, "folder", self.folder or self.source)
        object.__setattr__(self, "label", self.label or self.description)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def dynamic_for(self, normalised_header: str) -> DynamicColumns | None:
        return next((d for d in self.dynamic if d.matches(normalised_header)), None)


# §1.6: identifiers are strings; a numeric-looking one Excel turned into a number shows as 1.08055E+07.
IDENTIFIER_COLUMNS = frozenset({
    "employee_number", "assignment_number", "unique_nhs_identifier", "applicant_id", "application_id",
    "case_reference", "member_id", "respondent_id",
})


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

_ODS = _c("ods_code", "ODS code", "Organisation Code", "Org Code")  # [PROP] on every source: a row's organisation


def _required(columns: tuple[Column, ...], *names: str) -> tuple[Column, ...]:
    """The same columns with ``names`` made required (the leavers extract, §2.5)."""
    return tuple(replace(c, required=True) if c.name in names else c for c in columns)


ESR_STAFF_IN_POST = Contract(
    source="esr_staff_in_post",
    rule_prefix="ESR_SIP",
    description="ESR Staff in Post, one row per assignment, as at a snapshot date",
    label="Staff in Post",
    columns=_ESR_COLUMNS,
    period_kind="snapshot",
)

# §2.5: the staff-in-post columns, with Termination Date and Leaving Reason required.
ESR_LEAVERS = Contract(
    source="esr_leavers",
    rule_prefix="ESR_LEA",
    description="ESR Leavers, one row per assignment terminated in a reporting period",
    label="Leavers",
    columns=_required(_ESR_COLUMNS, "termination_date", "leaving_reason"),
    period_kind="period",
)

# §3.1 [PROP]. Employee Number is our addition (not in the spec table): the ESR number of an internal
# applicant, when the export carries it, so internal applications can be matched to ESR.
TRAC_APPLICATIONS = Contract(
    source="trac_applications",
    rule_prefix="TRAC",
    description="Trac / NHS Jobs applications, one row per application (applicant x vacancy)",
    label="Recruitment applications",
    period_kind="period",
    columns=(
        _c("vacancy_reference", "Vacancy Reference", "Job Reference", "Job Ref", "Vacancy ID", "Reference Number",
           required=True),
        _c("job_title", "Job Title", "Vacancy Title", "Post Title"),
        _c("band", "Band", "Grade", "Pay Band", "Band / Grade"),
        _c("staff_group", "Staff Group", "Discipline", "Sector"),
        _c("directorate", "Directorate", "Department", "Division"),
        _c("recruitment_route", "Recruitment Route", "Application Type", "Department (Trac)"),
        _c("applicant_id", "Applicant ID", "Candidate ID", "Applicant Reference", required=True),
        _c("application_id", "Application ID"),  # required by §3.1, but "if absent, use Vacancy Reference + Applicant ID"
        _c("application_date", "Application Date", "Date Applied", "Submitted Date", required=True),
        _c("internal_applicant", "Internal Applicant", "Internal", "Existing Employee"),
        _c("employee_number", "Employee Number", "ESR Employee Number", "ESR Number"),
        _c("ethnic_origin", "Ethnic Origin", "Ethnicity", "Ethnic Group", required=True),
        _c("gender", "Gender"),
        _c("disability", "Disability"),
        _c("age_band", "Age Band"),
        _c("stage_reached", "Stage Reached", "Status", "Application Status", "Current Stage", required=True),
        _c("shortlisted", "Shortlisted", "Shortlisted Flag", required=True),
        _c("shortlisted_date", "Shortlisted Date"),
        _c("interview_date", "Interview Date"),
        _c("offer_date", "Offer Date", "Conditional Offer Date"),
        _c("offer_accepted", "Offer Accepted"),
        _c("appointed", "Appointed", "Appointed Flag", "Hired", required=True),
        _c("start_date", "Start Date"),
        _c("withdrawn", "Withdrawn", "Withdrawn Flag"),
        _c("withdrawn_stage", "Withdrawn Stage"),
        _c("withdrawn_date", "Withdrawn Date"),
        _ODS,
    ),
)

# §4.4 [PROP]: respondent-level survey file. Question columns (q14a …) and local breakdowns are
# recognised by pattern, because question numbers move between years (D29).
STAFF_SURVEY_RESPONSES = Contract(
    source="staff_survey_responses",
    folder="staff_survey",
    rule_prefix="NSS_R",
    description="NHS Staff Survey respondent-level file, one row per respondent",
    label="Staff Survey respondent file",
    period_kind="survey_year",
    columns=(
        _c("respondent_id", "Respondent ID", required=True),
        _c("survey_year", "Survey Year", required=True),
        _c("ods_code", "Organisation Code", "ODS code", "Org Code", required=True),
        _c("mode", "Mode"),
    ),
    dynamic=(
        DynamicColumns("answers", r"q\d+[a-z]?", "answers to the questionnaire, e.g. q14a, Q28"),
        DynamicColumns("breakdowns", r"breakdown ?\d+", "local breakdown labels, e.g. Breakdown 1 (directorate)"),
    ),
)

# §4.1 [OBS]: published organisation-results workbook; one sheet per questionnaire section, header on
# row 5, question labels merged across row 1 (joined to "Q14a % Never"), '-' = suppressed.
STAFF_SURVEY_PUBLISHED = Contract(
    source="staff_survey_published",
    folder="staff_survey",
    rule_prefix="NSS_P",
    description="NHS Staff Survey published organisation results (one row per organisation and weighting)",
    label="Staff Survey published results",
    period_kind="survey_year",
    columns=(
        _c("ods_code", "ODS code", "Organisation Code", "Org Code", required=True),
        _c("organisation_name", "Organisation name", required=True),
        _c("benchmarking_group", "Benchmarking group"),
        _c("region", "Region"),
        _c("ics", "ICS/STP", "ICS", "STP"),
        _c("weighting", "Weighting"),
        _c("survey_year", "Survey Year"),
    ),
    dynamic=(DynamicColumns("responses", r"q\d+[a-z]? .+", "response percentages, e.g. Q14a % Never"),),
    joins_question_labels=True,
)

# [PROP] A 'WRES' breakdown sheet of the published workbook: White / BME % per WRES indicator.
STAFF_SURVEY_WRES = Contract(
    source="staff_survey_wres",
    folder="staff_survey",
    rule_prefix="NSS_W",
    description="NHS Staff Survey WRES breakdown: White and BME % per WRES indicator 5-8",
    label="Staff Survey WRES breakdown",
    period_kind="survey_year",
    columns=(
        _c("ods_code", "ODS code", "Organisation Code", "Org Code"),
        _c("organisation_name", "Organisation name"),
        _c("survey_year", "Survey Year"),
        _c("indicator", "Indicator", "WRES Indicator", required=True),
        _c("white_percent", "White %", "White", "% White", "White staff %", required=True),
        _c("bme_percent", "BME %", "BME", "% BME", "BME staff %", "BAME %", "BAME", required=True),
        _c("white_base", "White n", "White base", "White responses"),
        _c("bme_base", "BME n", "BME base", "BME responses", "BAME n"),
    ),
)

# §5.1 [PROP]: OLM enrolments / learning history, one row per enrolment.
OLM_TRAINING = Contract(
    source="olm_training",
    rule_prefix="OLM",
    description="OLM learning history and CPD, one row per enrolment",
    label="Training",
    period_kind="period",
    columns=(
        _c("employee_number", "Employee Number", "Person Number", required=True),
        _c("assignment_number", "Assignment Number"),
        _c("course_name", "Course Name", "Course", "Learning Item", required=True),
        _c("class_name", "Class Name", "Offering", "Event"),
        _c("delivery_mode", "Delivery Mode", "Delivery Method"),
        _c("class_start_date", "Class Start Date", "Start Date", required=True),
        _c("class_end_date", "Class End Date", "End Date"),
        _c("enrolment_status", "Enrolment Status", "Booking Status", "Status", required=True),
        _c("completion_date", "Completion Date", "Date Completed", "Successful Attendance Date"),
        _c("competence_name", "Competence Name", "Competency"),
        _c("mandatory_flag", "Mandatory Flag", "Stat/Mand", "Mandatory"),
        _c("training_category", "Training Category", "Learning Category", "CPD Type"),
        _c("funding_cost", "Funding / Cost"),
        _ODS,
    ),
)

# §6.1 [PROP]: employee-relations case log, one row per case (one case per employee).
ER_CASES = Contract(
    source="er_cases",
    rule_prefix="ER",
    description="Employee-relations case log, one row per case and employee",
    label="Employee relations cases",
    period_kind="period",
    columns=(
        _c("case_reference", "Case Reference", "Case ID", "Case No", required=True),
        _c("parent_case_reference", "Parent Case Reference"),
        _c("employee_number", "Employee Number", required=True),
        _c("assignment_number", "Assignment Number"),
        _c("case_type", "Case Type", "Type", required=True),
        _c("allegation_category", "Allegation Category", "Issue"),
        _c("stage", "Stage", "Current Stage", required=True),
        _c("case_opened_date", "Case Opened Date", "Date Opened", "Referral Date", required=True),
        _c("formal_investigation_start_date", "Formal Investigation Start Date", "Investigation Start"),
        _c("suspended", "Suspended", "Suspension / Exclusion"),
        _c("hearing_date", "Hearing Date"),
        _c("case_closed_date", "Case Closed Date", "Date Closed"),
        _c("outcome", "Outcome", "Result"),
        _c("appeal_outcome", "Appeal Outcome"),
        _ODS,
    ),
)

# §7 [PROP]: board register as at 31 March. Ethnic Origin takes the §2.2 aliases (same coded-label column).
BOARD_REGISTER = Contract(
    source="board_register",
    rule_prefix="BRD",
    description="Board register, one row per board member, as at 31 March",
    label="Board register",
    period_kind="snapshot",
    columns=(
        _c("member_id", "Member ID", required=True),
        _c("role_title", "Role Title", required=True),
        _c("executive", "Executive", required=True),
        _c("voting", "Voting", required=True),
        _c("employee_number", "Employee Number"),
        _c("ethnic_origin", "Ethnic Origin", "Ethnicity", "Ethnic Group", required=True),
        _c("gender", "Gender"),
        _c("appointment_start_date", "Appointment Start Date", required=True),
        _c("appointment_end_date", "Appointment End Date"),
        _ODS,
    ),
)

# [PROP] WRES action plan register, in the column layout of published trust plans (seed 004).
ACTION_PLAN_ACTIONS = Contract(
    source="action_plan_actions",
    folder="action_plan",
    rule_prefix="AP_ACT",
    description="WRES action plan: one row per action",
    label="Action plan",
    period_kind="optional",
    columns=(
        _c("action_number", "No", "Action Number", "Action No"),
        _c("metric", "Metric", required=True),
        _c("action", "Action", required=True),
        _c("outcome", "Outcome"),
        _c("lead", "Lead"),
        _c("timeline", "Timeline", "Due Date"),
        _c("progress", "Progress"),
        _c("rag", "RAG", "RAG Status"),
        _ODS,
    ),
)

# [PROP] The action plan's measurable targets.
ACTION_PLAN_TARGETS = Contract(
    source="action_plan_targets",
    folder="action_plan",
    rule_prefix="AP_TGT",
    description="WRES action plan targets: one row per metric, breakdown and target",
    label="Action plan targets",
    period_kind="optional",
    columns=(
        _c("metric", "Metric", "Measure", required=True),
        _c("breakdown", "Breakdown"),
        _c("target", "Target", required=True),
        _c("direction", "Direction"),
        _c("due_date", "Due Date"),
        _ODS,
    ),
)

CONTRACTS: dict[str, Contract] = {
    c.source: c
    for c in (
        ESR_STAFF_IN_POST,
        ESR_LEAVERS,
        TRAC_APPLICATIONS,
        STAFF_SURVEY_RESPONSES,
        STAFF_SURVEY_PUBLISHED,
        STAFF_SURVEY_WRES,
        OLM_TRAINING,
        ER_CASES,
        BOARD_REGISTER,
        ACTION_PLAN_ACTIONS,
        ACTION_PLAN_TARGETS,
    )
}


def folder_contracts(folder: str) -> tuple[Contract, ...]:
    """Every contract whose files arrive in one inbox folder, the folder's primary shape first."""
    return tuple(c for c in CONTRACTS.values() if c.folder == folder)


def localised(contract: Contract, headers: Mapping[str, str]) -> Contract:
    """``contract`` with a trust's own headers as further aliases: {header as in the trust's files: contract
    column name} (config ``mappings.headers.<source>``)."""
    if not headers:
        return contract
    by_name = {c.name: c for c in contract.columns}
    unknown = sorted(name for name in headers.values() if name not in by_name)
    if unknown:
        raise ValueError(f"mappings.headers.{contract.source}: {', '.join(map(repr, unknown))} is not a column of "
                         f"{contract.label or contract.source}; its columns are {', '.join(by_name)}")
    extra: dict[str, tuple[str, ...]] = {}
    for header, name in headers.items():
        extra[name] = (*extra.get(name, ()), header)
    return replace(contract, columns=tuple(replace(c, aliases=(*c.aliases, *extra.get(c.name, ()))) for c in contract.columns))

