"""`doedocket ingest SOURCE PATH...`: one subcommand per registered source, with its own options."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines import store
from pipelines.cli.common import add_db, db_path
from pipelines.sources.base import Source
from pipelines.sources.registry import SOURCES


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ingest` and, under it, one subcommand per source of `pipelines.sources.registry`."""
    ingest = subparsers.add_parser("ingest", help="load source files into a new build",
                                   description="Load source files into a new build of the database.")
    sources = ingest.add_subparsers(dest="source", required=True, metavar="SOURCE")
    for source in SOURCES:
        parser = add_db(sources.add_parser(source.name, help=source.help, description=source.help))
        parser.add_argument("paths", nargs="+", metavar="PATH")
        source.add_arguments(parser)
        parser.set_defaults(func=run, reader=source)


def run(args: argparse.Namespace) -> int:
    db = db_path(args)
    source: Source = args.reader
    # A path named twice (or by two spellings) is read once.
    paths = list({Path(p).resolve(): Path(p) for p in reversed(args.paths)}.values())[::-1]
    loaded = store.ingest_source(db, source, paths, args)
    print(f"ingested into {db}: {source.summary(loaded)}")
    return 0
