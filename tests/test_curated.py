"""The curated layout reads to its golden staging (tests/golden/curated/, invented cases), and the
bundled curated dataset builds into the database the README promises."""

from __future__ import annotations

import csv
import json
import re
import shutil

import duckdb
import polars as pl
import pytest

from pipelines import queries, shared_texts
from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.sources import curated
from tests.conftest import REPO
from tests.tools.golden import KEY, check_golden, golden_dir, staging_as_json

HARD_DRIVE = "cand:1103825"
# Looser than an address parser on purpose: any dotted quad counts as a leak.
DOTTED_QUAD = r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"
GOLDEN = golden_dir("curated")


def test_curated_layout_reads_to_its_golden_staging():
    """Four invented cases: a Doe range, a "Does 2-N" re-filing with its count stated, a named
    defendant beside fictitious Does, and an unnumbered case whose caption holds an address."""
    staging = curated.read(GOLDEN, KEY)
    check_golden(staging_as_json(staging), GOLDEN / "expected.json")
    assert not re.search(DOTTED_QUAD, str(staging_as_json(staging)))
    does = staging.parties.filter(pl.col("is_doe")).sort("case_id")
    assert does.get_column("doe_count").to_list() == [10, 40, 25, 1]  # a plaintiff row first keeps them all


def test_an_entry_can_take_its_text_from_shared_real_entries(tmp_path, monkeypatch, capsys):
    """A docket entry with `text_from` (real_entries:<id>) takes the text of that entry of
    $DOEDOCKET_SHARED/real_entries/entries.jsonl; with the file absent it is left out, and said so;
    a reference of no known kind, an unknown one, or one beside a description is refused naming file
    and line."""
    directory = tmp_path / "curated"
    shutil.copytree(GOLDEN, directory)
    entries = directory / "docket_entries.csv"
    with open(entries, newline="", encoding="utf-8") as handle:
        rows = [dict(row, text_from="") for row in csv.DictReader(handle)]
    borrowed = dict(court_id="cand", docket_number="3:12-cv-04101", entry_number="7", date_filed="2012-08-21",
                    description="", text_from="real_entries:x1", source_url="https://example.org/quillfeather/7")

    def write(last: dict) -> None:
        with open(entries, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(borrowed))
            writer.writeheader()
            writer.writerows([*rows, last])

    write(borrowed)
    shared = tmp_path / "shared"
    (shared / "real_entries").mkdir(parents=True)
    (shared / "real_entries" / "entries.jsonl").write_text(
        json.dumps({"id": "x1", "text": "ORDER granting 4 Ex Parte Application (written for this test)"}) + "\n")

    monkeypatch.setenv("DOEDOCKET_SHARED", str(shared))
    staging = curated.read(directory, KEY)
    texts = dict(zip(staging.docket_entries["entry_number"], staging.docket_entries["description"]))
    assert texts[7] == "ORDER granting 4 Ex Parte Application (written for this test)"
    assert staging.docket_entries.height == len(rows) + 1
    assert capsys.readouterr().err == ""

    monkeypatch.setenv("DOEDOCKET_SHARED", str(tmp_path / "absent"))
    assert curated.read(directory, KEY).docket_entries.height == len(rows)
    assert capsys.readouterr().err == (
        f"note: {entries}: 1 docket entries left out: their text is read from {tmp_path / 'absent'}, which does "
        "not hold it (DOEDOCKET_SHARED names that folder)\n")

    monkeypatch.setenv("DOEDOCKET_SHARED", str(shared))
    line = len(rows) + 2
    for bad, message in [
        (dict(text_from="real_entries:x2"), f"text_from 'real_entries:x2': no such entry in {shared}/real_entries/entries.jsonl"),
        (dict(text_from="shared:x1"), "text_from 'shared:x1' is not real_entries:... or curated:..."),
        (dict(description="Text"), "give a description or a text_from, not both"),
        (dict(text_from=""), "description is empty"),
    ]:
        write(borrowed | bad)
        with pytest.raises(SourceError) as caught:
            curated.read(directory, KEY)
        assert str(caught.value) == f"{entries}:{line}: {message}"


