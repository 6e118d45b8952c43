"""Ingests for tests to kill with SIGKILL, at named points or at moments read from their progress.

Usage: python -m tests.tools.ingest_loop PLAN.json

PLAN is {"runs": [RUN, ...]}; each RUN ingests a generated curated directory of `cases` cases
(names carrying "Round 1 Films") into the existing database `db`, as `doedocket ingest curated`
does: a copy of the published build, one transaction, then publishing. A run either names a kill
`point` (the ingest sends SIGKILL to itself there) or names a progress `phase` and a `delay` (this
process sends the SIGKILL that many seconds after the ingest reports entering the phase); a run
with neither is not killed. Runs are forked one at a time from this process, which has imported
everything once, so a kill costs no interpreter start-up. One JSON line per run is printed: the
run, how its process ended (`signal` 9 when killed, else its `exit` status), and the last phase it
reported (where it died).

Points and phases are found by wrapping functions of pipelines.store and pipelines.sources.curated
and the os/shutil/duckdb calls store makes, in the forked process only: production code has no
test hooks.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

import duckdb

from pipelines import store
from pipelines.privacy import load_or_create_key
from pipelines.sources import curated

# Progress phases, in the order an ingest goes through them.
PHASES = ("parse", "copy", "load", "commit", "derive", "publish", "done")
# Kill points, in the order an ingest reaches them, with the phase each lies in.
POINTS = {
    "parse:cases-read": "parse",  # cases.csv parsed, docket_entries.csv not yet
    "copy:half-copied": "copy",  # the copy of the published build half written
    "load:begin": "load",  # the load's transaction open, nothing loaded
    "load:entries-inserted": "load",  # source docket entries inserted, not committed
    "commit:before": "commit",  # the load about to commit
    "commit:after": "commit",  # the load committed in the partial file, nothing derived
    "derive:classified": "derive",  # cases and their detail derived, hand events and measures not
    "derive:measures": "derive",  # about to derive case measures
    "derive:checkpointed": "derive",  # every table derived and checkpointed, the file not yet renamed
    "publish:renamed": "publish",  # the build renamed from *.partial to *.duckdb, not published
    "publish:link-made": "publish",  # the new symlink made beside the published one, not swapped
    "publish:swapped": "publish",  # published; older builds not yet pruned
    "publish:before-prune": "publish",
}


def write_curated(directory: Path, cases: int, round_no: int) -> None:
    """A curated-layout directory: `cases` cases with two entries and one stated event each."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = ["court_id,docket_number,case_name,plaintiff,date_filed,does_in_caption,source_urls"]
    entries = ["court_id,docket_number,entry_number,date_filed,description,source_url"]
    events = ["court_id,docket_number,case_name,label,date,entry_number,does_affected,basis,source_url"]
    for i in range(cases):
        docket = f"3:11-cv-{round_no * 10000 + i:05d}"
        rows.append(f"cand,{docket},Round {round_no} Films v. Does 1-{i % 50 + 2},Round {round_no} Films,2011-01-01,"
                    f"{i % 50 + 2},https://example.org/{i}")
        entries.append(f"cand,{docket},1,2011-01-01,COMPLAINT against Does filed by Round {round_no} Films.,"
                       f"https://example.org/{i}/1")
        entries.append(f"cand,{docket},5,2011-01-10,ORDER granting 4 Ex Parte Application for Leave to Take "
                       f"Expedited Discovery.,https://example.org/{i}/5")
        events.append(f"cand,{docket},,discovery_motion,2011-01-05,4,,stated,https://example.org/{i}/e")
    (directory / "cases.csv").write_text("\n".join(rows) + "\n")
    (directory / "docket_entries.csv").write_text("\n".join(entries) + "\n")
    (directory / "case_events.csv").write_text("\n".join(events) + "\n")


