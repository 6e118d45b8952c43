"""Benchmark: the aggregate questions on DuckDB (one file) vs Spark local mode (the Parquet lake).

`run(cases)` generates `cases` synthetic cases (`doedocket synth dockets`), ingests them into a new
database, exports the lake (`doedocket export parquet`), then times each aggregate question on both
engines: one warm-up run, then `runs` timed runs (min / median / max seconds), and checks that both
engines printed the same CSV. Spark runs in local mode on every core of this machine (`local[*]`),
DuckDB with its default threads, so both get the same hardware.

    .venv/bin/python bench/bench_spark.py --cases 100000 300000 1000000 --report /tmp/spark_tables.md

With two sizes or more, the report fits t = a + b * cases per engine and query (least squares) and
estimates the crossover: Spark spread over k machines like this one costs about a_s + b_s * N / k,
DuckDB on one a_d + b_d * N, so Spark wins once k > b_s / b_d and N > (a_s - a_d) / (b_d - b_s / k).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines import export, queries, spark_engine, store  # noqa: E402
from pipelines.cli import main as cli  # noqa: E402

AGGREGATES = ("funnel", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings", "filings_by_month")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _stats(seconds: list[float]) -> dict[str, float]:
    return {"min": round(min(seconds), 3), "median": round(statistics.median(seconds), 3),
            "max": round(max(seconds), 3)}


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _versions() -> dict[str, str]:
    import pyspark
    import sqlglot

    return {"python": platform.python_version(), "duckdb": duckdb.__version__, "pyspark": pyspark.__version__,
            "sqlglot": sqlglot.__version__, "java": os.popen("java -version 2>&1").read().splitlines()[0]}


def run(cases: int, runs: int = 3, workdir: Path | None = None, seed: int = 1) -> dict:
    """Build, export and time the aggregate questions on `cases` synthetic cases; returns the figures."""
    root = Path(workdir or tempfile.mkdtemp(prefix=f"bench_spark_{cases}_"))
    root.mkdir(parents=True, exist_ok=True)
    db, synth, lake = root / "bench.duckdb", root / "synth", root / "lake"
    setup = {}
    if store.published_build(db) is None:
        setup["generate_s"] = _timed(lambda: cli(["synth", "dockets", "--cases", str(cases), "--seed", str(seed),
                                                   "--out", str(synth)]))
        setup["ingest_s"] = _timed(lambda: cli(["ingest", "synthetic", str(synth), "--db", str(db)]))
        shutil.rmtree(synth)
    setup["export_s"] = _timed(lambda: export.export_parquet(db, lake))
    load_before = os.getloadavg()
    spark = spark_engine.session("local[*]")
    start = time.perf_counter()
    lake_reader = spark_engine.Lake(spark, str(lake))
    setup["spark_lake_open_s"] = time.perf_counter() - start
    con = duckdb.connect(str(store.published_build(db)), read_only=True)
    timings = {}
    try:
        for name in AGGREGATES:
            answers = {}
            per_engine = {}
            for engine, answer in (("duckdb", lambda n=name: queries.run(con, n)),
                                   ("spark", lambda n=name: lake_reader.run(n))):
                answers[engine] = queries.to_csv(answer())  # warm-up, and the answer to compare
                per_engine[engine] = _stats([_timed(answer) for _ in range(runs)])
            if answers["duckdb"] != answers["spark"]:
                raise AssertionError(f"{name}: DuckDB and Spark answers differ at {cases} cases")
            timings[name] = per_engine
            print(json.dumps({"cases": cases, "query": name, **per_engine}), file=sys.stderr, flush=True)
    finally:
        con.close()
    with duckdb.connect(str(store.published_build(db)), read_only=True) as c:
        rows = dict(c.execute("SELECT 'entries', count(*) FROM docket_entries UNION ALL "
                              "SELECT 'events', count(*) FROM events").fetchall())
    return {
        "cases": cases, "runs": runs, "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
        "versions": _versions(), "rows": rows, "db_bytes": store.published_build(db).stat().st_size,
        "lake_bytes": _size(lake), "setup_s": {k: round(v, 1) for k, v in setup.items()}, "timings": timings,
    }


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares a, b of t = a + b * n."""
    ns, ts = [p[0] for p in points], [p[1] for p in points]
    mean_n, mean_t = statistics.fmean(ns), statistics.fmean(ts)
    b = sum((n - mean_n) * (t - mean_t) for n, t in points) / sum((n - mean_n) ** 2 for n in ns)
    return mean_t - b * mean_n, b


