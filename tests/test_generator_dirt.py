"""Tests of the generator's file shapes (wres_synth.shapes) and dirt injection (.dirt).

The central check re-reads every written file independently (csv module / calamine) and
compares it with the clean file of the same seed and shape: every difference must be a
manifest row, every manifest row must be found at its physical row with its written value,
and nothing else may differ.  A second check plays an ideal ingestion driven by the
manifest's expected actions and recounts indicator 1 from the dirty file: the planted truth
must still hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import fastexcel
import polars as pl
import pytest

from wres_synth import WRITERS, generate
from wres_synth.dirt import ACTIONS, CASES, MANIFEST_COLUMNS, REALISTIC, parse_dirt
from wres_synth.shapes import parse_shape_spec, reload_csv, render

YEARS = 1
TABULAR_SHAPES = ("esr_bi_csv", "esr_bi_xlsx", "plain_csv", "cp1252_csv", "utf8_bom_csv", "national_csv")
FILE_LEVEL = {"D01", "D02", "D03", "D06", "D07", "D08", "D35"}
DROPPED = {"reject_row", "drop_row", "exclude_from_counts", "duplicate_kept_one"}
PII_HEADERS = {"Full Name", "NI Number", "Email Address", "Date of Birth", "Date Of Birth"}
OTHER_SOURCES = ("trac_applications", "er_cases", "olm_training", "staff_survey", "board_register")


ESR = ("esr_staff_in_post", "esr_leavers")


def run(out: Path, shape: str | None = "esr_bi_csv", dirt: str | dict | None = None, seed: int = 0,
        sources: tuple[str, ...] = ESR, years: int = YEARS):
    result = generate(out, profile="small", seed=seed, years=years, shapes=shape, dirt=dirt, sources=sources)
    truth = json.loads((out / "_truth" / "truth.json").read_text(encoding="utf-8"))
    with open(out / "_truth" / "dirt.csv", encoding="utf-8", newline="") as fh:
        manifest = list(csv.DictReader(fh))
    return result, truth, manifest


# --- independent readers -----------------------------------------------------------------

XL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$")


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def grid(path: Path, sheet: str | None = None) -> list[list[str]]:
    """Physical rows of a file as lists of strings: row r is ``grid[r - 1]``."""
    if path.suffix == ".xlsx":
        reader = fastexcel.read_excel(path)
        frame = reader.load_sheet(sheet or reader.sheet_names[0], header_row=None, dtypes="string").to_polars()
        out = []
        for row in frame.iter_rows():
            cells = ["" if v is None else v for v in row]
            cells = [f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if (m := XL_DATE.match(c)) else c for c in cells]
            out.append(cells)
        return out
    return list(csv.reader(io.StringIO(decode(path.read_bytes()))))


def same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory):
    """Each tabular shape twice: clean and with every case switched on (all=0.01, forced at least once)."""
    root = tmp_path_factory.mktemp("dirt")
    out = {}
    for shape in TABULAR_SHAPES:
        _, clean_truth, _ = run(root / shape / "clean", shape)
        result, truth, manifest = run(root / shape / "dirty", shape, "all=0.01")
        out[shape] = (root / shape / "clean", clean_truth, root / shape / "dirty", truth, manifest, result)
    return out


# --- tests: dirt -------------------------------------------------------------------------


def test_spec_parsing():
    assert parse_dirt(None) == parse_dirt("none") == parse_dirt("") == {}
    assert parse_dirt("D10=0.01,d15=0.002") == {"D10": 0.01, "D15": 0.002}
    assert parse_dirt({"D10": 0.01, "15": 0.5}) == {"D10": 0.01, "D15": 0.5}
    realistic = parse_dirt("realistic")
    assert realistic == REALISTIC and len(realistic) == 35
    tweaked = parse_dirt("realistic,D07=0,D10=0.05")
    assert "D07" not in tweaked and tweaked["D10"] == 0.05 and len(tweaked) == 34
    assert parse_dirt("D04") == {"D04": CASES["D04"].realistic}
    assert set(parse_dirt("all=0.1")) == set(CASES) and len(CASES) == 35
    for bad in ("D36=0.1", "D10=2", "D10=x", "nonsense"):
        with pytest.raises(ValueError):
            parse_dirt(bad)


def test_clean_run_has_an_empty_manifest(dirty):
    for shape, (clean, clean_truth, *_rest) in dirty.items():
        assert (clean / "_truth" / "dirt.csv").read_text(encoding="utf-8").strip() == ",".join(MANIFEST_COLUMNS), shape
        assert clean_truth["dirt"]["counts"] == {} and clean_truth["dirt"]["extra_files"] == []


def test_manifest_format_and_counts(dirty):
    for shape, (_, _, _, truth, manifest, result) in dirty.items():
        assert manifest, shape
        assert list(manifest[0]) == list(MANIFEST_COLUMNS)
        assert {r["expected_action"] for r in manifest} <= set(ACTIONS)
        counts = Counter(r["case"] for r in manifest)
        assert truth["dirt"]["counts"] == {c: counts.get(c, 0) for c in truth["dirt"]["spec"]}
        assert result.dirt_counts == truth["dirt"]["counts"]
        by_source = {}
        for r in manifest:
            by_source.setdefault(r["source"], Counter())[r["case"]] += 1
        assert truth["dirt"]["counts_by_source"] == {s: dict(sorted(c.items())) for s, c in sorted(by_source.items())}
        # every case occurs (at least once per organisation and source) or is reported as not applicable
        not_applicable = truth["dirt"]["not_applicable"]
        assert set(counts) | set(not_applicable) == set(CASES), shape
        assert set(not_applicable) >= {"D28", "D29", "D30", "D31", "D32", "D33"}
        always = set(CASES) - {"D01", "D02", "D13", "D24", "D26", "D27", "D28", "D29", "D30", "D31", "D32", "D33"}
        assert always <= set(counts), (shape, sorted(always - set(counts)))
        csv_utf8 = shape in ("esr_bi_csv", "plain_csv", "national_csv")
        assert ("D01" in counts) == csv_utf8 and ("D02" in counts) == (csv_utf8 or shape == "plain_csv"), shape
        for case in ("D13", "D24"):  # staff in post only (D24: needs a Termination Date column)
            assert set(truth["dirt"]["counts_by_source"]["esr_staff_in_post"]).issuperset(
                {case} if case == "D13" or shape != "national_csv" else set()), shape
        for case in ("D26", "D27"):  # leavers only
            assert case in truth["dirt"]["counts_by_source"]["esr_leavers"], shape
        # truth "counts" keep the clean rows of the regular files; extra files are listed apart
        extra = set(truth["dirt"]["extra_files"])
        assert extra and not extra & set(truth["counts"])
        assert {f.relpath for f in result.files} == set(truth["counts"]) | extra
        for rel, n in truth["counts"].items():
            assert truth["dirt"]["files"][rel]["clean_rows"] == n


def check_positions(out: Path, truth: dict, manifest: list[dict], label: str) -> None:
    """Every manifest row's written value is found at its physical row and column in the written file."""
    grids: dict[str, list[list[str]]] = {}
    for r in manifest:
        info = truth["dirt"]["files"][r["file"]]
        path = out / r["file"]
        if r["file"] not in grids:
            grids[r["file"]] = grid(path, r["sheet"] or None)
        g = grids[r["file"]]
        row = int(r["row"])
        if r["case"] == "D01":
            assert row == 1 and path.read_bytes().startswith(b"\xef\xbb\xbf")
            continue
        if r["case"] == "D02":
            raw = path.read_bytes()
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            assert "\u2013" in raw.decode("cp1252") and "\u2013" in r["written_value"]
        cells = g[row - 1]
        if r["column"] == "":
            got = cells[0]
        else:
            header = g[info["header_row"] - 1]
            assert r["column"] in header, (label, r)
            got = cells[header.index(r["column"])]
        assert same(got, r["written_value"]), (label, r["case"], r["file"], row, r["column"], got, r["written_value"])


