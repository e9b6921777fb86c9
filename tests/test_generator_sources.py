"""Tests of the non-ESR sources of the generator (wres_synth.sources).

Consistency with ESR is checked on the *written files* (plus the simulation tables where a
file alone cannot say, e.g. which promotions went through a vacancy), and every truth
section for indicators 2-9 is recounted here from the written files with polars,
independently of the generator's code: census / ESR ethnicity wording mapped by hand,
the §5.1 mandatory-training derivation, the §8 headcount rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from wres_synth import TruthParams, generate, get_profile, simulate
from wres_synth.sources import board, er, olm, survey, trac
from wres_synth.sources.olm import CPD_COURSES, CSTF_SUBJECTS

REPORT_YEARS = (2025, 2026)
SOURCES = ("trac_applications", "er_cases", "olm_training", "staff_survey", "board_register", "action_plan")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("sources")
    result = generate(out, profile="small", seed=0)
    truth = json.loads((out / "_truth" / "truth.json").read_text(encoding="utf-8"))
    sim = simulate(get_profile("small").orgs[0], seed=0, years=2)
    return out, result, truth, sim


# --- independent readers and mappings --------------------------------------------------


def read_report(path: Path, first_column: str) -> tuple[pl.DataFrame, list[str], int | None]:
    """(rows as strings, preamble lines, Grand Total or None) of a CSV with an optional preamble."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith(first_column + ","))
    frame = pl.read_csv(path, skip_rows=header, infer_schema=False)
    trailer = frame.filter(pl.col(first_column) == "Grand Total")
    total = int(trailer[frame.columns[1]][0]) if trailer.height else None
    return frame.filter(pl.col(first_column) != "Grand Total"), lines[:header], total


def ddmmyyyy(col: str) -> pl.Expr:
    return pl.col(col).str.to_date("%d/%m/%Y")


def fy(col: str) -> pl.Expr:
    """Report year (year of the closing 31 March) of a date column."""
    return pl.when(pl.col(col).dt.month() <= 3).then(pl.col(col).dt.year()).otherwise(pl.col(col).dt.year() + 1)


UNKNOWN_WORDS = {"", "unspecified", "not stated", "z not stated", "not known", "prefer not to say",
                 "i do not wish to disclose"}


def group_of(label: str | None) -> str:
    """WRES group of an ESR coded label (first letter) or a census-style label (prefix before ':')."""
    text = (label or "").strip()
    if text.lower() in UNKNOWN_WORDS:
        return "unknown"
    if ":" in text:
        return "white" if text.lower().startswith("white") else "bme"
    letter = text[0].upper()
    return "white" if letter in "ABC" else ("unknown" if letter in "ZX" else "bme")


def esr_people(out: Path) -> pl.DataFrame:
    """One row per ESR employee number seen in any staff-in-post or leavers file."""
    frames = []
    for folder in ("esr_staff_in_post", "esr_leavers"):
        for path in sorted((out / folder).glob("*.csv")):
            frame, _, _ = read_report(path, "Employee Number")
            if "Leaving Reason" not in frame.columns:
                frame = frame.with_columns(pl.lit(None, pl.String).alias("Leaving Reason"))
            frames.append(frame.select("Employee Number", "Hire Date", "Ethnic Origin", "Staff Group",
                                       "Termination Date", "Leaving Reason"))
    rows = pl.concat(frames).with_columns(hired=ddmmyyyy("Hire Date"), terminated=ddmmyyyy("Termination Date"))
    return rows.group_by("Employee Number").agg(
        pl.col("hired").first(), pl.col("terminated").max(), pl.col("Ethnic Origin").first(),
        pl.col("Staff Group").first(), pl.col("Leaving Reason").drop_nulls().first(),
    ).with_columns(group=pl.col("Ethnic Origin").map_elements(group_of, return_dtype=pl.String))


