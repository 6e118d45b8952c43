"""A confined SQL console over a published build: one SELECT at a time, capped rows and time.

Confinement has three layers, each enough on its own for what it guards:

1. the engine: a separate in-memory DuckDB that attaches the build READ_ONLY, then disables
   external access (no files, no network, no extension installs) and locks its configuration,
   so no statement can turn either back on;
2. the statement: exactly one statement, whose *parsed* type is SELECT (ATTACH, COPY, INSTALL,
   LOAD, PRAGMA, SET, CALL, EXPORT, EXPLAIN ... are refused before they reach the engine);
3. its syntax tree: file and network table functions (read_csv, read_parquet, glob, ...), SQL
   strings run as queries (query, query_table) and file paths used as table names are refused.

Results stop at a row cap, and a timer thread interrupts a query that runs past the time limit.
No Streamlit here: the dashboard's Data page calls `open_console` and `run`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

ROW_CAP = 10_000
TIME_LIMIT_SECONDS = 5.0
CATALOG = "build"
# Table functions that read files or the network, or run a string as SQL, by exact name ...
# Column types Polars cannot take from DuckDB (month-day-nano intervals, unions, bit strings): such a
# column, or one nesting it, is shown as DuckDB's own text for it.
_TEXT_SHOWN_TYPES = re.compile(r"\b(INTERVAL|UNION|BIT)\b")
REFUSED_FUNCTIONS = frozenset({
    "glob", "query", "query_table", "sniff_csv", "st_read", "duckdb_secrets", "which_secret",
    "iceberg_scan", "iceberg_metadata", "iceberg_snapshots", "delta_scan", "sqlite_scan",
    "sqlite_attach", "postgres_scan", "postgres_query", "mysql_scan", "mysql_query",
    "parquet_scan", "csv_scan", "json_scan", "arrow_scan", "pandas_scan",
})
# ... and by prefix (read_csv, read_csv_auto, read_parquet, read_json*, read_text, read_blob,
# parquet_metadata, parquet_schema, ...).
REFUSED_PREFIXES = ("read_", "parquet_")
# A table "name" that is really a path or URL (DuckDB would scan the file by its extension).
_PATH_LIKE = re.compile(r"[/\\:]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|db|duckdb|sqlite)$",
                        re.IGNORECASE)


class ConsoleError(ValueError):
    """A statement the console refuses, or one that failed or ran out of time."""


@dataclass(frozen=True)
class ConsoleResult:
    """The rows of one statement (at most the row cap) and how long it took."""

    frame: pl.DataFrame
    truncated: bool
    seconds: float


def open_console(build_file: Path, *, memory_limit: str = "1GB", threads: int = 1) -> duckdb.DuckDBPyConnection:
    """A confined connection: the build attached read-only, external access off, config locked.

    `build_file` is the real file of a published build. The connection is an in-memory database
    of its own, so its settings never touch the dashboard's own connection to the same file.
    """
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{_quote(str(Path(build_file).resolve()))}' AS {CATALOG} (READ_ONLY)")
    con.execute(f"USE {CATALOG}")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET allow_community_extensions = false")
    con.execute(f"SET memory_limit = '{_quote(memory_limit)}'")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _refused_name(tree: dict) -> str | None:
    for node in _walk(tree):
        name = node.get("function_name")
        if isinstance(name, str):
            lowered = name.lower()
            if lowered in REFUSED_FUNCTIONS or lowered.startswith(REFUSED_PREFIXES):
                return f"function {name}() reads files or runs other SQL"
        if node.get("type") == "BASE_TABLE" and _PATH_LIKE.search(str(node.get("table_name", ""))):
            return f"{node['table_name']!r} is a file or URL, not a table"
    return None


def check(sql: str) -> str:
    """The one SELECT statement in `sql`, or ConsoleError saying why it is refused."""
    parser = duckdb.connect(":memory:")
    try:
        try:
            statements = parser.extract_statements(sql)
        except duckdb.Error as exc:
            raise ConsoleError(f"cannot parse: {str(exc).splitlines()[0]}") from None
        if len(statements) != 1:
            raise ConsoleError(f"one statement at a time, please (got {len(statements)})")
        statement = statements[0]
        if statement.type != duckdb.StatementType.SELECT:
            raise ConsoleError(f"only SELECT (or WITH ... SELECT) is allowed, not {statement.type.name}")
        tree = json.loads(parser.execute("SELECT json_serialize_sql($sql)", {"sql": statement.query}).fetchone()[0])
    finally:
        parser.close()
    if tree.get("error"):
        raise ConsoleError(f"cannot check this statement: {tree.get('error_message')}")
    refused = _refused_name(tree)
    if refused:
        raise ConsoleError(f"refused: {refused}")
    return statement.query


def _as_frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """The relation as a Polars frame, with columns of types Polars cannot take cast to text."""
    if any(_TEXT_SHOWN_TYPES.search(str(kind)) for kind in relation.types):
        columns = ", ".join(
            f'CAST("{name}" AS VARCHAR) AS "{name}"' if _TEXT_SHOWN_TYPES.search(str(kind)) else f'"{name}"'
            for name, kind in zip((c.replace('"', '""') for c in relation.columns), relation.types)
        )
        relation = relation.project(columns)
    return relation.pl()


def run(con: duckdb.DuckDBPyConnection, sql: str, *, row_cap: int = ROW_CAP,
        time_limit: float = TIME_LIMIT_SECONDS) -> ConsoleResult:
    """Run one checked SELECT on a console connection: at most `row_cap` rows, `time_limit` seconds."""
    statement = check(sql)
    cursor = con.cursor()
    timer = threading.Timer(time_limit, cursor.interrupt)
    started = time.perf_counter()
    try:
        cursor.execute(f"USE {CATALOG}")
        timer.start()
        frame = _as_frame(cursor.sql(statement).limit(row_cap + 1))
    except duckdb.InterruptException:
        raise ConsoleError(f"stopped: the query ran longer than {time_limit:g} s") from None
    except (duckdb.Error, pl.exceptions.PolarsError) as exc:
        raise ConsoleError(str(exc).splitlines()[0]) from None
    finally:
        timer.cancel()
        cursor.close()
    seconds = time.perf_counter() - started
    truncated = frame.height > row_cap
    return ConsoleResult(frame.head(row_cap) if truncated else frame, truncated, seconds)
