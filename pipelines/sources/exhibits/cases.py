"""Which case an exhibit belongs to, as its own text says: a case id, a docket number, a district."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.normalize import parse_docket_number
from pipelines.sources.exhibits.values import court_from_district


@dataclass(frozen=True)
class CaseHint:
    """What an exhibit's own text says about its case."""

    case_id: str | None = None
    court_id: str | None = None
    docket_core: str | None = None


_CASE_ID = re.compile(r"\b([a-z]{3,5}):(\d{7})\b")
_STAMP = re.compile(r"\bCase\s*(\d{1,2}:\d{2}-[a-z]{2,4}-\d{3,6}(?:-[a-z]{2,4})*)", re.IGNORECASE)
_DOCKET = re.compile(
    r"\bNo\.?:?\s*((?:\d{1,2}:)?\d{2}-[a-z]{2,4}-\d{3,6}(?:-[a-z]{2,4})*|C(?:V)?\s*[-:]?\s*\d{2}-\d{3,6}(?:[ -][A-Z]{2,4})?)",
    re.IGNORECASE)
_DISTRICT = re.compile(r"\b(?:(northern|southern|eastern|western|central|middle)\s+)?district\s+of\s+(?:the\s+)?"
                       r"([a-z][a-z .]*)", re.IGNORECASE)


def case_hint(text: str) -> CaseHint:
    """The case a file's own header text names: a case id, a docket number, a district."""
    court = None
    for m in _DISTRICT.finditer(text):
        words = m.group(2).split()
        for cut in range(min(len(words), 4), 0, -1):
            name = " ".join(words[:cut])
            # "District of Columbia" is the name of the place itself.
            if (court := court_from_district(m.group(1), name) or court_from_district(None, f"district of {name}")):
                break
        if court is not None:
            break
    if (m := _CASE_ID.search(text)) is not None:
        return CaseHint(case_id=f"{m.group(1)}:{m.group(2)}", court_id=m.group(1))
    for pattern in (_STAMP, _DOCKET):
        for m in pattern.finditer(text):
            parsed = parse_docket_number(m.group(1))
            if parsed is not None:
                return CaseHint(court_id=court, docket_core=parsed.core)
    return CaseHint(court_id=court)