def check_exact(clean: Path, clean_truth: dict, out: Path, truth: dict, manifest: list[dict], label: str) -> None:
    """Dirty data rows minus the manifest's extra rows line up with the clean rows; the only differing
    cells are the manifest's in-place rows, with the clean value as original_value."""
    for rel, n_clean in truth["counts"].items():
        info = truth["dirt"]["files"].get(rel)
        if info is None:  # a file the dirt layer did not handle (e.g. a source's own xlsx)
            assert (out / rel).read_bytes() == (clean / rel).read_bytes(), (label, rel)
            continue
        sheet = info["sheet"] or None
        d, c = grid(out / rel, sheet), grid(clean / rel, sheet)
        hd = info["header_row"]
        if rel in clean_truth["dirt"]["files"]:
            hc = clean_truth["dirt"]["files"][rel]["header_row"]
        else:  # written by a writer that is not dirt-aware: find the clean header
            hc = 1 + c.index([h for h in d[hd - 1] if h not in PII_HEADERS])
        trailer = len(c) - hc - n_clean
        rows = [r for r in manifest if r["file"] == rel]
        extra_rows = {int(r["row"]) for r in rows if r["extra_row"] == "true"}
        region = range(hd + 1, len(d) - trailer + 1)
        assert extra_rows <= set(region), (label, rel)
        kept = [p for p in region if p not in extra_rows]
        assert len(kept) == n_clean, (label, rel, len(kept), n_clean)
        assert info["data_rows_written"] == n_clean + sum(
            1 for r in rows if r["extra_row"] == "true" and r["case"] not in ("D04", "D05"))
        dh, ch = d[hd - 1], c[hc - 1]
        assert [h for h in dh if h in ch] == ch  # only added columns (D35) besides the clean ones
        cols = [(name, dh.index(name), k) for k, name in enumerate(ch)]
        diffs = {}
        for p, clean_row in zip(kept, c[hc:hc + n_clean], strict=True):
            for name, jd, jc in cols:
                a = d[p - 1][jd] if jd < len(d[p - 1]) else ""
                b = clean_row[jc] if jc < len(clean_row) else ""
                if a != b:
                    diffs[(p, name)] = (b, a)
        listed = {(int(r["row"]), r["column"]): (r["original_value"], r["written_value"]) for r in rows
                  if r["extra_row"] == "false" and int(r["row"]) > hd}
        assert set(diffs) == set(listed), (label, rel, sorted(set(diffs) ^ set(listed))[:5])
        for key, (orig, written) in listed.items():
            assert same(diffs[key][0], orig) and same(diffs[key][1], written), (label, rel, key)


