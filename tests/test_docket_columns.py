"""IA docket.json files read column-wise (`pipelines.dockets.columns`, `DocketColumns`) load exactly the
tables the record path loads (`from_ia_docket` records merged by `stored.staged`): every source table,
`source_records` with its hashes, and the derived cases; bad files stop with the record path's one-line
error and leave the published database as it was."""

from __future__ import annotations

import argparse
import copy
import json
import os
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines import store
from pipelines.dockets import columns, merge, stored
from pipelines.dockets.model import DocketRecord, Entry, Party
from pipelines.errors import SourceError
from pipelines.privacy import pseudonymise_ips
from pipelines.sources import courtlistener
from pipelines.sources.base import DocketColumns, DocketRecords
from pipelines.sources.cl_json import from_ia_docket, ia_docket_parts, ia_entry_columns
from pipelines.synth import courtlistener_json

KEY = bytes(range(32))
GOLDEN_IA = Path(__file__).resolve().parent / "golden" / "recap" / "gov.uscourts.cand.90004.docket.json"
TABLES = {
    "source_cases": "*", "source_parties": "*", "source_attorneys": "*", "source_docket_entries": "*",
    "source_events": "*", "source_records": "*",
    "cases": "case_id, court_id, docket_number, case_name, plaintiff, assigned_judge, date_filed, does_in_caption",
}
FILE_TIME = datetime(2026, 1, 2, 3, 4, 5).timestamp()


def _base() -> dict:
    return json.loads(GOLDEN_IA.read_text())


def _write(folder: Path, name: str, body: dict | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body if isinstance(body, str) else json.dumps(body, ensure_ascii=False))
    os.utime(path, (FILE_TIME, FILE_TIME))
    return path


def _record_batches(files: list[Path]) -> list[DocketRecords]:
    """The record path: a `DocketRecord` per file (with an `Entry` per entry), merged by the store."""
    records, api = [], []
    for path in files:
        saved = courtlistener.load_saved(path)
        if courtlistener._kind(saved) == "ia_json":
            records.append(from_ia_docket(saved.body, path=saved.path, retrieved_at=saved.retrieved_at))
        else:
            api.append(saved)
    return [DocketRecords(records, files=len(records))] + (
        [DocketRecords(courtlistener.records_from(api))] if api else [])


def _column_batches(files: list[Path]) -> list:
    return list(courtlistener.COURTLISTENER.batches(files, argparse.Namespace(), KEY))


def _tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in TABLES.items()}
    finally:
        con.close()


def _load(db: Path, batches) -> store.Loaded:
    return store.run_ingest(db, batches, KEY)


def _same(tmp_path: Path, files: list[Path], before: list[list[DocketRecord]] = ()) -> dict[str, list]:
    """Load `files` by both paths (after the same `before` loads of records) and return the tables,
    asserting they are identical."""
    found = {}
    for name, batches in (("records", _record_batches), ("columns", _column_batches)):
        db = tmp_path / name / "d.duckdb"
        for records in before:
            _load(db, [DocketRecords(copy.deepcopy(records))])
        _load(db, batches(files))
        found[name] = _tables(db)
    for table in TABLES:
        assert found["columns"][table] == found["records"][table], table
    return found["columns"]


def _entry(entry_id: int, number: int | None, filed: str | None, description: str, *, sequence: str | None = None,
           docs: list | None = None) -> dict:
    return {"id": entry_id, "entry_number": number, "date_filed": filed, "description": description,
            "recap_sequence_number": sequence, "recap_documents": docs if docs is not None else [
                {"id": entry_id, "absolute_url": f"/docket/1/{entry_id}/x/", "description": "",
                 "attachment_number": None}]}


def test_the_golden_file_and_its_columns(tmp_path):
    tables = _same(tmp_path, [_write(tmp_path / "in", GOLDEN_IA.name, _base())])
    assert [(r[0], r[2], r[3]) for r in tables["source_docket_entries"]] == [
        ("cand:1205599", 0, 1), ("cand:1205599", 1, 2), ("cand:1205599", 2, 3)]
    assert len(tables["source_records"]) == 1 and tables["source_records"][0][3] == "ia_json"
    batch = _column_batches([tmp_path / "in" / GOLDEN_IA.name])[0]
    assert isinstance(batch, DocketColumns) and batch.staging.docket_entries.height == 3 and batch.records.height == 1


