"""Crash safety, concurrent use and idempotence of ingests.

Kills: tests/tools/ingest_loop.py runs `doedocket ingest curated`-style ingests in forked processes
and kills them either at named points (while parsing, inside the transaction, while publishing) or
at moments read from their reported progress. After each kill the published database must be the
previous build or the ingest's own complete one, readable table by table; the next ingest must
succeed and leave no partial build behind. Concurrency: the dashboard's own data layer
(`dashboard.db`) answers in threads while builds are published, and an AppTest session of the app
switches to each new build; old builds are pruned and their connections released. Idempotence:
the same files of every source ingested once, twice, in reverse order or as separate commands give
identical tables.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from pipelines import queries, store
from pipelines.privacy import load_or_create_key
from pipelines.sources import curated
from tests import fixture_db
from tests.snapshots import table_contents
from tests.tools import figures
from tests.tools.ingest_loop import POINTS, write_curated

REPO = Path(__file__).resolve().parent.parent
SMALL, LARGE = 40, 1000  # cases per killed ingest: named points, timed kills
# Timed kills: (phase reported by the ingest, seconds after it), spread over every phase.
TIMED = [("parse", 0.0), ("parse", 0.1), ("copy", 0.0), ("load", 0.0), ("commit", 0.0), ("derive", 0.0),
         ("derive", 0.2), ("publish", 0.0)]


def _copy_fixture(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, symlinks=True)
    return target / "fixture.duckdb"


def _kill_runs(tmp: Path, template: Path, specs: list[dict], cases: int) -> list[dict]:
    """Run the specs (plus one uninterrupted control run, first) each on its own copy of the fixture."""
    runs = []
    for i, spec in enumerate([{}] + specs):
        runs.append(dict(spec, cases=cases, db=str(_copy_fixture(template, tmp / f"run{i}"))))
    plan = tmp / "plan.json"
    plan.write_text(json.dumps({"runs": runs}))
    done = subprocess.run([sys.executable, "-m", "tests.tools.ingest_loop", str(plan)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(runs)
    assert (results[0]["exit"], results[0]["last_phase"]) == (0, "done"), results[0]
    return results


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict]:
    """A fixture database to copy for every killed ingest, and its contents."""
    folder = tmp_path_factory.mktemp("template") / "db"
    db = fixture_db.build(folder)
    return folder, table_contents(db)


def _recover(db: Path) -> None:
    """The next ingest succeeds, publishes, and cleans up after the killed one."""
    before = db.resolve()
    source = db.parent / "curated-round-2"
    write_curated(source, 3, 2)
    store.ingest(db, curated.read(source, load_or_create_key(store.key_path(db))))
    assert db.resolve() != before
    names = {r[0] for r in duckdb.connect(str(db.resolve()), read_only=True).execute(
        "SELECT DISTINCT plaintiff FROM cases").fetchall()}
    assert {"Alpha Films", "Beta Pictures", "Round 2 Films"} <= names
    builds = db.parent / "builds"
    assert not list(builds.glob("*.partial*"))
    assert len(list(builds.glob("*.duckdb"))) <= store.KEEP_OLD_BUILDS + 1


def _check_killed(result: dict, previous: dict, new: dict) -> str:
    """The killed run's published database is the previous build or its own complete one."""
    assert result["signal"] == 9, result
    db = Path(result["db"])
    contents = table_contents(db)  # every table read back: the published build is readable
    state = "previous" if contents == previous else "new" if contents == new else "mixed"
    assert state != "mixed", result
    return state


def test_sigkill_at_named_points_while_parsing_loading_deriving_and_publishing(tmp_path, template):
    folder, previous = template
    names = list(POINTS)
    results = _kill_runs(tmp_path, folder, [{"point": p} for p in names], SMALL)
    new = table_contents(Path(results[0]["db"]))
    assert len(new["cases"]) == len(previous["cases"]) + SMALL
    for result in results[1:]:
        figures.tried("kill points")
        point = result["point"]
        assert result["last_phase"] == POINTS[point], result  # it died in the phase the point is in
        expected = "new" if names.index(point) >= names.index("publish:swapped") else "previous"
        assert _check_killed(result, previous, new) == expected, point
        _recover(Path(result["db"]))
        figures.held("kill points")


