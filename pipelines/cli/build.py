"""`doedocket build`: the bundled curated data into a fresh database."""

from __future__ import annotations

import argparse

from pipelines import resources, store
from pipelines.cli.common import add_db, db_path
from pipelines.sources.curated import CURATED


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `build`."""
    add_db(subparsers.add_parser("build", help="build the database from the bundled curated data")).set_defaults(
        func=run)


def run(args: argparse.Namespace) -> int:
    db = db_path(args)
    loaded = store.ingest_source(db, CURATED, [resources.CURATED], args, fresh=True)
    print(f"built {db} -> {store.published_build(db)}: {CURATED.summary(loaded)}")
    return 0