def test_every_manifest_row_is_at_its_physical_row(dirty):
    for shape, (_, _, out, truth, manifest, _) in dirty.items():
        check_positions(out, truth, manifest, shape)


def test_nothing_else_differs_from_the_clean_file(dirty):
    for shape, (clean, clean_truth, out, truth, manifest, _) in dirty.items():
        check_exact(clean, clean_truth, out, truth, manifest, shape)


def test_extra_files_are_clean_copies_with_one_defect(dirty):
    for clean, _, out, truth, manifest, _ in dirty.values():
        for rel in truth["dirt"]["extra_files"]:
            entries = [r for r in manifest if r["file"] == rel]
            assert len(entries) == 1 and entries[0]["expected_action"] == "reject_file"
            original = re.sub(r" \((2|copy)\)(\.\w+)$", r"\2", rel)
            info = truth["dirt"]["files"][rel]
            d, c = grid(out / rel, info["sheet"] or None), grid(clean / original, info["sheet"] or None)
            h = info["header_row"]
            n = info["clean_rows"]
            if entries[0]["case"] == "D07":
                dh, ch = d[h - 1], c[h - 1]
                assert dh[:-1] == ch
                norm = [re.sub(r"\s+", " ", x).strip().lower() for x in dh]
                assert len(set(norm)) == len(norm) - 1
                j = norm.index(norm[-1])
                for dr, cr in zip(d[h:h + n], c[h:h + n], strict=True):
                    assert dr[:-1] == cr and dr[-1] == cr[j]
            else:
                col = entries[0]["column"]
                j = c[h - 1].index(col)
                mangled = [row[j] for row in d[h: h + info["clean_rows"]]]
                assert all(("E+" in v) or not v.startswith("0") for v in mangled)
                assert [row[j] for row in c[h: h + info["clean_rows"]]] != mangled


