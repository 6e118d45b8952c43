"""One Doe detector for every party string a source gives: captions, party names, FJC IDB PLT/DEF.

`read_party` says whether a string names anonymous defendants and how many: "DOES 1-90" -> 90,
"JOHN DOES 1 THROUGH 25" -> 25, "DOES I-X" -> 10, "DOE, JOHN" -> 1, "DOE-[ip:…]" -> 1,
"UNKNOWN PARTIES" -> a Doe of unknown count. A Doe word counts only in the places fictitious
names take ("John Doe", "Doe 4", "Does 1-10, inclusive", "Doe, Jane", "Roe Corporations I-X"),
so companies and people named Doe are not Does: "DOE RUN RESOURCES CORP", "DOE CORP INC",
"DOE & INGALLS INC", "SMITH, DOE & JONES LLP", "SAMUEL DOE", "JOHN DOERING".

`read_defendants` reads a caption's defendant side party by party, so a case with named
defendants beside fictitious Does ("Daffy's Inc; Does 1-10") can be told from an all-Doe case.
Strings cut at a fixed width (the IDB keeps 30 characters) are read with `width`: a Doe range
whose last number reaches the cut is flagged `count_may_be_cut`, and a cut last word is read as
the start of the word it was ("JOHN DOE SUBSCRIBER ASSIGNED I").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DefendantsReading", "DoeReading", "read_defendants", "read_party"]


@dataclass(frozen=True)
class DoeReading:
    """What one party string says about Doe defendants."""

    is_doe: bool
    count: int | None  # Does it stands for; None when not a Doe or the number is not given
    count_may_be_cut: bool = False  # the string was cut inside (or right after) its Doe numbers
    numbers: tuple[int, int] | None = None  # (first, last) Doe number of a lone range or numbered Doe


@dataclass(frozen=True)
class DefendantsReading:
    """A caption's defendant side: its Doe parties and whether anyone is named beside them."""

    is_doe: bool
    count: int | None  # Does over all Doe parties; None when some Doe party's count is unknown
    named: int  # defendants that are not Does (companies, people)
    count_may_be_cut: bool = False


NOT_DOE = DoeReading(False, None)

_IPV4 = r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])"
_IPV6 = r"\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b"
_IP = re.compile(rf"\[ip:[0-9a-f]+\]|{_IPV4}|{_IPV6}", re.IGNORECASE)
_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "one hundred": 100,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUMBER = rf"(?:{_NUM}|[ivxlc]{{1,7}}\b|one hundred|{'|'.join(sorted(_WORD_NUMBERS, key=len, reverse=True))})"
_TO = r"\s*(?:-|–|—|/|through|thru|to)\s*"

# A fictitious-name word: Doe(s), Roe(s), and the nouns fictitious entities take after them.
_FICTION = r"(?:does?|roes?)"
_ENTITY = r"(?:corporations?|corps?\.?|compan(?:y|ies)|entit(?:y|ies)|business(?:es)?|defendants?|individuals?|" \
          r"partnerships?|(?:limited\s+)?liability\s+compan(?:y|ies))"
_GIVEN = r"(?:john|jane|j\.?|jon|johnny|richard|and|or)"  # words that may stand before a fictitious surname
_PREFIX = r"(?:defendants?|unknown|unnamed|unidentified|fictitious(?:ly\s+named)?|anonymous)"
# The words that may follow a Doe (beyond numbers and IP addresses); a cut last word may be any prefix.
_FOLLOWERS = (
    "subscriber", "subscribers", "assigned", "ip", "address", "at", "using", "with", "infringer",
    "infringers", "defendant", "defendants", "inclusive", "et", "al", "an", "a", "individual", "individuals",
    "individually", "whose", "who", "sued", "d/b/a", "dba", "aka", "a/k/a", "no", "nos", "number", "numbers",
    "and", "or", "&", "through", "thru", "to", "corporations", "corporation", "corps", "companies", "company",
    "entities", "entity", "businesses", "business", "partnerships", "in", "unknown", "of", "the", "user",
    "users", "identified", "owner", "internet", "also", "known", "as", "person", "persons", "xyz", "abc",
    "jane", "john", "roe", "roes", "doe", "does", "liability", "limited", "collectively",
)
_CORPORATE = {"inc", "corp", "co", "llc", "llp", "ltd", "lp", "plc", "pc", "pllc", "pa", "sa", "srl", "gmbh", "ag",
              "company", "incorporated", "corporation", "trust", "bank", "group", "holdings", "partners"}

