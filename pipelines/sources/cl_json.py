"""CourtListener's JSON shapes (its REST v4 serializers and the Internet Archive docket.json written by
its IADocketSerializer), mapped onto the docket model: the format knowledge both the CourtListener
reader and the saved-page reader (which also takes IA docket.json files) share. Not a reader itself.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
from msgspec import UNSET

from pipelines.dockets.model import SOURCE_RECAP, Attorney, DocketRecord, Entry, Party
from pipelines.errors import SourceError

SITE = "https://www.courtlistener.com"  # docket pages (absolute_url) live here
# Attorney role codes (OPTIONS of /api/rest/v4/parties/, field attorneys.role).
ROLES = {1: "attorney to be noticed", 2: "lead attorney", 3: "attorney in sealed group", 4: "pro hac vice",
         5: "self-terminated", 6: "terminated", 7: "suspended", 8: "inactive", 9: "disbarred"}


def _need(obj: Any, key: str, kinds: tuple[type, ...], path: Path, record: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise SourceError(path, record, f"missing key {key!r}")
    value = obj[key]
    if value is not None and not isinstance(value, kinds):
        raise SourceError(path, record, f"{key} should be {'/'.join(k.__name__ for k in kinds)}, "
                                        f"not {type(value).__name__}")
    return value


def _id_from(value: Any) -> int | None:
    """A numeric id from an int or an API URL ("…/dockets/4214664/")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        m = re.search(r"/(\d+)/?$", value) or re.fullmatch(r"(\d+)", value)
        return int(m.group(1)) if m else None
    return None


def _court(docket: dict, path: Path, record: str) -> str:
    court = docket.get("court_id") or docket.get("court")
    if isinstance(court, str):
        m = re.search(r"/courts/([a-z0-9]+)/?$", court)
        court = m.group(1) if m else court
    if not isinstance(court, str) or not re.fullmatch(r"[a-z0-9]{2,8}", court):
        raise SourceError(path, record, f"no court id (court_id/court is {court!r})")
    return court


def _entry(item: dict, site: str, docket_url: str | None, path: Path, record: str) -> Entry:
    description = _need(item, "description", (str,), path, record) or ""
    docs = item.get("recap_documents") or []
    if not isinstance(docs, list):
        raise SourceError(path, record, "recap_documents should be a list")
    main = next((d for d in docs if isinstance(d, dict) and not d.get("attachment_number")), None)
    if not description.strip() and main and isinstance(main.get("description"), str):
        description = main["description"]
    number = _need(item, "entry_number", (int,), path, record)
    if number is not None and not -(2**63) <= number < 2**63:
        raise SourceError(path, record, f"entry_number {number} is out of range")
    url = main.get("absolute_url") if main else None
    filed = _need(item, "date_filed", (str,), path, record)
    return Entry(
        number=number,
        date_filed=_date(filed, path, record),
        description=description if _single_spaced(description) else " ".join(description.split()),
        source_url=site + url if isinstance(url, str) and url.startswith("/") else docket_url,
    )


def _single_spaced(text: str) -> bool:
    """Whether `" ".join(text.split())` is `text` itself: every whitespace character but the space is
    unprintable, so a printable text with no double, leading or trailing space is already single-spaced."""
    return text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" ")


def _date(value: str | None, path: Path, record: str):
    if not value:
        return None
    if not isinstance(value, str):
        raise SourceError(path, record, f"{value!r} is not an ISO date")
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        raise SourceError(path, record, f"{value!r} is not an ISO date") from None


def _sorted_entries(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda e: (str(e.get("recap_sequence_number") or ""), e.get("entry_number") or 0))


def _party_type(types: list[dict], docket_id: int | None) -> dict | None:
    mine = [t for t in types if isinstance(t, dict) and (docket_id is None or "docket_id" not in t and "docket" not in t
                                                          or _id_from(t.get("docket_id") or t.get("docket")) == docket_id)]
    for wanted in ("plaintiff", "defendant"):
        for t in mine:
            if str(t.get("name", "")).strip().lower() == wanted:
                return t
    return mine[0] if mine else None