def test_newest_first_undated_spacing_main_document_and_other_texts(tmp_path):
    body = _base()
    body["docket_entries"] = [
        _entry(10, None, "2013-02-01", "ORDER  granting\nmotion to dismiss"),
        _entry(11, None, "2013-01-15", "NOTICE of voluntary dismissal  "),
        _entry(12, None, "2013-01-15", "", docs=[
            {"id": 1, "absolute_url": "/docket/1/12/att/", "description": "an attachment", "attachment_number": 1},
            {"id": 2, "absolute_url": "/docket/1/12/main/", "description": "Order on ex parte application",
             "attachment_number": None}]),
        _entry(13, None, None, "Clerk's notice without a date"),
        _entry(14, None, "2012-11-01", "COMPLAINT against Does 1-40 filed by Orchid Pictures, Inc. Café \u00e9 \u2603",
               docs=[]),
        _entry(15, None, "2012-11-01", "Civil cover sheet \x7f with DEL and \t tab \U0001f600"),
        _entry(16, None, None, "ASCII with DEL \x7f only"),
    ]
    for item in body["docket_entries"]:
        item.pop("recap_sequence_number")
    parts = ia_docket_parts(json.dumps(body).encode())  # read as columns, not by the exact rules
    assert parts is not None and ia_entry_columns(parts[1], None) is not None
    tables = _same(tmp_path, [_write(tmp_path / "in", "newest.docket.json", body)])
    rows = [(r[2], r[4], r[5], r[6]) for r in tables["source_docket_entries"]]
    assert rows == [
        (0, date(2012, 11, 1), "Civil cover sheet \x7f with DEL and tab \U0001f600",
         "https://www.courtlistener.com/docket/1/15/x/"),
        (1, date(2012, 11, 1), "COMPLAINT against Does 1-40 filed by Orchid Pictures, Inc. Café \u00e9 \u2603",
         "https://archive.org/download/gov.uscourts.cand.90004/gov.uscourts.cand.90004.docket.json"),
        (2, date(2013, 1, 15), "Order on ex parte application", "https://www.courtlistener.com/docket/1/12/main/"),
        (3, date(2013, 1, 15), "NOTICE of voluntary dismissal", "https://www.courtlistener.com/docket/1/11/x/"),
        (4, date(2013, 2, 1), "ORDER granting motion to dismiss", "https://www.courtlistener.com/docket/1/10/x/"),
        (5, None, "ASCII with DEL \x7f only", "https://www.courtlistener.com/docket/1/16/x/"),
        (6, None, "Clerk's notice without a date", "https://www.courtlistener.com/docket/1/13/x/"),
    ]


def test_ip_addresses_in_descriptions_urls_and_names_are_pseudonymised_alike(tmp_path):
    body = _base()
    body["docket_entries"].append(_entry(20, 4, "2012-12-21", "EXHIBIT A: subscriber at 192.0.2.15 and 2001:db8::1",
                                         docs=[{"id": 9, "absolute_url": "/docket/1/198.51.100.7/", "description": "",
                                                "attachment_number": None}]))
    body["parties"][1]["name"] = "Doe 1 (203.0.113.9)"
    body["case_name"] = "Orchid Pictures, Inc. v. Does 1-40 at 192.0.2.200"
    tables = _same(tmp_path, [_write(tmp_path / "in", "ips.docket.json", body)])
    text = json.dumps(tables, default=str)
    assert all(ip not in text for ip in ("192.0.2.15", "2001:db8::1", "198.51.100.7", "203.0.113.9", "192.0.2.200"))
    assert text.count("[ip:") >= 5


