"""The non-ESR sources of the synthetic generator, consistent with the simulated people.

Importing this package registers, for each source, a writer (``register_writer``) and
its truth builders (``register_truth``); ``wres_synth`` imports it, so
:func:`~wres_synth.generate` writes every source by default.

============================  ===================  ================================  =====================
module / inbox folder         default shape        files                             truth keys
============================  ===================  ================================  =====================
:mod:`.trac`                  ``trac_csv``         ``Trac_Applications_<ORG>_<FY>``  ``indicator_2``
  ``trac_applications``
:mod:`.er`                    ``case_log_csv``     ``ER_Cases_<ORG>_<FY>``           ``indicator_3``
  ``er_cases``
:mod:`.olm`                   ``olm_csv``          ``OLM_Learning_History_<ORG>_<FY>`` ``indicator_4``
  ``olm_training``
:mod:`.survey`                ``respondent_csv``   ``NSS_Respondents_<ORG>_<YYYY>``  ``indicator_5`` … ``_8``
  ``staff_survey``            (+ workbook shapes)  ``NSS_Organisational_Results_…``
:mod:`.board`                 ``register_csv``     ``Board_Register_<ORG>_<YYYYMMDD>`` ``indicator_9``
  ``board_register``
:mod:`.action_plan`           ``register_csv``     ``WRES_Action_Plan[_Targets]_…``  ``action_plan_targets``
  ``action_plan``
:mod:`.workforce` (truth      –                    –                                 ``race_disparity_ratio``,
  only, from ESR)                                                                     ``team_flags``
============================  ===================  ================================  =====================

Every source above can also be written as ``report_xlsx``, ``plain_csv``, ``cp1252_csv`` or
``utf8_bom_csv`` (:mod:`.report_shapes`, re-laid-out from the source's report CSV).

Shared machinery is in :mod:`.common`: per-source random streams (independent of each
other, so adding a source never changes another one's files), per-simulation caching
of the tables a writer and its truth builder share, and :func:`.common.presence` (who
was in post on which days of each quarter; every event of every source happens on a day
its person was in post).  Truth is computed from these tables, never from written files.
"""

# isort: off
# Registration order = the order generate() writes the sources in.
from . import trac  # noqa: F401
from . import er  # noqa: F401
from . import olm  # noqa: F401
from . import survey  # noqa: F401
from . import board  # noqa: F401
from . import action_plan  # noqa: F401
from . import workforce  # noqa: F401
from . import report_shapes  # noqa: F401  (last: xlsx / plain / cp1252 / BOM shapes of every source above)
# isort: on
