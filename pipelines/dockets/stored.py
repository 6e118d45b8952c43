"""Docket records kept in each build, so pages of one case loaded by separate commands merge.

Every `DocketRecord` an ingest loads (a saved PACER page, a RECAP file, a CourtListener response
set) is stored, its IP addresses already pseudonymised, in `source_records` keyed by
(case_id, source, record_hash). An ingest that brings a page of a case and source already in the
build re-merges the stored records with the new ones (`pipelines.dockets.merge.to_staging`, rules
in docs/merging.md), always in the order of their hashes: the tables do not depend on which command
loaded which page, or in what order, and loading the same page again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from datetime import date, datetime
from json.encoder import encode_basestring_ascii as _ascii

import duckdb
import orjson
import polars as pl

from pipelines.dockets.merge import cleaned
from pipelines.dockets.merge import staged as merge_staged
from pipelines.dockets.model import Attorney, DocketRecord, Entry, Party
from pipelines.normalize import make_case_id
from pipelines.staging import Staging

_DATES = ("date_filed", "date_terminated", "date_last_filing")  # DocketRecord's date fields
# DocketRecord's fields other than its parties and entries, in declaration order.
_HEAD = tuple(f.name for f in fields(DocketRecord) if f.name not in ("parties", "entries"))


def _plain(record: DocketRecord) -> dict:
    """`asdict(record)` with its dates as ISO text, written out field by field (asdict deep-copies every
    value of thousands of entries): `json.dumps` of it gives the same text as of `asdict` with dates
    turned into ISO text."""
    def day(value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    plain = {f: getattr(record, f) for f in _HEAD}
    for name in _DATES:
        plain[name] = day(plain[name])
    plain["retrieved_at"] = None if record.retrieved_at is None else record.retrieved_at.isoformat()
    plain["flags"] = list(record.flags)
    plain["parties"] = None if record.parties is None else [
        {"name": p.name, "party_type": p.party_type, "extra_info": p.extra_info, "date_terminated": day(p.date_terminated),
         "attorneys": [{"name": a.name, "contact": a.contact, "roles": list(a.roles)} for a in p.attorneys]}
        for p in record.parties]
    plain["entries"] = [{"number": e.number, "date_filed": day(e.date_filed), "description": e.description,
                         "source_url": e.source_url} for e in record.entries]
    return plain


def _as_json(record: DocketRecord) -> str:
    return json.dumps(_plain(record), sort_keys=True, ensure_ascii=False)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def from_json(text: str) -> DocketRecord:
    """The record `_as_json` wrote."""
    data = json.loads(text)
    parties = data.pop("parties")
    entries = data.pop("entries")
    for name in _DATES:
        data[name] = _day(data[name])
    data["retrieved_at"] = datetime.fromisoformat(data["retrieved_at"]) if data["retrieved_at"] else None
    return DocketRecord(
        **data,
        parties=None if parties is None else [
            Party(**{**p, "date_terminated": _day(p["date_terminated"]),
                     "attorneys": [Attorney(**a) for a in p["attorneys"]]})
            for p in parties],
        entries=[Entry(**{**e, "date_filed": _day(e["date_filed"])}) for e in entries],
    )


def _record_hash(record: DocketRecord) -> str:
    """Identity of a page's content: the same page saved under another file name is the same record."""
    content = {**_plain(record), "path": None}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def hash_and_json_of(record: DocketRecord) -> tuple[str, str]:
    """`_record_hash(record)` and `_as_json(record)`, the record made plain once."""
    return hash_and_json(_plain(record))


def plain_header(record: DocketRecord) -> dict:
    """`_plain(record)` without its "entries" (a record read as columns adds them itself)."""
    plain = _plain(replace(record, entries=[]) if record.entries else record)
    del plain["entries"]
    return plain


def hash_and_json(plain: dict) -> tuple[str, str]:
    """The record hash and the stored JSON of a record made plain (`_plain`); `plain` is changed."""
    text = orjson.dumps(plain, option=orjson.OPT_SORT_KEYS).decode()  # what `from_json` reads, written faster
    plain["path"] = None
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest(), text