_TOKEN = re.compile(r"\[ip\]|[a-z0-9]+(?:'[a-z]+)?|&|#|/|[,;()\-–—.:]", re.IGNORECASE)
_UNKNOWN_NOUNS = {"party", "parties", "defendant", "defendants", "person", "persons", "individual", "individuals",
                  "infringer", "infringers", "user", "users", "subscriber", "subscribers", "owner", "owners",
                  "named"}
_UNKNOWN_WORDS = {"unknown", "unnamed", "unidentified", "anonymous", "fictitious"}
_SINGULAR = {"party", "defendant", "person", "individual", "infringer", "user", "subscriber", "owner"}

_SINGLE_NUMBER = re.compile(rf"^\s*(?:#|nos?\.?|number)?\s*-?\s*(?P<n>{_NUM})(?![\d,.])", re.IGNORECASE)


def _value(word: str) -> int | None:
    """An Arabic, Roman or spelled-out number; None when `word` is none of them."""
    w = " ".join(word.lower().replace(",", "").split())
    if w.isdigit():
        return int(w)
    if w in _WORD_NUMBERS:
        return _WORD_NUMBERS[w]
    if w and all(c in _ROMAN for c in w):
        total = 0
        for i, c in enumerate(w):
            v = _ROMAN[c]
            total += -v if i + 1 < len(w) and _ROMAN[w[i + 1]] > v else v
        return total
    return None


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _is_follower(token: str, last: bool, cut: bool) -> bool:
    if token in _FOLLOWERS or token == "[ip]" or token.isdigit() or token in ",;()-–—.:#/":
        return True
    if _value(token) is not None and (len(token) > 1 or token == "i"):
        return True
    return cut and last and any(f.startswith(token) for f in _FOLLOWERS)


def _doe_positions(tokens: list[str], cut: bool) -> list[int]:
    """Indices of the tokens that are fictitious Doe/Roe names, by the words around them."""
    found = []
    for i, tok in enumerate(tokens):
        if tok not in ("doe", "does", "roe", "roes"):
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        after2 = tokens[i + 2] if i + 2 < len(tokens) else None
        # before: the start, punctuation, a given name of the fiction (John, Jane, Richard) or a prefix;
        # anything when a Doe number follows ("PROFESSIONAL FILMS DOES 1-1234").
        numbered = after is not None and (after.isdigit() or after == "#" or (
            after in ("no", "number") and after2 is not None and after2.isdigit()))
        if before is not None and before not in ",;(/&-:" and not re.fullmatch(_GIVEN, before) \
                and not re.fullmatch(_PREFIX, before) and not numbered:
            continue
        if before == "richard" and tok.startswith("doe"):
            continue  # "Richard Doe" is a person; "Richard Roe" is the fiction
        if tok.startswith("roe") and before is None and after in (None, ","):
            continue  # "Roe" alone is a surname; the fiction is "Richard Roe", "Roes 1-10"
        if tok.startswith("roe") and before is None and not (
                after.isdigit() or re.fullmatch(_ENTITY, after) or _is_follower(after, False, False)):
            continue  # "ROE" opening a name is a surname unless an entity word or number follows
        if after is None:
            found.append(i)
            continue
        if after in _CORPORATE and tok in ("doe", "roe"):
            continue  # "DOE CORP INC", "DOE COMPANY"
        if after in ("&", "and") and after2 is not None and after2 not in (
                "john", "jane", "doe", "does", "roe", "roes", "richard", "unknown") and not after2.isdigit():
            continue  # "DOE & INGALLS", "SMITH, DOE & JONES"
        if after == "," and before == "," and after2 not in (None, "john", "jane", "j", "inclusive", "et"):
            continue  # "SMITH, DOE, JONES & CO": a surname in a firm name
        if after == "," and after2 is not None and after2.isalpha() and after2 not in _FOLLOWERS:
            continue  # "DOE, SAMUEL": a person's surname, given name after the comma
        if after in "-–—" and after2 is not None and not (after2.isdigit() or after2 in ("[ip]", "ip")):
            continue  # "DOE-RAY-ME MUSIC"
        if not _is_follower(after, i + 1 == len(tokens) - 1, cut):
            continue
        found.append(i)
    return found


