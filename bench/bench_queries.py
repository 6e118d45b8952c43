"""Benchmark: every question the app runs, on DuckDB and on the same rows in SQLite (Datasette's engine).

Usage: ``python bench/bench_queries.py --db PATH [--sqlite PATH] [--runs 20]``.
`run(db, sqlite_path, runs)` returns the figures as a dict for the shared harness (bench/run.py).

Every question in ``queries/`` (`pipelines.queries.available()`: the dashboard's and the command
line's) runs with the default filters (none) and, where it takes the common filters, with a typical
filter (the busiest court, three years of filings). Parameters a page always sets are set the way
the pages set them (a case for the case pages, a top-10 cut, the largest plaintiff for a profile).

DuckDB runs through `pipelines.queries.run` on a read-only connection, as the app does (result as a
Polars frame). SQLite runs the question translated by ``bench/sqlite/mirror.py`` on a copy of the
same tables, fetching every row. Both are warmed by one run, then timed ``runs`` times (p50 and p95);
SQLite stops early when a question has used its time budget (at least 3 timed runs, or the single
warm run when that alone exceeds the budget) and a run is cut off after ``SQLITE_TIMEOUT_S``
(reported as a lower bound). A ratio is reported only when SQLite returned the same rows as DuckDB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench" / "sqlite"))

import mirror  # noqa: E402

from pipelines import cli, queries, store  # noqa: E402
from pipelines.synth import idb as synth_idb  # noqa: E402

COMMON = ("court", "plaintiff", "counsel", "judge", "filed_from", "filed_to", "exclude_plaintiff")
# The questions whose speed the dashboard's aggregate views depend on (the ">= 10x SQLite" set).
AGGREGATE = ("plaintiff_scorecard", "counsel_scorecard", "judge_rulings", "funnel", "filings_by_month",
             "doe_share_by_year", "district_doe_share", "top_plaintiffs_by_year", "disposition_mix")
SQLITE_BUDGET_S = 20.0
SQLITE_TIMEOUT_S = 120.0


def _quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(samples: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {"p50_ms": statistics.median(ms), "p95_ms": _quantile(ms, 0.95), "min_ms": min(ms), "max_ms": max(ms),
            "runs": len(ms)}


def app_values(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Parameter values the pages set: a case with a long docket, the largest plaintiff, the busiest court."""
    case = con.execute(
        "SELECT case_id FROM docket_entries GROUP BY case_id ORDER BY count(*) DESC, case_id LIMIT 1"
    ).fetchone()
    plaintiff = con.execute(
        "SELECT plaintiff FROM cases WHERE plaintiff IS NOT NULL GROUP BY plaintiff ORDER BY count(*) DESC, plaintiff LIMIT 1"
    ).fetchone()
    court = con.execute("SELECT court_id FROM cases GROUP BY court_id ORDER BY count(*) DESC, court_id LIMIT 1").fetchone()
    return {
        "case_id": case[0] if case else None,
        "profile_plaintiff": plaintiff[0] if plaintiff else None,
        "top": 10,
        "limit": 500,
        "typical": {"court": [court[0]] if court else None, "filed_from": "2012-01-01", "filed_to": "2014-12-31"},
    }


