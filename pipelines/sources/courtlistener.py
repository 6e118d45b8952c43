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
Many files are read by a pool of processes (one per core) and handed to the store in batches.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import orjson
import polars as pl

from pipelines.dockets.columns import (
    RECORD_COLUMNS,
    DocketColumnsBuilder,
    cleaned_columns,
    from_wire,
    screened_dockets,
)
from pipelines.dockets.merge import Once, cleaned, to_staging
from pipelines.dockets.model import Attorney, DocketRecord, Party
from pipelines.errors import SourceError
from pipelines.fetch.responses import Saved
from pipelines.normalize import make_case_id
from pipelines.sources.base import DocketColumns, DocketRecords, Source, file_time
from pipelines.sources.cl_json import (
    ROLES,
    SITE,
    _date,
    _entry,
    _header,
    _id_from,
    _need,
    _party_type,
    from_ia_docket,
    ia_docket_parts,
    ia_entry_columns,
)
from pipelines.staging import Staging

SOURCE = "courtlistener"
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


# Every digit as "0", every other byte as a space: a run of 19 zeros marks a number orjson may not keep.
_DIGITS_ONLY = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))
_LONG_DIGITS = b"0" * 19


def load_saved(path: Path) -> Saved:
    """One saved response file: a cache envelope or a bare response body."""
    raw = path.read_bytes()
    try:
        # orjson reads an integer beyond 64 bits as a float: such files (and all that orjson refuses,
        # which json may take, as NaN, or explain) are read by json, as they always were.
        data = _load_slowly(path) if _LONG_DIGITS in raw.translate(_DIGITS_ONLY) else orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = _load_slowly(path)
    if isinstance(data, dict) and {"url", "body", "retrieved_at"} <= data.keys():
        try:
            retrieved = datetime.fromisoformat(data["retrieved_at"]).replace(tzinfo=None)
        except (TypeError, ValueError):
            raise SourceError(path, None, f"retrieved_at {data['retrieved_at']!r} is not an ISO time") from None
        return Saved(path, data["body"], data["url"], retrieved)
    return Saved(path, data, None, file_time(path))


