"""NHS Staff Survey (source-extracts.md §4) and the indicator 5-8 truth.

For each report year N the survey of year N-1 (one-year lag, wres-indicators.md §5.1) is
simulated: the sample is the §8 workforce at the 30 September snapshot of year N-1; each
person responds with probability ``TruthParams.survey_response_rate`` (times
``bme_survey_response_rr`` for BME staff).  Respondents report their ethnicity in the
survey's own codes (the census wording of their ESR ethnicity; undeclared in ESR -> mostly
blank), gender, age band and occupational group, and answer the WRES items with planted
group rates (``harassment_public``, ``harassment_manager``, ``harassment_colleague``,
``equal_opportunity_yes`` / ``_dont_know``, ``discrimination_public`` / ``_staff``;
BME staff report more harassment and discrimination and fewer Yes to q15).

Question numbers move between survey years, so every year has its own map
(:data:`QUESTION_MAPS`), checked against the 2021-2025 questionnaires (public copies in
the ``ebmgt/NHS-Gender`` repository): the WRES items are q14a-c, q15, q16a-b throughout;
ethnicity is q25 (2021), q27 (2022), q28 (2023-2025); gender / age q24a / q24c (2021),
q26a / q26c (2022), q27a / q27c (2023-2025); occupational group q31 / q33 / q35.  The
2025 ethnicity list inserts ``13 Filipino`` (codes 13-19 shift by one); 2021-2024 use
codes 01-18 (§4.3).  Survey years without a verified map (before 2021, after 2025) are
not generated.

Shapes (``generate(shapes={"staff_survey": ...})``):

* ``respondent_csv`` (default): ``staff_survey/NSS_Respondents_<ORG>_<YYYY>.csv`` (§4.4:
  ``Respondent ID`` (never an ESR number), ``Survey Year``, ``Organisation Code``,
  ``Breakdown 1`` (directorate), ``Mode``, then that year's question columns);
* ``published_workbook``: ``staff_survey/NSS_Organisational_Results_<ORG>_<YYYY>.xlsx``
  in the published organisational-results shape (§4.1): one sheet per section named
  like ``HEALTH WELLBEING SAFETY Q13-14``, four preamble rows with question labels
  (``Q14a - …``) merged across their response columns on row 1, the header on row 5
  (``ODS code``, ``Organisation name``, ``Benchmarking group``, ``Region``, ``ICS/STP``,
  ``Weighting``, ``% Never`` …), one unweighted and one ``Occupation Group`` weighted
  row, ``-`` for cells based on fewer than 11 responses; plus a ``WRES`` sheet (header on
  row 5: ``ODS code``, ``Organisation name``, ``Indicator``, ``Ethnic Group``,
  ``Percent``, ``Responses``) and a ``Notes`` sheet;
* ``respondent_csv_and_workbook``: both.

Truth ``indicator_5`` … ``indicator_8``: respondent-level counts per report year (base
and positive per survey ethnic group, §5.2 rules: indicator 6 = manager OR colleagues,
base = answered either; indicator 7 base excludes Don't know, whose count is stored).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from ..simulation import Simulation
from ..truth import counted_people, register_truth
from ..writers import WriteContext, WrittenFile, register_writer
from .common import (
    CENSUS_UNKNOWN,
    ESR_FILIPINO,
    ESR_TO_CENSUS,
    cached,
    days,
    source_rng,
    to_day,
    write_report_csv,
)

SOURCE = "staff_survey"
MIN_RESPONSES = 11

#: Logical item -> question column, per survey year (verified 2021-2025).
_ITEMS_2021_2025 = {"harass_public": "q14a", "harass_manager": "q14b", "harass_colleague": "q14c",
                    "equal_opportunity": "q15", "discrim_public": "q16a", "discrim_staff": "q16b"}
QUESTION_MAPS: dict[int, dict[str, str]] = {
    2021: {**_ITEMS_2021_2025, "gender": "q24a", "age": "q24c", "ethnicity": "q25", "occupation": "q31"},
    2022: {**_ITEMS_2021_2025, "gender": "q26a", "age": "q26c", "ethnicity": "q27", "occupation": "q33"},
    2023: {**_ITEMS_2021_2025, "gender": "q27a", "age": "q27c", "ethnicity": "q28", "occupation": "q35"},
    2024: {**_ITEMS_2021_2025, "gender": "q27a", "age": "q27c", "ethnicity": "q28", "occupation": "q35"},
    2025: {**_ITEMS_2021_2025, "gender": "q27a", "age": "q27c", "ethnicity": "q28", "occupation": "q35"},
}
ITEM_ORDER = ("harass_public", "harass_manager", "harass_colleague", "equal_opportunity", "discrim_public",
              "discrim_staff", "ethnicity", "gender", "age", "occupation")

_ETHNICITY_2021_2024: tuple[str, ...] = (
    "White: English / Welsh / Scottish / Northern Irish / British", "White: Irish", "White: Gypsy or Irish Traveller",
    "White: Any other White background", "Mixed: White and Black Caribbean", "Mixed: White and Black African",
    "Mixed: White and Asian", "Mixed: Any other Mixed / Multiple ethnic background", "Asian: Indian",
    "Asian: Pakistani", "Asian: Bangladeshi", "Asian: Chinese", "Asian: Any other Asian background",
    "Black: African", "Black: Caribbean", "Black: Any other Black / African / Caribbean background", "Other: Arab",
    "Other: Any other ethnic background",
)
_ETHNICITY_2025 = _ETHNICITY_2021_2024[:12] + ("Asian: Filipino",) + _ETHNICITY_2021_2024[12:]
#: Ethnicity answer codes (1-based) per survey year.
ETHNICITY_CODES: dict[int, tuple[str, ...]] = {2021: _ETHNICITY_2021_2024, 2022: _ETHNICITY_2021_2024,
                                               2023: _ETHNICITY_2021_2024, 2024: _ETHNICITY_2021_2024,
                                               2025: _ETHNICITY_2025}
WHITE_CODES = (1, 2, 3, 4)  # the same in every verified year

FREQUENCY = ("Never", "1-2", "3-5", "6-10", "More than 10")
GENDER = ((1, "Female"), (2, "Male"), (3, "Non-binary"), (4, "Prefer to self-describe"), (9, "Prefer not to say"))
AGE = ((1, "16-20"), (2, "21-30"), (3, "31-40"), (4, "41-50"), (5, "51-65"), (6, "66+"))
AGE_EDGES = (20, 30, 40, 50, 65, 200)

#: Occupational group: logical key -> code in the 2021/2022 list and in the 2023-2025 list.
OCCUPATION_CODES: dict[str, tuple[int, int]] = {
    "ot": (1, 1), "physio": (2, 2), "radiography": (3, 3), "pharmacy": (4, 4), "clinical_psychology": (5, 5),
    "psychotherapy": (6, 6), "slt": (8, 8), "other_ahp": (8, 9), "scientist": (10, 11), "science_support": (11, 12),
    "consultant": (12, 13), "trainee": (13, 14), "sas": (14, 15), "medical_other": (14, 16), "paramedic": (17, 19),
    "emergency_care_assistant": (18, 20), "ambulance_control": (20, 22), "patient_transport": (21, 23),
    "nurse_adult": (24, 26), "nurse_mental_health": (25, 27), "nurse_community": (30, 32), "midwife": (28, 30),
    "hca": (32, 34), "admin": (36, 38), "central_functions": (37, 39), "maintenance": (38, 40),
    "general_management": (39, 41), "other": (40, 42),
}
#: Broad occupation groups and national weights for the occupation-weighted workbook rows.
OCCUPATION_WEIGHT_GROUPS: dict[str, tuple[str, float]] = {
    **{k: ("ahp_science", 0.14) for k in ("ot", "physio", "radiography", "pharmacy", "clinical_psychology",
                                          "psychotherapy", "slt", "other_ahp", "scientist", "science_support")},
    **{k: ("medical", 0.10) for k in ("consultant", "trainee", "sas", "medical_other")},
    **{k: ("ambulance", 0.03) for k in ("paramedic", "emergency_care_assistant", "ambulance_control",
                                        "patient_transport")},
    **{k: ("nursing", 0.27) for k in ("nurse_adult", "nurse_mental_health", "nurse_community", "midwife")},
    "hca": ("hca", 0.17),
    **{k: ("admin", 0.22) for k in ("admin", "central_functions", "general_management")},
    "maintenance": ("estates", 0.05), "other": ("other", 0.02),
}
#: Harassment from the public by trust type (relative to acute).
PUBLIC_HARASSMENT_BY_TYPE = {"acute": 1.0, "mental_health": 1.15, "community": 0.85, "ambulance": 1.6}
BENCHMARKING_GROUP = {
    "acute": "Acute and Acute & Community Trusts",
    "mental_health": "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts",
    "community": "Community Trusts",
    "ambulance": "Ambulance Trusts",
}
ITEM_NONRESPONSE = 0.02


def survey_years(sim: Simulation) -> list[tuple[int, int]]:
    """(report year, survey year) pairs that are generated (survey year = report year - 1, mapped years only)."""
    return [(r, r - 1) for r in sim.report_years if r - 1 in QUESTION_MAPS]


def occupation_key(profession: str, job_role: str, grade: str, directorate: str, trust_type: str) -> str:
    """The survey occupational group a person would tick (from their ESR profession and role)."""
    if grade == "vsm":
        return "general_management"
    if profession == "registered_nursing":
        if job_role == "Nurse Manager" and grade in ("band_8c", "band_8d"):
            return "general_management"
        return {"mental_health": "nurse_mental_health", "community": "nurse_community"}.get(trust_type, "nurse_adult")
    if profession == "midwifery":
        return "midwife"
    if profession == "allied_health":
        return {"Physiotherapist": "physio", "Occupational Therapist": "ot", "Speech and Language Therapist": "slt",
                "Radiographer - Diagnostic": "radiography", "Manager": "general_management"}.get(job_role, "other_ahp")
    if profession == "paramedic":
        return "general_management" if "Manager" in job_role else "paramedic"
    if profession == "healthcare_science":
        return "science_support" if grade == "band_4" else "scientist"
    if profession == "scientific_technical":
        if job_role in ("Pharmacist", "Pharmacy Technician"):
            return "pharmacy"
        return "psychotherapy" if job_role == "Psychological Therapist" else "clinical_psychology"
    if profession == "clinical_support":
        if trust_type == "ambulance":
            return "patient_transport" if directorate == "Patient Transport Services" else "emergency_care_assistant"
        return "hca"
    if profession == "admin_clerical":
        if job_role in ("Manager", "Senior Manager"):
            return "general_management"
        if directorate == "Integrated Emergency and Urgent Care":
            return "ambulance_control"
        return "central_functions" if directorate == "Corporate Services" and grade not in (
            "band_2", "band_3", "band_4") else "admin"
    if profession == "estates_ancillary":
        return "maintenance"
    if profession == "medical_training":
        return "consultant" if grade == "consultant" else "trainee"
    if profession == "medical_career":
        return "sas"
    if profession == "medical_other":
        return "medical_other"
    return "other"


# ---------------------------------------------------------------------------------------
# Respondents
# ---------------------------------------------------------------------------------------


def _answers(rng: np.random.Generator, positive: np.ndarray, freq: bool) -> np.ndarray:
    """Frequency (1 Never, 2-5) or Yes/No (1 Yes, 2 No) codes; 0 = blank."""
    n = positive.size
    if freq:
        level = 2 + np.searchsorted(np.cumsum([0.55, 0.25, 0.10, 0.10]), rng.random(n), side="right")
        code = np.where(positive, np.minimum(level, 5), 1)
    else:
        code = np.where(positive, 1, 2)
    return np.where(rng.random(n) < ITEM_NONRESPONSE, 0, code)


def _survey(sim: Simulation, survey_year: int) -> pl.DataFrame:
    """Respondent rows of one survey year: canonical columns (``group`` from the survey answer)."""
    rng = source_rng(sim, f"survey:{survey_year}")
    sample_date = dt.date(survey_year, 9, 30)
    people = counted_people(sim.assignments.filter(pl.col("snapshot_date") == sample_date))
    p = sim.params
    bme_esr = (people["wres_group"] == "bme").to_numpy()
    respond = rng.random(people.height) < p.survey_response_rate * np.where(bme_esr, p.bme_survey_response_rr, 1.0)
    r = people.filter(pl.Series(respond))
    n = r.height
    # ethnicity as answered in the survey
    codes = ETHNICITY_CODES[survey_year]
    census = r["ethnic_origin"].replace_strict(ESR_TO_CENSUS, return_dtype=pl.String).to_numpy()
    if survey_year >= 2025:
        census = np.where(r["ethnic_origin"].to_numpy() == ESR_FILIPINO, "Asian: Filipino", census)
    code_of = {label: i + 1 for i, label in enumerate(codes)}
    eth = np.array([code_of.get(c, 0) for c in census], dtype="int64")
    unknown_esr = census == CENSUS_UNKNOWN
    # people undeclared in ESR mostly skip the question; some answer (White or BME at the org's mix)
    answer = unknown_esr & (rng.random(n) < 0.45)
    bme_share = float(np.mean(bme_esr)) if bme_esr.size else 0.2
    white_pick = np.array([1, 4, 2])[np.searchsorted([0.8, 0.95], rng.random(n), side="right")]
    bme_pick = np.array([9, 14, 13, 10, 8])[rng.integers(0, 5, n)]
    if survey_year >= 2025:
        bme_pick = np.where(bme_pick >= 13, bme_pick + 1, bme_pick)
    eth = np.where(answer, np.where(rng.random(n) < bme_share, bme_pick, white_pick), eth)
    eth = np.where(~unknown_esr & (rng.random(n) < 0.03), 0, eth)
    group = np.where(eth == 0, "unknown", np.where(np.isin(eth, WHITE_CODES), "white", "bme"))
    gi = np.where(group == "bme", 1, 0)

    def rate(pair: tuple[float, float]) -> np.ndarray:
        return np.array(pair)[gi]

    public_mult = PUBLIC_HARASSMENT_BY_TYPE.get(sim.org.trust_type, 1.0)
    q14a = _answers(rng, rng.random(n) < np.minimum(rate(p.harassment_public) * public_mult, 0.95), True)
    q14b = _answers(rng, rng.random(n) < rate(p.harassment_manager), True)
    q14c = _answers(rng, rng.random(n) < rate(p.harassment_colleague), True)
    dk = rng.random(n) < p.equal_opportunity_dont_know
    q15 = np.where(dk, 9, _answers(rng, rng.random(n) < rate(p.equal_opportunity_yes), False))
    q15 = np.where(dk & (rng.random(n) < ITEM_NONRESPONSE), 0, q15)
    q16a = _answers(rng, rng.random(n) < rate(p.discrimination_public), False)
    q16b = _answers(rng, rng.random(n) < rate(p.discrimination_staff), False)
    # background
    gender = np.where(r["gender"].to_numpy() == "Female", 1, 2)
    u = rng.random(n)
    gender = np.where(u < 0.004, 3, np.where(u < 0.007, 4, np.where(u < 0.027, 9, np.where(u < 0.045, 0, gender))))
    age_years = (to_day(dt.date(survey_year, 9, 1)) - days(r["date_of_birth"])) / 365.25
    age = 1 + np.searchsorted(np.array(AGE_EDGES), np.floor(age_years), side="left")
    age = np.where(rng.random(n) < 0.03, 0, np.minimum(age, 6))
    keys = r.select("profession", "job_role", "grade", "directorate").unique(maintain_order=True)
    occ_map = keys.with_columns(occupation=pl.Series([
        occupation_key(pr, jr, g, d, sim.org.trust_type) for pr, jr, g, d in keys.iter_rows()], dtype=pl.String))
    r = r.join(occ_map, on=["profession", "job_role", "grade", "directorate"], how="left", maintain_order="left")
    list_i = 0 if survey_year <= 2022 else 1
    occ_code = r["occupation"].replace_strict({k: v[list_i] for k, v in OCCUPATION_CODES.items()},
                                              return_dtype=pl.Int64).to_numpy()
    occ_code = np.where(rng.random(n) < 0.03, 0, occ_code)
    order = rng.permutation(n)
    rid = np.empty(n, dtype=object)
    rid[order] = [f"{survey_year % 100:02d}{sim.org.code}R{i + 1:05d}" for i in range(n)]
    return pl.DataFrame({
        "respondent_id": rid.tolist(),
        "survey_year": np.full(n, survey_year, dtype="int64"),
        "directorate": r["directorate"],
        "mode": np.where(rng.random(n) < 0.88, "Online", "Paper"),
        "harass_public": q14a, "harass_manager": q14b, "harass_colleague": q14c, "equal_opportunity": q15,
        "discrim_public": q16a, "discrim_staff": q16b, "ethnicity": eth, "gender": gender, "age": age,
        "occupation": occ_code, "occupation_key": r["occupation"], "group": group,
    }).sort("respondent_id")


def respondents(sim: Simulation) -> dict[int, pl.DataFrame]:
    """{survey year: respondent rows} for every generated survey year."""
    return cached(sim, "survey", lambda s: {sy: _survey(s, sy) for _, sy in survey_years(s)})


def respondent_frame(sim: Simulation, survey_year: int) -> pl.DataFrame:
    """The §4.4 respondent-level file of one survey year, with that year's question numbers."""
    qmap = QUESTION_MAPS[survey_year]
    r = respondents(sim)[survey_year]

    def code(item: str) -> pl.Expr:
        return pl.when(pl.col(item) > 0).then(pl.col(item)).otherwise(None).alias(qmap[item])

    return r.select(
        pl.col("respondent_id").alias("Respondent ID"),
        pl.col("survey_year").alias("Survey Year"),
        pl.lit(sim.org.code).alias("Organisation Code"),
        pl.col("directorate").alias("Breakdown 1"),
        pl.col("mode").alias("Mode"),
        *[code(item) for item in ITEM_ORDER],
    )


