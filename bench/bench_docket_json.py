"""Benchmark: real sources on the batched path (issue 18 §6) -- generated dockets written as Internet
Archive docket.json files and ingested by `doedocket ingest courtlistener`, against the same cases
ingested from the generated-data path (`doedocket ingest synthetic`), in the same run.

Usage: ``python bench/bench_docket_json.py [--cases 100000] [--seed 1] [--repeats 2] [--work DIR]``
``python bench/bench_docket_json.py --pieces 2000 [--work DIR]`` instead times the JSON path piece by piece in
one process (CPU microseconds per docket entry, `time.process_time`) on the first 2,000 dockets of the
generated input, in the order the reading workers and then the store run them (its classification runs
with a cold cache on 2,000 dockets: see --classify). ``--classify 10000`` times the store's classification
of the same 10,000 cases as each path stages them.
(a run longer than ~30 s on the shared machine goes under ``flock /tmp/bench.lock``).

Both inputs come from one seed: ``doedocket synth dockets`` (Parquet parts) and ``doedocket synth
courtlistener-json`` (one docket.json per case, the same cases), cached under ``--work``
(``$TMPDIR/doedocket-bench`` by default) and regenerated only when their manifests do not match. Each
ingest runs in a fresh process into a fresh database; the two paths alternate, the first of each
repeat rotating, so neither always runs on a warmer machine. For each ingest: wall seconds, entries
per second, CPU seconds of the process and its worker processes, the peak resident memory of the
whole process tree (sampled every 0.2 s from /proc, the reader's worker processes included), and the
1-minute load average before and after. Targets: JSON entries/s >= 50% of the generated path's (the
ratio of the medians), peak memory <= 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 0.5
MEMORY_LIMIT_MB = 4096


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and every process descending from it, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is the parent pid
        rss[pid] = int(fields[21])  # pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(args: list[str]) -> dict:
    """Run a command in a fresh process: wall and CPU seconds, peak tree memory, load before and after."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out[-2000:]}\n{err[-3000:]}")
    # communicate() reaped the child; RUSAGE_CHILDREN holds the times of every reaped descendant.
    return {"seconds": seconds, "peak_rss_mb": peak[0], "load_before": load_before,
            "load_after": os.getloadavg()[0], "output": out.strip().splitlines()[-1] if out.strip() else ""}


def _cpu_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _fresh_db(work: Path, name: str) -> Path:
    folder = work / name
    if folder.exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir(parents=True)
    return folder / "doedocket.duckdb"


def _count(db: Path) -> dict[str, int]:
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("cases", "source_docket_entries", "source_events")}
    finally:
        con.close()


def run(cases: int, seed: int, repeats: int, work: Path) -> dict:
    """Generate (or reuse) both inputs, ingest each `repeats` times alternately; the figures."""
    work.mkdir(parents=True, exist_ok=True)
    doedocket = [sys.executable, "-m", "pipelines.cli"]
    synthetic, ia = work / f"dockets-{cases}-{seed}", work / f"ia-json-{cases}-{seed}"
    out: dict = {"cases": cases, "seed": seed, "repeats": repeats, "generate": {}}
    wanted = {"cases": cases, "seed": seed}
    if {k: _manifest(synthetic / "manifest.json").get(k) for k in wanted} != wanted:
        out["generate"]["synthetic"] = timed([*doedocket, "synth", "dockets", "--cases", str(cases), "--seed",
                                              str(seed), "--out", str(synthetic)])
    if {k: _manifest(ia / "manifest.synthetic").get(k) for k in wanted} != wanted:
        out["generate"]["ia_json"] = timed([*doedocket, "synth", "courtlistener-json", "--cases", str(cases),
                                            "--seed", str(seed), "--out", str(ia)])
    entries = _manifest(synthetic / "manifest.json")["rows"]["docket_entries"]
    out["entries"] = entries
    paths = {"synthetic": ["synthetic", str(synthetic)], "ia_json": ["courtlistener", str(ia)]}
    runs: dict[str, list[dict]] = {name: [] for name in paths}
    for r in range(repeats):
        for name in (list(paths) if r % 2 == 0 else list(paths)[::-1]):
            db = _fresh_db(work, f"db-{name}")
            cpu = _cpu_children()
            figures = timed([*doedocket, "ingest", *paths[name][:1], paths[name][1], "--db", str(db)])
            figures["cpu_seconds"] = _cpu_children() - cpu
            figures["counts"] = _count(db)
            figures["entries_per_second"] = figures["counts"]["source_docket_entries"] / figures["seconds"]
            runs[name].append(figures)
            print(f"{name} run {r + 1}: {figures['seconds']:.1f} s, {figures['entries_per_second']:,.0f} entries/s, "
                  f"{figures['cpu_seconds']:.1f} CPU s, peak {figures['peak_rss_mb']:,.0f} MB, "
                  f"load {figures['load_before']:.2f} -> {figures['load_after']:.2f}", file=sys.stderr)
    out["runs"] = runs
    for name, got in runs.items():
        out[name] = {key: statistics.median(g[key] for g in got)
                     for key in ("seconds", "entries_per_second", "cpu_seconds", "peak_rss_mb")}
        out[name]["max_peak_rss_mb"] = max(g["peak_rss_mb"] for g in got)
        out[name]["counts"] = got[0]["counts"]
    out["same_counts"] = out["synthetic"]["counts"] == out["ia_json"]["counts"]
    out["ratio"] = out["ia_json"]["entries_per_second"] / out["synthetic"]["entries_per_second"]
    out["ratio_met"] = out["ratio"] >= TARGET_RATIO
    out["memory_met"] = out["ia_json"]["max_peak_rss_mb"] <= MEMORY_LIMIT_MB
    out["json_bytes"] = sum(p.stat().st_size for p in ia.rglob("*.json"))
    return out