def _header(docket: dict, path: Path, record: str, kind: str, source: str, retrieved_at: datetime) -> DocketRecord:
    site = SITE
    absolute = docket.get("absolute_url")
    url = site + absolute if isinstance(absolute, str) and absolute.startswith("/") else None
    if kind == "ia_json":
        ia = docket.get("filepath_ia_json")
        url = ia if isinstance(ia, str) and ia.startswith("http") else url
    return DocketRecord(
        path=str(path), record=record, kind=kind, source=source, court_id=_court(docket, path, record),
        docket_number=_need(docket, "docket_number", (str,), path, record) or "",
        case_name=_need(docket, "case_name", (str,), path, record) or docket.get("case_name_full") or None,
        assigned_to=docket.get("assigned_to_str") or None,
        referred_to=docket.get("referred_to_str") or None,
        initials_assigned=docket.get("federal_dn_judge_initials_assigned") or None,
        initials_referred=docket.get("federal_dn_judge_initials_referred") or None,
        date_filed=_date(_need(docket, "date_filed", (str,), path, record), path, record),
        date_terminated=_date(docket.get("date_terminated"), path, record),
        date_last_filing=_date(docket.get("date_last_filing"), path, record),
        nature_of_suit=docket.get("nature_of_suit") or None,
        source_url=url,
        retrieved_at=retrieved_at,
    )


def from_ia_docket(data: dict, *, path: Path, retrieved_at: datetime) -> DocketRecord:
    """An Internet Archive docket.json (entries, parties and attorneys nested) as a record."""
    record = f"docket {data.get('id')}"
    head = _header(data, path, record, "ia_json", SOURCE_RECAP, retrieved_at)
    site = SITE
    entries = _need(data, "docket_entries", (list,), path, record) or []
    ids = [e.get("id") for e in entries if isinstance(e, dict) and e.get("id") is not None]
    if len(ids) != len(set(ids)):
        raise SourceError(path, f"entry {next(i for i in ids if ids.count(i) > 1)}", "listed twice in docket_entries")
    head.entries = [_entry(e, site, head.source_url, path, f"entry {e.get('id') if isinstance(e, dict) else i}")
                    for i, e in enumerate(_sorted_entries([e for e in entries if isinstance(e, dict)]))]
    parties = []
    for item in _need(data, "parties", (list,), path, record) or []:
        p_record = f"party {item.get('id') if isinstance(item, dict) else '?'}"
        name = _need(item, "name", (str,), path, p_record)
        ptype = _party_type(item.get("party_types") or [], None) or {}
        attorneys = []
        for att in item.get("attorneys") or []:
            roles = [ROLES.get(r.get("role")) for r in att.get("roles") or [] if isinstance(r, dict)]
            attorneys.append(Attorney(_need(att, "name", (str,), path, p_record) or "", att.get("contact_raw"),
                                      [r for r in roles if r]))
        parties.append(Party(name or "", str(ptype.get("name") or "unknown").lower(), ptype.get("extra_info") or None,
                             _date(ptype.get("date_terminated"), path, p_record), attorneys))
    head.parties = [p for p in parties if p.name]
    return head


_DAYS: dict[str, Any] = {}  # date_filed text -> its date, for `ia_entry_columns`


class _Document(msgspec.Struct, gc=False):
    """The fields of a recap document an entry reads (`_entry`); the others are skipped unread."""

    description: Any = UNSET
    absolute_url: Any = UNSET
    attachment_number: Any = UNSET


class _IAEntry(msgspec.Struct, gc=False):
    """The fields of a docket entry `from_ia_docket` reads."""

    id: Any = UNSET
    description: Any = UNSET
    date_filed: Any = UNSET
    entry_number: Any = UNSET
    recap_sequence_number: Any = UNSET
    recap_documents: list[_Document] | None = UNSET


