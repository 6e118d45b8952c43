"""Normalise what sources spell differently: docket numbers and Doe counts (read by `pipelines.doe_parties`).

Every function here is pure and works on one value; the vectorised callers map them over the
few thousand distinct values a load has (captions and docket numbers repeat far less than
docket-entry text, so a per-value function is not on any hot path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.doe_parties import read_defendants

__all__ = [
    "DocketNumber",
    "does_in_caption",
    "make_case_id",
    "parse_docket_number",
]


@dataclass(frozen=True)
class DocketNumber:
    """A federal district docket number split into the parts the contract keys on."""

    office: str | None  # "5" in 5:11-cv-03825
    year: str  # two digits
    sequence: str  # five digits, zero-padded
    case_type: str | None  # "cv", "mc", …
    judge_initials: str | None  # "HRL" in 5:11-cv-03825-HRL or C11-03825 HRL

    @property
    def core(self) -> str:
        """The contract's `docket_number_core`: 2-digit year + 5-digit sequence."""
        return f"{self.year}{self.sequence}"


# 5:11-cv-03825-HRL, 11-cv-3005, 2:17-cv-01239-JLL-JAD, 3:11-mc-80005
_PACER = re.compile(
    r"^\s*(?:(?P<office>\d{1,2})\s*:\s*)?(?P<year>\d{2}|\d{4})\s*-?\s*(?P<type>[a-z]{2,3})\s*-?\s*"
    r"(?P<seq>\d{1,6})(?P<judges>(?:\s*-\s*[a-z]{2,4})*)\s*$",
    re.IGNORECASE,
)
# 5:2011cv03825 (Justia / RECAP URL form)
_COMPACT = re.compile(
    r"^\s*(?:(?P<office>\d{1,2}):)?(?P<year>\d{4})(?P<type>[a-z]{2})(?P<seq>\d{1,6})\s*$", re.IGNORECASE
)
# C11-03825 HRL, C-11-03825-HRL, CV-11-1333-LHK, C:11-03682-LHK, No. C 11-03825 HRL
_CLERK = re.compile(
    r"^\s*(?:no\.?\s*)?(?P<type>cv|c)\s*[-:]?\s*(?P<year>\d{2})\s*-\s*(?P<seq>\d{1,6})"
    r"(?P<judges>(?:\s*[- ]\s*\(?[a-z]{2,4}\)?)*)\s*$",
    re.IGNORECASE,
)


def _two_digit_year(year: str) -> str:
    return year[-2:]


def _initials(judges: str | None) -> str | None:
    if not judges:
        return None
    parts = [p.upper() for p in re.findall(r"[a-z]{2,4}", judges, re.IGNORECASE)]
    return parts[0] if parts else None


def parse_docket_number(text: str | None) -> DocketNumber | None:
    """Parse any common spelling of a district docket number; None when it is not one.

    >>> parse_docket_number("5:11-cv-03825-HRL").core
    '1103825'
    >>> parse_docket_number("C11-03825 HRL").judge_initials
    'HRL'
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    m = _PACER.match(text)
    if m:
        return DocketNumber(
            office=m["office"],
            year=_two_digit_year(m["year"]),
            sequence=m["seq"].zfill(5)[-5:],
            case_type=m["type"].lower(),
            judge_initials=_initials(m["judges"]),
        )
    m = _COMPACT.match(text)
    if m:
        return DocketNumber(
            office=m["office"],
            year=_two_digit_year(m["year"]),
            sequence=m["seq"].zfill(5)[-5:],
            case_type=m["type"].lower(),
            judge_initials=None,
        )
    m = _CLERK.match(text)
    if m:
        return DocketNumber(
            office=None,
            year=m["year"],
            sequence=m["seq"].zfill(5)[-5:],
            case_type="cv",
            judge_initials=_initials(m["judges"]),
        )
    return None


def make_case_id(court_id: str, docket_number: str | None) -> str | None:
    """`<court_id>:<docket_number_core>`, e.g. ('cand', 'C11-03825 HRL') -> 'cand:1103825'."""
    parsed = parse_docket_number(docket_number)
    if parsed is None:
        return None
    return f"{court_id.strip().lower()}:{parsed.core}"


def does_in_caption(caption: str | None) -> int | None:
    """How many Doe defendants a caption names; None when it names none or does not say how many.

    "Does 1-90" -> 90, "DOES 1 THROUGH 5865" -> 5865, "Does 1-1,474" -> 1474, "Does 2-52" -> 51,
    "John Doe subscriber assigned IP address 192.0.2.1" -> 1, "DOE, JOHN" -> 1. "Does" with no
    number is an unknown count (None); a company named Doe ("Doe Run Resources Corp") is no Doe.
    Only the part after " v. " counts when the caption has one, so a plaintiff named "Doe" is not
    mistaken for a defendant. The reading is `pipelines.doe_parties.read_defendants`.
    """
    if not caption:
        return None
    parts = re.split(r"\s+v(?:s)?\.?\s+", caption, maxsplit=1, flags=re.IGNORECASE)
    reading = read_defendants(parts[1] if len(parts) == 2 else parts[0])
    return reading.count if reading.is_doe else None