def march_headcounts(out: Path) -> dict[int, Counter]:
    """§8 headcount by WRES group at each 31 March (counted categories / statuses, people not rows)."""
    out_counts = {}
    for year in REPORT_YEARS:
        frame, _, _ = read_report(out / "esr_staff_in_post" / f"ESR_Staff_In_Post_SY001_{year}0331.csv",
                                  "Employee Number")
        counted = frame.filter(
            pl.col("Assignment Category").is_in(["Permanent", "Fixed Term Temp", "Locum"])
            & pl.col("Assignment Status").is_in(["Active Assignment", "Acting Up", "Internal Secondment",
                                                 "Maternity & Adoption"]))
        people = counted.unique("Employee Number")
        out_counts[year] = Counter(group_of(v) for v in people["Ethnic Origin"])
    return out_counts


# --- files, headers, preambles -----------------------------------------------------------


def test_files_headers_and_row_counts(small):
    out, result, truth, _ = small
    names = {s: sorted(p.name for p in (out / s).iterdir()) for s in SOURCES}
    assert names["trac_applications"] == ["Trac_Applications_SY001_2024-25.csv", "Trac_Applications_SY001_2025-26.csv"]
    assert names["er_cases"] == ["ER_Cases_SY001_2024-25.csv", "ER_Cases_SY001_2025-26.csv"]
    assert names["olm_training"] == ["OLM_Learning_History_SY001_2024-25.csv", "OLM_Learning_History_SY001_2025-26.csv"]
    assert names["staff_survey"] == ["NSS_Respondents_SY001_2024.csv", "NSS_Respondents_SY001_2025.csv"]
    assert names["board_register"] == ["Board_Register_SY001_20250331.csv", "Board_Register_SY001_20260331.csv"]
    assert names["action_plan"] == ["WRES_Action_Plan_SY001_2025-26.csv", "WRES_Action_Plan_Targets_SY001_2025-26.csv"]
    headers = {"trac_applications": trac.COLUMNS, "er_cases": er.COLUMNS, "olm_training": olm.COLUMNS,
               "board_register": board.COLUMNS}
    for source, columns in headers.items():
        for name in names[source]:
            frame, preamble, total = read_report(out / source / name, columns[0])
            assert tuple(frame.columns) == columns, name
            assert frame.height == truth["counts"][f"{source}/{name}"], name
            assert preamble[1] == "Organisation: 638 Synthetic Northfield Mental Health NHS Trust"
            if source == "board_register":
                assert preamble[2] == f"As at: 31/03/{name[-12:-8]}" and total is None
            else:
                year = int(name[-11:-7]) + 1
                assert preamble[3] == f"Period: 01/04/{year - 1} - 31/03/{year}", name
                assert (total == frame.height) if source != "er_cases" else total is None
    for name in names["staff_survey"]:
        frame, preamble, _ = read_report(out / "staff_survey" / name, "Respondent ID")
        assert preamble == [] and frame["Survey Year"].unique().to_list() == [name[-8:-4]]
        assert frame.columns[:5] == ["Respondent ID", "Survey Year", "Organisation Code", "Breakdown 1", "Mode"]
        assert frame.columns[5:] == ["q14a", "q14b", "q14c", "q15", "q16a", "q16b", "q28", "q27a", "q27c", "q35"]
    register, _, _ = read_report(out / "action_plan" / names["action_plan"][0], "No")
    assert tuple(register.columns) == ("No", "Metric", "Action", "Outcome", "Lead", "Timeline", "Progress", "RAG")
    assert register["Action"].str.contains("\n").any()  # quoted multi-line cells survive
    targets, _, _ = read_report(out / "action_plan" / names["action_plan"][1], "Metric")
    assert tuple(targets.columns) == ("Metric", "Breakdown", "Target", "Direction", "Due Date")
    assert set(targets["Due Date"]) == {"31/03/2026"} and set(targets["Direction"]) <= {"at least", "at most"}
    assert targets.filter(pl.col("Metric") == "Indicator 3")["Target"].to_list() == ["1.14"]
    assert targets.filter(pl.col("Metric") == "Indicator 7")["Target"].to_list() == ["69%"]
    written = [{k: r[k] for k in ("metric", "breakdown", "target", "direction")} for r in truth["action_plan_targets"]]
    assert written == [{"metric": m, "breakdown": b, "target": t, "direction": d}
                       for m, b, t, d, _ in targets.iter_rows()]


