"""Every method choice, threshold and path of the product, in one place.

The defaults below are the product's documented behaviour. A deployment overrides them in a TOML
file (``wres.toml`` in the project root, or the file named by ``WRES_CONFIG``) and, for paths, with
the environment variables ``WRES_INBOX`` and ``WRES_WAREHOUSE``. Every value is validated by
pydantic, so a typo in the file fails with a message naming the key.

Tags in comments refer to the specs: [C] confirmed, [G] guidance (keep configurable), [D] our choice.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
REFERENCE_DATA_DIR = Path(__file__).resolve().parent / "reference_data"  # CSVs shipped with the code

# Inbox folders, one per source system (README "Inbox layout"); the order is the load order.
SOURCES: tuple[str, ...] = (
    "esr_staff_in_post",
    "esr_leavers",
    "trac_applications",
    "staff_survey",
    "olm_training",
    "er_cases",
    "board_register",
    "action_plan",
)


class MethodChoice(NamedTuple):
    """One method choice behind the indicator values (Settings.method_choices)."""

    token: str  # its name in method_version
    value: str  # its value in this configuration
    setting: str  # the configuration key or file that sets it, or "(fixed)"
    meaning: str  # what it decides, in plain words
    per_value: bool = False  # added to method_version value by value (survey rows), not once per run


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paths(_Section):
    inbox: Path = Path("data/inbox")
    warehouse: Path = Path("warehouse")

    def resolved(self) -> Paths:
        def anchor(p: Path) -> Path:
            return p if p.is_absolute() else (PROJECT_ROOT / p)

        return Paths(inbox=anchor(self.inbox).resolve(), warehouse=anchor(self.warehouse).resolve())


class Organisation(_Section):
    """Which organisation a file belongs to (README "Inbox layout"), in this order: the file's ODS code
    column (one code for the whole file); the ESR organisation named above the header ("Organisation: 638
    ...") through ``esr_vpd_codes``; a token of the file name that is a KNOWN code (``default_code``,
    ``codes``, and the organisation reference lists: reference_data/organisations.csv and
    ``benchmark.organisation_files``); else ``default_code``. Never an arbitrary capitalised token."""

    # Used when a file carries no organisation code of its own (single-trust deployments). [D]
    default_code: str = Field("SY001", pattern=r"^[A-Z0-9]{3,5}$")
    # Further organisations this warehouse loads (ODS codes), recognised in file names. [D]
    codes: tuple[Annotated[str, Field(pattern=r"^[A-Z0-9]{3,5}$")], ...] = ()
    # ESR VPD numbers (the three digits ESR puts before organisation names, "638 Synthetic ... Trust")
    # -> ODS code, e.g. [["638", "RXX"]]: read from an "Organisation:" line above the header. [D]
    esr_vpd_codes: tuple[tuple[Annotated[str, Field(pattern=r"^[0-9]{3}$")],
                               Annotated[str, Field(pattern=r"^[A-Z0-9]{3,5}$")]], ...] = ()


class Counting(_Section):
    """Who counts in the workforce (source-extracts.md §8)."""

    active_statuses: tuple[str, ...] = (
        "Active Assignment",
        "Acting Up",
        "Internal Secondment",
        "Maternity & Adoption",
    )  # [OBS] national code + [PROP] maternity counted
    counted_categories: tuple[str, ...] = ("Permanent", "Fixed Term Temp", "Locum", "Apprenticeship", "Secondment")
    known_statuses: tuple[str, ...] = (
        "Active Assignment",
        "Acting Up",
        "Internal Secondment",
        "External Secondment",
        "Maternity & Adoption",
        "Career Break",
        "Suspend Assignment",
        "Suspend No Pay",
        "Terminate Assignment",
        "Out on External Secondment - Paid",
    )
    known_categories: tuple[str, ...] = (
        "Permanent",
        "Fixed Term Temp",
        "Locum",
        "Bank",
        "Honorary",
        "Non-Exec Director/Chair",
        "Apprenticeship",
        "Secondment",
    )
    students_clinical: bool = True  # §2.4 rule 3: students default to clinical [PROP]
    # Occupation-code matrices that are non-clinical (infrastructure support) [PROP, §2.4 rule 2].
    non_clinical_occupation_prefixes: tuple[str, ...] = ("G",)
    non_clinical_staff_groups: tuple[str, ...] = ("Administrative and Clerical", "Estates and Ancillary")
    # Job roles (ESR Job Role, or the board register's role title) of a senior medical manager, the
    # indicator 1 "of which" row of consultants [G].
    senior_medical_manager_roles: tuple[str, ...] = ("Medical Director", "Chief Medical Officer", "Clinical Director")
    # [D] Whose roles make a doctor a senior medical manager: any assignment in post at the snapshot or the
    # board register ('any_assignment': a consultant whose Medical Director role is a secondary assignment
    # counts, and a Medical Director paid on an executive / VSM grade is a consultant), or only the counted
    # assignment, on a consultant grade ('counted_assignment', the behaviour before).
    senior_medical_manager_from: Literal["any_assignment", "counted_assignment"] = "any_assignment"
    # [G] Executive board members (board register, matched to ESR by Employee Number) whose counted
    # assignment is not on Agenda for Change (Local Pay, Spot Salary, unrecognised grade) are VSM: the WRES
    # VSM row includes executive board members. False: they stay in the non-AfC / unknown-band row.
    board_executives_as_vsm: bool = True


class Methods(_Section):
    """The [G]/[D] method choices; each is encoded in method_version on every indicator value."""

    ind3_published: Literal["single_year", "two_year_pooled"] = "two_year_pooled"
    gypsy_irish_traveller: Literal["WHITE", "BME"] = "WHITE"
    ind2_unit: Literal["applications", "applicants"] = "applications"
    ind7_dont_know: Literal["excluded", "in_base"] = "excluded"
    rdr_form: Literal["ratio_of_ratios", "share"] = "ratio_of_ratios"
    rdr_include_vsm: bool = False
    # Indicator 2 (§2, source-extracts §3.2): the period date is the shortlisting date; a shortlisted
    # application with no shortlisting date falls back to its application date (the staging stand-in
    # for the closing date) [PROP].
    ind2_fallback_to_application_date: bool = True
    # Indicator 3 (§3, source-extracts §6.2): case types routed through the disciplinary procedure [G];
    # MHPS (doctors') investigations included by default (§15 open question 5), recognised by this
    # pattern on case type or allegation category [D].
    ind3_case_types: tuple[str, ...] = ("Disciplinary",)
    # Indicators 3 and 4 count the events (investigations, CPD) only of people in the population they are
    # divided by - counted staff (substantive, fixed term; not bank-only, agency, honorary or non-executive,
    # counting.counted_categories) at a quarter end of the period or its start: a bank-only worker's case or
    # course never counts. False: every ESR-matched person's events (the behaviour before) [G reading].
    events_of_population_only: bool = True
    ind3_include_mhps: bool = True
    # [D] A formal disciplinary case (formal stage, hearing held or formal sanction) whose Formal Investigation
    # Start Date is blank: quarantined (ER-012, the default: the date is the indicator 3 trigger and nothing
    # else says when the formal process began), or counted on its Case Opened Date, the earliest date the
    # investigation can have started (staging.er_cases.investigation_date_source says which rows).
    ind3_missing_investigation_date: Literal["quarantine", "case_opened_date"] = "quarantine"
    # The case types in which an MHPS investigation is a disciplinary entry: a capability case whose
    # allegation mentions MHPS stays capability, out of scope (§3) [D].
    ind3_mhps_case_types: tuple[str, ...] = ("MHPS", "Disciplinary", "Maintaining High Professional Standards")
    ind3_mhps_pattern: str = r"(?i)\bmhps\b|maintaining high professional standards"
    # §3 two-year variant: pooled events / pooled headcounts [D], or the averaging-counts alternative
    # (mean of the two years' events over the current headcount). Stored in method_version.
    ind3_two_year_method: Literal["pooled", "average_counts"] = "pooled"
    # §0.1 [C]: WRES report year N uses the staff survey fielded in year N - 1.
    survey_lag_years: int = 1
    # §0.3 [D]: RLs shown to 2 decimals, percentages / pp to 1; statuses compare unrounded values.
    rl_display_decimals: int = 2
    percent_display_decimals: int = 1
    # marts.wres_summary change on the previous year: difference of the displayed (rounded) values,
    # as trust WRES reports print it (seeds: 2.01 -> 1.05 is "-0.96"), or of the unrounded values [D].
    summary_change_basis: Literal["displayed", "unrounded"] = "displayed"


class Thresholds(_Section):
    small_numbers: int = 5  # RL events cell below this -> SMALL_NUMBERS flag [D]
    suppress_below: int = 5  # published counts 1..4 suppressed [D]
    survey_min_responses: int = 11  # [G]
    non_adverse_low: float = 0.80  # [C]
    non_adverse_high: float = 1.25  # [C]
    # §0.3 [D]: indicator 3 events cells below this are SMALL_NUMBERS. Disciplinary counts are small
    # (source-extracts §1.10 "fewer than 10", §6.2); the §3 worked example (12 White / 9 BME) is flagged.
    small_numbers_ind3: int = 10
    ci_z: float = 1.96  # §0.3 [D] optional 95 % CI on the log scale
    board_small_denominator: int = 20  # §9 [D] board subsets smaller than this are SMALL_DENOMINATOR
    max_rejected_row_share: float = 0.05  # a file with more rejected rows fails (§1.11) [PROP]
    # [D] ...but only once more than this many of its rows are rejected: a 16-row board register with one
    # bad row is 6 % rejected, which says nothing about the file. 0 applies the share rule alone.
    rejected_rows_allowed: int = Field(5, ge=0)
    # [D] a file dated (snapshot, or period start) more than this many days after today is rejected (F09).
    future_date_tolerance_days: int = 0
    # [D] `wres refresh` refuses to start with less free space than this in the warehouse folder (or twice
    # the current build + published databases, if more): a full disk would fail the run half-way.
    min_free_disk_mb: int = 64
    # §11.3 / §12 [D]: no ethnicity pay gap is published for a group (staff group, or the organisation)
    # with fewer White or fewer BME people with pay than this (computed, flagged, blanked on publication).
    pay_gap_min_group: int = 10


class Targets(_Section):
    bme_share: float = 0.19  # legacy Model Employer / NHSE 19 % [G]
    min_team_size: int = 10  # SMALL_TEAM below this [D]
    # §11.4 [D]: team flags compare a team's BME share with bme_share ('fixed', the default) or with the
    # organisation's own overall BME share at the same snapshot ('organisation_bme_share').
    team_target_basis: Literal["fixed", "organisation_bme_share"] = "fixed"
    # §11.2 [D]: Model Employer target proportion p per band: the organisation's overall BME share (the
    # default; the national 19 % is now below the national average) or bme_share ('fixed', legacy 19 %).
    model_employer_target_basis: Literal["organisation_bme_share", "fixed"] = "organisation_bme_share"
    # §11.2 [D]: whether a band's n_total (and the organisation share used as p) includes Unknown staff;
    # default yes, consistent with indicator 1.
    model_employer_include_unknown: bool = True


class Comparators(_Section):
    """National / regional / ICS comparators (marts.wres_summary gap columns)."""

    # Extra CSVs with the columns of reference_data/national_comparators.csv (a trust's ICS / region
    # rows), read after the shipped file; relative paths are from the project root [D].
    extra_files: tuple[Path, ...] = ()
    region_code: str | None = None  # scope_code of the organisation's region rows, e.g. 'Y59' [D]
    ics_code: str | None = None  # scope_code of the organisation's ICS rows [D]

    def files(self) -> list[str]:
        shipped = REFERENCE_DATA_DIR / "national_comparators.csv"
        extra = [p if p.is_absolute() else PROJECT_ROOT / p for p in self.extra_files]
        return [str(shipped), *(str(p) for p in extra)]


class Benchmark(_Section):
    """Multi-organisation benchmarking (marts.benchmark_*): each organisation against its ICS, region and
    the national figure, from the organisations loaded together in one warehouse."""

    # Organisation -> ICS -> region: reference_data/organisations.csv (the generator's synthetic codes),
    # then these CSVs with the same columns (a deployment's own ODS codes); a later file wins [D].
    organisation_files: tuple[Path, ...] = ()
    # The peer figure of an ICS / region / the nation: the median of its organisations' values (robust to
    # one outlying trust, the default) or their mean [D]. Pooled counts are not used: the headline values
    # of indicators 5-8 and 9 are not sums of counts.
    peer_figure: Literal["median", "mean"] = "median"
    national_code: str = "ENG"  # scope_code of the national peer group (as in national_comparators.csv) [D]

    def files(self) -> list[str]:
        shipped = REFERENCE_DATA_DIR / "organisations.csv"
        extra = [p if p.is_absolute() else PROJECT_ROOT / p for p in self.organisation_files]
        return [str(shipped), *(str(p) for p in extra)]


class Engine(_Section):
    """The DuckDB engine of the build database (and of publication)."""

    # Buffer memory DuckDB may hold before it spills to WAREHOUSE/.build/*.tmp: with the streaming raw
    # load this bounds a refresh's peak RSS (issue 10: national refresh <= 4 GB) [D]. DuckDB syntax.
    duckdb_memory_limit: str = Field("2GB", pattern=r"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")
    duckdb_threads: int | None = Field(None, ge=1)  # None = one per core (DuckDB's default) [D]
    # The rows read from the extracts go into the raw tables in batches of at least this many rows (several
    # small files at once): one insert of ~190 k rows cost a third of twenty inserts of ~9 k (DuckDB writes a
    # large insert straight into its row groups; small ones go through its write-ahead log and are written
    # again at each checkpoint). A batch is held in memory until inserted. [D]
    raw_insert_rows: int = Field(250_000, ge=1)

    def connection_config(self) -> dict[str, object]:
        config: dict[str, object] = {"memory_limit": self.duckdb_memory_limit}
        if self.duckdb_threads:
            config["threads"] = self.duckdb_threads
        return config


class Checks(_Section):
    """The non-blocking Great Expectations suites (checks/gx_suites.py)."""

    # Rows validated at most: a larger table is validated on a reservoir sample of this size, so memory
    # stays bounded at national scale (the blocking SQL checks see every row) [D].
    gx_max_rows: int = Field(200_000, ge=1000)


class Schedule(_Section):
    """The quarterly refresh and the inbox sensor (issue: run it like production)."""

    # 06:00 on the 7th of the month after each quarter end: a few working days for HR to send the
    # extracts [D]. Standard 5-field cron, evaluated in `timezone`.
    quarterly_cron: str = "0 6 7 1,4,7,10 *"
    timezone: str = "Europe/London"
    sensor_interval_seconds: int = Field(60, ge=10)


class Survey(_Section):
    """NHS Staff Survey ingestion (source-extracts.md §4.4)."""

    # §4.4: respondent rows are used only to build aggregates and are not kept (raw answers are erased
    # after aggregation; staging.survey_responses stays empty) unless this is explicitly turned on [PROP].
    store_respondent_rows: bool = False


class Training(_Section):
    """OLM / CPD records (source-extracts.md §5.1)."""

    known_statuses: tuple[str, ...] = (
        "Requested", "Waitlisted", "Placed", "Attended", "Cancelled", "Not Attended", "Completed", "Failed",
    )  # OLM standard status types [DOC] + local ones [PROP]
    attended_statuses: tuple[str, ...] = ("Attended", "Completed")  # only these count as "accessed" [PROP]
    known_delivery_modes: tuple[str, ...] = ("Classroom", "E-Learning", "Virtual Classroom", "Blended", "External")
    # §5.1 rule 1: a training category in this list means mandatory; any other category means not [PROP].
    mandatory_categories: tuple[str, ...] = ("Statutory/Mandatory", "Role-specific essential")
    # §5.1 rule 2: the 11 Core Skills Training Framework subjects (England) [DOC: Skills for Health].
    cstf_subjects: tuple[str, ...] = (
        "Conflict Resolution",
        "Equality, Diversity and Human Rights",
        "Fire Safety",
        "Health, Safety and Welfare",
        "Infection Prevention and Control",
        "Information Governance and Data Security",
        "Moving and Handling",
        "Preventing Radicalisation",
        "Resuscitation",
        "Safeguarding Adults",
        "Safeguarding Children",
    )
    # §5.1 rule 2: the trust's own role-specific essential training (course names) [PROP].
    role_essential_courses: tuple[str, ...] = ()


class Ingest(_Section):
    """What a rejected file does to a refresh (source-extracts.md §1.11, README "Rejected files")."""

    # [D] 'skip': a rejected file (REJECT_FILE: unreadable, wrong source, missing or duplicate columns,
    # identifiers mangled by Excel, no period, too many rejected rows) is left out and reported - in
    # audit.source_files (published), the raw asset's metadata, the rejected_files check and the refresh
    # summary - while the source's other files load; the run still fails, publishing nothing, when every
    # file of a source is rejected. 'fail': any rejected file fails the run and nothing is published.
    rejected_file_policy: Literal["skip", "fail"] = "skip"
    # A snapshot (staff in post, board register) is a quarter-end figure. One dated within this many days
    # of a quarter end - an extract run on 1 April - is that quarter end's snapshot (recorded with a
    # warning); one further from every quarter end is rejected (-F10), never loaded and left unused. [D]
    snapshot_tolerance_days: int = Field(7, ge=0, le=45)
    # The snapshot date of a file that states none (no 'As at' line, no date in its name, no Tm End
    # Date column): [[file name, "YYYY-MM-DD"], ...]. [D]
    snapshot_dates: tuple[tuple[str, date], ...] = ()
    # Two files of one source, organisation and snapshot date (or period) sharing at most this share of
    # their keys (assignment, application, case, member or respondent) are parts of one extract (row
    # limits, one export per directorate) and load together; sharing more, the newer file supersedes the
    # older (a corrected extract). [D]
    parts_max_shared_share: float = Field(0.05, ge=0, le=1)
    # A source whose inbox files, the code and the settings have not changed since the run that last built
    # its raw, staging and quarantine tables is not read or staged again; those tables are reused and its
    # files' audit records repeated with the run that read them (wres_pipeline/incremental.py). `wres
    # refresh --full` turns this off for one run. [D]
    reuse_unchanged_sources: bool = True


class Coverage(_Section):
    """Referential coverage of records that must match an ESR person (ER cases, OLM, internal applicants)."""

    # Unmatched records are kept and flagged (D33). The blocking check fails only for a file below this
    # share AND with more unmatched records than unmatched_allowed; below the share alone it warns (a small
    # file's one unmatched case, 8 of 9, does not stop the refresh) [D].
    min_esr_match_share: float = Field(0.90, ge=0, le=1)
    unmatched_allowed: int = Field(5, ge=0)


class Measures(_Section):
    """Definitions of the measures marts (issue 7: seed QI projects 1-3, wres-indicators.md §11)."""

    # Workforce profile, "students ... (registered clinical staff / non-registered)" (seed 000, QI 1 and 3)
    # [D]: clinical staff groups whose staff hold a professional registration, clinical support staff
    # without one, and students; a staff group in none of the lists (the non-clinical groups) has no
    # clinical_registration row.
    registered_staff_groups: tuple[str, ...] = (
        "Medical and Dental",
        "Nursing and Midwifery Registered",
        "Allied Health Professionals",
        "Additional Professional Scientific and Technical",
        "Healthcare Scientists",
    )
    non_registered_staff_groups: tuple[str, ...] = ("Additional Clinical Services",)
    student_staff_groups: tuple[str, ...] = ("Students",)
    # "Senior-manager pay bands" (seed 000, QI 3) [D]: AfC 8c-9 are the senior AfC bands, reported with VSM.
    senior_afc_bands: tuple[str, ...] = ("BAND_8C", "BAND_8D", "BAND_9")
    # Race Disparity Ratio levels (§11.1 [G/D]); VSM joins the upper level when methods.rdr_include_vsm.
    rdr_lower_bands: tuple[str, ...] = ("UNDER_BAND_1", "BAND_1", "BAND_2", "BAND_3", "BAND_4", "BAND_5")
    rdr_middle_bands: tuple[str, ...] = ("BAND_6", "BAND_7")
    rdr_upper_bands: tuple[str, ...] = ("BAND_8A", "BAND_8B", "BAND_8C", "BAND_8D", "BAND_9")
    # Starters (seed 000 "started employment in the last 12 months") [D]: hire date in the 12 months; a
    # person with no hire date starts on the first snapshot they appear in (never the organisation's first
    # snapshot, where everyone appears) when this is true.
    starter_first_seen_fallback: bool = True
    # Early leavers (seed 000 "left within 12 months of employment"): termination < hire + this [seed].
    early_leaver_months: int = 12
    # Turnover denominator [D]: mean headcount at the window's start and end quarter ends (NHS Digital
    # style, the default) or mean over its five quarter-end snapshots; without them, no rate.
    turnover_headcount: Literal["start_end_mean", "quarter_end_mean"] = "start_end_mean"
    # Recruitment funnel dates [D]: 'stage' = applications by application date, shortlisted and
    # appointed by the indicator 2 shortlisting date (the 'all' row's RL is indicator 2); 'application' =
    # every stage by application date (a cohort: conversion rates never mix windows).
    funnel_date_basis: Literal["stage", "application"] = "stage"
    # Employee relations (seed 000, QI 2 measures 1-12; source-extracts §6). Disciplinary case types and
    # MHPS follow methods.ind3_*; grievances are these case types [PROP].
    er_grievance_case_types: tuple[str, ...] = ("Grievance",)
    # "Involved in a disciplinary" [D]: taken to a disciplinary hearing in the window ('hearing'), or a
    # disciplinary case opened in it ('case_opened'). Investigations use the formal investigation date.
    er_disciplinary_event: Literal["hearing", "case_opened"] = "hearing"
    # Codes from the staging ER values (staging derives investigation_decision as no_further_action /
    # process_to_hearing and standardises outcome wording, source-extracts §6.1): (code, case-insensitive
    # regex), the first match wins; no match = 'other', empty = 'pending' (not decided yet) [PROP].
    er_investigation_decisions: tuple[tuple[str, str], ...] = (
        ("no_further_action", r"(?i)no.further.action|no.case.to.answer|\bnfa\b"),
        ("process_to_hearing", r"(?i)hearing"),
    )
    # A disciplinary case is gross misconduct when misconduct_level or outcome matches; else misconduct.
    er_gross_misconduct_pattern: str = r"(?i)gross|summary dismissal"
    er_disciplinary_outcomes: tuple[tuple[str, str], ...] = (
        ("no_case_to_answer", r"(?i)no case to answer|no further action"),
        ("development_no_sanction", r"(?i)development|informal action|management advice|no (disciplinary )?sanction"),
        ("final_written_warning", r"(?i)final written"),
        ("first_written_warning", r"(?i)(first )?written warning"),
        ("action_short_of_dismissal", r"(?i)short of dismissal|redeploy|downgrad|demot"),
        ("dismissal", r"(?i)dismiss"),
    )
    er_grievance_outcomes: tuple[tuple[str, str], ...] = (
        ("not_upheld", r"(?i)not upheld"),
        ("mediation", r"(?i)mediat"),
        ("upheld", r"(?i)upheld"),  # 'Partially Upheld' counts as upheld [D]
    )
    # Progression (seed 000, QI 3): acting up = an assignment status in this list [OBS source-extracts §2.3.5].
    acting_up_statuses: tuple[str, ...] = ("Acting Up",)
    # Ethnicity pay gap (§11.3): hourly pay = Hourly Rate, else annual pay / (contracted hours x weeks).
    # annual_salary_basis 'actual' = Annual Salary is the assignment's actual (pro-rata) pay; 'fte' = it is
    # the full-time salary, so annual pay = Annual Salary x FTE [D: check the trust's ESR report].
    pay_weeks_per_year: float = 52.143
    pay_annual_salary_basis: Literal["actual", "fte"] = "actual"
    # GPG "full-pay relevant employees" [C]: assignment statuses treated as on reduced pay and left out [D].
    pay_gap_excluded_statuses: tuple[str, ...] = ("Maternity & Adoption",)


class ActionPlan(_Section):
    """WRES action-plan tracking (issue 9, seed 004): the register's words and the computed RAG.

    Computed RAG of a target (marts.action_plan_status), evaluated at the as-of date:

    * NO_DATA: no latest value (not computed, or blanked by disclosure control on publication), or, before
      the due date, no value since the baseline (annual survey indicators between two surveys);
    * due date reached: GREEN when the latest value meets the target, else RED;
    * before the due date: GREEN when the latest value already meets the target, or when it is on the
      trajectory (the straight line from the baseline at the plan's start to the target at the due
      date) and the quarterly trend does not project a miss at the due date; AMBER when it is on the
      trajectory, or the trend projects the target met, or its shortfall against the trajectory is at
      most ``amber_tolerance`` of the planned change |target - baseline|; RED otherwise. [D]
    """

    # The as-of date of the tracking: None = the latest quarter end in the warehouse (reproducible from
    # the data; a fixed date for a board paper) [D].
    as_of: date | None = None
    trend_points: int = Field(8, ge=2)  # latest quarterly values the projection is fitted on (OLS) [D]
    min_trend_points: int = Field(3, ge=2)  # fewer values: no projection [D]
    amber_tolerance: float = Field(0.25, ge=0)  # [D] see the docstring
    # The register's RAG words (matching form) -> RED / AMBER / GREEN / BLUE (BLUE = complete, BRAG) [OBS].
    rag_words: tuple[tuple[str, str], ...] = (
        ("red", "RED"), ("r", "RED"), ("amber", "AMBER"), ("a", "AMBER"), ("green", "GREEN"), ("g", "GREEN"),
        ("blue", "BLUE"), ("b", "BLUE"), ("complete", "BLUE"), ("completed", "BLUE"),
    )
    # An action is complete when its Progress matches this (or its RAG is BLUE); a complete action is never
    # overdue [D]. A timeline that is not a date or a month ('Ongoing', 'TBC') has no due date [D].
    complete_pattern: str = r"(?i)\bcomplet(e|ed)\b|\bdone\b|\bdelivered\b|\bachieved\b"


class Spc(_Section):
    """Statistical process control on the quarterly series (NHS England "Making Data Count", MDC)."""

    shift_points: int = Field(7, ge=2)  # a run of this many points on one side of the centre line [G: MDC 7]
    trend_points: int = Field(6, ge=3)  # this many consecutive increasing (decreasing) points [G: MDC 6]
    # Fewer points than this: no centre line, limits or special-cause tests (the series is still listed) [D].
    # MDC advises 15-20 points for stable limits: below recommended_points the limits are marked provisional.
    min_points: int = Field(8, ge=3)
    recommended_points: int = Field(15, ge=3)
    # Limits from the first N points (a frozen baseline), or from every point (None) [D].
    baseline_points: int | None = Field(None, ge=3)
    xmr_limit_constant: float = 2.66  # 3 / d2 (d2 = 1.128 for moving ranges of two) [C]
    # Proportions (BME % with its headcount) on a p-chart with binomial limits, or on an XmR chart [G].
    proportion_chart: Literal["p", "xmr"] = "p"
    # Which way is better for each family of series ("higher" / "lower"; "neither" = not labelled) [D]:
    # BME representation up; disparity ratios down; teams with no BME staff or below target down, teams at or
    # above target up. The indicator families (indicator_1 .. indicator_4) take ref.wres_indicator.spc_better
    # (reference_data/wres_indicators.csv) unless named here.
    better: tuple[tuple[str, str], ...] = (
        ("band_bme_percent", "higher"), ("rdr", "lower"),
        ("team_flags:NO_BME", "lower"), ("team_flags:BELOW_TARGET", "lower"), ("team_flags:AT_OR_ABOVE", "higher"),
        ("team_flags:NO_KNOWN_ETHNICITY", "lower"),
    )


class Report(_Section):
    """The HTML report (wres report; the publish/wres_report asset)."""

    # The refresh writes WAREHOUSE/<directory>/wres_report_<year>.html for the latest report year(s) [D].
    directory: str = "reports"
    years_in_refresh: int = Field(1, ge=1)  # how many of the latest report years the refresh renders [D]


class Mappings(_Section):
    """A trust's own column headers and values, mapped to the contract without code changes (ER case logs,
    board registers and CPD records are home-made spreadsheets). README "Local headers and codes"."""

    # {source: {header as in the trust's files: contract column}}, e.g.
    # [mappings.headers.er_cases] "Date investigation commenced" = "formal_investigation_start_date". A file
    # missing a required column is rejected with a block like this to paste. [D]
    headers: dict[str, dict[str, str]] = {}
    # {source: {contract column: {local value: contract value}}}, matched ignoring case and surrounding
    # spaces, before the contract's code lists apply, e.g. [mappings.values.er_cases.outcome]
    # "FWW" = "Final Written Warning". Unknown values still quarantine with their messages. [D]
    values: dict[str, dict[str, dict[str, str]]] = {}


class WresReturn(_Section):
    """The year-on-year review of the WRES return before submission (marts.wres_return_anomaly): each figure
    of a line against the same figure of the previous WRES year. A figure is listed when it moved by more
    than the amount below for its kind [D]:

    * a count of people (headcounts, events, populations, board members, respondents): by more than
      ``anomaly_relative_change`` of last year's count AND by at least ``anomaly_min_count_change`` people,
      so a band of 3 becoming 5 is not listed;
    * a percentage or a difference in percentage points: by at least ``anomaly_min_pp_change`` points;
    * a relative likelihood: by more than ``anomaly_relative_change`` of last year's value.
    """

    anomaly_relative_change: float = Field(0.2, ge=0)
    anomaly_min_count_change: int = Field(10, ge=0)
    anomaly_min_pp_change: float = Field(5.0, ge=0)


class Publication(_Section):
    """The publication guard: a refresh never publishes less than the warehouse it replaces unless told to."""

    # Before publishing, the new build is compared with the published warehouse it replaces: an
    # organisation x indicator x period with data (any status but NO_DATA) that would have none, or whose
    # rows with data fall by more than max_shrink_share, and an organisation x source x WRES year covered
    # by files that would be covered by none, fail the run with a table of what would be lost; nothing is
    # published. allow_shrink (or `wres refresh --allow-shrink`) accepts the loss; audit.runs records it. [D]
    allow_shrink: bool = False
    max_shrink_share: float = Field(0.25, ge=0, le=1)
    # Private outputs - files with unsuppressed counts (the NHS England return) - go here, never into the
    # warehouse folder BI tools are pointed at; created owner-only (0700, files 0600). None: a folder beside
    # the warehouse named after it, e.g. warehouse-private/ next to warehouse/. [D]
    private_dir: Path | None = None


class Settings(_Section):
    paths: Paths = Paths()
    organisation: Organisation = Organisation()
    counting: Counting = Counting()
    methods: Methods = Methods()
    thresholds: Thresholds = Thresholds()
    targets: Targets = Targets()
    survey: Survey = Survey()
    training: Training = Training()
    ingest: Ingest = Ingest()
    coverage: Coverage = Coverage()
    measures: Measures = Measures()
    comparators: Comparators = Comparators()
    benchmark: Benchmark = Benchmark()
    checks: Checks = Checks()
    engine: Engine = Engine()
    schedule: Schedule = Schedule()
    action_plan: ActionPlan = ActionPlan()
    spc: Spc = Spc()
    report: Report = Report()
    publication: Publication = Publication()
    wres_return: WresReturn = WresReturn()
    mappings: Mappings = Mappings()

    def method_choices(self) -> list[MethodChoice]:
        """Every method choice behind the indicator values, as stamped in method_version and published in
        ref.method_choice (and so in the data dictionary): one declaration of token, value, setting, meaning."""
        m, c = self.methods, self.counting
        return [
            MethodChoice("ind2", m.ind2_unit, "methods.ind2_unit",
                         "Indicator 2 counts shortlisted applications (one person may apply to several posts) "
                         "or distinct applicants."),
            MethodChoice("ind2_date", "shortlisted_else_applied" if m.ind2_fallback_to_application_date
                         else "shortlisted", "methods.ind2_fallback_to_application_date",
                         "The date that places a shortlisting in a year: the shortlisting date, or the application "
                         "date when no shortlisting date is recorded."),
            MethodChoice("ind3", m.ind3_published, "methods.ind3_published",
                         "The indicator 3 variant published as the headline: one year, or two years pooled (NHS "
                         "England's WRES technical guidance allows a two-year rolling average for small numbers)."),
            MethodChoice("ind3_2yr", m.ind3_two_year_method, "methods.ind3_two_year_method",
                         "Two-year indicator 3: pooled events over pooled headcounts, or the mean of the two years' "
                         "events over the current headcount. Both years' headcounts and events are required."),
            MethodChoice("ind3_mhps", "included" if m.ind3_include_mhps else "excluded", "methods.ind3_include_mhps",
                         "Whether doctors' investigations under Maintaining High Professional Standards (MHPS) count "
                         "as entry into the formal disciplinary process."),
            MethodChoice("ind3_no_investigation_date", m.ind3_missing_investigation_date,
                         "methods.ind3_missing_investigation_date",
                         "A formal disciplinary case without its Formal Investigation Start Date is quarantined (never "
                         "silently left out), or counted on its Case Opened Date."),
            MethodChoice("ind3_mhps_case_types", "|".join(m.ind3_mhps_case_types), "methods.ind3_mhps_case_types",
                         "The case types in which an MHPS investigation counts; a capability case stays capability."),
            MethodChoice("ind34_events", "population_only" if m.events_of_population_only else "any_esr_person",
                         "methods.events_of_population_only",
                         "Indicators 3 and 4 count events only of people in the population they are divided by "
                         "(counted staff at a quarter end of the year or its start), so a bank-only worker's case "
                         "or course never counts."),
            MethodChoice("survey_lag", str(m.survey_lag_years), "methods.survey_lag_years",
                         "WRES year N uses the NHS Staff Survey fielded this many years earlier (autumn N-1)."),
            MethodChoice("grt", m.gypsy_irish_traveller.lower(), "methods.gypsy_irish_traveller",
                         "The group of 'White: Gypsy or Irish Traveller' (NHS England's WRES counts it as White)."),
            MethodChoice("ind7_dont_know", m.ind7_dont_know, "methods.ind7_dont_know",
                         "Indicator 7: whether 'Don't know' answers stay out of the base (NHS England's published "
                         "method) or count in it."),
            MethodChoice("rdr", m.rdr_form, "methods.rdr_form",
                         "Race Disparity Ratio: ratio of the BME and White upper/lower-level ratios, or the share form."),
            MethodChoice("students", "clinical" if c.students_clinical else "non_clinical", "counting.students_clinical",
                         "Whether the Students staff group is clinical in indicator 1."),
            MethodChoice("clinical", "occupation_code_then_staff_group", "(fixed)",
                         "Clinical or non-clinical from the ESR occupation code where it is valid, else the staff group."),
            MethodChoice("headcount", "primary_counted_assignment", "(fixed)",
                         "Each person counts once, by one counted assignment: the primary one, else the highest FTE, "
                         "the earliest start, the lowest assignment number."),
            MethodChoice("smm", c.senior_medical_manager_from, "counting.senior_medical_manager_from",
                         "A doctor is a senior medical manager (indicator 1, of which consultants) by the job role of "
                         "any assignment or the board register (any_assignment), or of the counted assignment only."),
            MethodChoice("executives_vsm", "board_register" if c.board_executives_as_vsm else "grade_only",
                         "counting.board_executives_as_vsm",
                         "Executive board members paid off Agenda for Change (Local Pay, Spot Salary) are VSM, as "
                         "NHS England's VSM row includes executive board members; grade_only: by grade alone."),
            MethodChoice("survey_source", "aggregate|published", "(the staff-survey files received)",
                         "Staff-survey values only: computed from respondent-level data (aggregate) or taken from the "
                         "published NHS Staff Survey WRES breakdown (published).", per_value=True),
            MethodChoice("survey_map", "<question map>|unverified", "reference_data/survey_question_map.csv",
                         "Staff-survey values computed from respondent-level data only: the question map used (e.g. "
                         "nss_2021_2024). 'unverified' marks a survey year whose questionnaire numbering has not been "
                         "checked against the published questionnaire (the nearest earlier map was assumed).", per_value=True),
        ]

    def method_version(self) -> str:
        """The method string stored beside every indicator value: the version, then token=value of every
        choice with one value per run (survey_source / survey_map are added per survey value)."""
        fixed = [f"{c.token}={c.value}" for c in self.method_choices() if not c.per_value]
        return ";".join(["wres-method-1", *fixed])

    def sql_params(self) -> dict[str, object]:
        """Named parameters the SQL files may use ($name), all from this one settings object."""
        c, t, m = self.counting, self.thresholds, self.methods
        return {
            "active_statuses": list(c.active_statuses),
            "counted_categories": list(c.counted_categories),
            "known_statuses": list(c.known_statuses),
            "known_categories": list(c.known_categories),
            "non_clinical_prefixes": list(c.non_clinical_occupation_prefixes),
            "non_clinical_staff_groups": list(c.non_clinical_staff_groups),
            "senior_medical_manager_roles": list(c.senior_medical_manager_roles),
            "method_choices": [choice._asdict() for choice in self.method_choices()],
            "senior_medical_manager_from": c.senior_medical_manager_from,
            "board_executives_as_vsm": c.board_executives_as_vsm,
            "students_clinical": c.students_clinical,
            "small_numbers": t.small_numbers,
            "suppress_below": t.suppress_below,
            "small_numbers_ind3": t.small_numbers_ind3,
            "survey_min_responses": t.survey_min_responses,
            "non_adverse_low": t.non_adverse_low,
            "non_adverse_high": t.non_adverse_high,
            "ci_z": t.ci_z,
            "board_small_denominator": t.board_small_denominator,
            "ind2_unit": m.ind2_unit,
            "ind2_fallback_to_application_date": m.ind2_fallback_to_application_date,
            "ind3_published": m.ind3_published,
            "ind3_case_types": list(m.ind3_case_types),
            "ind3_mhps_case_types": list(m.ind3_mhps_case_types),
            "events_of_population_only": m.events_of_population_only,
            "ind3_missing_investigation_date": m.ind3_missing_investigation_date,
            "ind3_include_mhps": m.ind3_include_mhps,
            "ind3_mhps_pattern": m.ind3_mhps_pattern,
            "ind3_two_year_method": m.ind3_two_year_method,
            "ind7_dont_know": m.ind7_dont_know,
            "survey_lag_years": m.survey_lag_years,
            "rl_display_decimals": m.rl_display_decimals,
            "percent_display_decimals": m.percent_display_decimals,
            "summary_change_basis": m.summary_change_basis,
            "comparator_files": self.comparators.files(),
            "survey_question_map_file": str(REFERENCE_DATA_DIR / "survey_question_map.csv"),
            "labels_file": str(REFERENCE_DATA_DIR / "labels.csv"),
            "wres_indicators_file": str(REFERENCE_DATA_DIR / "wres_indicators.csv"),
            "region_code": self.comparators.region_code or "",
            "ics_code": self.comparators.ics_code or "",
            "method_version": self.method_version(),
            "anomaly_relative_change": self.wres_return.anomaly_relative_change,
            "anomaly_min_count_change": self.wres_return.anomaly_min_count_change,
            "anomaly_min_pp_change": self.wres_return.anomaly_min_pp_change,
            "organisation_files": self.benchmark.files(),
            **self.publication_sql_params(),
            **self.ingest_sql_params(),
            **self.measure_sql_params(),
            **self.tracking_sql_params(),
        }

    def publication_sql_params(self) -> dict[str, object]:
        """The parameters of SQL that runs again in the published copy (sql/create_marts_benchmark_*) and of the
        disclosure check of the copy (sql/check_publication_disclosure.sql)."""
        return {"peer_figure": self.benchmark.peer_figure, "national_code": self.benchmark.national_code,
                "suppress_below": self.thresholds.suppress_below,
                "survey_min_responses": self.thresholds.survey_min_responses}

    def ingest_sql_params(self) -> dict[str, object]:
        """The parameters of the ingestion SQL (staging transforms and reference tables)."""
        t, tr = self.thresholds, self.training
        return {
            "gypsy_irish_traveller": self.methods.gypsy_irish_traveller,
            "survey_min_responses": t.survey_min_responses,
            "store_respondent_rows": self.survey.store_respondent_rows,
            "training_known_statuses": list(tr.known_statuses),
            "training_attended_statuses": list(tr.attended_statuses),
            "training_delivery_modes": list(tr.known_delivery_modes),
            "training_mandatory_categories": list(tr.mandatory_categories),
            "cstf_subjects": list(tr.cstf_subjects),
            "role_essential_courses": list(tr.role_essential_courses),
            "min_esr_match_share": self.coverage.min_esr_match_share,
        }

    def measure_sql_params(self) -> dict[str, object]:
        """The parameters of the measures marts (sql/create_marts_*.sql of issue 7). Shares and the weeks
        per year go as decimal text, so the SQL reads them as exact DECIMALs (never binary floats)."""
        ms, t, m, tg = self.measures, self.thresholds, self.methods, self.targets
        return {
            "registered_staff_groups": list(ms.registered_staff_groups),
            "non_registered_staff_groups": list(ms.non_registered_staff_groups),
            "student_staff_groups": list(ms.student_staff_groups),
            "senior_afc_bands": list(ms.senior_afc_bands),
            "rdr_lower_bands": list(ms.rdr_lower_bands),
            "rdr_middle_bands": list(ms.rdr_middle_bands),
            "rdr_upper_bands": list(ms.rdr_upper_bands),
            "rdr_form": m.rdr_form,
            "rdr_include_vsm": m.rdr_include_vsm,
            "starter_first_seen_fallback": ms.starter_first_seen_fallback,
            "early_leaver_months": ms.early_leaver_months,
            "turnover_headcount": ms.turnover_headcount,
            "funnel_date_basis": ms.funnel_date_basis,
            "er_grievance_case_types": list(ms.er_grievance_case_types),
            "er_disciplinary_event": ms.er_disciplinary_event,
            "er_investigation_decisions": [list(p) for p in ms.er_investigation_decisions],
            "er_gross_misconduct_pattern": ms.er_gross_misconduct_pattern,
            "er_disciplinary_outcomes": [list(p) for p in ms.er_disciplinary_outcomes],
            "er_grievance_outcomes": [list(p) for p in ms.er_grievance_outcomes],
            "acting_up_statuses": list(ms.acting_up_statuses),
            "pay_weeks_per_year": str(ms.pay_weeks_per_year),
            "pay_annual_salary_basis": ms.pay_annual_salary_basis,
            "pay_gap_excluded_statuses": list(ms.pay_gap_excluded_statuses),
            "pay_gap_min_group": t.pay_gap_min_group,
            "target_bme_share": str(tg.bme_share),
            "min_team_size": tg.min_team_size,
            "team_target_basis": tg.team_target_basis,
            "model_employer_target_basis": tg.model_employer_target_basis,
            "model_employer_include_unknown": tg.model_employer_include_unknown,
        }

    def tracking_sql_params(self) -> dict[str, object]:
        """The parameters of the action-plan and SPC SQL (issue 9)."""
        ap, spc = self.action_plan, self.spc
        return {
            "ap_as_of": ap.as_of,
            "ap_trend_points": ap.trend_points,
            "ap_min_trend_points": ap.min_trend_points,
            "ap_amber_tolerance": ap.amber_tolerance,
            "ap_rag_words": [list(p) for p in ap.rag_words],
            "ap_complete_pattern": ap.complete_pattern,
            "spc_shift_points": spc.shift_points,
            "spc_trend_points": spc.trend_points,
            "spc_min_points": spc.min_points,
            "spc_recommended_points": spc.recommended_points,
            "spc_baseline_points": spc.baseline_points,
            "spc_xmr_constant": spc.xmr_limit_constant,
            "spc_proportion_chart": spc.proportion_chart,
            "spc_better": [list(p) for p in spc.better],
        }

    def private_path(self) -> Path:
        """The private outputs folder (Publication.private_dir), outside the published warehouse folder."""
        warehouse = self.paths.warehouse
        chosen = self.publication.private_dir or warehouse.with_name(f"{warehouse.name}-private")
        return chosen if chosen.is_absolute() else PROJECT_ROOT / chosen

    def run_labels(self) -> dict[str, str]:
        """Run tags saying which inbox fed which warehouse for which organisation(s): every refresh (CLI,
        schedule, sensor) lands in the project's one Dagster instance, and the UI's run list filters on these."""
        o = self.organisation
        return {"wres/inbox": str(self.paths.inbox), "wres/warehouse": str(self.paths.warehouse),
                "wres/organisations": ",".join(dict.fromkeys((o.default_code, *o.codes)))}

    def config_hash(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


class ConfigError(ValueError):
    """Invalid configuration: one line per problem, naming the key, the value and what is allowed."""


def _section_keys(loc: tuple) -> list[str]:
    """The keys allowed in the section ``loc`` names (for 'unknown key' messages)."""
    model: type[BaseModel] = Settings
    for part in loc:
        annotation = model.model_fields[str(part)].annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


def _explain(error: dict) -> str:
    key = ".".join(str(p) for p in error["loc"])
    value = error.get("input")
    if error["type"] == "literal_error":
        return f"{key} = {value!r} is not allowed; allowed values: {error['ctx']['expected']}"
    if error["type"] == "extra_forbidden":
        section = ".".join(str(p) for p in error["loc"][:-1]) or "the top level"
        return f"{key} is not a setting; the keys of [{section}] are: {', '.join(_section_keys(error['loc'][:-1]))}"
    return f"{key} = {value!r}: {error['msg']}"


def load_settings(path: Path | None = None, **path_overrides: Path | None) -> Settings:
    """Defaults <- TOML file <- environment <- explicit path overrides (CLI flags).

    Raises ConfigError naming the file, each wrong key, its value and the allowed values.
    """
    data: dict = {}
    config_file = path or (Path(os.environ["WRES_CONFIG"]) if os.environ.get("WRES_CONFIG") else None)
    if config_file is None and (PROJECT_ROOT / "wres.toml").exists():
        config_file = PROJECT_ROOT / "wres.toml"
    source = f"configuration file {config_file}" if config_file else "configuration"
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the {source}: {exc}") from exc
    paths = dict(data.get("paths", {}))
    for key, env in (("inbox", "WRES_INBOX"), ("warehouse", "WRES_WAREHOUSE")):
        if os.environ.get(env):
            paths[key] = os.environ[env]
        if path_overrides.get(key) is not None:
            paths[key] = path_overrides[key]
    data["paths"] = paths
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(f"  - {_explain(e)}" for e in exc.errors())
        raise ConfigError(f"invalid {source} ({exc.error_count()} problem(s)):\n{problems}") from None
    return settings.model_copy(update={"paths": settings.paths.resolved()})


def settings_json(settings: Settings) -> str:
    return json.dumps(json.loads(settings.model_dump_json()), indent=2)
