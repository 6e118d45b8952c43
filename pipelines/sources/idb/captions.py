"""Party names in the IDB's PLT and DEF fields: cut at 30 characters, spaces folded, and what a DEF
value says about Doe defendants.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.doe_parties import read_party

NAME_WIDTH = 30  # PLT and DEF are cut at this many characters


@dataclass(frozen=True)
class CaptionDoes:
    """What a DEF value says about Doe defendants."""

    is_doe: bool
    count: int | None  # N of "DOES 1-N", 1 for one "JOHN DOE"; None when no number is given
    count_at_cut: bool  # DEF fills all 30 characters and ends in the Doe number: it may be cut


def caption_does(defendant: str | None) -> CaptionDoes:
    """Doe detection and count for one DEF value (`pipelines.doe_parties.read_party`, 30 wide).

    "DOES 1-90" -> 90; "JOHN DOES 1-30" -> 30; "DOES 1 THROUGH 5865" -> 5865; "JOHN DOE",
    "DOE, JOHN", "JOHN DOE SUBSCRIBER ASSIGNED I" -> 1; "DOES" or "JOHN DOES" with no number ->
    a Doe case of unknown count; "DOE RUN RESOURCES CORP", "DOE CORP INC" -> no Doe. A 30-character
    DEF ending in a Doe range's number is flagged `count_at_cut`: "... DOES 1-1234" may have been
    "... DOES 1-12345".
    """
    reading = read_party(defendant, NAME_WIDTH)
    return CaptionDoes(reading.is_doe, reading.count, reading.count_may_be_cut)


def clean_name(raw: str | None) -> str | None:
    """A PLT/DEF value with runs of spaces folded; None when blank."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    return text or None
