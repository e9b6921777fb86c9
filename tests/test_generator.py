"""Tests of the synthetic trust generator (wres_synth).

The indicator 1 recount here deliberately re-implements the counting rules of
source-extracts.md §8 on the *written CSV files* (grade regex, first-letter ethnicity
mapping, §2.4 clinical split), independently of the generator's own truth code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import pytest

from wres_synth import generate, get_profile, national_orgs, simulate
from wres_synth.truth import indicator_1

REPORT_YEARS = (2025, 2026)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("small")
    result = generate(out, profile="small", seed=0)
    truth = json.loads((out / "_truth" / "truth.json").read_text(encoding="utf-8"))
    return out, result, truth


def read_esr(path: Path) -> tuple[pl.DataFrame, list[str], int]:
    """Read an ESR BI CSV: returns (data rows as strings, preamble lines, Grand Total value)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Employee Number,"))
    frame = pl.read_csv(path, skip_rows=header, infer_schema=False)
    trailer = frame.filter(pl.col("Employee Number") == "Grand Total")
    assert trailer.height == 1
    grand_total = int(trailer["Assignment Number"][0])
    return frame.filter(pl.col("Employee Number") != "Grand Total"), lines[:header], grand_total


def sip_files(out: Path) -> dict[dt.date, Path]:
    files = {}
    for path in sorted((out / "esr_staff_in_post").glob("*.csv")):
        stamp = re.search(r"_(\d{8})\.csv$", path.name).group(1)
        files[dt.datetime.strptime(stamp, "%Y%m%d").date()] = path
    return files


# --- independent §8 recount -------------------------------------------------------------

UNKNOWN_ETHNICITY = {"", "unspecified", "not stated", "z not stated", "not known", "prefer not to say"}
MEDICAL_CLUSTERS = {
    "consultant": "consultant",
    "specialty doctor": "non_consultant_career_grade", "associate specialist": "non_consultant_career_grade",
    "specialist": "non_consultant_career_grade", "staff grade": "non_consultant_career_grade",
    "trust grade dr - career grade": "non_consultant_career_grade",
    "foundation year 1": "trainee", "foundation year 2": "trainee", "core training": "trainee",
    "specialty registrar": "trainee",
}
BAND_RE = re.compile(r"band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b")


def ethnic_group(value: str | None) -> str:
    text = (value or "").strip().lower()
    if text in UNKNOWN_ETHNICITY:
        return "unknown"
    letter = text.split()[0][0]
    return "white" if letter in "abc" else ("unknown" if letter in "zx" else "bme")


def row_of(category: str, grade: str) -> str:
    text = grade.strip().lower()
    if category == "medical":
        return MEDICAL_CLUSTERS.get(text, "other")
    if text == "very senior manager":
        return "vsm"
    match = BAND_RE.search(text)
    assert match, f"unparseable grade {grade!r}"
    return f"band_{match.group(1)}{match.group(2) or ''}"


def recount_indicator_1(frame: pl.DataFrame) -> dict[tuple[str, str], int]:
    """Headcounts {(subgroup, group): n} from one staff-in-post file."""
    counted = frame.filter(
        pl.col("Assignment Category").is_in(["Permanent", "Fixed Term Temp", "Locum"])
        & pl.col("Assignment Status").is_in(["Active Assignment", "Acting Up", "Internal Secondment",
                                             "Maternity & Adoption"])
    ).with_columns(is_primary=pl.col("Primary Assignment") == "Yes", fte=pl.col("FTE").cast(pl.Float64),
                   hired=pl.col("Hire Date").str.to_date("%d/%m/%Y"))
    people = counted.sort(["Employee Number", "is_primary", "fte", "hired", "Assignment Number"],
                          descending=[False, True, True, False, False]).unique("Employee Number", keep="first")
    counts: dict[tuple[str, str], int] = {}
    for r in people.iter_rows(named=True):
        occ, staff_group = r["Occupation Code"] or "", r["Staff Group"]
        if re.fullmatch(r"[0-9]{3}", occ) or staff_group == "Medical and Dental":
            category = "medical"
        elif staff_group in ("Administrative and Clerical", "Estates and Ancillary"):
            category = "non_clinical"
        else:
            category = "clinical"
        row = row_of(category, r["Grade"])
        group = ethnic_group(r["Ethnic Origin"])
        keys = [f"{category}:{row}", f"{category}:total", "overall:total"]
        if row == "consultant" and r["Job Role"] in ("Medical Director", "Clinical Director"):
            keys.append("medical:consultant_senior_medical_manager")
        for key in keys:
            counts[(key, group)] = counts.get((key, group), 0) + 1
    return counts


