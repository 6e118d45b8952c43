"""Resolve the names sources spell differently: plaintiffs, counsel and firms, judges, Doe parties.

- `plaintiff_key` folds the spellings of one plaintiff to one key ("Malibu Media, LLC",
  "MALIBU MEDIA LLC", "Malibu Media L.L.C." -> "malibu media llc"; "1O Group" -> "io group";
  a "d/b/a" trade name is dropped) and then applies `data/aliases/plaintiff_aliases.csv`.
- `clean_party_name` / `display_name` tidy spacing, punctuation and ALL-CAPS spellings.
- `resolve_attorney`, `firm_from_contact`, `resolve_firm`, `firm_for_attorney`, `firm_family`
  read `data/aliases/counsel_aliases.csv` and `attorney_firms.csv`.
- `resolve_judge` and `judges_from_docket_number` read `data/aliases/judges.csv` (full names,
  docket-number initials, N.D. Cal. clerk tags such as "hrllc2").
- `doe_party` and `does_total` read Doe defendants ("Does 1-109", "Doe 1", "John Doe subscriber
  assigned IP address [ip:…]") and count them without double counting.

Every alias row names its source (`source_url`, `basis`); nothing is folded without one. Raw
strings are always kept beside normalised ones by the callers.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipelines import resources
from pipelines.doe_parties import read_party

ALIASES_DIR = resources.ALIASES

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
# "IO Group, Inc. d/b/a Titan Media": the trade name after d/b/a names the same entity.
_DBA = re.compile(r"[\s,]+(?:d\s*/\s*b\s*/\s*a|d\.b\.a\.?|dba)\b.*$", re.IGNORECASE)


def _fold(raw: str) -> str:
    key = raw.lower().replace("&", " and ")
    key = _DIGIT_FOR_LETTER.sub("io", key)
    for pattern, repl in _SUFFIX_RE:
        key = pattern.sub(repl, key)
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    return " ".join(key.split())


def _read_aliases(name: str) -> list[dict[str, str]]:
    with (ALIASES_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@lru_cache(maxsize=1)
def _plaintiff_aliases() -> dict[str, str]:
    return {_fold(_DBA.sub("", r["variant"])): _fold(_DBA.sub("", r["canonical"]))
            for r in _read_aliases("plaintiff_aliases.csv")}


def plaintiff_key(raw: str | None) -> str | None:
    """A comparison key: lower case, suffixes unified, punctuation and spacing folded.

    A trailing "d/b/a <trade name>" is dropped, then spelling variants listed (with their source)
    in `data/aliases/plaintiff_aliases.csv` fold to their canonical key.
    """
    if raw is None or not raw.strip():
        return None
    key = _fold(_DBA.sub("", raw)) or None
    if key is None:
        return None
    return _plaintiff_aliases().get(key, key)


# --- display spellings ---------------------------------------------------------------------------

_SUFFIX_DISPLAY = {"llc": "LLC", "l.l.c.": "L.L.C.", "llp": "LLP", "pllc": "PLLC", "lp": "LP", "inc": "Inc",
                   "inc.": "Inc.", "ltd": "Ltd", "ltd.": "Ltd.", "corp": "Corp", "corp.": "Corp.", "co": "Co",
                   "co.": "Co.", "gmbh": "GmbH", "ii": "II", "iii": "III", "iv": "IV", "usa": "USA",
                   "d/b/a": "d/b/a", "pc": "PC", "p.c.": "P.C.", "pa": "PA", "p.a.": "P.A."}


def clean_party_name(raw: str | None) -> str | None:
    """Spacing and punctuation tidied: "MALIBU MEDIA , LLC." -> "MALIBU MEDIA, LLC"."""
    if raw is None:
        return None
    text = " ".join(raw.replace("\u00a0", " ").split())
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"\b(LLC|LLP|PLLC|L\.L\.C)\.\.?$", lambda m: m.group(1) + ("." if "." in m.group(1) else ""),
                  text, flags=re.IGNORECASE)
    return text.strip(" ,;") or None


def _title_word(word: str) -> str:
    lower = word.lower()
    if lower in _SUFFIX_DISPLAY:
        return _SUFFIX_DISPLAY[lower]
    if any(ch.isdigit() for ch in word):
        return word
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def display_name(raw: str | None) -> str | None:
    """A readable spelling: cleaned, and an ALL-CAPS name put in title case (suffixes kept)."""
    text = clean_party_name(raw)
    if text is None or any(ch.islower() for ch in text):
        return text
    return " ".join(_title_word(word) for word in text.split(" "))


# --- counsel ---------------------------------------------------------------------------------------

_INITIAL = re.compile(r"\b([A-Z])(?=\s)(?!\.)")


def _person_key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split())


@lru_cache(maxsize=1)
def _counsel_aliases() -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    attorneys, firms, family = {}, {}, {}
    for row in _read_aliases("counsel_aliases.csv"):
        if row["relation"] == "spelling":
            target = attorneys if row["kind"] == "attorney" else firms
            fold = _person_key if row["kind"] == "attorney" else _fold
            target[fold(row["variant"])] = row["canonical"]
        elif row["relation"] == "same_principals":
            group = family.setdefault(row["variant"], {row["variant"]}) | family.get(row["canonical"], {row["canonical"]})
            for member in group:
                family[member] = group
    return attorneys, firms, family


def resolve_attorney(raw: str | None) -> str | None:
    """One spelling per attorney: spacing, ALL CAPS and bare initials tidied ("Evan F Stone" ->
    "Evan F. Stone"), then the spelling variants of `counsel_aliases.csv` applied."""
    name = display_name(raw)
    if name is None:
        return None
    name = _INITIAL.sub(r"\1.", name + " ").strip()
    return _counsel_aliases()[0].get(_person_key(name), name)


def resolve_firm(raw: str | None) -> str | None:
    """One spelling per firm ("Steele Hansmeier, PLLC" -> "Steele Hansmeier PLLC") per the table."""
    name = clean_party_name(raw)
    if name is None:
        return None
    return _counsel_aliases()[1].get(_fold(name), name)


def firm_family(firm: str) -> set[str]:
    """The firm and the firms linked to it in the table as run by the same principals."""
    return set(_counsel_aliases()[2].get(firm, {firm}))


_NOT_FIRM = re.compile(
    r"^(?:\d|p\.?\s*o\.?\s*box|post office box|suite\b|ste\.?\s|floor\b|\(see above|email|e-mail|fax|phone|tel"
    r"|pro se|terminated|lead attorney|attorney to be noticed|pro hac vice|designation|bar status|u\.?s\.?$)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\(?\d{3}\)?[\s./-]*\d{3}[\s.-]\d{4}")
_CITY_LINE = re.compile(r",\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")


def firm_from_contact(contact: str | None) -> str | None:
    """The firm named on the first line of a PACER/CourtListener attorney contact block, if any.

    The first line is a firm unless it reads as an address, phone, e-mail, a role or "(See above
    for address)": "Law Offices of Evan Stone\\n624 W University Dr..." -> "Law Offices of Evan Stone".
    """
    if not contact:
        return None
    lines = [" ".join(line.split()) for line in contact.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return None
    first = lines[0]
    if _NOT_FIRM.search(first) or _PHONE.search(first) or _CITY_LINE.search(first) or "@" in first:
        return None
    return first


@lru_cache(maxsize=1)
def _attorney_firms() -> dict[str, list[tuple[date, date, str]]]:
    spans: dict[str, list[tuple[date, date, str]]] = {}
    for row in _read_aliases("attorney_firms.csv"):
        spans.setdefault(_person_key(row["attorney"]), []).append(
            (date.fromisoformat(row["first_seen"]), date.fromisoformat(row["last_seen"]), row["firm"])
        )
    return spans


def firm_for_attorney(attorney: str | None, on: date | None) -> str | None:
    """The firm an attorney is recorded with for a case filed `on`, when the table has a span
    (first to last case seen with that firm) covering that date; never extrapolated."""
    if attorney is None or on is None:
        return None
    hits = {firm for lo, hi, firm in _attorney_firms().get(_person_key(attorney), []) if lo <= on <= hi}
    return hits.pop() if len(hits) == 1 else None


# --- judges ----------------------------------------------------------------------------------------

_JUDGE_TITLE = re.compile(
    r"^(?:(?:the\s+)?hon(?:ora|\.)?(?:ble)?\.?\s+|(?:chief\s+|senior\s+|district\s+|magistrate\s+|u\.?s\.?\s+)*judge\s+)+",
    re.IGNORECASE,
)
_CLERK_TAG = re.compile(r"^([a-z]{2,4})(?:lc\d|crd|sec)$")


@dataclass(frozen=True)
class Judge:
    court_id: str
    full_name: str
    initials: str | None
    clerk_tags: tuple[str, ...]


@lru_cache(maxsize=1)
def _judges() -> tuple[Judge, ...]:
    return tuple(
        Judge(r["court_id"], r["full_name"], r["initials"] or None,
              tuple(t for t in r["clerk_tags"].split(";") if t))
        for r in _read_aliases("judges.csv")
    )


def resolve_judge(court_id: str | None, raw: str | None) -> str | None:
    """A judge's full name from a full name ("Judge Royal Furgeson", "Elizabeth D Laporte"),
    docket-number initials ("HRL") or an N.D. Cal. clerk tag ("hrllc2"), per `judges.csv`."""
    if raw is None or not raw.strip():
        return None
    text = _JUDGE_TITLE.sub("", " ".join(raw.split())).strip(" ,")
    text = re.sub(r",\s*(?:presiding|referral)$", "", text, flags=re.IGNORECASE)
    court = (court_id or "").lower()
    known = [j for j in _judges() if j.court_id == court]
    token = text.lower()
    for judge in known:
        if token in judge.clerk_tags or (judge.initials and token == judge.initials.lower() and text.isupper()):
            return judge.full_name
    tag = _CLERK_TAG.match(token)
    if tag:
        hits = [j for j in known if j.initials and j.initials.lower() == tag.group(1)]
        if len(hits) == 1:
            return hits[0].full_name
    name = display_name(text) or text
    name = _INITIAL.sub(r"\1.", name + " ").strip()
    for judge in _judges():
        if _person_key(judge.full_name) == _person_key(name):
            return judge.full_name
    if re.fullmatch(r"[A-Z]{2,4}", text):
        return None  # initials nobody in the table has: unknown, not a name
    return name


def judges_from_docket_number(court_id: str, docket_number: str | None) -> tuple[str | None, str | None]:
    """(assigned, referred) judges from the initials after a docket number ("...-MCA-LDW")."""
    if not docket_number:
        return None, None
    m = re.search(r"\d{2,4}\s*-?\s*[a-z]{2,3}\s*-?\s*\d{1,6}((?:\s*-\s*[A-Za-z]{2,4})+)\s*$", docket_number)
    if not m:
        return None, None
    initials = [p.strip() for p in m.group(1).split("-") if p.strip()]
    found = [resolve_judge(court_id, i.upper()) for i in initials[:2]] + [None, None]
    return found[0], found[1]


# --- Doe parties -----------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_DOE_RANGE = re.compile(
    rf"\bdoes?\b[^0-9]{{0,20}}?(?P<lo>{_NUM})\s*(?:-|–|—|through|thru|to)\s*(?P<hi>{_NUM})\b"
    rf"|^\s*(?P<lo2>{_NUM})\s*(?:-|–|—|through|thru|to)\s*(?P<hi2>{_NUM})\b",
    re.IGNORECASE,
)
_DOE_NUMBER = re.compile(rf"\bdoe\b\s*(?:no\.?|number|#)?\s*(?P<n>{_NUM})\b(?!\s*(?:-|–|through|to)\s*\d)",
                         re.IGNORECASE)
_IP_TOKEN = re.compile(r"\[ip:[0-9a-f]+\]")


@dataclass(frozen=True)
class DoeParty:
    """A Doe defendant row: how many Does it stands for and which Doe numbers, when stated."""

    name: str  # canonical: "Does 1-109", "Doe 1", "John Doe (IP address [ip:…])", "John Doe", "Does"
    count: int | None  # None: "Does" with no number
    first: int | None = None
    last: int | None = None


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def doe_party(name: str | None, extra_info: str | None = None) -> DoeParty | None:
    """Read a party name (IPs already pseudonymised) as a Doe party; None when it is not one.

    "Does 1-109" -> 109 (Does 1..109); "Does" with extra info "1 through 10, inclusive" -> 10;
    "Doe 1" -> Doe number 1; "JOHN DOE SUBSCRIBER ASSIGNED IP ADDRESS [ip:…]" -> one Doe.
    """
    if not name or not read_party(name).is_doe:
        return None  # `pipelines.doe_parties` decides; "Doe Run Resources Corp" is no Doe
    text = " ".join(name.split())
    plain = _IP_TOKEN.sub(" ", text)
    extra = " ".join(_IP_TOKEN.sub(" ", extra_info or "").split())
    for candidate in (plain, f"{plain} {extra}".strip()):
        m = _DOE_RANGE.search(candidate)
        if m:
            lo, hi = _int(m["lo"] or m["lo2"]), _int(m["hi"] or m["hi2"])
            if hi >= lo:
                return DoeParty(f"Does {lo}-{hi}", hi - lo + 1, lo, hi)
    if extra:
        m = _DOE_RANGE.search(extra) if re.match(r"^\s*\d", extra) else None
        if m:
            lo, hi = _int(m["lo2"]), _int(m["hi2"])
            return DoeParty(f"Does {lo}-{hi}", hi - lo + 1, lo, hi)
    m = _DOE_NUMBER.search(plain)
    if m:
        n = _int(m["n"])
        return DoeParty(f"Doe {n}", 1, n, n)
    token = _IP_TOKEN.search(text)
    if token:
        return DoeParty(f"John Doe (IP address {token.group(0)})", 1)
    if re.search(r"\bdoes\b|\bdoe\s+defendants\b", text, re.IGNORECASE):
        return DoeParty("Does", None)
    return DoeParty("Jane Doe" if re.search(r"\bjane\b", text, re.IGNORECASE) else "John Doe", 1)


def does_total(parties: list[DoeParty]) -> int | None:
    """How many distinct Does a case's Doe parties stand for: numbered Does are counted once
    ("Does 1-109" and "Doe 1" -> 109); unnumbered single Does add one each; None when unknown."""
    numbers: set[int] = set()
    singles = 0
    unknown = False
    for party in parties:
        if party.first is not None and party.last is not None:
            numbers.update(range(party.first, party.last + 1))
        elif party.count is None:
            unknown = True
        else:
            singles += party.count
    if not numbers and not singles:
        return None if unknown or not parties else 0
    return len(numbers) + singles