def _unknown_positions(tokens: list[str]) -> list[int]:
    """Indices of "UNKNOWN PARTIES", "UNNAMED DEFENDANTS" and the like (the noun's index)."""
    found = []
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if tok in _UNKNOWN_WORDS and nxt in _UNKNOWN_NOUNS:
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if after is None or after in ",;()-&" or after.isdigit() or after in (
                    "and", "et", "inclusive", "defendants", "sued", "who", "whose", "using", "at", "with", "[ip]",
                    "assigned", "subscriber") or _value(after):
                found.append(i + 1)
    return found


# Most party names hold none of these, and are no Doe: one search rules them out.
_TRIGGER = re.compile(r"doe|roe|unknown|unnamed|unidentified|anonymous|fictitious|swarm|hash|subscriber|\[ip|"
                      r"\d\.\d|:[0-9a-f]*:", re.IGNORECASE)
# A swarm sued as such: "Swarm of November 15, 2010", "Collective of December 29, 2011 Sharing Hash E379…".
_SWARM = re.compile(r"^\s*swarm\b|\bswarm\s+(?:of|sharing)\b|\bsharing\s+hash\b|\bhash\s+(?:file\s+)?(?:sha-?1:?\s*)?"
                    r"[0-9a-f]{8,}", re.IGNORECASE)


def _mask_ips(text: str) -> tuple[str, int]:
    masked, n = _IP.subn(" [ip] ", text)
    return masked, n


def read_party(text: str | None, width: int | None = None) -> DoeReading:
    """Read one party string as Doe defendants; `NOT_DOE` when it names a company or person.

    `width`: the field width the source cuts names at (30 for the IDB); a string that fills it
    may be cut, so a Doe range ending at the cut is flagged and a cut last word is read leniently.

    >>> read_party("JOHN DOES 1 THROUGH 25").count
    25
    >>> read_party("DOE RUN RESOURCES CORP").is_doe
    False
    """
    if not text or not _TRIGGER.search(text):
        return NOT_DOE
    raw = " ".join(text.split())
    cut = width is not None and len(raw) >= width
    masked, ips = _mask_ips(raw)
    # "DOE, JOHN" / "DOE, JANE": the inverted fictitious name.
    masked = re.sub(r"\b(does?|roes?)\s*,\s*(john|jane|j\.?|richard)\b(?!\s*[a-z]{3,})", r"\2 \1", masked,
                    flags=re.IGNORECASE)
    masked = re.sub(r"\bj\.\s*(?=(?:doe|roe)\b)", "j ", masked, flags=re.IGNORECASE)
    masked = re.sub(r"\bfictitiously\s+named\b", "fictitious", masked, flags=re.IGNORECASE)
    tokens = _tokens(masked)
    doe_at = _doe_positions(tokens, cut)
    unknown_at = _unknown_positions(tokens)
    swarm = bool(_SWARM.search(masked))
    subscriber = bool(re.search(r"\bsubscribers?\s+assigned\b|^\s*(?:ip\s+address\s+)?\[ip\]\s*$", masked,
                                re.IGNORECASE))
    if not doe_at and not unknown_at and not swarm and not subscriber and not (ips and _only_ips(masked)):
        return NOT_DOE
    return _count(masked, tokens, doe_at, unknown_at, ips, swarm, cut)


def _only_ips(masked: str) -> bool:
    """A party named only by IP addresses ("IP ADDRESS 192.0.2.1", "[ip:…], [ip:…]")."""
    rest = re.sub(r"\[ip\]|\bip\b|\baddress(?:es)?\b|\bsubscribers?\b|\bassigned\b|[,;&\s-]|\band\b", "",
                  masked, flags=re.IGNORECASE)
    return rest == ""