# --- tests -------------------------------------------------------------------------------


def test_files_for_every_quarter_end_and_year(small):
    out, result, truth = small
    expected_sip = {f"ESR_Staff_In_Post_SY001_{y - 1}{md}.csv" for y in REPORT_YEARS for md in ("0630", "0930", "1231")}
    expected_sip |= {f"ESR_Staff_In_Post_SY001_{y}0331.csv" for y in REPORT_YEARS}
    assert {p.name for p in (out / "esr_staff_in_post").iterdir()} == expected_sip
    assert {p.name for p in (out / "esr_leavers").iterdir()} == {"ESR_Leavers_SY001_2024-25.csv",
                                                                 "ESR_Leavers_SY001_2025-26.csv"}
    assert set(truth["counts"]) == {f.relpath for f in result.files}
    assert truth["meta"]["report_years"] == list(REPORT_YEARS)
    assert truth["meta"]["orgs"][0]["org_code"] == "SY001"


def test_preamble_trailer_and_row_counts(small):
    out, _, truth = small
    for relpath, rows in truth["counts"].items():
        if not relpath.startswith("esr_"):  # the other sources are checked in test_generator_sources.py
            continue
        frame, preamble, grand_total = read_esr(out / relpath)
        assert frame.height == rows == grand_total, relpath
        assert preamble[1] == "Organisation: 638 Synthetic Northfield Mental Health NHS Trust"
        assert preamble[2].startswith("Run date: ") and preamble[-1] == ""
        if "Staff_In_Post" in relpath:
            stamp = dt.datetime.strptime(relpath[-12:-4], "%Y%m%d").date()
            assert preamble[0] == "Staff In Post - Assignment Level"
            assert preamble[3] == f"As at: {stamp:%d/%m/%Y}"
            assert frame["Termination Date"].null_count() == frame.height
        else:
            assert preamble[3].startswith("Period: 01/04/")
        assert frame["Employee Number"].str.contains(r"^[1-9]\d{7}$").all()
        assert frame["Assignment Number"].str.contains(r"^[1-9]\d{7}(-\d{1,2})?$").all()
        assert frame["Assignment Number"].n_unique() == frame.height
        lowered = {c.lower() for c in frame.columns}
        assert not lowered & {"date of birth", "ni number", "national insurance number", "name", "address"}


def test_determinism(small, tmp_path: Path):
    out, result, _ = small
    again = generate(tmp_path / "again", profile="small", seed=0)
    other = generate(tmp_path / "other", profile="small", seed=1)
    names = [f.relpath for f in result.files] + ["_truth/truth.json"]
    for name in names:
        assert (out / name).read_bytes() == (again.out_dir / name).read_bytes(), name
    assert any((out / n).read_bytes() != (other.out_dir / n).read_bytes() for n in names if n.endswith(".csv"))


def test_truth_indicator_1_equals_recount_from_csv(small):
    out, _, truth = small
    rows = [r for r in truth["indicator_1"] if r["org_code"] == "SY001"]
    subgroups = {r["subgroup"] for r in rows}
    assert len(subgroups) == 37 and len(rows) == 37 * len(REPORT_YEARS)
    files = sip_files(out)
    for year in REPORT_YEARS:
        frame, _, _ = read_esr(files[dt.date(year, 3, 31)])
        recount = recount_indicator_1(frame)
        for r in (r for r in rows if r["report_year"] == year):
            expected = {g: recount.get((r["subgroup"], g), 0) for g in ("white", "bme", "unknown")}
            assert {g: r[g] for g in expected} == expected, (year, r["subgroup"])
            assert r["total"] == sum(expected.values())
        # every recounted cell is in the truth grid
        assert {k for k, _ in recount} <= subgroups


def test_team_with_no_bme_staff(small):
    out, _, _ = small
    frame, _, _ = read_esr(sip_files(out)[dt.date(2026, 3, 31)])
    people = frame.filter(pl.col("Primary Assignment") == "Yes").with_columns(
        group=pl.col("Ethnic Origin").map_elements(ethnic_group, return_dtype=pl.String))
    teams = people.group_by("Org L4").agg(bme=(pl.col("group") == "bme").sum(), n=pl.len())
    assert teams.filter((pl.col("bme") == 0) & (pl.col("n") >= 3)).height >= 1
    assert teams.filter(pl.col("bme") > 0).height >= 1


