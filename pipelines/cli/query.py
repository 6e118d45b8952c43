"""`doedocket query NAME`: one of the questions in queries/, as CSV or JSON, on DuckDB or Spark."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from pipelines import queries, store
from pipelines.cli.common import add_db, db_path, open_published


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `query`."""
    query = add_db(subparsers.add_parser("query", help="answer one of the questions in queries/"))
    query.add_argument("name", help="one of: " + ", ".join(queries.available()))
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--format", choices=["csv", "json"], default="csv")
    query.add_argument("--provenance", action="store_true",
                       help="json: print {\"provenance\": build, sources, classifier version, corrections, "
                            "question and parameters; \"rows\": the answer}")
    query.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                       help="spark: the same SQL on Apache Spark over a Parquet export (--data)")
    query.add_argument("--data", metavar="LAKE_DIR", help="spark: a `doedocket export parquet` folder or URL")
    query.add_argument("--master", metavar="URL", help="spark: cluster master URL (default: local mode)")
    query.set_defaults(func=run)


def parse_params(pairs: Sequence[str]) -> dict[str, object]:
    """`--param KEY=VALUE` pairs as bound parameters (list filters gather repeated keys)."""
    params: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise queries.QueryError(f"--param {pair!r} is not KEY=VALUE")
        if key in queries.LIST_PARAMS:
            params.setdefault(key, [])
            params[key].append(value)  # type: ignore[union-attr]
        else:
            params[key] = value
    return params


def run(args: argparse.Namespace) -> int:
    params = parse_params(args.param)
    if args.provenance and (args.format != "json" or args.engine != "duckdb"):
        raise queries.QueryError("--provenance goes with --format json on the duckdb engine")
    facts = None
    if args.engine == "spark":
        from pipelines import spark_engine

        frame = spark_engine.run(args.data, args.name, params, master=args.master)
    else:
        db = db_path(args)
        con = open_published(db)
        try:
            frame = queries.run(con, args.name, params)
            if args.provenance:
                facts = queries.provenance(con, store.published_build(db), args.name, params)
        finally:
            con.close()
    if facts is not None:
        rows = json.loads(queries.to_json(frame))
        sys.stdout.write(json.dumps({"provenance": facts, "rows": rows}, ensure_ascii=False) + "\n")
    elif args.format == "json":
        sys.stdout.write(queries.to_json(frame) + "\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(queries.to_csv(frame))
    return 0
