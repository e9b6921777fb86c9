"""Reference data for the synthetic NHS trust generator.

Everything here is a plain, ordered Python structure (tuples / dicts built in a fixed
order) so that the simulation is deterministic and readable.  Values follow
``/work/shared/spec/source-extracts.md`` (§1.8 ethnicity, §2.3 code lists, §2.5 leaving
reasons) and are *plausible*, not authoritative: occupation codes follow the shape of the
NHS Occupation Code Manual (letter matrix + area + level, three digits for medical and
dental) but are not looked up in it; pay points are approximately the 2024/25 Agenda for
Change and medical pay scales.

Vocabulary used throughout the generator:

* **grade**: a canonical key such as ``band_5``, ``band_8a``, ``vsm`` or a medical grade
  such as ``consultant``.  ``GRADES`` holds the display name, the WRES indicator 1 row
  and the pay points for each.
* **profession**: a career ladder inside one ESR staff group (e.g. registered nursing
  bands 5 to 8d, or the medical training ladder FY1 -> consultant).  People are hired
  into a (profession, level) *cell* and promoted one level up the same ladder.
* **trust type**: a template (mental health, acute, community, ambulance) giving the
  profession mix and the directorate / team structure.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------------------
# Grades
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grade:
    """One canonical grade.

    ``kind`` is ``afc`` (Agenda for Change band), ``vsm`` or ``medical``.  ``wres_row`` is
    the indicator 1 row code of wres-indicators.md §13.1 (``band_5``, ``vsm``,
    ``consultant``, ``trainee`` ...).  ``pay_points`` are annual FTE salaries (2024/25 £).
    """

    key: str
    kind: str
    display: str
    wres_row: str
    pay_points: tuple[float, ...]


AFC_BANDS: tuple[str, ...] = (
    "band_1", "band_2", "band_3", "band_4", "band_5", "band_6", "band_7",
    "band_8a", "band_8b", "band_8c", "band_8d", "band_9",
)

GRADES: tuple[Grade, ...] = (
    Grade("band_1", "afc", "Band 1", "band_1", (23615.0,)),
    Grade("band_2", "afc", "Band 2", "band_2", (23615.0,)),
    Grade("band_3", "afc", "Band 3", "band_3", (24071.0, 25674.0)),
    Grade("band_4", "afc", "Band 4", "band_4", (26530.0, 29114.0)),
    Grade("band_5", "afc", "Band 5", "band_5", (29970.0, 32324.0, 36483.0)),
    Grade("band_6", "afc", "Band 6", "band_6", (37338.0, 39405.0, 44962.0)),
    Grade("band_7", "afc", "Band 7", "band_7", (46148.0, 48526.0, 52809.0)),
    Grade("band_8a", "afc", "Band 8a", "band_8a", (53755.0, 54550.0, 60504.0)),
    Grade("band_8b", "afc", "Band 8b", "band_8b", (62215.0, 64429.0, 72293.0)),
    Grade("band_8c", "afc", "Band 8c", "band_8c", (74290.0, 76965.0, 85601.0)),
    Grade("band_8d", "afc", "Band 8d", "band_8d", (88168.0, 91204.0, 101677.0)),
    Grade("band_9", "afc", "Band 9", "band_9", (105385.0, 108656.0, 121271.0)),
    Grade("vsm", "vsm", "Very Senior Manager", "vsm", (150000.0,)),
    Grade("foundation_year_1", "medical", "Foundation Year 1", "trainee", (36616.0,)),
    Grade("foundation_year_2", "medical", "Foundation Year 2", "trainee", (42008.0,)),
    Grade("core_training", "medical", "Core Training", "trainee", (49909.0, 55329.0)),
    Grade("specialty_registrar", "medical", "Specialty Registrar", "trainee",
          (49909.0, 55329.0, 63152.0, 70425.0)),
    Grade("consultant", "medical", "Consultant", "consultant",
          (105504.0, 111714.0, 118073.0, 124383.0, 139882.0)),
    Grade("trust_grade_career", "medical", "Trust Grade Dr - Career Grade", "non_consultant_career_grade",
          (55329.0, 59175.0, 64175.0)),
    Grade("specialty_doctor", "medical", "Specialty Doctor", "non_consultant_career_grade",
          (59175.0, 64175.0, 73015.0, 78745.0, 87060.0, 95400.0)),
    Grade("associate_specialist", "medical", "Associate Specialist", "non_consultant_career_grade",
          (100870.0, 107000.0, 115000.0)),
    Grade("specialist", "medical", "Specialist", "non_consultant_career_grade", (96990.0, 107155.0)),
    Grade("clinical_fellow", "medical", "Clinical Fellow", "other", (49909.0, 55329.0)),
    Grade("trust_grade_specialty_registrar", "medical", "Trust Grade Dr - Specialty Registrar", "other",
          (49909.0, 55329.0, 63152.0)),
)
GRADE_INDEX: dict[str, int] = {g.key: i for i, g in enumerate(GRADES)}

#: Annual pay uplift applied to the 2024/25 pay points for other financial years.
PAY_UPLIFT_PER_YEAR = 0.04
PAY_BASE_FINANCIAL_YEAR = 2025  # the financial year ending 31 March 2025 (2024/25)

#: Contracted hours for FTE 1.0.
AFC_FULL_TIME_HOURS = 37.5
MEDICAL_FULL_TIME_HOURS = 40.0
#: Hours in a year at FTE 1.0 (37.5 h x 52.143 weeks) used for the hourly rate.
AFC_ANNUAL_HOURS = 1955.36
MEDICAL_ANNUAL_HOURS = 2085.72

# How AfC grades are rendered in ESR BI exports (source-extracts.md §2.3.2).  Each
# assignment draws one style; band 8 ranges may also use "Band 8 - Range A".
GRADE_STYLE_WEIGHTS: tuple[float, ...] = (0.76, 0.08, 0.12, 0.04)  # plain, RB, XR code, range


def render_afc_grade(band_key: str, style: int) -> str:
    """Render an AfC band in one of the ESR grade styles (0 plain, 1 review body, 2 XR code, 3 range)."""
    number = band_key.removeprefix("band_")
    digit, letter = number[0], number[1:]
    plain = f"Band {number}"
    ranged = f"Band {digit} - Range {letter.upper()}" if letter else plain
    if style == 1:
        return f"Review Body {ranged if letter else plain}"
    if style == 2:
        return f"XR{int(digit):02d} Review Body {ranged if letter else plain}"
    if style == 3:
        return ranged
    return plain


# ---------------------------------------------------------------------------------------
# Professions (career ladders)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profession:
    """A career ladder within one ESR staff group.

    ``levels`` are grade keys, lowest first; ``level_weights`` the relative establishment
    of each level; ``internal_fill`` the share of vacancies at each level filled by
    promoting someone from the level below (0 for the entry level).  ``roles`` gives,
    per level, the ESR job roles with weights.  Occupation codes are ``matrix`` +
    one of ``areas`` + the level character in ``level_codes`` (non-medical), or one of
    ``areas`` (three-digit specialty codes) for medical and dental.
    """

    key: str
    staff_group: str
    matrix: str
    areas: tuple[str, ...]
    levels: tuple[str, ...]
    level_weights: tuple[float, ...]
    internal_fill: tuple[float, ...]
    roles: tuple[tuple[tuple[str, float], ...], ...]
    level_codes: str
    female_share: float
    annual_leaving_rate: float
    fixed_term_share: float = 0.04
    locum_share: float = 0.0
    part_time_share: float = 0.3
    hire_age: tuple[tuple[float, float], ...] = ()


def _r(*pairs: tuple[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(pairs)


PROFESSIONS: tuple[Profession, ...] = (
    Profession(
        "registered_nursing", "Nursing and Midwifery Registered", "N", ("0", "1", "6", "7", "C", "E"),
        ("band_5", "band_6", "band_7", "band_8a", "band_8b", "band_8c", "band_8d", "vsm"),
        (42, 33, 17, 5, 2, 0.8, 0.3, 0),
        (0.0, 0.55, 0.6, 0.6, 0.65, 0.65, 0.65, 0.3),
        (
            _r(("Staff Nurse", 1.0)),
            _r(("Staff Nurse", 0.3), ("Sister/Charge Nurse", 0.45), ("Specialist Nurse Practitioner", 0.25)),
            _r(("Sister/Charge Nurse", 0.5), ("Specialist Nurse Practitioner", 0.3), ("Modern Matron", 0.2)),
            _r(("Modern Matron", 0.5), ("Nurse Manager", 0.4), ("Nurse Consultant", 0.1)),
            _r(("Nurse Manager", 0.7), ("Nurse Consultant", 0.3)),
            _r(("Nurse Manager", 1.0)),
            _r(("Nurse Manager", 1.0)),
            _r(("Director of Nursing", 1.0)),
        ),
        "HJGEDCBA", 0.86, 0.10,
        hire_age=((27, 7), (33, 7), (38, 7), (42, 6), (45, 6), (47, 5), (48, 5), (50, 4)),
    ),
    Profession(
        "midwifery", "Nursing and Midwifery Registered", "P", ("2", "3"),
        ("band_5", "band_6", "band_7", "band_8a", "band_8b"),
        (20, 55, 18, 5, 2),
        (0.0, 0.7, 0.6, 0.6, 0.6),
        (
            _r(("Midwife", 1.0)),
            _r(("Midwife", 1.0)),
            _r(("Midwife", 0.6), ("Midwife - Manager", 0.4)),
            _r(("Midwife - Manager", 1.0)),
            _r(("Midwife - Manager", 1.0)),
        ),
        "ABCDE", 0.98, 0.10,
        hire_age=((27, 6), (32, 7), (38, 7), (43, 6), (46, 5)),
    ),
    Profession(
        "allied_health", "Allied Health Professionals", "S", ("1", "2", "3", "4", "5"),
        ("band_5", "band_6", "band_7", "band_8a", "band_8b", "band_8c"),
        (25, 38, 25, 8, 3, 1),
        (0.0, 0.6, 0.6, 0.6, 0.6, 0.6),
        tuple(
            _r(("Physiotherapist", 0.3), ("Occupational Therapist", 0.3), ("Speech and Language Therapist", 0.15),
               ("Dietitian", 0.1), ("Radiographer - Diagnostic", 0.15))
            for _ in range(5)
        ) + (_r(("Manager", 1.0)),),
        "ABCDEF", 0.80, 0.11,
        hire_age=((26, 5), (32, 6), (37, 7), (42, 6), (45, 6), (47, 5)),
    ),
    Profession(
        "paramedic", "Allied Health Professionals", "A", ("1", "2"),
        ("band_5", "band_6", "band_7", "band_8a", "band_8b"),
        (30, 50, 15, 4, 1),
        (0.0, 0.7, 0.6, 0.6, 0.6),
        (
            _r(("Paramedic", 1.0)),
            _r(("Paramedic", 1.0)),
            _r(("Paramedic", 0.5), ("Advanced Practitioner", 0.5)),
            _r(("Manager", 1.0)),
            _r(("Senior Manager", 1.0)),
        ),
        "ABCDE", 0.50, 0.10,
        hire_age=((26, 5), (32, 6), (38, 7), (43, 6), (46, 5)),
    ),
    Profession(
        "healthcare_science", "Healthcare Scientists", "U", ("1", "2", "3"),
        ("band_4", "band_5", "band_6", "band_7", "band_8a", "band_8b", "band_8c"),
        (8, 20, 30, 25, 10, 5, 2),
        (0.0, 0.3, 0.6, 0.6, 0.6, 0.6, 0.6),
        tuple(_r(("Healthcare Scientist", 0.5), ("Biomedical Scientist", 0.35), ("Clinical Physiologist", 0.15))
              for _ in range(7)),
        "ABCDEFG", 0.65, 0.09,
        hire_age=((25, 5), (27, 5), (32, 6), (37, 7), (42, 6), (45, 6), (47, 5)),
    ),
    Profession(
        "scientific_technical", "Additional Professional Scientific and Technical", "S", ("6", "7", "8", "9"),
        ("band_4", "band_5", "band_6", "band_7", "band_8a", "band_8b", "band_8c", "band_8d", "band_9"),
        (15, 12, 15, 25, 15, 10, 5, 2, 1),
        (0.0, 0.3, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6),
        (
            _r(("Pharmacy Technician", 0.6), ("Assistant Psychologist", 0.4)),
            _r(("Pharmacy Technician", 0.5), ("Assistant Psychologist", 0.5)),
            _r(("Psychological Therapist", 0.6), ("Pharmacist", 0.4)),
            _r(("Psychological Therapist", 0.4), ("Pharmacist", 0.3), ("Clinical Psychologist", 0.3)),
            _r(("Clinical Psychologist", 0.6), ("Pharmacist", 0.4)),
            _r(("Clinical Psychologist", 0.6), ("Pharmacist", 0.4)),
            _r(("Clinical Psychologist", 0.6), ("Pharmacist", 0.4)),
            _r(("Clinical Psychologist", 0.5), ("Pharmacist", 0.5)),
            _r(("Clinical Psychologist", 0.5), ("Pharmacist", 0.5)),
        ),
        "JKLMNPQRS", 0.78, 0.10,
        hire_age=((25, 5), (27, 5), (31, 6), (35, 7), (40, 6), (43, 6), (46, 5), (48, 5), (50, 5)),
    ),
    Profession(
        "clinical_support", "Additional Clinical Services", "H", ("1", "2", "3"),
        ("band_2", "band_3", "band_4"),
        (25, 50, 25),
        (0.0, 0.35, 0.4),
        (
            _r(("Healthcare Assistant", 0.6), ("Support Worker", 0.4)),
            _r(("Healthcare Assistant", 0.4), ("Support Worker", 0.5), ("Technician", 0.1)),
            _r(("Assistant Practitioner", 0.4), ("Nursing Associate", 0.4), ("Support Worker", 0.2)),
        ),
        "ABC", 0.80, 0.14,
        hire_age=((33, 12), (37, 11), (39, 10)),
    ),
    Profession(
        "students", "Students", "N", ("9",),
        ("band_3", "band_4"),
        (55, 45),
        (0.0, 0.5),
        (_r(("Student Nurse", 0.7), ("Trainee Nursing Associate", 0.3)),
         _r(("Student Nurse", 0.5), ("Trainee Nursing Associate", 0.5))),
        "AB", 0.85, 0.35, fixed_term_share=1.0,
        hire_age=((24, 6), (27, 7)),
    ),
    Profession(
        "admin_clerical", "Administrative and Clerical", "G", ("1", "2", "3", "4", "5"),
        ("band_2", "band_3", "band_4", "band_5", "band_6", "band_7",
         "band_8a", "band_8b", "band_8c", "band_8d", "band_9", "vsm"),
        (18, 28, 22, 12, 8, 6, 3.5, 1.8, 1.0, 0.5, 0.3, 0),
        (0.0, 0.3, 0.4, 0.5, 0.55, 0.55, 0.6, 0.6, 0.65, 0.65, 0.65, 0.3),
        (
            _r(("Clerical Worker", 0.5), ("Receptionist", 0.5)),
            _r(("Administrator", 0.5), ("Secretary/Typist", 0.2), ("Medical Secretary", 0.3)),
            _r(("Administrator", 0.4), ("Medical Secretary", 0.3), ("Officer", 0.3)),
            _r(("Officer", 0.6), ("Administrator", 0.4)),
            _r(("Officer", 0.5), ("Manager", 0.5)),
            _r(("Manager", 1.0)),
            _r(("Manager", 1.0)),
            _r(("Senior Manager", 1.0)),
            _r(("Senior Manager", 1.0)),
            _r(("Senior Manager", 1.0)),
            _r(("Senior Manager", 1.0)),
            _r(("Chief Executive", 0.2), ("Finance Director", 0.2), ("Other Executive Director", 0.6)),
        ),
        "ABCDEFGHJKLM", 0.76, 0.11,
        hire_age=((32, 12), (35, 11), (37, 10), (38, 9), (40, 8), (42, 8), (44, 7), (46, 6), (47, 6),
                  (48, 5), (50, 5), (52, 5)),
    ),
    Profession(
        "estates_ancillary", "Estates and Ancillary", "G", ("6", "7", "8"),
        ("band_1", "band_2", "band_3", "band_4", "band_5", "band_6", "band_7"),
        (2, 55, 20, 10, 6, 4, 3),
        (0.0, 0.0, 0.3, 0.4, 0.5, 0.5, 0.5),
        (
            _r(("Domestic", 0.6), ("Catering Staff", 0.4)),
            _r(("Domestic", 0.4), ("Porter", 0.25), ("Catering Staff", 0.2), ("Housekeeper", 0.15)),
            _r(("Porter", 0.3), ("Driver", 0.3), ("Security Officer", 0.2), ("Housekeeper", 0.2)),
            _r(("Maintenance Craftsperson", 0.7), ("Supervisor", 0.3)),
            _r(("Maintenance Craftsperson", 0.5), ("Supervisor", 0.5)),
            _r(("Estates Officer", 0.6), ("Manager", 0.4)),
            _r(("Manager", 1.0)),
        ),
        "ABCDEFG", 0.52, 0.12,
        hire_age=((45, 10), (38, 12), (40, 11), (41, 10), (43, 9), (45, 8), (47, 7)),
    ),
    Profession(
        "medical_training", "Medical and Dental", "", ("100", "101", "110", "120", "130", "300", "340", "360", "420",
                                                       "500", "600", "700", "710", "800"),
        ("foundation_year_1", "foundation_year_2", "core_training", "specialty_registrar", "consultant"),
        (10, 10, 15, 25, 40),
        (0.0, 0.8, 0.3, 0.4, 0.3),
        (
            _r(("Foundation Year 1", 1.0)),
            _r(("Foundation Year 2", 1.0)),
            _r(("Core Training", 1.0)),
            _r(("Specialty Registrar", 1.0)),
            _r(("Consultant", 1.0)),
        ),
        "", 0.50, 0.20, fixed_term_share=0.0, part_time_share=0.15,
        hire_age=((24, 1.5), (25, 1.5), (28, 2.5), (31, 3), (38, 4)),
    ),
    Profession(
        "medical_career", "Medical and Dental", "", ("101", "110", "130", "300", "360", "700", "710"),
        ("trust_grade_career", "specialty_doctor", "associate_specialist", "specialist"),
        (25, 55, 8, 12),
        (0.0, 0.3, 0.3, 0.3),
        (
            _r(("Trust Grade Doctor", 1.0)),
            _r(("Specialty Doctor", 1.0)),
            _r(("Associate Specialist", 1.0)),
            _r(("Specialist", 1.0)),
        ),
        "", 0.45, 0.10, fixed_term_share=0.05, locum_share=0.1, part_time_share=0.2,
        hire_age=((32, 5), (38, 6), (46, 6), (45, 6)),
    ),
    Profession(
        "medical_other", "Medical and Dental", "", ("101", "130", "300", "700"),
        ("clinical_fellow", "trust_grade_specialty_registrar"),
        (60, 40),
        (0.0, 0.2),
        (_r(("Clinical Fellow", 1.0)), _r(("Trust Grade Doctor", 1.0))),
        "", 0.45, 0.40, fixed_term_share=0.5, locum_share=0.5, part_time_share=0.1,
        hire_age=((29, 3), (32, 4)),
    ),
)
PROFESSION_INDEX: dict[str, int] = {p.key: i for i, p in enumerate(PROFESSIONS)}

#: Job roles that make a consultant a "senior medical manager" (indicator 1 sub-count).
MEDICAL_DIRECTOR_ROLE = "Medical Director"
CLINICAL_DIRECTOR_ROLE = "Clinical Director"
SENIOR_MEDICAL_MANAGER_ROLES: tuple[str, ...] = (MEDICAL_DIRECTOR_ROLE, CLINICAL_DIRECTOR_ROLE)


def all_job_roles() -> tuple[str, ...]:
    """Every job role used by any profession, in first-seen order, plus the medical manager roles."""
    seen: dict[str, None] = {}
    for prof in PROFESSIONS:
        for level_roles in prof.roles:
            for role, _ in level_roles:
                seen.setdefault(role, None)
    for role in SENIOR_MEDICAL_MANAGER_ROLES:
        seen.setdefault(role, None)
    return tuple(seen)


JOB_ROLES: tuple[str, ...] = all_job_roles()
JOB_ROLE_INDEX: dict[str, int] = {r: i for i, r in enumerate(JOB_ROLES)}

# ---------------------------------------------------------------------------------------
# Assignment categories and statuses (source-extracts.md §2.3.4, §2.3.5)
# ---------------------------------------------------------------------------------------

CATEGORIES: tuple[str, ...] = ("Permanent", "Fixed Term Temp", "Locum", "Bank")
CAT_PERMANENT, CAT_FIXED_TERM, CAT_LOCUM, CAT_BANK = range(4)

STATUSES: tuple[str, ...] = (
    "Active Assignment", "Acting Up", "Internal Secondment", "Maternity & Adoption",
    "Career Break", "Suspend No Pay", "External Secondment",
)
(ST_ACTIVE, ST_ACTING_UP, ST_INTERNAL_SECONDMENT, ST_MATERNITY,
 ST_CAREER_BREAK, ST_SUSPEND_NO_PAY, ST_EXTERNAL_SECONDMENT) = range(7)

#: Transient statuses: (status, quarterly start probability, min quarters, max quarters).
#: Maternity applies to women aged 22-44 only; acting up is handled separately.
TRANSIENT_STATUSES: tuple[tuple[int, float, int, int], ...] = (
    (ST_MATERNITY, 0.018, 2, 4),
    (ST_INTERNAL_SECONDMENT, 0.004, 2, 4),
    (ST_CAREER_BREAK, 0.0015, 2, 6),
    (ST_SUSPEND_NO_PAY, 0.0008, 1, 2),
    (ST_EXTERNAL_SECONDMENT, 0.0015, 2, 4),
)

GENDERS: tuple[str, ...] = ("Female", "Male")

DISABILITY: tuple[tuple[str, float], ...] = (
    ("No", 0.78), ("Yes", 0.05), ("Not Declared", 0.10), ("Prefer Not To Answer", 0.02), ("Unspecified", 0.05),
)

AGE_BANDS: tuple[tuple[int, str], ...] = (
    (20, "<=20 Years"), (25, "21-25"), (30, "26-30"), (35, "31-35"), (40, "36-40"), (45, "41-45"),
    (50, "46-50"), (55, "51-55"), (60, "56-60"), (65, "61-65"), (70, "66-70"), (200, ">=71 Years"),
)

# ---------------------------------------------------------------------------------------
# Ethnicity (source-extracts.md §1.8): ESR coded labels with WRES group and weight
# ---------------------------------------------------------------------------------------

WHITE, BME, UNKNOWN = 0, 1, 2
WRES_GROUPS: tuple[str, ...] = ("white", "bme", "unknown")

#: (ESR label, WRES group, weight within the group).  Includes ESR two-character local
#: sub-codes (``C3``, ``LK`` ...) and the several spellings of "unknown".
ETHNIC_ORIGINS: tuple[tuple[str, int, float], ...] = (
    ("A White - British", WHITE, 0.78),
    ("B White - Irish", WHITE, 0.03),
    ("C White - Any other White background", WHITE, 0.09),
    ("C2 White Northern Irish", WHITE, 0.01),
    ("C3 White Other European", WHITE, 0.04),
    ("CK White Italian", WHITE, 0.01),
    ("CP White Polish", WHITE, 0.04),
    ("D Mixed - White and Black Caribbean", BME, 0.02),
    ("E Mixed - White and Black African", BME, 0.02),
    ("F Mixed - White and Asian", BME, 0.02),
    ("G Mixed - Any other mixed background", BME, 0.02),
    ("GD Mixed Chinese and White", BME, 0.005),
    ("H Asian or Asian British - Indian", BME, 0.20),
    ("J Asian or Asian British - Pakistani", BME, 0.06),
    ("K Asian or Asian British - Bangladeshi", BME, 0.02),
    ("L Asian or Asian British - Any other Asian background", BME, 0.12),
    ("LH Asian British", BME, 0.01),
    ("LK Asian Sri Lankan", BME, 0.02),
    ("M Black or Black British - Caribbean", BME, 0.05),
    ("N Black or Black British - African", BME, 0.20),
    ("P Black or Black British - Any other Black background", BME, 0.025),
    ("PD Black British", BME, 0.01),
    ("R Other Ethnic Groups - Chinese", BME, 0.02),
    ("S Other Ethnic Groups - Any other ethnic group", BME, 0.05),
    ("SC Filipino", BME, 0.08),
    ("Z Not Stated", UNKNOWN, 0.55),
    ("Unspecified", UNKNOWN, 0.25),
    ("", UNKNOWN, 0.15),
    ("Not Stated", UNKNOWN, 0.05),
)

# ---------------------------------------------------------------------------------------
# Leaving reasons (source-extracts.md §2.5)
# ---------------------------------------------------------------------------------------

LOW_INFO_REASON = "Voluntary Resignation - Other/Not Known"

#: Reasons by leaver circumstance, with weights.  The low-information share (the
#: "Other/Not Known" reason and blanks) is applied on top of these, see TruthParams.
LEAVING_REASONS: dict[str, tuple[tuple[str, float], ...]] = {
    "general": (
        ("Voluntary Resignation - Work Life Balance", 0.17),
        ("Voluntary Resignation - Relocation", 0.15),
        ("Voluntary Resignation - Promotion", 0.14),
        ("Voluntary Resignation - Better Reward Package", 0.05),
        ("Voluntary Resignation - Child Dependants", 0.04),
        ("Voluntary Resignation - Adult Dependants", 0.03),
        ("Voluntary Resignation - Health", 0.05),
        ("Voluntary Resignation - Incompatible Working Relationships", 0.03),
        ("Voluntary Resignation - Lack of Opportunities", 0.03),
        ("Voluntary Resignation - To undertake further education or training", 0.05),
        ("Employee Transfer", 0.08),
        ("Dismissal - Capability", 0.02),
        ("Dismissal - Conduct", 0.025),
        ("Dismissal - Some Other Substantial Reason", 0.01),
        ("Dismissal - Statutory Reason", 0.003),
        ("Mutually Agreed Resignation - Local Scheme with Repayment", 0.005),
        ("Redundancy - Compulsory", 0.004),
        ("Redundancy - Voluntary", 0.006),
        ("Death in Service", 0.003),
        ("Pregnancy", 0.002),
        ("Has Not Worked", 0.01),
    ),
    "retirement": (
        ("Retirement Age", 0.55),
        ("Flexi Retirement", 0.15),
        ("Voluntary Early Retirement - no Actuarial Reduction", 0.12),
        ("Voluntary Early Retirement - with Actuarial Reduction", 0.08),
        ("Retirement - Ill Health", 0.06),
        ("Death in Service", 0.04),
    ),
    "fixed_term": (
        ("End of Fixed Term Contract", 0.25),
        ("End of Fixed Term Contract - Completion of Training Scheme", 0.25),
        ("End of Fixed Term Contract - End of Work Requirement", 0.15),
        ("End of Fixed Term Contract - External Rotation", 0.25),
        ("End of Fixed Term Contract - Other", 0.10),
    ),
    "bank": (
        ("Bank Staff not fulfilled minimum work requirement", 0.55),
        ("Voluntary Resignation - Work Life Balance", 0.15),
        ("Voluntary Resignation - Relocation", 0.10),
        ("Has Not Worked", 0.20),
    ),
}
LEAVING_CIRCUMSTANCES: tuple[str, ...] = ("general", "retirement", "fixed_term", "bank")

# ---------------------------------------------------------------------------------------
# Trust types: profession mix and directorate / team templates
# ---------------------------------------------------------------------------------------

#: Team name suffixes: compass points for community teams, tree names for wards.
PLACE_SUFFIXES: tuple[str, ...] = ("North", "South", "East", "West", "Central", "North East", "South West",
                                   "North West", "South East", "Rural")
WARD_NAMES: tuple[str, ...] = ("Willow", "Oak", "Ash", "Beech", "Cedar", "Elm", "Hazel", "Rowan", "Maple",
                               "Birch", "Holly", "Juniper", "Larch", "Poplar", "Sycamore", "Alder", "Aspen",
                               "Chestnut", "Hawthorn", "Linden", "Magnolia", "Yew", "Laurel", "Cherry")


@dataclass(frozen=True)
class DirectorateTemplate:
    """A directorate: its name, ESR area of work, weight (share of teams), team name
    templates (``{place}`` / ``{ward}`` / ``{n}`` placeholders), profession weights and
    kind (``clinical``, ``corporate`` or ``estates``)."""

    name: str
    area_of_work: str
    weight: float
    teams: tuple[str, ...]
    professions: tuple[tuple[str, float], ...]
    kind: str = "clinical"


_CLINICAL_MIX: tuple[tuple[str, float], ...] = (
    ("registered_nursing", 30), ("clinical_support", 25), ("allied_health", 8), ("scientific_technical", 5),
    ("admin_clerical", 9), ("medical_training", 7), ("medical_career", 3), ("medical_other", 2),
    ("students", 3), ("estates_ancillary", 0.5),
)
_CORPORATE_MIX: tuple[tuple[str, float], ...] = (("admin_clerical", 100),)
_ESTATES_MIX: tuple[tuple[str, float], ...] = (("estates_ancillary", 85), ("admin_clerical", 15))

_CORPORATE = DirectorateTemplate(
    "Corporate Services", "Corporate Services", 0.12,
    ("Executive Office", "Finance Team {n}", "Workforce and OD Team {n}", "Digital Services Team {n}",
     "Governance and Quality Team {n}", "Communications Team {n}", "Procurement Team {n}"),
    _CORPORATE_MIX, kind="corporate",
)
_ESTATES = DirectorateTemplate(
    "Estates and Facilities", "Estates", 0.07,
    ("Estates Maintenance Team {place}", "Facilities and Domestic Services {place}", "Catering Service {place}",
     "Portering and Transport {place}"),
    _ESTATES_MIX, kind="estates",
)


@dataclass(frozen=True)
class TrustType:
    """A kind of NHS trust: name suffix, profession shares of headcount, directorates."""

    key: str
    name_suffix: str
    profession_shares: tuple[tuple[str, float], ...]
    directorates: tuple[DirectorateTemplate, ...]


TRUST_TYPES: dict[str, TrustType] = {
    "mental_health": TrustType(
        "mental_health", "Mental Health NHS Trust",
        (("registered_nursing", 0.25), ("clinical_support", 0.22), ("allied_health", 0.05),
         ("scientific_technical", 0.10), ("healthcare_science", 0.005), ("admin_clerical", 0.25),
         ("estates_ancillary", 0.05), ("medical_training", 0.025), ("medical_career", 0.02),
         ("medical_other", 0.005), ("students", 0.02)),
        (
            DirectorateTemplate("Adult Mental Health Services", "Adult Mental Health", 0.30,
                                ("Community Mental Health Team {place}", "Crisis Resolution and Home Treatment {place}",
                                 "Acute Inpatient Ward - {ward}", "Early Intervention in Psychosis {place}",
                                 "Psychiatric Liaison Service {place}", "Psychiatric Intensive Care Unit - {ward}"),
                                _CLINICAL_MIX),
            DirectorateTemplate("Older Adult Mental Health Services", "Old Age Psychiatry", 0.13,
                                ("Older Adult Community Team {place}", "Memory Assessment Service {place}",
                                 "Older Adult Ward - {ward}"), _CLINICAL_MIX),
            DirectorateTemplate("Children and Young People's Services", "Child and Adolescent Psychiatry", 0.12,
                                ("CAMHS Community Team {place}", "CAMHS Inpatient Unit - {ward}",
                                 "Eating Disorders Service {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Forensic and Specialist Services", "Forensic Psychiatry", 0.10,
                                ("Secure Ward - {ward}", "Forensic Community Team {place}",
                                 "Learning Disability Service {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Community Health Services", "Community Services", 0.10,
                                ("District Nursing Team {place}", "Community Therapy Team {place}",
                                 "Community Hospital Ward - {ward}"), _CLINICAL_MIX),
            DirectorateTemplate("Psychological Services", "Psychotherapy", 0.06,
                                ("Talking Therapies {place}", "Psychology Service {place}"),
                                (("scientific_technical", 70), ("admin_clerical", 15), ("clinical_support", 15))),
            _CORPORATE, _ESTATES,
        ),
    ),
    "acute": TrustType(
        "acute", "Hospitals NHS Trust",
        (("registered_nursing", 0.27), ("midwifery", 0.03), ("clinical_support", 0.17), ("allied_health", 0.07),
         ("scientific_technical", 0.04), ("healthcare_science", 0.04), ("admin_clerical", 0.18),
         ("estates_ancillary", 0.07), ("medical_training", 0.085), ("medical_career", 0.025),
         ("medical_other", 0.01), ("students", 0.01)),
        (
            DirectorateTemplate("Medicine and Emergency Care", "General Medicine", 0.24,
                                ("Acute Medical Unit - {ward}", "Emergency Department {place}", "Cardiology Ward - {ward}",
                                 "Respiratory Ward - {ward}", "Elderly Care Ward - {ward}", "Stroke Unit - {ward}",
                                 "Endoscopy Unit {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Surgery and Critical Care", "General Surgery", 0.20,
                                ("Surgical Ward - {ward}", "Theatres {place}", "Day Surgery Unit {place}",
                                 "Critical Care Unit {place}", "Orthopaedic Ward - {ward}", "Anaesthetics Team {n}"),
                                _CLINICAL_MIX),
            DirectorateTemplate("Women and Children", "Obstetrics and Gynaecology", 0.12,
                                ("Maternity Ward - {ward}", "Labour Ward {place}", "Community Midwifery Team {place}",
                                 "Neonatal Unit {place}", "Paediatric Ward - {ward}"),
                                (("midwifery", 30),) + _CLINICAL_MIX),
            DirectorateTemplate("Clinical Support Services", "Clinical Support", 0.15,
                                ("Pathology Laboratory {n}", "Radiology Department {place}", "Pharmacy Department {n}",
                                 "Therapy Services {place}", "Outpatients Department {place}"),
                                (("healthcare_science", 30), ("allied_health", 25), ("scientific_technical", 15),
                                 ("clinical_support", 10), ("admin_clerical", 15), ("medical_training", 3),
                                 ("medical_career", 1))),
            DirectorateTemplate("Cancer and Specialist Services", "Oncology", 0.10,
                                ("Oncology Ward - {ward}", "Chemotherapy Day Unit {place}", "Renal Unit {place}",
                                 "Haematology Service {n}"), _CLINICAL_MIX),
            _CORPORATE, _ESTATES,
        ),
    ),
    "community": TrustType(
        "community", "Community Health NHS Trust",
        (("registered_nursing", 0.30), ("clinical_support", 0.20), ("allied_health", 0.15),
         ("scientific_technical", 0.05), ("admin_clerical", 0.22), ("estates_ancillary", 0.04),
         ("medical_training", 0.01), ("medical_career", 0.015), ("medical_other", 0.005), ("students", 0.01)),
        (
            DirectorateTemplate("Adult Community Services", "Community Services", 0.35,
                                ("District Nursing Team {place}", "Community Therapy Team {place}",
                                 "Rapid Response Team {place}", "Tissue Viability Service {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Children and Families", "Community Paediatrics", 0.20,
                                ("Health Visiting Team {place}", "School Nursing Team {place}",
                                 "Children's Therapy Team {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Community Hospitals", "Community Services", 0.18,
                                ("Community Hospital Ward - {ward}", "Minor Injuries Unit {place}"), _CLINICAL_MIX),
            DirectorateTemplate("Specialist Services", "Community Services", 0.08,
                                ("Diabetes Service {place}", "Podiatry Service {place}", "Sexual Health Service {place}"),
                                _CLINICAL_MIX),
            _CORPORATE, _ESTATES,
        ),
    ),
    "ambulance": TrustType(
        "ambulance", "Ambulance Service NHS Trust",
        (("paramedic", 0.36), ("clinical_support", 0.30), ("registered_nursing", 0.04), ("admin_clerical", 0.22),
         ("estates_ancillary", 0.05), ("medical_career", 0.003), ("students", 0.027)),
        (
            DirectorateTemplate("Emergency Operations", "Emergency Care", 0.55,
                                ("Ambulance Hub {place}", "Rapid Response Unit {place}", "Hazardous Area Response Team {n}"),
                                (("paramedic", 50), ("clinical_support", 40), ("students", 5), ("admin_clerical", 3),
                                 ("medical_career", 0.5))),
            DirectorateTemplate("Integrated Emergency and Urgent Care", "Emergency Care", 0.15,
                                ("Emergency Operations Centre {place}", "Clinical Assessment Service {place}"),
                                (("admin_clerical", 55), ("paramedic", 20), ("registered_nursing", 20),
                                 ("clinical_support", 5))),
            DirectorateTemplate("Patient Transport Services", "Patient Transport", 0.10,
                                ("Patient Transport Team {place}",), (("clinical_support", 80), ("admin_clerical", 20))),
            _CORPORATE,
            DirectorateTemplate("Fleet and Estates", "Estates", 0.06,
                                ("Fleet Workshop {place}", "Make Ready Team {place}", "Estates Team {place}"),
                                _ESTATES_MIX, kind="estates"),
        ),
    ),
}
