"""Benchmark: the CourtListener census ingest beside decompressing the same file alone.

Usage: ``python bench/bench_census.py [--rows N] [--repeats R] [--decompressors lbzip2,indexed_bzip2]
[--results FILE] [--no-lbzip2-alone]`` (default 20,000,000 rows, 1 repeat); each run's figures are
printed to stderr as a JSON line when it ends. `run(rows)` returns the figures as a dict
for bench/run.py.

The file is written once by `doedocket synth courtlistener-bulk` (seed 1, SYNTHETIC data) under
``$TMPDIR/doedocket-bench/`` and reused. For each decompressor, each repeat runs in a fresh process
each, order rotated so that a busy machine weighs on all alike:

* ``decompress``: the file read to its end through `open_decompressed` with that decompressor and
  thrown away: the physical limit of the job (for lbzip2 the pipe into Python is included; the
  figure ``lbzip2_to_null`` is lbzip2 alone writing to /dev/null);
* ``scan``: `read_census`: decompress, find the copyright records, parse, filter, make the staging;
* ``ingest``: `doedocket ingest courtlistener-bulk` into a new database, end to end (the scan, loading,
  the build's derivation, commit and publish; a fresh build's derivation is a fixed cost of some
  seconds that large files amortise).

Wall time is measured inside each process around the work; CPU seconds, over the same span, are the
process's own (Python: the scan, parse, load) and its children's (lbzip2), reported apart and summed; peak memory
is the larger of that process's peak resident set and its children's (lbzip2). Every run is kept in
the result (`runs`, in the order run, with the one-minute load before and after). Targets (issue 18): ingest at most 1.3x
the decompression alone, peak memory at most 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

KINDS = ("decompress", "scan", "ingest")
SEED = 1
TARGET_RATIO, TARGET_MB = 1.3, 2048


def bench_file(rows: int) -> Path:
    """The synthetic dockets file of `rows` rows, generated on first use."""
    directory = Path(os.environ.get("TMPDIR", "/tmp")) / "doedocket-bench"
    path = directory / f"dockets-synthetic-seed{SEED}-{rows}.csv.bz2"
    if not path.exists():
        from pipelines.synth.courtlistener_bulk import write

        partial = directory / f"partial-{path.name}"
        write(partial, rows, SEED)
        os.replace(partial, path)
    return path


def _child(kind: str, how: str, file: Path, work: Path) -> dict:
    """One measured run in this process (called in a fresh interpreter)."""
    import resource

    os.environ["DOEDOCKET_BZIP2"] = how
    from pipelines.sources import courtlistener_bulk as census

    before = resource.getrusage(resource.RUSAGE_SELF)  # the interpreter's start and imports are not counted
    start = time.perf_counter()
    if kind == "decompress":
        size = 0
        with census.open_decompressed(file, how) as stream:
            while block := stream.read(census.CHUNK):
                size += len(block)
        summary = f"{size} bytes decompressed"
    elif kind == "scan":
        report = census.Report()
        staging = census.read_census([file], {}, bytes(32), report)
        summary = f"{staging.cases.height} cases; " + report.summary()
    else:
        from pipelines import store

        loaded = store.ingest_source(work / "doedocket.duckdb", census.COURTLISTENER_BULK, [file],
                                     argparse.Namespace(people=None))
        summary = census.COURTLISTENER_BULK.summary(loaded)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own_cpu = own.ru_utime + own.ru_stime - before.ru_utime - before.ru_stime
    children_cpu = children.ru_utime + children.ru_stime
    return {"kind": kind, "decompressor": how, "seconds": seconds, "cpu_seconds": own_cpu + children_cpu,
            "cpu_own_seconds": own_cpu, "cpu_children_seconds": children_cpu,
            "peak_rss_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024, "summary": summary}


def _measure(kind: str, how: str, file: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="doedocket-bench-") as work:
        load_before, started = os.getloadavg()[0], datetime.now(UTC).strftime("%H:%M:%S")
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--how", how, "--file", str(file),
                              "--work", work], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["load_before"], result["load_after"], result["started"] = load_before, os.getloadavg()[0], started
        return result


def _lbzip2_to_null(file: Path) -> float | None:
    if not shutil.which("lbzip2"):
        return None
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run(["lbzip2", "-d", "-c", "-n", str(os.cpu_count() or 2), str(file)], stdout=null, check=True)
    return time.perf_counter() - start


def _stats(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def _available(how: str) -> bool:
    if how == "lbzip2":
        return shutil.which("lbzip2") is not None
    if how == "indexed_bzip2":
        try:
            import indexed_bzip2  # noqa: F401
        except ImportError:
            return False
    return True


def run(rows: int, repeats: int = 1, decompressors: tuple[str, ...] = ("lbzip2", "indexed_bzip2"),
        alone: bool = True) -> dict:
    """Generate (once) and, per decompressor, decompress, scan and ingest a `rows`-row file `repeats` times
    (and, with `alone`, time lbzip2 alone writing to /dev/null)."""
    started = time.perf_counter()
    file = bench_file(rows)
    generate_seconds = time.perf_counter() - started
    per: dict[str, dict] = {}
    loads: list[float] = []
    every: list[dict] = []
    for how in (h for h in decompressors if _available(h)):
        runs: dict[str, list[dict]] = {k: [] for k in KINDS}
        for i in range(repeats):
            for kind in KINDS[i % len(KINDS):] + KINDS[:i % len(KINDS)]:
                runs[kind].append(_measure(kind, how, file))
                every.append({"repeat": i + 1, **runs[kind][-1]})
                print(json.dumps(every[-1]), file=sys.stderr, flush=True)  # progress, kept if stopped early
        seconds = {k: _stats([r["seconds"] for r in v]) for k, v in runs.items()}
        loads += [r[key] for v in runs.values() for r in v for key in ("load_before", "load_after")]
        per[how] = {
            "seconds": seconds,
            "cpu_seconds": {k: _stats([r["cpu_seconds"] for r in v]) for k, v in runs.items()},
            "cpu_own_seconds": {k: _stats([r["cpu_own_seconds"] for r in v]) for k, v in runs.items()},
            "peak_rss_mb": {k: _stats([r["peak_rss_mb"] for r in v]) for k, v in runs.items()},
            "ratio_scan_to_decompress": seconds["scan"]["median"] / seconds["decompress"]["median"],
            "ratio_ingest_to_decompress": seconds["ingest"]["median"] / seconds["decompress"]["median"],
            "ingest_summary": runs["ingest"][-1]["summary"],
            "decompressed_bytes": int(runs["decompress"][0]["summary"].split()[0]),
        }
    best = min(per, key=lambda h: per[h]["seconds"]["ingest"]["median"])
    return {
        "rows": rows, "file": str(file), "file_bytes": file.stat().st_size,
        "decompressed_bytes": per[best]["decompressed_bytes"],
        "generate_seconds_this_run": generate_seconds, "repeats": repeats, "decompressors": per,
        "fastest": best, "lbzip2_to_null_seconds": _lbzip2_to_null(file) if alone else None,
        "ratio_ingest_to_decompress": per[best]["ratio_ingest_to_decompress"],
        "peak_rss_mb": max(p["peak_rss_mb"]["ingest"]["max"] for p in per.values()),
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version()},
        "load_average": {"min": min(loads), "max": max(loads)},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "runs": every,
    }


def markdown(result: dict) -> str:
    """The results as a Markdown section."""
    lines = [
        "## CourtListener census ingest (bench/bench_census.py)",
        "",
        f"- Date: {result['date']}; {result['machine']['nproc']} cores shared with other work; one-minute load "
        f"average during the runs {result['load_average']['min']:.1f} to {result['load_average']['max']:.1f}.",
        f"- Input: {result['rows']:,} rows of SYNTHETIC dockets (`doedocket synth courtlistener-bulk --rows "
        f"{result['rows']} --seed {SEED}`), {result['file_bytes'] / 1e6:,.0f} MB of bzip2, "
        f"{result['decompressed_bytes'] / 1e6:,.0f} MB of CSV.",
        f"- {result['repeats']} repeat(s) per decompressor, each run in a fresh process.",
        "",
        "| decompressor | run | wall s (median) | CPU s (median) | of which Python's own | peak RSS MB (max) |",
        "|---|---|---|---|---|---|",
    ]
    for how, p in result["decompressors"].items():
        for kind in KINDS:
            lines.append(f"| {how} | {kind} | {p['seconds'][kind]['median']:.1f} | "
                         f"{p['cpu_seconds'][kind]['median']:.1f} | {p['cpu_own_seconds'][kind]['median']:.1f} | "
                         f"{p['peak_rss_mb'][kind]['max']:,.0f} |")
    lines += ["", "Every run, in the order run:", "",
              "| # | started (UTC) | decompressor | run | load before-after | wall s | CPU s (own + children) | peak MB |",
              "|---|---|---|---|---|---|---|---|"]
    for n, r in enumerate(result["runs"], 1):
        lines.append(f"| {n} | {r['started']} | {r['decompressor']} | {r['kind']} | {r['load_before']:.1f}-"
                     f"{r['load_after']:.1f} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} ({r['cpu_own_seconds']:.1f} + "
                     f"{r['cpu_children_seconds']:.1f}) | {r['peak_rss_mb']:,.0f} |")
    lines.append("")
    for how, p in result["decompressors"].items():
        lines.append(f"- {how}: ingest / decompress **{p['ratio_ingest_to_decompress']:.2f}x**, scan / decompress "
                     f"{p['ratio_scan_to_decompress']:.2f}x (target: ingest at most {TARGET_RATIO}x).")
    if result["lbzip2_to_null_seconds"]:
        lines.append(f"- lbzip2 alone to /dev/null: {result['lbzip2_to_null_seconds']:.1f} s.")
    lines += [f"- Peak memory of the ingest {result['peak_rss_mb']:,.0f} MB (target at most {TARGET_MB:,} MB).",
              f"- Ingest summary ({result['fastest']}): `{result['decompressors'][result['fastest']]['ingest_summary']}`",
              ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--decompressors", default="lbzip2,indexed_bzip2")
    parser.add_argument("--results", help="write the Markdown section to this file")
    parser.add_argument("--no-lbzip2-alone", action="store_true",
                        help="skip the extra run of lbzip2 alone to /dev/null (one decompression fewer)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--how", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.how, Path(args.file), Path(args.work))))
        return 0
    result = run(args.rows, args.repeats, tuple(args.decompressors.split(",")), not args.no_lbzip2_alone)
    text = markdown(result)
    print(text)
    print(json.dumps(result, indent=1))
    if args.results:
        Path(args.results).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
