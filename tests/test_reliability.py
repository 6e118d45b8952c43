"""Crash safety, concurrent publishing and hostile filter values (the store and query layers)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import queries, store
from tests import fixture_db
from tests.snapshots import table_contents

REPO = Path(__file__).resolve().parent.parent
CASES = 3000


def _start_loop(db: Path, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tools.ingest_loop", str(db), str(CASES), str(rounds)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _published_state(db: Path) -> str:
    """'fixture' or 'round N' for the published build, checking it is complete and readable."""
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT DISTINCT plaintiff FROM cases ORDER BY 1").fetchall()]
        counts = tuple(con.execute(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_measures), "
            "(SELECT count(*) FROM events WHERE label = 'discovery_motion')").fetchone())
    finally:
        con.close()
    if names == ["Alpha Films", "Beta Pictures"]:
        assert counts == (4, 4, 3), f"fixture build is incomplete: {counts}"
        return "fixture"
    assert counts == (CASES, CASES, CASES), f"published build is incomplete: {counts}"
    assert len(names) == 1
    return names[0].replace(" Films", "").lower()


@pytest.fixture(scope="module")
def ingest_seconds(tmp_path_factory) -> float:
    """How long one round takes here, so kills can be spread across all of it."""
    db = tmp_path_factory.mktemp("timing") / "d.duckdb"
    started = time.monotonic()
    proc = _start_loop(db, 1)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    return time.monotonic() - started


def test_sigkill_at_any_point_leaves_the_previous_build_published(tmp_path, ingest_seconds):
    """Kill an ingest at many points from start-up to publishing: the build published before it
    (the fixture) or the ingest's own complete build is published, never anything else."""
    db = fixture_db.build(tmp_path)
    kill_points = [ingest_seconds * f for f in (0.1, 0.25, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1)]
    seen = set()
    for delay in kill_points:
        proc = _start_loop(db, 1)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _published_state(db)
        assert state in ("fixture", "round 1")
        seen.add(state)
        # the next ingest succeeds and removes partial builds left by the killed one
        store.ingest(db, fixture_db.staging(), fresh=True)
        assert not list((tmp_path / "builds").glob("*.partial*"))
        assert _published_state(db) == "fixture"
    assert "fixture" in seen  # at least one kill landed before publishing


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


def test_readers_never_see_mixed_results_while_builds_are_published(tmp_path):
    """A reader answering the funnel in a loop (as the app does: resolve, open read-only, query)
    while 8 builds alternate between two datasets sees only one of the two whole answers."""
    db = fixture_db.build(tmp_path)
    full = fixture_db.staging()
    only_nysd = fixture_db.staging()
    only_nysd.cases = only_nysd.cases.filter(only_nysd.cases["court_id"] == "nysd")
    answers = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                con = duckdb.connect(str(store.published_build(db)), read_only=True)
                try:
                    answers.add(tuple(queries.run(con, "funnel").rows()))
                finally:
                    con.close()
            except BaseException as exc:  # noqa: BLE001 - any error fails the test
                errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(8):
            store.ingest(db, only_nysd if i % 2 == 0 else full, fresh=True)
    finally:
        stop.set()
        thread.join()
    assert not errors, errors[:3]
    whole = tuple(queries.run(duckdb.connect(str(fixture_db.build(tmp_path / "w").resolve()), read_only=True),
                              "funnel").rows())
    nysd = (("sued", 2, 1, 1), ("discovery_granted", 0, 0, 2), ("named", 1, 1, 3), ("served", 1, 1, 4),
            ("judgment", 1, 1, 5))
    assert answers <= {whole, nysd} and len(answers) >= 1
    assert len(list((tmp_path / "builds").glob("*.duckdb"))) == store.KEEP_OLD_BUILDS + 1


FILTER_TEXT = st.text(min_size=0, max_size=40)
FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "court": st.lists(FILTER_TEXT | st.sampled_from(["cand", "nysd"]), max_size=3),
        "plaintiff": st.lists(FILTER_TEXT | st.sampled_from(["Alpha Films", "Beta Pictures"]), max_size=3),
        "counsel": st.lists(FILTER_TEXT | st.sampled_from(["Ann Lawyer", "Firm Y"]), max_size=3),
        "judge": st.lists(FILTER_TEXT | st.sampled_from(["Judge Four", "Magistrate Three"]), max_size=3),
        "filed_from": st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
        "filed_to": st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
        "exclude_plaintiff": FILTER_TEXT,
    },
)
FILTERED = ["case_list", "funnel", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings", "filings_by_month"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=FILTERS)
def test_fuzzed_filters_only_narrow_and_never_break(fixture_con, params):
    all_ids = set(queries.run(fixture_con, "case_list")["case_id"])
    ids = set(queries.run(fixture_con, "case_list", params)["case_id"])
    assert ids <= all_ids
    for name in FILTERED[1:]:
        queries.run(fixture_con, name, params)
    assert queries.run(fixture_con, "case_list").height == 4  # nothing a filter said changed the data