def respondents_file_name(org_code: str, survey_year: int) -> str:
    return f"NSS_Respondents_{org_code}_{survey_year}.csv"


def workbook_file_name(org_code: str, survey_year: int) -> str:
    return f"NSS_Organisational_Results_{org_code}_{survey_year}.xlsx"


def _write_respondents(sim: Simulation, ctx: WriteContext, shape: str) -> list[WrittenFile]:
    out = []
    for _, sy in survey_years(sim):
        name = respondents_file_name(sim.org.code, sy)
        n = write_report_csv(ctx.out_dir / SOURCE / name, None, respondent_frame(sim, sy))
        out.append(WrittenFile(SOURCE, shape, sim.org.code, f"{SOURCE}/{name}", n))
    return out


# ---------------------------------------------------------------------------------------
# Published organisational-results workbook
# ---------------------------------------------------------------------------------------

QUESTION_TEXT = {
    "harass_public": "Harassment, bullying or abuse at work from patients / service users, their relatives or "
                     "other members of the public in the last 12 months",
    "harass_manager": "Harassment, bullying or abuse at work from managers in the last 12 months",
    "harass_colleague": "Harassment, bullying or abuse at work from other colleagues in the last 12 months",
    "equal_opportunity": "Does your organisation act fairly with regard to career progression / promotion, "
                         "regardless of ethnic background, gender, religion, sexual orientation, disability or age?",
    "discrim_public": "Discrimination at work from patients / service users, their relatives or other members of "
                      "the public in the last 12 months",
    "discrim_staff": "Discrimination at work from a manager / team leader or other colleagues in the last 12 months",
    "gender": "Gender",
    "age": "Age",
    "ethnicity": "What is your ethnic group?",
}


