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
from dataclasses import asdict
from datetime import date, datetime

import duckdb
import polars as pl

from pipelines.dockets.model import Attorney, DocketRecord, Entry, Party
from pipelines.normalize import make_case_id

_DATES = ("date_filed", "date_terminated", "date_last_filing")  # DocketRecord's date fields


def _as_json(record: DocketRecord) -> str:
    return json.dumps(asdict(record), sort_keys=True, default=lambda v: v.isoformat(), ensure_ascii=False)


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
    content = {**asdict(record), "path": None}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=lambda v: v.isoformat()).encode()).hexdigest()


def rows(records: list[DocketRecord]) -> pl.DataFrame:
    """The `source_records` rows of `records` (one per distinct content of a case and source)."""
    return pl.DataFrame(
        {
            "case_id": [make_case_id(r.court_id, r.docket_number) for r in records],
            "source": [r.source for r in records],
            "record_hash": [_record_hash(r) for r in records],
            "kind": [r.kind for r in records],
            "record": [_as_json(r) for r in records],
        },
        schema={"case_id": pl.String, "source": pl.String, "record_hash": pl.String, "kind": pl.String,
                "record": pl.String},
    ).unique(["case_id", "source", "record_hash"], keep="first", maintain_order=True)


def merged_with_stored(con: duckdb.DuckDBPyConnection, new: pl.DataFrame) -> list[DocketRecord]:
    """The new records and every stored record of the same (case, source), in hash order."""
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
        every = pl.concat([stored, new]).unique(["case_id", "source", "record_hash"], keep="last").sort(
            "case_id", "source", "record_hash")
        con.register("_every_record", every)
        con.execute("INSERT INTO source_records SELECT case_id, source, record_hash, kind, record FROM _every_record")
        con.unregister("_every_record")
    finally:
        con.unregister("_new_records")
    return [from_json(text) for text in every.get_column("record")]
