"""Benchmark: end-to-end ingest of generated dockets against its parts measured alone; build size; publish time.

Usage: ``python bench/bench_pipeline.py --cases N [--work DIR] [--seed S]``.
`run(cases, work, seed)` returns the figures as a dict for the shared harness (bench/run.py).

Each step runs in its own Python process so that its peak resident memory (``ru_maxrss``, which
includes DuckDB's and Polars' native memory) and its CPU time are its own:

* generate  -- ``doedocket synth dockets`` (skipped when the directory already holds that run);
* end_to_end -- ``doedocket ingest synthetic DIR`` into a fresh database: parse -> normalise ->
  classify -> store -> publish, exactly as a user runs it;
* parse     -- reading every part into conformed staging frames;
* normalise -- `pipelines.synth.dockets.normalise` on every batch (reading untimed);
* classify  -- `classify_entries` over the same entries, in batches of the size the ingest loads
  (`dockets.LOAD_ENTRIES`; reading untimed), with one `LineCache` across them as the ingest has;
* store     -- the same ingest with the classifier replaced by a constant labeller (one 'other'
  event per entry, so the events table has about the same number of rows), less the parse and
  normalise times above: loading, merging, inserting events, the case measures, commit, checkpoint
  and publish;
* publish   -- a new build of the finished database that replaces 100 cases: copy of the published
  file, re-derivation of every table, publish.

The pipeline's own overhead is end_to_end less the sum of the four parts, in wall time and in CPU
time (on a shared machine CPU time is the steadier of the two). Build size is the published file's
size per million docket entries.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PUBLISH_CASES = 100

# Each step: Python source run with `python -c`; it prints one JSON object as its last line.
_PRELUDE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
ARGS = json.loads({args!r})
def done(**figures):
    ru = resource.getrusage(resource.RUSAGE_SELF)
    figures.update(peak_rss_mb=ru.ru_maxrss / 1024, cpu_seconds=ru.ru_utime + ru.ru_stime)
    print(json.dumps(figures))
"""

STEPS = {
    "generate": """
from pipelines.synth import dockets
start = time.perf_counter()
rows = dockets.generate(Path(ARGS["data"]), ARGS["cases"], ARGS["seed"])
done(seconds=time.perf_counter() - start, **{f"rows_{k}": v for k, v in rows.items()})
""",
    "end_to_end": """
from pipelines import cli
start = time.perf_counter()
status = cli.main(["ingest", "synthetic", ARGS["data"], "--db", ARGS["db"]])
done(seconds=time.perf_counter() - start, status=status)
""",
    "parse": """
from pipelines.synth import dockets
start = time.perf_counter()
entries = sum(b.docket_entries.height for b in dockets.batches(dockets.read_parts(Path(ARGS["data"]))))
done(seconds=time.perf_counter() - start, entries=entries)
""",
    "normalise": """
from pipelines.synth import dockets
key, spent, entries = b"k" * 32, 0.0, 0
for batch in dockets.batches(dockets.read_parts(Path(ARGS["data"]))):
    start = time.perf_counter()
    dockets.normalise(batch, key, Path(ARGS["data"]))
    spent += time.perf_counter() - start
    entries += batch.docket_entries.height
done(seconds=spent, entries=entries)
""",
    "classify": """
import polars as pl
from pipelines.classify import LineCache, classify_entries
from pipelines.synth import dockets
spent, entries, events, pending, lines = 0.0, 0, 0, [], LineCache()
def classify(frames):
    global spent, events
    chunk = pl.concat(frames).select("case_id", "entry_seq", "entry_number", "date_filed", "description")
    start = time.perf_counter()
    events += classify_entries(chunk, lines).height
    spent += time.perf_counter() - start
for part in dockets.read_parts(Path(ARGS["data"])):
    pending.append(part.docket_entries)
    entries += part.docket_entries.height
    if sum(f.height for f in pending) >= dockets.LOAD_ENTRIES:
        classify(pending)
        pending = []
if pending:
    classify(pending)
done(seconds=spent, entries=entries, events=events)
""",
    "store": """
import polars as pl
from pipelines import cli, store
def constant_labels(entries, cache=None):
    return entries.select(
        "case_id", "entry_seq", "entry_number", "date_filed",
        label=pl.lit("other"), rule=pl.lit("other.no_rule_matched"),
        rules_on=pl.lit([], dtype=pl.List(pl.Int64)), does_affected=pl.lit(None, dtype=pl.Int64),
        with_prejudice=pl.lit(None, dtype=pl.Boolean), inferred=pl.lit(False),
        judge=pl.lit(None, dtype=pl.String),
    )
store.classify_entries = constant_labels
start = time.perf_counter()
status = cli.main(["ingest", "synthetic", ARGS["data"], "--db", ARGS["db"]])
done(seconds=time.perf_counter() - start, status=status)
""",
    "publish": """
from pipelines import cli
from pipelines.synth import dockets
dockets.generate(Path(ARGS["small"]), ARGS["cases"], ARGS["seed"] + 1)
start = time.perf_counter()
status = cli.main(["ingest", "synthetic", ARGS["small"], "--db", ARGS["db"]])
done(seconds=time.perf_counter() - start, status=status)
""",
}


