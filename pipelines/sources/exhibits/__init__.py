"""Read complaint exhibits (the lists of IP addresses, hit times and ISPs) into pseudonymised hits.

Inputs: CSV/TSV files a researcher typed or exported (a header row names the columns), and the
plain text of exhibit documents as `pdftotext -layout` prints it or as CourtListener serves it
(`recap_documents[].plain_text` in a saved JSON response), with varied column orders, date
formats, wrapped lines and OCR noise. Every address is replaced while parsing by a keyed pseudonym
(`ip:…`) and a pseudonym of its network (IPv4 /16, IPv6 /32: `net:…`); no raw address is returned,
stored, printed or put in an error message. `ingest` loads the hits of one or more files into a new
build (`exhibit_observations`). The rules (column words, dates, Doe numbering, wrapped lines, which
case a file belongs to) are written out in docs/swarm.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import hmac
import io
import ipaddress
import json
import re
from dataclasses import astuple, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from pipelines import store
from pipelines.errors import SourceError
from pipelines.normalize import parse_docket_number
from pipelines.privacy import IPV6, ip_token, load_or_create_key, pseudonymise_ips

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "Virgin Islands", "MP": "Northern Mariana Islands",
}
_STATE_BY_NAME = {name.lower(): code for code, name in STATES.items()}
# District court ids start with the state's postal code ("cand" -> CA, "dcd" -> DC, "prd" -> PR)
# except the District of the Northern Mariana Islands, whose "nm" would read as New Mexico.
_COURT_STATE_EXCEPTIONS = {"nmid": "MP"}
_DIRECTIONS = {"northern": "n", "southern": "s", "eastern": "e", "western": "w", "central": "c", "middle": "m"}

SOURCE_COLUMNS = {
    "case_id": pl.String, "source_file": pl.String, "document": pl.String, "line_number": pl.Int64,
    "doe_number": pl.Int64, "ip_token": pl.String, "network_token": pl.String, "ip_version": pl.Int64,
    "isp": pl.String, "observed_at": pl.Datetime("us"), "time_known": pl.Boolean, "city": pl.String,
    "state": pl.String, "forum_state": pl.String, "file_hash": pl.String,
}

# --- values ---------------------------------------------------------------------------------

_ZONE_OFFSETS = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
                 "MST": -420, "MDT": -360, "PST": -480, "PDT": -420}
_ZONE = r"UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z|[+-]\d{2}:?\d{2}"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TIME = (r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
         r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?(?:\s*\(?(?P<tz>" + _ZONE + r")\)?(?![\w:]))?")
_DATE = (r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
         r"|(?P<m2>\d{1,2})[/-](?P<d2>\d{1,2})[/-](?P<y2>\d{4}|\d{2})"
         rf"|(?P<mon3>{_MON})\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
         rf"|(?P<d4>\d{{1,2}})[-\s](?P<mon4>{_MON})[-\s](?P<y4>\d{{4}}|\d{{2}})")
_WHEN = re.compile(rf"(?<![\w/.:-])(?:{_DATE})(?![\d/])(?:(?:\s*T|\s+at\s+|\s*,\s*|\s+)(?:{_TIME}))?",
                   re.IGNORECASE)
_TIME_ONLY = re.compile(rf"(?<![\w/.:-]){_TIME}(?![\d/:])", re.IGNORECASE)
_IPV4 = re.compile(r"(?<![\d.,])(\d{1,3}(?:\s?[.,]\s?\d{1,3}){3})(?!\d|[.,]\d)(?::\d{1,5}(?!\d))?")
_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])", re.IGNORECASE)
# OCR reads 0 as O and 1 as l or I inside numbers: fix them in number-like tokens only.
_OCR_TOKEN = re.compile(r"(?<![A-Za-z0-9])[0-9OolI]+(?:[./:,-][0-9OolI]+)+(?![A-Za-z0-9])")
_OCR_DIGITS = str.maketrans("OolI", "0011")


@dataclass(frozen=True)
class _When:
    at: datetime  # UTC
    time_known: bool


def forum_state(court_id: str | None) -> str | None:
    """Postal code of the state (or territory) a district court sits in: 'cand' -> 'CA'."""
    if not court_id:
        return None
    court = court_id.strip().lower()
    if court in _COURT_STATE_EXCEPTIONS:
        return _COURT_STATE_EXCEPTIONS[court]
    code = court[:2].upper()
    return code if code in STATES and court.endswith("d") and len(court) in (3, 4) else None


def court_from_district(direction: str | None, state: str) -> str | None:
    """CourtListener id of '<Direction> District of <State>': ('Northern', 'California') -> 'cand'."""
    code = state_code(state)
    if code is None:
        return None
    if code == "MP":
        return "nmid"
    return code.lower() + (_DIRECTIONS.get(direction.lower(), "") if direction else "") + "d"


def state_code(text: str | None) -> str | None:
    """A US state or territory as its postal code ('NJ', 'N.J.', 'New Jersey' -> 'NJ'); else None."""
    if not text:
        return None
    compact = re.sub(r"[.\s]", "", text).upper()
    if len(compact) == 2 and compact in STATES:
        return compact
    return _STATE_BY_NAME.get(" ".join(text.replace(".", " ").split()).lower())


def _place(text: str, kind: str) -> tuple[str | None, str | None]:
    """(city, state) of a place cell: 'Newark, NJ', 'Newark NJ', 'New Jersey', 'NJ'."""
    text = " ".join(text.split()).strip(" ,")
    if not text:
        return None, None
    if kind == "city":
        return text, None
    if (code := state_code(text)) is not None:
        return None, code
    head, sep, tail = text.rpartition(",")
    if sep and (code := state_code(tail)) is not None:
        return head.strip() or None, code
    words = text.split()
    for cut in (1, 2, 3):
        if len(words) > cut and (code := state_code(" ".join(words[-cut:]))) is not None:
            return " ".join(words[:-cut]), code
    return (text, None) if kind == "location" else (None, None)


def _clean_ip(text: str) -> tuple[str, int] | None:
    """(canonical address, version) of an address as exhibits print it, or None."""
    text = re.sub(r"\s", "", text)
    if text.count(".") + text.count(",") == 3 and text.count(".") >= 2:
        v4 = text.replace(",", ".").split(":")[0]
        try:
            return str(ipaddress.IPv4Address(".".join(str(int(p)) for p in v4.split(".")))), 4
        except ValueError:
            return None
    candidate = text.strip("[]")
    if candidate.count("]:"):
        candidate = candidate.split("]:")[0]
    try:
        return str(ipaddress.IPv6Address(candidate)), 6
    except ValueError:
        return None


def _find_ips(line: str) -> list[tuple[int, int, str, int]]:
    """(start, end, address, version) of every address in a line of text."""
    found = []
    for m in _IPV4.finditer(line):
        if (clean := _clean_ip(m.group(1))) is not None:
            found.append((m.start(), m.end(), *clean))
    for m in IPV6.finditer(line):
        if not any(s <= m.start() < e for s, e, _, _ in found) and (clean := _clean_ip(m.group(0))):
            found.append((m.start(), m.end(), *clean))
    return sorted(found)


def scrub(text: str | None, key: bytes) -> str | None:
    """Free text with every address replaced by `[ip:…]`, also one that OCR damaged
    (`198,51.100.95`, `192.0.2. 96`), which `pseudonymise_ips` alone leaves in place."""
    if text is None:
        return None
    for start, end, address, _ in reversed(_find_ips(text)):
        text = f"{text[:start]}[{ip_token(address, key)}]{text[end:]}"
    return pseudonymise_ips(text, key)


def _zone_minutes(zone: str | None) -> int | None:
    if not zone:
        return None
    zone = zone.upper()
    if zone in _ZONE_OFFSETS:
        return _ZONE_OFFSETS[zone]
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


def _when(m: re.Match, default_zone: int | None, time: re.Match | None = None) -> _When:
    """The UTC moment of a date (and time) match; ValueError names what is impossible."""
    g = m.groupdict()
    year, month, day = (g["y1"], g["m1"], g["d1"]) if g["y1"] else (g["y2"], g["m2"], g["d2"]) if g["y2"] else (
        (g["y3"], str(_MONTHS.index(g["mon3"][:3].lower()) + 1), g["d3"]) if g["y3"]
        else (g["y4"], str(_MONTHS.index(g["mon4"][:3].lower()) + 1), g["d4"]))
    year_n = int(year) + (2000 if len(year) == 2 else 0)
    t = (time or m).groupdict()
    hour, minute, second = int(t["h"] or 0), int(t["mi"] or 0), int(t["s"] or 0)
    if t["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"impossible time {(time or m).group(0).strip()!r}")
        hour = hour % 12 + (12 if t["ampm"].lower() == "p" else 0)
    try:
        local = datetime(year_n, int(month), int(day), hour, minute, second)
    except ValueError:
        raise ValueError(f"impossible date or time {m.group(0).strip()!r}") from None
    if year_n < 2001:
        raise ValueError(f"date {m.group(0).strip()!r} is before BitTorrent existed (2001)")
    zone = _zone_minutes(t["tz"])
    offset = zone if zone is not None else (default_zone or 0)
    return _When(local - timedelta(minutes=offset), t["h"] is not None)


def _parse_when(text: str, default_zone: int | None) -> tuple[_When, int, int] | None:
    """The first date (with its time, also when the time stands apart) in `text`, and its span."""
    m = _WHEN.search(text)
    if m is None:
        return None
    if m.group("h") is None:
        rest = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        if (t := _TIME_ONLY.search(rest)) is not None:
            return _when(m, default_zone, t), m.start(), m.end()
    return _when(m, default_zone), m.start(), m.end()


# --- layout: column words -------------------------------------------------------------------

_LABELS = (
    ("location", r"city\s*(?:/|,|and|&)\s*state|location|geo\s*-?\s*location"),
    ("when", r"(?:hit\s+)?date\s*(?:/|and|&)\s*time|date\s*-?\s*time|time\s*-?\s*stamp|hit\s+(?:date|time)"
             r"|(?:first\s+|last\s+)?observed(?:\s+at)?|time\s*zone|date|time"),
    ("zone", r"\(?(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\)?"),
    ("doe", r"doe\s*(?:#|no\.?|num(?:ber)?)?|defendant\s*(?:#|no\.?)?|no\.|#"),
    ("ip", r"ip\s*-?\s*(?:address|addr\.?)?|address"),
    ("isp", r"(?:internet\s+)?service\s+provider|isp|provider|organi[sz]ation|carrier"),
    ("hash", r"(?:file\s+|info\s*|torrent\s+)?hash|sha-?1"),
    ("city", r"city"),
    ("state", r"state|region|province|st\."),
)
_LABEL = re.compile("|".join(rf"(?P<{k}>(?<![\w#]){p}(?![\w]))" for k, p in _LABELS), re.IGNORECASE)
_FREE_KINDS = ("doe", "isp", "city", "state", "location", "other")
_CELL = re.compile(r"[^\s|]+(?: [^\s|]+)*")
_FURNITURE = re.compile(
    r"^\s*(?:case\s*\d{1,2}:\d{2}-|page\s*\d+(?:\s*of\s*\d+)?\s*$|exhibit\b|total\b|\d{1,3}\s*$|-\s*\d+\s*-\s*$"
    r"|[\W_]+$)",
    re.IGNORECASE)
_METADATA = re.compile(r"^\s*[A-Za-z][\w ]{0,30}:\s+\S")
_FILE_HASH = re.compile(r"(?:hash|sha-?1)\s*(?:value)?\s*[:=#]\s*([0-9a-f]{40})\b", re.IGNORECASE)
_LEADING_DOE = re.compile(r"^\s*(?:doe\s*)?(?:#|no\.)?\s*([0-9OolI]{1,6})[.):]?(?=\s)", re.IGNORECASE)
# No exhibit line (a table row, a page stamp, a sentence of prose) comes near this length.
MAX_LINE_CHARS = 100_000


@dataclass(frozen=True)
class _Header:
    kinds: tuple[str, ...]
    starts: tuple[int, ...]  # column of each kind's label, for rows with empty cells
    zone: int | None


def _header(line: str) -> _Header | None:
    """The column kinds a table header line names, in order; None when the line is no header."""
    kinds: list[str] = []
    starts: list[int] = []
    zone, last, unlabelled = None, 0, 0

    def others(text: str, offset: int) -> None:
        nonlocal unlabelled
        for chunk in _CELL.finditer(text):
            words = re.findall(r"[A-Za-z]{2,}", chunk.group(0))
            if words:
                kinds.append("other")
                starts.append(offset + chunk.start())
                unlabelled += len(words)

    for m in _LABEL.finditer(line):
        others(line[last:m.start()], last)
        kind = m.lastgroup
        if kind == "zone":
            zone = m.group(0).strip("()")
        elif not (kind == "when" and kinds and kinds[-1] == "when"):
            kinds.append(kind)
            starts.append(m.start())
        last = m.end()
    others(line[last:], last)
    labelled = [k for k in kinds if k != "other"]
    if "ip" not in kinds or not {"when", "isp"} & set(kinds) or len(labelled) < 3 or unlabelled > len(labelled):
        return None
    return _Header(tuple(kinds), tuple(starts), _zone_minutes(zone))


def _cell_kind(label: str) -> tuple[str, str | None]:
    """(kind, zone) of one CSV header cell; kind 'mixed' when the cell names several columns."""
    kinds = [m.lastgroup for m in _LABEL.finditer(label)]
    zones = [m.group(0).strip("()") for m in _LABEL.finditer(label) if m.lastgroup == "zone"]
    columns = set(kinds) - {"zone"}
    if len(columns) > 1:
        return "mixed", None
    return (columns.pop() if columns else "other"), (zones[0] if zones else None)


# --- rows -----------------------------------------------------------------------------------


@dataclass
class _Row:
    """One exhibit row while it is read (holds the raw address: never leaves this module)."""

    record: int | str
    line: int
    text: str
    ip: str | None = None
    ip_version: int | None = None
    when: _When | None = None
    when_end: int = 0
    doe: int | None = None
    file_hash: str | None = None
    cells: dict[str, list[str]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    wraps: list[tuple[str, int]] = field(default_factory=list)

    def put(self, kind: str, text: str, start: int) -> None:
        self.cells.setdefault(kind, []).append(text)
        self.starts.setdefault(kind, start)

    def wrap(self, text: str, start: int) -> None:
        """Add a wrapped cell (a continuation line's text) to the column it sits under."""
        self.wraps.append((text, start))
        free = {k: s for k, s in self.starts.items() if k in ("isp", "city", "location", "other")}
        near = min(free, key=lambda k: abs(free[k] - start)) if free else "isp"
        if free and abs(free[near] - start) > 8:
            near = "isp" if "isp" in free else near
        self.put(near, text, start)


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(left anchor, right anchor, cells with their columns) for the text between anchors."""
    out, last, left = [], 0, "start"
    for start, end, kind in sorted(spans) + [(len(text), len(text), "end")]:
        cells = [(m.group(0), last + m.start()) for m in _CELL.finditer(text[last:start])
                 if re.search(r"\w", m.group(0)) and not re.fullmatch(r":\d+", m.group(0))]
        out.append((left, kind, cells))
        last, left = end, kind
    return out


def _between(header: _Header, left: str, right: str) -> list[tuple[str, int]] | None:
    """(kind, label column) of the header's free columns between two anchor kinds."""
    kinds = header.kinds
    if (left != "start" and left not in kinds) or (right != "end" and right not in kinds):
        return None
    lo = -1 if left == "start" else kinds.index(left)
    hi = len(kinds) if right == "end" else kinds.index(right)
    return [(k, s) for k, s in zip(kinds[lo + 1:hi], header.starts[lo + 1:hi]) if k in _FREE_KINDS] if lo < hi else None


def _assign(row: _Row, cells: list[tuple[str, int]], columns: list[tuple[str, int]]) -> None:
    """Give the cells of one segment to the header's columns between its anchors."""
    kinds = [k for k, _ in columns]
    if not cells or not kinds:
        return
    if len(kinds) == 1:
        row.put(kinds[0], " ".join(c for c, _ in cells), cells[0][1])
        return
    if len(cells) == len(kinds):
        for (text, start), kind in zip(cells, kinds):
            row.put(kind, text, start)
        return
    # A single-spaced (OCR) segment: peel a state code off the edge where the state column is.
    if "state" in (kinds[0], kinds[-1]):
        at_end = kinds[-1] == "state"
        text, start = cells[-1] if at_end else cells[0]
        words = text.split()
        word = words[-1] if at_end else words[0]
        if len(words) > 1 and state_code(word) and len(word.strip(".")) <= 4:
            rest = " ".join(words[:-1] if at_end else words[1:])
            row.put("state", word, start)
            shrunk = cells[:-1] + [(rest, start)] if at_end else [(rest, start + len(word) + 1)] + cells[1:]
            _assign(row, shrunk, columns[:-1] if at_end else columns[1:])
            return
    if len(cells) < len(kinds):
        # An empty cell in a laid-out row: each cell goes to the column whose label is nearest.
        targets = [min(columns, key=lambda c: abs(c[1] - start))[0] for _, start in cells]
        if len(set(targets)) == len(targets):
            for (text, start), kind in zip(cells, targets):
                row.put(kind, text, start)
            return
    for (text, start), kind in zip(cells, kinds[:-1]):
        row.put(kind, text, start)
    rest = cells[len(kinds) - 1:]
    if rest:
        row.put(kinds[-1], " ".join(c for c, _ in rest), rest[0][1])


def _guess(row: _Row, cells: list[tuple[str, int]]) -> None:
    """Columns of a row met before any header: a state is a state, the cell before it a city."""
    places = [i for i, (c, _) in enumerate(cells) if state_code(c) or _place(c, "state")[1]]
    taken = set()
    if places:
        i = places[-1]
        city, code = _place(cells[i][0], "state")
        row.put("state", code or cells[i][0], cells[i][1])
        taken.add(i)
        if city:
            row.put("city", city, cells[i][1])
        elif i > 0 and i - 1 not in taken and len(cells) > 2:
            row.put("city", cells[i - 1][0], cells[i - 1][1])
            taken.add(i - 1)
    rest = [c for i, c in enumerate(cells) if i not in taken]
    if rest:
        row.put("isp", rest[0][0], rest[0][1])


def _parse_row(text: str, path: Path, record: int | str, line: int, header: _Header | None,
               file_hash: str | None) -> _Row:
    row = _Row(record=record, line=line, text=text, file_hash=file_hash)
    masked, spans = text, []

    def mask(start: int, end: int) -> None:
        nonlocal masked
        masked = masked[:start] + " " * (end - start) + masked[end:]

    for m in _HASH.finditer(masked):
        row.file_hash = m.group(0).upper()
        spans.append((m.start(), m.end(), "hash"))
        mask(m.start(), m.end())
    for i, (start, end, address, version) in enumerate(_find_ips(masked)):
        if i == 0:
            row.ip, row.ip_version = address, version
            spans.append((start, end, "ip"))
        mask(start, end)
    try:
        found = _parse_when(masked, header.zone if header else None)
    except ValueError as exc:
        raise SourceError(path, record, str(exc)) from None
    if found is not None:
        row.when, start, row.when_end = found
        spans.append((start, row.when_end, "when"))
        mask(start, row.when_end)
        if row.when.time_known and (t := _TIME_ONLY.search(masked)) is not None:
            mask(t.start(), t.end())
    first = min((s for s, _, _ in spans), default=len(masked))
    m = _LEADING_DOE.match(masked)
    if m and m.end() <= first and not masked[m.end():first].strip():
        row.doe = int(m.group(1).translate(_OCR_DIGITS))
        spans.append((m.start(1), m.end(), "doe"))
    segments = _segments(masked, [(s, e, k) for s, e, k in spans])
    kinds_known = header is not None
    loose: list[tuple[str, int]] = []
    for left, right, cells in segments:
        kinds = _between(header, left, right) if kinds_known else None
        if kinds is None:
            loose.extend(cells)
        else:
            _assign(row, cells, [c for c in kinds if not (c[0] == "doe" and row.doe is not None)])
    if loose:
        _guess(row, loose)
    if row.doe is None and row.cells.get("doe"):
        digits = re.search(r"\d+", " ".join(row.cells["doe"]).translate(_OCR_DIGITS))
        row.doe = int(digits.group(0)) if digits else None
    return row


def _continue(row: _Row, line: str, path: Path, header: _Header | None) -> _Row:
    """Extend `row` by the continuation line `line` (a wrapped cell, or, below a table header, the
    rest of a row whose date is on the next line)."""
    if header is not None and row.when is None and _WHEN.search(line):
        again = _parse_row(row.text + "   " + line, path, row.record, row.line, header, row.file_hash)
    elif row.when is not None and not row.when.time_known and (t := _TIME_ONLY.match(line.lstrip())):
        time_text = t.group(0)
        again = _parse_row(row.text[:row.when_end] + " " + time_text + row.text[row.when_end:], path,
                           row.record, row.line, header, row.file_hash)
        rest = line.lstrip()[t.end():]
        offset = len(line) - len(line.lstrip()) + t.end()
        for m in _CELL.finditer(rest):
            again.wrap(m.group(0), offset + m.start())
    else:
        for m in _CELL.finditer(line):
            row.wrap(m.group(0), m.start())
        return row
    for text, start in row.wraps:
        again.wrap(text, start)
    return again


def _is_wrap(line: str) -> bool:
    """A continuation line: short cells only (prose lines are long runs of words)."""
    cells = [m.group(0) for m in _CELL.finditer(line)]
    return bool(cells) and all(len(c) <= 40 for c in cells)


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


# --- files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One pseudonymised exhibit row."""

    line: int
    doe_number: int
    ip_token: str
    network_token: str
    ip_version: int
    observed_at: datetime
    time_known: bool
    isp: str | None
    city: str | None
    state: str | None
    file_hash: str | None


@dataclass(frozen=True)
class Exhibit:
    """The hits one document of one file lists, and what its text says about its case."""

    path: Path
    document: str
    hits: tuple[Hit, ...]
    hint: CaseHint


def network_token(address: str, key: bytes) -> str:
    """A pseudonym of an address's network (IPv4 /16, IPv6 /32): `net:` + 12 hex digits."""
    prefix = 16 if ipaddress.ip_address(address).version == 4 else 32
    network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return "net:" + hmac.new(key, network.encode(), hashlib.sha256).hexdigest()[:12]


def _text(value: list[str] | None, key: bytes) -> str | None:
    text = " ".join(" ".join(value).split()).strip(" ,;") if value else ""
    return scrub(text, key) if text else None


def _finish(rows: list[_Row], path: Path, document: str, hint: CaseHint, key: bytes) -> Exhibit:
    """Number the Does, pseudonymise the addresses, and drop the raw rows."""
    if any(r.doe is not None for r in rows):
        by_ip: dict[str, int] = {}
        for r in rows:
            if r.doe is None:
                if r.ip not in by_ip:
                    raise SourceError(path, r.record, "row has no Doe number (other rows have one)")
                r.doe = by_ip[r.ip]
            by_ip.setdefault(r.ip, r.doe)
    else:
        order: dict[str, int] = {}
        for r in rows:
            r.doe = order.setdefault(r.ip, len(order) + 1)
    hits = []
    for r in rows:
        city, state = None, None
        for kind in ("location", "state", "city"):
            if r.cells.get(kind):
                c, s = _place(" ".join(r.cells[kind]), kind)
                city, state = city or c, state or s
        hits.append(Hit(
            line=r.line, doe_number=r.doe, ip_token=ip_token(r.ip, key), network_token=network_token(r.ip, key),
            ip_version=r.ip_version, observed_at=r.when.at, time_known=r.when.time_known,
            isp=_text(r.cells.get("isp"), key), city=scrub(city, key), state=state,
            file_hash=r.file_hash))
    return Exhibit(path=path, document=document, hits=tuple(hits), hint=hint)


def read_text(text: str, path: Path, key: bytes, document: str = "") -> Exhibit | None:
    """Parse the text of one exhibit document (pdftotext -layout or OCR); None when it has no rows."""
    header, file_hash, pending = None, None, None
    rows: list[_Row] = []
    furniture: list[str] = []
    header_line = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        record: int | str = f"{document}:{number}" if document else number
        if len(raw) > MAX_LINE_CHARS:
            raise SourceError(path, record, f"line is {len(raw):,} characters long (more than {MAX_LINE_CHARS:,}): "
                                            "not exhibit text")
        if "\f" in raw:
            pending = None
        line = _OCR_TOKEN.sub(lambda m: m.group(0).translate(_OCR_DIGITS) if sum(ch.isdigit() for ch in m.group(0)) >= 2
                              else m.group(0), raw.replace("\f", " ").rstrip())
        if not line.strip():
            pending = None
            continue
        if (m := _FILE_HASH.search(line)) is not None and not _find_ips(line):
            file_hash, pending = m.group(1).upper(), None
            continue
        if not _find_ips(line):
            if (found := _header(line)) is not None:
                header, header_line, pending = found, record, None
            elif (pending is not None and not _FURNITURE.match(line) and not _METADATA.match(line)
                  and (_is_wrap(line) or (header is not None and pending.when is None and _WHEN.search(line)))):
                rows[-1] = pending = _continue(pending, line, path, header)
                continue
            else:
                furniture.append(line)
                pending = None
            continue
        row = _parse_row(line, path, record, number, header, file_hash)
        rows.append(row)
        pending = row
    complete = [r for r in rows if r.when is not None]
    if header is not None:
        for r in rows:
            if r.when is None:
                raise SourceError(path, r.record, "table row has an IP address but no date and time")
    if not complete:
        if header_line is not None:
            raise SourceError(path, header_line, "table header but no row with an IP address and a date")
        return None
    return _finish(complete, path, document, case_hint("\n".join(furniture)), key)


def _records(reader, path: Path):
    """The rows of a csv reader; a row it cannot read (a cell over the csv field limit) is a SourceError."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(path, reader.line_num, f"not a readable CSV row ({exc})") from None


def read_delimited(text: str, path: Path, key: bytes, delimiter: str) -> Exhibit:
    """Parse a CSV/TSV exhibit: lines before the header row may name the case."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    preamble: list[str] = []
    columns: list[tuple[str, str | None]] | None = None
    rows: list[_Row] = []
    zone = None
    line_end = 0
    for cells in _records(reader, path):
        line, line_end = line_end + 1, reader.line_num
        if line_end > line:
            raise SourceError(path, line, f"a quoted cell runs on to line {line_end} (an unbalanced quote?)")
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            kinds = [_cell_kind(c) for c in cells]
            if any(k == "ip" for k, _ in kinds) and any(k == "when" for k, _ in kinds) and \
                    not any(k == "mixed" for k, _ in kinds):
                columns = kinds
                zone = next((_zone_minutes(z) for k, z in kinds if z), None)
            else:
                preamble.append(" ".join(cells))
            continue
        row = _Row(record=line, line=line, text="")
        when_text = []
        for (kind, _), value in zip(columns, cells):
            value = value.strip()
            if not value:
                continue
            if kind == "ip":
                clean = _clean_ip(value)
                if clean is None:
                    raise SourceError(path, line, "the IP address column holds no valid IPv4 or IPv6 address")
                row.ip, row.ip_version = clean
            elif kind == "when":
                when_text.append(value)
            elif kind == "hash":
                row.file_hash = m.group(0).upper() if (m := _HASH.search(value)) else None
            elif kind == "doe":
                digits = re.search(r"\d+", value)
                if digits is None:
                    raise SourceError(path, line, f"Doe number {scrub(value, key)!r} is not a number")
                row.doe = int(digits.group(0))
            elif kind != "other":
                row.put(kind, value, 0)
        if row.ip is None:
            raise SourceError(path, line, "no IP address in this row")
        joined = " ".join(when_text)
        try:
            found = _parse_when(joined, zone)
        except ValueError as exc:
            raise SourceError(path, line, scrub(str(exc), key)) from None
        if found is None:
            raise SourceError(path, line, f"no date in {scrub(joined, key)!r}")
        row.when = found[0]
        rows.append(row)
    if columns is None:
        raise SourceError(path, None, "no header row naming an IP address column and a date/time column")
    if not rows:
        raise SourceError(path, None, "a header row but no exhibit rows")
    return _finish(rows, path, "", case_hint("\n".join(preamble)), key)


def _documents(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """(name, plain_text) of every RECAP document in a saved CourtListener JSON answer."""
    found: list[tuple[str, str]] = []
    if isinstance(data, list):
        for i, item in enumerate(data):
            found += _documents(item, f"{prefix}[{i}].")
    elif isinstance(data, dict):
        if isinstance(data.get("plain_text"), str):
            found.append((prefix.rstrip(".") or "plain_text", data["plain_text"]))
        for key in ("results", "recap_documents"):
            if isinstance(data.get(key), list):
                for i, item in enumerate(data[key]):
                    found += _documents(item, f"{prefix}{key}[{i}].")
    return found


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(path, None, "is a directory, not an exhibit file") from None
    except FileNotFoundError:
        raise SourceError(path, None, "file not found") from None
    if raw.startswith(b"%PDF"):
        raise SourceError(path, None, "a PDF: extract its text first with `pdftotext -layout FILE`")
    if b"\x00" in raw[:8192]:
        raise SourceError(path, None, "a binary file, not a CSV, TSV, text or CourtListener JSON exhibit")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(path, None, "not UTF-8 or Windows-1252 text")


def _delimiter(text: str) -> str | None:
    """The delimiter of a CSV/TSV exhibit (its header row's), or None for a text exhibit."""
    for line in text.splitlines()[:60]:
        for delimiter in ("\t", ",", ";"):
            if delimiter in line:
                try:
                    cells = next(csv.reader([line], delimiter=delimiter))
                except csv.Error:
                    continue  # a line no csv reader takes (a cell over the field limit) is no header
                kinds = [_cell_kind(c)[0] for c in cells]
                if "ip" in kinds and "when" in kinds and "mixed" not in kinds:
                    return delimiter
    return None


def read(path: Path, key: bytes) -> list[Exhibit]:
    """Every exhibit in one file (CSV, TSV, text, or CourtListener JSON), addresses pseudonymised."""
    path = Path(path)
    text = _decode(path)
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(path, exc.lineno, f"not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise SourceError(path, None, "JSON nested too deeply to be a CourtListener answer") from None
        documents = _documents(data)
        if not documents:
            raise SourceError(path, None, "JSON with no plain_text (expected a CourtListener docket entry "
                                          "or RECAP document with recap_documents[].plain_text)")
        exhibits = [e for name, body in documents if (e := read_text(body, path, key, name)) is not None]
        # One docket entry's documents share a case: the complaint names the district, the
        # exhibit's page stamp the docket number.
        shared = case_hint("\n".join(line for _, body in documents for line in body.splitlines()
                                     if not _find_ips(line)))
        exhibits = [replace(e, hint=CaseHint(*(own or other for own, other in zip(astuple(e.hint), astuple(shared)))))
                    for e in exhibits]
    elif (delimiter := _delimiter(text)) is not None:
        exhibits = [read_delimited(text, path, key, delimiter)]
    elif path.suffix.lower() in (".csv", ".tsv"):
        raise SourceError(path, None, "no header row naming an IP address column and a date/time column")
    else:
        exhibits = [e for e in [read_text(text, path, key)] if e is not None]
    if not exhibits:
        raise SourceError(path, None, "no exhibit rows (an IP address with a date and time) found")
    return exhibits


# --- loading --------------------------------------------------------------------------------


def resolve_case(con: duckdb.DuckDBPyConnection, exhibit: Exhibit, given: str | None) -> tuple[str, str]:
    """(case_id, court_id) of the case an exhibit belongs to: `--case`, else its header text.

    The case must already be in `cases` (load its docket first): an exhibit alone has no forum,
    judge or joinder ruling to compare its swarm with.
    """
    def known(case_id: str) -> tuple[str, str] | None:
        return con.execute("SELECT case_id, court_id FROM cases WHERE case_id = $c", {"c": case_id}).fetchone()

    hint = exhibit.hint
    if given or hint.case_id:
        wanted = given or hint.case_id
        if (found := known(wanted)) is None:
            raise SourceError(exhibit.path, None, f"case {wanted} is not in the database; load its docket first "
                                                  "(doedocket build / doedocket ingest ...)")
        return found
    if hint.docket_core is None:
        raise SourceError(exhibit.path, None, "the file does not name its case; pass --case CASE_ID (e.g. cand:1103825)")
    matches = con.execute("SELECT case_id, court_id FROM cases WHERE docket_number_core = $core ORDER BY case_id",
                          {"core": hint.docket_core}).fetchall()
    if hint.court_id and (exact := [m for m in matches if m[1] == hint.court_id]):
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    which = ", ".join(m[0] for m in matches) or "none in the database"
    raise SourceError(exhibit.path, None, f"the file names docket {hint.docket_core} ({which}); pass --case CASE_ID")


def frame(exhibits: list[tuple[Exhibit, str, str]], key: bytes) -> pl.DataFrame:
    """Rows for `exhibit_observations` from (exhibit, case_id, court_id) triples.

    `source_file` is the file's name without its directories (an address in it pseudonymised).
    """
    rows = [
        {"case_id": case_id, "source_file": scrub(ex.path.name, key),
         "document": ex.document, "line_number": h.line, "doe_number": h.doe_number, "ip_token": h.ip_token,
         "network_token": h.network_token, "ip_version": h.ip_version, "isp": h.isp, "observed_at": h.observed_at,
         "time_known": h.time_known, "city": h.city, "state": h.state, "forum_state": forum_state(court_id),
         "file_hash": h.file_hash}
        for ex, case_id, court_id in exhibits for h in ex.hits
    ]
    return pl.DataFrame(rows, schema=SOURCE_COLUMNS)


def load(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> None:
    """Replace the observations of every (case, source file) in `rows` with `rows`."""
    for case_id, source_file in rows.select("case_id", "source_file").unique().iter_rows():
        con.execute("DELETE FROM exhibit_observations WHERE case_id = $c AND source_file = $f",
                    {"c": case_id, "f": source_file})
    con.register("_exhibit_rows", rows)
    columns = ", ".join(rows.columns)
    con.execute(f"INSERT INTO exhibit_observations ({columns}) SELECT {columns} FROM _exhibit_rows")
    con.unregister("_exhibit_rows")


def ingest(db: Path, paths: list[Path], args: argparse.Namespace) -> str:
    """`doedocket ingest exhibits FILE... [--case CASE_ID]`: load exhibits into a new build."""
    key = load_or_create_key(store.key_path(db))
    exhibits = [e for p in paths for e in read(Path(p), key)]
    given = getattr(args, "case", None)
    with store.building(db) as con:
        resolved = [(e, *resolve_case(con, e, given)) for e in exhibits]
        seen: dict[tuple[str, str], Path] = {}
        for e, case_id, _ in resolved:
            other = seen.setdefault((case_id, e.path.name), e.path)
            if other != e.path:
                raise SourceError(e.path, None, f"another file of this load ({other}) has the same name for {case_id}")
        rows = frame(resolved, key)
        load(con, rows)
    cases = sorted({case_id for _, case_id, _ in resolved})
    does = rows.select("case_id", "doe_number").unique().height
    return (f"{rows.height} exhibit observations of {does} Does for {', '.join(cases)} "
            f"from {len({e.path for e in exhibits})} file(s)")
