"""Benchmark: ingest a synthetic FJC IDB civil file beside DuckDB's scan of the same twelve columns.

Usage: ``python bench/bench_idb.py [--rows N] [--repeats R] [--zip] [--results bench/RESULTS_idb.md]``
(default 10,000,000 rows, 3 repeats). `run(rows)` returns the figures as a dict for a shared harness.

The file is written once by `doedocket synth idb` (seed 1, SYNTHETIC data) under
``$TMPDIR/doedocket-bench/`` and reused. Each repeat runs, in a fresh process each and in rotating
order so that a busy machine weighs on all of them alike:

* ``ingest``: `doedocket ingest idb` (the store's ingest driver) into a new database: the scan, the rejects, the
  cp1252 re-reads, names, Doe counts, tape-year collapse, the copy to source_cases and the build's
  derivation, committed and published;
* ``scan12``: the honest limit of that job: in an on-disk DuckDB database, ``CREATE TABLE kept AS SELECT``
  the twelve columns the ingest keeps (by position, typed as the ingest types them: DISTRICT as the
  same ENUM of district spellings, dates with the same format, the same NULL strings)
  ``FROM read_csv(...)`` with the ingest's reader settings (tab, ``"`` quoting, header, UTF-8 with
  refused lines stored in a rejects table, as the ingest's scan does) ``WHERE`` the nature of suit
  is 820. It reads only those twelve columns and leaves out the ingest's ``force_not_null`` check
  (DuckDB 2.0.1 applies it by position among the columns read; the ingest reads columns up to the
  last NOT NULL one to keep it right), so it is the lower bound of the ingest's scan.

With ``--zip``, two more runs on a Deflate64 zip of the same file (made once by Debian's 7zip, as the
FJC ships its file; ``-mx=1``): ``ingest_zip``, `doedocket ingest idb` of the zip (its member inflated
beside the build, then the same ingest), and ``inflate``, the member inflated and its CRC-32 checked
with nothing written (`pipelines.sources.idb.archive.chunks`): the limit of the unzip step.

Wall time is measured inside each process around the work; peak memory is that process's peak
resident set size (``ru_maxrss``). The ratio is ingest / scan12 (medians).
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

KINDS = ("scan12", "ingest")
ZIP_KINDS = ("ingest_zip", "inflate")
NOS = [820]
SCAN12 = """CREATE TABLE kept AS SELECT {kept}
FROM read_csv($path, columns = $columns, delim = '\t', quote = '"', escape = '"', header = true,
              auto_detect = false, nullstr = $null_strings, dateformat = $date_format, encoding = 'utf-8',
              store_rejects = true)
WHERE list_contains($nos, CAST({nos_column} AS INTEGER))"""
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


def bench_zip(file: Path) -> Path:
    """A Deflate64 zip of `file` (member cv88on.txt, as the FJC names it), made once by 7zz."""
    path = file.with_suffix(".zip")
    if not path.exists():
        seven = shutil.which("7zz")
        if seven is None:
            raise SystemExit("--zip needs 7zz (Debian package 7zip) to write the Deflate64 zip")
        with tempfile.TemporaryDirectory(dir=file.parent) as tmp:
            os.link(file, Path(tmp) / "cv88on.txt")
            partial = Path(tmp) / "partial.zip"
            subprocess.run([seven, "a", "-tzip", "-mm=Deflate64", "-mx=1", "-bd", "-bso0", str(partial), "cv88on.txt"],
                           cwd=tmp, check=True)
            os.replace(partial, path)
    return path


def _child(kind: str, file: Path, work: Path) -> dict:
    """One measured run in this process (called in a fresh interpreter)."""
    import resource

    import duckdb

    start = time.perf_counter()
    if kind in ("ingest", "ingest_zip"):
        from pipelines import store
        from pipelines.sources.idb import IDB

        options = argparse.Namespace(nos=",".join(map(str, NOS)))
        summary = IDB.summary(store.ingest_source(work / "doedocket.duckdb", IDB, [file], options))
    elif kind == "inflate":
        from pipelines.sources.idb import archive

        info = archive.member(file)
        summary = f"{sum(len(chunk) for chunk in archive.chunks(file, info)):,} bytes inflated, CRC-32 checked"
    else:
        summary = _scan12(duckdb.connect(str(work / "scan12.duckdb")), file)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"kind": kind, "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024, "summary": summary}


def _scan12(con, file: Path) -> str:
    """The twelve-column scan with the ingest's reader settings, NOS 820 kept, into table `kept`."""
    from pipelines.sources.idb.district_codes import district_spellings
    from pipelines.sources.idb.layout import DATE_FORMAT, NEEDED, NULL_STRINGS, read_header

    header = read_header(file)
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TYPE idb_district AS ENUM (SELECT unnest($s))", {"s": sorted(district_spellings())})
    types = [NEEDED.get(name, "VARCHAR") for name in header.names]
    columns = {f"c{i}": "idb_district" if t == "DISTRICT" else t for i, t in enumerate(types)}
    kept = ", ".join(f'c{header.position(n)} AS "{n}"' for n in NEEDED)
    con.execute(SCAN12.format(kept=kept, nos_column=f"c{header.position('NOS')}"),
                {"path": str(file), "columns": columns, "null_strings": list(NULL_STRINGS),
                 "date_format": DATE_FORMAT, "nos": NOS}).fetchall()
    summary = f"{con.execute('SELECT count(*) FROM kept').fetchall()[0][0]} rows in kept"
    con.close()
    return summary


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


