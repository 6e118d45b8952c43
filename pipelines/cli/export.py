"""`doedocket export parquet DIR`: every table of the published build as a Parquet lake."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli.common import add_db, db_path
from pipelines.export import ExportError, export_parquet


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `doedocket export parquet DIR [--db PATH]`."""
    export = subparsers.add_parser("export", help="write the database in another format")
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    parquet = add_db(formats.add_parser(
        "parquet", help="every table as Parquet, Hive-partitioned by court and filing year"))
    parquet.add_argument("dir", help="target folder (created; a previous lake there is replaced)")
    parquet.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        manifest = export_parquet(db_path(args), Path(args.dir))
    except ExportError as exc:
        print(f"doedocket: {exc}", file=sys.stderr)
        return 2
    rows = sum(t["rows"] for t in manifest["tables"])
    print(f"exported {manifest['build_id']} to {args.dir}: {len(manifest['tables'])} tables, {rows} rows")
    return 0
