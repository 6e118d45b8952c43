"""Read saved PACER pages with juriscraper: docket reports, history reports, case queries, RSS
feeds and Internet Archive RECAP XML, into staging frames.

The parser is chosen from the content (`detect`), the court from the page (the `ecf.<court>`
host of its links, the RSS channel link, the RECAP `<court>`) or else the file name
(`njd_345150.html`, `case_query_ctd_115975.html`). Every docket source maps to `DocketRecord`
(the PACER docket shape) and `to_staging` turns records into staging rows: several files of one
case and source (a history report and a case query of the same case) become one case, with the
rules in docs/merging.md. Saved PACER pages load as source `pacer`; RECAP XML and Internet
Archive `*.docket.json` (read by `pipelines.sources.courtlistener`) as source `recap`.
IP addresses in every text field are pseudonymised before anything leaves this module.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

# juriscraper logs to /var/log/juriscraper or, failing that, to stderr at DEBUG level; docket
# text (with subscribers' IP addresses) must not reach logs, so its log goes nowhere by default.
os.environ.setdefault("JURISCRAPER_LOG", os.devnull)

import polars as pl  # noqa: E402
from juriscraper.pacer import (  # noqa: E402
    CaseQuery,
    DocketHistoryReport,
    DocketReport,
    InternetArchive,
    PacerRssFeed,
)

from pipelines import resources
from pipelines import names  # noqa: E402
from pipelines.errors import SourceError  # noqa: E402
from pipelines.normalize import does_in_caption, make_case_id, parse_docket_number  # noqa: E402
from pipelines.privacy import pseudonymise_ips  # noqa: E402
from pipelines.staging import Staging  # noqa: E402

SOURCE_PACER = "pacer"
SOURCE_RECAP = "recap"
# A court-wide feed's few items of a case: ranked below every fuller docket (queries/schema.sql).
SOURCE_RSS = "pacer_rss"
DISTRICTS_CSV = resources.FJC_DISTRICTS
# How complete an entry list is, best first: full docket text, then short descriptions, then a
# feed's few recent items. Decides which file's entries a merged case starts from.
KIND_RANK = {"docket_report": 0, "recap_xml": 0, "ia_json": 0, "api": 0, "history": 1, "rss": 2, "case_query": 3}


@dataclass
class Attorney:
    name: str
    contact: str | None = None
    roles: list[str] = field(default_factory=list)


@dataclass
class Party:
    name: str
    party_type: str
    extra_info: str | None = None
    date_terminated: date | None = None
    attorneys: list[Attorney] = field(default_factory=list)


@dataclass
class Entry:
    number: int | None
    date_filed: date | None
    description: str
    source_url: str | None = None


@dataclass
class DocketRecord:
    """One case as one file (or API response set) gives it, before names are resolved."""

    path: str
    record: int | str | None
    kind: str  # docket_report | history | case_query | rss | recap_xml | ia_json | api
    source: str  # pacer | recap | courtlistener
    court_id: str
    docket_number: str
    case_name: str | None = None
    assigned_to: str | None = None
    referred_to: str | None = None
    initials_assigned: str | None = None
    initials_referred: str | None = None
    date_filed: date | None = None
    date_terminated: date | None = None
    date_last_filing: date | None = None
    nature_of_suit: str | None = None
    parties: list[Party] | None = None  # None: this format lists no parties
    entries: list[Entry] = field(default_factory=list)
    source_url: str | None = None
    retrieved_at: datetime | None = None
    flags: list[str] = field(default_factory=list)


# --- reading files -----------------------------------------------------------------------------------


def _district_courts() -> set[str]:
    lines = [ln for ln in DISTRICTS_CSV.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {ln.split(",", 1)[0] for ln in lines[1:]}


def _decode(data: bytes) -> str:
    declared = re.search(rb"<\?xml[^>]*encoding=[\"']([\w-]+)", data[:200])
    for encoding in ([declared.group(1).decode()] if declared else []) + ["utf-8", "cp1252", "latin-1"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def detect(text: str) -> str | None:
    """Which saved format `text` is: docket_report, history, case_query, rss, recap_xml, json."""
    head = text.lstrip()[:4000]
    if head.startswith(("{", "[")):
        return "json"
    if re.search(r"<rss[\s>]", head, re.IGNORECASE):
        return "rss"
    if "<gov_uscourts_docket" in head or "<case_details>" in text[:20000]:
        return "recap_xml"
    if re.search(r"DOCKET FOR CASE #", text, re.IGNORECASE):
        return "docket_report"
    if re.search(r"History/Documents Query|<h2[^>]*>\s*History\s*</h2>", text, re.IGNORECASE):
        return "history"
    if re.search(r"Case Summary|qrySummary\.pl|iquery\.pl\?\d", text, re.IGNORECASE) and re.search(
        r"Date filed:", text, re.IGNORECASE
    ):
        return "case_query"
    return None


def court_from(text: str, path: Path, courts: set[str]) -> str | None:
    """The court of a page: its `ecf.<court>.uscourts.gov` links, else the file name."""
    hosts = Counter(h.lower() for h in re.findall(r"ecf\.([a-z]{2,6})\.uscourts\.gov", text, re.IGNORECASE))
    for host, _ in hosts.most_common():
        if host in courts:
            return host
    for token in re.split(r"[^a-z]+", path.name.lower()):
        if token in courts:
            return token
    return None


def _pacer_case_id(text: str, path: Path) -> str | None:
    for pattern in (r"CASE_NUM[\"',= ]+[^(\"']*\((\d+)\)", r"(?:DktRpt|HistDocQry|iquery)\.pl\?(\d+)",
                    r"goDLS\('[^']*','(\d+)'", r"<pacer_case_num>(\d+)<"):
        m = re.search(pattern, text)
        if m:
            return m.group(1)
    m = re.search(r"_(\d{3,})\.\w+$", path.name)
    return m.group(1) if m else None


def _receipt_time(text: str) -> datetime | None:
    m = re.search(r"Transaction Receipt.{0,600}?(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d)", text, re.IGNORECASE | re.DOTALL)
    return datetime.strptime(m.group(1), "%m/%d/%Y %H:%M:%S") if m else None


def file_time(path: Path) -> datetime:
    """When a saved file was written (UTC), the best retrieval time a bare file offers."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(tzinfo=None, microsecond=0)


