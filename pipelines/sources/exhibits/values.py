"""Exhibit values: IP addresses (also OCR-damaged ones), dates and times, places, and their pseudonyms.

Nothing here keeps a raw address: `scrub` and `network_token` are how addresses leave a reader.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipelines.privacy import IPV6, ip_token, pseudonymise_ips

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


def network_token(address: str, key: bytes) -> str:
    """A pseudonym of an address's network (IPv4 /16, IPv6 /32): `net:` + 12 hex digits."""
    prefix = 16 if ipaddress.ip_address(address).version == 4 else 32
    network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return "net:" + hmac.new(key, network.encode(), hashlib.sha256).hexdigest()[:12]
