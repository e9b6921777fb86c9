"""Configuration of the synthetic generator: planted disparities, organisations, profiles.

* :class:`TruthParams` holds the *planted* race-equality effects (the "truth" the
  pipeline should rediscover).  Defaults give a typical "snowy white peaks" trust:
  about a fifth of the workforce BME, falling steeply from band 6 upwards.
* :class:`OrgSpec` describes one synthetic organisation (code, name, size, type, ICS,
  region, BME multiplier).  Codes are always ``SY`` + 3 digits, never real ODS codes.
* :class:`Profile` names a preset (``small``, ``trust``, ``large``, ``national``) as a
  list of organisations plus a default number of report years.

Later extensions (recruitment, ER cases, training, survey, board) add their own planted
effects as new fields with defaults on :class:`TruthParams`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

#: Share of external hires who are BME (among hires with a known ethnicity), by grade.
#: This is the main "snowy white peaks" lever; promotion and leaving effects add to it.
DEFAULT_BME_HIRE_SHARE: Mapping[str, float] = MappingProxyType({
    "band_1": 0.30, "band_2": 0.30, "band_3": 0.27, "band_4": 0.24, "band_5": 0.36, "band_6": 0.22,
    "band_7": 0.15, "band_8a": 0.11, "band_8b": 0.09, "band_8c": 0.07, "band_8d": 0.06, "band_9": 0.05,
    "vsm": 0.07,
    "foundation_year_1": 0.35, "foundation_year_2": 0.35, "core_training": 0.48, "specialty_registrar": 0.48,
    "consultant": 0.46, "trust_grade_career": 0.62, "specialty_doctor": 0.62, "associate_specialist": 0.55,
    "specialist": 0.52, "clinical_fellow": 0.68, "trust_grade_specialty_registrar": 0.66,
})


@dataclass(frozen=True)
class TruthParams:
    """Planted disparities and population rates (all rates per year unless stated).

    Attributes:
        bme_hire_share: BME share of external hires with a known ethnicity, by grade key.
        bme_share_multiplier: scales ``bme_hire_share`` (organisation-level diversity);
            shares are capped at 0.95.
        unknown_ethnicity_share: share of hires whose ethnicity is unknown (``Z Not
            Stated``, ``Unspecified``, blank, ``Not Stated``).
        bme_promotion_weight: relative weight of a BME candidate in the weighted draw
            that fills a vacancy by internal promotion (1.0 = no disparity).
        bme_acting_up_weight: the same for being offered an acting-up assignment.
        bme_leaving_rr: relative risk of leaving in a quarter, BME vs White.
        team_clustering_sigma: log-normal spread of the per-team "BME affinity" that
            multiplies the hire share (0 = no clustering).
        no_bme_team_share: share of teams that never receive a BME hire or mover
            (at least one team per organisation).
        bme_pay_step_penalty: probability that a BME employee sits one AfC / medical
            pay point lower than their time in grade implies (ethnicity pay gap lever).
        low_info_leaving_reason_share: share of leavers recorded with
            ``Voluntary Resignation - Other/Not Known`` or a blank reason.
        blank_share_of_low_info: share of the low-information reasons that are blank.

    Planted effects of the other sources (``wres_synth.sources``); pairs are
    ``(white, bme)``:

        white_appointment_rr: indicator 2, how much more likely a White shortlisted
            application is to be appointed than a BME one.
        formal_investigation_rate: indicator 3, yearly probability that a White employee
            enters a formal disciplinary investigation.
        bme_formal_investigation_rr: indicator 3, BME vs White relative risk of entering one.
        non_mandatory_training_rate: indicator 4, yearly share of White staff attending
            non-mandatory training / CPD.
        white_training_access_rr: indicator 4, White vs BME likelihood of that access.
        survey_response_rate: staff survey response rate (White); BME respond at
            ``bme_survey_response_rr`` times that rate.
        harassment_public / harassment_manager / harassment_colleague: share answering
            at least once to q14a / q14b / q14c.
        equal_opportunity_yes: share answering Yes to q15 among Yes + No answers;
            equal_opportunity_dont_know: share answering Don't know.
        discrimination_public / discrimination_staff: share answering Yes to q16a / q16b.
        ned_bme_share: BME share of non-executive directors (times the organisation's BME
            multiplier); ned_unknown_share: their undeclared share.
    """

    bme_hire_share: Mapping[str, float] = field(default_factory=lambda: DEFAULT_BME_HIRE_SHARE)
    bme_share_multiplier: float = 1.0
    unknown_ethnicity_share: float = 0.04
    bme_promotion_weight: float = 0.55
    bme_acting_up_weight: float = 0.6
    bme_leaving_rr: float = 1.25
    team_clustering_sigma: float = 0.6
    no_bme_team_share: float = 0.06
    bme_pay_step_penalty: float = 0.25
    low_info_leaving_reason_share: float = 0.40
    blank_share_of_low_info: float = 0.25
    white_appointment_rr: float = 1.5
    formal_investigation_rate: float = 0.010
    bme_formal_investigation_rr: float = 2.0
    non_mandatory_training_rate: float = 0.35
    white_training_access_rr: float = 1.25
    survey_response_rate: float = 0.46
    bme_survey_response_rr: float = 0.9
    harassment_public: tuple[float, float] = (0.24, 0.30)
    harassment_manager: tuple[float, float] = (0.09, 0.13)
    harassment_colleague: tuple[float, float] = (0.16, 0.21)
    equal_opportunity_yes: tuple[float, float] = (0.62, 0.50)
    equal_opportunity_dont_know: float = 0.22
    discrimination_public: tuple[float, float] = (0.06, 0.15)
    discrimination_staff: tuple[float, float] = (0.06, 0.16)
    ned_bme_share: float = 0.18
    ned_unknown_share: float = 0.05


@dataclass(frozen=True)
class StructureParams:
    """Structural (non-disparity) settings of a simulated organisation.

    Attributes:
        burn_in_years: years simulated before the first reporting quarter so the
            workforce reaches steady state.
        annual_growth: yearly growth of the establishment.
        people_per_team: average substantive headcount per service team.
        second_substantive_share: share of substantive staff holding a second
            (part-time) substantive assignment.
        bank_alongside_share: share of substantive staff also holding a bank assignment.
        bank_only_share: bank-only workers as a share of substantive headcount.
        bank_annual_leaving_rate: yearly leaving rate of bank-only workers.
        acting_up_rate: quarterly probability that an eligible AfC employee starts acting up.
        acting_up_promotion_share: share of acting-up spells that end in substantive promotion.
        team_move_rate: quarterly probability of a team move.
    """

    burn_in_years: int = 4
    annual_growth: float = 0.015
    people_per_team: float = 35.0
    second_substantive_share: float = 0.035
    bank_alongside_share: float = 0.035
    bank_only_share: float = 0.06
    bank_annual_leaving_rate: float = 0.30
    acting_up_rate: float = 0.010
    acting_up_promotion_share: float = 0.35
    team_move_rate: float = 0.015


@dataclass(frozen=True)
class OrgSpec:
    """One synthetic organisation.  ``size`` is the substantive headcount at the first
    snapshot (bank-only workers come on top)."""

    code: str
    name: str
    vpd: str
    trust_type: str
    size: int
    ics_code: str
    ics_name: str
    region_code: str
    region_name: str
    bme_multiplier: float = 1.0
    number: int = 1


@dataclass(frozen=True)
class Profile:
    """A generation preset: organisations and the default number of report years."""

    name: str
    years: int
    orgs: tuple[OrgSpec, ...]
    description: str


SINGLE_TRUST_ICS = ("SYQ01", "Synthetic Northfield and Eastbrook ICS")
SINGLE_TRUST_REGION = ("SYR1", "Synthetic North Region")


def _single_trust(size: int, trust_type: str, name: str) -> tuple[OrgSpec, ...]:
    return (OrgSpec("SY001", name, "638", trust_type, size, *SINGLE_TRUST_ICS, *SINGLE_TRUST_REGION),)


# ---------------------------------------------------------------------------------------
# National profile: ~210 organisations in 42 ICSs and 7 regions
# ---------------------------------------------------------------------------------------

_REGIONS: tuple[tuple[str, str, float], ...] = (
    # code, name, BME multiplier (London-like regions are far more diverse)
    ("SYR1", "Synthetic North Region", 0.75),
    ("SYR2", "Synthetic North East Region", 0.45),
    ("SYR3", "Synthetic Midlands Region", 1.15),
    ("SYR4", "Synthetic East Region", 0.85),
    ("SYR5", "Synthetic Capital Region", 2.0),
    ("SYR6", "Synthetic South East Region", 0.85),
    ("SYR7", "Synthetic South West Region", 0.5),
)
_ICS_PER_REGION = 6
_PLACE_HEADS = ("North", "East", "West", "South", "Ash", "Bram", "Cor", "Dun", "Elm", "Fern", "Glen", "Hart",
                "Ives", "Kings", "Lark", "Mill", "Oak", "Pen", "Rose", "Stan", "Thorn", "Wil")
_PLACE_TAILS = ("field", "brook", "ford", "ley", "wick", "bury", "mouth", "dale", "worth", "stead")
_TYPE_MIX: tuple[tuple[str, float, float, str], ...] = (
    # trust type, share of organisations, mean size, name suffix variants
    ("acute", 0.58, 8600.0, "Hospitals NHS Trust|Teaching Hospitals NHS Foundation Trust|Hospitals NHS Foundation Trust"),
    ("mental_health", 0.22, 4200.0, "Mental Health NHS Trust|Health and Care NHS Foundation Trust"),
    ("community", 0.12, 3300.0, "Community Health NHS Trust|Community Healthcare NHS Trust"),
    ("ambulance", 0.08, 4600.0, "Ambulance Service NHS Trust|Ambulance Service NHS Foundation Trust"),
)


def synthetic_place_names() -> list[str]:
    """Invented place names (``Northfield``, ``Ashbrook``, ...) in a fixed order."""
    return [head + tail for tail in _PLACE_TAILS for head in _PLACE_HEADS]


def national_orgs(seed: int, n_orgs: int = 210, target_people: int = 1_400_000) -> tuple[OrgSpec, ...]:
    """Build the national set of organisations deterministically from ``seed``.

    Types follow roughly the English mix (acute ~58 %, mental health ~22 %, community
    ~12 %, ambulance ~8 %); sizes are log-normal around the type mean and rescaled so the
    total substantive headcount is ``target_people``.  Each organisation sits in one of
    42 ICSs (6 per region) and gets a BME multiplier = region multiplier x noise.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(999_999,)))
    places = synthetic_place_names()
    order = rng.permutation(len(places))
    type_keys = [t[0] for t in _TYPE_MIX]
    counts = [int(round(t[1] * n_orgs)) for t in _TYPE_MIX]
    counts[0] += n_orgs - sum(counts)
    types = np.repeat(np.arange(len(type_keys)), counts)
    types = types[rng.permutation(n_orgs)]
    means = np.array([t[2] for t in _TYPE_MIX])[types]
    sizes = means * rng.lognormal(0.0, 0.45, n_orgs)
    sizes = np.maximum(sizes * target_people / sizes.sum(), 400).round().astype(int)
    n_ics = len(_REGIONS) * _ICS_PER_REGION
    ics = rng.integers(0, n_ics, n_orgs)
    ics[:n_ics] = np.arange(n_ics)  # every ICS has at least one organisation
    noise = rng.lognormal(0.0, 0.3, n_orgs)
    orgs = []
    for i in range(n_orgs):
        ttype = type_keys[types[i]]
        suffixes = _TYPE_MIX[types[i]][3].split("|")
        suffix = suffixes[int(rng.integers(0, len(suffixes)))]
        region_idx = int(ics[i]) // _ICS_PER_REGION
        region_code, region_name, region_mult = _REGIONS[region_idx]
        ics_code = f"SYQ{int(ics[i]) + 1:02d}"
        ics_place = places[order[(int(ics[i]) * 5 + 3) % len(places)]]
        orgs.append(OrgSpec(
            code=f"SY{i + 1:03d}",
            name=f"Synthetic {places[order[i]]} {suffix}",
            vpd=f"{(637 + i + 1) % 1000:03d}",
            trust_type=ttype,
            size=int(sizes[i]),
            ics_code=ics_code,
            ics_name=f"Synthetic {ics_place} Integrated Care System",
            region_code=region_code,
            region_name=region_name,
            bme_multiplier=float(round(region_mult * noise[i], 3)),
            number=i + 1,
        ))
    return tuple(orgs)


def get_profile(name: str, seed: int = 0) -> Profile:
    """Return the named profile (``small``, ``trust``, ``large`` or ``national``)."""
    if name == "small":
        return Profile("small", 2, _single_trust(600, "mental_health", "Synthetic Northfield Mental Health NHS Trust"),
                       "one small mental health trust, ~600 staff, 2 report years")
    if name == "trust":
        return Profile("trust", 5, _single_trust(8000, "mental_health", "Synthetic Northfield Mental Health NHS Trust"),
                       "one mental health trust, ~8,000 staff, 5 report years (demo default)")
    if name == "large":
        return Profile("large", 10,
                       _single_trust(30000, "acute", "Synthetic Northfield Teaching Hospitals NHS Foundation Trust"),
                       "one large acute teaching trust, ~30,000 staff, 10 report years")
    if name == "national":
        return Profile("national", 2, national_orgs(seed),
                       "~210 synthetic organisations (~1.4M staff) in 42 ICSs and 7 regions, 2 report years")
    raise ValueError(f"unknown profile {name!r}; expected one of {', '.join(PROFILE_NAMES)}")


PROFILE_NAMES: tuple[str, ...] = ("small", "trust", "large", "national")
