"""FJC district codes: the 94 district courts of data/fjc_districts.csv (code, CourtListener court id,
circuit, name) and every spelling of a DISTRICT value the reader accepts.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from pipelines import resources

DISTRICTS_CSV = resources.FJC_DISTRICTS


@dataclass(frozen=True)
class District:
    """One district court: FJC code, CourtListener court id, circuit, name."""

    code: str
    court_id: str
    circuit: int
    name: str


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    """The 94 district courts of `data/fjc_districts.csv`."""
    with open(DISTRICTS_CSV, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple(District(r["district_code"], r["court_id"], int(r["circuit"]), r["court_name"]) for r in rows)


def district_spellings() -> dict[str, str]:
    """Every spelling of a DISTRICT value the reader accepts -> the FJC code.

    The code itself ("08", "3A", "7-"), the one-digit form of codes 00-09 ("8") and the
    lower-case form of lettered codes ("3a").
    """
    spellings = {}
    for d in districts():
        spellings[d.code] = d.code
        spellings[d.code.lower()] = d.code
        if d.code.isdigit() and d.code.startswith("0"):
            spellings[d.code[1:]] = d.code
    return spellings