def _count(masked: str, tokens: list[str], doe_at: list[int], unknown_at: list[int], ips: int, swarm: bool,
           cut: bool) -> DoeReading:
    ranges: list[tuple[int, int]] = []
    singles: set[int] = set()
    unnumbered = 0
    unknown_count = swarm
    ends_in_number = False
    found = _fiction_ranges(masked)
    for m in found:
        lo, hi = _value(m["lo"]), _value(m["hi"]) if m["hi"] else None
        if lo is not None and hi is not None and hi >= lo:
            ranges.append((lo, hi))
            ends_in_number = ends_in_number or m.end() >= len(masked.rstrip())
        elif lo is not None and cut and m.end() >= len(masked.rstrip()):
            unknown_count = True
    dangling = cut and bool(re.search(rf"\b{_FICTION}\b[^a-z]{{0,12}}{_NUMBER}{_TO}$|\b{_FICTION}\s*-?$", masked.rstrip(),
                                      re.IGNORECASE))
    covered = [(m.start(), m.end()) for m in found]
    for i in doe_at:
        tok = tokens[i]
        if _inside(masked, tokens, i, covered):
            continue
        n = _number_after(masked, tokens, i)
        if n is not None and cut and _number_ends(masked, tokens, i):
            unknown_count = dangling = True  # "... DOES 1" at the cut may have been "DOES 1-500"
        elif n is not None:
            if not any(lo <= n <= hi for lo, hi in ranges):
                singles.add(n)
        elif tok in ("does", "roes") or (i + 1 < len(tokens) and re.fullmatch(_ENTITY, tokens[i + 1])
                                         and tokens[i + 1].endswith(("s", "ies", "es"))):
            unknown_count = True
        else:
            unnumbered += 1 + _extra_given_names(tokens, i)
    for i in unknown_at:
        noun = tokens[i]
        if not any(s <= _char_index(masked, tokens, i) < e for s, e in covered):
            if noun in _SINGULAR:
                unnumbered += 1
            else:
                unknown_count = True
    if not doe_at and not unknown_at and not swarm:
        unnumbered += max(ips, 1)  # a subscriber known only by IP address
    if dangling:
        unknown_count = True
    if unknown_count and not ranges and not singles:
        return DoeReading(True, None, dangling)
    if unknown_count:
        return DoeReading(True, None, bool(cut))
    total = sum(hi - lo + 1 for lo, hi in ranges) + len(singles) + unnumbered
    numbers = ranges[0] if len(ranges) == 1 and not singles and not unnumbered else (
        (min(singles),) * 2 if len(singles) == 1 and not ranges and not unnumbered else None)
    return DoeReading(True, total, bool(cut and ends_in_number), numbers)


# A range that belongs to a fictitious name: "Does 1-90", "DOE 1 THROUGH DOE 20", "ROE CORPORATIONS I-X",
# "UNKNOWN PARTIES 1-10", "John Doe #1 - #10"; a range cut after its connector ("DOES 1 THROUGH") has no hi.
_FICTION_RANGE = re.compile(
    rf"\b(?:{_FICTION}|(?:unknown|unnamed|unidentified|anonymous|fictitious)\s+\w+)\b(?:\s+{_ENTITY})?\s*"
    rf"(?:#|nos?\.?|numbers?)?\s*(?P<lo>{_NUMBER}){_TO}(?:(?:john\s+|jane\s+)?{_FICTION}\s*(?:nos?\.?)?\s*)?#?\s*"
    rf"(?P<hi>{_NUMBER})?(?![a-z0-9])",
    re.IGNORECASE)


def _fiction_ranges(masked: str) -> list[re.Match[str]]:
    """The fictitious-name ranges of `masked`, complete or cut after their connector."""
    return [m for m in _FICTION_RANGE.finditer(masked)
            if m["hi"] is not None or m.group(0).rstrip().endswith(("-", "through", "thru", "to", "–", "—"))]


def _char_index(masked: str, tokens: list[str], i: int) -> int:
    pos = 0
    for j, m in enumerate(_TOKEN.finditer(masked)):
        if j == i:
            return m.start()
        pos = m.end()
    return pos