def test_every_case_has_its_expected_action(dirty):
    want = {"D01": {"repair"}, "D02": {"warn"}, "D03": {"repair"}, "D04": {"drop_row"}, "D05": {"drop_row"},
            "D06": {"repair"}, "D07": {"reject_file"}, "D08": {"reject_file"}, "D09": {"duplicate_kept_one"},
            "D10": {"reject_row"}, "D11": {"accept"}, "D12": {"warn"}, "D13": {"exclude_from_counts"},
            "D14": {"repair"}, "D15": {"reject_row"}, "D16": {"warn"}, "D17": {"repair"}, "D18": {"warn"},
            "D19": {"warn"}, "D20": {"warn"}, "D21": {"repair"}, "D22": {"repair"}, "D23": {"reject_row"},
            "D24": {"exclude_from_counts"}, "D25": {"warn", "reject_row"}, "D26": {"repair"}, "D27": {"accept"},
            "D34": {"reject_row", "null_value"}, "D35": {"drop_column"}}
    seen: dict[str, set] = {}
    for *_, manifest, _ in dirty.values():
        for r in manifest:
            seen.setdefault(r["case"], set()).add(r["expected_action"])
    for case, actions in seen.items():
        assert actions <= want[case], case
    # fake people never reuse a real employee number; D10 rows come in pairs
    _, _, out, truth, manifest, _ = dirty["esr_bi_csv"]
    assert all(r["employee_number"].startswith("9") for r in manifest if r["case"] in {"D10", "D13", "D15", "D23",
                                                                                        "D24"})
    d10 = Counter((r["file"], r["assignment_number"]) for r in manifest if r["case"] == "D10")
    assert d10 and set(d10.values()) == {2}


def lenient_date(text: str | None) -> str | None:
    if not text:
        return text
    for fmt in ("%d/%m/%Y", "%d-%b-%Y", "%d-%b-%y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.title() if "-" in text and text[3:6].isalpha() else text, fmt).strftime(
                "%d/%m/%Y")
        except ValueError:
            continue
    return text


def test_ideal_ingestion_of_the_dirty_file_still_gives_the_planted_truth(tmp_path: Path):
    from tests.test_generator import recount_indicator_1

    _, truth, manifest = run(tmp_path, "esr_bi_csv", "all=0.02")
    rel = "esr_staff_in_post/ESR_Staff_In_Post_SY001_20260331.csv"
    info = truth["dirt"]["files"][rel]
    dropped = {int(r["row"]) for r in manifest if r["file"] == rel and r["expected_action"] in DROPPED}
    assert dropped
    g = grid(tmp_path / rel)
    header = g[info["header_row"] - 1]
    keep = [row for p, row in enumerate(g[info["header_row"]:], start=info["header_row"] + 1)
            if p not in dropped and row and row[0] != "Grand Total"]
    frame = pl.DataFrame([dict(zip(header, r + [""] * (len(header) - len(r)), strict=True)) for r in keep],
                         schema=dict.fromkeys(header, pl.String))
    frame = frame.with_columns(pl.col(pl.String).replace("", None)).with_columns(
        pl.col("Hire Date").map_elements(lenient_date, return_dtype=pl.String))
    recount = recount_indicator_1(frame)
    for r in (r for r in truth["indicator_1"] if r["report_year"] == 2026):
        assert {g: r[g] for g in ("white", "bme", "unknown")} == {
            g: recount.get((r["subgroup"], g), 0) for g in ("white", "bme", "unknown")}, r["subgroup"]


def test_realistic_counts_and_files_are_reproducible(tmp_path: Path):
    a = run(tmp_path / "a", "esr_bi_csv", "realistic", seed=5)
    b = run(tmp_path / "b", "esr_bi_csv", "realistic", seed=5)
    c = run(tmp_path / "c", "esr_bi_csv", "realistic", seed=6)
    assert a[1]["dirt"] == b[1]["dirt"] and a[2] == b[2]
    for f in a[0].files:
        assert (tmp_path / "a" / f.relpath).read_bytes() == (tmp_path / "b" / f.relpath).read_bytes()
    assert (tmp_path / "a/_truth/dirt.csv").read_bytes() == (tmp_path / "b/_truth/dirt.csv").read_bytes()
    assert a[2] != c[2]
    assert sum(a[1]["dirt"]["counts"].values()) == len(a[2])


