"""Builds are written whole and published atomically; failures leave the published build as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from pipelines import store
from pipelines.staging import Staging
from tests import fixture_db
from tests.snapshots import table_contents


def test_building_twice_gives_identical_tables(tmp_path):
    first = fixture_db.build(tmp_path / "one")
    second = fixture_db.build(tmp_path / "two")
    one, two = table_contents(first), table_contents(second)
    assert set(one) >= {"cases", "parties", "attorneys", "docket_entries", "events", "case_measures"}
    assert one == two
    assert len(one["cases"]) == 4


def test_ingesting_the_same_rows_again_changes_nothing(tmp_path):
    db = fixture_db.build(tmp_path)
    before = table_contents(db)
    store.ingest(db, fixture_db.staging())
    assert table_contents(db) == before


def test_published_path_is_a_symlink_to_a_finished_build(tmp_path):
    db = fixture_db.build(tmp_path)
    assert db.is_symlink()
    real = db.resolve()
    assert real.parent == tmp_path / "builds" and real.suffix == ".duckdb"
    assert not list((tmp_path / "builds").glob("*.partial*"))


def test_a_failed_build_leaves_the_published_database_unchanged(tmp_path):
    db = fixture_db.build(tmp_path)
    before_target, before = db.resolve(), table_contents(db)
    with pytest.raises(RuntimeError, match="boom"), store.building(db) as con:
        con.execute("DELETE FROM source_cases")
        raise RuntimeError("boom")
    assert db.resolve() == before_target
    assert table_contents(db) == before
    assert not list((tmp_path / "builds").glob("*.partial*"))


def test_finishing_steps_run_after_the_derivation_and_a_failing_one_keeps_the_old_build(tmp_path):
    db = fixture_db.build(tmp_path)
    before_target, before = db.resolve(), table_contents(db)
    seen = []

    def look(con):  # the derived tables are made by now: the step sees the merged cases
        seen.append(con.execute("SELECT count(*) FROM cases").fetchone()[0])

    def boom(con):
        raise OSError("the file went away")

    with pytest.raises(OSError, match="went away"), store.building(db, finishing=[look, boom]) as con:
        con.execute("DELETE FROM source_cases")
    assert seen == [0]  # the deletion above was derived before the step ran
    assert db.resolve() == before_target
    assert table_contents(db) == before
    assert not list((tmp_path / "builds").glob("*.partial*"))


def test_bad_staging_is_refused_before_anything_is_written(tmp_path):
    db = fixture_db.build(tmp_path)
    before = table_contents(db)
    bad = Staging(cases=fixture_db.staging().cases.drop("source"))
    with pytest.raises(ValueError, match="cases: missing required column"):
        store.ingest(db, bad)
    assert table_contents(db) == before


def test_partial_builds_of_dead_processes_are_cleaned_up(tmp_path):
    db = fixture_db.build(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = tmp_path / "builds" / f"20200101T000000_000000-{dead.stdout.strip()}.partial"
    leftover.write_bytes(b"half a build")
    (tmp_path / "builds" / (leftover.name + ".wal")).write_bytes(b"log")
    store.ingest(db, fixture_db.staging())
    assert not list((tmp_path / "builds").glob("*.partial*"))


def test_old_builds_are_pruned_but_recent_ones_kept(tmp_path):
    db = fixture_db.build(tmp_path)
    for _ in range(4):
        store.ingest(db, fixture_db.staging())
    builds = sorted((tmp_path / "builds").glob("*.duckdb"))
    assert len(builds) == store.KEEP_OLD_BUILDS + 1
    assert db.resolve() == builds[-1]


def test_a_reader_keeps_its_build_while_a_new_one_is_published(tmp_path):
    db = fixture_db.build(tmp_path)
    reader = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        smaller = fixture_db.staging()
        smaller.hand_events = smaller.hand_events.filter(smaller.hand_events["label"] != "judgment")
        store.ingest(db, smaller)
        # the open handle still answers from the build it opened
        assert reader.execute("SELECT count(*) FROM events WHERE label = 'judgment'").fetchone() == (1,)
    finally:
        reader.close()
    fresh = duckdb.connect(str(db.resolve()), read_only=True)
    assert fresh.execute("SELECT count(*) FROM events WHERE label = 'judgment'").fetchone() == (0,)
    fresh.close()


def test_a_plain_database_file_at_the_published_path_is_kept(tmp_path):
    db = tmp_path / "doedocket.duckdb"
    duckdb.connect(str(db)).close()
    store.ingest(db, fixture_db.staging())
    assert db.is_symlink()
    assert list((tmp_path / "builds").glob("adopted-*.duckdb"))


def test_default_db_path_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DOEDOCKET_DB", str(tmp_path / "x.duckdb"))
    assert store.default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("DOEDOCKET_DB")
    assert str(store.default_db_path()) == os.path.join("data", "doedocket.duckdb")