def test_second_assignments_and_bank(small):
    out, _, _ = small
    frame, _, _ = read_esr(sip_files(out)[dt.date(2026, 3, 31)])
    per_person = frame.group_by("Employee Number").agg(
        n=pl.len(), cats=pl.col("Assignment Category").unique(), primaries=(pl.col("Primary Assignment") == "Yes").sum())
    share_two = (per_person["n"] > 1).mean()
    assert 0.03 <= share_two <= 0.12
    assert (per_person["primaries"] == 1).all()
    assert frame.filter(pl.col("Primary Assignment") == "No")["Assignment Number"].str.contains(r"-\d+$").all()
    bank_only = per_person.filter(pl.col("cats").list.len() == 1, pl.col("cats").list.first() == "Bank")
    bank_alongside = per_person.filter(pl.col("cats").list.contains("Bank"), pl.col("cats").list.len() > 1)
    assert bank_only.height > 0 and bank_alongside.height > 0
    assert {"Permanent", "Fixed Term Temp", "Bank"} <= set(frame["Assignment Category"].unique())
    grades = set(frame["Grade"].unique())
    assert {"Band 5", "Very Senior Manager", "Consultant"} <= grades
    assert any(g.startswith("XR") for g in grades) and any(g.startswith("Review Body") for g in grades)


def test_leavers_inside_year_and_absent_afterwards(small):
    out, _, _ = small
    snapshots = {d: set(read_esr(p)[0]["Employee Number"]) for d, p in sip_files(out).items()}
    low_info = total = 0
    for year in REPORT_YEARS:
        path = out / "esr_leavers" / f"ESR_Leavers_SY001_{year - 1}-{year % 100:02d}.csv"
        frame, preamble, _ = read_esr(path)
        assert preamble[3] == f"Period: 01/04/{year - 1} - 31/03/{year}"
        term = frame["Termination Date"].str.to_date("%d/%m/%Y")
        assert term.min() >= dt.date(year - 1, 4, 1) and term.max() <= dt.date(year, 3, 31)
        hired = frame["Hire Date"].str.to_date("%d/%m/%Y")
        assert (term >= hired).all()
        for emp, left in zip(frame["Employee Number"], term, strict=True):
            assert all(emp not in people for d, people in snapshots.items() if d >= left), emp
        primary = frame.filter(pl.col("Primary Assignment") == "Yes")
        reason = primary["Leaving Reason"].fill_null("")
        low_info += int(((reason == "") | (reason == "Voluntary Resignation - Other/Not Known")).sum())
        total += primary.height
    assert 0.25 <= low_info / total <= 0.55


def test_snowy_white_peaks_on_trust_profile():
    profile = get_profile("trust")
    sim = simulate(profile.orgs[0], seed=0, years=1)
    rows = pl.DataFrame(indicator_1(sim))
    row_band = pl.col("subgroup").str.split(":").list.last()
    afc = rows.filter(pl.col("subgroup").str.starts_with("clinical:") | pl.col("subgroup").str.starts_with("non_clinical:"))

    def bme_share(bands: list[str]) -> float:
        part = afc.filter(row_band.is_in(bands))
        return part["bme"].sum() / part["total"].sum()

    low, high = bme_share(["band_2", "band_3", "band_4", "band_5"]), bme_share(["band_8a", "band_8b", "band_8c",
                                                                                 "band_8d", "band_9"])
    overall = rows.filter(pl.col("subgroup") == "overall:total").row(0, named=True)
    assert 0.18 <= overall["bme"] / overall["total"] <= 0.28
    assert 0.02 <= overall["unknown"] / overall["total"] <= 0.07
    assert high < 0.6 * low
    assert 7000 <= overall["total"] <= 9500


def test_sources_subset(tmp_path: Path):
    result = generate(tmp_path, profile="small", seed=3, sources=["esr_leavers"])
    assert {f.source for f in result.files} == {"esr_leavers"}
    assert not (tmp_path / "esr_staff_in_post").exists()
    with pytest.raises(ValueError):
        generate(tmp_path, profile="small", sources=["no_such_source"])


def test_national_org_codes_are_synthetic():
    orgs = national_orgs(0)
    assert 200 <= len(orgs) <= 220
    assert all(re.fullmatch(r"SY\d{3}", o.code) for o in orgs)
    assert all(o.name.startswith("Synthetic ") for o in orgs)
    assert len({o.code for o in orgs}) == len({o.name for o in orgs}) == len({o.vpd for o in orgs}) == len(orgs)
    assert all(re.fullmatch(r"SYQ\d{2}", o.ics_code) and re.fullmatch(r"SYR\d", o.region_code) for o in orgs)
    assert len({o.ics_code for o in orgs}) == 42 and len({o.region_code for o in orgs}) == 7
    assert 1_300_000 <= sum(o.size for o in orgs) <= 1_500_000


