"""One harness over every benchmark; writes bench/RESULTS.md.

Usage: ``python bench/run.py [--quick] [--cases N] [--repeats R] [--work DIR] [--reuse NAME,...]``.

Runs, each ``--repeats`` times (min / median / max of every figure over the repeats):

* classify  -- bench/bench_classify.py ``run(n_entries)`` (the classifier engineer's);
* idb       -- bench/bench_idb.py ``run(rows)`` (the IDB engineer's), reported missing when absent;
* census    -- bench/bench_census.py ``run(rows)``: the CourtListener census ingest beside decompressing the
  same generated bulk file alone, per decompressor (lbzip2, indexed_bzip2);
* pipeline  -- bench/bench_pipeline.py: generation and end-to-end ingest of ``--cases`` generated
  cases, peak memory, build size per million entries;
* pipeline_parts -- the same against its parts alone, and the time to publish a new build, at
  ``--parts-cases`` (default: the same run as `pipeline`);
* queries   -- bench/bench_queries.py: every question, DuckDB against the same SQL on SQLite, p50 /
  p95; the docket questions on the pipeline's database, the national ones on a database of a
  generated FJC IDB file (``national_lines`` lines, a fifth of them copyright cases);
* pages     -- bench/bench_pages.py on the same database: each dashboard page's first full render in
  Chromium, cold (a fresh server) and warm (not with ``--quick``);
* interaction -- bench/bench_interaction.py on the same database: a filter change, a chart click or a
  page change until the page is redrawn, median and p95 (not with ``--quick``);
* readers   -- bench/bench_readers.py on the same database: ``readers`` browser sessions on one server
  for ``reader_seconds`` each: errors, p95 interaction, the server's peak memory (not with ``--quick``).

``--db PATH`` points the browser benchmarks (pages, interaction, readers) at a published build made
earlier, e.g. ``--only interaction,readers --db /tmp/doedocket-bench/full/e2e/doedocket.duckdb``.

Raw results are kept as JSON in ``<work>/results/`` (``--reuse NAME`` renders NAME from there
instead of running it again). The machine, date, versions and the load average sampled during the
run are recorded, because other work on a shared machine changes every figure. ``--quick`` runs tiny
sizes in under a minute and prints, as its last line, one JSON object of the key ratios.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

FULL = {"classify_entries": 10_000_000, "loop_sample": 100_000, "idb_rows": 2_000_000, "cases": 1_000_000,
        "parts_cases": 1_000_000, "query_runs": 20, "repeats": 3, "national_lines": 5_000_000,
        "census_rows": 20_000_000, "page_runs": 3, "interaction_repeats": 3, "readers": 10, "reader_seconds": 120}
QUICK = {"classify_entries": 50_000, "loop_sample": 5_000, "idb_rows": 20_000, "cases": 500, "parts_cases": 500,
         "query_runs": 3, "repeats": 1, "national_lines": 20_000,
         "census_rows": 20_000, "page_runs": 1, "interaction_repeats": 1, "readers": 2, "reader_seconds": 10}
TARGETS = {"entries_per_second": 200_000, "peak_rss_mb": 4096, "p95_ms": 100, "aggregate_ratio": 10, "page_s": 2,
           "page_over_floor_s": 0.5, "interaction_median_s": 0.5, "interaction_p95_s": 1.0, "readers_p95_s": 2.0}


class LoadSampler:
    """The 1-minute load average, sampled every few seconds while benchmarks run."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(every,), daemon=True)

    def _loop(self, every: float) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(every)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM, versions, commit."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    ram = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal")) / 2**20
    versions = {"python": platform.python_version()}
    for module in ("polars", "duckdb", "numpy", "sqlglot"):
        try:
            versions[module] = importlib.import_module(module).__version__
        except ImportError:
            versions[module] = "absent"
    sys.path.insert(0, str(BENCH / "sqlite"))
    import mirror

    versions["sqlite"] = mirror.sqlite3.sqlite_version
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=REPO)
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(ram, 1), "platform": platform.platform(),
            "versions": versions, "commit": commit.stdout.strip() + (" (+ uncommitted changes)" if dirty.stdout.strip() else ""),
            "date": _now()}