def test_survey_question_numbers_follow_the_survey_year():
    sim = simulate(get_profile("small").orgs[0], seed=0, years=5)  # survey years 2021-2025
    cols = {sy: survey.respondent_frame(sim, sy).columns[5:] for _, sy in survey.survey_years(sim)}
    wres = ["q14a", "q14b", "q14c", "q15", "q16a", "q16b"]
    assert cols[2021] == [*wres, "q25", "q24a", "q24c", "q31"]
    assert cols[2022] == [*wres, "q27", "q26a", "q26c", "q33"]
    assert cols[2023] == cols[2024] == cols[2025] == [*wres, "q28", "q27a", "q27c", "q35"]
    # the 2025 list inserts 13 Filipino: codes run to 19 in 2025 only
    r25 = survey.respondent_frame(sim, 2025)["q28"].drop_nulls()
    r24 = survey.respondent_frame(sim, 2024)["q28"].drop_nulls()
    assert r24.max() <= 18 and r25.max() <= 19 and r24.min() >= 1


# --- consistency with ESR ----------------------------------------------------------------


def trac_rows(out: Path) -> pl.DataFrame:
    frames = []
    for path in sorted((out / "trac_applications").glob("*.csv")):
        frame, _, _ = read_report(path, "Vacancy Reference")
        frames.append(frame.with_columns(file_year=pl.lit(int(path.name[-11:-7]) + 1)))
    return pl.concat(frames)


def test_appointed_external_applicants_are_esr_hires(small):
    out, _, _, _ = small
    apps = trac_rows(out)
    appointed = apps.filter((pl.col("Appointed") == "Yes") & (pl.col("Internal Applicant") == "No"))
    people = esr_people(out)
    window = (dt.date(2024, 4, 1), dt.date(2026, 3, 31))
    hires = people.filter(pl.col("hired").is_between(*window))
    got = Counter(zip(appointed["Start Date"].str.to_date("%d/%m/%Y"), appointed["Staff Group"], strict=True))
    want = Counter(zip(hires["hired"], hires["Staff Group"], strict=True))
    assert got == want and sum(got.values()) > 100
    # appointed = offer made and accepted; declined offers are shortlisted, not appointed
    assert (appointed["Shortlisted"] == "Yes").all() and (appointed["Offer Accepted"] == "Yes").all()
    declined = apps.filter(pl.col("Stage Reached") == "OFFER_DECLINED")
    assert declined.height > 0 and (declined["Appointed"] == "No").all() and (declined["Shortlisted"] == "Yes").all()
    assert (apps.filter(pl.col("Stage Reached") == "OFFER_WITHDRAWN")["Appointed"] == "No").all()


def test_internal_applicants_are_esr_people_and_appointees_were_promoted(small):
    out, _, _, sim = small
    apps = trac_rows(out)
    internal = apps.filter(pl.col("Internal Applicant") == "Yes")
    assert internal["Employee Number"].null_count() == 0
    assert apps.filter(pl.col("Internal Applicant") == "No")["Employee Number"].null_count() == \
        apps.filter(pl.col("Internal Applicant") == "No").height
    people = esr_people(out)
    joined = internal.join(people, on="Employee Number", how="left")
    assert joined["hired"].null_count() == 0  # every internal applicant is in ESR
    applied = joined["Application Date"].str.to_date("%d/%m/%Y")
    assert (joined["hired"] <= applied).all()
    assert ((joined["terminated"].is_null()) | (joined["terminated"] > applied)).all()
    # the ethnicity on the form agrees with ESR
    form_group = joined["Ethnic Origin"].map_elements(group_of, return_dtype=pl.String)
    assert (form_group == joined["group"]).all()
    # every internal appointment is a promotion through a vacancy, on the start date, and vice versa
    promos = sim.promotions.filter(pl.col("route") == "vacancy").join(
        sim.persons.select("person_id", "employee_number"), on="person_id")
    appointed = internal.filter(pl.col("Appointed") == "Yes")
    got = Counter(zip(appointed["Employee Number"], appointed["Start Date"].str.to_date("%d/%m/%Y"), strict=True))
    want = Counter(zip(promos["employee_number"], promos["date"], strict=True))
    assert got == want and len(got) > 10
    assert (appointed["Recruitment Route"] == "Internal").all()