def _load_slowly(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceError(path, None, f"truncated or malformed JSON (line {exc.lineno}, column {exc.colno})") from None
    except UnicodeDecodeError:
        raise SourceError(path, None, "not UTF-8 JSON") from None
    except RecursionError:
        raise SourceError(path, None, "JSON nested too deeply to be an API response") from None


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


# Files one reading task takes, and files per batch handed to the store. A batch of IA docket.json
# files (one docket each) is complete in itself; API responses may put a docket's detail and pages in
# different files, so they are gathered across all batches and made into records at the end. Each batch
# is one commit, and DuckDB rewrites a table's last, partly filled row group at each checkpoint: with the
# records' JSON (about 9 KB a docket) in `source_records`, batches of 5,000 dockets spent three times as
# long in the store as batches of 20,000 (20,000 generated dockets: 11.0 s against 3.8 s).
TASK_FILES = 250
BATCH_FILES = 20_000
# Below this many files everything is read in this process (a worker pool costs about a second to start).
POOL_FROM_FILES = 2_000


Columns = list[bytes]  # `DocketColumnsBuilder.wire()`


def _read_task(paths: list[Path], key: bytes) -> tuple[Columns | None, list[Saved], tuple | None]:
    """Read some files: IA docket.json files become columns (`pipelines.dockets.columns`: checked and
    pseudonymised with `key`, their `source_records` rows made here), API responses are returned as they
    are. A bad file's error comes back as (path, record, problem), the one the record path gives (the
    first in file order), so a worker never raises.

    A docket's entries are read as columns (`cl_json.ia_entry_columns`); a docket they cannot be read
    from, or with a text that may hold an IP address, a NUL or too many characters (one Polars screen
    over every text of the task, `merge.flagged`), is read by the exact rules (`from_ia_docket`,
    `cleaned`), which raise the error or scrub its addresses."""
    api, found = [], []
    collecting = gc.isenabled()
    gc.disable()  # a task makes millions of objects, none in a cycle: the collector's passes only cost time
    try:
        for path in paths:
            parts = ia_docket_parts(path.read_bytes())  # msgspec keeps integers beyond 64 bits, as json does
            columns = None
            if parts is None:  # not plainly an IA docket.json: read as every saved response is
                saved = load_saved(path)
                if _kind(saved) != "ia_json":
                    api.append(saved)
                    continue
                head = from_ia_docket(saved.body, path=saved.path, retrieved_at=saved.retrieved_at)
            else:
                try:
                    head = from_ia_docket(parts[0], path=path, retrieved_at=file_time(path))
                    columns = ia_entry_columns(parts[1], head.source_url)
                except SourceError:
                    pass
                if columns is None:  # the exact rules raise their error here, in file order, as for a record
                    head = _whole(path)
            found.append((path, head, columns))
        suspect, hits, header = screened_dockets([(head, columns) for _, head, columns in found])
        builder = DocketColumnsBuilder(_process_once())
        for i, (path, head, columns) in enumerate(found):
            case_id = make_case_id(head.court_id, head.docket_number)
            exact = columns is None or case_id is None
            if not exact and i in suspect:
                fixed = cleaned_columns(head, columns, key, hits.get(i, set()), header.get(i, []))
                exact = fixed is None
                head, columns = fixed or (head, columns)
            if exact:  # the record path decides: it raises the error, or checks and scrubs the record
                record = head if columns is None else _whole(path)
                builder.add_record(cleaned([record], key)[0], case_id)
            else:
                builder.add(head, case_id, *columns)
        return (builder.wire() if found else None), api, None
    except SourceError as exc:
        return None, [], (exc.path, exc.record, exc.problem)
    finally:
        if collecting:
            gc.enable()


_ONCE: list[Once] = []  # a reading process's name-rule answers, kept across its tasks
_ONCE_LIMIT = 200_000


def _process_once() -> Once:
    """In a reading process (spawned for one ingest), one `Once` for all its tasks, so a name seen in one
    task is not resolved again in the next; in the ingesting process itself, a fresh one per task."""
    if multiprocessing.parent_process() is None:
        return Once()
    if not _ONCE or len(_ONCE[0]) > _ONCE_LIMIT:
        _ONCE[:] = [Once()]
    return _ONCE[0]


def _whole(path: Path) -> DocketRecord:
    """The IA docket.json at `path` as a record, read by the general rules (`load_saved`, `from_ia_docket`)."""
    saved = load_saved(path)
    return from_ia_docket(saved.body, path=saved.path, retrieved_at=saved.retrieved_at)


def _tasks(files: list[Path], key: bytes) -> Iterator[tuple[Columns | None, list[Saved], tuple | None]]:
    """`_read_task` over `files` in order: in this process for a few files, else in a pool of processes
    (one per core) with a bounded number of tasks in flight, so memory stays flat however many files.

    The pool starts its processes by spawning (the ingest runs threads, DuckDB's and Polars', that a
    forked child must not inherit); a spawned process imports the parent's main module again, and when
    that fails (a Streamlit script swapped in as `__main__`, a script without the `__main__` guard) the
    pool breaks and the files left are read in this process instead."""
    chunks = [files[i:i + TASK_FILES] for i in range(0, len(files), TASK_FILES)]
    given = 0
    if len(files) >= POOL_FROM_FILES:
        workers = os.cpu_count() or 1
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.submit(_read_task, chunk, key))
                if len(pending) > 4 * workers:
                    yield pending.popleft().result()
                    given += 1
            while pending:
                yield pending.popleft().result()
                given += 1
        except BrokenProcessPool:
            pass
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    yield from (_read_task(chunk, key) for chunk in chunks[given:])


class SavedResponses(Source):
    """`doedocket ingest courtlistener DIR|FILE...`: saved CourtListener API responses (a docket's
    detail, entries, parties and attorneys may sit in separate files, so they are read as one batch)
    and Internet Archive docket.json files (read by a pool of processes, in batches of `BATCH_FILES`)."""

    name = SOURCE
    help = "saved CourtListener REST v4 responses and Internet Archive docket.json files"
    unit = "files"

    def batches(self, paths: list[Path], options: argparse.Namespace,
                key: bytes) -> Iterator[DocketColumns | DocketRecords]:
        files = json_files(paths)
        stagings: list[Staging] = []
        rows: list[pl.DataFrame] = []
        api: list[Saved] = []
        read = given = 0
        for found, responses, error in _tasks(files, key):
            if error is not None:
                raise SourceError(*error)
            api.extend(responses)
            if found is not None:
                staging, records = from_wire(found)
                stagings.append(staging)
                rows.append(records)
                read += records.height
            if read >= BATCH_FILES:
                yield _columns(stagings, rows, read)
                stagings, rows, read, given = [], [], 0, given + 1
        if read or not (api or given):
            yield _columns(stagings, rows, read)
        if api:
            yield DocketRecords(records_from(api), files=len(api))


def _columns(stagings: list[Staging], rows: list[pl.DataFrame], files: int) -> DocketColumns:
    """One batch of the reading tasks' frames (each conformed where it was made: concatenated as they are)."""
    staging = Staging(**{name: pl.concat([getattr(part, name) for part in stagings])
                         for name in Staging().tables()}) if stagings else Staging()
    return DocketColumns(staging, pl.concat(rows) if rows else pl.DataFrame(schema=RECORD_COLUMNS), files=files)


COURTLISTENER = SavedResponses()
