"""Benchmark: ingest a synthetic FJC IDB civil file beside DuckDB's bare read of the same file.

Usage: ``python bench/bench_idb.py [--rows N] [--repeats R] [--results bench/RESULTS_idb.md]``
(default 10,000,000 rows, 3 repeats). `run(rows)` returns the figures as a dict for a shared harness.

The file is written once by `doedocket synth idb` (seed 1, SYNTHETIC data) under
``$TMPDIR/doedocket-bench/`` and reused. Each repeat runs, in a fresh process each and in rotating
order so that a busy machine weighs on all of them alike:

* ``ingest``: `doedocket ingest idb` (the store's ingest driver) into a new database: the scan, the rejects, the
  cp1252 re-reads, names, Doe counts, tape-year collapse, the copy to source_cases and the build's
  derivation, committed and published;
* ``bare_memory`` / ``bare_disk``: ``CREATE TABLE t AS SELECT * FROM read_csv(file, ignore_errors = true)``
  in an in-memory and in an on-disk DuckDB database (``ignore_errors``: the file is cp1252, and
  DuckDB's auto-detected read stops at the first byte that is not UTF-8 without it).

Wall time is measured inside each process around the work; peak memory is that process's peak
resident set size (``ru_maxrss``). The ratio compares the ingest with the faster bare read.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

KINDS = ("bare_memory", "bare_disk", "ingest")
SEED = 1


def bench_file(rows: int) -> Path:
    """The synthetic file of `rows` rows, generated on first use."""
    directory = Path(os.environ.get("TMPDIR", "/tmp")) / "doedocket-bench"
    path = directory / f"idb_synthetic_seed{SEED}_{rows}.txt"
    if not path.exists():
        from pipelines.synth.idb import write

        partial = path.with_suffix(".partial")
        write(partial, rows, SEED)
        os.replace(partial, path)
    return path


def _child(kind: str, file: Path, work: Path) -> dict:
    """One measured run in this process (called in a fresh interpreter)."""
    import resource

    import duckdb

    start = time.perf_counter()
    if kind == "ingest":
        from pipelines import store
        from pipelines.sources.idb import IDB

        summary = IDB.summary(store.ingest_source(work / "doedocket.duckdb", IDB, [file], argparse.Namespace(nos=None)))
    else:
        con = duckdb.connect(":memory:" if kind == "bare_memory" else str(work / "bare.duckdb"))
        con.execute("SET enable_progress_bar = false")
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{file}', ignore_errors = true)")
        summary = f"{con.execute('SELECT count(*) FROM t').fetchall()[0][0]} rows in t"
        con.close()
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"kind": kind, "seconds": seconds, "peak_rss_mb": peak_kb / 1024, "summary": summary}


def _measure(kind: str, file: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="doedocket-bench-") as work:
        load_before = os.getloadavg()[0]
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--file", str(file), "--work", work],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["load_before"], result["load_after"] = load_before, os.getloadavg()[0]
        return result


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _stats(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def run(rows: int, repeats: int = 3) -> dict:
    """Generate (once) and ingest a `rows`-row file `repeats` times beside the bare DuckDB reads."""
    import duckdb
    import polars

    file = bench_file(rows)
    runs: dict[str, list[dict]] = {k: [] for k in KINDS}
    for i in range(repeats):
        order = KINDS[i % len(KINDS):] + KINDS[:i % len(KINDS)]
        for kind in order:
            runs[kind].append(_measure(kind, file))
    seconds = {k: _stats([r["seconds"] for r in v]) for k, v in runs.items()}
    memory = {k: _stats([r["peak_rss_mb"] for r in v]) for k, v in runs.items()}
    faster_bare = min(("bare_memory", "bare_disk"), key=lambda k: seconds[k]["median"])
    loads = [r[key] for v in runs.values() for r in v for key in ("load_before", "load_after")]
    return {
        "rows": rows,
        "file": str(file),
        "file_bytes": file.stat().st_size,
        "repeats": repeats,
        "seconds": seconds,
        "peak_rss_mb": memory,
        "ingest_rows_per_second": rows / seconds["ingest"]["median"],
        "bare_rows_per_second": rows / seconds[faster_bare]["median"],
        "reference": faster_bare,
        "ratio_ingest_to_bare": seconds["ingest"]["median"] / seconds[faster_bare]["median"],
        "ingest_summary": runs["ingest"][-1]["summary"],
        "runs": runs,
        "machine": {"nproc": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version(),
                    "duckdb": duckdb.__version__, "polars": polars.__version__},
        "load_average": {"min": min(loads), "max": max(loads)},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def markdown(result: dict) -> str:
    """The results as the Markdown table of bench/RESULTS_idb.md."""
    s, m, mach = result["seconds"], result["peak_rss_mb"], result["machine"]
    lines = [
        "# FJC IDB ingest benchmark (bench/bench_idb.py)",
        "",
        f"- Date: {result['date']}; machine: {mach['nproc']} cores, {mach['cpu']}; Python {mach['python']}, "
        f"DuckDB {mach['duckdb']}, Polars {mach['polars']}.",
        f"- Input: {result['rows']:,} rows of SYNTHETIC IDB data (`doedocket synth idb --rows {result['rows']} "
        f"--seed {SEED}`), {result['file_bytes'] / 1e9:.2f} GB.",
        f"- {result['repeats']} repeats, each run in a fresh process, order rotated. One-minute load average during "
        f"the runs: {result['load_average']['min']:.1f} to {result['load_average']['max']:.1f} "
        f"(the machine's cores are shared with other work).",
        "",
        "| run | wall s (min / median / max) | rows per second (median) | peak RSS MB (min / median / max) |",
        "|---|---|---|---|",
    ]
    for kind in KINDS:
        lines.append(
            f"| {kind} | {s[kind]['min']:.1f} / {s[kind]['median']:.1f} / {s[kind]['max']:.1f} | "
            f"{result['rows'] / s[kind]['median']:,.0f} | "
            f"{m[kind]['min']:,.0f} / {m[kind]['median']:,.0f} / {m[kind]['max']:,.0f} |")
    lines += [
        "",
        f"Ingest / bare read ({result['reference']}), medians: **{result['ratio_ingest_to_bare']:.2f}x** "
        f"(target at most 1.5x); ingest peak memory {m['ingest']['max']:,.0f} MB (target at most 3,072 MB).",
        "",
        f"Ingest summary: `{result['ingest_summary']}`",
        "",
        "What each run does:",
        "",
        "- `ingest`: `doedocket ingest idb` (the store's ingest driver) into a new database, end to end: header check, one DuckDB",
        "  scan (12 typed columns, NOS 820 filter, rejects), the lines with cp1252 bytes re-read and re-scanned,",
        "  names keyed and Doe captions counted, tape-year duplicates collapsed, Doe cases copied to",
        "  `source_cases`, the build's derivation, commit and publish.",
        "- `bare_memory`, `bare_disk`: `CREATE TABLE t AS SELECT * FROM read_csv(file, ignore_errors = true)`",
        "  into an in-memory and an on-disk database (all 46 columns, types auto-detected; `ignore_errors`",
        "  because the file is cp1252 and DuckDB's UTF-8 reader otherwise stops at the first non-UTF-8 byte).",
        "  The ratio above uses the faster of the two.",
        "",
        "Reproduce: `.venv/bin/python bench/bench_idb.py --rows 10000000 --repeats 3 --results bench/RESULTS_idb.md`",
        "(the 10M-row file is generated once, 3 to 11 minutes here, under `$TMPDIR/doedocket-bench/`).",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--results", help="write the Markdown results to this file")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, Path(args.file), Path(args.work))))
        return 0
    result = run(args.rows, args.repeats)
    text = markdown(result)
    print(text)
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    if args.results:
        Path(args.results).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