# --- simulation realism, seen in the written files -----------------------------------------


def snapshot_rows(out: Path) -> pl.DataFrame:
    """Primary assignments of every staff-in-post file, with the snapshot date."""
    frames = [read_esr(p)[0].filter(pl.col("Primary Assignment") == "Yes").with_columns(snapshot=pl.lit(d))
              for d, p in sorted(sip_files(out).items())]
    return pl.concat(frames).select("snapshot", "Employee Number", "Grade", "Assignment Status", "Org L4",
                                    "Staff Group", "Annual Salary", "Hourly Rate", "Ethnic Origin")


def consecutive(rows: pl.DataFrame) -> pl.DataFrame:
    """Each person's row at one snapshot (``*_next`` columns, date ``snapshot``) next to their row at
    the previous snapshot (plain columns), for people present at both."""
    dates = sorted(rows["snapshot"].unique())
    following = dict(zip(dates[:-1], dates[1:], strict=True))
    earlier = rows.filter(pl.col("snapshot") != dates[-1]).with_columns(
        snapshot=pl.col("snapshot").replace_strict(following))
    return earlier.join(rows, on=["Employee Number", "snapshot"], suffix="_next")


def test_promotions_acting_up_and_team_moves_show_in_the_snapshots(small):
    """The simulation's events (promotions, acting-up spells, team moves) are what the files show."""
    out, _, _ = small
    sim = simulate(get_profile("small").orgs[0], seed=0, years=len(REPORT_YEARS))
    emp = dict(zip(sim.persons["person_id"], sim.persons["employee_number"], strict=True))
    pairs = consecutive(snapshot_rows(out))
    steady = pairs.filter((pl.col("Assignment Status") != "Acting Up") & (pl.col("Assignment Status_next") != "Acting Up"))

    def events(frame: pl.DataFrame) -> set[tuple[str, dt.date]]:
        """(employee, first snapshot on or after the event) for events between two snapshots."""
        dates = sorted(pairs["snapshot"].unique())
        return {(emp[p], next(s for s in dates if s >= d)) for p, d in zip(frame["person_id"], frame["date"], strict=True)
                if d > min(dates) - dt.timedelta(days=92) and d <= max(dates)}

    # promotions: a grade change between two snapshots, neither acting up, is a simulated promotion
    changed = {(e, s) for e, s in steady.filter(pl.col("Grade") != pl.col("Grade_next"))
               .select("Employee Number", "snapshot").iter_rows()}
    promoted = events(sim.promotions)
    assert len(changed) > 10 and changed <= promoted
    observable = {(e, s) for e, s in steady.select("Employee Number", "snapshot").iter_rows()}
    assert promoted & observable == changed
    assert set(sim.promotions["route"]) == {"vacancy", "acting_up"}
    # acting up: the ESR row shows the acting grade while the spell lasts
    acting = pairs.filter(pl.col("Assignment Status_next") == "Acting Up")
    assert acting.height > 5
    spells = sim.acting_up.with_columns(employee=pl.col("person_id").replace_strict(emp, return_dtype=pl.String))
    for e, s, grade in acting.select("Employee Number", "snapshot", "Grade_next").iter_rows():
        spell = spells.filter((pl.col("employee") == e) & (pl.col("start_date") <= s)
                              & (pl.col("end_date").is_null() | (pl.col("end_date") > s)))
        assert spell.height == 1, (e, s)
        assert row_of("clinical", grade) == spell["acting_grade"][0], (e, s, grade)
    assert {"promoted", "reverted"} <= set(sim.acting_up["outcome"])
    # team moves: a change of team (Org L4) is a simulated team move or a promotion into another team
    moved = {(e, s) for e, s in pairs.filter(pl.col("Org L4") != pl.col("Org L4_next"))
             .select("Employee Number", "snapshot").iter_rows()}
    team_moves = events(sim.team_moves)
    assert len(moved) > 10 and moved <= team_moves | promoted
    assert len(moved & team_moves) >= 0.8 * len(team_moves & {(e, s) for e, s in pairs.select(
        "Employee Number", "snapshot").iter_rows()})


