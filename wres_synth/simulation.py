"""Seeded, vectorised simulation of the workforce of one synthetic NHS organisation.

Model
-----
The organisation is a set of **directorates** split into **service teams**, and a set of
**cells**: one per (profession, level), e.g. (registered nursing, band 6) or (medical
training, consultant).  Each cell has an *establishment* (target headcount) that grows a
little each year.  Time advances in calendar quarters (quarter ends 30 Jun, 30 Sep,
31 Dec, 31 Mar).  Each quarter, for all people at once (numpy, no per-person loops):

1. **Status spells end**: maternity, secondments, career breaks, suspensions and
   acting-up spells that were due to end return to ``Active Assignment``; a share of
   acting-up spells ends in a substantive promotion to the acting grade.
2. **Leavers**: everyone leaves with a quarterly probability from the profession's
   annual leaving rate, raised for fixed-term / locum contracts, the first year of
   service, age 60+ and (planted) BME ethnicity.  Each leaver gets a termination date
   inside the quarter and an ESR leaving reason (§2.5) chosen by circumstance
   (retirement, end of fixed term, bank, general), with the low-information share
   ``Voluntary Resignation - Other/Not Known`` / blank laid on top.
3. **New status spells** start (maternity for women 22-44, secondments, career breaks,
   suspensions) and **acting up**: a weighted draw (planted BME weight) puts eligible AfC
   staff one band up with status ``Acting Up``.
4. **Team moves**; BME movers never move into the planted "no BME" teams.
5. **Second assignments** start and end: a part-time second substantive post or a bank
   assignment alongside the substantive one (assignment number suffix ``-2``, ``-3``...).
6. **Vacancies** (establishment minus headcount per cell) are filled first by internal
   **promotion** from the level below -- candidates drawn by weighted sampling without
   replacement where BME candidates carry the planted ``bme_promotion_weight`` -- and the
   rest, plus bank-only posts, by **external hires**.  A hire gets a team (weighted by
   team capacity for the profession), then an ethnicity: BME with probability
   ``bme_hire_share[grade] x org multiplier x team affinity`` (the planted "snowy white
   peaks" gradient and team clustering), unknown with ``unknown_ethnicity_share``.
7. Senior medical manager roles (one ``Medical Director``, ``Clinical Director`` per
   clinical directorate) are topped up from consultants.
8. At each quarter end inside the reporting window the assignment rows are captured.

A burn-in of ``StructureParams.burn_in_years`` precedes the first reporting quarter, and
the initial population is drawn with realistic tenure, so the workforce is in steady
state at the first snapshot.

Outputs (:class:`Simulation`) are polars tables with decoded, canonical values; the
writers only format them.  Rows are ordered deterministically and every random draw
comes from one ``numpy.random.Generator`` seeded from (seed, organisation number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from . import reference as ref
from .config import OrgSpec, StructureParams, TruthParams

EPOCH = dt.date(1970, 1, 1)
DAYS_PER_YEAR = 365.25
N_PROF = len(ref.PROFESSIONS)
MAX_LEVELS = max(len(p.levels) for p in ref.PROFESSIONS)
N_GRADES = len(ref.GRADES)
VSM_GRADE = ref.GRADE_INDEX["vsm"]
CONSULTANT_GRADE = ref.GRADE_INDEX["consultant"]
MEDICAL_PROFS = np.array([p.staff_group == "Medical and Dental" for p in ref.PROFESSIONS])


def to_days(d: dt.date) -> int:
    """Days since 1970-01-01 (the integer date representation used inside the engine)."""
    return (d - EPOCH).days


def quarter_ends(first_report_year: int, last_report_year: int) -> list[dt.date]:
    """Quarter-end dates of the report years: 30 Jun, 30 Sep, 31 Dec of Y-1 and 31 Mar of Y."""
    out = []
    for year in range(first_report_year, last_report_year + 1):
        out += [dt.date(year - 1, 6, 30), dt.date(year - 1, 9, 30), dt.date(year - 1, 12, 31), dt.date(year, 3, 31)]
    return out


def financial_year_end(days: np.ndarray) -> np.ndarray:
    """The report year (year of the 31 March ending the financial year) of each date."""
    y, m, _ = ymd(days)
    return np.where(m <= 3, y, y + 1)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split integer days since 1970 into (year, month, day) arrays."""
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype("int64") // 12 + 1970
    month = months.astype("int64") % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype("int64") + 1
    return year, month, day