# --- tests: shapes -----------------------------------------------------------------------


def test_shape_spec_parsing():
    assert parse_shape_spec("esr_staff_in_post=esr_bi_xlsx,esr_leavers=cp1252_csv") == {
        "esr_staff_in_post": "esr_bi_xlsx", "esr_leavers": "cp1252_csv"}
    assert parse_shape_spec("national_csv", ["esr_staff_in_post", "esr_leavers"]) == {
        "esr_staff_in_post": "national_csv", "esr_leavers": "national_csv"}
    assert parse_shape_spec(None) == {}
    with pytest.raises(ValueError):
        parse_shape_spec("no_such_shape")


@pytest.mark.parametrize("shape", [*TABULAR_SHAPES, "esr_interface"])
def test_shapes_are_readable_and_deterministic(shape: str, tmp_path: Path):
    result, truth, _ = run(tmp_path / "a", shape)
    again, _, _ = run(tmp_path / "b", shape)
    for f in result.files:
        assert (tmp_path / "a" / f.relpath).read_bytes() == (tmp_path / "b" / f.relpath).read_bytes(), f.relpath
    sip = next(f for f in result.files if f.source == "esr_staff_in_post" and "0331" in f.relpath)
    path = tmp_path / "a" / sip.relpath
    raw = path.read_bytes()
    if shape == "esr_bi_xlsx":
        assert path.suffix == ".xlsx"
        reader = fastexcel.read_excel(path)
        assert reader.sheet_names == ["Staff In Post", "Notes"]
        data = pl.read_excel(path, engine="calamine", sheet_name="Staff In Post", read_options={"header_row": 5},
                             infer_schema_length=0)
        assert data.columns[:2] == ["Employee Number", "Assignment Number"]
        assert data.filter(pl.col("Employee Number") == "Grand Total").height == 1
        body = data.filter(pl.col("Employee Number") != "Grand Total")
        assert body.height == sip.rows
        assert body["Employee Number"].str.contains(r"^\d{8}$").all()  # text cells, never floats
        assert body["Hire Date"].str.contains(r"^\d{4}-\d{2}-\d{2} 00:00:00$").all()  # real dates
        assert body["Date Started in NHS"].str.contains(r"^\d{2}/\d{2}/\d{4}$").all()  # text dates
        assert reader.load_sheet("Staff In Post", header_row=None, dtypes="string").to_polars()[0, 0] == \
            "Staff In Post - Assignment Level"
        return
    if shape == "esr_interface":
        lines = raw.decode("utf-8").splitlines()
        assert lines[0].startswith('HDR,"ESR_Interface_SY001_20260331.dat"')
        assert lines[-1] == f'FTR,"ESR_Interface_SY001_20260331.dat",{len(lines) - 2}'
        asg = [line for line in lines if line.startswith("ASG,")]
        assert len(asg) == sip.rows
        assert re.search(r'"NHS\|XR05\|Review Body Band 5"', raw.decode()) and re.search(r',"\d{8}",', asg[0])
        return
    if shape == "cp1252_csv":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "\u00a3" in raw.decode("cp1252") and "\u2013" in raw.decode("cp1252")
    elif shape == "utf8_bom_csv":
        assert raw.startswith(b"\xef\xbb\xbf") and "\u00a3" in raw[3:].decode("utf-8")
    else:
        raw.decode("utf-8")
        assert not raw.startswith(b"\xef\xbb\xbf")
    rows = grid(path)
    h = truth["dirt"]["files"][sip.relpath]["header_row"]
    if shape == "national_csv":
        assert rows[0][:4] == ["Unique Nhs Identifier", "Asg Number", "Tm Year Month", "Tm End Date"]
        assert "Ethnic Origin" in rows[0] and {"Grade Code", "ODS code", "Contracted Wte"} <= set(rows[0])
        assert all(r[2] == "2026-March" and r[3] == "2026-03-31" for r in rows[1:])
        assert any(r[0].startswith("0") for r in rows[1:])  # leading zeros survive (text)
        assert len(rows) - 1 == sip.rows
    elif shape == "plain_csv":
        assert h == 1 and rows[0][0] == "Employee Number" and len(rows) - 1 == sip.rows
    else:
        assert rows[h - 1][0] == "Employee Number" and rows[-1] == ["Grand Total", str(sip.rows)]
        assert any(r and r[0].startswith("As at: 31/03/2026") for r in rows[:h])