def step(name: str, **args: object) -> dict:
    """Run one step in a fresh Python process; its JSON figures."""
    code = _PRELUDE.format(repo=str(REPO), args=json.dumps(args)) + STEPS[name]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    lines = proc.stdout.strip().splitlines()
    try:
        figures = json.loads(lines[-1]) if proc.returncode == 0 and lines else None
    except ValueError:
        figures = None
    if figures is None or figures.get("status", 0) != 0:
        raise RuntimeError(f"step {name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    return figures


def _fresh(db: Path) -> Path:
    if db.parent.exists():
        for path in sorted(db.parent.rglob("*"), reverse=True):
            path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    db.parent.mkdir(parents=True, exist_ok=True)
    return db


def _manifest_matches(data: Path, cases: int, seed: int) -> bool:
    try:
        manifest = json.loads((data / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return manifest.get("cases") == cases and manifest.get("seed") == seed


def run(cases: int, work: Path, seed: int = 1, publish: bool = True, parts: bool = True) -> dict:
    """Generate (or reuse) `cases` synthetic cases under `work`, then time every step; the figures.

    ``parts=False`` runs the end-to-end ingest only (for sizes where the parts alone take too long).
    """
    work = Path(work)
    data = work / f"dockets-{cases}-{seed}"
    out: dict = {"cases": cases, "seed": seed}
    if not _manifest_matches(data, cases, seed):
        out["generate"] = step("generate", data=str(data), cases=cases, seed=seed)
    entries = json.loads((data / "manifest.json").read_text())["rows"]["docket_entries"]
    out["entries"] = entries
    db = _fresh(work / "e2e" / "doedocket.duckdb")
    out["end_to_end"] = step("end_to_end", data=str(data), db=str(db))
    build = db.resolve()
    out["build_bytes"] = build.stat().st_size
    out["build_bytes_per_million_entries"] = build.stat().st_size / entries * 1e6
    out["db"] = str(db)
    out["entries_per_second"] = entries / out["end_to_end"]["seconds"]
    out["entries_per_cpu_second"] = entries / out["end_to_end"]["cpu_seconds"]
    if publish:
        out["publish"] = step("publish", db=str(db), small=str(work / "publish-input"), cases=PUBLISH_CASES, seed=seed)
    if not parts:
        return out
    for name in ("parse", "normalise", "classify"):
        out[name] = step(name, data=str(data))
    store_db = _fresh(work / "store" / "doedocket.duckdb")
    out["store"] = step("store", data=str(data), db=str(store_db))
    _fresh(store_db)
    for unit in ("seconds", "cpu_seconds"):
        out["store"][f"{unit}_with_parse_and_normalise"] = out["store"][unit]
        out["store"][unit] -= out["parse"][unit] + out["normalise"][unit]
        total = sum(out[name][unit] for name in ("parse", "normalise", "classify", "store"))
        out[f"sum_of_parts_{unit}"] = total
        out[f"overhead_{unit}"] = out["end_to_end"][unit] - total
    for name in ("parse", "normalise", "classify", "store"):
        out[name]["entries_per_second"] = entries / out[name]["seconds"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=os.environ.get("DOEDOCKET_BENCH_WORK", "/tmp/doedocket-bench"))
    parser.add_argument("--no-publish", action="store_true", help="skip the new-build (publish) step")
    parser.add_argument("--no-parts", action="store_true", help="end-to-end only, not the parts alone")
    args = parser.parse_args()
    start = time.perf_counter()
    result = run(args.cases, Path(args.work), args.seed, publish=not args.no_publish, parts=not args.no_parts)
    result["wall_seconds"] = time.perf_counter() - start
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