def spread(runs: list[Any]) -> Any:
    """Every numeric leaf of the repeats as {min, median, max}; other leaves from the first run.

    A single run is returned as it is (its figures may already be a benchmark's own min / median / max).
    """
    first = runs[0]
    if len(runs) == 1:
        return first
    if isinstance(first, dict):
        return {k: spread([r[k] for r in runs if isinstance(r, dict) and k in r]) for k in first}
    if isinstance(first, bool) or not isinstance(first, (int, float)):
        return first
    return {"min": min(runs), "median": statistics.median(runs), "max": max(runs)}


def _bench_classify(size: dict, work: Path) -> list[dict]:
    import bench_classify

    return [bench_classify.run(size["classify_entries"], loop_sample=size["loop_sample"])
            for _ in range(size["repeats"])]


def _bench_idb(size: dict, work: Path) -> list[dict]:
    import bench_idb  # repeats on its own and reports min / median / max

    return [bench_idb.run(size["idb_rows"], repeats=size["repeats"])]


def _bench_pipeline(size: dict, work: Path) -> list[dict]:
    import bench_pipeline

    everything = size["parts_cases"] == size["cases"]
    return [bench_pipeline.run(size["cases"], work, parts=everything, publish=everything)
            for _ in range(size["repeats"])]


def _bench_pipeline_parts(size: dict, work: Path) -> list[dict]:
    import bench_pipeline

    if size["parts_cases"] == size["cases"]:
        return json.loads((work / "results" / "pipeline.json").read_text())["repeats"]
    return [bench_pipeline.run(size["parts_cases"], work / "parts") for _ in range(size["repeats"])]


def _bench_census(size: dict, work: Path) -> list[dict]:
    import bench_census  # one run per decompressor and kind, each in a fresh process

    return [bench_census.run(size["census_rows"])]


BENCHMARKS = {"classify": _bench_classify, "idb": _bench_idb, "pipeline": _bench_pipeline,
              "pipeline_parts": _bench_pipeline_parts, "census": _bench_census}


BROWSER = ("pages", "interaction", "readers")


def run_all(size: dict, work: Path, reuse: set[str], quick: bool, only: set[str] | None = None,
            db: Path | None = None) -> dict[str, Any]:
    """Every benchmark (or those in `only`, the others taken from earlier results when there are
    some), repeated; raw repeats saved under work/results. The browser benchmarks run on `db` when
    given, else on the pipeline's database."""
    if only is not None:
        reuse = reuse | (set(BENCHMARKS) | {"queries", *BROWSER}) - only
    results_dir = work / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {}
    for name, fn in BENCHMARKS.items():
        path = results_dir / f"{name}.json"
        if name in reuse:
            if path.exists():
                out[name] = json.loads(path.read_text())
            continue
        try:
            with LoadSampler() as load:
                repeats = fn(size, work)
        except ModuleNotFoundError as exc:
            out[name] = {"missing": f"{exc.name}.py not found in bench/"}
            continue
        out[name] = {"repeats": repeats, "load": load.samples, "date": _now()}
        path.write_text(json.dumps(out[name], indent=1, default=str))
    path = results_dir / "queries.json"
    if "queries" in reuse:
        if path.exists():
            out["queries"] = json.loads(path.read_text())
    else:
        import bench_queries

        from pipelines import queries

        db = Path(out["pipeline"]["repeats"][-1]["db"])
        national_db, national = bench_queries.national_database(work, size["national_lines"])
        names = [n for n in queries.available() if not quick or n in bench_queries.AGGREGATE]
        with LoadSampler() as load:
            out["queries"] = bench_queries.run(db, runs=size["query_runs"],
                                               only=tuple(n for n in names if n not in bench_queries.NATIONAL))
            on_idb = bench_queries.run(national_db, runs=size["query_runs"],
                                       only=tuple(n for n in names if n in bench_queries.NATIONAL))
        out["queries"]["queries"] += on_idb["queries"]
        out["queries"].update(national, national_db=on_idb["db"], load=load.samples, date=_now())
        path.write_text(json.dumps(out["queries"], indent=1, default=str))
    for name in BROWSER:
        path = results_dir / f"{name}.json"
        if name in reuse or quick:
            if path.exists() and not quick:
                out[name] = json.loads(path.read_text())
            continue
        on = Path(db) if db else Path(out["pipeline"]["repeats"][-1]["db"])
        with LoadSampler() as load:
            if name == "pages":
                import bench_pages

                national = out.get("queries", {}).get("national_db")
                out[name] = bench_pages.run(on, runs=size["page_runs"], national_db=Path(national) if national else None)
            elif name == "interaction":
                import bench_interaction

                out[name] = bench_interaction.run(on, repeats=size["interaction_repeats"])
            else:
                import bench_readers

                out[name] = bench_readers.run(on, readers=size["readers"], seconds=size["reader_seconds"])
        out[name].update(load=load.samples, date=_now())
        path.write_text(json.dumps(out[name], indent=1, default=str))
    return out