def age_at(dob: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Completed years of age on date ``at`` for people born on ``dob`` (integer days)."""
    y1, m1, d1 = ymd(dob)
    y2, m2, d2 = ymd(at)
    before_birthday = (m2 < m1) | ((m2 == m1) & (d2 < d1))
    return y2 - y1 - before_birthday.astype("int64")


# ---------------------------------------------------------------------------------------
# Small vectorised helpers
# ---------------------------------------------------------------------------------------


def cumulative(weights: np.ndarray) -> np.ndarray:
    """Row-normalised cumulative weights (rows with no weight become uniform)."""
    w = np.asarray(weights, dtype="float64")
    if w.ndim == 1:
        w = w[None, :]
    totals = w.sum(axis=1, keepdims=True)
    w = np.where(totals > 0, w / np.where(totals > 0, totals, 1.0), 1.0 / w.shape[1])
    cum = np.cumsum(w, axis=1)
    cum[:, -1] = 1.0
    return cum


def sample_rows(cum: np.ndarray, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draw one category per item from row ``rows[i]`` of the cumulative matrix ``cum``."""
    n_rows, k = cum.shape
    flat = (cum + np.arange(n_rows)[:, None]).ravel()
    idx = np.searchsorted(flat, rows + u, side="right") - rows * k
    return np.clip(idx, 0, k - 1)


def weighted_top_k(groups: np.ndarray, weights: np.ndarray, k: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Weighted sampling without replacement within groups (Efraimidis-Spirakis keys).

    Returns a boolean mask selecting up to ``k[g]`` items from each group ``g``;
    an item's chance of selection grows with its weight.
    """
    n = groups.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    key = np.log(1.0 - u) / weights
    order = np.lexsort((-key, groups))
    g_sorted = groups[order]
    rank = np.arange(n) - np.searchsorted(g_sorted, g_sorted, side="left")
    mask = np.zeros(n, dtype=bool)
    mask[order[rank < k[g_sorted]]] = True
    return mask


class _Store:
    """Growable column store of numpy arrays (one row per person or event)."""

    def __init__(self, columns: dict[str, tuple[str, float]], capacity: int = 1024):
        self._spec = columns
        self.n = 0
        self._cap = capacity
        for name, (dtype, fill) in columns.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))

    def add(self, count: int) -> np.ndarray:
        """Append ``count`` rows (initialised to the fill values); return their indices."""
        if self.n + count > self._cap:
            new_cap = max(self._cap * 2, self.n + count)
            for name, (dtype, fill) in self._spec.items():
                grown = np.full(new_cap, fill, dtype=dtype)
                grown[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, grown)
            self._cap = new_cap
        idx = np.arange(self.n, self.n + count)
        self.n += count
        return idx

    def view(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name)[: self.n] for name in self._spec}


_PERSON_COLUMNS: dict[str, tuple[str, float]] = {
    # static
    "emp_no": ("int64", 0), "wres": ("int8", 0), "eth": ("int16", 0), "gender": ("int8", 0),
    "dob": ("int32", 0), "nhs_start": ("int32", 0), "hire": ("int32", 0), "disability": ("int8", 0),
    "style": ("int8", 0), "pay_penalty": ("bool", False), "vsm_salary": ("float64", 0.0), "area": ("int16", 0),
    "bank_only": ("bool", False),
    # career state (primary assignment)
    "active": ("bool", False), "term": ("int32", -1), "reason": ("int16", -1),
    "prof": ("int16", 0), "level": ("int8", 0), "grade_since": ("int32", 0), "team": ("int32", 0),
    "role": ("int16", 0), "category": ("int8", 0), "fte": ("float64", 1.0),
    "status": ("int8", ref.ST_ACTIVE), "status_until": ("int32", -1),
    "acting_level": ("int8", -1), "acting_ev": ("int32", -1),
    # second assignment: kind 0 none, 1 second substantive, 2 bank alongside
    "b_kind": ("int8", 0), "b_level": ("int8", 0), "b_team": ("int32", 0), "b_role": ("int16", 0),
    "b_category": ("int8", 0), "b_fte": ("float64", 0.0), "b_suffix": ("int8", 0), "b_start": ("int32", 0),
    "n_second": ("int8", 0),
}

_ACTING_COLUMNS: dict[str, tuple[str, float]] = {
    "pid": ("int64", 0), "start": ("int32", 0), "end": ("int32", -1), "from_grade": ("int16", 0),
    "to_grade": ("int16", 0), "outcome": ("int8", -1),
}
ACTING_OUTCOMES: tuple[str, ...] = ("reverted", "promoted", "left")


# ---------------------------------------------------------------------------------------
# Public result
# ---------------------------------------------------------------------------------------


@dataclass
class Simulation:
    """The simulated organisation: structure, people and events, as polars tables.

    All dates are ``pl.Date``; identifiers are strings; categorical values are the
    canonical ESR labels (``staff_group``, ``job_role``, ``assignment_status`` ...) plus
    canonical keys (``grade`` such as ``band_8a`` / ``consultant``; ``wres_group`` in
    ``white`` / ``bme`` / ``unknown``).

    Tables (see ``docs`` in :mod:`wres_synth` for every column):

    * ``directorates``: directorate_id, directorate, area_of_work, kind, org_l3.
    * ``teams``: team_id, team, directorate_id, directorate, org_l4, capacity,
      bme_affinity, planted_no_bme.
    * ``persons``: one row per person present at any time in the reporting window.
    * ``assignments``: one row per assignment per quarter-end snapshot in the window
      (the ESR staff-in-post rows); ``snapshot_date`` says which.
    * ``leavers``: one row per assignment ended by a person leaving inside the window,
      with ``termination_date``, ``leaving_reason`` and the assignment as it was.
    * ``hires``, ``promotions``, ``acting_up``, ``team_moves``: events in the window.
    """

    org: OrgSpec
    params: TruthParams
    structure: StructureParams
    seed: int
    report_years: tuple[int, ...]
    snapshot_dates: tuple[dt.date, ...]
    directorates: pl.DataFrame
    teams: pl.DataFrame
    persons: pl.DataFrame
    assignments: pl.DataFrame
    leavers: pl.DataFrame
    hires: pl.DataFrame
    promotions: pl.DataFrame
    acting_up: pl.DataFrame
    team_moves: pl.DataFrame

    @property
    def window_start(self) -> dt.date:
        """1 April opening the first report year."""
        return dt.date(self.report_years[0] - 1, 4, 1)

    @property
    def window_end(self) -> dt.date:
        """31 March closing the last report year."""
        return dt.date(self.report_years[-1], 3, 31)

    def snapshot(self, date: dt.date) -> pl.DataFrame:
        """Assignment rows of one quarter-end snapshot."""
        return self.assignments.filter(pl.col("snapshot_date") == date)

    def leavers_in_year(self, report_year: int) -> pl.DataFrame:
        """Leaver assignment rows with a termination date in the financial year ending 31 March ``report_year``."""
        return self.leavers.filter(pl.col("report_year") == report_year)


# ---------------------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------------------


class _Engine:
    """Runs the quarterly simulation for one organisation (see the module docstring)."""

    def __init__(self, org: OrgSpec, params: TruthParams, structure: StructureParams, seed: int,
                 end_year: int, years: int):
        self.org, self.params, self.sp, self.seed = org, params, structure, seed
        self.rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(org.number,)))
        self.report_years = tuple(range(end_year - years + 1, end_year + 1))
        first = self.report_years[0] - structure.burn_in_years
        all_qe = quarter_ends(first, end_year)
        self.qe = np.array([to_days(d) for d in all_qe], dtype="int64")
        self.qs = np.concatenate([[to_days(dt.date(first - 1, 4, 1))], self.qe[:-1] + 1])
        self.n_burn = 4 * structure.burn_in_years
        self.snapshot_dates = tuple(all_qe[self.n_burn:])
        self.window_start = int(self.qs[self.n_burn])
        self._build_reference_tables()
        self._build_structure()
        self._build_establishment()
        self.P = _Store(_PERSON_COLUMNS, capacity=max(1024, int(org.size * 2.5)))
        self.acting = _Store(_ACTING_COLUMNS, capacity=256)
        self.snap_chunks: list[dict[str, np.ndarray]] = []
        self.leaver_chunks: list[dict[str, np.ndarray]] = []
        self.events: dict[str, list[dict[str, np.ndarray]]] = {"hires": [], "promotions": [], "team_moves": []}
        self.emp_base = int(self.rng.integers(20_000_000, 40_000_000))

    # -- reference lookups ---------------------------------------------------------------

    def _build_reference_tables(self) -> None:
        profs = ref.PROFESSIONS
        self.n_levels = np.array([len(p.levels) for p in profs])
        self.prof_grade = np.full((N_PROF, MAX_LEVELS), -1, dtype="int64")
        self.internal_fill = np.zeros((N_PROF, MAX_LEVELS))
        self.hire_age = np.zeros((N_PROF, MAX_LEVELS, 2))
        for p, prof in enumerate(profs):
            for lvl, g in enumerate(prof.levels):
                self.prof_grade[p, lvl] = ref.GRADE_INDEX[g]
                self.internal_fill[p, lvl] = prof.internal_fill[lvl]
                self.hire_age[p, lvl] = prof.hire_age[lvl] if prof.hire_age else (35.0, 8.0)
        # job roles per cell
        n_roles = len(ref.JOB_ROLES)
        role_w = np.zeros((N_PROF * MAX_LEVELS, n_roles))
        for p, prof in enumerate(profs):
            for lvl, roles in enumerate(prof.roles):
                for role, w in roles:
                    role_w[p * MAX_LEVELS + lvl, ref.JOB_ROLE_INDEX[role]] = w
        self.role_cum = cumulative(role_w)
        # pay points
        max_pts = max(len(g.pay_points) for g in ref.GRADES)
        self.pay = np.zeros((N_GRADES, max_pts))
        self.n_points = np.array([len(g.pay_points) for g in ref.GRADES])
        for i, g in enumerate(ref.GRADES):
            self.pay[i, : len(g.pay_points)] = g.pay_points
            self.pay[i, len(g.pay_points):] = g.pay_points[-1]
        self.spine_base = np.full(N_GRADES, -1, dtype="int64")
        point = 1
        for i, g in enumerate(ref.GRADES):
            if g.kind == "afc":
                self.spine_base[i] = point
                point += len(g.pay_points)
            elif g.kind == "medical":
                self.spine_base[i] = 1
        self.grade_is_medical = np.array([g.kind == "medical" for g in ref.GRADES])
        self.grade_is_afc = np.array([g.kind == "afc" for g in ref.GRADES])
        share = np.array([self.params.bme_hire_share.get(g.key, 0.2) for g in ref.GRADES])
        self.bme_share = np.clip(share * self.params.bme_share_multiplier * self.org.bme_multiplier, 0.0, 0.95)
        # ethnicity labels by WRES group
        eth_w = np.zeros((3, len(ref.ETHNIC_ORIGINS)))
        for i, (_, group, w) in enumerate(ref.ETHNIC_ORIGINS):
            eth_w[group, i] = w
        self.eth_cum = cumulative(eth_w)
        self.disability_cum = cumulative(np.array([w for _, w in ref.DISABILITY]))
        self.style_cum = cumulative(np.array(ref.GRADE_STYLE_WEIGHTS))
        # leaving reasons: index 0 = blank, 1 = low-information reason, then the rest
        names = ["", ref.LOW_INFO_REASON]
        for circ in ref.LEAVING_CIRCUMSTANCES:
            for reason, _ in ref.LEAVING_REASONS[circ]:
                if reason not in names:
                    names.append(reason)
        self.reason_names = tuple(names)
        reason_w = np.zeros((len(ref.LEAVING_CIRCUMSTANCES), len(names)))
        for c, circ in enumerate(ref.LEAVING_CIRCUMSTANCES):
            for reason, w in ref.LEAVING_REASONS[circ]:
                reason_w[c, names.index(reason)] = w
        self.reason_cum = cumulative(reason_w)
        self.leave_rate = np.array([p.annual_leaving_rate for p in profs])
        self.female_share = np.array([p.female_share for p in profs])
        self.fixed_term_share = np.array([p.fixed_term_share for p in profs])
        self.locum_share = np.array([p.locum_share for p in profs])
        self.part_time_share = np.array([p.part_time_share for p in profs])
        self.n_areas = np.array([len(p.areas) for p in profs])
        self.always_fixed_term = np.zeros((N_PROF, MAX_LEVELS), dtype=bool)
        med_train = ref.PROFESSION_INDEX["medical_training"]
        self.always_fixed_term[med_train, :4] = True  # FY1, FY2, core and specialty trainees

    # -- organisation structure -----------------------------------------------------------

    def _build_structure(self) -> None:
        rng, org = self.rng, self.org
        ttype = ref.TRUST_TYPES[org.trust_type]
        dirs = ttype.directorates
        dir_w = np.array([d.weight for d in dirs])
        n_total = max(2 * len(dirs), int(round(org.size / self.sp.people_per_team)))
        per_dir = np.maximum(1, np.round(dir_w / dir_w.sum() * n_total)).astype(int)
        team_names: list[str] = []
        team_dir: list[int] = []
        self.exec_team = -1
        for d, tmpl in enumerate(dirs):
            templates = list(tmpl.teams)
            if "Executive Office" in templates:
                templates.remove("Executive Office")
                self.exec_team = len(team_names)
                team_names.append("Executive Office")
                team_dir.append(d)
            used: set[str] = set()
            for i in range(int(per_dir[d])):
                name = self._team_name(templates[i % len(templates)], i // len(templates), used)
                used.add(name)
                team_names.append(name)
                team_dir.append(d)
        n_teams = len(team_names)
        self.team_dir = np.array(team_dir)
        capacity = rng.lognormal(0.0, 0.6, n_teams)
        if self.exec_team >= 0:
            capacity[self.exec_team] = 0.05
        # team x profession weights
        w = np.zeros((n_teams, N_PROF))
        for t in range(n_teams):
            for prof_key, pw in dirs[team_dir[t]].professions:
                w[t, ref.PROFESSION_INDEX[prof_key]] = pw
        keep = rng.random(w.shape) < 0.85
        keep[np.arange(n_teams), w.argmax(axis=1)] = True
        w = w * keep * rng.lognormal(0.0, 0.5, w.shape) * capacity[:, None]
        clinical_dir = np.array([d.kind == "clinical" for d in dirs])
        is_clinical_team = clinical_dir[self.team_dir]
        shares = dict(ttype.profession_shares)
        for p, prof in enumerate(ref.PROFESSIONS):
            if shares.get(prof.key, 0) > 0 and w[:, p].sum() == 0:
                w[:, p] = capacity * is_clinical_team
        # planted team clustering: BME affinity per team, some teams with none at all
        sigma = self.params.team_clustering_sigma
        affinity = rng.lognormal(-sigma * sigma / 2, sigma, n_teams) if sigma > 0 else np.ones(n_teams)
        candidates = np.array([t for t in np.argsort(capacity, kind="stable")[: max(1, n_teams // 2)]
                               if t != self.exec_team])
        n_none = max(1, int(round(self.params.no_bme_team_share * n_teams)))
        no_bme = rng.choice(candidates, size=min(n_none, candidates.size), replace=False)
        affinity[no_bme] = 0.0
        if self.exec_team >= 0:
            affinity[self.exec_team] = 1.0
        self.team_w = w
        self.team_cum = cumulative(w.T)
        w_bme = w * affinity[:, None]
        for p in np.flatnonzero((w_bme.sum(axis=0) == 0) & (w.sum(axis=0) > 0)):
            w_bme[:, p] = capacity * (affinity > 0)
        self.team_cum_bme = cumulative(w_bme.T)
        mean_aff = (w * affinity[:, None]).sum(axis=0) / np.where(w.sum(axis=0) > 0, w.sum(axis=0), 1.0)
        self.team_affinity = affinity
        self.prof_mean_affinity = np.where(mean_aff > 0, mean_aff, 1.0)
        vpd = org.vpd
        self.directorates = pl.DataFrame({
            "directorate_id": np.arange(len(dirs), dtype="int64"),
            "directorate": [d.name for d in dirs],
            "area_of_work": [d.area_of_work for d in dirs],
            "kind": [d.kind for d in dirs],
            "org_l3": [f"{vpd} {d.name}" for d in dirs],
        })
        self.teams = pl.DataFrame({
            "team_id": np.arange(n_teams, dtype="int64"),
            "team": team_names,
            "directorate_id": self.team_dir.astype("int64"),
            "directorate": [dirs[d].name for d in team_dir],
            "org_l4": [f"{vpd} {n}" for n in team_names],
            "capacity": capacity,
            "bme_affinity": affinity,
            "planted_no_bme": affinity == 0.0,
        })
        self.n_clinical_dirs = int(clinical_dir.sum())

    @staticmethod
    def _team_name(template: str, use: int, used: set[str]) -> str:
        place = ref.PLACE_SUFFIXES[use % len(ref.PLACE_SUFFIXES)]
        ward = ref.WARD_NAMES[use % len(ref.WARD_NAMES)]
        name = template.format(place=place, ward=ward, n=use + 1)
        base, k = name, 2
        while name in used:
            name = f"{base} {k}"
            k += 1
        return name

    def _build_establishment(self) -> None:
        size = self.org.size
        shares = dict(ref.TRUST_TYPES[self.org.trust_type].profession_shares)
        total_share = sum(shares.values())
        target = np.zeros((N_PROF, MAX_LEVELS))
        for p, prof in enumerate(ref.PROFESSIONS):
            s = shares.get(prof.key, 0.0) / total_share
            if s <= 0:
                continue
            lw = np.array(prof.level_weights, dtype="float64")
            target[p, : lw.size] = size * s * lw / lw.sum()
        admin, nursing = ref.PROFESSION_INDEX["admin_clerical"], ref.PROFESSION_INDEX["registered_nursing"]
        target[admin, len(ref.PROFESSIONS[admin].levels) - 1] = min(8, max(3, round(3 + size / 3000)))
        if shares.get("registered_nursing", 0) > 0:
            target[nursing, len(ref.PROFESSIONS[nursing].levels) - 1] = 1
        self.target0 = target
        # bank-only pool: nurses, clinical support, admin, estates at entry-ish bands
        bank = np.zeros((N_PROF, MAX_LEVELS))
        mix = (("registered_nursing", 0, 0.40), ("paramedic", 0, 0.10), ("clinical_support", 0, 0.15),
               ("clinical_support", 1, 0.25), ("admin_clerical", 0, 0.05), ("admin_clerical", 1, 0.05),
               ("estates_ancillary", 1, 0.05))
        for key, lvl, w in mix:
            p = ref.PROFESSION_INDEX[key]
            if target[p].sum() > 0:
                bank[p, lvl] += w
        if bank.sum() > 0:
            bank *= self.sp.bank_only_share * size / bank.sum()
        self.bank_target0 = bank

    def _targets(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        growth = (1.0 + self.sp.annual_growth) ** ((k - self.n_burn) / 4.0)
        sub = np.rint(self.target0 * growth)
        # fixed posts (VSM) do not grow
        admin, nursing = ref.PROFESSION_INDEX["admin_clerical"], ref.PROFESSION_INDEX["registered_nursing"]
        for p in (admin, nursing):
            last = len(ref.PROFESSIONS[p].levels) - 1
            sub[p, last] = self.target0[p, last]
        return sub, np.rint(self.bank_target0 * growth)

    # -- people ---------------------------------------------------------------------------

    def _create(self, prof: np.ndarray, level: np.ndarray, bank: np.ndarray, hire: np.ndarray,
                age_at_hire: np.ndarray | None = None) -> np.ndarray:
        """Create new people in the given cells with the given hire dates; return their ids."""
        rng, P = self.rng, self.P
        n = prof.size
        idx = P.add(n)
        if n == 0:
            return idx
        grade = self.prof_grade[prof, level]
        P.prof[idx], P.level[idx], P.bank_only[idx] = prof, level, bank
        P.hire[idx], P.grade_since[idx] = hire, hire
        P.active[idx] = True
        # team (VSM sit in the executive office)
        team = sample_rows(self.team_cum, prof, rng.random(n))
        if self.exec_team >= 0:
            team = np.where(grade == VSM_GRADE, self.exec_team, team)
        P.team[idx] = team
        # ethnicity: unknown, else BME with the planted grade share x team affinity
        aff = np.where(grade == VSM_GRADE, 1.0, self.team_affinity[team] / self.prof_mean_affinity[prof])
        p_bme = np.clip(self.bme_share[grade] * aff, 0.0, 0.97)
        u = rng.random(n)
        unknown = u < self.params.unknown_ethnicity_share
        bme = ~unknown & (rng.random(n) < p_bme)
        wres = np.where(unknown, ref.UNKNOWN, np.where(bme, ref.BME, ref.WHITE)).astype("int8")
        P.wres[idx] = wres
        P.eth[idx] = sample_rows(self.eth_cum, wres.astype("int64"), rng.random(n))
        P.gender[idx] = (rng.random(n) >= self.female_share[prof]).astype("int8")
        if age_at_hire is None:
            mean, sd = self.hire_age[prof, level, 0], self.hire_age[prof, level, 1]
            age_at_hire = np.clip(rng.normal(mean, sd), 18.0, 66.0)
        P.dob[idx] = hire - (age_at_hire * DAYS_PER_YEAR).astype("int64") - rng.integers(0, 365, n)
        prior = np.where(rng.random(n) < 0.45, 0.0,
                         rng.random(n) * np.minimum(np.maximum(age_at_hire - 19.0, 0.0), 20.0))
        P.nhs_start[idx] = hire - (prior * DAYS_PER_YEAR).astype("int64")
        P.disability[idx] = sample_rows(self.disability_cum, np.zeros(n, dtype="int64"), rng.random(n))
        P.style[idx] = sample_rows(self.style_cum, np.zeros(n, dtype="int64"), rng.random(n))
        P.pay_penalty[idx] = (wres == ref.BME) & (rng.random(n) < self.params.bme_pay_step_penalty)
        P.vsm_salary[idx] = np.round(rng.uniform(125_000, 215_000, n), -2)
        P.area[idx] = (rng.random(n) * self.n_areas[prof]).astype("int64")
        P.role[idx] = sample_rows(self.role_cum, prof * MAX_LEVELS + level, rng.random(n))
        # contract
        u = rng.random(n)
        cat = np.where(u < self.fixed_term_share[prof], ref.CAT_FIXED_TERM,
                       np.where(u < self.fixed_term_share[prof] + self.locum_share[prof], ref.CAT_LOCUM,
                                ref.CAT_PERMANENT))
        cat = np.where(self.always_fixed_term[prof, level], ref.CAT_FIXED_TERM, cat)
        P.category[idx] = np.where(bank, ref.CAT_BANK, cat)
        part = rng.random(n) < self.part_time_share[prof]
        part_fte = np.array([0.4, 0.5, 0.6, 0.67, 0.8, 0.9])[rng.integers(0, 6, n)]
        P.fte[idx] = np.where(bank, 0.0, np.where(part, part_fte, 1.0))
        P.emp_no[idx] = self.emp_base + idx * 7 + rng.integers(0, 7, n)
        P.status[idx], P.status_until[idx], P.acting_level[idx] = ref.ST_ACTIVE, -1, -1
        return idx

    def _start_second(self, pids: np.ndarray, start: np.ndarray) -> None:
        """Give ``pids`` a second assignment: part-time substantive or bank alongside."""
        rng, P, sp = self.rng, self.P, self.sp
        n = pids.size
        if n == 0:
            return
        frac_sub = sp.second_substantive_share / (sp.second_substantive_share + sp.bank_alongside_share)
        substantive = rng.random(n) < frac_sub
        prof, level = P.prof[pids].astype("int64"), P.level[pids].astype("int64")
        lower = substantive & (level > 0) & (rng.random(n) < 0.3)
        b_level = level - lower
        b_level = np.where(self.prof_grade[prof, b_level] == VSM_GRADE, np.maximum(b_level - 1, 0), b_level)
        bme = P.wres[pids] == ref.BME
        team = sample_rows(self.team_cum, prof, rng.random(n))
        team_b = sample_rows(self.team_cum_bme, prof, rng.random(n))
        P.b_kind[pids] = np.where(substantive, 1, 2)
        P.b_level[pids] = b_level
        P.b_team[pids] = np.where(bme, team_b, team)
        P.b_role[pids] = sample_rows(self.role_cum, prof * MAX_LEVELS + b_level, rng.random(n))
        P.b_category[pids] = np.where(substantive, np.where(rng.random(n) < 0.15, ref.CAT_FIXED_TERM,
                                                             ref.CAT_PERMANENT), ref.CAT_BANK)
        b_fte = np.array([0.2, 0.3, 0.4, 0.5])[rng.integers(0, 4, n)]
        P.b_fte[pids] = np.where(substantive, b_fte, 0.0)
        P.fte[pids] = np.where(substantive, np.minimum(P.fte[pids], np.round(1.0 - b_fte, 2)), P.fte[pids])
        P.n_second[pids] += 1
        P.b_suffix[pids] = 1 + P.n_second[pids]
        P.b_start[pids] = start

    # -- initial population -------------------------------------------------------------

    def _initial_population(self) -> None:
        rng = self.rng
        t0 = int(self.qs[0]) - 1
        sub, bank = self._targets(0)
        for cells, is_bank in ((sub, False), (bank, True)):
            counts = cells.astype("int64").ravel()
            cell = np.repeat(np.arange(counts.size), counts)
            prof, level = cell // MAX_LEVELS, cell % MAX_LEVELS
            n = cell.size
            mean, sd = self.hire_age[prof, level, 0], self.hire_age[prof, level, 1]
            age_now = np.clip(rng.normal(mean + 4.0, sd + 2.0), 19.0, 66.0)
            rate = self.sp.bank_annual_leaving_rate if is_bank else self.leave_rate[prof]
            tenure = np.minimum(rng.exponential(1.0 / rate, n), age_now - 18.5)
            tenure = np.maximum(tenure, 0.05)
            hire = t0 - (tenure * DAYS_PER_YEAR).astype("int64")
            pids = self._create(prof, level, np.full(n, is_bank), hire, age_at_hire=age_now - tenure)
            in_grade = np.minimum(tenure, rng.exponential(3.0, n))
            self.P.grade_since[pids] = t0 - (in_grade * DAYS_PER_YEAR).astype("int64")
            if not is_bank:
                two = rng.random(n) < self.sp.second_substantive_share + self.sp.bank_alongside_share
                start = t0 - (rng.random(n) * np.minimum(tenure, 3.0) * DAYS_PER_YEAR).astype("int64")
                self._start_second(pids[two], start[two])

    # -- quarterly step -----------------------------------------------------------------

    def run(self) -> Simulation:
        self._initial_population()
        for k in range(self.qe.size):
            self._step(k)
        return self._finish()

    def _dates(self, k: int, n: int) -> np.ndarray:
        return self.qs[k] + self.rng.integers(0, self.qe[k] - self.qs[k] + 1, n)

    def _step(self, k: int) -> None:
        self._k = k
        self._end_spells(k)
        self._leavers(k)
        self._start_spells(k)
        self._team_moves(k)
        self._second_assignments(k)
        self._fill_vacancies(k)
        self._senior_medical_roles()
        if k >= self.n_burn:
            act = np.flatnonzero(self.P.active[: self.P.n])
            self.snap_chunks.append(self._capture(act, np.full(act.size, self.qe[k])))

    def _active(self) -> np.ndarray:
        return np.flatnonzero(self.P.active[: self.P.n])

    def _end_spells(self, k: int) -> None:
        P, rng = self.P, self.rng
        act = self._active()
        due = act[(P.status_until[act] == k)]
        if due.size == 0:
            return
        acting = due[P.status[due] == ref.ST_ACTING_UP]
        P.status[due], P.status_until[due] = ref.ST_ACTIVE, -1
        if acting.size:
            end = self._dates(k, acting.size)
            promote = rng.random(acting.size) < self.sp.acting_up_promotion_share
            ev = P.acting_ev[acting]
            self.acting.end[ev] = end
            self.acting.outcome[ev] = np.where(promote, 1, 0)
            winners = acting[promote]
            if winners.size:
                self._promote(winners, P.acting_level[winners].astype("int64"), end[promote], route=1)
            P.acting_level[acting], P.acting_ev[acting] = -1, -1

    def _leavers(self, k: int) -> None:
        P, rng, params = self.P, self.rng, self.params
        act = self._active()
        prof = P.prof[act].astype("int64")
        at = np.full(act.size, self.qs[k])
        age = age_at(P.dob[act], at)
        rate = np.where(P.bank_only[act], self.sp.bank_annual_leaving_rate, self.leave_rate[prof])
        hazard = -np.log1p(-np.minimum(rate, 0.95))
        cat = P.category[act]
        hazard = hazard * np.where(cat == ref.CAT_FIXED_TERM, 1.6, np.where(cat == ref.CAT_LOCUM, 2.0, 1.0))
        hazard = hazard * np.where(P.wres[act] == ref.BME, params.bme_leaving_rr, 1.0)
        hazard = hazard * np.where(at - P.hire[act] < 365, 1.4, 1.0)
        hazard = hazard * np.where(age >= 65, 5.0, np.where(age >= 60, 2.5, 1.0))
        p = 1.0 - np.exp(-hazard / 4.0)
        p = np.where(age >= 68, 0.9, p)
        leaving = rng.random(act.size) < p
        pids, age, prof, cat = act[leaving], age[leaving], prof[leaving], cat[leaving]
        n = pids.size
        if n == 0:
            return
        term = self._dates(k, n)
        u = rng.random(n)
        retire = ((age >= 60) & (u < 0.85)) | ((age >= 55) & (age < 60) & (u < 0.3))
        fixed = (cat == ref.CAT_FIXED_TERM) | (cat == ref.CAT_LOCUM)
        fixed = fixed & (rng.random(n) < 0.85)
        circ = np.where(P.bank_only[pids], 3, np.where(retire, 1, np.where(fixed, 2, 0)))
        reason = sample_rows(self.reason_cum, circ, rng.random(n))
        low = rng.random(n) < params.low_info_leaving_reason_share
        blank = rng.random(n) < params.blank_share_of_low_info
        reason = np.where(low, np.where(blank, 0, 1), reason)
        P.term[pids], P.reason[pids] = term, reason
        # acting-up spells end with the employment
        acting = pids[P.status[pids] == ref.ST_ACTING_UP]
        if acting.size:
            self.acting.end[P.acting_ev[acting]] = P.term[acting]
            self.acting.outcome[P.acting_ev[acting]] = 2
        if k >= self.n_burn:
            chunk = self._capture(pids, term)
            chunk["termination_date"] = np.concatenate([term, term[P.b_kind[pids] > 0]])
            chunk["reason"] = np.concatenate([reason, reason[P.b_kind[pids] > 0]])
            self.leaver_chunks.append(chunk)
        P.active[pids] = False

    def _start_spells(self, k: int) -> None:
        P, rng = self.P, self.rng
        act = self._active()
        free = act[(P.status[act] == ref.ST_ACTIVE) & ~P.bank_only[act]]
        at = np.full(free.size, self.qs[k])
        age = age_at(P.dob[free], at)
        taken = np.zeros(free.size, dtype=bool)
        for status, prob, dmin, dmax in ref.TRANSIENT_STATUSES:
            eligible = ~taken
            if status == ref.ST_MATERNITY:
                eligible &= (P.gender[free] == 0) & (age >= 22) & (age <= 44)
            start = eligible & (rng.random(free.size) < prob)
            sel = free[start]
            P.status[sel] = status
            P.status_until[sel] = k + rng.integers(dmin, dmax + 1, sel.size)
            taken |= start
        # acting up: AfC staff one band up, weighted draw with the planted BME weight
        cand = free[~taken]
        prof = P.prof[cand].astype("int64")
        level = P.level[cand].astype("int64")
        nxt = np.minimum(level + 1, MAX_LEVELS - 1)
        next_grade = self.prof_grade[prof, nxt]
        ok = ((level + 1 < self.n_levels[prof]) & self.grade_is_afc[self.prof_grade[prof, level]]
              & (next_grade >= 0) & self.grade_is_afc[np.maximum(next_grade, 0)]
              & (self.prof_grade[prof, level] >= ref.GRADE_INDEX["band_3"]))
        cand, prof, level = cand[ok], prof[ok], level[ok]
        w = np.where(P.wres[cand] == ref.BME, self.params.bme_acting_up_weight, 1.0)
        chosen = cand[rng.random(cand.size) < self.sp.acting_up_rate * w]
        if chosen.size == 0:
            return
        start = self._dates(k, chosen.size)
        lvl = P.level[chosen].astype("int64")
        ev = self.acting.add(chosen.size)
        self.acting.pid[ev] = chosen
        self.acting.start[ev] = start
        self.acting.from_grade[ev] = self.prof_grade[P.prof[chosen], lvl]
        self.acting.to_grade[ev] = self.prof_grade[P.prof[chosen], lvl + 1]
        P.status[chosen] = ref.ST_ACTING_UP
        P.status_until[chosen] = k + rng.integers(1, 5, chosen.size)
        P.acting_level[chosen] = lvl + 1
        P.acting_ev[chosen] = ev

    def _team_moves(self, k: int) -> None:
        P, rng = self.P, self.rng
        act = self._active()
        grade = self.prof_grade[P.prof[act], P.level[act]]
        movers = act[(rng.random(act.size) < self.sp.team_move_rate) & (grade != VSM_GRADE)]
        if movers.size == 0:
            return
        prof = P.prof[movers].astype("int64")
        bme = P.wres[movers] == ref.BME
        dest = np.where(bme, sample_rows(self.team_cum_bme, prof, rng.random(movers.size)),
                        sample_rows(self.team_cum, prof, rng.random(movers.size)))
        moved = dest != P.team[movers]
        movers, dest = movers[moved], dest[moved]
        if movers.size == 0:
            return
        date = self._dates(k, movers.size)
        if k >= self.n_burn:
            self.events["team_moves"].append({"pid": movers, "date": date, "from_team": P.team[movers].copy(),
                                              "to_team": dest})
        P.team[movers] = dest

    def _second_assignments(self, k: int) -> None:
        P, rng, sp = self.P, self.rng, self.sp
        act = self._active()
        has = act[P.b_kind[act] > 0]
        end_rate = 0.06
        P.b_kind[has[rng.random(has.size) < end_rate]] = 0
        share = sp.second_substantive_share + sp.bank_alongside_share
        start_rate = share * (end_rate + 0.03) / (1.0 - share)
        none = act[(P.b_kind[act] == 0) & ~P.bank_only[act]]
        starters = none[rng.random(none.size) < start_rate]
        self._start_second(starters, self._dates(k, starters.size))

    def _promote(self, pids: np.ndarray, new_level: np.ndarray, date: np.ndarray, route: int) -> None:
        """Move ``pids`` to ``new_level`` of their profession (a substantive promotion)."""
        P, rng = self.P, self.rng
        prof = P.prof[pids].astype("int64")
        old_grade = self.prof_grade[prof, P.level[pids].astype("int64")]
        new_grade = self.prof_grade[prof, new_level]
        if self.n_burn <= self._k:
            self.events["promotions"].append({
                "pid": pids, "date": date, "from_grade": old_grade, "to_grade": new_grade,
                "team": P.team[pids].copy(), "route": np.full(pids.size, route, dtype="int8"),
            })
        P.level[pids] = new_level
        P.grade_since[pids] = date
        P.role[pids] = sample_rows(self.role_cum, prof * MAX_LEVELS + new_level, rng.random(pids.size))
        if self.exec_team >= 0:
            P.team[pids] = np.where(new_grade == VSM_GRADE, self.exec_team, P.team[pids])
        # a promotion replaces any acting-up spell
        acting = pids[P.status[pids] == ref.ST_ACTING_UP]
        if acting.size:
            ev = P.acting_ev[acting]
            self.acting.end[ev] = date[P.status[pids] == ref.ST_ACTING_UP]
            self.acting.outcome[ev] = 1
            P.status[acting], P.status_until[acting] = ref.ST_ACTIVE, -1
            P.acting_level[acting], P.acting_ev[acting] = -1, -1

    def _fill_vacancies(self, k: int) -> None:
        P, rng = self.P, self.rng
        sub_target, bank_target = self._targets(k)
        act = self._active()
        sub = act[~P.bank_only[act]]
        cell = P.prof[sub].astype("int64") * MAX_LEVELS + P.level[sub]
        count = np.bincount(cell, minlength=N_PROF * MAX_LEVELS)
        vac = np.maximum(sub_target.ravel() - count, 0).astype("int64")
        # internal promotions from the level below
        n_promote = rng.binomial(vac, self.internal_fill.ravel())
        if n_promote.sum() > 0:
            at = self.qs[k]
            eligible = ((P.status[sub] == ref.ST_ACTIVE) | (P.status[sub] == ref.ST_ACTING_UP)
                        | (P.status[sub] == ref.ST_INTERNAL_SECONDMENT))
            eligible &= (at - P.grade_since[sub] >= 365) & (P.level[sub] + 1 < self.n_levels[P.prof[sub]])
            cand = sub[eligible]
            target_cell = cell[eligible] + 1
            w = np.where(P.wres[cand] == ref.BME, self.params.bme_promotion_weight, 1.0)
            w = w * np.where(P.acting_level[cand] == P.level[cand] + 1, 3.0, 1.0)
            chosen = weighted_top_k(target_cell, w, n_promote, rng.random(cand.size))
            winners = cand[chosen]
            if winners.size:
                self._promote(winners, P.level[winners].astype("int64") + 1, self._dates(k, winners.size), route=0)
                count = np.bincount(P.prof[sub].astype("int64") * MAX_LEVELS + P.level[sub],
                                    minlength=N_PROF * MAX_LEVELS)
        vac = np.maximum(sub_target.ravel() - count, 0).astype("int64")
        bank_act = act[P.bank_only[act]]
        bank_count = np.bincount(P.prof[bank_act].astype("int64") * MAX_LEVELS + P.level[bank_act],
                                 minlength=N_PROF * MAX_LEVELS)
        bank_vac = np.maximum(bank_target.ravel() - bank_count, 0).astype("int64")
        cells = np.concatenate([np.repeat(np.arange(vac.size), vac), np.repeat(np.arange(vac.size), bank_vac)])
        is_bank = np.concatenate([np.zeros(vac.sum(), bool), np.ones(bank_vac.sum(), bool)])
        if cells.size == 0:
            return
        hire = self._dates(k, cells.size)
        pids = self._create(cells // MAX_LEVELS, cells % MAX_LEVELS, is_bank, hire)
        second = pids[~is_bank & (rng.random(pids.size) < 0.3 * (self.sp.second_substantive_share
                                                                  + self.sp.bank_alongside_share))]
        self._start_second(second, P.hire[second])
        if k >= self.n_burn:
            self.events["hires"].append({"pid": pids, "date": hire, "grade": self.prof_grade[cells // MAX_LEVELS,
                                                                                            cells % MAX_LEVELS],
                                         "team": P.team[pids].copy(), "category": P.category[pids].copy()})

    def _senior_medical_roles(self) -> None:
        """Keep one Medical Director and a Clinical Director per clinical directorate among consultants."""
        P, rng = self.P, self.rng
        act = self._active()
        cons = act[(self.prof_grade[P.prof[act], P.level[act]] == CONSULTANT_GRADE) & ~P.bank_only[act]]
        if cons.size == 0:
            return
        md, cd = ref.JOB_ROLE_INDEX[ref.MEDICAL_DIRECTOR_ROLE], ref.JOB_ROLE_INDEX[ref.CLINICAL_DIRECTOR_ROLE]
        need = np.array([max(0, 1 - int((P.role[cons] == md).sum())),
                         max(0, min(self.n_clinical_dirs, cons.size // 6) - int((P.role[cons] == cd).sum()))])
        if need.sum() == 0:
            return
        plain = cons[(P.role[cons] != md) & (P.role[cons] != cd)]
        w = np.where(P.wres[plain] == ref.BME, self.params.bme_promotion_weight, 1.0)
        chosen = plain[weighted_top_k(np.zeros(plain.size, dtype="int64"), w, np.array([need.sum()]),
                                      rng.random(plain.size))]
        P.role[chosen[: need[0]]] = md
        P.role[chosen[need[0]:]] = cd

    # -- capture rows -------------------------------------------------------------------

    def _capture(self, pids: np.ndarray, at: np.ndarray) -> dict[str, np.ndarray]:
        """Assignment rows (primary, then second assignments) of ``pids`` as at ``at``."""
        P = self.P
        two = P.b_kind[pids] > 0
        pb, at_b = pids[two], at[two]
        prof_a = P.prof[pids].astype("int64")
        level_a = P.level[pids].astype("int64")
        acting = P.acting_level[pids] >= 0
        shown_level = np.where(acting, P.acting_level[pids], level_a)
        grade_a = self.prof_grade[prof_a, shown_level]
        since_a = np.where(acting, at, P.grade_since[pids])
        prof_b = P.prof[pb].astype("int64")
        level_b = P.b_level[pb].astype("int64")
        grade_b = self.prof_grade[prof_b, level_b]
        cat = _concat2
        rows = {
            "pid": cat(pids, pb),
            "seq": cat(np.ones(pids.size, "int8"), P.b_suffix[pb]),
            "prof": cat(prof_a, prof_b),
            "level": cat(level_a, level_b),
            "grade": cat(grade_a, grade_b),
            "team": cat(P.team[pids], P.b_team[pb]),
            "role": cat(P.role[pids], P.b_role[pb]),
            "category": cat(P.category[pids], P.b_category[pb]),
            "status": cat(P.status[pids], np.full(pb.size, ref.ST_ACTIVE, "int8")),
            "fte": cat(P.fte[pids], P.b_fte[pb]),
            "asg_start": cat(P.hire[pids], P.b_start[pb]),
            "at": cat(at, at_b),
        }
        since = cat(since_a, P.b_start[pb])
        grade = rows["grade"]
        years = (rows["at"] - since) / DAYS_PER_YEAR
        step = np.minimum((years // 2).astype("int64"), self.n_points[grade] - 1)
        step = np.maximum(step - P.pay_penalty[rows["pid"]].astype("int64"), 0)
        uplift = (1.0 + ref.PAY_UPLIFT_PER_YEAR) ** (financial_year_end(rows["at"]) - ref.PAY_BASE_FINANCIAL_YEAR)
        salary = np.where(grade == VSM_GRADE, P.vsm_salary[rows["pid"]], self.pay[grade, step]) * uplift
        rows["salary"] = np.round(salary, 2)
        rows["spine"] = np.where(self.spine_base[grade] >= 0, self.spine_base[grade] + step, -1)
        return rows

    # -- output tables ------------------------------------------------------------------

    def _finish(self) -> Simulation:
        P = self.P
        window_start = self.window_start
        persons_idx = np.flatnonzero((P.hire[: P.n] <= self.qe[-1])
                                     & ((P.term[: P.n] < 0) | (P.term[: P.n] >= window_start)))
        assignments = self._rows_frame(_concat(self.snap_chunks), "snapshot_date")
        none = np.zeros(0, dtype="int64")
        empty_leavers = {**self._capture(none, none), "termination_date": none, "reason": none}
        leavers_raw = _concat(self.leaver_chunks or [empty_leavers])
        leavers = self._rows_frame(leavers_raw, "termination_date").with_columns(
            leaving_reason=_labels(self.reason_names, leavers_raw["reason"]),
            report_year=pl.Series(financial_year_end(leavers_raw["termination_date"]), dtype=pl.Int64),
        ).sort("termination_date", "assignment_number", maintain_order=True)
        return Simulation(
            org=self.org, params=self.params, structure=self.sp, seed=self.seed,
            report_years=self.report_years, snapshot_dates=self.snapshot_dates,
            directorates=self.directorates, teams=self.teams,
            persons=self._persons_frame(persons_idx),
            assignments=assignments,
            leavers=leavers,
            hires=self._hires_frame(),
            promotions=self._promotions_frame(),
            acting_up=self._acting_frame(),
            team_moves=self._moves_frame(),
        )

    def _persons_frame(self, idx: np.ndarray) -> pl.DataFrame:
        P = self.P
        term = P.term[idx]
        reason = P.reason[idx]
        return pl.DataFrame({
            "person_id": idx.astype("int64"),
            "employee_number": pl.Series(P.emp_no[idx]).cast(pl.String),
            "ethnic_origin": _labels([e[0] for e in ref.ETHNIC_ORIGINS], P.eth[idx]),
            "wres_group": _labels(ref.WRES_GROUPS, P.wres[idx]),
            "gender": _labels(ref.GENDERS, P.gender[idx]),
            "date_of_birth": _dates(P.dob[idx]),
            "date_started_nhs": _dates(P.nhs_start[idx]),
            "hire_date": _dates(P.hire[idx]),
            "termination_date": _dates(np.where(term >= 0, term, 0), null=term < 0),
            "leaving_reason": _labels(self.reason_names, np.maximum(reason, 0), null=reason < 0),
            "disability": _labels([d for d, _ in ref.DISABILITY], P.disability[idx]),
            "bank_only": P.bank_only[idx],
        })

    def _rows_frame(self, rows: dict[str, np.ndarray], date_name: str) -> pl.DataFrame:
        """Decode captured assignment rows into the canonical polars table."""
        P = self.P
        pid = rows["pid"]
        prof, level, grade = rows["prof"], rows["level"], rows["grade"]
        profs = ref.PROFESSIONS
        emp = pl.Series(P.emp_no[pid]).cast(pl.String)
        seq = rows["seq"]
        # occupation code: medical three-digit specialty, else matrix + area + level character
        area = P.area[pid].astype("int64")
        max_area = int(self.n_areas.max())
        occ_table = []
        for p in profs:
            for a in range(max_area):
                area_code = p.areas[a % len(p.areas)]
                for lvl in range(MAX_LEVELS):
                    if not p.matrix:
                        occ_table.append(area_code)
                    else:
                        occ_table.append(p.matrix + area_code + p.level_codes[min(lvl, len(p.level_codes) - 1)])
        occ_idx = (prof * max_area + area) * MAX_LEVELS + level
        style = P.style[pid].astype("int64")
        grade_labels = []
        for g in ref.GRADES:
            for s in range(len(ref.GRADE_STYLE_WEIGHTS)):
                grade_labels.append(ref.render_afc_grade(g.key, s) if g.kind == "afc" else g.display)
        n_styles = len(ref.GRADE_STYLE_WEIGHTS)
        hours = np.where(MEDICAL_PROFS[prof], ref.MEDICAL_FULL_TIME_HOURS, ref.AFC_FULL_TIME_HOURS)
        annual_hours = np.where(MEDICAL_PROFS[prof], ref.MEDICAL_ANNUAL_HOURS, ref.AFC_ANNUAL_HOURS)
        team = rows["team"].astype("int64")
        at = rows["at"]
        age = age_at(P.dob[pid], at)
        band_edges = np.array([a for a, _ in ref.AGE_BANDS])
        age_band = np.searchsorted(band_edges, age, side="left")
        subst_grade = self.prof_grade[prof, level]
        frame = pl.DataFrame({
            date_name: _dates(at),
            "person_id": pid.astype("int64"),
            "employee_number": emp,
            "assignment_number": pl.select(
                pl.when(pl.Series(seq == 1)).then(emp).otherwise(emp + "-" + pl.Series(seq).cast(pl.String))
            ).to_series(),
            "assignment_seq": seq.astype("int64"),
            "primary": seq == 1,
            "directorate_id": self.team_dir[team].astype("int64"),
            "team_id": team,
            "profession": _labels([p.key for p in profs], prof),
            "staff_group": _labels([p.staff_group for p in profs], prof),
            "job_role": _labels(ref.JOB_ROLES, rows["role"]),
            "occupation_code": _labels(occ_table, occ_idx),
            "grade": _labels([g.key for g in ref.GRADES], grade),
            "substantive_grade": _labels([g.key for g in ref.GRADES], subst_grade),
            "grade_label": _labels(grade_labels, grade * n_styles + style),
            "substantive_grade_label": _labels([g.display for g in ref.GRADES], subst_grade),
            "spinal_point": pl.select(pl.when(pl.Series(rows["spine"] < 0)).then(None)
                                      .otherwise(pl.Series(rows["spine"]).cast(pl.String))).to_series(),
            "assignment_category": _labels(ref.CATEGORIES, rows["category"]),
            "assignment_status": _labels(ref.STATUSES, rows["status"]),
            "fte": np.round(rows["fte"], 2),
            "contracted_hours": np.round(rows["fte"] * hours, 2),
            "ethnic_origin": _labels([e[0] for e in ref.ETHNIC_ORIGINS], P.eth[pid]),
            "wres_group": _labels(ref.WRES_GROUPS, P.wres[pid]),
            "gender": _labels(ref.GENDERS, P.gender[pid]),
            "age_band": _labels([b for _, b in ref.AGE_BANDS], age_band),
            "date_of_birth": _dates(P.dob[pid]),
            "hire_date": _dates(P.hire[pid]),
            "date_started_nhs": _dates(P.nhs_start[pid]),
            "assignment_start": _dates(rows["asg_start"]),
            "annual_salary": rows["salary"],
            "hourly_rate": np.round(rows["salary"] / annual_hours, 2),
            "disability": _labels([d for d, _ in ref.DISABILITY], P.disability[pid]),
            "bank_only": P.bank_only[pid],
        })
        frame = frame.join(self.teams.select("team_id", "team", "directorate"), on="team_id", how="left",
                           maintain_order="left")
        frame = frame.with_columns(
            pl.when(pl.col("grade") == "vsm").then(pl.col("job_role"))
            .when(pl.col("profession").str.starts_with("medical")).then(pl.col("job_role"))
            .otherwise(pl.col("job_role") + " " + pl.col("substantive_grade_label")).alias("position_title"),
        ).drop("substantive_grade_label")
        if date_name == "snapshot_date":
            frame = frame.sort("snapshot_date", "assignment_number", maintain_order=True)
        return frame

    def _hires_frame(self) -> pl.DataFrame:
        ev = _concat(self.events["hires"])
        if not ev:
            return pl.DataFrame(schema={"person_id": pl.Int64, "employee_number": pl.String, "hire_date": pl.Date,
                                        "profession": pl.String, "staff_group": pl.String, "grade": pl.String,
                                        "team_id": pl.Int64, "assignment_category": pl.String,
                                        "wres_group": pl.String, "ethnic_origin": pl.String,
                                        "bank_only": pl.Boolean})
        P = self.P
        pid = ev["pid"]
        prof = P.prof[pid].astype("int64")
        return pl.DataFrame({
            "person_id": pid.astype("int64"),
            "employee_number": pl.Series(P.emp_no[pid]).cast(pl.String),
            "hire_date": _dates(ev["date"]),
            "profession": _labels([p.key for p in ref.PROFESSIONS], prof),
            "staff_group": _labels([p.staff_group for p in ref.PROFESSIONS], prof),
            "grade": _labels([g.key for g in ref.GRADES], ev["grade"]),
            "team_id": ev["team"].astype("int64"),
            "assignment_category": _labels(ref.CATEGORIES, ev["category"]),
            "wres_group": _labels(ref.WRES_GROUPS, P.wres[pid]),
            "ethnic_origin": _labels([e[0] for e in ref.ETHNIC_ORIGINS], P.eth[pid]),
            "bank_only": P.bank_only[pid],
        }).sort("hire_date", "employee_number", maintain_order=True)

    def _promotions_frame(self) -> pl.DataFrame:
        ev = _concat(self.events["promotions"])
        keys = [g.key for g in ref.GRADES]
        if not ev:
            frame = pl.DataFrame(schema={"person_id": pl.Int64, "date": pl.Date, "from_grade": pl.String,
                                         "to_grade": pl.String, "team_id": pl.Int64, "route": pl.String,
                                         "wres_group": pl.String})
        else:
            frame = pl.DataFrame({
                "person_id": ev["pid"].astype("int64"),
                "date": _dates(ev["date"]),
                "from_grade": _labels(keys, ev["from_grade"]),
                "to_grade": _labels(keys, ev["to_grade"]),
                "team_id": ev["team"].astype("int64"),
                "route": _labels(("vacancy", "acting_up"), ev["route"]),
                "wres_group": _labels(ref.WRES_GROUPS, self.P.wres[ev["pid"]]),
            }).sort("date", "person_id", maintain_order=True)
        return frame

    def _acting_frame(self) -> pl.DataFrame:
        a = self.acting.view()
        keep = (a["start"] >= self.window_start) | (a["end"] < 0) | (a["end"] >= self.window_start)
        keys = [g.key for g in ref.GRADES]
        end = a["end"][keep]
        outcome = a["outcome"][keep]
        return pl.DataFrame({
            "person_id": a["pid"][keep].astype("int64"),
            "start_date": _dates(a["start"][keep]),
            "end_date": _dates(np.where(end >= 0, end, 0), null=end < 0),
            "substantive_grade": _labels(keys, a["from_grade"][keep]),
            "acting_grade": _labels(keys, a["to_grade"][keep]),
            "outcome": _labels(ACTING_OUTCOMES + ("ongoing",), np.where(outcome >= 0, outcome, 3)),
            "wres_group": _labels(ref.WRES_GROUPS, self.P.wres[a["pid"][keep]]),
        }).sort("start_date", "person_id", maintain_order=True)

    def _moves_frame(self) -> pl.DataFrame:
        ev = _concat(self.events["team_moves"])
        if not ev:
            return pl.DataFrame(schema={"person_id": pl.Int64, "date": pl.Date, "from_team_id": pl.Int64,
                                        "to_team_id": pl.Int64, "wres_group": pl.String})
        return pl.DataFrame({
            "person_id": ev["pid"].astype("int64"),
            "date": _dates(ev["date"]),
            "from_team_id": ev["from_team"].astype("int64"),
            "to_team_id": ev["to_team"].astype("int64"),
            "wres_group": _labels(ref.WRES_GROUPS, self.P.wres[ev["pid"]]),
        }).sort("date", "person_id", maintain_order=True)


def _concat2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.concatenate([a, b])


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not chunks:
        return {}
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


def _labels(values, codes: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """Decode integer codes into a string column via a lookup list (``null`` marks missing values)."""
    s = pl.Series(list(values), dtype=pl.String).gather(np.asarray(codes, dtype="int64"))
    if null is not None and null.any():
        s = pl.select(pl.when(pl.Series(null)).then(None).otherwise(s)).to_series()
    return s


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(np.asarray(days, dtype="int32")).cast(pl.Date)
    if null is not None and null.any():
        s = pl.select(pl.when(pl.Series(null)).then(None).otherwise(s)).to_series()
    return s


def simulate(org: OrgSpec, params: TruthParams | None = None, structure: StructureParams | None = None,
             seed: int = 0, end_year: int = 2026, years: int = 2) -> Simulation:
    """Simulate one organisation and return its tables.

    Deterministic: the same (org, params, structure, seed, end_year, years) always gives
    identical tables.  ``years`` report years end at ``end_year`` (snapshot 31 March
    ``end_year``).
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    engine = _Engine(org, params or TruthParams(), structure or StructureParams(), seed, end_year, years)
    return engine.run()