def pieces(dockets: int, work: Path) -> dict[str, float]:
    """CPU microseconds per docket entry of each piece of the JSON path, run in this process on `dockets`
    generated docket.json files (cached inputs of `run`), the reading workers' pieces first (their
    cyclic collector off, as in `_read_task`). Polars' and DuckDB's own threads count in
    `time.process_time`, as they would on the machine."""
    import gc

    import duckdb
    import polars as pl

    from pipelines import classify, store
    from pipelines.dockets import columns
    from pipelines.dockets import stored as stored_records
    from pipelines.normalize import make_case_id
    from pipelines.sources import cl_json, courtlistener
    from pipelines.sources.base import file_time

    folder = work / "ia-json-10000-1"
    if {k: _manifest(folder / "manifest.synthetic").get(k) for k in ("cases", "seed")} != {"cases": 10000, "seed": 1}:
        timed([sys.executable, "-m", "pipelines.cli", "synth", "courtlistener-json", "--cases", "10000", "--seed",
               "1", "--out", str(folder)])
    files = courtlistener.json_files([folder])[:dockets]
    key = bytes(range(32))
    spent: dict[str, float] = {}

    def step(name: str, fn, *args):
        start = time.process_time()
        value = fn(*args)
        spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return value

    for path in files:
        path.read_bytes()  # the page cache warm, as for every piece after it
    gc.disable()
    raws = step("read the files", lambda: [p.read_bytes() for p in files])
    parts = step("decode (msgspec, the fields read)", lambda: [cl_json.ia_docket_parts(r) for r in raws])
    heads = step("header and parties (from_ia_docket)", lambda: [
        cl_json.from_ia_docket(h, path=p, retrieved_at=file_time(p)) for (h, _), p in zip(parts, files)])
    cols = step("entries as columns (ia_entry_columns)", lambda: [
        cl_json.ia_entry_columns(e, h.source_url) for (_, e), h in zip(parts, heads)])
    entries = sum(len(c[0]) for c in cols)

    suspect, hits, header = step("screen every text (one Polars pass)", columns.screened_dockets,
                                 list(zip(heads, cols)))

    def scrub():
        return [columns.cleaned_columns(h, c, key, hits.get(i, set()), header.get(i, [])) or (h, c)
                if i in suspect else (h, c) for i, (h, c) in enumerate(zip(heads, cols))]

    fixed = step("check and pseudonymise flagged dockets", scrub)
    step("record hash and JSON (source_records rows)", lambda: [
        stored_records.hash_and_json_of_columns(stored_records.plain_header(h), *c) for h, c in fixed])
    builder = columns.DocketColumnsBuilder()
    step("staging rows (case_rows, entries in docket order) + hash", lambda: [
        builder.add(h, make_case_id(h.court_id, h.docket_number), *c) for h, c in fixed])
    spent["staging rows (case_rows, entries in docket order) + hash"] -= spent[
        "record hash and JSON (source_records rows)"]
    wire = step("frames + Arrow IPC to the store", builder.wire)
    gc.enable()
    staging, records = step("store: read the frames", columns.from_wire, wire)
    merging = step("store: which cases are stored already", columns.merging_pairs, records, set())
    prepared = step("store: classify (prepare, shared with the generated path)", store.prepare,
                    columns.new_case_staging(staging, merging), classify.LineCache())
    con = duckdb.connect()
    con.execute(store.SCHEMA.read_text())

    def load():
        con.register("_records", records)
        con.execute("INSERT INTO source_records SELECT * FROM _records")
        store.load_staging(con, prepared)

    step("store: insert source_records and the staging rows", load)
    del pl
    return {"dockets": len(files), "entries": entries,
            **{name: round(seconds / entries * 1e6, 2) for name, seconds in spent.items()},
            "total": round(sum(spent.values()) / entries * 1e6, 2)}


