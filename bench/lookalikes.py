"""Precision on real look-alikes: classify juriscraper's own district docket fixtures, count events per label.

Usage: ``python bench/lookalikes.py MIRROR [--show LABEL ...]`` where MIRROR is a git directory of the
juriscraper repository (for instance the one the `fetch` tool gives). The expected outputs of its PACER
docket tests (``tests/examples/pacer/{dockets/district,docket_history_reports,dockets_internet_archive}/*.json``)
are extracted with ``git archive`` into a temporary directory (nothing is written into this repository);
every docket of a district court (bankruptcy courts, ``*b``, left out) that has entries is classified as a
whole with `classify_entries`, so the docket-context rules apply. The corpus is ordinary federal
litigation (criminal, commercial, civil rights), not mass-Doe cases: every funnel event in it is a
look-alike to check by hand. ``--show`` prints each event of the labels named, with its docket, entry
number, rule and text, for that check. The counts and the hand-checked precision are in docs/classifier.md.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines.classify import LABELS, classify_entries

FOLDERS = (
    "tests/examples/pacer/dockets/district",
    "tests/examples/pacer/docket_history_reports",
    "tests/examples/pacer/dockets_internet_archive",
)


def _number(value: object) -> int | None:
    return int(value) if value is not None and str(value).strip().isdigit() else None


def load_dockets(mirror: Path) -> pl.DataFrame:
    """Entries of every district docket among the fixtures, in docket order, as `classify_entries` reads them."""
    archive = subprocess.run(["git", "--git-dir", str(mirror), "archive", "HEAD", *FOLDERS],
                             check=True, capture_output=True).stdout
    rows: list[tuple[str, int, int | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        for path in sorted(Path(tmp).rglob("*.json")):
            try:
                data = json.loads(path.read_text())
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            for k, docket in enumerate(data if isinstance(data, list) else [data]):
                if not isinstance(docket, dict) or not docket.get("docket_entries"):
                    continue
                court = str(docket.get("court_id") or "")
                if not court or court.endswith("b"):
                    continue
                case = f"{path.relative_to(tmp).as_posix().removeprefix('tests/examples/pacer/')}#{k}"
                entries = sorted(
                    docket["docket_entries"],
                    key=lambda e: (str(e.get("date_filed") or "9999")[:10], _number(e.get("document_number")) or 10**9),
                )
                for seq, entry in enumerate(entries):
                    text = entry.get("description") or entry.get("short_description") or ""
                    rows.append((case, seq, _number(entry.get("document_number")), text))
    return pl.DataFrame(rows, schema={"case_id": pl.String, "entry_seq": pl.Int64, "entry_number": pl.Int64,
                                      "description": pl.String}, orient="row").with_columns(date_filed=pl.lit(None, pl.Date))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirror", type=Path, help="git directory of the juriscraper repository")
    parser.add_argument("--show", nargs="*", default=[], help="print every event of these labels")
    args = parser.parse_args()
    entries = load_dockets(args.mirror)
    events = classify_entries(entries).join(entries.select("case_id", "entry_seq", "description"),
                                            on=["case_id", "entry_seq"])
    counts = Counter(events.get_column("label").to_list())
    print(f"{entries.get_column('case_id').n_unique()} district dockets, {entries.height} entries, {events.height} events")
    for label in LABELS:
        print(f"{label:<28}{counts.get(label, 0):>7}")
    for label in args.show:
        print(f"\n== {label}")
        for row in events.filter(pl.col("label") == label).sort("case_id", "entry_seq").iter_rows(named=True):
            print(f"{row['case_id']} #{row['entry_number']} [{row['rule']}] {row['description'][:300]!r}")


if __name__ == "__main__":
    main()