def test_a_case_twice_in_a_batch_and_one_stored_before_are_merged(tmp_path):
    first, second = _base(), _base()
    second["docket_entries"] = second["docket_entries"][:1] + [
        _entry(30, 4, "2013-01-10", "NOTICE of voluntary dismissal without prejudice")]
    second["date_last_filing"] = "2013-01-10"
    other = _base()
    other["docket_number"] = "5:12-cv-05600"
    files = [_write(tmp_path / "in", "a.docket.json", first), _write(tmp_path / "in", "b.docket.json", second),
             _write(tmp_path / "in", "c.docket.json", other)]
    tables = _same(tmp_path / "twice", files)
    assert sum(r[0] == "cand:1205599" for r in tables["source_docket_entries"]) == 4
    assert len(tables["source_records"]) == 3
    stored = [DocketRecord(path="x.xml", record="recap 1", kind="recap_xml", source="recap", court_id="cand",
                           docket_number="5:12-cv-05599", case_name="Orchid Pictures, Inc. v. Does 1-40",
                           date_filed=date(2012, 11, 1), parties=[Party("Orchid Pictures, Inc.", "plaintiff")],
                           entries=[Entry(9, date(2013, 3, 1), "ORDER closing the case")],
                           retrieved_at=datetime(2025, 1, 1)),
              DocketRecord(path="p.html", record=None, kind="docket_report", source="pacer", court_id="cand",
                           docket_number="5:12-cv-05600", entries=[Entry(1, date(2012, 11, 1), "COMPLAINT")])]
    tables = _same(tmp_path / "stored", files[:1] + files[2:], before=[stored])
    assert ("cand:1205599", "recap") in {(r[0], r[1]) for r in tables["source_records"]}
    assert sum(r[0] == "cand:1205599" for r in tables["source_docket_entries"]) == 4  # 3 + the stored one


def test_a_case_in_an_earlier_batch_of_the_same_load_is_merged(tmp_path, monkeypatch):
    later = _base()
    later["docket_entries"].append(_entry(40, 4, "2013-02-02", "ORDER of dismissal"))
    files = [_write(tmp_path / "in", "a.docket.json", _base()), _write(tmp_path / "in", "b.docket.json", later)]
    monkeypatch.setattr(courtlistener, "BATCH_FILES", 1)
    monkeypatch.setattr(courtlistener, "TASK_FILES", 1)
    assert len(_column_batches(files)) == 2
    tables = _same(tmp_path, files)
    assert len(tables["source_records"]) == 2 and len(tables["source_docket_entries"]) == 4


def test_an_earlier_docket_json_is_merged_with_the_next(tmp_path):
    first = _write(tmp_path / "one", "a.docket.json", _base())
    later = _base()
    later["docket_entries"][0]["description"] += " (corrected)"
    second = _write(tmp_path / "two", "a.docket.json", later)
    found = {}
    for name, batches in (("records", _record_batches), ("columns", _column_batches)):
        db = tmp_path / name / "d.duckdb"
        _load(db, batches([first]))
        _load(db, batches([second]))
        found[name] = _tables(db)
    assert found["columns"] == found["records"]
    assert len(found["columns"]["source_records"]) == 2


def test_generated_dockets(tmp_path):
    courtlistener_json.generate(tmp_path / "ia", 60, 5, 25)
    tables = _same(tmp_path, sorted((tmp_path / "ia").rglob("*.json")))
    assert len(tables["source_cases"]) == 60 and len(tables["source_records"]) == 60
    assert len(tables["source_events"]) > len(tables["source_docket_entries"]) > 60


def test_real_samples_read_alike(tmp_path, shared_samples):
    """Every sample the reader takes as a docket.json (IA shape: entries and parties nested) loads the same
    tables by both paths, or fails with the same error."""
    found = 0
    for path in sorted(shared_samples.rglob("*.json")):
        try:
            saved = courtlistener.load_saved(path)
            if courtlistener._kind(saved) != "ia_json":
                continue
        except SourceError:
            continue
        found += 1
        errors = []
        for name, batches in (("records", _record_batches), ("columns", _column_batches)):
            try:
                _load(tmp_path / path.stem / name / "d.duckdb", batches([path]))
                errors.append(None)
            except SourceError as exc:
                errors.append(str(exc))
        assert errors[0] == errors[1], path.name
        if errors[0] is None:
            assert _tables(tmp_path / path.stem / "records" / "d.duckdb") == _tables(
                tmp_path / path.stem / "columns" / "d.duckdb"), path.name
    assert found >= 2


