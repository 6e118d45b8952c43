"""Write builds of the database and publish them atomically: the store owns every build.

`ingest_source` is the one ingest driver: a source (`pipelines.sources.base.Source`) reads its paths
into batches; each batch is classified and committed inside a private build; then the build is
derived (re-classified if the classifier changed, sources' cross-source rows re-derived, hand
corrections read, every model of queries/build/ made) and published. Readers never open builds.

A build is a new DuckDB file under `<db dir>/builds/`. It starts as a byte copy of the published
build (or empty with `fresh=True`), takes the new source rows (one transaction per batch, with the
batch's docket entries classified into `source_events` on the way in), re-derives every derived
table, and is then published by swapping the symlink `<db>` to it with `os.replace`. The build file
is private until then, so committing batch by batch keeps memory bounded without anyone seeing half
a load: readers (the app) open published builds read-only, and a failed or killed build leaves only
a `*.partial` file, deleted at once or by the next build. Published builds are immutable.

Classified events are kept per source, like the docket entries they come from, so a new build
re-classifies nothing unless the classifier changed: `build_info` records the version of the rules
that classified a build's `source_events`, and a build with another version is re-classified whole.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
from tqdm import tqdm

from pipelines import classify, corrections, models, resources
from pipelines.classify import classify_entries
from pipelines.dockets import columns, stored
from pipelines.privacy import load_or_create_key
from pipelines.sources.base import Batch, BulkLoad, DocketColumns, DocketRecords, Loaded, Source
from pipelines.sources.registry import SOURCES
from pipelines.staging import Staging

QUERIES = resources.QUERIES
SCHEMA = QUERIES / "schema.sql"
# Staging frame -> the source table it loads into; `events` is the classifier's output for the entries.
SOURCE_TABLES = {
    "cases": "source_cases",
    "parties": "source_parties",
    "attorneys": "source_attorneys",
    "docket_entries": "source_docket_entries",
    "hand_events": "source_hand_events",
    "events": "source_events",
}
KEEP_OLD_BUILDS = 2
# DuckDB's memory while writing a build (it spills to `<build>.tmp` beyond it): with the batches in
# Polars beside it, an ingest of any size stays within about 4 GB. `$DOEDOCKET_BUILD_MEMORY` overrides.
BUILD_MEMORY_LIMIT = "1536MB"
# Events in `source_events` classified by another version of the classifier are classified again.
CLASSIFIER_VERSION = classify.VERSION


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
def building(db: Path, *, fresh: bool = False,
             finishing: list[Callable[[duckdb.DuckDBPyConnection], None]] | None = None,
             ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a new build inside a transaction; on success derive, commit and publish it.

    `finishing`: steps the block adds to, run after the derivation and before the commit (what a load
    left going in the background, which no model reads). Anything raised inside the block, by the
    derivation or by a finishing step rolls back and deletes the build: the published database is
    left exactly as it was.
    """
    db = Path(db)
    builds = _builds_dir(db)
    builds.mkdir(parents=True, exist_ok=True)
    clean_partial_builds(db)
    now = time.time()  # one reading for the seconds and the fraction, so names sort in build order
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(now)) + f"_{int(now % 1 * 1_000_000):06d}"
    partial = builds / f"{stamp}-{os.getpid()}.partial"
    base = published_build(db)
    if base is not None and not fresh:
        shutil.copyfile(base, partial)
    con = duckdb.connect(str(partial), config={
        "memory_limit": os.environ.get("DOEDOCKET_BUILD_MEMORY", BUILD_MEMORY_LIMIT)})
    try:
        con.execute(SCHEMA.read_text())
        if base is None or fresh:
            _set_classifier_version(con)
        yield con
        derive(con)
        for step in finishing or ():
            step(con)
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


def _set_classifier_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT OR REPLACE INTO build_info VALUES ('classifier_version', $v)", {"v": CLASSIFIER_VERSION})


