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

import argparse
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

# juriscraper logs to /var/log/juriscraper or, failing that, to stderr at DEBUG level; docket
# text (with subscribers' IP addresses) must not reach logs, so its log goes nowhere by default.
os.environ.setdefault("JURISCRAPER_LOG", os.devnull)

from pipelines import names, resources
from pipelines.dockets.merge import caption_parts, to_staging
from pipelines.dockets.model import (
    SOURCE_PACER,
    SOURCE_RECAP,
    SOURCE_RSS,
    Attorney,
    DocketRecord,
    Entry,
    Party,
)
from pipelines.errors import SourceError
from pipelines.normalize import does_in_caption
from pipelines.sources.base import DocketRecords, Source, file_time
from pipelines.sources.cl_json import from_ia_docket
from pipelines.staging import Staging

DISTRICTS_CSV = resources.FJC_DISTRICTS
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


_REPORTS = {"docket_report": ("DocketReport", "DktRpt.pl"), "history": ("DocketHistoryReport", "HistDocQry.pl"),
            "case_query": ("CaseQuery", "iquery.pl")}


def _pacer() -> Any:
    """juriscraper's PACER readers, imported when the first page is read: importing them takes about
    0.2 s, which every other command (an IDB or census ingest, a query, the app) need not pay."""
    from juriscraper import pacer

    return pacer


def _read_html(text: str, path: Path, kind: str, court: str) -> list[DocketRecord]:
    name, script = _REPORTS[kind]
    report = getattr(_pacer(), name)(court)
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
    report = _pacer().InternetArchive(court)
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
    feed = _pacer().PacerRssFeed(court)
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
    suing = {names.plaintiff_key(caption_parts(r.case_name)[0]) for r in records
             if does_in_caption(r.case_name) is not None}
    return [r for r in records if names.plaintiff_key(caption_parts(r.case_name)[0]) in suing]


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


# Files read into one batch: a batch's records are merged with what the build already stores of
# their cases, so pages of one case in different batches end as they would in one.
FILES_PER_BATCH = 500


class SavedPages(Source):
    """`doedocket ingest pacer|recap FILE...`: saved PACER pages, RSS feeds, RECAP XML and Internet
    Archive docket.json files, each recognised by its content (the name only says what to call it)."""

    help = "saved PACER pages, RSS feeds, RECAP XML and Internet Archive docket.json files"
    unit = "files"

    def __init__(self, name: str) -> None:
        self.name = name

    def expected(self, paths: list[Path], options: argparse.Namespace) -> int:
        return len(paths)

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[DocketRecords]:
        for start in range(0, len(paths), FILES_PER_BATCH):
            records, notes = read_records(paths[start:start + FILES_PER_BATCH])
            yield DocketRecords(records, notes, files=len(paths[start:start + FILES_PER_BATCH]))


PACER = SavedPages(SOURCE_PACER)
RECAP = SavedPages(SOURCE_RECAP)