def _responses(survey_year: int) -> dict[str, tuple[tuple[int, str], ...]]:
    eth = tuple((i + 1, label.split(": ", 1)[1]) for i, label in enumerate(ETHNICITY_CODES[survey_year]))
    yes_no = ((1, "Yes"), (2, "No"))
    return {
        "harass_public": tuple(enumerate(FREQUENCY, start=1)),
        "harass_manager": tuple(enumerate(FREQUENCY, start=1)),
        "harass_colleague": tuple(enumerate(FREQUENCY, start=1)),
        "equal_opportunity": ((1, "Yes"), (2, "No"), (9, "Don't know")),
        "discrim_public": yes_no,
        "discrim_staff": yes_no,
        "gender": GENDER,
        "age": AGE,
        "ethnicity": eth,
    }


def _sheets(survey_year: int) -> list[tuple[str, tuple[str, ...]]]:
    q15_sheet = "HEALTH WELLBEING SAFETY Q15-18" if survey_year == 2021 else "HEALTH WELLBEING SAFETY Q15-17"
    background = {2021: "BACKGROUND INFORMATION Q24-27", 2022: "BACKGROUND INFORMATION Q26-29"}.get(
        survey_year, "BACKGROUND INFORMATION Q27-30")
    return [
        ("HEALTH WELLBEING SAFETY Q13-14", ("harass_public", "harass_manager", "harass_colleague")),
        (q15_sheet, ("equal_opportunity", "discrim_public", "discrim_staff")),
        (background, ("gender", "age", "ethnicity")),
    ]