def test_trac_stage_dates_identifiers_and_duplicates(small):
    out, _, _, _ = small
    apps = trac_rows(out).with_columns(
        [ddmmyyyy(c).alias(c) for c in ("Application Date", "Shortlisted Date", "Interview Date", "Offer Date",
                                        "Start Date", "Withdrawn Date")])
    for a, b in (("Application Date", "Shortlisted Date"), ("Shortlisted Date", "Interview Date"),
                 ("Interview Date", "Offer Date"), ("Offer Date", "Start Date")):
        both = apps.filter(pl.col(a).is_not_null() & pl.col(b).is_not_null())
        assert (both[a] <= both[b]).all(), (a, b)
    shortlisted = apps.filter(pl.col("Shortlisted") == "Yes")
    assert (shortlisted.select(fy("Shortlisted Date").alias("y"))["y"] == shortlisted["file_year"]).all()
    assert apps.filter(pl.col("Stage Reached").is_in(["INTERVIEWED", "REJECTED_AFTER_INTERVIEW", "OFFER_DECLINED",
                                                       "APPOINTED"]))["Shortlisted"].eq("Yes").all()
    assert apps.select("Vacancy Reference", "Applicant ID").is_duplicated().sum() == 0
    assert apps["Application ID"].n_unique() == apps.height
    esr_numbers = set(esr_people(out)["Employee Number"])
    assert not set(apps["Applicant ID"]) & esr_numbers
    # the same external applicant keeps the same ethnicity on every vacancy
    assert (apps.group_by("Applicant ID").agg(pl.col("Ethnic Origin").n_unique())["Ethnic Origin"] == 1).all()
    assert apps.group_by("Applicant ID").len()["len"].max() > 1
    assert {"Internal", "External"} == set(apps["Recruitment Route"])


def test_er_case_employees_are_in_post_at_the_case_date(small):
    out, _, _, _ = small
    frames = [read_report(p, "Case Reference")[0] for p in sorted((out / "er_cases").glob("*.csv"))]
    cases = pl.concat(frames).with_columns(
        [ddmmyyyy(c).alias(c) for c in ("Case Opened Date", "Formal Investigation Start Date", "Hearing Date",
                                        "Case Closed Date")])
    joined = cases.join(esr_people(out), on="Employee Number", how="left")
    assert joined["hired"].null_count() == 0
    opened = joined["Case Opened Date"]
    assert (joined["hired"] <= opened).all()
    assert (joined["terminated"].is_null() | (joined["terminated"] > opened)).all()
    inv = joined.filter(pl.col("Formal Investigation Start Date").is_not_null())
    assert (inv["Formal Investigation Start Date"] >= inv["Case Opened Date"]).all()
    assert (inv.select(fy("Formal Investigation Start Date")).to_series()
            == inv.select(fy("Case Opened Date")).to_series()).all()
    assert (inv["terminated"].is_null() | (inv["terminated"] > inv["Formal Investigation Start Date"])).all()
    # dismissals are ESR leavers dismissed on the closing date; nobody else is dismissed
    dismissed = joined.filter(pl.col("Outcome").is_in(["Dismissal", "Summary Dismissal"]))
    assert dismissed.height > 0
    assert (dismissed["terminated"] == dismissed["Case Closed Date"]).all()
    assert dismissed["Leaving Reason"].str.starts_with("Dismissal - ").all()
    assert set(cases["Case Type"]) >= {"Disciplinary", "Grievance", "Capability - Performance"}
    assert cases["Allegation Category"].str.starts_with("Gross Misconduct").any()
    assert cases["Case Reference"].n_unique() == cases.height
    group = cases.filter(pl.col("Parent Case Reference").is_not_null())
    assert group.height and (group.group_by("Parent Case Reference").len()["len"] >= 2).all()