def test_the_bundled_entries_keep_no_text_of_shared_real_entries():
    """The bundled data keeps its own transcriptions, and for the entries whose text is also in
    ../shared/real_entries (public records we did not write) only a reference: no passage of those
    records is copied into the project (the first 60 characters of each, as the before-stop hook checks)."""
    with open(REPO / "data" / "curated" / "docket_entries.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    borrowed = [row for row in rows if row["text_from"]]
    assert len(rows) == 53 and len(borrowed) == 23
    assert all(not row["description"] for row in borrowed)
    shared = shared_texts.read()
    if "real_entries" not in shared.present:
        pytest.skip("../shared/real_entries is absent")
    real = [t for reference, t in shared.texts.items() if reference.startswith("real_entries:")]
    kept = [row["description"] for row in rows if row["description"]]
    assert not [t for t in real if len(t) >= 60 and any(t[:60] in k for k in kept)]
    assert all(shared.text_of(row["text_from"]) for row in borrowed)


def test_every_curated_case_is_listed_with_its_source(curated_db_path, capsys):
    assert main(["query", "case_list", "--db", str(curated_db_path), "--param", "universe=all", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 196
    assert len({r["case_id"] for r in rows}) == 196
    assert all(r["source_url"] and r["source_url"].startswith("http") for r in rows)
    assert sum(r["court_id"] == "cand" for r in rows) == 84


def test_hard_drive_v_does_1_90_is_measured_from_its_docket(curated_con):
    case = queries.run(curated_con, "case_list", {"court": ["cand"]}).filter(case_id=HARD_DRIVE).row(0, named=True)
    assert case["case_name"] == "Hard Drive Productions, Inc. v. Does 1-90"
    assert case["judge"] == "Howard R. Lloyd"
    assert (case["does_sued"], case["discovery_outcome"], case["does_discovery_granted"],
            case["defendants_served"], case["does_severed"]) == (90, "denied", 0, 0, 89)
    docket = queries.run(curated_con, "case_docket", {"case_id": HARD_DRIVE})
    entry_18 = docket.filter(entry_number=18, origin="classified").row(0, named=True)
    assert set(entry_18["labels"].split(";")) >= {"discovery_denied", "severance"}


def test_does_2_n_refiling_counts_n_minus_1(curated_con):
    case = curated_con.execute("SELECT m.case_id, m.does_sued FROM case_measures AS m JOIN cases AS c USING (case_id) "
                               "WHERE c.case_name = 'Boy Racer, Inc. v. Does 2-71'").fetchall()
    assert case == [("cand:nodocket-07b491c2", 70)]  # its docket number is not known (below)


def test_the_moved_docket_number_is_berlin_media_arts(curated_con):
    """The revised fact sheet: 3:11-cv-03770 is Berlin Media Art v. Does 1-654 (discovery denied twice),
    not Boy Racer v. Does 2-71, whose 'early discovery granted' rests on a generated summary only."""
    case = curated_con.execute(
        "SELECT c.case_name, c.assigned_judge, m.does_sued, m.discovery_outcome FROM cases AS c "
        "JOIN case_measures AS m USING (case_id) WHERE case_id = 'cand:1103770'").fetchone()
    assert case == ("Berlin Media Art e.k. v. Does 1-654", "Jacqueline Scott Corley", 654, "denied")
    assert curated_con.execute("SELECT count(*) FROM cases WHERE case_name LIKE 'Berlin Media Art e.k. v. Does 1-654'"
                               ).fetchone() == (1,)
    summary_only = curated_con.execute(
        "SELECT count(*) FROM events WHERE origin = 'hand_coded' AND basis LIKE '%per case summary%'").fetchone()
    assert summary_only == (0,)


def test_counsel_spellings_resolve_to_one_attorney_and_firm(curated_con):
    counsel = queries.run(curated_con, "counsel_scorecard")
    names = set(counsel["counsel"])
    assert {"Brett L. Gibbs", "Steele Hansmeier PLLC", "Prenda Law Inc."} <= names
    assert not names & {"Brett Gibbs", "Brett Langdon Gibbs", "Steele Hansmeier, PLLC", "Prenda Law, Inc."}


def test_north_california_funnel_before_the_hard_drive_hearing(curated_db_path, capsys):
    assert main(["query", "funnel", "--db", str(curated_db_path), "--param", "court=cand",
                 "--param", "filed_to=2011-11-29", "--format", "json"]) == 0
    funnel = {r["stage"]: r for r in json.loads(capsys.readouterr().out)}
    assert funnel["sued"]["cases"] == 32  # cases with a known filing date up to the hearing
    assert funnel["served"]["does"] == 0  # "No defendant has been served in any of these cases"
    assert 0 < funnel["discovery_granted"]["cases"] < funnel["sued"]["cases"]


def test_no_raw_ip_address_anywhere_in_the_build(curated_con):
    tables = [r[0] for r in curated_con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    for table in tables:
        frame = curated_con.sql(f'SELECT * FROM "{table}"').pl()
        for column, dtype in frame.schema.items():
            if dtype == pl.String:
                leaks = frame.filter(pl.col(column).str.contains(DOTTED_QUAD))
                assert leaks.height == 0, (table, column, leaks.head(3).rows())
    answered = 0
    for name in queries.available():
        try:
            csv_text = queries.to_csv(queries.run(curated_con, name)).decode()
        except duckdb.CatalogException:
            continue  # a question over data this build does not have (e.g. the FJC IDB)
        answered += 1
        assert not re.search(DOTTED_QUAD, csv_text), name
    assert answered >= 8