def _percentages(r: pl.DataFrame, item: str, codes: tuple[int, ...], weighted: bool) -> tuple[list, int]:
    """Percent of respondents answering each code (unweighted or occupation-weighted), and the base."""
    answered = r.filter(pl.col(item) > 0)
    base = answered.height
    if base < MIN_RESPONSES:
        return ["-"] * len(codes), base
    if not weighted:
        return [round(100.0 * float((answered[item] == c).sum()) / base, 1) for c in codes], base
    groups = answered.with_columns(
        wg=pl.col("occupation_key").replace_strict({k: v[0] for k, v in OCCUPATION_WEIGHT_GROUPS.items()},
                                                   return_dtype=pl.String),
        w=pl.col("occupation_key").replace_strict({k: v[1] for k, v in OCCUPATION_WEIGHT_GROUPS.items()},
                                                  return_dtype=pl.Float64))
    share = groups.group_by("wg").agg(pl.len().alias("n"), pl.col("w").first()).sort("wg")
    groups = groups.join(share, on="wg", how="left").with_columns(weight=pl.col("w_right") / pl.col("n"))
    total = float(groups["weight"].sum())
    return [round(100.0 * float(groups.filter(pl.col(item) == c)["weight"].sum()) / total, 1) for c in codes], base


def wres_table(sim: Simulation, survey_year: int) -> list[tuple[int, str, float | str, int]]:
    """(indicator, ethnic group, percent or '-', responses) rows of the WRES sheet."""
    counts = survey_counts(respondents(sim)[survey_year])
    rows = []
    for ind in (5, 6, 7, 8):
        for group, label in (("white", "White"), ("bme", "BME")):
            base, pos = counts[ind][group]["base"], counts[ind][group]["positive"]
            pct: float | str = round(100.0 * pos / base, 1) if base >= MIN_RESPONSES else "-"
            rows.append((ind, label, pct, base))
    return rows


