"""Read CourtListener REST v4 responses and Internet Archive `*.docket.json` files into staging.

Two shapes, one model (`pipelines.dockets.model.DocketRecord`):
- API responses (source `courtlistener`): a docket detail (`/dockets/<id>/`) with the pages of
  `/docket-entries/?docket=<id>`, `/parties/?docket=<id>&filter_nested_results=True` and
  `/attorneys/?docket=<id>&filter_nested_results=True`. Files may be the client's cache envelopes
  (`{"url", "retrieved_at", "status", "body"}`, see `pipelines.fetch.courtlistener`) or bare
  response bodies saved by hand; each body is recognised by its fields, never by its file name.
- Internet Archive `gov.uscourts.<court>.<pacer_case_id>.docket.json` (source `recap`): one docket
  with its entries, parties and attorneys nested (CourtListener's IADocketSerializer).
Search pages are recognised and skipped. Bad input raises `SourceError` naming file and record.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from pipelines.dockets.merge import to_staging
from pipelines.dockets.model import SOURCE_RECAP, Attorney, DocketRecord, Entry, Party
from pipelines.errors import SourceError
from pipelines.fetch.responses import Saved
from pipelines.sources.base import DocketRecords, Source, file_time
from pipelines.staging import Staging

SOURCE = "courtlistener"
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
        description=" ".join(description.split()),
        source_url=site + url if isinstance(url, str) and url.startswith("/") else docket_url,
    )


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


def _results(page: Saved, kind: str) -> list[dict]:
    results = page.body.get("results") if isinstance(page.body, dict) else None
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise SourceError(page.path, None, f"{kind} page: results should be a list of objects")
    return results


def from_api(docket: Saved, entries: list[Saved], parties: list[Saved], attorneys: list[Saved]) -> DocketRecord:
    """A docket from its API responses (detail, docket-entries, parties and attorneys pages)."""
    body = docket.body
    docket_id = _id_from(body.get("id"))
    record = f"docket {docket_id}"
    head = _header(body, docket.path, record, "api", SOURCE, docket.retrieved_at)
    site = SITE
    items = {}
    for page in entries:
        for item in _results(page, "docket-entries"):
            items[item.get("id", len(items))] = (item, page.path)
    head.entries = [_entry(item, site, head.source_url, path, f"entry {item.get('id')}")
                    for item, path in (items[k] for k in sorted(items, key=lambda k: (
                        str(items[k][0].get("recap_sequence_number") or ""), items[k][0].get("entry_number") or 0)))]
    people = {}
    for page in attorneys:
        for item in _results(page, "attorneys"):
            a_id = _id_from(item.get("id"))
            people[a_id] = Attorney(_need(item, "name", (str,), page.path, f"attorney {a_id}") or "",
                                    item.get("contact_raw"))
    seen, head.parties = set(), []
    for page in parties:
        for item in _results(page, "parties"):
            p_id = _id_from(item.get("id"))
            if p_id in seen:
                continue
            seen.add(p_id)
            p_record = f"party {p_id}"
            name = _need(item, "name", (str,), page.path, p_record) or ""
            ptype = _party_type(_need(item, "party_types", (list,), page.path, p_record) or [], docket_id) or {}
            links: dict[int, list[str]] = {}
            for link in _need(item, "attorneys", (list,), page.path, p_record) or []:
                if not isinstance(link, dict):
                    raise SourceError(page.path, p_record, "attorneys should be a list of objects")
                if _id_from(link.get("docket_id") or link.get("docket")) not in (None, docket_id):
                    continue  # an attorney of this party in another case
                a_id = _id_from(link.get("attorney_id") or link.get("attorney"))
                links.setdefault(a_id, []).append(ROLES.get(link.get("role")) or "")
            party_attorneys = [Attorney(people[a].name, people[a].contact, [r for r in roles if r])
                               for a, roles in links.items() if a in people and people[a].name]
            head.parties.append(Party(name, str(ptype.get("name") or "unknown").lower(),
                                      ptype.get("extra_info") or None,
                                      _date(ptype.get("date_terminated"), page.path, p_record), party_attorneys))
    if not parties:
        head.parties = None
    return head


# --- saved responses on disk -----------------------------------------------------------------------------


def load_saved(path: Path) -> Saved:
    """One saved response file: a cache envelope or a bare response body."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceError(path, None, f"truncated or malformed JSON (line {exc.lineno}, column {exc.colno})") from None
    except UnicodeDecodeError:
        raise SourceError(path, None, "not UTF-8 JSON") from None
    except RecursionError:
        raise SourceError(path, None, "JSON nested too deeply to be an API response") from None
    if isinstance(data, dict) and {"url", "body", "retrieved_at"} <= data.keys():
        try:
            retrieved = datetime.fromisoformat(data["retrieved_at"]).replace(tzinfo=None)
        except (TypeError, ValueError):
            raise SourceError(path, None, f"retrieved_at {data['retrieved_at']!r} is not an ISO time") from None
        return Saved(path, data["body"], data["url"], retrieved)
    return Saved(path, data, None, file_time(path))