# --- tests: the other sources (skipped until wres_synth.sources registers them) ----------------


@pytest.fixture(scope="module")
def other_sources(tmp_path_factory: pytest.TempPathFactory):
    if not all(s in WRITERS for s in OTHER_SOURCES):
        pytest.skip("the non-ESR sources are not registered")
    root = tmp_path_factory.mktemp("other")
    _, clean_truth, _ = run(root / "clean", None, None, sources=OTHER_SOURCES)
    result, truth, manifest = run(root / "dirty", None, "all=0.01", sources=OTHER_SOURCES)
    return root / "clean", clean_truth, root / "dirty", truth, manifest, result


def test_other_sources_reload_round_trips(other_sources, tmp_path: Path):
    from wres_synth.dirt import SOURCE_ROLES

    clean, clean_truth, *_ = other_sources
    checked = 0
    for rel in clean_truth["counts"]:
        source = rel.split("/")[0]
        if source not in SOURCE_ROLES or not rel.endswith(".csv"):
            continue
        from wres_synth.writers import WrittenFile

        tf = reload_csv(clean, WrittenFile(source, "x", "SY001", rel, 0), 1, SOURCE_ROLES[source])
        assert tf is not None, rel
        render(tf, tmp_path)
        assert (tmp_path / rel).read_bytes() == (clean / rel).read_bytes(), rel
        checked += 1
    assert checked >= len(OTHER_SOURCES)


def test_other_sources_positions_and_nothing_else(other_sources):
    clean, clean_truth, out, truth, manifest, _ = other_sources
    check_positions(out, truth, manifest, "other sources")
    check_exact(clean, clean_truth, out, truth, manifest, "other sources")
    by_source = truth["dirt"]["counts_by_source"]
    assert {"D30", "D31", "D15", "D17", "D21"} <= set(by_source["trac_applications"])
    assert {"D33", "D26", "D23"} <= set(by_source["er_cases"])
    assert {"D32", "D22"} <= set(by_source["olm_training"])
    assert {"D28", "D09", "D10"} <= set(by_source["staff_survey"])
    assert {"D14", "D15", "D23"} <= set(by_source["board_register"]) or by_source["board_register"]
    for r in manifest:
        if r["case"] in ("D30", "D33"):
            assert r["extra_row"] == "true" and r["expected_action"] in ("reject_row", "flag_unmatched")
        if r["case"] == "D33":
            assert r["employee_number"].startswith("9") and r["written_value"] == r["employee_number"]