def write_workbook(sim: Simulation, path, survey_year: int) -> int:
    """Write the organisational-results workbook of one survey year; returns the number of data rows."""
    import xlsxwriter  # only needed for this shape

    path.parent.mkdir(parents=True, exist_ok=True)
    r = respondents(sim)[survey_year]
    qmap = QUESTION_MAPS[survey_year]
    responses = _responses(survey_year)
    org = sim.org
    org_cols = ("ODS code", "Organisation name", "Benchmarking group", "Region", "ICS/STP", "Weighting")
    org_vals = (org.code, org.name, BENCHMARKING_GROUP.get(org.trust_type, "Other Trusts"), org.region_name,
                org.ics_name)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"title": f"NHS Staff Survey {survey_year} - organisational results",
                       "author": "Synthetic generator", "created": dt.datetime(survey_year + 1, 3, 1)})
    merged = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    bold = wb.add_format({"bold": True})
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, f"NHS Staff Survey {survey_year}: organisational results (synthetic data)")
    notes.write(1, 0, "Cells show the percentage of respondents giving each answer; '-' means fewer than "
                      f"{MIN_RESPONSES} responses (suppressed).")
    notes.write(2, 0, "Weighting 'Occupation Group': weighted by occupational group; 'Unweighted': raw percentages.")
    rows_written = 0
    for sheet_name, items in _sheets(survey_year):
        ws = wb.add_worksheet(sheet_name)
        ws.write(1, 0, f"NHS Staff Survey {survey_year}", bold)
        ws.write(2, 0, "Organisational results: percentage of respondents")
        ws.write(3, 0, f"Base: respondents answering each question; '-' = fewer than {MIN_RESPONSES} responses")
        for c, name in enumerate(org_cols):
            ws.write(4, c, name, bold)
        col = len(org_cols)
        values: dict[str, list] = {"Unweighted": [], "Occupation Group": []}
        for item in items:
            codes = tuple(code for code, _ in responses[item])
            labels = [f"% {label}" for _, label in responses[item]]
            title = f"Q{qmap[item][1:]} - {QUESTION_TEXT[item]}"
            if len(labels) > 1:
                ws.merge_range(0, col, 0, col + len(labels) - 1, title, merged)
            else:
                ws.write(0, col, title, merged)
            for j, label in enumerate(labels):
                ws.write(4, col + j, label, bold)
            for weighting in values:
                pct, _ = _percentages(r, item, codes, weighting == "Occupation Group")
                values[weighting].extend(pct)
            col += len(labels)
        for i, (weighting, vals) in enumerate(values.items()):
            for c, v in enumerate((*org_vals, weighting)):
                ws.write_string(5 + i, c, v)
            for c, v in enumerate(vals):
                if isinstance(v, str):
                    ws.write_string(5 + i, len(org_cols) + c, v)
                else:
                    ws.write_number(5 + i, len(org_cols) + c, v)
        rows_written += len(values)
    ws = wb.add_worksheet("WRES")
    ws.write(0, 0, "WRES", bold)
    ws.write(1, 0, f"NHS Staff Survey {survey_year}: WRES indicators 5-8 by ethnic group", bold)
    ws.write(2, 0, "Unweighted percentages; indicator 7 excludes Don't know answers")
    ws.write(3, 0, f"'-' = fewer than {MIN_RESPONSES} responses")
    header = ("ODS code", "Organisation name", "Indicator", "Ethnic Group", "Percent", "Responses")
    for c, name in enumerate(header):
        ws.write(4, c, name, bold)
    for i, (ind, label, pct, base) in enumerate(wres_table(sim, survey_year)):
        ws.write_string(5 + i, 0, org.code)
        ws.write_string(5 + i, 1, org.name)
        ws.write_number(5 + i, 2, ind)
        ws.write_string(5 + i, 3, label)
        if isinstance(pct, str):
            ws.write_string(5 + i, 4, pct)
        else:
            ws.write_number(5 + i, 4, pct)
        ws.write_number(5 + i, 5, base)
    wb.close()
    return rows_written