def _kind(saved: Saved) -> str:
    body = saved.body
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        first = next((r for r in body["results"] if isinstance(r, dict)), None)
        path = urlparse(saved.url).path if saved.url else ""
        for endpoint in ("docket-entries", "parties", "attorneys", "search"):
            if f"/{endpoint}/" in path:
                return endpoint
        if first is None:
            return "empty"
        if "entry_number" in first or "recap_sequence_number" in first:
            return "docket-entries"
        if "party_types" in first:
            return "parties"
        if "parties_represented" in first:
            return "attorneys"
        if "caseName" in first or "docket_id" in first:
            return "search"
    if isinstance(body, dict) and "docket_number" in body and ("court" in body or "court_id" in body):
        return "ia_json" if isinstance(body.get("docket_entries"), list) and "parties" in body else "docket"
    raise SourceError(saved.path, None, "not a CourtListener API response (docket, docket-entries, parties, "
                                        "attorneys or search) nor an Internet Archive docket.json")


def _docket_ids(saved: Saved, kind: str) -> set[int | None]:
    """The dockets a list page belongs to: the `docket=` of its request, else its items' links."""
    if saved.url:
        wanted = parse_qs(urlparse(saved.url).query).get("docket")
        if wanted and wanted[0].isdigit():
            return {int(wanted[0])}
    found: set[int | None] = set()
    for item in saved.body["results"]:
        if not isinstance(item, dict):
            raise SourceError(saved.path, None, f"{kind} results should be objects")
        if kind == "docket-entries":
            found.add(_id_from(item.get("docket")))
        elif kind == "parties":
            found |= {_id_from(t.get("docket_id") or t.get("docket")) for t in item.get("party_types") or []
                      if isinstance(t, dict)}
        else:
            found |= {_id_from(p.get("docket")) for p in item.get("parties_represented") or [] if isinstance(p, dict)}
    return found


def records_from(saved: list[Saved]) -> list[DocketRecord]:
    """Docket records from any mix of saved responses; pages are matched to their docket."""
    details: dict[int, Saved] = {}
    pages: dict[str, dict[int, list[Saved]]] = {"docket-entries": {}, "parties": {}, "attorneys": {}}
    records = []
    for item in saved:
        kind = _kind(item)
        if kind == "ia_json":
            records.append(from_ia_docket(item.body, path=item.path, retrieved_at=item.retrieved_at))
        elif kind == "docket":
            docket_id = _id_from(item.body.get("id"))
            if docket_id is None:
                raise SourceError(item.path, None, "docket response without a numeric id")
            details[docket_id] = item
        elif kind in pages:
            docket_ids = _docket_ids(item, kind) - {None}
            if not docket_ids:
                raise SourceError(item.path, None, f"{kind} page of no known docket (no docket= in its URL, no "
                                                   "docket ids in its results)")
            for docket_id in docket_ids:
                pages[kind].setdefault(docket_id, []).append(item)
    for kind, by_docket in pages.items():
        orphans = sorted(set(by_docket) - set(details))
        if orphans:
            first = by_docket[orphans[0]][0]
            raise SourceError(first.path, f"docket {orphans[0]}", f"{kind} for a docket with no docket response")
    for docket_id, detail in details.items():
        records.append(from_api(detail, *(pages[k].get(docket_id, []) for k in pages)))
    return records


def json_files(paths: list[Path]) -> list[Path]:
    """The `*.json` files of the given files and directories (recursively), sorted."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(path, None, "no such file or directory")
    return found


def read(paths: list[Path], key: bytes) -> Staging:
    """Staging frames for saved API responses and IA docket.json files under `paths`."""
    return to_staging(records_from([load_saved(p) for p in json_files(paths)]), key)


class SavedResponses(Source):
    """`doedocket ingest courtlistener DIR|FILE...`: saved CourtListener API responses (a docket's
    detail, entries, parties and attorneys may sit in separate files, so they are read as one batch)
    and Internet Archive docket.json files."""

    name = SOURCE
    help = "saved CourtListener REST v4 responses and Internet Archive docket.json files"
    unit = "files"

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[DocketRecords]:
        files = json_files(paths)
        yield DocketRecords(records_from([load_saved(p) for p in files]), files=len(files))


COURTLISTENER = SavedResponses()