def hash_and_json_of_columns(plain: dict, numbers: list, days: list, descriptions: list[str],
                             urls: list) -> tuple[str, str]:
    """`hash_and_json` of a header made plain (`plain_header`) with these entries (columns in the record's
    order), each entry written straight as the text `json.dumps` (for the hash) and `orjson` (for the
    record) give it: the same bytes, without a dict per entry. A text that is ASCII without DEL has
    the same JSON string in both; any other is written by orjson itself. `plain` is changed."""
    spaced, compact = [], []
    for number, day, text, url in zip(numbers, days, descriptions, urls):
        filed = "null" if day is None else f'"{day.isoformat()}"'
        count = "null" if number is None else int.__repr__(number)
        text_a = _ascii(text)
        text_j = text_a if text.isascii() and "\x7f" not in text else orjson.dumps(text).decode()
        if url is None:
            url_a = url_j = "null"
        else:
            url_a = _ascii(url)
            url_j = url_a if url.isascii() and "\x7f" not in url else orjson.dumps(url).decode()
        spaced.append(f'{{"date_filed": {filed}, "description": {text_a}, "number": {count}, "source_url": {url_a}}}')
        compact.append(f'{{"date_filed":{filed},"description":{text_j},"number":{count},"source_url":{url_j}}}')
    # A key's quotes are never escaped and a string's inner quotes always are: "entries" occurs once.
    plain["entries"] = []
    text = orjson.dumps(plain, option=orjson.OPT_SORT_KEYS).decode().replace(
        '"entries":[]', '"entries":[' + ",".join(compact) + "]", 1)
    plain["path"] = None
    hashed = json.dumps(plain, sort_keys=True).replace('"entries": []', '"entries": [' + ", ".join(spaced) + "]", 1)
    return hashlib.sha256(hashed.encode()).hexdigest(), text


def rows(records: list[DocketRecord]) -> pl.DataFrame:
    """The `source_records` rows of `records` (one per distinct content of a case and source)."""
    return _rows(records)[0]


_ROW_KEY = ("case_id", "source", "record_hash")


def _rows(records: list[DocketRecord]) -> tuple[pl.DataFrame, dict[tuple[str, str, str], DocketRecord]]:
    """`rows(records)`, and the first record of each (case_id, source, record_hash) of those rows."""
    case_ids = [make_case_id(r.court_id, r.docket_number) for r in records]
    hashed = [hash_and_json_of(r) for r in records]
    frame = pl.DataFrame(
        {
            "case_id": case_ids,
            "source": [r.source for r in records],
            "record_hash": [h for h, _ in hashed],
            "kind": [r.kind for r in records],
            "record": [text for _, text in hashed],
        },
        schema={"case_id": pl.String, "source": pl.String, "record_hash": pl.String, "kind": pl.String,
                "record": pl.String},
    ).unique(list(_ROW_KEY), keep="first", maintain_order=True)
    given: dict[tuple[str, str, str], DocketRecord] = {}
    for case_id, record, (digest, _) in zip(case_ids, records, hashed):
        given.setdefault((case_id, record.source, digest), record)
    return frame, given


def merged_with_stored(con: duckdb.DuckDBPyConnection, new: pl.DataFrame,
                       given: dict[tuple[str, str, str], DocketRecord] | None = None) -> list[DocketRecord]:
    """The new records and every stored record of the same (case, source), in hash order.

    `given` (the records `new` was made from, by row key) are returned as they are rather than read back
    from their JSON: only the stored records of the same cases are parsed."""
    con.register("_new_records", new)
    try:
        stored = con.sql(
            "SELECT s.case_id, s.source, s.record_hash, s.kind, s.record FROM source_records AS s "
            "WHERE EXISTS (SELECT 1 FROM _new_records AS n WHERE n.case_id = s.case_id AND n.source = s.source)"
        ).pl()
        con.execute(
            "DELETE FROM source_records AS s WHERE EXISTS "
            "(SELECT 1 FROM _new_records AS n WHERE n.case_id = s.case_id AND n.source = s.source)"
        )
        every = pl.concat([stored, new]).unique(list(_ROW_KEY), keep="last").sort(*_ROW_KEY)
        con.register("_every_record", every)
        con.execute("INSERT INTO source_records SELECT case_id, source, record_hash, kind, record FROM _every_record")
        con.unregister("_every_record")
    finally:
        con.unregister("_new_records")
    given = given or {}
    return [given.get((case_id, source, digest)) or from_json(text)
            for case_id, source, digest, text in every.select(*_ROW_KEY, "record").iter_rows()]


def staged(con: duckdb.DuckDBPyConnection, records: list[DocketRecord], key: bytes) -> Staging:
    """Staging rows for a batch of docket records merged with the stored records of the same cases and
    sources (which it replaces in `source_records`). A bad record raises `SourceError` naming file and
    record before anything of the batch is stored."""
    new, given = _rows(cleaned(records, key))
    return merge_staged(merged_with_stored(con, new, given))


def staged_rows(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> Staging:
    """`staged` for records given as their `source_records` rows (records `cleaned` already, as
    `pipelines.dockets.columns` makes them): each is read back from its JSON and merged with the stored
    records of the same cases and sources, which it replaces in `source_records`."""
    return merge_staged(merged_with_stored(con, rows.unique(list(_ROW_KEY), keep="first", maintain_order=True)))