def test_board_executives_are_the_vsm_employees(small):
    out, _, _, _ = small
    for year in REPORT_YEARS:
        reg, _, _ = read_report(out / "board_register" / f"Board_Register_SY001_{year}0331.csv", "Member ID")
        sip, _, _ = read_report(out / "esr_staff_in_post" / f"ESR_Staff_In_Post_SY001_{year}0331.csv",
                                "Employee Number")
        vsm = sip.filter((pl.col("Grade") == "Very Senior Manager") & (pl.col("Primary Assignment") == "Yes"))
        execs = reg.filter(pl.col("Executive") == "Executive")
        assert sorted(execs["Employee Number"]) == sorted(vsm["Employee Number"])
        both = execs.join(vsm, on="Employee Number")
        assert (both["Ethnic Origin"].fill_null("") == both["Ethnic Origin_right"].fill_null("")).all()
        neds = reg.filter(pl.col("Executive") == "Non-Executive")
        assert neds["Employee Number"].null_count() == neds.height
        assert reg.filter(pl.col("Role Title") == "Chair").height == 1
        assert reg.filter(pl.col("Role Title") == "Chief Executive").height == 1
        assert (reg.filter(pl.col("Role Title") == "Associate Non-Executive Director")["Voting"] == "No").all()
        starts, ends = ddmmyyyy("Appointment Start Date"), ddmmyyyy("Appointment End Date")
        current = reg.select(ok=(starts <= dt.date(year, 3, 31)) & (ends.is_null() | (ends >= dt.date(year, 3, 31))))
        assert current["ok"].all()
        assert not reg["Member ID"].str.contains(r"^\d{8}$").any()


def test_respondent_ids_are_never_esr_numbers_and_no_personal_data(small):
    out, _, _, _ = small
    numbers = set(esr_people(out)["Employee Number"])
    for path in (out / "staff_survey").glob("*.csv"):
        frame, _, _ = read_report(path, "Respondent ID")
        ids = frame["Respondent ID"]
        assert ids.n_unique() == frame.height
        assert not ids.str.contains(r"^\d{5,10}$").any() and not set(ids) & numbers
    ni = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]\b")
    for source in SOURCES:
        for path in (out / source).glob("*.csv"):
            text = path.read_text(encoding="utf-8")
            header = next(line for line in text.split("\n") if "," in line).lower()
            assert not {"name", "ni number", "national insurance number", "address", "email",
                        "date of birth"} & set(header.split(",")), path.name
            assert not ni.search(text), path.name


def test_non_mandatory_course_names_never_look_mandatory():
    for name, *_ in CPD_COURSES:
        assert "|cstf|" not in name.lower()
        assert not any(s.lower() in name.lower() for s in CSTF_SUBJECTS), name


# --- truth equals an independent recount from the files -----------------------------------


def test_truth_indicator_2_equals_recount(small):
    out, _, truth, _ = small
    apps = trac_rows(out).filter(pl.col("Shortlisted") == "Yes").with_columns(
        group=pl.col("Ethnic Origin").map_elements(group_of, return_dtype=pl.String, skip_nulls=False),
        d=ddmmyyyy("Shortlisted Date")).with_columns(year=fy("d"))
    for row in truth["indicator_2"]:
        part = apps.filter(pl.col("year") == row["report_year"])
        for g in ("white", "bme"):
            sub = part.filter(pl.col("group") == g)
            assert row[f"{g}_population"] == sub.height
            assert row[f"{g}_events"] == (sub["Appointed"] == "Yes").sum()
        assert row["unknown_count"] == part.filter(pl.col("group") == "unknown").height
        rl = (row["white_events"] / row["white_population"]) / (row["bme_events"] / row["bme_population"])
        assert row["relative_likelihood"] == pytest.approx(rl)


def er_entrants(out: Path) -> pl.DataFrame:
    frames = [read_report(p, "Case Reference")[0] for p in sorted((out / "er_cases").glob("*.csv"))]
    cases = pl.concat(frames).filter((pl.col("Case Type") == "Disciplinary")
                                     & pl.col("Formal Investigation Start Date").is_not_null())
    cases = cases.with_columns(d=ddmmyyyy("Formal Investigation Start Date")).with_columns(year=fy("d"))
    return cases.unique(["year", "Employee Number"]).join(esr_people(out), on="Employee Number", how="left")