def test_sigkill_at_moments_read_from_progress(tmp_path, template):
    folder, previous = template
    results = _kill_runs(tmp_path, folder, [{"phase": p, "delay": d} for p, d in TIMED], LARGE)
    new = table_contents(Path(results[0]["db"]))
    died_in = set()
    for result in results[1:]:
        if result["signal"] is None:  # on a fast machine the ingest may finish before the kill
            assert (result["exit"], result["last_phase"]) == (0, "done")
            assert table_contents(Path(result["db"])) == new
            continue
        figures.tried("kill points")
        _check_killed(result, previous, new)
        died_in.add(result["last_phase"])
        _recover(Path(result["db"]))
        figures.held("kill points")
    # The long phases are hit whatever the machine's speed; the named points hit every phase exactly.
    assert {"parse", "derive"} <= died_in, died_in


def test_no_symlink_is_left_behind_by_a_kill_while_publishing(tmp_path, template):
    folder, _ = template
    result = _kill_runs(tmp_path, folder, [{"point": "publish:link-made"}], 5)[1]
    db = Path(result["db"])
    _recover(db)
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".link")] == []


def test_failure_while_publishing_keeps_the_old_build(tmp_path, monkeypatch):
    db = fixture_db.build(tmp_path)
    before_target, before = db.resolve(), table_contents(db)
    real_replace = os.replace

    def replace_fails_on_symlink(src, dst):
        if Path(dst) == db:
            raise OSError("disk full")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", replace_fails_on_symlink)
    smaller = fixture_db.staging()
    smaller.cases = smaller.cases.head(1)
    with pytest.raises(OSError, match="disk full"):
        store.ingest(db, smaller, fresh=True)
    monkeypatch.setattr(store.os, "replace", real_replace)
    assert db.resolve() == before_target and table_contents(db) == before


# --- concurrent use ---------------------------------------------------------------------------

NYSD_FUNNEL = (("sued", 2, 1, 1), ("discovery_granted", 0, 0, 2), ("named", 1, 1, 3), ("served", 1, 1, 4),
               ("judgment", 1, 1, 5))
WHOLE_FUNNEL = (("sued", 4, 31, 1), ("discovery_granted", 2, 11, 2), ("named", 1, 1, 3), ("served", 1, 1, 4),
                ("judgment", 1, 1, 5))
SENTENCES = {
    WHOLE_FUNNEL: "4 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; 1 defendant served.",
    NYSD_FUNNEL: "2 mass-Doe cases; early discovery granted in 0; subpoenas authorised for 0 Does; 1 defendant served.",
}
PUBLISHES = 6


def _datasets():
    full = fixture_db.staging()
    only_nysd = fixture_db.staging()
    only_nysd.cases = only_nysd.cases.filter(only_nysd.cases["court_id"] == "nysd")
    return full, only_nysd


def _open_build_files(folder: Path) -> list[str]:
    """Files under `folder` this process holds open (a pruned build shows as '... (deleted)')."""
    gc.collect()
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def _overview_sentence() -> str:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return next(m.value for m in at.markdown if m.value.startswith("#### ")).removeprefix("#### ")


