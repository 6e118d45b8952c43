"""Write builds of the database and publish them atomically.

A build is a new DuckDB file under `<db dir>/builds/`. It starts as a byte copy of the published
build (or empty with `fresh=True`), takes the new source rows and re-derives every derived table in
one transaction, and is then published by swapping the symlink `<db>` to it with `os.replace`.
Readers (the app) open published builds read-only and never see half a load; a failed or killed
build leaves only a `*.partial` file, removed by the next build. Published builds are immutable.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipelines.classify import classify_entries
from pipelines.staging import Staging

QUERIES = Path(__file__).resolve().parent.parent / "queries"
SCHEMA = QUERIES / "schema.sql"
BUILD_DIR = QUERIES / "build"
DERIVED_TABLES = ("cases", "parties", "attorneys", "docket_entries", "events", "case_counsel", "case_measures")
SOURCE_TABLES = {
    "cases": "source_cases",
    "parties": "source_parties",
    "attorneys": "source_attorneys",
    "docket_entries": "source_docket_entries",
    "hand_events": "source_hand_events",
}
KEEP_OLD_BUILDS = 2


def default_db_path() -> Path:
    """`$DOEDOCKET_DB`, else `data/doedocket.duckdb` under the current directory."""
    return Path(os.environ.get("DOEDOCKET_DB", "data/doedocket.duckdb"))


def published_build(db: Path) -> Path | None:
    """The real file behind the published database path, or None when nothing is published."""
    return db.resolve() if db.exists() else None


def key_path(db: Path) -> Path:
    """Where the pseudonymisation key of this database lives (beside it, never committed)."""
    return db.parent / "secret.key"


def _builds_dir(db: Path) -> Path:
    return db.parent / "builds"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_partial_builds(db: Path) -> list[Path]:
    """Remove partial builds left by killed or failed processes; return what was removed."""
    removed = []
    builds = _builds_dir(db)
    if not builds.is_dir():
        return removed
    # A process killed while publishing leaves its new link `.<db>.<pid>.link` beside the database.
    for link in db.parent.glob(f".{db.name}.*.link"):
        pid_text = link.name[len(db.name) + 2:-len(".link")]
        if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        link.unlink(missing_ok=True)
        removed.append(link)
    for path in builds.glob("*.partial*"):
        pid_text = path.name.split(".", 1)[0].rsplit("-", 1)[-1]
        if pid_text.isdigit() and _pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _prune_old_builds(db: Path, current: Path) -> None:
    finished = sorted(p for p in _builds_dir(db).glob("*.duckdb") if p.resolve() != current)
    for old in finished[:-KEEP_OLD_BUILDS] if KEEP_OLD_BUILDS else finished:
        old.unlink(missing_ok=True)


def _publish(db: Path, build: Path) -> None:
    if db.exists() and not db.is_symlink():
        # A plain database file at the published path is kept as a build, never overwritten.
        os.replace(db, _builds_dir(db) / f"adopted-{time.strftime('%Y%m%dT%H%M%S')}.duckdb")
    link_tmp = db.parent / f".{db.name}.{os.getpid()}.link"
    link_tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(build, db.parent), link_tmp)
    os.replace(link_tmp, db)


@contextmanager
def building(db: Path, *, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a new build inside a transaction; on success derive, commit and publish it.

    Anything raised inside the block (or by the derivation) rolls back and deletes the build:
    the published database is left exactly as it was.
    """
    db = Path(db)
    builds = _builds_dir(db)
    builds.mkdir(parents=True, exist_ok=True)
    clean_partial_builds(db)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"{time.time() % 1:.6f}"[1:].replace(".", "_")
    partial = builds / f"{stamp}-{os.getpid()}.partial"
    base = published_build(db)
    if base is not None and not fresh:
        shutil.copyfile(base, partial)
    con = duckdb.connect(str(partial))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(SCHEMA.read_text())
        yield con
        derive(con)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.close()
        final = builds / f"{stamp}-{os.getpid()}.duckdb"
        os.replace(partial, final)
        _publish(db, final)
        _prune_old_builds(db, final)
    except BaseException:
        try:
            con.close()
        finally:
            for leftover in builds.glob(f"{partial.name}*"):
                leftover.unlink(missing_ok=True)
        raise