def run(rows: int, repeats: int = 3, zipped: bool = False) -> dict:
    """Generate (once) and ingest a `rows`-row file `repeats` times beside the twelve-column scan (and,
    `zipped`, its zip beside the inflating alone)."""
    import duckdb
    import polars

    file = bench_file(rows)
    kinds = KINDS + (ZIP_KINDS if zipped else ())
    inputs = {kind: bench_zip(file) if kind in ZIP_KINDS else file for kind in kinds}
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for i in range(repeats):
        order = kinds[i % len(kinds):] + kinds[:i % len(kinds)]
        for kind in order:
            runs[kind].append(_measure(kind, inputs[kind]))
    seconds = {k: _stats([r["seconds"] for r in v]) for k, v in runs.items()}
    memory = {k: _stats([r["peak_rss_mb"] for r in v]) for k, v in runs.items()}
    cpu = {k: _stats([r["cpu_seconds"] for r in v]) for k, v in runs.items()}
    loads = [r[key] for v in runs.values() for r in v for key in ("load_before", "load_after")]
    return {
        "rows": rows,
        "file": str(file),
        "file_bytes": file.stat().st_size,
        "repeats": repeats,
        "seconds": seconds,
        "peak_rss_mb": memory,
        "cpu_seconds": cpu,
        "ratio_cpu": cpu["ingest"]["median"] / cpu["scan12"]["median"],
        "ingest_rows_per_second": rows / seconds["ingest"]["median"],
        "scan12_rows_per_second": rows / seconds["scan12"]["median"],
        "ratio_ingest_to_scan12": seconds["ingest"]["median"] / seconds["scan12"]["median"],
        "ingest_summary": runs["ingest"][-1]["summary"],
        "zip_bytes": inputs["ingest_zip"].stat().st_size if zipped else None,
        "inflate_summary": runs["inflate"][-1]["summary"] if zipped else None,
        "scan12_summary": runs["scan12"][-1]["summary"],
        "runs": runs,
        "machine": {"nproc": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version(),
                    "duckdb": duckdb.__version__, "polars": polars.__version__},
        "load_average": {"min": min(loads), "max": max(loads)},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def markdown(result: dict) -> str:
    """The results as the Markdown table of bench/RESULTS_idb.md."""
    s, m, c, mach = result["seconds"], result["peak_rss_mb"], result["cpu_seconds"], result["machine"]
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
        "| run | wall s (min / median / max) | rows per second (median) | CPU s, user + system (median) "
        "| peak RSS MB (min / median / max) |",
        "|---|---|---|---|---|",
    ]
    for kind in s:
        lines.append(
            f"| {kind} | {s[kind]['min']:.1f} / {s[kind]['median']:.1f} / {s[kind]['max']:.1f} | "
            f"{result['rows'] / s[kind]['median']:,.0f} | {c[kind]['median']:.1f} | "
            f"{m[kind]['min']:,.0f} / {m[kind]['median']:,.0f} / {m[kind]['max']:,.0f} |")
    lines += [
        "",
        f"Ingest / scan12, medians: **{result['ratio_ingest_to_scan12']:.2f}x** (target at most 1.5x); "
        f"ingest peak memory {m['ingest']['max']:,.0f} MB. CPU time (all threads of the process, from its start), "
        f"ingest / scan12, medians: {result['ratio_cpu']:.2f}x.",
        "",
    ]
    if result.get("zip_bytes"):
        lines += [
            f"From the zip ({result['zip_bytes'] / 1e6:,.0f} MB, Deflate64, 7zz -mx=1): ingest_zip / ingest, medians: "
            f"**{s['ingest_zip']['median'] / s['ingest']['median']:.2f}x**, {s['ingest_zip']['median'] - s['ingest']['median']:.1f} s "
            f"more; inflating alone takes {s['inflate']['median']:.1f} s ({result['inflate_summary']}); "
            f"ingest_zip peak memory {m['ingest_zip']['max']:,.0f} MB.",
            "",
        ]
    lines += [
        f"Ingest summary: `{result['ingest_summary']}`",
        "",
        f"scan12: `{result['scan12_summary']}` (the ingest keeps more: the lines with cp1252 bytes, which the "
        "UTF-8 scanner refuses, are re-read, decoded and kept too).",
        "",
        "What each run does:",
        "",
        "- `ingest`: `doedocket ingest idb --nos 820` (the store's ingest driver) into a new database, end to end:",
        "  header check, one DuckDB scan (12 typed columns, NOS 820 filter, rejects) while one pass over the",
        "  bytes counts the lines and looks for NUL bytes, the lines with cp1252 bytes re-read and re-scanned",
        "  (in a thread, while the rows the scanner read are inserted with their names keyed and Doe captions",
        "  counted), tape-year duplicates collapsed, Doe cases copied to",
        "  `source_cases`, the build's derivation, the file's row of `source_files` with its SHA-256 (taken in",
        "  a thread of its own from the end of the scan's pass, beside the rest), commit and publish.",
        "- `scan12`: the honest limit of the same job: `CREATE TABLE kept AS SELECT <the 12 columns> FROM",
        "  read_csv(...) WHERE NOS is 820` into an on-disk database, with the ingest's reader settings",
        "  (columns by position, typed as the ingest types them, DISTRICT as the same ENUM, same NULL strings,",
        "  date format, tab and quoting, UTF-8 with refused lines stored in a rejects table). Only the twelve",
        "  columns are read and the ingest's NOT NULL check (`force_not_null`) is left out: the lower bound.",
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
    parser.add_argument("--zip", action="store_true",
                        help="also ingest a Deflate64 zip of the file (made once with 7zz) and time inflating it alone")
    parser.add_argument("--child", choices=KINDS + ZIP_KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, Path(args.file), Path(args.work))))
        return 0
    result = run(args.rows, args.repeats, args.zip)
    text = markdown(result)
    print(text)
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    if args.results:
        Path(args.results).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