def test_app_serves_whole_answers_while_builds_are_published(tmp_path, monkeypatch):
    """Sessions of the dashboard ask questions in threads (through `dashboard.db`, as its pages do)
    while 6 builds are published, alternating two datasets: no errors, every answer one dataset's
    whole answer, the app's page switches to each new build, and only the published build stays open."""
    from dashboard import db as app_db

    db = fixture_db.build(tmp_path / "data")
    monkeypatch.setenv("DOEDOCKET_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    full, only_nysd = _datasets()
    answers: list[tuple] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def session() -> None:
        while not stop.is_set():
            try:
                funnel = tuple(r[:4] for r in app_db.run("funnel").rows())  # stage, cases, does, order
                answers.append(funnel)
                assert funnel in SENTENCES, funnel  # one dataset's whole answer
                assert app_db.run("case_list").height in (2, 4)
                assert app_db.table_rows()["cases"] in (2, 4)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=session) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        assert _overview_sentence() == SENTENCES[WHOLE_FUNNEL]
        for i in range(PUBLISHES):
            figures.tried("concurrent publishes")
            dataset, funnel = (only_nysd, NYSD_FUNNEL) if i % 2 == 0 else (full, WHOLE_FUNNEL)
            store.ingest(db, dataset, fresh=True)
            assert _overview_sentence() == SENTENCES[funnel]  # the next run reads the new build
            figures.held("concurrent publishes")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    assert set(answers) == {WHOLE_FUNNEL, NYSD_FUNNEL} and len(answers) > PUBLISHES
    builds = sorted((tmp_path / "data" / "builds").glob("*.duckdb"))
    assert len(builds) == store.KEEP_OLD_BUILDS + 1  # old builds pruned
    app_db.run("funnel")
    assert set(_open_build_files(tmp_path / "data")) == {str(db.resolve())}  # old builds' connections released
    st.cache_data.clear()
    st.cache_resource.clear()


def test_readers_never_see_mixed_results_while_builds_are_published(tmp_path):
    """A reader answering the funnel in a loop at the query layer (resolve, open read-only, query)
    while 6 builds alternate between two datasets sees only one of the two whole answers."""
    db = fixture_db.build(tmp_path)
    full, only_nysd = _datasets()
    answers = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                con = duckdb.connect(str(store.published_build(db)), read_only=True)
                try:
                    answers.add(tuple(r[:4] for r in queries.run(con, "funnel").rows()))
                finally:
                    con.close()
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(PUBLISHES):
            store.ingest(db, only_nysd if i % 2 == 0 else full, fresh=True)
    finally:
        stop.set()
        thread.join()
    assert not errors, errors[:3]
    assert answers <= {WHOLE_FUNNEL, NYSD_FUNNEL} and len(answers) >= 1
    assert len(list((tmp_path / "builds").glob("*.duckdb"))) == store.KEEP_OLD_BUILDS + 1


# --- idempotence ------------------------------------------------------------------------------

GOLDEN = REPO / "tests" / "golden"
PACER = GOLDEN / "pacer"
RECAP = GOLDEN / "recap"
REPLAY = GOLDEN / "courtlistener" / "replay"
KEY = bytes(range(32))


def _batches(source: str, tmp: Path) -> list[list[Path]]:
    """The files of one source, grouped as separate `doedocket ingest` commands would take them."""
    if source == "curated":
        for round_no in (1, 2):
            write_curated(tmp / f"curated-{round_no}", 5, round_no)
        return [[tmp / "curated-1"], [tmp / "curated-2"]]
    if source == "pacer":  # one batch per case: a history report and a case query of one case together
        return [[PACER / "history_cand_90001.html", PACER / "case_query_cand_90001.html"],
                [PACER / "docket_report_ilnd_90002.html"], [PACER / "rss_nysd.xml"]]
    if source == "recap":
        return [[RECAP / "recap_txnd_90003.xml"], [RECAP / "gov.uscourts.cand.90004.docket.json"]]
    if source == "courtlistener":  # one batch per docket: its detail with its pages
        return [sorted(p for p in REPLAY.iterdir() if f"_{docket}" in p.name) for docket in (9100001, 9100002, 9100003)]
    if source == "idb":
        return [[GOLDEN / "idb" / "national.txt"], [GOLDEN / "idb" / "rejects.txt"]]
    return [[GOLDEN / "exhibits" / "measures" / "b_swarm.csv"], [GOLDEN / "exhibits" / "measures" / "a_single.csv"]]