def test_pay_columns_for_the_ethnicity_pay_gap(small):
    out, _, _ = small
    rows = snapshot_rows(out).with_columns(salary=pl.col("Annual Salary").cast(pl.Float64),
                                           hourly=pl.col("Hourly Rate").cast(pl.Float64))
    assert rows["salary"].null_count() == 0 and rows["hourly"].null_count() == 0
    medical = rows["Staff Group"] == "Medical and Dental"
    hours = pl.when(medical).then(2085.72).otherwise(1955.36)
    assert rows.select(((pl.col("salary") / hours).round(2) - pl.col("hourly")).abs().max()).item() < 0.006
    assert rows["salary"].min() > 12_000 and rows["salary"].max() < 300_000
    march = rows.filter(pl.col("snapshot") == dt.date(2026, 3, 31)).with_columns(
        group=pl.col("Ethnic Origin").map_elements(ethnic_group, return_dtype=pl.String))
    mean = dict(march.group_by("group").agg(pl.col("hourly").mean()).iter_rows())
    assert mean["bme"] < mean["white"]  # planted: lower bands and a pay-step penalty


# --- the CLI and byte-identical output -------------------------------------------------------

EIGHT_SOURCES = {"esr_staff_in_post", "esr_leavers", "trac_applications", "staff_survey", "olm_training",
                 "er_cases", "board_register", "action_plan"}
XLSX_SOURCES = {"esr_staff_in_post", "er_cases", "board_register", "action_plan", "staff_survey"}
XLSX_SHAPES = ("esr_staff_in_post=esr_bi_xlsx,er_cases=report_xlsx,board_register=report_xlsx,"
               "action_plan=report_xlsx,staff_survey=respondent_csv_and_workbook")


def test_cli_writes_all_eight_sources_byte_identically(tmp_path: Path):
    """``wres generate --profile P --seed 1 --out D`` twice: the same bytes, every source, with the
    workbook shapes too (xlsx zip members carry a fixed timestamp and "created" is the report date)."""
    import zipfile

    from wres_pipeline.cli import main

    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        assert main(["generate", "--profile", "small", "--seed", "1", "--out", str(out), "--shape", XLSX_SHAPES]) == 0
    folders = {p.name for p in runs[0].iterdir() if p.is_dir()}
    assert folders == EIGHT_SOURCES | {"_truth"}
    files = sorted(p.relative_to(runs[0]) for p in runs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(runs[1]) for p in runs[1].rglob("*") if p.is_file())
    for rel in files:
        assert (runs[0] / rel).read_bytes() == (runs[1] / rel).read_bytes(), rel
    books = [runs[0] / rel for rel in files if rel.suffix == ".xlsx"]
    assert {b.parent.name for b in books} == XLSX_SOURCES
    today = dt.date.today().isoformat()
    for book in books:
        with zipfile.ZipFile(book) as zf:
            assert len({i.date_time for i in zf.infolist()}) == 1
            assert zf.infolist()[0].date_time[0] < 2000
            assert today not in zf.read("docProps/core.xml").decode()
    truth = json.loads((runs[0] / "_truth" / "truth.json").read_text(encoding="utf-8"))
    assert set(truth["meta"]["sources"]) == EIGHT_SOURCES
    assert set(truth["counts"]) == {str(rel.as_posix()) for rel in files if rel.parts[0] != "_truth"}


def test_workers_do_not_change_the_output(tmp_path: Path):
    """Several organisations written by two worker processes give the same bytes (files, truth.json,
    dirt.csv) as one process: every stream is seeded per organisation and the dirt manifests merge in order."""
    from dataclasses import replace

    orgs = [replace(o, size=250) for o in national_orgs(0)[:2]]
    runs = {w: tmp_path / f"w{w}" for w in (1, 2)}
    for w, out in runs.items():
        generate(out, profile="national", seed=4, years=1, dirt="realistic", workers=w, orgs=orgs,
                 sources=["esr_staff_in_post", "trac_applications", "er_cases"])
    files = sorted(p.relative_to(runs[1]) for p in runs[1].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(runs[2]) for p in runs[2].rglob("*") if p.is_file())
    assert {rel.name.split("_")[-2] for rel in files if rel.parts[0] == "esr_staff_in_post"} == {o.code for o in orgs}
    for rel in files:
        assert (runs[1] / rel).read_bytes() == (runs[2] / rel).read_bytes(), rel
    truth = json.loads((runs[1] / "_truth" / "truth.json").read_text(encoding="utf-8"))
    assert [o["org_code"] for o in truth["meta"]["orgs"]] == [o.code for o in orgs]
    assert sum(truth["dirt"]["counts"].values()) > 0