def test_survey_renumbering_is_listed(tmp_path: Path):
    if "staff_survey" not in WRITERS:
        pytest.skip("the staff survey source is not registered")
    generate(tmp_path, profile="small", seed=0, years=5, sources=["staff_survey"], dirt="D29=1")
    with open(tmp_path / "_truth" / "dirt.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["written_value"] for r in rows} == {"q25", "q27"}  # 2021 and 2022 numbering
    assert all(r["case"] == "D29" and r["row"] == "1" for r in rows)


# --- tests: every source, realistic dirt and the report shapes of the other sources -----------


def test_realistic_dirt_on_every_source_is_exact_and_reproducible(tmp_path: Path):
    """``--dirt realistic`` over all eight sources: the same seed gives the same manifest and files, and
    truth.json's count of every case equals its number of rows in dirt.csv."""
    everything = tuple(WRITERS)
    a = run(tmp_path / "a", None, "realistic", seed=2, sources=everything)
    run(tmp_path / "b", None, "realistic", seed=2, sources=everything)
    assert (tmp_path / "a/_truth/dirt.csv").read_bytes() == (tmp_path / "b/_truth/dirt.csv").read_bytes()
    assert (tmp_path / "a/_truth/truth.json").read_bytes() == (tmp_path / "b/_truth/truth.json").read_bytes()
    for f in a[0].files:
        assert (tmp_path / "a" / f.relpath).read_bytes() == (tmp_path / "b" / f.relpath).read_bytes(), f.relpath
    truth, manifest = a[1], a[2]
    per_case = Counter(r["case"] for r in manifest)
    assert truth["dirt"]["spec"] == REALISTIC
    assert truth["dirt"]["counts"] == {c: per_case.get(c, 0) for c in REALISTIC}
    per_source = Counter((r["source"], r["case"]) for r in manifest)
    assert {(s, c): n for s, cs in truth["dirt"]["counts_by_source"].items() for c, n in cs.items()} == dict(per_source)
    # every realistic case happened somewhere or says why it could not
    assert {c for c, n in truth["dirt"]["counts"].items() if n} | set(truth["dirt"]["not_applicable"]) == set(REALISTIC)
    assert len({r["source"] for r in manifest}) >= 7  # every source with dirt roles (not the action plan)


@pytest.mark.parametrize("shape", ["report_xlsx", "cp1252_csv", "utf8_bom_csv", "plain_csv"])
def test_report_shapes_of_the_other_sources_take_dirt_exactly(shape: str, tmp_path: Path):
    sources = (*OTHER_SOURCES, "action_plan")
    clean_result, clean_truth, _ = run(tmp_path / "clean", shape, None, sources=sources, years=2)
    result, truth, manifest = run(tmp_path / "dirty", shape, "all=0.01", sources=sources, years=2)
    suffix = ".xlsx" if shape == "report_xlsx" else ".csv"
    assert {Path(f.relpath).suffix for f in clean_result.files} == {suffix}
    assert {f.source for f in clean_result.files} == set(sources)
    check_positions(tmp_path / "dirty", truth, manifest, shape)
    check_exact(tmp_path / "clean", clean_truth, tmp_path / "dirty", truth, manifest, shape)
    assert {r["source"] for r in manifest} == set(OTHER_SOURCES)
    assert "action_plan:" + shape in truth["dirt"]["not_applicable"]["D04"]


TOTAL_ROW = re.compile(r"^\s*((grand\s+)?total|count|sum)\b", re.IGNORECASE)  # §1.3 trailer rows
NEVER_ISSUED_NI_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}  # HMRC: never allocated


def never_issued(ni: str) -> bool:
    """HMRC never issues NI numbers whose first letter is D, F, I, Q, U or V, whose second letter is
    D, F, I, O, Q, U or V, or whose prefix is in :data:`NEVER_ISSUED_NI_PREFIXES`."""
    prefix = ni[:2]
    return prefix[0] in "DFIQUV" or prefix[1] in "DFIOQUV" or prefix in NEVER_ISSUED_NI_PREFIXES


def test_personal_data_of_d35_is_obviously_fake(dirty):
    """D35 columns: NI numbers only with never-issued prefixes, placeholder names, reserved e-mail domain."""
    seen = Counter()
    for shape, (_, _, out, truth, manifest, _) in dirty.items():
        for r in (r for r in manifest if r["case"] == "D35"):
            info = truth["dirt"]["files"][r["file"]]
            g = grid(out / r["file"], info["sheet"] or None)
            j = g[info["header_row"] - 1].index(r["column"])
            header = g[info["header_row"] - 1]
            values = [row[j] for row in g[info["header_row"]:] if len(row) > j and row[j] and row != header
                      and not TOTAL_ROW.match(row[0])]
            if r["column"] == "NI Number":
                bad = [v for v in values if not (re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", v) and never_issued(v))]
                assert not bad, (shape, bad[:3])
            elif r["column"] == "Full Name":
                bad = [v for v in values if v.split()[0] not in ("Testname", "Dummyname", "Samplename")]
                assert not bad, (shape, bad[:3])
            elif r["column"] == "Email Address":
                bad = [v for v in values if not v.endswith("@example.invalid")]
                assert not bad, (shape, bad[:3])
            seen[r["column"]] += len(values)
    assert seen["NI Number"] and seen["Full Name"] and seen["Email Address"]