def _fmt(value: Any, digits: int = 1) -> str:
    if isinstance(value, dict) and "median" in value:
        lo, mid, hi = (_fmt(value[k], digits) for k in ("min", "median", "max"))
        return mid if lo == hi else f"{mid} ({lo} – {hi})"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "—" if value is None else str(value)


def key_figures(results: dict) -> dict[str, Any]:
    """The ratios and headline numbers (also the --quick JSON line)."""
    figures: dict[str, Any] = {}
    pipe = results.get("pipeline", {}).get("repeats")
    if pipe:
        figures["cases"] = pipe[0]["cases"]
        figures["entries"] = pipe[0]["entries"]
        figures["ingest_entries_per_second"] = statistics.median(r["entries_per_second"] for r in pipe)
        figures["ingest_entries_per_cpu_second"] = statistics.median(r["entries_per_cpu_second"] for r in pipe)
        figures["ingest_peak_rss_mb"] = max(r["end_to_end"]["peak_rss_mb"] for r in pipe)
        figures["build_mb_per_million_entries"] = statistics.median(
            r["build_bytes_per_million_entries"] / 2**20 for r in pipe)
    parts = results.get("pipeline_parts", {}).get("repeats")
    if parts:
        figures["parts_cases"] = parts[0]["cases"]
        figures["pipeline_overhead_share_cpu"] = statistics.median(
            r["overhead_cpu_seconds"] / r["end_to_end"]["cpu_seconds"] for r in parts)
        figures["publish_seconds"] = statistics.median(r["publish"]["seconds"] for r in parts)
    qs = results.get("queries", {}).get("queries", [])
    if qs:
        # Questions over tables this database leaves empty (the national ones without IDB rows) say
        # nothing about speed at scale: ratios are taken over questions that returned rows.
        agg = [q for q in qs if q["aggregate"] and q.get("ratio_p50") is not None and q["rows"]]
        if agg:
            figures["aggregate_min_ratio_vs_sqlite"] = min(q["ratio_p50"] for q in agg)
            figures["aggregate_median_ratio_vs_sqlite"] = statistics.median(q["ratio_p50"] for q in agg)
            figures["aggregate_at_least_10x"] = f"{sum(q['ratio_p50'] >= TARGETS['aggregate_ratio'] for q in agg)}/{len(agg)}"
        figures["aggregate_without_rows"] = sorted({q["query"] for q in qs if q["aggregate"] and not q["rows"]})
        figures["max_p95_ms"] = max(q["duckdb"]["p95_ms"] for q in qs)
        figures["queries_over_100ms_p95"] = sum(q["duckdb"]["p95_ms"] > TARGETS["p95_ms"] for q in qs)
        figures["queries_with_same_answer"] = f"{sum(bool(q.get('same_answer')) for q in qs)}/{len(qs)}"
    pages = results.get("pages", {}).get("pages")
    if pages:
        import bench_pages

        app_pages = {n: p for n, p in pages.items() if n != bench_pages.FLOOR}
        figures["slowest_cold_page_s"] = max(p["cold_s"] for p in app_pages.values())
        figures["slowest_new_visitor_page_s"] = max(p["new_visitor_max_s"] for p in app_pages.values())
        figures["slowest_return_page_s"] = max(p["return_max_s"] for p in app_pages.values())
        if bench_pages.FLOOR in pages:
            figures["floor_page_new_visitor_s"] = pages[bench_pages.FLOOR]["new_visitor_median_s"]
            floor = pages[bench_pages.FLOOR]["return_median_s"]
            figures["floor_page_return_s"] = floor
            figures["worst_return_page_over_floor_s"] = max(p["return_median_s"] - floor for p in app_pages.values())
    interaction = results.get("interaction", {})
    if interaction.get("all", {}).get("n"):
        figures["interaction_median_s"] = interaction["all"]["median_s"]
        figures["interaction_p95_s"] = interaction["all"]["p95_s"]
        figures["interaction_failures"] = len(interaction["failures"])
    readers = results.get("readers", {})
    if readers.get("interaction", {}).get("n"):
        figures["readers"] = readers["readers"]
        figures["readers_errors"] = readers["errors"]
        figures["readers_think"] = "–".join(f"{t:g}" for t in readers.get("think_s", (2, 8)))
        figures["readers_p95_s"] = readers["interaction"]["p95_s"]
        figures["readers_server_peak_rss_mb"] = readers["server_rss_mb"]["peak"]
    cls = results.get("classify", {}).get("repeats")
    if cls:
        figures["classify_entries_per_second"] = statistics.median(r["entries_per_second"] for r in cls)
        figures["classify_speedup_vs_loop"] = statistics.median(r["speedup_vs_loop"] for r in cls)
    census = results.get("census", {}).get("repeats")
    if census:
        figures["census_rows"] = census[0]["rows"]
        figures["census_ingest_to_decompress"] = census[0]["ratio_ingest_to_decompress"]
        figures["census_peak_rss_mb"] = census[0]["peak_rss_mb"]
    return figures


