"""Hand corrections of the classifier's labels: `data/corrections/*.csv`, read at every build.

A corrections file has the columns case_id, entry_number, labels ('|'-separated, the contract's
event labels), reviewer, date (ISO) and note; one row says what the labels of one docket entry
are. `load` reads every file of the directory into the build's `corrections` table after checking
each row against the build (a known case, an entry of its docket with that number, known labels,
each entry corrected once); a bad row raises `SourceError` naming the file and line, which fails
the build and leaves the published database as it was. The model
`queries/build/merge/corrected_events.sql` then puts the corrected labels in place of the
classifier's. An absent or empty directory means no corrections.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines import resources
from pipelines.classify import LABELS
from pipelines.errors import SourceError

COLUMNS = ("case_id", "entry_number", "labels", "reviewer", "date", "note")
SEPARATOR = "|"


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file."""

    case_id: str
    entry_number: int
    labels: tuple[str, ...]
    reviewer: str
    date: date
    note: str
    source_file: str
    line_number: int


def directory() -> Path:
    """Where the corrections are: `$DOEDOCKET_CORRECTIONS`, else data/corrections/ of the project."""
    return Path(os.environ.get("DOEDOCKET_CORRECTIONS") or resources.CORRECTIONS)


def parse_labels(text: str, path: Path | str, line: int, column: str) -> tuple[str, ...]:
    """The '|'-separated labels of a cell, sorted and distinct; an empty or unknown label is an error."""
    labels = [part.strip() for part in text.split(SEPARATOR)]
    if not any(labels):
        raise SourceError(path, line, f"{column} is empty")
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise SourceError(path, line, f"{column}: {unknown[0]!r} is not an event label")
    return tuple(sorted(set(labels)))


def read_file(path: Path) -> list[Correction]:
    """The rows of one corrections file, each checked for shape (not yet against a build)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:  # a spreadsheet may save a byte-order mark
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(path, 1, f"missing column {missing[0]!r} (a corrections file has {', '.join(COLUMNS)})")
        rows = []
        line = reader.line_num + 1
        for row in reader:
            rows.append(_correction(row, path, line))
            line = reader.line_num + 1
    return rows


def _correction(row: dict[str, str], path: Path, line: int) -> Correction:
    case_id = (row["case_id"] or "").strip()
    if not case_id:
        raise SourceError(path, line, "case_id is empty")
    number = (row["entry_number"] or "").strip()
    if not number.isdigit():
        raise SourceError(path, line, f"entry_number {number!r} is not a docket entry number")
    reviewer = (row["reviewer"] or "").strip()
    if not reviewer:
        raise SourceError(path, line, "reviewer is empty")
    try:
        when = date.fromisoformat((row["date"] or "").strip())
    except ValueError:
        raise SourceError(path, line, f"date {row['date']!r} is not an ISO date (YYYY-MM-DD)") from None
    return Correction(case_id, int(number), parse_labels(row["labels"] or "", path, line, "labels"), reviewer, when,
                      (row["note"] or "").strip(), path.name, line)


def read(folder: Path) -> list[Correction]:
    """Every row of `folder`'s *.csv files, in file-name order; an entry corrected twice is an error."""
    if not folder.is_dir():
        return []
    found: list[Correction] = []
    seen: dict[tuple[str, int], Correction] = {}
    for path in sorted(folder.glob("*.csv")):
        for row in read_file(path):
            first = seen.setdefault((row.case_id, row.entry_number), row)
            if first is not row:
                raise SourceError(path, row.line_number, f"{row.case_id} entry {row.entry_number} is corrected "
                                  f"already in {first.source_file}:{first.line_number}")
            found.append(row)
    return found


def check(con: duckdb.DuckDBPyConnection, rows: list[Correction], folder: Path) -> None:
    """Every correction names a case of the build and a numbered entry of its docket."""
    if not rows:
        return
    keys = pl.DataFrame({"case_id": [r.case_id for r in rows], "entry_number": [r.entry_number for r in rows]},
                        schema={"case_id": pl.String, "entry_number": pl.Int64})
    con.register("_corrected", keys)
    try:
        known_cases = {r[0] for r in con.execute(
            "SELECT DISTINCT case_id FROM source_cases WHERE case_id IN (SELECT case_id FROM _corrected)").fetchall()}
        known_entries = set(con.execute(
            "SELECT DISTINCT e.case_id, e.entry_number FROM source_docket_entries AS e "
            "JOIN _corrected AS c ON c.case_id = e.case_id AND c.entry_number = e.entry_number").fetchall())
    finally:
        con.unregister("_corrected")
    for row in rows:
        if row.case_id not in known_cases:
            raise SourceError(folder / row.source_file, row.line_number, f"unknown case {row.case_id!r}")
        if (row.case_id, row.entry_number) not in known_entries:
            raise SourceError(folder / row.source_file, row.line_number,
                              f"case {row.case_id} has no docket entry numbered {row.entry_number}")


def load(con: duckdb.DuckDBPyConnection, folder: Path | None = None) -> int:
    """Replace the build's `corrections` table with the checked rows of `folder` (default
    `directory()`), in one transaction; returns how many rows it holds."""
    folder = directory() if folder is None else folder
    rows = read(folder)
    check(con, rows, folder)
    frame = pl.DataFrame(
        [{"case_id": r.case_id, "entry_number": r.entry_number, "labels": list(r.labels), "reviewer": r.reviewer,
          "date": r.date, "note": r.note or None, "source_file": r.source_file, "line_number": r.line_number}
         for r in rows],
        schema={"case_id": pl.String, "entry_number": pl.Int64, "labels": pl.List(pl.String), "reviewer": pl.String,
                "date": pl.Date, "note": pl.String, "source_file": pl.String, "line_number": pl.Int64},
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM corrections")
        if frame.height:
            con.register("_corrections", frame)
            con.execute("INSERT INTO corrections SELECT * FROM _corrections")
            con.unregister("_corrections")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return frame.height
