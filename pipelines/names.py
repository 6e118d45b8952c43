"""Resolve the names sources spell differently: plaintiffs (and, grown later, counsel and judges).

`plaintiff_key` folds the spellings of one plaintiff to one key ("Malibu Media, LLC",
"MALIBU MEDIA LLC", "Malibu Media L.L.C." -> "malibu media llc"). Raw strings are always kept
beside normalised ones.
"""

from __future__ import annotations

import re

# Corporate suffixes and their one spelling in keys.
_SUFFIXES = (
    (r"l\.?\s?l\.?\s?c\.?", "llc"),
    (r"l\.?\s?l\.?\s?p\.?", "llp"),
    (r"inc(?:orporated)?\.?", "inc"),
    (r"ltd\.?|limited", "ltd"),
    (r"corp(?:oration)?\.?", "corp"),
    (r"co\.?", "co"),
    (r"p\.?\s?l\.?\s?l\.?\s?c\.?", "pllc"),
    (r"gmbh", "gmbh"),
)
_SUFFIX_RE = [(re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"), repl) for pattern, repl in _SUFFIXES]
# OCR and typing slips seen in real captions: "1O Group" for "IO Group".
_DIGIT_FOR_LETTER = re.compile(r"\b1o\b")


def plaintiff_key(raw: str | None) -> str | None:
    """A comparison key: lower case, suffixes unified, punctuation and spacing folded."""
    if raw is None or not raw.strip():
        return None
    key = raw.lower().replace("&", " and ")
    key = _DIGIT_FOR_LETTER.sub("io", key)
    for pattern, repl in _SUFFIX_RE:
        key = pattern.sub(repl, key)
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    return " ".join(key.split()) or None