def _load_text(samples: list[float]) -> str:
    if not samples:
        return "not sampled"
    return (f"median {statistics.median(samples):.1f} (min {min(samples):.1f}, max {max(samples):.1f}, "
            f"{len(samples)} samples)")


def render(results: dict, info: dict, size: dict, quick: bool) -> str:
    """bench/RESULTS.md."""
    k = key_figures(results)
    lines = [
        "# doedocket benchmarks",
        "",
        f"Written by `python bench/run.py{' --quick' if quick else ''}` on {info['date']} (commit {info['commit']}).",
        "Every generated case is synthetic (`doedocket synth dockets`); no figure describes real litigation.",
        "",
        "## Machine",
        "",
        f"- {info['nproc']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, {info['platform']}",
        "- versions: " + ", ".join(f"{m} {v}" for m, v in info["versions"].items()),
        "- 1-minute load average while each benchmark ran (the machine is shared with other work; a load "
        f"above {info['nproc']} means a figure was measured with less than the whole CPU, so the CPU "
        "time given beside wall time is the steadier measure):",
        *(f"  - {name} ({results[name].get('date', 'date not recorded')}): {_load_text(results[name].get('load', []))}"
          for name in ("pipeline", "pipeline_parts", "queries", "pages", "interaction", "readers", "classify", "idb",
                       "census") if name in results
          and "missing" not in results[name]),
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]

    def target(label: str, value: Any, ok: bool | None) -> None:
        lines.append(f"| {label} | {_fmt(value)} | {'—' if ok is None else ('yes' if ok else 'no')} |")

    if "ingest_entries_per_second" in k:
        target(f"end-to-end ingest ≥ {TARGETS['entries_per_second']:,} entries/s ({k['cases']:,} cases, "
               f"{k['entries']:,} entries)", k["ingest_entries_per_second"],
               k["ingest_entries_per_second"] >= TARGETS["entries_per_second"])
        target("  the same per CPU-second (what an unshared 2-core machine approaches)",
               k["ingest_entries_per_cpu_second"], None)
        target(f"ingest peak memory ≤ {TARGETS['peak_rss_mb']:,} MB", k["ingest_peak_rss_mb"],
               k["ingest_peak_rss_mb"] <= TARGETS["peak_rss_mb"])
    if "aggregate_min_ratio_vs_sqlite" in k:
        target(f"aggregate questions ≥ {TARGETS['aggregate_ratio']}× faster than SQLite (worst of those with rows; "
               f"{k['aggregate_at_least_10x']} meet it)",
               k["aggregate_min_ratio_vs_sqlite"], k["aggregate_min_ratio_vs_sqlite"] >= TARGETS["aggregate_ratio"])
    if "max_p95_ms" in k:
        target(f"every question p95 ≤ {TARGETS['p95_ms']} ms (worst)", k["max_p95_ms"], k["max_p95_ms"] <= TARGETS["p95_ms"])
    if "slowest_cold_page_s" in k:
        target(f"every page's first full render ≤ {TARGETS['page_s']} s (slowest, cold)", k["slowest_cold_page_s"],
               k["slowest_cold_page_s"] <= TARGETS["page_s"])
    if "slowest_new_visitor_page_s" in k:
        target("  the same for a new visitor (slowest)", k["slowest_new_visitor_page_s"],
               k["slowest_new_visitor_page_s"] <= TARGETS["page_s"])
        target("  the same on a return visit (slowest)", k["slowest_return_page_s"],
               k["slowest_return_page_s"] <= TARGETS["page_s"])
    if "census_ingest_to_decompress" in k:
        target(f"census ingest ≤ 1.3× decompressing the same file alone ({k['census_rows']:,} rows)",
               k["census_ingest_to_decompress"], k["census_ingest_to_decompress"] <= 1.3)
        target("census ingest peak memory ≤ 2,048 MB", k["census_peak_rss_mb"], k["census_peak_rss_mb"] <= 2048)
    if "floor_page_new_visitor_s" in k:
        target("  the floor: one small chart and table, new visitor", k["floor_page_new_visitor_s"], None)
        target(f"every page within {TARGETS['page_over_floor_s']} s of the floor on a return visit (worst page's "
               f"median less the floor's, {_fmt(k['floor_page_return_s'], 2)} s)", k["worst_return_page_over_floor_s"],
               k["worst_return_page_over_floor_s"] <= TARGETS["page_over_floor_s"])
    if "interaction_median_s" in k:
        target(f"interaction median ≤ {TARGETS['interaction_median_s']} s (filters, chart clicks, page changes)",
               k["interaction_median_s"], k["interaction_median_s"] <= TARGETS["interaction_median_s"])
        target(f"interaction p95 ≤ {TARGETS['interaction_p95_s']} s", k["interaction_p95_s"],
               k["interaction_p95_s"] <= TARGETS["interaction_p95_s"])
    if "readers_p95_s" in k:
        target(f"{k['readers']} readers on one server, each reading {k.get('readers_think', '2–8')} s between "
               "interactions: errors (must be 0)", k["readers_errors"], k["readers_errors"] == 0)
        target(f"  their interaction p95 ≤ {TARGETS['readers_p95_s']} s", k["readers_p95_s"],
               k["readers_p95_s"] <= TARGETS["readers_p95_s"])
        target("  the server's peak memory, MB (streamlit and children)", k["readers_server_peak_rss_mb"], None)
    lines += ["", "Key figures (the `--quick` JSON line has the same keys):", "", "```json",
              json.dumps(k, indent=1, default=str), "```", ""]
    lines += _pipeline_section(results.get("pipeline", {}), "Generated dockets: end-to-end ingest and build size")
    if results.get("pipeline_parts", {}).get("repeats") and results["pipeline_parts"] != results.get("pipeline"):
        lines += _pipeline_section(results["pipeline_parts"], "The same against its parts alone; publishing a new build")
    lines += _queries_section(results.get("queries", {}))
    lines += _pages_section(results.get("pages", {}))
    lines += _interaction_section(results.get("interaction", {}))
    lines += _readers_section(results.get("readers", {}))
    lines += _simple_section("Classifier (bench/bench_classify.py)", results.get("classify", {}))
    lines += _simple_section("FJC IDB ingest (bench/bench_idb.py)", results.get("idb", {}))
    lines += _simple_section("CourtListener census ingest (bench/bench_census.py)", results.get("census", {}))
    return "\n".join(lines) + "\n"