def _inside(masked: str, tokens: list[str], i: int, covered: list[tuple[int, int]]) -> bool:
    at = _char_index(masked, tokens, i)
    return any(s <= at < e for s, e in covered)


def _number_after(masked: str, tokens: list[str], i: int) -> int | None:
    """N of "Doe N", "Doe #N", "Doe No. N", "DOE-N" (not an IP address)."""
    at = _char_index(masked, tokens, i) + len(tokens[i])
    m = _SINGLE_NUMBER.match(masked[at:])
    return int(m["n"].replace(",", "")) if m else None


def _number_ends(masked: str, tokens: list[str], i: int) -> bool:
    at = _char_index(masked, tokens, i) + len(tokens[i])
    m = _SINGLE_NUMBER.match(masked[at:])
    return bool(m) and at + m.end() >= len(masked.rstrip())


def _extra_given_names(tokens: list[str], i: int) -> int:
    """"JOHN AND JANE DOE" names two Does with one surname."""
    if i >= 3 and tokens[i - 1] in ("john", "jane") and tokens[i - 2] in ("and", "&", "or") and \
            tokens[i - 3] in ("john", "jane"):
        return 1
    return 0


_PARTY_SPLIT = re.compile(
    r"\s*;\s*|\s+(?:and|&)\s+(?=(?:john|jane|does?|roes?|unknown)\b)|"
    r",(?!\s*(?:jr|sr|ii|iii|inc|llc|ltd|l\.l\.c|corp|co|l\.p|lp|llp|p\.c|pc|n\.a|s\.a|plc|gmbh|john|jane|j\b|"
    r"inclusive|et\s+al|individually|an\s+individual|a\s+|d/b/a|dba|aka|a/k/a|\d|[ivx]+\b|#|[\w']+\s*&))\s*|"
    r"\s+and\s+(?!(?:co|company|sons?|associates|jones)\b)",
    re.IGNORECASE)
_ET_AL = re.compile(r"[,\s]*\bet\.?\s+al\.?\s*$", re.IGNORECASE)


def read_defendants(text: str | None, width: int | None = None) -> DefendantsReading:
    """Read a caption's defendant side (or a list of defendants) party by party.

    "Daffy's Inc, Mervyn's LLC and Does 1-10" -> 10 Does and 2 named defendants; "Does 1-90" -> 90
    Does and none named; "John Doe 37 and Robert Jenkins, Jr." -> 1 Doe and 1 named. A trailing
    "et al." names nobody more. `width` as for `read_party`.
    """
    if not text or not text.strip():
        return DefendantsReading(False, None, 0)
    whole = read_party(text, width)
    body = _ET_AL.sub("", " ".join(text.split()))
    masked, _ = _mask_ips(body)
    if re.search(r"\b(?:does?|roes?)\s*,\s*(?:john|jane)\b", masked, re.IGNORECASE):
        body = re.sub(r"\b(does?|roes?)\s*,\s*(john|jane)\b", r"\2 \1", body, flags=re.IGNORECASE)
    parts = [p for p in _PARTY_SPLIT.split(body) if p and p.strip(" ,;")]
    if len(parts) <= 1:
        named = 0 if whole.is_doe or not body.strip() else 1
        return DefendantsReading(whole.is_doe, whole.count, named, whole.count_may_be_cut)
    readings = [read_party(p, None) for p in parts]
    does = [r for r in readings if r.is_doe]
    named = sum(1 for p, r in zip(parts, readings) if not r.is_doe and re.search(r"[a-z]{2}", p, re.IGNORECASE))
    if not does:
        return DefendantsReading(False, None, named)
    counts = [r.count for r in does]
    count = None if any(c is None for c in counts) else _merge_counts(does)
    return DefendantsReading(True, count, named, whole.count_may_be_cut)


def _merge_counts(does: list[DoeReading]) -> int:
    """Total Does of several Doe parties: a numbered Doe inside another party's range counts once."""
    ranges = [r.numbers for r in does if r.numbers and r.numbers[0] != r.numbers[1]]
    total = 0
    for r in does:
        if r.numbers and r.numbers[0] == r.numbers[1] and any(lo <= r.numbers[0] <= hi for lo, hi in ranges):
            continue
        total += r.count or 0
    return total
