"""Hand review of the classifier: sample its labelled entries, score a reviewed sheet, keep the fixes.

The loop a paper's error rate rests on (docs/design contract: `doedocket audit`):
1. `sample` draws classified docket entries from a build, reproducibly for a seed, into a sheet
   (`SHEET_COLUMNS`) whose `correct_labels` and `note` columns are left for the reviewer;
2. the reviewer writes each reviewed row's right labels ('|'-separated; `other` for none of the
   contract's events), leaving unreviewed rows blank;
3. `score` gives each label's precision on the reviewed rows with its 95% Wilson interval, and the
   share of rows whose labels were exactly right;
4. `to_corrections` turns the reviewed rows whose labels were wrong into a corrections file
   (`pipelines.corrections`), which every later build applies over the classifier's labels.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines import corrections, queries, resources
from pipelines.classify import LABELS
from pipelines.errors import SourceError

SAMPLE_SQL = resources.QUERIES / "audit" / "sample.sql"
SHEET_COLUMNS = ("case_id", "entry_number", "date", "text", "labels", "rules", "source_url", "correct_labels", "note")
# What `score` and `to_corrections` need of a sheet (the others are for the reviewer's eyes).
NEEDED = ("case_id", "entry_number", "labels", "correct_labels", "note")
Z = 1.96  # the 95% interval, as queries/_wilson.sql


def new_seed() -> int:
    """A seed for a sample asked for without one (printed, so that the sample can be drawn again)."""
    return random.SystemRandom().randrange(1, 1_000_000)


def sample(con: duckdb.DuckDBPyConnection, n: int, *, seed: int, label: str | None = None,
           court: str | None = None) -> pl.DataFrame:
    """`n` classified entries of the build drawn at random for `seed` (all of them when fewer match),
    only those the classifier gave `label` and of `court` when given; the sheet's columns, with
    `correct_labels` and `note` empty."""
    if n < 1:
        raise queries.QueryError(f"--sample {n}: a sample needs at least one entry")
    if label is not None and label not in LABELS:
        raise queries.QueryError(f"--label {label!r} is not an event label")
    cursor = con.cursor()
    try:
        frame = cursor.sql(SAMPLE_SQL.read_text(),
                           params={"n": n, "seed": seed, "label": label, "court": court}).pl()
    finally:
        cursor.close()
    return frame.with_columns(correct_labels=pl.lit("", pl.String), note=pl.lit("", pl.String)).select(SHEET_COLUMNS)


def write_sheet(frame: pl.DataFrame, path: Path) -> None:
    """Write a sheet as spreadsheet-safe CSV (`queries.to_csv`: formulas neutralised)."""
    path.write_bytes(queries.to_csv(frame))


@dataclass(frozen=True)
class Reviewed:
    """One reviewed row of a sheet: the classifier's labels and the reviewer's."""

    case_id: str
    entry_number: int
    labels: tuple[str, ...]
    correct: tuple[str, ...]
    note: str
    line_number: int


def read_sheet(path: Path) -> tuple[list[Reviewed], int]:
    """The reviewed rows of a filled-in sheet (a blank `correct_labels` is a row not reviewed) and
    how many rows the sheet has; a malformed sheet raises `SourceError` naming the file and line."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(path, 1, f"missing column {missing[0]!r}: not an audit sheet (columns "
                              f"{', '.join(SHEET_COLUMNS)})")
        reviewed, rows = [], 0
        line = reader.line_num + 1
        for row in reader:
            rows += 1
            if None in row:
                raise SourceError(path, line, "more cells than the header has columns")
            if (row["correct_labels"] or "").strip():
                reviewed.append(_reviewed(row, path, line))
            line = reader.line_num + 1
    return reviewed, rows


def _reviewed(row: dict[str, str], path: Path, line: int) -> Reviewed:
    case_id = (row["case_id"] or "").strip()
    number = (row["entry_number"] or "").strip()
    if not case_id or not number.isdigit():
        raise SourceError(path, line, f"case_id {case_id!r} and entry_number {number!r} do not name a docket entry")
    return Reviewed(case_id, int(number), corrections.parse_labels(row["labels"] or "", path, line, "labels"),
                    corrections.parse_labels(row["correct_labels"], path, line, "correct_labels"),
                    (row["note"] or "").strip(), line)


