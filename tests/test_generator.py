"""Tests of the synthetic trust generator (wres_pipeline.generator).

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

from wres_pipeline.generator import generate, get_profile, national_orgs, simulate
from wres_pipeline.generator.truth import indicator_1

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