def variants(name: str, values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, parameters) pairs a question is timed with."""
    used = queries.parameters_of(queries.sql_for(name))
    base = {k: values[k] for k in ("case_id", "profile_plaintiff", "top", "limit") if k in used}
    out = [("default", base)]
    if any(k in used for k in COMMON):
        out.append(("typical", {**base, **{k: v for k, v in values["typical"].items() if k in used}}))
    return out


def _time_duckdb(con: duckdb.DuckDBPyConnection, name: str, params: dict, runs: int) -> tuple[list[float], int]:
    frame = queries.run(con, name, params)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        queries.run(con, name, params)
        samples.append(time.perf_counter() - start)
    return samples, frame.height


def _time_sqlite(lite, sql: str, params: dict, runs: int) -> tuple[list[float], list[tuple] | None, bool]:
    """Samples, the rows of the first run (None when cut off) and whether a run was cut off."""
    deadline = [0.0]
    lite.set_progress_handler(lambda: 1 if time.perf_counter() > deadline[0] else 0, 10_000)

    def once() -> tuple[float, list[tuple] | None]:
        deadline[0] = time.perf_counter() + SQLITE_TIMEOUT_S
        start = time.perf_counter()
        try:
            rows = lite.execute(sql, params).fetchall()
        except mirror.sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            return time.perf_counter() - start, None
        return time.perf_counter() - start, rows

    warm, rows = once()
    if rows is None:
        return [warm], None, True
    if warm > SQLITE_BUDGET_S:
        return [warm], rows, False
    samples, spent = [], 0.0
    while len(samples) < runs and (len(samples) < 3 or spent < SQLITE_BUDGET_S):
        took, _ = once()
        samples.append(took)
        spent += took
    return samples, rows, False


# Questions over the FJC IDB tables alone: timed on a database of a generated IDB file (an IDB load
# merges its cases into `cases`, which would double the docket questions' million cases).
NATIONAL = ("doe_share_by_year", "top_plaintiffs_by_year", "district_doe_share", "disposition_mix", "idb_cases_behind")


def national_database(work: Path, rows: int, seed: int = 1, copyright_share: float = 0.2) -> tuple[Path, dict]:
    """A database holding only a generated IDB file of `rows` lines (a `copyright_share` of them
    copyright cases: 0.2 of 5 million lines is about a million), made once under `work`; its path
    and what loading it took."""
    db = work / f"national-{rows}" / "doedocket.duckdb"
    if store.published_build(db) is None:
        path = work / f"idb_synthetic_seed{seed}_{rows}_share{copyright_share}.txt"
        if not path.exists():
            synth_idb.write(path, rows, seed, copyright_share=copyright_share)
        start = time.perf_counter()
        if cli.main(["ingest", "idb", str(path), "--db", str(db)]) != 0:
            raise RuntimeError(f"{path}: the IDB ingest failed")
        (db.parent / "ingest_seconds").write_text(str(time.perf_counter() - start))
    con = duckdb.connect(str(store.published_build(db)), read_only=True)
    try:
        cases = con.execute("SELECT count(*) FROM idb_cases").fetchone()[0]
    finally:
        con.close()
    return db, {"idb_cases": cases, "idb_lines": rows,
                "idb_ingest_seconds": float((db.parent / "ingest_seconds").read_text())}


def run(db: Path, sqlite_path: Path | None = None, runs: int = 20, load_sqlite: bool = True,
        only: tuple[str, ...] | None = None) -> dict:
    """Time every question (or those in `only`) on the published build of `db` and on its SQLite copy."""
    real = store.published_build(Path(db))
    if real is None:
        raise FileNotFoundError(f"{db}: no published build")
    sqlite_path = Path(sqlite_path) if sqlite_path else real.with_suffix(".sqlite")
    con = duckdb.connect(str(real), read_only=True)
    out: dict[str, Any] = {"db": str(real), "sqlite": str(sqlite_path), "duckdb": duckdb.__version__,
                           "sqlite_version": mirror.sqlite3.sqlite_version}
    counts = con.execute("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM docket_entries), "
                         "(SELECT count(*) FROM events)").fetchone()
    out.update(cases=counts[0], docket_entries=counts[1], events=counts[2])
    names = [n for n in queries.available() if only is None or n in only]
    if load_sqlite or not sqlite_path.exists():
        read = " ".join(queries.sql_for(n) for n in names)
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
                  if f" {t} " in f" {read} ".replace("\n", " ").replace("(", " ").replace(",", " ")}
        start = time.perf_counter()
        out["sqlite_rows"] = mirror.load(real, sqlite_path, tables)
        out["sqlite_load_seconds"] = time.perf_counter() - start
    lite = mirror.connect(sqlite_path)
    values = app_values(con)
    results = []
    for name in names:
        for label, params in variants(name, values):
            sql, bound = queries.prepared(name, params)  # the SQL DuckDB runs, given to SQLite too
            duck_samples, rows = _time_duckdb(con, name, params, runs)
            entry: dict[str, Any] = {"query": name, "filter": label, "rows": rows, "aggregate": name in AGGREGATE,
                                     "duckdb": _summary(duck_samples)}
            try:
                lite_sql = mirror.translate(sql)
                lite_samples, lite_rows, cut = _time_sqlite(lite, lite_sql, mirror.sqlite_params(bound), runs)
            except Exception as exc:  # a question SQLite cannot run is reported, not fatal
                entry["sqlite_error"] = " ".join(str(exc).split())[:200]
                results.append(entry)
                continue
            entry["sqlite"] = _summary(lite_samples)
            entry["sqlite_cut_off"] = cut
            entry["same_answer"] = None if lite_rows is None else mirror.same_answer(
                con.execute(sql, bound).fetchall(), lite_rows)
            if cut or entry["same_answer"]:
                entry["ratio_p50"] = entry["sqlite"]["p50_ms"] / entry["duckdb"]["p50_ms"]
                entry["ratio_p95"] = entry["sqlite"]["p95_ms"] / entry["duckdb"]["p95_ms"]
            results.append(entry)
            print(json.dumps({k: entry.get(k) for k in ("query", "filter", "rows", "ratio_p50")}
                             | {"duck_p95_ms": round(entry["duckdb"]["p95_ms"], 1)}), file=sys.stderr)
    out["queries"] = results
    con.close()
    lite.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="published database path (the symlink)")
    parser.add_argument("--sqlite", help="SQLite copy to write (default: beside the build)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse-sqlite", action="store_true", help="use an existing SQLite copy as it is")
    args = parser.parse_args()
    result = run(Path(args.db), Path(args.sqlite) if args.sqlite else None, args.runs, not args.reuse_sqlite)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