@pytest.mark.parametrize("name,change,problem", [
    ("nul", lambda b: b["docket_entries"][1].update(description="Order\u0000"),
     "docket 70000004: NUL character in entries[1].description"),
    ("range", lambda b: b["docket_entries"][0].update(entry_number=2**63),
     "entry 800003: entry_number 9223372036854775808 is out of range"),
    ("type", lambda b: b["docket_entries"][0].update(entry_number="3"),
     "entry 800003: entry_number should be int, not str"),
    ("caption", lambda b: b.update(case_name="A v. B\u0000"), "docket 70000004: NUL character in case_name"),
    ("number", lambda b: b.update(docket_number="not a number"),
     "docket 70000004: docket number 'not a number' is not a district docket number"),
])
def test_bad_docket_json_one_line_and_database_unchanged(tmp_path, name, change, problem):
    db = tmp_path / "db" / "d.duckdb"
    good = _write(tmp_path / "good", "good.docket.json", _base())
    _load(db, _column_batches([good]))
    published, before = store.published_build(db), _tables(db)
    body = _base()
    change(body)
    other = _base()
    other["docket_number"] = "5:12-cv-05601"
    files = [_write(tmp_path / "in", "a.docket.json", other), _write(tmp_path / "in", f"{name}.docket.json", body)]
    messages = []
    for batches in (_record_batches, _column_batches):
        with pytest.raises(SourceError) as caught:
            _load(db, batches(files))
        messages.append(str(caught.value))
    assert messages[0] == messages[1] == f"{files[1]}:{problem}"
    assert "\n" not in messages[1]
    assert store.published_build(db) == published and _tables(db) == before


@pytest.mark.parametrize("text,problem", [
    ('{"id": 1, "docket_entries": [', "truncated or malformed JSON (line 1, column 30)"),
    ('{"id": 1, "court": "cand"}', "not a CourtListener API response"),
])
def test_unreadable_files(tmp_path, text, problem):
    db = tmp_path / "db" / "d.duckdb"
    _load(db, _column_batches([_write(tmp_path / "good", "good.docket.json", _base())]))
    published, before = store.published_build(db), _tables(db)
    bad = _write(tmp_path / "in", "bad.docket.json", text)
    with pytest.raises(SourceError) as caught:
        _load(db, _column_batches([_write(tmp_path / "in", "a.docket.json", _base()), bad]))
    assert str(caught.value).startswith(f"{bad}:") and problem in str(caught.value)
    assert store.published_build(db) == published and _tables(db) == before


def _odd(change) -> dict:
    body = _base()
    change(body)
    return body