def test_truth_indicator_3_equals_recount(small):
    out, _, truth, _ = small
    entrants = er_entrants(out)
    heads = march_headcounts(out)
    for row in truth["indicator_3"]:
        years = [row["report_year"]] if row["subgroup"] == "all:single_year" else [row["report_year"] - 1,
                                                                                  row["report_year"]]
        if row["status"] == "INSUFFICIENT_HISTORY":
            assert row["report_year"] == REPORT_YEARS[0] and row["subgroup"] == "all:two_year_pooled"
            continue
        part = entrants.filter(pl.col("year").is_in(years))
        for g in ("white", "bme"):
            assert row[f"{g}_events"] == (part["group"] == g).sum(), (row, g)
            assert row[f"{g}_population"] == sum(heads[y][g] for y in years)
        assert row["unknown_count"] == (part["group"] == "unknown").sum()


def test_truth_indicator_4_equals_recount(small):
    out, _, truth, _ = small
    frames = [read_report(p, "Employee Number")[0] for p in sorted((out / "olm_training").glob("*.csv"))]
    rows = pl.concat(frames)
    name = pl.col("Course Name").str.to_lowercase()
    by_name = name.str.contains("|cstf|", literal=True)
    for subject in CSTF_SUBJECTS:
        by_name = by_name | name.str.contains(subject.lower(), literal=True)
    mandatory = (pl.when(pl.col("Training Category").is_not_null())
                 .then(pl.col("Training Category") == "Statutory/Mandatory").otherwise(by_name))
    assert rows["Training Category"].null_count() > 0.3 * rows.height  # the flag must often be derived
    accessed = rows.filter(pl.col("Enrolment Status").is_in(["Attended", "Completed"]) & ~mandatory).with_columns(
        d=ddmmyyyy("Class Start Date")).with_columns(year=fy("d"))
    people = accessed.unique(["year", "Employee Number"]).join(esr_people(out), on="Employee Number", how="left")
    assert people["group"].null_count() == 0
    heads = march_headcounts(out)
    for row in truth["indicator_4"]:
        part = people.filter(pl.col("year") == row["report_year"])
        for g in ("white", "bme"):
            assert row[f"{g}_events"] == (part["group"] == g).sum()
            assert row[f"{g}_population"] == heads[row["report_year"]][g]
        assert row["unknown_count"] == (part["group"] == "unknown").sum()
        assert row["records"] == accessed.filter(pl.col("year") == row["report_year"]).height


def test_truth_indicator_9_equals_recount(small):
    out, _, truth, _ = small
    for row in truth["indicator_9"]:
        reg, _, _ = read_report(out / "board_register" / f"Board_Register_SY001_{row['report_year']}0331.csv",
                                "Member ID")
        reg = reg.with_columns(group=pl.col("Ethnic Origin").map_elements(group_of, return_dtype=pl.String,
                                                                          skip_nulls=False))
        subset = {"board:all": pl.lit(True), "board:voting": pl.col("Voting") == "Yes",
                  "board:executive": pl.col("Executive") == "Executive",
                  "board:non_executive": pl.col("Executive") == "Non-Executive",
                  "board:non_voting": pl.col("Voting") == "No"}[row["subgroup"]]
        part = reg.filter(subset)
        assert {g: row[g] for g in ("white", "bme", "unknown")} == {
            g: int((part["group"] == g).sum()) for g in ("white", "bme", "unknown")}
        assert row["total"] == part.height


def test_truth_indicators_5_to_8_equal_recount(small):
    out, _, truth, _ = small
    for report_year in REPORT_YEARS:
        frame, _, _ = read_report(out / "staff_survey" / f"NSS_Respondents_SY001_{report_year - 1}.csv",
                                  "Respondent ID")
        r = frame.with_columns(pl.col(c).cast(pl.Int64) for c in frame.columns[5:]).with_columns(
            group=pl.when(pl.col("q28").is_null()).then(pl.lit("unknown"))
            .when(pl.col("q28") <= 4).then(pl.lit("white")).otherwise(pl.lit("bme")))
        b, c = pl.col("q14b"), pl.col("q14c")
        rules = {
            5: (pl.col("q14a").is_not_null(), pl.col("q14a") >= 2),
            6: (b.is_not_null() | c.is_not_null(), (b >= 2).fill_null(False) | (c >= 2).fill_null(False)),
            7: (pl.col("q15").is_in([1, 2]), pl.col("q15") == 1),
            8: (pl.col("q16b").is_not_null(), pl.col("q16b") == 1),
        }
        for ind, (base, pos) in rules.items():
            row = next(x for x in truth[f"indicator_{ind}"] if x["report_year"] == report_year)
            assert row["survey_year"] == report_year - 1
            for g in ("white", "bme", "unknown"):
                part = r.filter((pl.col("group") == g) & base)
                assert row[f"{g}_base"] == part.height, (ind, g)
                assert row[f"{g}_positive"] == part.filter(pos).height, (ind, g)
            if ind == 7:
                assert row["bme_dont_know"] == r.filter((pl.col("group") == "bme") & (pl.col("q15") == 9)).height


