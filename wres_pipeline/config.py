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
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
    # Used when a file carries no organisation code of its own (single-trust deployments). [D]
    default_code: str = Field("SY001", pattern=r"^[A-Z0-9]{3,5}$")
    # A file name token that names the organisation, e.g. ESR_Staff_In_Post_SY001_20240331.csv. [D]
    code_in_file_name: str = r"_(?P<org>[A-Z][A-Z0-9]{2,4})_\d{4}"


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
    senior_medical_manager_roles: tuple[str, ...] = ("Medical Director", "Clinical Director")


class Methods(_Section):
    """The [G]/[D] method choices; each is encoded in method_version on every indicator value."""

    ind3_published: Literal["single_year", "two_year_pooled"] = "two_year_pooled"
    gypsy_irish_traveller: Literal["WHITE", "BME"] = "WHITE"
    survey_map_version: str = "2024"
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
    ind3_include_mhps: bool = True
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


class Targets(_Section):
    bme_share: float = 0.19  # legacy Model Employer / NHSE 19 % [G]
    min_team_size: int = 10  # SMALL_TEAM below this [D]


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


class Coverage(_Section):
    """Referential coverage of records that must match an ESR person (ER cases, OLM, internal applicants)."""

    # Unmatched records are kept and flagged (D33); the blocking check fails only below this share [D].
    min_esr_match_share: float = Field(0.90, ge=0, le=1)


class Settings(_Section):
    paths: Paths = Paths()
    organisation: Organisation = Organisation()
    counting: Counting = Counting()
    methods: Methods = Methods()
    thresholds: Thresholds = Thresholds()
    targets: Targets = Targets()
    survey: Survey = Survey()
    training: Training = Training()
    coverage: Coverage = Coverage()
    comparators: Comparators = Comparators()

    def method_version(self) -> str:
        """The method string stored beside every indicator value (wres-indicators.md §13)."""
        m, c = self.methods, self.counting
        return ";".join(
            [
                "wres-method-1",
                f"ind2={m.ind2_unit}",
                f"ind2_date={'shortlisted_else_applied' if m.ind2_fallback_to_application_date else 'shortlisted'}",
                f"ind3={m.ind3_published}",
                f"ind3_2yr={m.ind3_two_year_method}",
                f"ind3_mhps={'included' if m.ind3_include_mhps else 'excluded'}",
                f"survey_lag={m.survey_lag_years}",
                f"grt={m.gypsy_irish_traveller.lower()}",
                f"survey_map={m.survey_map_version}",
                f"ind7_dont_know={m.ind7_dont_know}",
                f"rdr={m.rdr_form}",
                f"students={'clinical' if c.students_clinical else 'non_clinical'}",
                "clinical=occupation_code_then_staff_group",
                "headcount=primary_counted_assignment",
            ]
        )

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
            "region_code": self.comparators.region_code or "",
            "ics_code": self.comparators.ics_code or "",
            "method_version": self.method_version(),
            **self.ingest_sql_params(),
        }

    def ingest_sql_params(self) -> dict[str, object]:
        """The parameters of the ingestion SQL (staging transforms and reference tables)."""
        t, tr = self.thresholds, self.training
        return {
            "gypsy_irish_traveller": self.methods.gypsy_irish_traveller,
            "survey_min_responses": t.survey_min_responses,
            "max_rejected_row_share": t.max_rejected_row_share,
            "store_respondent_rows": self.survey.store_respondent_rows,
            "training_known_statuses": list(tr.known_statuses),
            "training_attended_statuses": list(tr.attended_statuses),
            "training_delivery_modes": list(tr.known_delivery_modes),
            "training_mandatory_categories": list(tr.mandatory_categories),
            "cstf_subjects": list(tr.cstf_subjects),
            "role_essential_courses": list(tr.role_essential_courses),
            "min_esr_match_share": self.coverage.min_esr_match_share,
        }

    def config_hash(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


def load_settings(path: Path | None = None, **path_overrides: Path | None) -> Settings:
    """Defaults <- TOML file <- environment <- explicit path overrides (CLI flags)."""
    data: dict = {}
    config_file = path or (Path(os.environ["WRES_CONFIG"]) if os.environ.get("WRES_CONFIG") else None)
    if config_file is None and (PROJECT_ROOT / "wres.toml").exists():
        config_file = PROJECT_ROOT / "wres.toml"
    if config_file is not None:
        data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
    paths = dict(data.get("paths", {}))
    for key, env in (("inbox", "WRES_INBOX"), ("warehouse", "WRES_WAREHOUSE")):
        if os.environ.get(env):
            paths[key] = os.environ[env]
        if path_overrides.get(key) is not None:
            paths[key] = path_overrides[key]
    data["paths"] = paths
    settings = Settings.model_validate(data)
    return settings.model_copy(update={"paths": settings.paths.resolved()})


def settings_json(settings: Settings) -> str:
    return json.dumps(json.loads(settings.model_dump_json()), indent=2)
