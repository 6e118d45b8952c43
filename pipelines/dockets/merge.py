"""Docket records -> staging rows: the records of one case and source merged first (docs/merging.md).

Several files of one case and source (a history report and a case query of the same case) become one
case: header fields from the freshest record that has them, entries from the most complete list with
the others' extra entries added, parties from the freshest record that lists any. IP addresses in
every text field are pseudonymised before a row is made.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import polars as pl

from pipelines import names
from pipelines.dockets.model import DocketRecord, Entry, Party
from pipelines.errors import SourceError
from pipelines.normalize import does_in_caption, make_case_id, parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.staging import Staging

# How complete an entry list is, best first: full docket text, then short descriptions, then a
# feed's few recent items. Decides which file's entries a merged case starts from.
KIND_RANK = {"docket_report": 0, "recap_xml": 0, "ia_json": 0, "api": 0, "history": 1, "rss": 2, "case_query": 3}


_V = re.compile(r"\s+v(?:s)?\.?\s+", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+et\.?\s+al\.?\s*$", re.IGNORECASE)
_DEFENDANT_SPLIT = re.compile(r",\s*(?!(?:jr|sr|inc|llc|ltd|l\.l\.c|ii|iii)\b)|\s+and\s+|\s*;\s*", re.IGNORECASE)
_CUT_CAPTION = re.compile(r"\bdoes\s+\d+\s*$", re.IGNORECASE)
_COMPLAINT = re.compile(r"^\W*(?:first\s+|second\s+)?(?:amended\s+)?complaint\b", re.IGNORECASE)


def caption_parts(caption: str | None) -> tuple[str | None, list[str]]:
    """The plaintiff and the defendants a caption names ("A v. B, C and D")."""
    if not caption:
        return None, []
    parts = _V.split(caption, maxsplit=1)
    plaintiff = _ET_AL.sub("", parts[0]).strip(" ,") or None
    if len(parts) < 2:
        return plaintiff, []
    defendants = [_ET_AL.sub("", d).strip(" ,") for d in _DEFENDANT_SPLIT.split(_ET_AL.sub("", parts[1]))]
    return plaintiff, [d for d in defendants if d]


class Once:
    """Each name rule's answer computed once per distinct argument within one batch: names, judges,
    captions and contacts repeat from case to case, and the rules (`pipelines.names`) are pure."""

    def __init__(self) -> None:
        self._seen: dict[tuple, Any] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def __call__(self, fn: Callable[..., Any], *args: Any) -> Any:
        key = (fn, *args)
        try:
            return self._seen[key]
        except KeyError:
            value = self._seen[key] = fn(*args)
            return value


def _freshness(record: DocketRecord) -> tuple:
    return (record.date_last_filing or date.min, record.retrieved_at or datetime.min)


def _merged_entries(records: list[DocketRecord]) -> list[Entry]:
    ordered = sorted(records, key=lambda r: (KIND_RANK.get(r.kind, 9), -len(r.entries)))
    base = [r for r in ordered if r.entries]
    if not base:
        return []
    entries = list(_chronological(base[0].entries))
    by_number = {e.number: i for i, e in enumerate(entries) if e.number is not None}
    last = max((e.date_filed for e in entries if e.date_filed), default=date.min)
    for other in base[1:]:
        for entry in _chronological(other.entries):
            if entry.number is not None and entry.number in by_number:
                mine = entries[by_number[entry.number]]
                if len(entry.description) > len(mine.description):
                    entries[by_number[entry.number]] = replace(mine, description=entry.description)
            elif entry.number is not None or (entry.date_filed and entry.date_filed > last):
                by_number.setdefault(entry.number, len(entries))
                entries.append(entry)
    return _chronological(entries)


def _chronological(entries: list[Entry]) -> list[Entry]:
    """Docket order: by date filed, keeping the page's order within a day (pages listed newest
    first are turned round first)."""
    dated = [e.date_filed for e in entries if e.date_filed]
    if len(dated) > 1 and dated[0] > dated[-1]:
        entries = entries[::-1]
    return sorted(entries, key=lambda e: e.date_filed or date.max)


def _does(record_parties: list[names.DoeParty], caption: str | None, descriptions: list[str],
          once: Once) -> tuple[int | None, str | None]:
    """The case's Doe count and how it was found (a flag) when not from the caption itself
    (`descriptions`: of the case's first five docket entries, in docket order)."""
    stated = once(does_in_caption, caption)
    if stated is not None and not (caption and _CUT_CAPTION.search(caption)):
        return stated, None
    from_parties = names.does_total(record_parties)
    if from_parties:
        return from_parties, "does_from_parties"
    for description in descriptions[:5]:
        if _COMPLAINT.match(description):
            found = does_in_caption("v. " + description.split(" filed by ")[0])
            if found is not None:
                return found, "does_from_complaint"
    return stated, None


def merge_header(records: list[DocketRecord]) -> DocketRecord:
    if len(records) == 1:  # what the rules below make of one record
        return replace(records[0], flags=sorted(set(records[0].flags)))
    ordered = sorted(records, key=_freshness, reverse=True)
    merged = replace(ordered[0], flags=[])
    for attr in ("case_name", "assigned_to", "referred_to", "initials_assigned", "initials_referred", "date_filed",
                 "date_terminated", "date_last_filing", "nature_of_suit", "source_url", "retrieved_at"):
        setattr(merged, attr, next((getattr(r, attr) for r in ordered if getattr(r, attr) is not None), None))
    # The case links to the page its docket entries come from (a history report, not a case query).
    docket_page = min(ordered, key=lambda r: (not r.entries, KIND_RANK.get(r.kind, 9)))
    merged.source_url = docket_page.source_url or merged.source_url
    with_parties = [r for r in ordered if r.parties is not None]
    merged.parties = with_parties[0].parties if with_parties else None
    merged.flags = sorted({f for r in records for f in r.flags})
    return merged


# No docket field comes near this many characters: a longer value is not a docket (and would only
# slow every name rule down).
MAX_FIELD_CHARS = 100_000
_INT64 = range(-(2**63), 2**63)


def field_problem(value: Any, where: str = "") -> str | None:
    """What makes a record's value unloadable (a NUL character, an oversized text, an integer out of
    range) and where (`entries[3].description`), or None."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"NUL character in {where}"
        if len(value) > MAX_FIELD_CHARS:
            return f"{where} is {len(value):,} characters long (more than {MAX_FIELD_CHARS:,})"
    elif isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        return f"{where} {value} is out of range"
    elif isinstance(value, list):
        return next((p for i, item in enumerate(value) if (p := field_problem(item, f"{where}[{i + 1}]"))), None)
    elif is_dataclass(value):
        return next((p for f in fields(value)
                     if (p := field_problem(getattr(value, f.name), f"{where}.{f.name}" if where else f.name))), None)
    return None


def _entries_clean(entries: list[Entry]) -> bool:
    """Whether `field_problem` would find nothing in `entries`, screened a whole list at a time (a record
    holds thousands of entries; the exact search runs only when this screen sees something)."""
    try:
        texts = [e.description for e in entries] + [e.source_url for e in entries if e.source_url is not None]
        joined = "\n".join(texts)
        numbers = [e.number for e in entries if e.number is not None]
    except (AttributeError, TypeError):
        return False
    return ("\x00" not in joined and max(map(len, texts), default=0) <= MAX_FIELD_CHARS
            and all(type(n) is int for n in numbers) and (not numbers or (min(numbers) in _INT64
                                                                            and max(numbers) in _INT64)))


def record_problem(record: DocketRecord) -> str | None:
    """`field_problem(record)`, with the entries screened first as whole lists."""
    if isinstance(record, DocketRecord) and _entries_clean(record.entries):
        return field_problem(replace(record, entries=[]))
    return field_problem(record)


# A superset of what `pseudonymise_ips` replaces (an IPv4 address holds digit.digits.digits.digit; an
# IPv6 candidate two colons with at most four hex digits between): only texts that match go through it.
_MAYBE_IP = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d|:[0-9A-Fa-f]{0,4}:")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def scrub_text(text: str, key: bytes) -> str:
    return _pseudonymised(text, key) if _MAYBE_IP.search(text) else text


@lru_cache(maxsize=1 << 16)
def _pseudonymised(text: str, key: bytes) -> str:
    """`pseudonymise_ips`, once per text (a caption's address is also in a party's name and the complaint's
    entry)."""
    return pseudonymise_ips(text, key)


_UNSCRUBBED = (type(None), bool, int, float, date, datetime)  # values without text


def scrubbed(value: Any, key: bytes) -> Any:
    """`value` (a record, its parties, attorneys and entries) with the addresses in all its text
    pseudonymised: a judge, a role or a nature of suit can hold one as well as a caption. A record's
    entries are screened as one text first; entries that cannot hold an address are kept as they are.
    A list or a record in which no text changes is returned itself."""
    kind = type(value)
    if kind is str:
        return scrub_text(value, key)
    if kind in _UNSCRUBBED:
        return value
    if isinstance(value, list):
        items = [scrubbed(item, key) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if isinstance(value, str):
            return scrub_text(value, key)
        if not is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value) if f.name != "path")
    changed = {}
    for name in names:
        old = getattr(value, name)
        if name == "entries" and isinstance(value, DocketRecord):
            new = _scrubbed_entries(old, key)
            new = scrubbed(old, key) if new is None else new
        else:
            new = scrubbed(old, key)
        if new is not old:
            changed[name] = new
    return replace(value, **changed) if changed else value


def _scrubbed_entries(entries: list[Entry], key: bytes) -> list[Entry] | None:
    """`scrubbed(entries)`, sparing the entries that cannot hold an address (None: not all are entries
    with text, left to the general rule)."""
    try:
        if not _MAYBE_IP.search("\n".join([e.description for e in entries]
                                           + [e.source_url for e in entries if e.source_url is not None])):
            return entries
        return [replace(e, description=scrub_text(e.description, key),
                        source_url=None if e.source_url is None else scrub_text(e.source_url, key))
                if _MAYBE_IP.search(e.description) or e.source_url is not None and _MAYBE_IP.search(e.source_url)
                else e for e in entries]
    except (AttributeError, TypeError):
        return None


def other_texts(record: DocketRecord) -> list[str]:
    """Every text of a record outside its entries (and its file path), in no particular order."""
    texts = [v for v in (record.record, record.kind, record.source, record.court_id, record.docket_number,
                         record.case_name, record.assigned_to, record.referred_to, record.initials_assigned,
                         record.initials_referred, record.nature_of_suit, record.source_url) if isinstance(v, str)]
    texts.extend(f for f in record.flags if isinstance(f, str))
    for party in record.parties or []:
        texts.extend(v for v in (party.name, party.party_type, party.extra_info) if isinstance(v, str))
        for attorney in party.attorneys:
            texts.extend(v for v in (attorney.name, attorney.contact, *attorney.roles) if isinstance(v, str))
    return texts


def cleaned(records: list[DocketRecord], key: bytes) -> list[DocketRecord]:
    """`records` checked (a bad one raises `SourceError` naming file and record) and scrubbed.

    Every text of the batch is screened at once (Polars' regex engine, one pass): only a record with a
    text that may hold an address, a NUL or too many characters goes through the exact rules
    (`field_problem`, `scrubbed`); the others are kept as they are."""
    owners, texts, entry_owners, entry_texts = [], [], [], []
    for i, record in enumerate(records):
        try:
            mine = other_texts(record)
            found = [e.description for e in record.entries] + [e.source_url for e in record.entries
                                                               if e.source_url is not None]
            if not all(isinstance(t, str) for t in found):
                raise TypeError
        except (AttributeError, TypeError):  # not a record of the model's types: the exact rules decide
            mine, found = ["\x00"], []
        owners.extend([i] * len(mine))
        texts.extend(mine)
        entry_owners.extend([i] * len(found))
        entry_texts.extend(found)
    suspect, entries_hit = flagged(owners, texts), flagged(entry_owners, entry_texts)
    clean = []
    for i, record in enumerate(records):
        check = i in suspect or i in entries_hit or not _numbers_in_range(record)
        if check and (problem := record_problem(record)) is not None:
            raise SourceError(record.path, record.record, problem)
        if make_case_id(record.court_id, record.docket_number) is None:
            raise SourceError(record.path, record.record,
                              f"docket number {record.docket_number!r} is not a district docket number")
        clean.append(scrubbed(record, key) if check else record)
    return clean


def flagged(owners: list[int], texts: list[str]) -> set[int]:
    """The owners of the texts that may hold an address, hold a NUL or are longer than `MAX_FIELD_CHARS`."""
    return {owners[i] for i in screened(texts)}


def screened(texts: list[str]) -> list[int]:
    """The positions of the texts that may hold an address, hold a NUL or are longer than `MAX_FIELD_CHARS`
    (one Polars pass; a superset of the texts `scrub_text` changes and `field_problem` refuses)."""
    if not texts:
        return []
    column = pl.Series(texts, dtype=pl.String)
    flag = (column.str.contains(_MAYBE_IP.pattern) | column.str.contains("\x00", literal=True)
            | (column.str.len_chars() > MAX_FIELD_CHARS))
    return flag.arg_true().to_list()


def _numbers_in_range(record: DocketRecord) -> bool:
    numbers = [e.number for e in record.entries if e.number is not None]
    return (not isinstance(record.record, int) or isinstance(record.record, bool) or record.record in _INT64) and all(
        type(n) is int for n in numbers) and (not numbers or (min(numbers) in _INT64 and max(numbers) in _INT64))


def to_staging(records: list[DocketRecord], key: bytes) -> Staging:
    """Staging rows for docket records; records of one case and source are merged first."""
    return staged(cleaned(records, key))


def staged(records: list[DocketRecord]) -> Staging:
    """Staging rows for records already `cleaned`; records of one case and source are merged first."""
    groups: dict[tuple[str, str], list[DocketRecord]] = {}
    for record in records:
        groups.setdefault((make_case_id(record.court_id, record.docket_number), record.source), []).append(record)
    once = Once()
    rows = []
    entries: dict[str, list] = {name: [] for name in ENTRY_COLUMNS}
    for (case_id, source), group in groups.items():
        head = merge_header(group)
        docket_entries = _merged_entries(group)
        rows.append(case_rows(case_id, source, head, [e.description for e in docket_entries[:5]], once))
        n = len(docket_entries)
        entries["case_id"].extend([case_id] * n)
        entries["entry_seq"].extend(range(n))
        entries["entry_number"].extend([e.number for e in docket_entries])
        entries["date_filed"].extend([e.date_filed for e in docket_entries])
        entries["description"].extend([e.description for e in docket_entries])
        entries["source"].extend([source] * n)
        entries["source_url"].extend([e.source_url or head.source_url for e in docket_entries])
    return staging_of(rows, pl.DataFrame(entries, schema=ENTRY_COLUMNS))


def staging_of(rows: list[tuple[dict, list, list]], docket_entries: pl.DataFrame) -> Staging:
    """The staging frames of cases' `case_rows` and their docket entries (`ENTRY_COLUMNS`)."""
    cases = [case for case, _, _ in rows]
    parties = [p for _, case_parties, _ in rows for p in case_parties]
    attorneys = [a for _, _, case_attorneys in rows for a in case_attorneys]
    return Staging(
        cases=pl.DataFrame(cases, infer_schema_length=None) if cases else Staging().cases,
        parties=pl.DataFrame(parties, infer_schema_length=None) if parties else Staging().parties,
        attorneys=pl.DataFrame(attorneys, infer_schema_length=None) if attorneys else Staging().attorneys,
        docket_entries=docket_entries,
    ).conform()


ENTRY_COLUMNS = {"case_id": pl.String, "entry_seq": pl.Int64, "entry_number": pl.Int64, "date_filed": pl.Date,
                 "description": pl.String, "source": pl.String, "source_url": pl.String}


def case_rows(case_id: str, source: str, head: DocketRecord, descriptions: list[str],
              once: Once) -> tuple[dict, list, list]:
    """The case's row, its party and attorney rows, from its merged header (`merge_header`, of records
    `cleaned` already) and the descriptions of its first five docket entries in docket order: the one
    implementation of these rows for docket records and for docket columns (`pipelines.dockets.columns`)."""
    court = head.court_id
    caption = head.case_name
    flags = list(head.flags)
    party_list = head.parties
    if not party_list:
        plaintiff_name, defendants = caption_parts(caption)
        party_list = ([Party(plaintiff_name, "plaintiff")] if plaintiff_name else []) + [
            Party(d, "defendant") for d in defendants]
        flags.append("parties_from_caption")
    party_rows, attorney_rows, doe_parties, firms_seen = [], [], [], {}
    for seq, party in enumerate(party_list):
        raw = party.name
        doe = once(names.doe_party, raw, party.extra_info) if party.party_type == "defendant" else None
        if doe is not None:
            doe_parties.append(doe)
        party_rows.append({
            "case_id": case_id, "party_seq": seq, "name_raw": raw,
            "name": doe.name if doe else once(names.display_name, raw),
            "party_type": party.party_type, "is_doe": doe is not None,
            "doe_count": doe.count if doe else None, "date_terminated": party.date_terminated, "source": source,
        })
        for a_seq, attorney in enumerate(party.attorneys):
            name = once(names.resolve_attorney, attorney.name)
            firm = once(names.resolve_firm, once(names.firm_from_contact, attorney.contact))
            firm = firm or firms_seen.get(name) or once(names.firm_for_attorney, name, head.date_filed)
            if firm:
                firms_seen.setdefault(name, firm)
            attorney_rows.append({
                "case_id": case_id, "party_seq": seq, "attorney_seq": a_seq, "name_raw": attorney.name,
                "name": name, "firm": firm, "role": "; ".join(r.lower() for r in attorney.roles) or None,
                "source": source,
            })
    does, how = _does(doe_parties, caption, descriptions, once)
    if how:
        flags.append(how)
    plaintiff_raw = next((r["name_raw"] for r in party_rows if r["party_type"] == "plaintiff"), None)
    assigned = once(names.resolve_judge, court, head.assigned_to) or (
        once(names.resolve_judge, court, head.initials_assigned) if head.initials_assigned else None)
    referred = once(names.resolve_judge, court, head.referred_to) or (
        once(names.resolve_judge, court, head.initials_referred) if head.initials_referred else None)
    if assigned is None and referred is None:
        assigned, referred = names.judges_from_docket_number(court, head.docket_number)
    parsed = once(parse_docket_number, head.docket_number)
    case = {
        "case_id": case_id, "court_id": court, "docket_number": head.docket_number,
        "docket_number_core": parsed.core if parsed else None, "office": parsed.office if parsed else None,
        "case_name": caption, "plaintiff_raw": plaintiff_raw, "plaintiff": once(names.display_name, plaintiff_raw),
        "plaintiff_key": once(names.plaintiff_key, plaintiff_raw), "assigned_judge": assigned, "referred_judge": referred,
        "date_filed": head.date_filed, "date_terminated": head.date_terminated, "does_in_caption": does,
        "nature_of_suit": head.nature_of_suit, "flags": ";".join(sorted(set(flags))) or None, "source": source,
        "source_url": head.source_url, "retrieved_at": head.retrieved_at,
    }
    return case, party_rows, attorney_rows


def summary(staging: Staging, loaded: dict[str, int], notes: list[str]) -> str:
    """The one-line report of an ingest: cases per source and rows loaded."""
    per_source = Counter(staging.cases.get_column("source").to_list())
    line = ", ".join(f"{n} {s} case{'s' if n != 1 else ''}" for s, n in sorted(per_source.items())) or "0 cases"
    line += "; " + ", ".join(f"{v} {k}" for k, v in loaded.items())
    return "; ".join([line, *notes])