class _IADocket(msgspec.Struct, gc=False):
    """The fields of an IA docket.json `from_ia_docket` reads, and those that mark another shape."""

    id: Any = UNSET
    absolute_url: Any = UNSET
    assigned_to_str: Any = UNSET
    case_name: Any = UNSET
    case_name_full: Any = UNSET
    court: Any = UNSET
    court_id: Any = UNSET
    date_filed: Any = UNSET
    date_last_filing: Any = UNSET
    date_terminated: Any = UNSET
    docket_number: Any = UNSET
    federal_dn_judge_initials_assigned: Any = UNSET
    federal_dn_judge_initials_referred: Any = UNSET
    filepath_ia_json: Any = UNSET
    nature_of_suit: Any = UNSET
    referred_to_str: Any = UNSET
    parties: Any = UNSET
    docket_entries: list[_IAEntry] | None = UNSET
    results: msgspec.Raw = UNSET  # a list page
    url: msgspec.Raw = UNSET  # with body and retrieved_at, a cache envelope
    body: msgspec.Raw = UNSET


_HEAD_KEYS = tuple(f for f in _IADocket.__struct_fields__ if f not in ("docket_entries", "results", "url", "body"))
_DECODE_IA = msgspec.json.Decoder(_IADocket)


def ia_docket_parts(raw: bytes) -> tuple[dict, list[_IAEntry]] | None:
    """A bare IA docket.json's header (a dict of the keys `from_ia_docket` reads, as `json.loads` gives
    them, "docket_entries" empty) and its entries (`ia_entry_columns`), decoded without making the
    fields nothing reads; None when `raw` is not plainly one (an envelope, a list page, another shape,
    anything msgspec refuses): the general reader (`load_saved`, `from_ia_docket`) then decides."""
    try:
        docket = _DECODE_IA.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if (docket.results is not UNSET or docket.url is not UNSET or docket.body is not UNSET
            or docket.docket_number is UNSET or docket.court is UNSET and docket.court_id is UNSET
            or docket.parties is UNSET or not isinstance(docket.docket_entries, list)):
        return None
    head = {key: value for key in _HEAD_KEYS if (value := getattr(docket, key)) is not UNSET}
    head["docket_entries"] = []
    return head, docket.docket_entries


def ia_entry_columns(items: list[_IAEntry], docket_url: str | None) -> tuple[list, list, list, list] | None:
    """The entries of an IA docket.json (`ia_docket_parts`) as columns (numbers, dates filed, descriptions,
    source URLs) in the order and with the values `from_ia_docket` gives its `Entry`s, read without making
    them; None when any entry is not of the plain shape (a key missing, a value of another type, an id
    listed twice, a date that is not ISO): `from_ia_docket` then decides, raising its error."""
    ids = set()
    keyed = []
    for item in items:
        number, description, filed = item.entry_number, item.description, item.date_filed
        if number is UNSET or description is UNSET or filed is UNSET:
            return None
        if not (number is None or type(number) is int and -(2**63) <= number < 2**63):
            return None
        entry_id = item.id
        if entry_id is not UNSET and entry_id is not None:
            if type(entry_id) not in (int, str) or entry_id in ids:
                return None
            ids.add(entry_id)
        sequence = item.recap_sequence_number
        keyed.append((str((None if sequence is UNSET else sequence) or ""), number or 0))
    order = sorted(range(len(items)), key=keyed.__getitem__)
    numbers, days, descriptions, urls = [], [], [], []
    for i in order:
        item = items[i]
        description = item.description
        if description is None:
            description = ""
        elif type(description) is not str:
            return None
        main = None
        for doc in item.recap_documents or ():
            if doc.attachment_number is UNSET or not doc.attachment_number:
                main = doc
                break
        if main is not None and type(main.description) is str and not description.strip():
            description = main.description
        filed = item.date_filed
        if filed:
            if type(filed) is not str:
                return None
            day = _DAYS.get(filed)
            if day is None:
                try:
                    day = datetime.fromisoformat(filed[:10]).date()
                except ValueError:
                    return None
                if len(_DAYS) < 100_000:
                    _DAYS[filed] = day
        elif filed is not None and type(filed) is not str:
            return None
        else:
            day = None
        url = None if main is None else main.absolute_url
        numbers.append(item.entry_number)
        days.append(day)
        descriptions.append(description if _single_spaced(description) else " ".join(description.split()))
        urls.append(SITE + url if type(url) is str and url.startswith("/") else docket_url)
    return numbers, days, descriptions, urls