def classification(dockets: int, work: Path) -> dict:
    """CPU microseconds per docket entry of classifying (`store.prepare`, one `classify.LineCache` for
    the load) the same `dockets` cases as each path stages them: the generated path's normalised Parquet
    parts in one batch, the JSON path's frames in one batch and in two (as batches of a load follow
    each other). Also whether their descriptions are the same and how many are distinct."""
    import polars as pl

    from pipelines import classify, store
    from pipelines.dockets import columns
    from pipelines.sources import courtlistener
    from pipelines.staging import Staging
    from pipelines.synth.dockets import normalise, read_parts

    key = bytes(range(32))
    generated_dir, ia = work / "dockets-10000-1", work / "ia-json-10000-1"
    for folder, kind, manifest in ((generated_dir, "dockets", "manifest.json"),
                                   (ia, "courtlistener-json", "manifest.synthetic")):
        if {k: _manifest(folder / manifest).get(k) for k in ("cases", "seed")} != {"cases": 10000, "seed": 1}:
            timed([sys.executable, "-m", "pipelines.cli", "synth", kind, "--cases", "10000", "--seed", "1",
                   "--out", str(folder)])
    files = courtlistener.json_files([ia])[:dockets]
    parts = [columns.from_wire(courtlistener._read_task(files[i:i + 250], key)[0])
             for i in range(0, len(files), 250)]
    json_staging = Staging(**{name: pl.concat([getattr(s, name) for s, _ in parts]) for name in Staging().tables()})
    ids = pl.DataFrame({"case_id": json_staging.cases["case_id"]})

    def only(staging: Staging, cases: pl.DataFrame) -> Staging:
        return Staging(**{name: frame.join(cases, on="case_id", how="semi", maintain_order="left")
                          for name, frame in staging.tables().items()})

    generated = Staging.concat([only(normalise(part, key, generated_dir), ids) for part in read_parts(generated_dir)])
    halves = [only(json_staging, ids[: len(ids) // 2]), only(json_staging, ids[len(ids) // 2:])]
    entries = json_staging.docket_entries.height

    def timed_prepare(batches: list[Staging]) -> float:
        cache = classify.LineCache()
        start = time.process_time()
        for batch in batches:
            store.prepare(batch, cache)
        return round((time.process_time() - start) / entries * 1e6, 2)

    ordered = [s.docket_entries.sort("case_id", "entry_seq")["description"] for s in (generated, json_staging)]
    return {"dockets": len(files), "entries": entries, "generated_entries": generated.docket_entries.height,
            "same_descriptions": ordered[0].equals(ordered[1]), "distinct_descriptions": ordered[1].n_unique(),
            "generated, one batch": timed_prepare([generated]), "json, one batch": timed_prepare([json_staging]),
            "json, two batches": timed_prepare(halves), "generated, one batch again": timed_prepare([generated])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--pieces", type=int, default=0, help="time the JSON path piece by piece on this many dockets")
    parser.add_argument("--classify", type=int, default=0,
                        help="time classifying this many dockets as each path stages them (up to 10,000)")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", tempfile.gettempdir()))
                                              / "doedocket-bench"))
    args = parser.parse_args()
    if args.pieces:
        print(json.dumps(pieces(args.pieces, Path(args.work)), indent=2))
        return
    if args.classify:
        print(json.dumps(classification(args.classify, Path(args.work)), indent=2))
        return
    start = time.perf_counter()
    result = run(args.cases, args.seed, args.repeats, Path(args.work))
    result["wall_seconds"] = time.perf_counter() - start
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