@pytest.mark.parametrize("name,body", [
    ("bool_number", _odd(lambda b: b["docket_entries"][0].update(entry_number=True))),
    ("doc_not_object", _odd(lambda b: b["docket_entries"][0]["recap_documents"].insert(0, "x"))),
    ("empty_doc", _odd(lambda b: b["docket_entries"][0].update(recap_documents=[{}], description=""))),
    ("attachment_first", _odd(lambda b: b["docket_entries"][1].update(description=" ", recap_documents=[
        {"attachment_number": 2, "description": "Exhibit", "absolute_url": "/a/"},
        {"attachment_number": 0, "description": "Main order", "absolute_url": "/m/"}]))),
    ("entry_not_object", _odd(lambda b: b["docket_entries"].append(7))),
    ("no_description_key", _odd(lambda b: b["docket_entries"][2].pop("description"))),
    ("empty_and_zero_dates", _odd(lambda b: (b["docket_entries"][0].update(date_filed=""),
                                             b["docket_entries"][1].update(date_filed=0)))),
    ("empty_date", _odd(lambda b: b["docket_entries"][0].update(date_filed=""))),
    ("datetime_text", _odd(lambda b: b["docket_entries"][0].update(date_filed="2012-12-20T10:00:00-08:00"))),
    ("bad_date", _odd(lambda b: b["docket_entries"][0].update(date_filed="2012-13-45"))),
    ("same_id_twice", _odd(lambda b: b["docket_entries"][1].update(id=b["docket_entries"][0]["id"]))),
    ("null_entries", _odd(lambda b: b.update(docket_entries=None))),
    ("float_sequence", _odd(lambda b: [e.update(recap_sequence_number=1.5) for e in b["docket_entries"]])),
    ("parties_not_list", _odd(lambda b: b.update(parties="none"))),
    ("huge_id", _odd(lambda b: b.update(id=10**30))),
    ("envelope", {"url": "https://archive.org/x.json", "retrieved_at": "2026-01-02T03:04:05", "body": _base()}),
])
def test_odd_shapes_read_alike(tmp_path, name, body):
    """Files the column reader leaves to the general rules (or reads itself) load the same, or fail alike."""
    path = _write(tmp_path / "in", f"{name}.docket.json", body)
    outcome = {}
    for label, batches in (("records", _record_batches), ("columns", _column_batches)):
        db = tmp_path / label / "d.duckdb"
        try:
            _load(db, batches([path]))
            outcome[label] = _tables(db)
        except (SourceError, TypeError) as exc:
            outcome[label] = f"{type(exc).__name__}: {exc}"
    assert outcome["columns"] == outcome["records"]


def test_quotes_backslashes_and_a_docket_without_entries_hash_alike(tmp_path):
    body = _base()
    body["case_name"] = 'Orchid Pictures, Inc. v. Does 1-40 "entries": [] "entries":[]'
    body["docket_entries"][0]["description"] = 'ORDER: he said "no" to C:\\dir\\file and \\"quoted\\"'
    body["docket_entries"][1]["recap_documents"][0]["absolute_url"] = '/docket/1/"q"/\\x/'
    empty = _base()
    empty["docket_number"] = "5:12-cv-05602"
    empty["docket_entries"] = []
    files = [_write(tmp_path / "in", "quotes.docket.json", body), _write(tmp_path / "in", "empty.docket.json", empty)]
    parts = ia_docket_parts(json.dumps(body).encode())
    assert parts is not None and ia_entry_columns(parts[1], None) is not None
    tables = _same(tmp_path, files)
    assert len(tables["source_records"]) == 2
    assert any('he said "no" to C:\\dir\\file' in r[5] for r in tables["source_docket_entries"])


def test_addresses_only_in_entries_or_only_in_the_header_and_a_nul_beside_an_address(tmp_path):
    """The screen's hits decide what is scrubbed: a docket whose only address is in an entry keeps its
    header as read (the same object), one whose only address is in an attorney's contact is scrubbed
    there; a NUL in a header text beside an address in an entry fails as on the record path."""
    in_entry = _base()
    in_entry["docket_number"] = "5:12-cv-05603"
    in_entry["docket_entries"][0]["description"] = "EXHIBIT: subscriber at 192.0.2.44"
    in_header = _base()
    in_header["docket_number"] = "5:12-cv-05604"
    in_header["parties"][0]["attorneys"][0]["contact_raw"] = "Law Office\nserver 2001:db8::44"
    files = [_write(tmp_path / "in", "entry.docket.json", in_entry),
             _write(tmp_path / "in", "header.docket.json", in_header)]
    tables = _same(tmp_path, files)
    text = json.dumps(tables, default=str)
    assert "192.0.2.44" not in text and "2001:db8::44" not in text and text.count("[ip:") >= 2

    parts = ia_docket_parts(json.dumps(in_entry).encode())
    head = from_ia_docket(parts[0], path=files[0], retrieved_at=datetime(2026, 1, 2))
    entries = ia_entry_columns(parts[1], head.source_url)
    suspect, hits, header = columns.screened_dockets([(head, entries)])
    assert suspect == {0} and header == {} and hits[0] == {entries[2].index("EXHIBIT: subscriber at 192.0.2.44")}
    kept, scrubbed_entries = columns.cleaned_columns(head, entries, KEY, hits[0], [])
    assert kept is head and "[ip:" in scrubbed_entries[2][hits[0].pop()]

    parts = ia_docket_parts(json.dumps(in_header).encode())
    head = from_ia_docket(parts[0], path=files[1], retrieved_at=datetime(2026, 1, 2))
    entries = ia_entry_columns(parts[1], head.source_url)
    suspect, hits, header = columns.screened_dockets([(head, entries)])
    assert suspect == {0} and hits == {} and header == {0: ["Law Office\nserver 2001:db8::44"]}
    fixed, same_entries = columns.cleaned_columns(head, entries, KEY, set(), header[0])
    assert fixed is not head and fixed.parties[1] is head.parties[1] and same_entries == entries
    assert fixed.parties[0].attorneys[0].contact.startswith("Law Office\nserver [ip:")

    nul = _base()
    nul["docket_number"] = "5:12-cv-05605"
    nul["docket_entries"][0]["description"] = "EXHIBIT: subscriber at 192.0.2.45"
    nul["parties"][0]["attorneys"][0]["contact_raw"] = "Law Office\u0000"
    bad = _write(tmp_path / "bad", "nul.docket.json", nul)
    messages = []
    for batches in (_record_batches, _column_batches):
        with pytest.raises(SourceError) as caught:
            _load(tmp_path / f"bad-{len(messages)}" / "d.duckdb", batches([bad]))
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "NUL character in parties[1].attorneys[1].contact" in messages[1]