def wilson(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n (queries/_wilson.sql's formula)."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"no interval for {k} of {n}")
    centre = k + Z * Z / 2
    spread = Z * math.sqrt(k * (n - k) / n + Z * Z / 4)
    return max(0.0, (centre - spread) / (n + Z * Z)), min(1.0, (centre + spread) / (n + Z * Z))


@dataclass(frozen=True)
class LabelScore:
    """How one label fared on the reviewed rows."""

    label: str
    given: int      # reviewed rows the classifier gave the label
    right: int      # ... of which the reviewer kept it
    missed: int     # reviewed rows the reviewer gave it and the classifier did not
    low: float | None
    high: float | None

    @property
    def precision(self) -> float | None:
        return self.right / self.given if self.given else None


@dataclass(frozen=True)
class Score:
    """A scored sheet: per-label precision and exact agreement over the reviewed rows."""

    rows: int
    reviewed: int
    exact: int
    labels: tuple[LabelScore, ...]

    @property
    def agreement(self) -> float:
        return self.exact / self.reviewed

    def interval(self) -> tuple[float, float]:
        return wilson(self.exact, self.reviewed)


def score(path: Path) -> Score:
    """Score a filled-in sheet; a sheet with no reviewed row is an error."""
    reviewed, rows = read_sheet(path)
    if not reviewed:
        raise SourceError(path, None, "no reviewed row (fill in correct_labels of the rows you checked)")
    every = sorted({label for r in reviewed for label in (*r.labels, *r.correct)})
    per_label = []
    for label in every:
        given = sum(label in r.labels for r in reviewed)
        right = sum(label in r.labels and label in r.correct for r in reviewed)
        missed = sum(label in r.correct and label not in r.labels for r in reviewed)
        low, high = wilson(right, given) if given else (None, None)
        per_label.append(LabelScore(label, given, right, missed, low, high))
    exact = sum(r.labels == r.correct for r in reviewed)
    return Score(rows, len(reviewed), exact, tuple(per_label))


def report(result: Score, name: str) -> str:
    """The score as text: the agreement line, then a table of the labels."""
    low, high = result.interval()
    lines = [f"{name}: {result.reviewed} of {result.rows} rows reviewed; exact agreement "
             f"{result.exact}/{result.reviewed} = {result.agreement:.3f} (95% CI {low:.3f}-{high:.3f})",
             f"{'label':<28} {'given':>5} {'right':>5} {'precision':>9}  {'95% CI':<11}  {'missed':>6}"]
    for s in result.labels:
        precision = "-" if s.precision is None else f"{s.precision:.3f}"
        interval = "-" if s.low is None else f"{s.low:.3f}-{s.high:.3f}"
        lines.append(f"{s.label:<28} {s.given:>5} {s.right:>5} {precision:>9}  {interval:<11}  {s.missed:>6}")
    return "\n".join(lines)


def to_corrections(path: Path, reviewer: str, *, folder: Path | None = None, today: date | None = None) -> tuple[Path, int]:
    """Write the reviewed rows of sheet `path` whose right labels differ from the classifier's as the
    corrections file `<folder>/<sheet name>.csv` (default folder `corrections.directory()`), replacing
    an earlier one made from the same sheet; returns the file and how many corrections it holds (0:
    nothing written)."""
    if not reviewer.strip():
        raise queries.QueryError("--reviewer: a correction needs a reviewer's name")
    reviewed, _ = read_sheet(path)
    wrong = [r for r in reviewed if r.labels != r.correct]
    folder = corrections.directory() if folder is None else folder
    target = folder / f"{Path(path).stem}.csv"
    if not wrong:
        return target, 0
    when = (today or date.today()).isoformat()
    frame = pl.DataFrame(
        [{"case_id": r.case_id, "entry_number": r.entry_number, "labels": corrections.SEPARATOR.join(r.correct),
          "reviewer": reviewer.strip(), "date": when, "note": r.note} for r in wrong],
        schema={c: (pl.Int64 if c == "entry_number" else pl.String) for c in corrections.COLUMNS},
    )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(queries.to_csv(frame))
    return target, frame.height
