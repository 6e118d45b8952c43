"""Ingest a generated curated directory into a database, repeatedly: a process for tests to kill.

Usage: python -m tests.tools.ingest_loop DB CASES ROUNDS
Each round rebuilds from a curated-layout directory of CASES generated cases whose case names
carry the round number, so every published build is distinguishable and complete or absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipelines import store
from pipelines.privacy import load_or_create_key
from pipelines.sources import curated


def write_curated(directory: Path, cases: int, round_no: int) -> None:
    """A curated-layout directory: `cases` cases with two entries and one stated event each."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = ["court_id,docket_number,case_name,plaintiff,date_filed,does_in_caption,source_urls"]
    entries = ["court_id,docket_number,entry_number,date_filed,description,source_url"]
    events = ["court_id,docket_number,case_name,label,date,entry_number,does_affected,basis,source_url"]
    for i in range(cases):
        docket = f"3:11-cv-{i:05d}"
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


def main(db: str, cases: str, rounds: str) -> None:
    db_path = Path(db)
    key = load_or_create_key(store.key_path(db_path))
    for round_no in range(1, int(rounds) + 1):
        source = db_path.parent / f"curated-{round_no}"
        write_curated(source, int(cases), round_no)
        store.ingest(db_path, curated.read(source, key), fresh=True)
        print(f"published {round_no}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