def test_truth_team_flags_and_rdr_present(small):
    _, _, truth, _ = small
    flags = [r for r in truth["team_flags"] if r["directorate"] == "all"]
    assert [r["report_year"] for r in flags] == list(REPORT_YEARS)
    for r in flags:
        assert r["teams"] == r["no_bme"] + r["below_target"] + r["at_or_above"] > 0
        assert r["no_bme"] >= 1
    rdr = [r for r in truth["race_disparity_ratio"] if r["subgroup"] == "all:lower_to_upper"]
    assert len(rdr) == 2 and all(r["ratio"] > 1 for r in rdr)


# --- determinism and planted effects -------------------------------------------------------


def test_determinism_of_every_new_source(small, tmp_path: Path):
    out, result, _, _ = small
    again = generate(tmp_path / "again", profile="small", seed=0, sources=list(SOURCES))
    names = [f.relpath for f in again.files]
    assert {n.split("/")[0] for n in names} == set(SOURCES)
    for name in names:
        assert (out / name).read_bytes() == (again.out_dir / name).read_bytes(), name
    other = generate(tmp_path / "other", profile="small", seed=1, sources=list(SOURCES))
    assert all((out / n).read_bytes() != (other.out_dir / n).read_bytes() for n in names
               if n.split("/")[0] in ("trac_applications", "er_cases", "olm_training", "staff_survey"))
    # the workbook shape is byte-identical too
    books = [generate(tmp_path / f"wb{i}", profile="small", seed=0, sources=["staff_survey"],
                      shapes={"staff_survey": "respondent_csv_and_workbook"}) for i in (0, 1)]
    xlsx = [f.relpath for f in books[0].files if f.relpath.endswith(".xlsx")]
    assert len(xlsx) == 2
    for name in xlsx + [f.relpath for f in books[0].files]:
        assert (books[0].out_dir / name).read_bytes() == (books[1].out_dir / name).read_bytes(), name


def test_published_workbook_shape(tmp_path: Path):
    import fastexcel

    sim = simulate(get_profile("small").orgs[0], seed=0, years=2)
    path = tmp_path / "nss.xlsx"
    survey.write_workbook(sim, path, 2024)
    sheets = fastexcel.read_excel(path).sheet_names
    assert sheets == ["Notes", "HEALTH WELLBEING SAFETY Q13-14", "HEALTH WELLBEING SAFETY Q15-17",
                      "BACKGROUND INFORMATION Q27-30", "WRES"]
    sheet = pl.read_excel(path, sheet_name="HEALTH WELLBEING SAFETY Q13-14", has_header=False,
                          read_options={"header_row": None, "skip_rows": 0}, infer_schema_length=0)
    rows = sheet.rows()
    assert rows[0][6].startswith("Q14a - ") and rows[0][11].startswith("Q14b - ")
    assert list(rows[4][:8]) == ["ODS code", "Organisation name", "Benchmarking group", "Region", "ICS/STP",
                                 "Weighting", "% Never", "% 1-2"]
    assert [r[5] for r in rows[5:]] == ["Unweighted", "Occupation Group"]
    wres = pl.read_excel(path, sheet_name="WRES", has_header=False, infer_schema_length=0).rows()
    header = 4  # physical row 5, under four preamble rows
    assert list(wres[header]) == ["ODS code", "Organisation name", "Indicator", "Ethnic Group", "Percent", "Responses"]
    assert len(wres) - header - 1 == 8
    # fewer than 11 responses: '-' (suppressed), not a number
    tiny = simulate(get_profile("small").orgs[0], params=TruthParams(survey_response_rate=0.012), seed=0, years=2)
    survey.write_workbook(tiny, tmp_path / "tiny.xlsx", 2024)
    cells = pl.read_excel(tmp_path / "tiny.xlsx", sheet_name="WRES", has_header=False, infer_schema_length=0).rows()
    assert any(r[4] == "-" for r in cells)