def _ingest_batches(db: Path, source: str, batches: list[list[Path]]) -> None:
    from pipelines.cli import main

    for files in batches:
        case = ["--case", "cand:1100002"] if source == "exhibits" else []
        assert main(["ingest", source, *map(str, files), "--db", str(db), *case]) == 0


def _contents(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; IDB's `load_id` (a counter of loads, by design) left out."""
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                 "table_name = $t ORDER BY ordinal_position", {"t": table}).fetchall()]
            kept = ", ".join(f'"{c}"' for c in columns if c != "load_id")
            out[table] = con.execute(f'SELECT {kept} FROM "{table}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()


@pytest.mark.parametrize("source", ["curated", "pacer", "recap", "courtlistener", "idb", "exhibits"])
def test_same_files_twice_or_in_another_order_give_identical_tables(source, tmp_path, template, capsys):
    batches = _batches(source, tmp_path)
    files = [f for batch in batches for f in batch]
    runs = {}
    for name, plan in {
        "once": [files],
        "reversed, then again": [files[::-1], files],
        "separately, backwards, twice": batches[::-1] + batches[::-1],
    }.items():
        db = _copy_fixture(template[0], tmp_path / str(len(runs)))
        store.key_path(db).write_bytes(KEY)  # one key for every run, so pseudonyms compare
        _ingest_batches(db, source, plan)
        runs[name] = _contents(db)
    capsys.readouterr()
    assert len(runs["once"]["cases"]) > 4 or runs["once"].get("exhibit_observations")
    for name, contents in runs.items():
        assert contents == runs["once"], name


def test_pages_of_one_case_ingested_separately_in_either_order_give_identical_tables(tmp_path, template):
    pages = [PACER / "history_cand_90001.html", PACER / "case_query_cand_90001.html"]
    runs = []
    for name, plan in (("forward", [[p] for p in pages]), ("backward", [[p] for p in pages[::-1]]),
                       ("together", [pages]), ("again", [[p] for p in pages] + [pages])):
        db = _copy_fixture(template[0], tmp_path / name)
        store.key_path(db).write_bytes(KEY)
        _ingest_batches(db, "pacer", plan)
        runs.append(_contents(db))
    assert runs[0] == runs[1] == runs[2] == runs[3]
    # Both pages count: one stored record per page, the history report's four entries.
    assert sorted(r[:2] + r[3:4] for r in runs[0]["source_records"]) == [
        ("cand:1200123", "pacer", "case_query"), ("cand:1200123", "pacer", "history")]
    assert len([r for r in runs[0]["docket_entries"] if r[0] == "cand:1200123"]) == 4


def test_a_folder_named_twice_loads_once_and_a_copy_of_it_is_refused_by_name(tmp_path, template, capsys):
    from pipelines.cli import main

    write_curated(tmp_path / "curated", 5, 1)
    shutil.copytree(tmp_path / "curated", tmp_path / "copy")
    once = _copy_fixture(template[0], tmp_path / "once")
    twice = _copy_fixture(template[0], tmp_path / "twice")
    assert main(["ingest", "curated", str(tmp_path / "curated"), "--db", str(once)]) == 0
    assert main(["ingest", "curated", str(tmp_path / "curated"), str(tmp_path / "." / "curated"),
                 "--db", str(twice)]) == 0
    assert _contents(once) == _contents(twice)
    capsys.readouterr()
    before = _contents(once)
    assert main(["ingest", "curated", str(tmp_path / "curated"), str(tmp_path / "copy"), "--db", str(once)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error == ("doedocket: cases: 5 keys held by more than one row of this load "
                            "(first: case_id=cand:1110000, source=curated)\n")
    assert _contents(once) == before