def load_staging(con: duckdb.DuckDBPyConnection, staging: Staging) -> dict[str, int]:
    """Replace the rows of every (case_id, source) pair in `staging` with its rows.

    Returns rows loaded per staging table. Loading the same staging twice gives the same tables.
    """
    frames = staging.conform().check_keys().tables()
    pairs = pl.concat([f.select("case_id", "source") for f in frames.values()], how="vertical").unique()
    con.register("_pairs", pairs)
    loaded = {}
    for name, frame in frames.items():
        table = SOURCE_TABLES[name]
        con.execute(
            f"DELETE FROM {table} AS t WHERE EXISTS "
            "(SELECT 1 FROM _pairs AS p WHERE p.case_id = t.case_id AND p.source = t.source)"
        )
        con.register("_frame", frame)
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
        con.unregister("_frame")
        loaded[name] = frame.height
    con.unregister("_pairs")
    return loaded


def _run_step(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute((BUILD_DIR / name).read_text())


# Docket entries classified per call. The classifier reads whole dockets (its context rules look across
# a case), so entries go to it in ranges of case_id holding about this many entries: memory stays
# bounded however many entries a build has, and the events are the same as in one call.
CLASSIFY_CHUNK_ENTRIES = 500_000


def _case_ranges(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple[str, str]]:
    """Consecutive (first, last) case_id ranges of docket_entries, each with about `limit` entries."""
    counts = con.sql("SELECT case_id, count(*) AS n FROM docket_entries GROUP BY case_id ORDER BY case_id").pl()
    ranges = (
        counts.with_columns(_range=(pl.col("n").cum_sum() - pl.col("n")) // limit)
        .group_by("_range", maintain_order=True)
        .agg(first=pl.col("case_id").first(), last=pl.col("case_id").last())
    )
    return list(zip(ranges["first"].to_list(), ranges["last"].to_list()))


def _insert_classified_events(con: duckdb.DuckDBPyConnection) -> None:
    for first, last in _case_ranges(con, CLASSIFY_CHUNK_ENTRIES):
        entries = con.sql(
            "SELECT case_id, entry_seq, entry_number, date_filed, description, source, source_url "
            "FROM docket_entries WHERE case_id BETWEEN $first AND $last ORDER BY case_id, entry_seq",
            params={"first": first, "last": last},
        ).pl()
        classified = classify_entries(entries.drop("source", "source_url")).join(
            entries.select("case_id", "entry_seq", "source", "source_url"), on=["case_id", "entry_seq"], how="inner"
        )
        con.register("_classified", classified)
        con.execute(
            "INSERT INTO events SELECT case_id, 'classified', entry_seq, entry_number, date_filed, label, rule, "
            "rules_on, does_affected, with_prejudice, inferred, judge, NULL, source, source_url FROM _classified"
        )
        con.unregister("_classified")


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from the source tables (inside the caller's transaction).

    Order: merge sources into cases and their detail, classify docket entries into events, add
    hand-coded events, then counsel and the per-case measures that read the events.
    """
    for table in DERIVED_TABLES:
        con.execute(f"DELETE FROM {table}")
    _run_step(con, "01_merge_cases.sql")
    _run_step(con, "02_merge_case_detail.sql")
    _insert_classified_events(con)
    _run_step(con, "03_hand_events.sql")
    _run_step(con, "04_case_counsel.sql")
    _run_step(con, "05_case_measures.sql")
    _run_step(con, "06_swarm_measures.sql")


def ingest(db: Path, staging: Staging, *, fresh: bool = False) -> dict[str, int]:
    """Load `staging` into a new build of `db` and publish it; returns rows loaded per table."""
    with building(db, fresh=fresh) as con:
        loaded = load_staging(con, staging)
    return loaded