def crossover(results: list[dict], name: str) -> dict:
    """Per-case costs of both engines on `name` and the cluster size/data size where Spark wins."""
    fits = {e: _fit([(r["cases"], r["timings"][name][e]["median"]) for r in results]) for e in ("duckdb", "spark")}
    (a_d, b_d), (a_s, b_s) = fits["duckdb"], fits["spark"]
    out = {"duckdb_fixed_s": a_d, "duckdb_us_per_case": b_d * 1e6, "spark_fixed_s": a_s,
           "spark_us_per_case": b_s * 1e6, "usable": b_d > 0 and b_s > 0}
    out["machines_needed"] = b_s / b_d if out["usable"] else None
    for k in (8, 32, 128):
        slope = b_d - b_s / k
        out[f"cases_to_win_on_{k}"] = max((a_s - a_d) / slope, 0) if out["usable"] and slope > 0 else None
    return out


def report(results: list[dict]) -> str:
    """The Markdown tables of a set of runs (measured figures only; see crossover for the fit)."""
    first = results[0]
    lines = [f"Measured {first['date'][:10]} on {first['machine']['cpus']} cores, "
             f"{first['machine']['memory_gib']} GiB ({first['machine']['platform']}); "
             + ", ".join(f"{k} {v}" for k, v in first["versions"].items()) + ".", ""]
    for r in results:
        lines += [f"### {r['cases']:,} cases ({r['rows']['entries']:,} docket entries, {r['rows']['events']:,} events)",
                  "",
                  f"Database {r['db_bytes'] / 2**20:,.0f} MiB, lake {r['lake_bytes'] / 2**20:,.0f} MiB; setup "
                  + ", ".join(f"{k} {v}" for k, v in r["setup_s"].items())
                  + f"; load average before {r['load_before']}, after {r['load_after']}.", "",
                  "| query | DuckDB min / median / max s | Spark local min / median / max s | Spark / DuckDB |",
                  "|---|---|---|---|"]
        for name, t in r["timings"].items():
            d, s = t["duckdb"], t["spark"]
            lines.append(f"| {name} | {d['min']} / {d['median']} / {d['max']} | {s['min']} / {s['median']} / {s['max']} "
                         f"| {s['median'] / d['median']:.0f}x |")
        lines.append("")
    if len(results) >= 2:
        lines += ["### Fit t = a + b * cases (medians) and crossover", "",
                  "| query | DuckDB a s, b µs/case | Spark a s, b µs/case | machines for Spark to win (b_s / b_d) "
                  "| cases to win on 8 / 32 / 128 machines |", "|---|---|---|---|---|"]
        for name in results[0]["timings"]:
            c = crossover(results, name)
            if not c["usable"]:  # a slope <= 0: noise (machine load) outweighs the growth in work
                wins, machines = "fit unusable (slope <= 0)", "-"
            else:
                wins = " / ".join("never" if c[f"cases_to_win_on_{k}"] is None else f"{c[f'cases_to_win_on_{k}']:,.0f}"
                                  for k in (8, 32, 128))
                machines = f"{c['machines_needed']:.0f}"
            lines.append(f"| {name} | {c['duckdb_fixed_s']:.2f}, {c['duckdb_us_per_case']:.2f} | "
                         f"{c['spark_fixed_s']:.2f}, {c['spark_us_per_case']:.2f} | {machines} | {wins} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[10_000_000], help="sizes to measure")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per query and engine (after a warm-up)")
    parser.add_argument("--workdir", help="keep databases and lakes here (one folder per size; reused if built)")
    parser.add_argument("--report", help="write the Markdown tables to this file")
    args = parser.parse_args(argv)
    results = []
    for cases in args.cases:
        workdir = Path(args.workdir) / str(cases) if args.workdir else None
        results.append(run(cases, args.runs, workdir))
        print(json.dumps(results[-1]), flush=True)
    if args.report:
        Path(args.report).write_text(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
