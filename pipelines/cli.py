"""The `doedocket` command line: build, ingest, classify, query, serve.

Errors print one line naming the file (and record) and what was wrong, exit with status 2, and
leave the database exactly as it was (every write goes to a new build that is only published
when complete).
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipelines import queries, resources, store
from pipelines.errors import SourceError
from pipelines.privacy import load_or_create_key
from pipelines.sources import curated
from pipelines.staging import Staging, StagingError



def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else store.default_db_path()


def _cmd_build(args: argparse.Namespace) -> int:
    db = _db(args)
    staging = curated.read(resources.CURATED, load_or_create_key(store.key_path(db)))
    loaded = store.ingest(db, staging, fresh=True)
    print(f"built {db} -> {store.published_build(db)}: " + ", ".join(f"{v} {k}" for k, v in loaded.items()))
    return 0


def ingest_curated(db: Path, paths: list[Path], args: argparse.Namespace) -> str:
    """`doedocket ingest curated DIR...`: directories in the data/curated layout."""
    key = load_or_create_key(store.key_path(db))
    loaded = store.ingest(db, Staging.concat([curated.read(p, key) for p in paths]))
    return ", ".join(f"{v} {k}" for k, v in loaded.items())


# `doedocket ingest SOURCE PATH...`: SOURCE -> "module:function" taking (db, paths, args) and
# returning a one-line summary. Each reader module adds its own line here.
INGESTERS = {
    "curated": "pipelines.cli:ingest_curated",
    "idb": "pipelines.sources.idb:ingest",
    "exhibits": "pipelines.sources.exhibits:ingest",
    "synthetic": "pipelines.synth.dockets:ingest",
    "pacer": "pipelines.sources.docket_records:ingest_pages",
    "recap": "pipelines.sources.docket_records:ingest_pages",
    "courtlistener": "pipelines.sources.docket_records:ingest_responses",
}
# Modules that add subcommands of their own through `register(subparsers)`.
EXTENSIONS: tuple[str, ...] = ("pipelines.synth", "pipelines.fetch", "pipelines.export")


def _resolve(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _cmd_ingest(args: argparse.Namespace) -> int:
    db = _db(args)
    # A path named twice (or by two spellings) is read once.
    paths = list({Path(p).resolve(): Path(p) for p in reversed(args.paths)}.values())[::-1]
    summary = _resolve(INGESTERS[args.source])(db, paths, args)
    print(f"ingested into {db}: {summary}")
    return 0


def _parse_params(pairs: Sequence[str]) -> dict[str, object]:
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


def open_published(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published build of `db`."""
    real = store.published_build(db)
    if real is None:
        raise FileNotFoundError(f"{db}: no database; run `doedocket build` first")
    return duckdb.connect(str(real), read_only=True)


def _cmd_query(args: argparse.Namespace) -> int:
    params = _parse_params(args.param)
    if args.engine == "spark":
        from pipelines import spark_engine

        frame = spark_engine.run(args.data, args.name, params, master=args.master)
    else:
        con = open_published(_db(args))
        try:
            frame = queries.run(con, args.name, params)
        finally:
            con.close()
    if args.format == "json":
        sys.stdout.write(queries.to_json(frame) + "\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(queries.to_csv(frame))
    return 0


def _cmd_classify(args: argparse.Namespace) -> int:
    from pipelines.classify_cli import main_classify

    return main_classify(sys.stdin, sys.stdout, Path(args.evaluate) if args.evaluate else None)


def _cmd_serve(args: argparse.Namespace) -> int:
    env = dict(os.environ, DOEDOCKET_DB=str(_db(args).resolve()))
    command = [sys.executable, "-m", "streamlit", "run", str(resources.APP),
               "--server.address", args.address, "--server.port", str(args.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    return subprocess.call(command, env=env, cwd=resources.ROOT)


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and `--help`)."""
    top = argparse.ArgumentParser(prog="doedocket", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
        return p

    with_db(sub.add_parser("build", help="build the database from the bundled curated data")).set_defaults(
        func=_cmd_build
    )
    ingest = with_db(sub.add_parser("ingest", help="load source files into a new build"))
    ingest.add_argument("source", choices=sorted(INGESTERS))
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--case", metavar="CASE_ID", help="exhibits: the case the files belong to")
    ingest.set_defaults(func=_cmd_ingest)

    classify = sub.add_parser("classify", help="label docket-entry lines (stdin) as JSON lines (stdout)")
    classify.add_argument("--evaluate", metavar="FILE", help="score the classifier on a labelled JSONL file")
    classify.set_defaults(func=_cmd_classify)

    query = with_db(sub.add_parser("query", help="answer one of the questions in queries/"))
    query.add_argument("name", help="one of: " + ", ".join(queries.available()))
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--format", choices=["csv", "json"], default="csv")
    query.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                       help="spark: the same SQL on Apache Spark over a Parquet export (--data)")
    query.add_argument("--data", metavar="LAKE_DIR", help="spark: a `doedocket export parquet` folder or URL")
    query.add_argument("--master", metavar="URL", help="spark: cluster master URL (default: local mode)")
    query.set_defaults(func=_cmd_query)

    serve = with_db(sub.add_parser("serve", help="start the dashboard"))
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8501)
    serve.set_defaults(func=_cmd_serve)
    for extension in EXTENSIONS:
        importlib.import_module(extension).register(sub)
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


if __name__ == "__main__":
    sys.exit(main())
