"""The audit loop end to end on the bundled build (issue 17 §5, §6): sample classified entries into
a sheet, fill it in, score it, turn it into corrections, rebuild, and see the corrected events; and a
bad correction failing the build with one line while the published database stays as it was.

The test's reviewer is the project's own hand labels of the bundled entries
(tests/classify_eval/eval.jsonl, matched by source URL), so every correction it makes is a real one.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import cite
from pipelines import audit, corrections, queries, store
from pipelines.cli import main
from tests.tools.leaks import ip_literals

EVAL = Path(__file__).resolve().parent / "classify_eval" / "eval.jsonl"
APP = Path(__file__).resolve().parent.parent / "app.py"
SEED = 44
# Seed 44 draws these five of the bundled build's ten entries the classifier labelled
# discovery_granted_in_part (case, entry, the classifier's labels).
DRAWN = [
    ("cand:1005865", "16", "discovery_granted_in_part"),
    ("cand:1101958", "8", "discovery_granted_in_part"),
    ("cand:1102331", "13", "discovery_granted_in_part"),
    ("cand:1103827", "10", "discovery_granted_in_part|severance"),
    ("cand:1104220", "14", "discovery_granted_in_part"),
]
NOTE = "the order's text severs the other Does"


@pytest.fixture()
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_texts: None) -> Path:
    """A fresh bundled build whose corrections folder is the test's own (empty at first)."""
    monkeypatch.setenv("DOEDOCKET_CORRECTIONS", str(tmp_path / "corrections"))
    db = tmp_path / "db" / "doedocket.duckdb"
    assert main(["build", "--db", str(db)]) == 0
    return db