class _Connection:
    """A DuckDB connection whose execute() reports to `watch` before and after each statement."""

    def __init__(self, con: duckdb.DuckDBPyConnection, watch) -> None:
        self._con, self._watch = con, watch

    def execute(self, sql: str, *args, **kwargs):
        self._watch("before", sql)
        result = self._con.execute(sql, *args, **kwargs)
        self._watch("after", sql)
        return result

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def _instrument(point: str | None, report) -> None:
    """Wrap what the forked ingest calls: report phases, and die at `point`."""

    def at(name: str) -> None:
        if name == point:
            os.kill(os.getpid(), signal.SIGKILL)

    real_read_csv, real_copy, real_connect = curated._read_csv, shutil.copyfile, duckdb.connect
    real_replace, real_symlink = os.replace, os.symlink
    real_derive = store.derive
    real_make, real_prune = store._make, store._prune_old_builds

    def read_csv(path):
        if path.name == "docket_entries.csv":
            at("parse:cases-read")
        return real_read_csv(path)

    def copyfile(src, dst):
        report("copy")
        if point == "copy:half-copied":
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                fout.write(fin.read(os.path.getsize(src) // 2))
            at("copy:half-copied")
        return real_copy(src, dst)

    deriving = [False]

    def watch(when: str, sql: str) -> None:
        if (when, sql) == ("after", "CHECKPOINT"):
            at("derive:checkpointed")
        if deriving[0]:  # each derivation step is a transaction of its own: not the load's
            return
        if (when, sql) == ("after", "BEGIN TRANSACTION"):
            report("load")
            at("load:begin")
        elif when == "after" and sql.startswith("INSERT INTO source_docket_entries"):
            at("load:entries-inserted")
        elif sql == "COMMIT":
            if when == "before":
                report("commit")
            at(f"commit:{when}")

    def connect(database, *args, **kwargs):
        return _Connection(real_connect(database, *args, **kwargs), watch)

    def replace(src, dst):
        renaming = str(src).endswith(".partial")
        if renaming:
            report("publish")
        real_replace(src, dst)
        at("publish:renamed" if renaming else "publish:swapped")

    def symlink(src, dst, *args, **kwargs):
        real_symlink(src, dst, *args, **kwargs)
        at("publish:link-made")

    def derive(con):
        report("derive")
        deriving[0] = True
        return real_derive(con)

    def make(con, model):
        if model.name == "hand_coded_events":
            at("derive:classified")
        if model.name == "case_measures":
            at("derive:measures")
        return real_make(con, model)

    def prune(db, current):
        at("publish:before-prune")
        return real_prune(db, current)

    curated._read_csv, shutil.copyfile, duckdb.connect = read_csv, copyfile, connect
    os.replace, os.symlink = replace, symlink
    store.derive = derive
    store._make, store._prune_old_builds = make, prune


def _ingest(db: Path, cases: int, point: str | None, report) -> None:
    """One ingest round, as `doedocket ingest curated` does it, in the forked process."""
    source = db.parent / "curated-round-1"
    write_curated(source, cases, 1)
    _instrument(point, report)
    report("parse")
    staging = curated.read(source, load_or_create_key(store.key_path(db)))
    store.ingest(db, staging)
    report("done")


def run(spec: dict) -> dict:
    """Fork one ingest, kill it as `spec` says, and say how it ended and in which phase."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the ingest
        os.close(read_end)
        try:
            _ingest(Path(spec["db"]), spec["cases"], spec.get("point"),
                    lambda phase: os.write(write_end, f"{phase}\n".encode()))
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    os.close(write_end)
    phases: list[str] = []
    buffer = b""
    with os.fdopen(read_end, "rb", buffering=0) as progress:
        while True:
            chunk = progress.read(64)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            phases += [line.decode() for line in lines]
            if spec.get("phase") in phases:
                time.sleep(spec["delay"])
                os.kill(pid, signal.SIGKILL)
                spec = dict(spec, phase=None) | {"phase_wanted": spec["phase"]}
    _, status = os.waitpid(pid, 0)
    return spec | {"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                   "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                   "last_phase": phases[-1] if phases else None}


def main(plan_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    for spec in plan["runs"]:
        print(json.dumps(run(spec)), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