def _simple_section(title: str, result: dict) -> list[str]:
    lines = [f"## {title}", ""]
    if "missing" in result:
        return lines + [f"Not run: {result['missing']}.", ""]
    runs = result.get("repeats", [])
    if not runs:
        return lines + ["Not run.", ""]
    lines += [f"{len(runs)} run(s); median (min – max) where a figure was measured more than once.", "",
              "| figure | value |", "|---|---|"]
    for key, value in _flat(spread(runs)):
        lines.append(f"| {key} | {_fmt(value, 3)} |")
    return lines + [""]


def _flat(figures: dict, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) rows of nested figures; a {min, median, max} stays one row; lists are left out."""
    rows: list[tuple[str, Any]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and "median" not in value:
            rows += _flat(value, name + ".")
        elif isinstance(value, str) and len(value) > 160:
            rows.append((name, value[:157] + "..."))
        elif not isinstance(value, (list, tuple)):
            rows.append((name, value))
    return rows


def _pipeline_section(result: dict, title: str) -> list[str]:
    runs = result.get("repeats", [])
    lines = [f"## {title}", ""]
    if not runs:
        return lines + ["Not run.", ""]
    s = spread(runs)
    if result.get("note"):
        lines += [f"Note: {result['note']}", ""]
    lines += [
        f"{len(runs)} run(s) of {runs[0]['cases']:,} generated cases ({runs[0]['entries']:,} docket entries); "
        "median (min – max). Each step is its own process (bench/bench_pipeline.py explains what each "
        "measures); peak memory is that process's peak resident set, DuckDB and Polars included.",
        "",
        "| step | seconds | entries/s | CPU seconds | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for name in ("generate", "end_to_end", "parse", "normalise", "classify", "store", "publish"):
        if name in s:
            row = s[name]
            rate = s["entries_per_second"] if name == "end_to_end" else row.get("entries_per_second")
            lines.append(f"| {name} | {_fmt(row['seconds'])} | {_fmt(rate, 0)} | {_fmt(row['cpu_seconds'])} | "
                         f"{_fmt(row['peak_rss_mb'], 0)} |")
    if "sum_of_parts_seconds" in s:
        lines += ["", f"Sum of the parts alone: {_fmt(s['sum_of_parts_seconds'])} s wall, "
                  f"{_fmt(s['sum_of_parts_cpu_seconds'])} s CPU; pipeline overhead (end-to-end less the parts): "
                  f"{_fmt(s['overhead_seconds'])} s wall, {_fmt(s['overhead_cpu_seconds'])} s CPU."]
    per_million = statistics.median(r["build_bytes_per_million_entries"] for r in runs)
    lines += ["", f"Build on disk: {_fmt(per_million / 2**20)} MB per million "
              f"docket entries ({_fmt(runs[0]['build_bytes'] / 2**20)} MB for this build).", ""]
    return lines


def _queries_section(result: dict) -> list[str]:
    from bench_queries import NATIONAL

    qs = result.get("queries", [])
    lines = ["## Dashboard questions: DuckDB against SQLite (Datasette's engine) on the same rows", ""]
    if not qs:
        return lines + ["Not run.", ""]
    lines += [
        f"Database: {result['cases']:,} cases, {result['docket_entries']:,} docket entries, {result['events']:,} "
        f"events; the national questions ({', '.join(NATIONAL)}) on a database of a generated FJC IDB file of "
        f"{result.get('idb_lines', 0):,} lines ({result.get('idb_cases', 0):,} copyright case records). DuckDB {result['duckdb']} through `pipelines.queries.run` (the app's path); SQLite "
        f"{result['sqlite_version']} on a copy of the tables the questions read (bench/sqlite/mirror.py), "
        "indexed on join keys. Warm cache; p50 / p95 over the runs shown. Ratio = SQLite p50 / DuckDB p50, "
        "given only where SQLite returned the same rows (or was cut off, a lower bound marked ≥). "
        "Aggregate questions are marked *.",
        "",
        "| question | filter | rows | DuckDB p50 ms | DuckDB p95 ms | SQLite p50 ms | SQLite p95 ms | runs (D/S) | ratio | same rows |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for q in qs:
        lite = q.get("sqlite", {})
        ratio = q.get("ratio_p50")
        shown = f"{ratio:,.1f}" if ratio is not None and ratio >= 1 else f"{ratio:.2g}" if ratio is not None else ""
        ratio_text = "—" if ratio is None else (("≥ " if q.get("sqlite_cut_off") else "") + f"{shown}×")
        same = q.get("same_answer")
        lines.append(
            f"| {q['query']}{' *' if q['aggregate'] else ''} | {q['filter']} | {q['rows']:,} | "
            f"{q['duckdb']['p50_ms']:,.1f} | {q['duckdb']['p95_ms']:,.1f} | "
            f"{_fmt(lite.get('p50_ms'))} | {_fmt(lite.get('p95_ms'))} | {q['duckdb']['runs']}/{lite.get('runs', 0)} | "
            f"{ratio_text} | {q.get('sqlite_error') or ('yes' if same else ('cut off' if same is None else 'NO'))} |"
        )
    if "sqlite_load_seconds" in result:
        lines += ["", f"SQLite copy loaded in {result['sqlite_load_seconds']:,.0f} s "
                  f"({sum(result['sqlite_rows'].values()):,} rows)."]
    return lines + [""]


def _pages_section(result: dict) -> list[str]:
    pages = result.get("pages", {})
    lines = ["## Dashboard pages: first full render in Chromium", ""]
    if not pages:
        return lines + ["Not run.", ""]
    lines += ["bench/bench_pages.py: navigation until the first script run is over and every chart and table is "
              "drawn. Cold: a fresh app server, the page's first visit. New visitor: new browser sessions on the "
              "same server (query cache warm, browser cache empty). Return visit: the page loaded again in a "
              "session that has seen it (browser cache warm). The floor is a page with one three-bar Plotly "
              "chart and a three-row table and nothing else (bench/floor/app.py): what Streamlit and Plotly "
              "cost on this machine before any of the dashboard's work. The National page is drawn on the "
              "database of the generated FJC IDB file the national questions are timed on"
              + ("." if result.get("national_db") else " when there is one (not in this run: its empty state)."),
              "", "| page | cold s | new visitor median s | new visitor max s | return median s | return max s |",
              "|---|---|---|---|---|---|"]
    for name, p in pages.items():
        lines.append(f"| {name} | {p['cold_s']:.2f} | {p['new_visitor_median_s']:.2f} | {p['new_visitor_max_s']:.2f} "
                     f"| {p['return_median_s']:.2f} | {p['return_max_s']:.2f} |")
    return lines + [""]


def _interaction_section(result: dict) -> list[str]:
    lines = ["## Dashboard interaction: a filter change, a chart click or a page change until redrawn", ""]
    if not result.get("pages"):
        return lines + ["Not run.", ""]
    lines += ["bench/bench_interaction.py: one reader in Chromium, one fresh app server. On each page every repeat "
              "picks a court, a plaintiff, a counsel and a judge and removes each again, types a start and an end "
              "filing date and clears them, and clicks a mark of the page's first chart; then it follows the "
              "sidebar's links between pages. Timed from the click (or the click that leaves a typed date) until "
              "the run it started is over and every chart and table is drawn and painted. Answers the app has "
              f"cached count like any other. {result['repeats']} repeats; load: {_load_text(result.get('load', []))}.",
              "", "| page | interaction | n | median s | p95 s | max s |", "|---|---|---|---|---|---|"]
    for page, kinds in result["pages"].items():
        for kind, s in kinds.items():
            if s.get("n"):
                lines.append(f"| {page} | {kind} | {s['n']} | {s['median_s']:.2f} | {s['p95_s']:.2f} | {s['max_s']:.2f} |")
    a = result["all"]
    lines += ["", f"All {a['n']} interactions: median {a['median_s']:.2f} s, p95 {a['p95_s']:.2f} s, max "
              f"{a['max_s']:.2f} s; {len(result['failures'])} failed to redraw."]
    lines += [f"- {f}" for f in result["failures"][:10]]
    return lines + [""]


def _readers_section(result: dict) -> list[str]:
    lines = ["## Many readers on one server", ""]
    if not result.get("interaction", {}).get("n"):
        return lines + ["Not run.", ""]
    a, rss = result["interaction"], result["server_rss_mb"]
    lines += [f"bench/bench_readers.py: {result['readers']} browser sessions (contexts of one Chromium) against one "
              f"app server on 127.0.0.1, each changing filters, dates and pages at random for "
              f"{result['seconds_each']:g} s, reading {'–'.join(f'{t:g}' for t in result.get('think_s', (0, 0)))} s "
              f"between interactions, timed as above. Chromium runs on the same 2 cores as the server, so "
              f"the figures include the browsers' own work. Load: {_load_text(result.get('load', []))}.", "",
              f"- interactions: {result['interactions']:,}; errors: {result['errors']}",
              f"- interaction median {a['median_s']:.2f} s, p95 {a['p95_s']:.2f} s, max {a['max_s']:.2f} s",
              *(f"  - {k}: n {s['n']}, median {s['median_s']:.2f} s, p95 {s['p95_s']:.2f} s"
                for k, s in result["by_kind"].items() if s.get("n")),
              f"- server resident memory (streamlit and children): {rss['before']:,.0f} MB before, peak "
              f"{rss['peak']:,.0f} MB, {rss['last']:,.0f} MB at the end ({rss['samples']} samples)"]
    if result.get("cpu_s", {}).get("server_share") is not None:
        cpu = result["cpu_s"]
        lines.append(f"- CPU over the run: the machine's {cpu['cores']} cores were busy {cpu['machine']:,.0f} CPU-s "
                     f"of {cpu['cores'] * result['wall_s']:,.0f}; the server used {cpu['server']:,.0f} "
                     f"({cpu['server_share']:.0%}), the readers' browsers (and anything else) the rest")
    lines += [f"- error: {e}" for e in result["error_samples"]]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, under a minute, JSON line at the end")
    parser.add_argument("--cases", type=int, help="generated cases for the pipeline and questions")
    parser.add_argument("--parts-cases", type=int, help="generated cases for the parts-alone comparison")
    parser.add_argument("--repeats", type=int, help="runs of each benchmark")
    parser.add_argument("--work", default=os.environ.get("DOEDOCKET_BENCH_WORK", "/tmp/doedocket-bench"))
    parser.add_argument("--reuse", default="", help="comma-separated benchmarks to take from <work>/results")
    parser.add_argument("--only", help="comma-separated benchmarks to run (the others from <work>/results)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=N",
                        help="override a size: " + ", ".join(FULL))
    parser.add_argument("--db", help="a published build for the browser benchmarks (default: the pipeline's)")
    parser.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    args = parser.parse_args()
    size = dict(QUICK if args.quick else FULL)
    for key in ("cases", "parts_cases", "repeats"):
        if getattr(args, key):
            size[key] = getattr(args, key)
    for pair in args.set:
        key, _, value = pair.partition("=")
        if key not in size:
            parser.error(f"--set {pair}: unknown size {key!r}")
        size[key] = int(value)
    work = Path(args.work) / ("quick" if args.quick else "full")
    reuse = {r for r in args.reuse.split(",") if r}
    info = machine()
    results = run_all(size, work, reuse, args.quick, set(args.only.split(",")) if args.only else None,
                      Path(args.db) if args.db else None)
    if not args.quick or args.out != str(BENCH / "RESULTS.md"):
        Path(args.out).write_text(render(results, info, size, args.quick))
    if args.quick:
        print(json.dumps(key_figures(results), default=str))


if __name__ == "__main__":
    main()
