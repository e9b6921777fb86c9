"""The nine WRES indicators as data (reference_data/wres_indicators.csv), declared once: what kind of figure each
is, its title, which way is better, and which disclosure rule applies. Read by the SQL (ref.wres_indicator),
the disclosure control and the report alike.

better (the headline, marts.wres_summary): lower / higher / closer_to_1 (a relative likelihood for which 1 is
parity either way) / closer_to_workforce (a BME share compared with the workforce's; indicator 1's overall
share itself is descriptive). spc_better (improvement or concern on SPC charts, a direction along the series):
higher / lower / neither. disclosure: cells (indicator 1 count cells, primary and secondary), rl_small_cells,
survey_lt11, published (the board: counts published by design).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from .config import REFERENCE_DATA_DIR

INDICATORS_FILE = REFERENCE_DATA_DIR / "wres_indicators.csv"


@dataclass(frozen=True)
class Indicator:
    number: int
    kind: str  # representation, relative_likelihood, survey_percent, board_difference
    title: str
    better: str
    spc_better: str
    disclosure: str


@functools.cache
def indicators() -> dict[int, Indicator]:
    with INDICATORS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {int(r["indicator"]): Indicator(int(r["indicator"]), r["kind"], r["title"], r["better"], r["spc_better"],
                                           r["disclosure"]) for r in rows}


def of_kind(kind: str) -> frozenset[int]:
    """The indicators of one kind, e.g. of_kind('relative_likelihood') = {2, 3, 4}."""
    return frozenset(n for n, i in indicators().items() if i.kind == kind)