def _classifier_version(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM build_info WHERE name = 'classifier_version'").fetchone()
    return row[0] if row else None


EVENT_COLUMNS = ("case_id", "source", "entry_seq", "entry_number", "date", "label", "rule", "rules_on",
                 "does_affected", "with_prejudice", "inferred", "judge", "source_url")


def classified(entries: pl.DataFrame, cache: classify.LineCache | None = None) -> pl.DataFrame:
    """The events of docket entries (staging columns), each source's docket classified on its own;
    `cache` keeps line results from one call to the next (`classify.LineCache`)."""
    parts = []
    for (source,), part in entries.partition_by("source", as_dict=True, maintain_order=True).items():
        found = classify_entries(part.select("case_id", "entry_seq", "entry_number", "date_filed", "description"), cache)
        parts.append(
            found.join(part.select("case_id", "entry_seq", "source_url"), on=["case_id", "entry_seq"], how="inner")
            .with_columns(source=pl.lit(source, pl.String))
            .rename({"date_filed": "date"})
            .select(EVENT_COLUMNS)
        )
    return pl.concat(parts) if parts else pl.DataFrame()


@dataclass
class Prepared:
    """A staging checked and classified, ready to load: all the work of a load that needs no database."""

    frames: dict[str, pl.DataFrame]
    pairs: pl.DataFrame


def prepare(staging: Staging, cache: classify.LineCache | None = None) -> Prepared:
    """Conform `staging`, check its keys and classify its docket entries (the `events` frame); a load
    of many batches passes one `cache` to each, so that a text seen in one is not classified again."""
    frames = staging.conform().check_keys().tables()
    pairs = pl.concat([f.select("case_id", "source") for f in frames.values()], how="vertical").unique()
    return Prepared({**frames, "events": classified(frames["docket_entries"], cache)}, pairs)


def load_staging(con: duckdb.DuckDBPyConnection, staging: Staging | Prepared) -> dict[str, int]:
    """Replace the rows of every (case_id, source) pair in `staging` with its rows, in one transaction;
    the docket entries' events go to `source_events`.

    Returns rows loaded per staging table. Loading the same staging twice gives the same tables.
    """
    ready = staging if isinstance(staging, Prepared) else prepare(staging)
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_pairs", ready.pairs)
        # The case_id range first: rows are stored in load order, so for a batch of consecutive cases
        # (a generated directory, a court's dockets) the range skips every row group but a few.
        bounds = {"lo": ready.pairs["case_id"].min(), "hi": ready.pairs["case_id"].max()}
        for name, frame in ready.frames.items():
            table = SOURCE_TABLES[name]
            con.execute(
                f"DELETE FROM {table} AS t WHERE t.case_id BETWEEN $lo AND $hi AND EXISTS "
                "(SELECT 1 FROM _pairs AS p WHERE p.case_id = t.case_id AND p.source = t.source)",
                bounds,
            )
            if frame.height:
                con.register("_frame", frame)
                columns = ", ".join(frame.columns)
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
                con.unregister("_frame")
        con.unregister("_pairs")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {name: frame.height for name, frame in ready.frames.items() if name != "events"}


# Docket entries re-classified per call when the classifier has changed. The classifier reads whole
# dockets (its context rules look across a case), so entries go to it in ranges of case_id holding
# about this many entries: memory stays bounded however many entries a build has, and the events are
# the same as in one call.
CLASSIFY_CHUNK_ENTRIES = 500_000


def _case_ranges(con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple[str, str]]:
    """Consecutive (first, last) case_id ranges of source_docket_entries, each with about `limit` entries."""
    counts = con.sql("SELECT case_id, count(*) AS n FROM source_docket_entries GROUP BY case_id ORDER BY case_id").pl()
    ranges = (
        counts.with_columns(_range=(pl.col("n").cum_sum() - pl.col("n")) // limit)
        .group_by("_range", maintain_order=True)
        .agg(first=pl.col("case_id").first(), last=pl.col("case_id").last())
    )
    return list(zip(ranges["first"].to_list(), ranges["last"].to_list()))


def reclassify(con: duckdb.DuckDBPyConnection) -> None:
    """Classify every source's docket entries again (a build made by another classifier version)."""
    con.execute("DELETE FROM source_events")
    cache = classify.LineCache()
    for first, last in _case_ranges(con, CLASSIFY_CHUNK_ENTRIES):
        entries = con.sql(
            "SELECT case_id, source, entry_seq, entry_number, date_filed, description, source_url "
            "FROM source_docket_entries WHERE case_id BETWEEN $first AND $last ORDER BY case_id, source, entry_seq",
            params={"first": first, "last": last},
        ).pl()
        con.register("_classified", classified(entries, cache))
        con.execute(f"INSERT INTO source_events ({', '.join(EVENT_COLUMNS)}) "
                    f"SELECT {', '.join(EVENT_COLUMNS)} FROM _classified")
        con.unregister("_classified")
    _set_classifier_version(con)


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Make every derived table and view afresh from the source tables, each model in its own
    transaction: re-classify first when the classifier changed, then each source's rows that depend on
    what other sources hold (`Source.rederive`), then the hand corrections (`pipelines.corrections`), then
    the models of queries/build/ in build order
    (`pipelines.models`). Everything here is worked out from all stored records, so the order in which
    files were loaded never changes a build.
    """
    if _classifier_version(con) != CLASSIFIER_VERSION:
        reclassify(con)
    for source in SOURCES:
        if source.rederive:
            con.execute("BEGIN TRANSACTION")
            for step in source.rederive:
                con.execute((QUERIES / step).read_text())
            con.execute("COMMIT")
    corrections.load(con)  # hand corrections (data/corrections/*.csv), checked, for the models to apply
    every = models.build_order()
    # Dropped last-made first, each by the kind it has in this build (an older build may have made
    # a view of today's as a table, or left out a model added since).
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables "
                             "WHERE table_schema = 'main'").fetchall())
    for model in reversed(every):
        if model.name in kinds:
            con.execute(f"DROP {'VIEW' if kinds[model.name] == 'VIEW' else 'TABLE'} {model.name}")
    _make_all(con, every)


def _make_all(con: duckdb.DuckDBPyConnection, every: tuple[models.Model, ...]) -> None:
    """Make the models, each as soon as the models it reads are made, up to one per core at a time.

    Many models are small (a few hundred thousand rows), too small for DuckDB to spread one over both
    cores; two at once keep both busy. Each runs on a cursor of its own in its own transaction, begun
    after the models it reads were committed, so what it sees is what a one-at-a-time build sees.
    A failing model stops the others from starting; the error is raised once the running ones end.
    """
    waiting = {m.name: m for m in every}
    made: set[str] = set()
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        running: dict[Future, str] = {}
        while waiting or running:
            for name in [n for n, m in waiting.items() if m.reads <= made]:
                running[pool.submit(_make, con.cursor(), waiting.pop(name))] = name
            if not running:
                raise models.ModelError(f"models read each other in a circle: {', '.join(sorted(waiting))}")
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                name = running.pop(future)
                if future.exception() is not None:
                    waiting.clear()
                    wait(running)
                    raise future.exception()
                made.add(name)


def _make(con: duckdb.DuckDBPyConnection, model: models.Model) -> None:
    """Run one model in a transaction of its own (on `con`, a cursor closed afterwards)."""
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(model.sql)
        con.execute("COMMIT")
    finally:
        con.close()


def ingest(db: Path, staging: Staging, *, fresh: bool = False) -> dict[str, int]:
    """Load one `staging` into a new build of `db` and publish it; returns rows loaded per table."""
    return run_ingest(db, [staging], load_or_create_key(key_path(db)), fresh=fresh).rows


def ingest_source(db: Path, source: Source, paths: list[Path], options: argparse.Namespace, *,
                  fresh: bool = False) -> Loaded:
    """`doedocket ingest NAME PATH...`: read `paths` with `source`, batch by batch, into a new build
    of `db` and publish it. A terminal is shown the progress; the source's summary says what loaded."""
    key = load_or_create_key(key_path(db))
    # A terminal that reports no size (a fresh pty) would hide the bar: fall back to $COLUMNS or 100.
    size = shutil.get_terminal_size((100, 20))
    progress = tqdm(total=source.expected(paths, options), unit=f" {source.unit}", file=sys.stderr,
                    disable=not sys.stderr.isatty(), desc=f"ingest {source.name}", ncols=size.columns,
                    nrows=size.lines)
    with progress:
        return run_ingest(db, source.batches(paths, options, key), key, fresh=fresh, progress=progress)


def run_ingest(db: Path, batches: Iterable[Batch], key: bytes, *, fresh: bool = False,
               progress: tqdm | None = None) -> Loaded:
    """The one ingest driver: every batch classified and committed inside one private build, which is
    then derived and published (or, on any error, deleted: the published database stays as it was).

    While one batch is loaded, the next is read, normalised and classified in a second thread (Polars
    and DuckDB release Python's lock, so both cores work); one `LineCache` serves every batch.
    """
    loaded = Loaded()
    lines = classify.LineCache()  # used by the preparing thread alone
    source_batches = iter(batches)
    earlier: set[tuple[str, str]] = set()  # (case_id, source) of the docket columns of earlier batches
    finishing: list[Callable[[duckdb.DuckDBPyConnection], None]] = []  # bulk loads' steps after the derivation

    def next_ready(cursor: duckdb.DuckDBPyConnection) -> Prepared | _PreparedColumns | Batch | None:
        batch = next(source_batches, None)
        if isinstance(batch, DocketColumns):
            return _prepare_columns(cursor, batch, earlier, lines)
        return prepare(batch, lines) if isinstance(batch, Staging) else batch

    with ThreadPoolExecutor(max_workers=1) as pool, building(db, fresh=fresh, finishing=finishing) as con:
        cursor = con.cursor()  # the preparing thread's own connection to the build
        try:
            future = pool.submit(next_ready, cursor)
            while (ready := future.result()) is not None:
                future = pool.submit(next_ready, cursor)
                records = _load_batch(con, ready, key, lines, loaded)
                if isinstance(ready, BulkLoad) and ready.finish is not None:
                    finishing.append(lambda c, finish=ready.finish, result=loaded.results[-1]: finish(c, result))
                loaded.batches += 1
                if progress is not None:
                    progress.update(records)
                    progress.set_postfix(batches=loaded.batches, refresh=False)
        finally:
            future.cancel()
            wait([future])
            cursor.close()
    return loaded


@dataclass
class _PreparedColumns:
    """Docket columns with their new cases (no stored record, one record in the batch) staged and
    classified; the other cases' records (`merging`) are merged by the loader."""

    batch: DocketColumns
    merging: set[tuple[str, str]]
    new: Prepared


def _prepare_columns(cursor: duckdb.DuckDBPyConnection, batch: DocketColumns, earlier: set[tuple[str, str]],
                     lines: classify.LineCache) -> _PreparedColumns:
    """`batch`'s new cases staged and classified, in the preparing thread. A case is not new when the
    build stores a record of it (committed, or in an earlier batch of this load, which may still be loading)
    or when the batch holds two records of it."""
    pairs = batch.records.select("case_id", "source").unique()
    cursor.register("_batch_pairs", pairs)
    try:
        known = set(cursor.execute(
            "SELECT p.case_id, p.source FROM _batch_pairs AS p WHERE EXISTS "
            "(SELECT 1 FROM source_records AS s WHERE s.case_id = p.case_id AND s.source = p.source)").fetchall())
    finally:
        cursor.unregister("_batch_pairs")
    found = set(pairs.iter_rows())
    merging = columns.merging_pairs(batch.records, known | (found & earlier))
    earlier.update(found)
    return _PreparedColumns(batch, merging, prepare(columns.new_case_staging(batch.staging, merging), lines))


def _load_batch(con: duckdb.DuckDBPyConnection, batch: Prepared | Batch, key: bytes, lines: classify.LineCache,
                loaded: Loaded) -> int:
    """Load one batch into the open build; returns how many of its source's units (cases, files or
    records) it held."""
    if isinstance(batch, BulkLoad):
        loaded.results.append(batch.run(con))
        return batch.records
    if isinstance(batch, _PreparedColumns):
        rows = batch.batch.records
        if batch.merging:  # cases stored already or twice in the batch: the record path merges them
            merging = pl.DataFrame(list(batch.merging), schema={"case_id": pl.String, "source": pl.String},
                                   orient="row")
            staging = stored.staged_rows(con, rows.join(merging, on=["case_id", "source"], how="semi",
                                                        maintain_order="left"))
            rows = rows.join(merging, on=["case_id", "source"], how="anti", maintain_order="left")
            loaded.docket_cases.update(staging.cases.select("source", "case_id").iter_rows())
            _add(loaded.rows, load_staging(con, prepare(staging)))
        con.register("_new_records", rows)
        con.execute("INSERT INTO source_records SELECT case_id, source, record_hash, kind, record FROM _new_records")
        con.unregister("_new_records")
        loaded.docket_cases.update(batch.new.frames["cases"].select("source", "case_id").iter_rows())
        loaded.notes.extend(batch.batch.notes)
        _add(loaded.rows, load_staging(con, batch.new))
        return batch.batch.files
    if isinstance(batch, DocketRecords):
        staging = stored.staged(con, batch.records, key)  # a bad record fails before anything of it is stored
        loaded.docket_cases.update(staging.cases.select("source", "case_id").iter_rows())
        loaded.notes.extend(batch.notes)
        _add(loaded.rows, load_staging(con, prepare(staging, lines)))
        return batch.files
    _add(loaded.rows, load_staging(con, batch))
    return batch.frames["cases"].height


def _add(totals: dict[str, int], rows: dict[str, int]) -> None:
    for table, n in rows.items():
        totals[table] = totals.get(table, 0) + n