def test_scrubbed_keeps_what_holds_no_address():
    record = DocketRecord(path="p", record="docket 1", kind="ia_json", source="recap", court_id="cand",
                          docket_number="5:12-cv-05606", case_name="A v. Doe at 192.0.2.9", parties=[
                              Party("A", "plaintiff", None, None, []), Party("Doe at 192.0.2.9", "defendant", None, None, [])],
                          entries=[Entry(1, date(2012, 1, 2), "COMPLAINT", None)])
    plain = DocketRecord(path="p", record="docket 2", kind="ia_json", source="recap", court_id="cand",
                         docket_number="5:12-cv-05607", case_name="A v. B", parties=[Party("A", "plaintiff", None, None, [])],
                         entries=[Entry(1, date(2012, 1, 2), "COMPLAINT", None)])
    assert merge.scrubbed(plain, KEY) is plain
    got = merge.scrubbed(record, KEY)
    token = pseudonymise_ips("192.0.2.9", KEY)
    assert got.case_name == f"A v. Doe at {token}" and got.parties[1].name == f"Doe at {token}"
    assert got.parties[0] is record.parties[0] and got.entries is record.entries
    assert record.case_name == "A v. Doe at 192.0.2.9"  # the record read is not changed


def test_chronological_order_is_none_only_for_a_list_in_docket_order_already():
    d = [date(2012, 1, 1), date(2012, 1, 1), date(2012, 3, 1)]
    assert columns.chronological_order(d) is None and columns.chronological_order([]) is None
    assert columns.chronological_order(d[::-1]) == [2, 1, 0]  # newest first: turned round, ties kept in turn
    assert columns.chronological_order([d[0], None, d[2]]) == [0, 2, 1]  # undated last
    assert columns.chronological_order([d[2], d[0], d[2]]) == [1, 0, 2]


def test_merge_header_of_one_record_and_its_plain_header():
    record = DocketRecord(path="p", record="docket 3", kind="ia_json", source="recap", court_id="cand",
                          docket_number="5:12-cv-05608", case_name="A v. B", source_url="", parties=None,
                          retrieved_at=datetime(2002, 1, 1), flags=["parties_from_caption", "b", "parties_from_caption"])
    twin = copy.deepcopy(record)
    twin.retrieved_at = datetime(2001, 1, 1)  # older: the merge takes every field from `record`
    one, two = merge.merge_header([record]), merge.merge_header([record, twin])
    assert one is not record and one.flags == ["b", "parties_from_caption"] and record.flags[0] == "parties_from_caption"
    assert one == two and one.source_url == "" and one.parties is None
    assert stored.plain_header(record) == {k: v for k, v in stored._plain(record).items() if k != "entries"}
