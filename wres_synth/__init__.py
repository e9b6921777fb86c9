"""Synthetic NHS trust generator for the WRES metrics warehouse.

Usage::

    from wres_synth import generate
    result = generate(Path("data/inbox"), profile="small", seed=0)

or, to work with the simulated tables directly (e.g. to build another source)::

    from wres_synth import get_profile, simulate
    sim = simulate(get_profile("trust").orgs[0], years=5)
    sim.assignments.filter(pl.col("snapshot_date") == sim.snapshot_dates[-1])

Modules:

* :mod:`.reference`  code lists and templates (grades, professions, ethnicity, leaving
  reasons, trust types);
* :mod:`.config`     :class:`TruthParams` (planted disparities), :class:`StructureParams`,
  :class:`OrgSpec`, profiles (``small``, ``trust``, ``large``, ``national``);
* :mod:`.simulation` the vectorised quarterly population model -> :class:`Simulation`;
* :mod:`.writers`    the source/shape writer registry (ESR staff in post, ESR leavers);
* :mod:`.truth`      the truth-manifest builders (indicator 1);
* :mod:`.sources`    the other sources (Trac, ER cases, OLM, staff survey, board register,
  action plan) and their truth (indicators 2-9, RDR, team flags);
* :mod:`.api`        :func:`generate`.

Simulation tables (polars; dates are ``pl.Date``; ids are strings unless ``*_id``):

``assignments`` (one row per assignment per quarter-end snapshot) and ``leavers`` (one row
per assignment ended by a leaver, as it was on the termination date) share these columns:
``person_id``, ``employee_number``, ``assignment_number``, ``assignment_seq`` (1 primary,
2+ second assignments), ``primary``, ``directorate_id``, ``directorate``, ``team_id``,
``team``, ``profession`` (career ladder key), ``staff_group``, ``job_role``,
``occupation_code``, ``grade`` (canonical key shown in the Grade column, e.g. ``band_8a``,
``vsm``, ``consultant``; the acting grade while acting up), ``substantive_grade``,
``grade_label`` (ESR rendering, e.g. ``XR05 Review Body Band 5``), ``spinal_point``,
``assignment_category``, ``assignment_status``, ``fte``, ``contracted_hours``,
``ethnic_origin`` (ESR label), ``wres_group`` (``white``/``bme``/``unknown``), ``gender``,
``age_band``, ``date_of_birth`` (never written by the ESR BI writer), ``hire_date``,
``date_started_nhs``, ``assignment_start``, ``annual_salary``, ``hourly_rate``,
``disability``, ``bank_only``, ``position_title``; plus ``snapshot_date``
(assignments) or ``termination_date``, ``leaving_reason``, ``report_year`` (leavers).

``persons``: person_id, employee_number, ethnic_origin, wres_group, gender, date_of_birth,
date_started_nhs, hire_date, termination_date, leaving_reason, disability, bank_only.

``hires``: person_id, employee_number, hire_date, profession, staff_group, grade, team_id,
assignment_category, wres_group, ethnic_origin, bank_only.

``promotions``: person_id, date, from_grade, to_grade, team_id, route (``vacancy`` or
``acting_up``), wres_group.

``acting_up``: person_id, start_date, end_date (null while ongoing), substantive_grade,
acting_grade, outcome (``reverted``/``promoted``/``left``/``ongoing``), wres_group.

``team_moves``: person_id, date, from_team_id, to_team_id, wres_group.

``teams``: team_id, team, directorate_id, directorate, org_l4, capacity, bme_affinity,
planted_no_bme.  ``directorates``: directorate_id, directorate, area_of_work, kind, org_l3.
"""

from .api import GENERATOR_VERSION, GenerationResult, generate
from .config import PROFILE_NAMES, OrgSpec, Profile, StructureParams, TruthParams, get_profile, national_orgs
from .simulation import Simulation, simulate
from .truth import TRUTH_BUILDERS, register_truth
from .writers import DEFAULT_SHAPES, WRITERS, WriteContext, WrittenFile, register_writer

# isort: split
from . import sources  # noqa: F401  (registers the Trac, ER, OLM, survey, board and action plan sources)

__all__ = [
    "DEFAULT_SHAPES",
    "GENERATOR_VERSION",
    "PROFILE_NAMES",
    "TRUTH_BUILDERS",
    "WRITERS",
    "GenerationResult",
    "OrgSpec",
    "Profile",
    "Simulation",
    "StructureParams",
    "TruthParams",
    "WriteContext",
    "WrittenFile",
    "generate",
    "get_profile",
    "national_orgs",
    "register_truth",
    "register_writer",
    "simulate",
]