def _hand_labels() -> dict[str, list[str]]:
    rows = [json.loads(line) for line in EVAL.read_text().splitlines() if line.strip()]
    return {r["source_url"]: r["labels"] for r in rows if r.get("source") == "curated"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _published(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(store.published_build(db)), read_only=True)


def _data_page_counts_corrections(db: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """The Data page's "Cite this view" box and its provenance table count the corrections."""
    monkeypatch.setenv("DOEDOCKET_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("dashboard/views/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.session_state[cite.CITE_OPEN] = True  # the box draws its contents once opened
    at.run()
    [box] = [e for e in at.expander if e.label == "Cite this view"]
    assert f"Hand corrections applied: {count:,}" in " ".join(m.value for m in box.markdown)
    provenance = [d.value for d in at.dataframe if "table_name" in d.value.columns][0]
    assert provenance[(provenance["table_name"] == "events") & (provenance["source"] == "corrected from curated")
                      ]["rows"].tolist() == [2 * count]


def test_sample_score_correct_rebuild(bundled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "review_1.csv"
    argv = ["audit", "--sample", "5", "--label", "discovery_granted_in_part", "--seed", str(SEED), "--db", str(bundled)]
    assert main([*argv, "--out", str(sheet)]) == 0
    assert capsys.readouterr().err == f"sampled 5 entries (seed {SEED}) to {sheet}\n"
    rows = _read(sheet)
    assert tuple(rows[0]) == audit.SHEET_COLUMNS
    assert [(r["case_id"], r["entry_number"], r["labels"]) for r in rows] == DRAWN
    assert all(r["rules"] and r["source_url"].startswith("https://") and r["text"] for r in rows)
    assert {(r["correct_labels"], r["note"]) for r in rows} == {("", "")}
    assert ip_literals(sheet.read_text()) == []
    # the same seed draws the same sheet, byte for byte (here to standard output)
    assert main(argv) == 0
    assert capsys.readouterr().out.encode() == sheet.read_bytes()

    # the reviewer checks every drawn entry but the second against the order's text
    hand = _hand_labels()
    for i, row in enumerate(rows):
        if i == 1:
            continue
        right = sorted(hand[row["source_url"]])
        row["correct_labels"] = "|".join(right)
        row["note"] = NOTE if right != row["labels"].split("|") else ""
    assert [r["correct_labels"] for r in rows] == [
        "discovery_granted_in_part|severance", "", "discovery_granted_in_part|severance",
        "discovery_granted_in_part|severance", "discovery_granted_in_part|severance"]
    _write(sheet, rows)

    assert main(["audit", "--score", str(sheet)]) == 0
    assert capsys.readouterr().out == (
        f"{sheet}: 4 of 5 rows reviewed; exact agreement 1/4 = 0.250 (95% CI 0.046-0.699)\n"
        "label                        given right precision  95% CI       missed\n"
        "discovery_granted_in_part        4     4     1.000  0.510-1.000       0\n"
        "severance                        1     1     1.000  0.207-1.000       3\n"
    )

    assert main(["audit", "--to-corrections", str(sheet), "--reviewer", "Test Reviewer"]) == 0
    target = tmp_path / "corrections" / "review_1.csv"
    assert capsys.readouterr().out == f"{sheet}: 3 corrections written to {target}\n"
    today = date.today().isoformat()
    assert target.read_bytes().decode() == (
        "case_id,entry_number,labels,reviewer,date,note\r\n"
        f"cand:1005865,16,discovery_granted_in_part|severance,Test Reviewer,{today},{NOTE}\r\n"
        f"cand:1102331,13,discovery_granted_in_part|severance,Test Reviewer,{today},{NOTE}\r\n"
        f"cand:1104220,14,discovery_granted_in_part|severance,Test Reviewer,{today},{NOTE}\r\n"
    )

    # every build from now on applies them over the classifier's labels
    assert main(["build", "--db", str(bundled)]) == 0
    con = _published(bundled)
    try:
        events = con.execute(
            "SELECT label, origin, rule, basis FROM events WHERE case_id = 'cand:1104220' AND entry_number = 14 "
            "ORDER BY label").fetchall()
        assert events == [(label, "corrected", "hand_correction", f"corrected by hand by Test Reviewer on {today}: {NOTE}")
                          for label in ("discovery_granted_in_part", "severance")]
        timeline = queries.run(con, "case_timeline", {"case_id": "cand:1104220"}).filter(pl.col("entry_number") == 14)
        assert timeline.select("label", "origin", "correction").rows() == [
            (label, "corrected", f"corrected by hand by Test Reviewer on {today}: {NOTE}")
            for label in ("discovery_granted_in_part", "severance")]
        assert timeline["text"][0].startswith("ORDER by Judge Samuel Conti granting in part and denying in part 4 ")
        docket = queries.run(con, "case_docket", {"case_id": "cand:1104220"}).filter(pl.col("entry_number") == 14)
        assert docket.select("labels", "rules", "origin").rows() == [
            ("discovery_granted_in_part;severance", "hand_correction;hand_correction", "corrected")]
        # an entry nobody corrected keeps the classifier's labels
        assert con.execute("SELECT origin, label FROM events WHERE case_id = 'cand:1101958' AND entry_number = 8"
                           ).fetchall() == [("classified", "discovery_granted_in_part")]
        assert queries.provenance(con, store.published_build(bundled))["hand_corrections"] == 3
        assert con.execute("SELECT rows FROM provenance_counts WHERE table_name = 'events' "
                           "AND source = 'corrected from curated'").fetchone() == (6,)
        # a sample measures the classifier, not the corrections: the same seed draws the same labels
        assert audit.sample(con, 5, seed=SEED, label="discovery_granted_in_part")["labels"].to_list() == [
            d[2] for d in DRAWN]
    finally:
        con.close()
    _data_page_counts_corrections(bundled, monkeypatch, 3)

    # the corrections are read afresh at every build: without the file, the classifier's labels return
    target.unlink()
    assert main(["build", "--db", str(bundled)]) == 0
    con = _published(bundled)
    try:
        assert con.execute("SELECT origin, label FROM events WHERE case_id = 'cand:1104220' AND entry_number = 14"
                           ).fetchall() == [("classified", "discovery_granted_in_part")]
        assert con.execute("SELECT count(*) FROM corrections").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.parametrize(("row", "message"), [
    ("cand:9999999,3,other", "unknown case 'cand:9999999'"),
    ("cand:1104220,99,other", "case cand:1104220 has no docket entry numbered 99"),
    ("cand:1104220,14,severed", "labels: 'severed' is not an event label"),
    ("cand:1104220,14,", "labels is empty"),
    ("cand:1104220,fourteen,other", "entry_number 'fourteen' is not a docket entry number"),
    ("cand:1005865,16,other", "cand:1005865 entry 16 is corrected already in a.csv:2"),
])
def test_a_bad_correction_fails_the_build_and_keeps_the_published_one(
        bundled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, message: str) -> None:
    folder = tmp_path / "corrections"
    folder.mkdir()
    (folder / "a.csv").write_text("case_id,entry_number,labels,reviewer,date,note\n"
                                  "cand:1005865,16,discovery_granted_in_part|severance,R,2026-12-06,\n")
    (folder / "b.csv").write_text("case_id,entry_number,labels,reviewer,date,note\n"
                                  "cand:1102331,13,discovery_granted_in_part|severance,R,2026-12-06,\n"
                                  f"{row},R,2026-12-06,a note\n")
    before = store.published_build(bundled)
    capsys.readouterr()
    assert main(["build", "--db", str(bundled)]) == 2
    err = capsys.readouterr().err
    assert err == f"doedocket: {folder / 'b.csv'}:3: {message}\n"
    assert store.published_build(bundled) == before
    assert sorted(p.name for p in before.parent.iterdir()) == [before.name]  # no partial build left
    con = _published(bundled)
    try:
        assert con.execute("SELECT count(*) FROM events WHERE origin = 'corrected'").fetchone() == (0,)
    finally:
        con.close()


def test_a_bad_sheet_is_one_line_naming_file_and_row(bundled: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.csv"
    assert main(["audit", "--sample", "3", "--seed", "1", "--out", str(sheet), "--db", str(bundled)]) == 0
    rows = _read(sheet)
    rows[0]["correct_labels"] = "other"
    rows[1]["correct_labels"] = "granted"
    _write(sheet, rows)
    capsys.readouterr()
    for flag in ("--score", "--to-corrections"):
        assert main(["audit", flag, str(sheet), "--reviewer", "R"]) == 2
        assert capsys.readouterr().err == f"doedocket: {sheet}:3: correct_labels: 'granted' is not an event label\n"
    sheet.write_text("case_id,labels\ncand:1,other\n")
    assert main(["audit", "--score", str(sheet)]) == 2
    assert capsys.readouterr().err.startswith(f"doedocket: {sheet}:1: missing column 'entry_number': not an audit sheet")
    _write(sheet, [dict.fromkeys(audit.SHEET_COLUMNS, "")])  # nothing reviewed
    assert main(["audit", "--score", str(sheet)]) == 2
    assert "no reviewed row" in capsys.readouterr().err
    assert not (tmp_path / "corrections").exists()


def test_sample_filters_and_sizes(bundled: Path) -> None:
    con = _published(bundled)
    try:
        everything = audit.sample(con, 1000, seed=3)
        numbered = con.execute("SELECT count(*) FROM docket_entries WHERE entry_number IS NOT NULL").fetchone()[0]
        assert everything.height == numbered == 53
        assert everything.select("case_id", "entry_number").is_duplicated().sum() == 0
        ilcd = audit.sample(con, 10, seed=3, court="ilcd")
        assert ilcd.select("case_id", "entry_number", "labels").rows() == [("ilcd:1201281", 14, "severance")]
        quash = audit.sample(con, 100, seed=3, label="quash_denied")
        assert quash.height == 11 and all("quash_denied" in labels.split("|") for labels in quash["labels"])
        assert audit.sample(con, 4, seed=3)["case_id"].to_list() != audit.sample(con, 4, seed=4)["case_id"].to_list()
        with pytest.raises(queries.QueryError, match="'granted' is not an event label"):
            audit.sample(con, 4, seed=3, label="granted")
    finally:
        con.close()


def test_sheet_cells_are_spreadsheet_safe(tmp_path: Path) -> None:
    frame = pl.DataFrame({c: ["=HYPERLINK(\"http://x\")" if c == "text" else "-1" if c == "note" else "a"]
                          for c in audit.SHEET_COLUMNS})
    audit.write_sheet(frame, tmp_path / "s.csv")
    [row] = _read(tmp_path / "s.csv")
    assert (row["text"], row["note"], row["case_id"]) == ("'=HYPERLINK(\"http://x\")", "'-1", "a")


def test_wilson_matches_the_sql_formula() -> None:
    assert tuple(round(x, 4) for x in audit.wilson(8, 10)) == (0.4902, 0.9433)  # queries/_wilson.sql's example
    assert audit.wilson(0, 5)[0] == 0.0 and audit.wilson(1, 1)[1] == 1.0


def test_corrections_folder_absent_or_empty_is_no_corrections(tmp_path: Path) -> None:
    assert corrections.read(tmp_path / "absent") == []
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("not a corrections file")
    assert corrections.read(tmp_path / "empty") == []