def _as_date(value: Any, path: Path, record: int | str | None, what: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise SourceError(path, record, f"{what} {value!r} is not a date")


def _text(value: Any, path: Path, record: int | str | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(path, record, f"{what} should be text, not {type(value).__name__}")
    value = " ".join(value.split())
    return value or None


def _number(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _entries(raw: list[dict], court: str, path: Path, record: int | str | None) -> list[Entry]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise SourceError(path, record, "docket_entries should be a list of objects")
    entries = []
    for item in raw:
        description = _text(item.get("description"), path, record, "description") or _text(
            item.get("short_description"), path, record, "short_description") or ""
        doc_id = item.get("pacer_doc_id")
        entries.append(Entry(
            number=_number(item.get("document_number")),
            date_filed=_as_date(item.get("date_filed"), path, record, "entry date_filed"),
            description=description,
            source_url=f"https://ecf.{court}.uscourts.gov/doc1/{doc_id}" if doc_id else None,
        ))
    return entries


def _parties(raw: list[dict] | None, path: Path, record: int | str | None) -> list[Party] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise SourceError(path, record, "parties should be a list of objects")
    parties = []
    for item in raw:
        name = _text(item.get("name"), path, record, "party name")
        if not name:
            continue
        if not all(isinstance(a, dict) and all(isinstance(r, str) for r in a.get("roles") or [])
                   for a in item.get("attorneys") or []):
            raise SourceError(path, record, f"attorneys of party {name!r} should be objects with text roles")
        attorneys = [
            Attorney(_text(a.get("name"), path, record, "attorney name") or "", a.get("contact"),
                     [" ".join(r.split()) for r in a.get("roles") or []])
            for a in item.get("attorneys") or []
        ]
        parties.append(Party(
            name=name,
            party_type=(_text(item.get("type"), path, record, "party type") or "unknown").lower(),
            extra_info=_text(item.get("extra_info"), path, record, "extra_info"),
            date_terminated=_as_date(item.get("date_terminated"), path, record, "party date_terminated"),
            attorneys=[a for a in attorneys if a.name],
        ))
    return parties


def from_juriscraper(data: dict, *, path: Path, record: int | str | None, kind: str, court: str,
                     source_url: str | None, retrieved_at: datetime | None) -> DocketRecord:
    """A juriscraper `.data` dict (or its JSON dump) as a `DocketRecord`."""
    if not isinstance(data, dict) or not data.get("docket_number"):
        raise SourceError(path, record, "not a docket: no docket number in the case header")
    court = data.get("court_id") if data.get("court_id") in _district_courts() else court
    return DocketRecord(
        path=str(path), record=record, kind=kind,
        source={"recap_xml": SOURCE_RECAP, "rss": SOURCE_RSS}.get(kind, SOURCE_PACER),
        court_id=court,
        docket_number=_text(data["docket_number"], path, record, "docket_number") or "",
        case_name=_text(data.get("case_name"), path, record, "case_name"),
        assigned_to=_text(data.get("assigned_to_str"), path, record, "assigned_to_str"),
        referred_to=_text(data.get("referred_to_str"), path, record, "referred_to_str"),
        initials_assigned=data.get("federal_dn_judge_initials_assigned"),
        initials_referred=data.get("federal_dn_judge_initials_referred"),
        date_filed=_as_date(data.get("date_filed"), path, record, "date_filed"),
        date_terminated=_as_date(data.get("date_terminated"), path, record, "date_terminated"),
        date_last_filing=_as_date(data.get("date_last_filing"), path, record, "date_last_filing"),
        nature_of_suit=_text(data.get("nature_of_suit"), path, record, "nature_of_suit"),
        parties=_parties(data.get("parties"), path, record),
        entries=_entries(data.get("docket_entries") or [], court, path, record),
        source_url=source_url,
        retrieved_at=retrieved_at,
    )


_REPORTS = {"docket_report": (DocketReport, "DktRpt.pl"), "history": (DocketHistoryReport, "HistDocQry.pl"),
            "case_query": (CaseQuery, "iquery.pl")}


def _read_html(text: str, path: Path, kind: str, court: str) -> list[DocketRecord]:
    cls, script = _REPORTS[kind]
    report = cls(court)
    try:
        report._parse_text(text)
        data = report.data
    except Exception as exc:  # juriscraper raises many types on pages it cannot read
        raise SourceError(path, None, f"juriscraper could not read this {kind} page ({type(exc).__name__})") from None
    case_id = _pacer_case_id(text, path)
    url = f"https://ecf.{court}.uscourts.gov/cgi-bin/{script}?{case_id}" if case_id else None
    record = from_juriscraper(data, path=path, record=None, kind=kind, court=court, source_url=url,
                              retrieved_at=_receipt_time(text) or file_time(path))
    if kind == "history" and record.entries and not any(len(e.description) > 80 for e in record.entries):
        record.flags.append("short_descriptions")
    return [record]


def _check_xml(text: str, path: Path, what: str) -> None:
    """Refuse truncated or malformed XML, which juriscraper's forgiving parser would read in part."""
    try:
        ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise SourceError(path, line, f"{what} is truncated or not well-formed XML ({exc.msg.split(':')[0]}, "
                                      f"column {column})") from None


def _check_recap_dates(text: str, path: Path) -> None:
    """Refuse impossible dates in RECAP XML, which juriscraper would read as missing."""
    for m in re.finditer(r"<(date_\w+)>\s*([^<]*?)\s*</\1>", text):
        try:
            if m.group(2):
                date.fromisoformat(m.group(2)[:10])
        except ValueError:
            raise SourceError(path, text.count("\n", 0, m.start()) + 1,
                              f"<{m.group(1)}> {m.group(2)!r} is not a date") from None


def _read_recap_xml(text: str, path: Path, courts: set[str]) -> list[DocketRecord]:
    _check_xml(text, path, "RECAP XML")
    _check_recap_dates(text, path)
    m = re.search(r"<court>\s*([a-z]+)\s*</court>", text)
    court = m.group(1) if m and m.group(1) in courts else court_from(text, path, courts)
    if court is None:
        raise SourceError(path, None, "RECAP XML without a known <court>")
    report = InternetArchive(court)
    try:
        report._parse_text(text)
        data = report.data
    except Exception as exc:
        raise SourceError(path, None, f"not readable RECAP XML ({type(exc).__name__})") from None
    case_id = _pacer_case_id(text, path)
    url = (f"https://archive.org/download/gov.uscourts.{court}.{case_id}/gov.uscourts.{court}.{case_id}.docket.xml"
           if case_id else None)
    return [from_juriscraper(data, path=path, record=None, kind="recap_xml", court=court, source_url=url,
                             retrieved_at=file_time(path))]


def _read_rss(text: str, path: Path, courts: set[str]) -> list[DocketRecord]:
    _check_xml(text, path, "RSS feed")
    m = re.search(r"<link>\s*https?://ecf\.([a-z]+)\.uscourts\.gov", text, re.IGNORECASE)
    court = m.group(1).lower() if m and m.group(1).lower() in courts else court_from(text, path, courts)
    if court is None:
        raise SourceError(path, None, "RSS feed of an unknown court (no ecf.<court>.uscourts.gov channel link)")
    feed = PacerRssFeed(court)
    try:
        feed._parse_text(text)
        data = feed.data
    except Exception as exc:
        raise SourceError(path, None, f"not a readable PACER RSS feed ({type(exc).__name__})") from None
    built = None
    m = re.search(r"<lastBuildDate>([^<]+)</lastBuildDate>", text)
    if m:
        try:
            built = datetime.strptime(m.group(1).strip(), "%a, %d %b %Y %H:%M:%S %Z")
        except ValueError:
            built = None
    retrieved = built or file_time(path)
    records = []
    for index, item in enumerate(data):
        case_id = item.get("pacer_case_id")
        url = f"https://ecf.{court}.uscourts.gov/cgi-bin/DktRpt.pl?{case_id}" if case_id else None
        record = from_juriscraper(item, path=path, record=f"item {index + 1}", kind="rss", court=court,
                                  source_url=url, retrieved_at=retrieved)
        record.flags.append("partial_docket_rss")
        records.append(record)
    return records


def _keep_doe_cases(records: list[DocketRecord]) -> list[DocketRecord]:
    """From a court-wide RSS feed, the cases with Doe defendants and other cases of plaintiffs
    that sue Does in the same feed."""
    suing = {names.plaintiff_key(_caption_parts(r.case_name)[0]) for r in records
             if does_in_caption(r.case_name) is not None}
    return [r for r in records if names.plaintiff_key(_caption_parts(r.case_name)[0]) in suing]


def read_file(path: Path) -> tuple[list[DocketRecord], str]:
    """Every docket record in one saved file, and a note on what was skipped (RSS)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, None, "file not found")
    text = _decode(path.read_bytes())
    kind = detect(text)
    courts = _district_courts()
    if kind == "json":
        return _read_json(text, path), ""
    if kind == "rss":
        records = _read_rss(text, path, courts)
        kept = _keep_doe_cases(records)
        cases = len({r.docket_number for r in records})
        return kept, (f"RSS {path.name}: kept {len({r.docket_number for r in kept})} of {cases} cases "
                      "(Doe defendants or their plaintiffs)")
    if kind == "recap_xml":
        return _read_recap_xml(text, path, courts), ""
    if kind is None:
        raise SourceError(path, None, "not a PACER docket (no docket report, history/documents, case query, "
                                      "RSS or RECAP XML content found)")
    court = court_from(text, path, courts)
    if court is None:
        raise SourceError(path, None, "cannot tell the court: no ecf.<court>.uscourts.gov link and no court id "
                                      "in the file name")
    return _read_html(text, path, kind, court), ""


def _read_json(text: str, path: Path) -> list[DocketRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(path, None, f"truncated or malformed JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise SourceError(path, None, "JSON nested too deeply to be a docket") from None
    if isinstance(data, dict) and "parties" in data and isinstance(data.get("docket_entries"), list) and (
        "court" in data or "pacer_case_id" in data
    ) and any("entry_number" in e for e in data["docket_entries"] if isinstance(e, dict)):
        from pipelines.sources.courtlistener import from_ia_docket  # IA docket.json is CourtListener's shape

        return [from_ia_docket(data, path=path, retrieved_at=file_time(path))]
    items = data if isinstance(data, list) else [data]
    records = []
    for index, item in enumerate(items):
        record = index + 1 if isinstance(data, list) else None
        if not isinstance(item, dict) or not item.get("docket_number") or not item.get("case_name"):
            raise SourceError(path, record, "not a juriscraper docket or Internet Archive docket.json")
        court = item.get("court_id")
        if court not in _district_courts():
            court = court_from("", path, _district_courts())
        if court is None:
            raise SourceError(path, record, f"unknown court_id {item.get('court_id')!r}")
        kind = ("rss" if isinstance(data, list) else "case_query" if "docket_entries" not in item
                else "docket_report" if item.get("parties") is not None else "history")
        records.append(from_juriscraper(item, path=path, record=record, kind=kind, court=court, source_url=None,
                                        retrieved_at=file_time(path)))
    return records


# --- records -> staging ---------------------------------------------------------------------------------

_V = re.compile(r"\s+v(?:s)?\.?\s+", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+et\.?\s+al\.?\s*$", re.IGNORECASE)
_DEFENDANT_SPLIT = re.compile(r",\s*(?!(?:jr|sr|inc|llc|ltd|l\.l\.c|ii|iii)\b)|\s+and\s+|\s*;\s*", re.IGNORECASE)
_CUT_CAPTION = re.compile(r"\bdoes\s+\d+\s*$", re.IGNORECASE)
_COMPLAINT = re.compile(r"^\W*(?:first\s+|second\s+)?(?:amended\s+)?complaint\b", re.IGNORECASE)


def _caption_parts(caption: str | None) -> tuple[str | None, list[str]]:
    if not caption:
        return None, []
    parts = _V.split(caption, maxsplit=1)
    plaintiff = _ET_AL.sub("", parts[0]).strip(" ,") or None
    if len(parts) < 2:
        return plaintiff, []
    defendants = [_ET_AL.sub("", d).strip(" ,") for d in _DEFENDANT_SPLIT.split(_ET_AL.sub("", parts[1]))]
    return plaintiff, [d for d in defendants if d]


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


def _does(record_parties: list[names.DoeParty], caption: str | None, entries: list[Entry]) -> tuple[int | None, str | None]:
    """The case's Doe count and how it was found (a flag) when not from the caption itself."""
    stated = does_in_caption(caption)
    if stated is not None and not (caption and _CUT_CAPTION.search(caption)):
        return stated, None
    from_parties = names.does_total(record_parties)
    if from_parties:
        return from_parties, "does_from_parties"
    for entry in entries[:5]:
        if _COMPLAINT.match(entry.description):
            found = does_in_caption("v. " + entry.description.split(" filed by ")[0])
            if found is not None:
                return found, "does_from_complaint"
    return stated, None


def _merge_header(records: list[DocketRecord]) -> DocketRecord:
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


def scrubbed(value: Any, key: bytes) -> Any:
    """`value` (a record, its parties, attorneys and entries) with the addresses in all its text
    pseudonymised: a judge, a role or a nature of suit can hold one as well as a caption."""
    if isinstance(value, str):
        return pseudonymise_ips(value, key)
    if isinstance(value, list):
        return [scrubbed(item, key) for item in value]
    if is_dataclass(value):
        return replace(value, **{f.name: scrubbed(getattr(value, f.name), key) for f in fields(value) if f.name != "path"})
    return value


def to_staging(records: list[DocketRecord], key: bytes) -> Staging:
    """Staging rows for docket records; records of one case and source are merged first."""
    groups: dict[tuple[str, str], list[DocketRecord]] = {}
    for record in records:
        if (problem := field_problem(record)) is not None:
            raise SourceError(record.path, record.record, problem)
        record = scrubbed(record, key)
        case_id = make_case_id(record.court_id, record.docket_number)
        if case_id is None:
            raise SourceError(record.path, record.record,
                              f"docket number {record.docket_number!r} is not a district docket number")
        groups.setdefault((case_id, record.source), []).append(record)
    cases, parties, attorneys, entries = [], [], [], []
    for (case_id, source), group in groups.items():
        rows = _case_rows(case_id, source, group, key)
        cases.append(rows[0])
        parties.extend(rows[1])
        attorneys.extend(rows[2])
        entries.extend(rows[3])
    return Staging(
        cases=pl.DataFrame(cases, infer_schema_length=None) if cases else Staging().cases,
        parties=pl.DataFrame(parties, infer_schema_length=None) if parties else Staging().parties,
        attorneys=pl.DataFrame(attorneys, infer_schema_length=None) if attorneys else Staging().attorneys,
        docket_entries=pl.DataFrame(entries, infer_schema_length=None) if entries else Staging().docket_entries,
    ).conform()


def _case_rows(case_id: str, source: str, group: list[DocketRecord], key: bytes) -> tuple[dict, list, list, list]:
    def scrub(text: str | None) -> str | None:
        return pseudonymise_ips(text, key)

    head = _merge_header(group)
    court = head.court_id
    caption = scrub(head.case_name)
    docket_entries = _merged_entries(group)
    flags = list(head.flags)
    party_list = head.parties
    if not party_list:
        plaintiff_name, defendants = _caption_parts(caption)
        party_list = ([Party(plaintiff_name, "plaintiff")] if plaintiff_name else []) + [
            Party(d, "defendant") for d in defendants]
        flags.append("parties_from_caption")
    party_rows, attorney_rows, doe_parties, firms_seen = [], [], [], {}
    for seq, party in enumerate(party_list):
        raw = scrub(party.name)
        doe = names.doe_party(raw, scrub(party.extra_info)) if party.party_type == "defendant" else None
        if doe is not None:
            doe_parties.append(doe)
        party_rows.append({
            "case_id": case_id, "party_seq": seq, "name_raw": raw,
            "name": doe.name if doe else names.display_name(raw),
            "party_type": party.party_type, "is_doe": doe is not None,
            "doe_count": doe.count if doe else None, "date_terminated": party.date_terminated, "source": source,
        })
        for a_seq, attorney in enumerate(party.attorneys):
            name = names.resolve_attorney(scrub(attorney.name))
            firm = names.resolve_firm(names.firm_from_contact(attorney.contact))
            firm = firm or firms_seen.get(name) or names.firm_for_attorney(name, head.date_filed)
            if firm:
                firms_seen.setdefault(name, firm)
            attorney_rows.append({
                "case_id": case_id, "party_seq": seq, "attorney_seq": a_seq, "name_raw": scrub(attorney.name),
                "name": name, "firm": firm, "role": "; ".join(r.lower() for r in attorney.roles) or None,
                "source": source,
            })
    does, how = _does(doe_parties, caption, docket_entries)
    if how:
        flags.append(how)
    plaintiff_raw = next((r["name_raw"] for r in party_rows if r["party_type"] == "plaintiff"), None)
    assigned = names.resolve_judge(court, head.assigned_to) or (
        names.resolve_judge(court, head.initials_assigned) if head.initials_assigned else None)
    referred = names.resolve_judge(court, head.referred_to) or (
        names.resolve_judge(court, head.initials_referred) if head.initials_referred else None)
    if assigned is None and referred is None:
        assigned, referred = names.judges_from_docket_number(court, head.docket_number)
    parsed = parse_docket_number(head.docket_number)
    case = {
        "case_id": case_id, "court_id": court, "docket_number": head.docket_number,
        "docket_number_core": parsed.core if parsed else None, "office": parsed.office if parsed else None,
        "case_name": caption, "plaintiff_raw": plaintiff_raw, "plaintiff": names.display_name(plaintiff_raw),
        "plaintiff_key": names.plaintiff_key(plaintiff_raw), "assigned_judge": assigned, "referred_judge": referred,
        "date_filed": head.date_filed, "date_terminated": head.date_terminated, "does_in_caption": does,
        "nature_of_suit": head.nature_of_suit, "flags": ";".join(sorted(set(flags))) or None, "source": source,
        "source_url": scrub(head.source_url), "retrieved_at": head.retrieved_at,
    }
    entry_rows = [
        {"case_id": case_id, "entry_seq": seq, "entry_number": e.number, "date_filed": e.date_filed,
         "description": scrub(e.description), "source": source, "source_url": scrub(e.source_url or head.source_url)}
        for seq, e in enumerate(docket_entries)
    ]
    return case, party_rows, attorney_rows, entry_rows


def read_records(paths: list[Path]) -> tuple[list[DocketRecord], list[str]]:
    """The docket records in saved PACER/RECAP files, and notes on what was skipped."""
    records, notes = [], []
    for path in paths:
        found, note = read_file(Path(path))
        records.extend(found)
        if note:
            notes.append(note)
    return records, notes


def read(paths: list[Path], key: bytes) -> tuple[Staging, list[str]]:
    """Staging frames for saved PACER/RECAP files, and notes on what was skipped."""
    records, notes = read_records(paths)
    return to_staging(records, key), notes


def summary(staging: Staging, loaded: dict[str, int], notes: list[str]) -> str:
    """The one-line report of an ingest: cases per source and rows loaded."""
    per_source = Counter(staging.cases.get_column("source").to_list())
    line = ", ".join(f"{n} {s} case{'s' if n != 1 else ''}" for s, n in sorted(per_source.items())) or "0 cases"
    line += "; " + ", ".join(f"{v} {k}" for k, v in loaded.items())
    return "; ".join([line, *notes])
