"""The source contract: what every reader module declares and returns, and nothing about builds.

A source is one module holding one `Source`: its name (the `doedocket ingest NAME` subcommand),
its own command-line options, and `batches`, which reads paths into staged records, batch by batch:

- `Staging`: staging frames (`pipelines.staging`), ready to classify and load;
- `DocketRecords`: docket records (`pipelines.dockets.model`), which the store merges with the pages
  of the same case and source that earlier loads stored;
- `DocketColumns`: docket records of files that each hold a whole case (IA docket.json), as columns
  (`pipelines.dockets.columns`); the store merges only the cases it holds already;
- `BulkLoad`: a step run inside the build for scan-shaped files (the FJC IDB's millions of rows are
  read by the database itself, and complaint exhibits look up the cases they belong to).

The store (`pipelines.store.ingest`) owns everything else: the pseudonymisation key it hands in,
the private build, classifying and committing each batch, deriving and publishing. Readers import
neither the store, the CLI, nor each other. Sources are registered in `pipelines.sources.registry`.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.dockets.model import DocketRecord
from pipelines.staging import Staging


@dataclass
class DocketRecords:
    """Docket records of one batch, and notes on what their files held that was skipped."""

    records: list[DocketRecord]
    notes: list[str] = field(default_factory=list)
    files: int = 0  # how many files they were read from, for the progress display


@dataclass
class DocketColumns:
    """Docket records of one batch as columns (`pipelines.dockets.columns.DocketColumnsBuilder`), each
    checked and pseudonymised: the staging rows of each record's case as if no other record of it
    existed, and the records' `source_records` rows (the store merges the cases it holds already)."""

    staging: Staging
    records: pl.DataFrame
    notes: list[str] = field(default_factory=list)
    files: int = 0


@dataclass
class BulkLoad:
    """A step that loads scan-shaped files inside the build; returns what it loaded (`Loaded.results`).

    `finish`, when set, is called with the build and what `run` returned once the build's derivation is
    done (before its commit): for work `run` left going in the background whose result no model reads
    (a file's hash for `source_files`).
    """

    run: Callable[[duckdb.DuckDBPyConnection], Any]
    records: int = 0  # how many records it covers, for the progress display
    finish: Callable[[duckdb.DuckDBPyConnection, Any], None] | None = None


Batch = Staging | DocketRecords | DocketColumns | BulkLoad


@dataclass
class Loaded:
    """What one ingest loaded, for the source's summary line."""

    rows: dict[str, int] = field(default_factory=dict)  # staging table -> rows loaded
    docket_cases: set[tuple[str, str]] = field(default_factory=set)  # (source, case_id) of docket records
    notes: list[str] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)  # what each BulkLoad step returned
    batches: int = 0

    @property
    def cases_by_source(self) -> dict[str, int]:
        """How many cases of each source the docket records loaded."""
        return dict(Counter(source for source, _ in self.docket_cases))


class Source:
    """One input format. Subclasses set `name` and `help` and implement `batches`."""

    name: str = ""
    help: str = ""
    # Some sources give no estimate of their size up front; those that can say how many records
    # (cases) their paths hold get a time-left estimate in the progress display.
    unit: str = "cases"
    # SQL files (under queries/) the store runs at every build before the models, for rows of this
    # source that depend on what the other sources hold (the IDB copies the cases other sources know):
    # run over all stored records, they keep a build independent of the order files were loaded in.
    rederive: tuple[str, ...] = ()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add this source's own options to its `doedocket ingest NAME` parser (none by default)."""

    def expected(self, paths: list[Path], options: argparse.Namespace) -> int | None:
        """How many records (`unit`) `paths` hold, when that is cheap to know; else None."""
        return None

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[Batch]:
        """Read `paths` into batches of staged records (`key` pseudonymises IP addresses)."""
        raise NotImplementedError

    def summary(self, loaded: Loaded) -> str:
        """The one-line report of an ingest: cases per source, then rows loaded per table, then notes."""
        line = ", ".join(f"{n} {s} case{'s' if n != 1 else ''}"
                         for s, n in sorted(loaded.cases_by_source.items())) or "0 cases"
        line += "; " + ", ".join(f"{v} {k}" for k, v in loaded.rows.items())
        return "; ".join([line, *loaded.notes])


def file_time(path: Path) -> datetime:
    """When a saved file was last written (UTC, whole seconds): how fresh the page it holds is."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None, microsecond=0)