def _write_workbooks(sim: Simulation, ctx: WriteContext, shape: str) -> list[WrittenFile]:
    out = []
    for _, sy in survey_years(sim):
        name = workbook_file_name(sim.org.code, sy)
        n = write_workbook(sim, ctx.out_dir / SOURCE / name, sy)
        out.append(WrittenFile(SOURCE, shape, sim.org.code, f"{SOURCE}/{name}", n))
    return out


@register_writer(SOURCE, "respondent_csv", default=True)
def write_respondent_csv(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One respondent-level CSV per survey year."""
    return _write_respondents(sim, ctx, "respondent_csv")


@register_writer(SOURCE, "published_workbook")
def write_published_workbook(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    """One published-style organisational-results workbook per survey year."""
    return _write_workbooks(sim, ctx, "published_workbook")


@register_writer(SOURCE, "respondent_csv_and_workbook")
def write_both(sim: Simulation, ctx: WriteContext) -> list[WrittenFile]:
    shape = "respondent_csv_and_workbook"
    return _write_respondents(sim, ctx, shape) + _write_workbooks(sim, ctx, shape)


# ---------------------------------------------------------------------------------------
# Truth: indicators 5-8
# ---------------------------------------------------------------------------------------


def survey_counts(r: pl.DataFrame) -> dict[int, dict[str, dict[str, int]]]:
    """{indicator: {group: {base, positive[, dont_know]}}} from respondent rows (§5.2 rules)."""
    out: dict[int, dict[str, dict[str, int]]] = {}
    freq_pos = pl.col("harass_public").is_between(2, 5)
    staff_b, staff_c = pl.col("harass_manager"), pl.col("harass_colleague")
    rules = {
        5: (pl.col("harass_public") > 0, freq_pos),
        6: ((staff_b > 0) | (staff_c > 0), staff_b.is_between(2, 5) | staff_c.is_between(2, 5)),
        7: (pl.col("equal_opportunity").is_in([1, 2]), pl.col("equal_opportunity") == 1),
        8: (pl.col("discrim_staff") > 0, pl.col("discrim_staff") == 1),
    }
    for ind, (base, pos) in rules.items():
        out[ind] = {}
        for g in ("white", "bme", "unknown"):
            part = r.filter(pl.col("group") == g)
            cell = {"base": int(part.filter(base).height), "positive": int(part.filter(base & pos).height)}
            if ind == 7:
                cell["dont_know"] = int((part["equal_opportunity"] == 9).sum())
            out[ind][g] = cell
    return out


def _truth(sim: Simulation, indicator: int) -> list[dict]:
    rows = []
    for report_year, sy in survey_years(sim):
        r = respondents(sim)[sy]
        counts = survey_counts(r)[indicator]
        item = {5: "harass_public", 6: None, 7: "equal_opportunity", 8: "discrim_staff"}[indicator]
        qmap = QUESTION_MAPS[sy]
        row = {"org_code": sim.org.code, "report_year": report_year, "survey_year": sy, "subgroup": "all",
               "items": [qmap["harass_manager"], qmap["harass_colleague"]] if item is None else [qmap[item]],
               "respondents": r.height}
        for g in ("white", "bme", "unknown"):
            row[f"{g}_base"] = counts[g]["base"]
            row[f"{g}_positive"] = counts[g]["positive"]
            if indicator == 7:
                row[f"{g}_dont_know"] = counts[g]["dont_know"]
        for g in ("white", "bme"):
            base = counts[g]["base"]
            row[f"{g}_percent"] = 100.0 * counts[g]["positive"] / base if base else None
        rows.append(row)
    return rows


@register_truth("indicator_5")
def indicator_5(sim: Simulation) -> list[dict]:
    return _truth(sim, 5)


@register_truth("indicator_6")
def indicator_6(sim: Simulation) -> list[dict]:
    return _truth(sim, 6)


@register_truth("indicator_7")
def indicator_7(sim: Simulation) -> list[dict]:
    return _truth(sim, 7)


@register_truth("indicator_8")
def indicator_8(sim: Simulation) -> list[dict]:
    return _truth(sim, 8)
