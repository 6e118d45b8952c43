"""The `doedocket` command line: a thin layer over the library, one module per command group.

Errors print one line naming the file (and record) and what was wrong, exit with status 2, and
leave the database exactly as it was (every write goes to a new build that is only published
when complete). Nothing else in the project imports this package.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb

from pipelines import queries
from pipelines.cli import audit, build, classify, export, fetch, ingest, query, serve, synth
from pipelines.errors import SourceError
from pipelines.staging import StagingError

# Each command group adds its own subcommands through `register(subparsers)`.
COMMANDS = (build, ingest, classify, query, serve, synth, fetch, export, audit)


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and `--help`)."""
    top = argparse.ArgumentParser(prog="doedocket", description=__doc__.splitlines()[0])
    subparsers = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `doedocket` console script."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (SourceError, StagingError, queries.QueryError, FileNotFoundError, duckdb.Error) as exc:
        message = " ".join(str(exc).split())
        print(f"doedocket: {message}", file=sys.stderr)
        return 2