def test_planted_disparities_on_the_trust_profile():
    sim = simulate(get_profile("trust").orgs[0], seed=0, years=5)
    ind2 = [r["relative_likelihood"] for r in trac.indicator_2(sim)]
    ind3 = [r["relative_likelihood"] for r in er.indicator_3(sim) if r["subgroup"] == "all:single_year"]
    ind4 = [r["relative_likelihood"] for r in olm.indicator_4(sim)]
    assert sum(v > 1.2 for v in ind2) >= 4, ind2
    assert sum(v > 1.5 for v in ind3) >= 4, ind3
    assert sum(v > 1.1 for v in ind4) >= 4, ind4
    for ind, worse in ((5, "higher"), (6, "higher"), (7, "lower"), (8, "higher")):
        rows = survey._truth(sim, ind)
        diffs = [r["bme_percent"] - r["white_percent"] for r in rows]
        assert all((d > 0) if worse == "higher" else (d < 0) for d in diffs), (ind, diffs)


# --- the report shapes (xlsx, plain, Windows-1252, UTF-8 with BOM) of every source -------------

ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")


def _same_value(a: str | None, b: str | None) -> bool:
    """CSV text vs the same cell read from another shape (xlsx dates and numbers render differently)."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    if m := ISO_DATETIME.match(b):
        return a == f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    try:
        return float(a) == float(b)
    except ValueError:
        return False


@pytest.mark.parametrize("shape", ["report_xlsx", "plain_csv", "cp1252_csv", "utf8_bom_csv"])
def test_report_shapes_hold_the_same_rows_for_the_pipeline(small, shape: str, tmp_path: Path):
    """Every non-ESR source in each report shape: the pipeline's reader finds exactly the rows and values
    of the default report CSV (same seed), so the planted truth holds whatever the shape."""
    from wres_pipeline.config import Settings
    from wres_pipeline.ingest import load_source
    from wres_pipeline.readers.contracts import CONTRACTS

    base, _, base_truth, _ = small
    result = generate(tmp_path, profile="small", seed=0, sources=list(SOURCES), shapes=shape)
    assert {f.shape for f in result.files} == {shape} and {f.source for f in result.files} == set(SOURCES)
    truth = json.loads((tmp_path / "_truth" / "truth.json").read_text(encoding="utf-8"))
    for key in ("indicator_2", "indicator_3", "indicator_4", "indicator_9", "action_plan_targets"):
        assert truth[key] == base_truth[key]
    for f in result.files:
        raw = (tmp_path / f.relpath).read_bytes()
        if shape == "report_xlsx":
            assert raw[:2] == b"PK" and f.relpath.endswith(".xlsx")
        elif shape == "cp1252_csv":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            assert "Prompts: " in raw.decode("cp1252")
        elif shape == "utf8_bom_csv":
            assert raw.startswith(b"\xef\xbb\xbf") and "\u00a3" in raw.decode("utf-8-sig")
        else:
            assert not raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8").split("\n")[1:2] != [""]
            assert "Grand Total" not in raw.decode("utf-8")
    settings = Settings()
    checked = 0
    for contract in CONTRACTS.values():
        if contract.folder not in SOURCES:
            continue
        want, got = load_source(base, contract, settings), load_source(tmp_path, contract, settings)
        assert not got.rejected, [str(r) for r in got.rejected]
        a = want.frame.filter(pl.col("drop_reason").is_null())
        b = got.frame.filter(pl.col("drop_reason").is_null())
        assert a.height == b.height, (contract.source, a.height, b.height)
        checked += a.height
        for column in (c.name for c in contract.columns if c.name in a.columns):
            pairs = zip(a[column].to_list(), b[column].to_list(), strict=True)
            bad = [(x, y) for x, y in pairs if not _same_value(x, y)]
            assert not bad, (contract.source, column, bad[:3])
    assert checked > 5000
