"""A SQLite copy of a doedocket build, and the app's questions in SQLite's dialect.

SQLite is the engine behind Datasette, the obvious alternative for publishing these tables. The
benchmark loads the same rows into SQLite (dates as ISO text, booleans as 0/1, lists as JSON text,
with the primary keys of the schema and an index on every join key a Datasette user would add) and
runs each question there. The SQL is the app's own file, rewritten for SQLite in two steps:

1. `rewrite` replaces the few DuckDB forms SQLite has no spelling for with SQLite's own (a list
   parameter becomes ``x IN (SELECT value FROM json_each($p))``, ``date_trunc('month', d)`` a
   ``strftime`` of the first of the month, ``contains(a, b)`` ``instr(a, b) > 0``, ``LIMIT $n``
   ``LIMIT coalesce($n, -1)``, ``(VALUES ...) AS v(a, b)`` a SELECT naming SQLite's columns);
2. sqlglot transpiles the rest (FILTER clauses, ``::`` casts, ``string_agg`` -> ``group_concat``).

`connect` registers what SQLite lacks as functions (``median`` as an aggregate, ``concat_ws``,
``array_to_string``), as a Datasette plugin would. A translated question's ratio is only
reported when `same_answer` confirms SQLite returned the rows DuckDB did. The copy is made with the
``sqlite3`` command-line shell (Debian package ``sqlite3``).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import sqlglot

try:  # a current SQLite (pysqlite3-binary, the `bench` extra); else the one Python was built with
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # pragma: no cover - depends on the environment
    import sqlite3

# Indexes a publisher would create on the join and filter keys the questions use.
INDEXES = {
    "cases": ["case_id"],
    "case_measures": ["case_id"],
    "case_counsel": ["counsel", "case_id"],
    "events": ["case_id", "label"],
    "docket_entries": ["case_id, entry_seq"],
    "parties": ["case_id"],
    "attorneys": ["case_id"],
    "exhibit_observations": ["case_id"],
    "swarm_measures": ["case_id"],
}
NULL = "\\N"  # CSV text standing for NULL while tables are copied


def _call_args(sql: str, start: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose '(' is at `start`, and the index after its ')'."""
    depth, args, current, i, quote = 0, [], [], start, None
    while i < len(sql):
        ch = sql[i]
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch == "(":
            depth += 1
            if depth > 1:
                current.append(ch)
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return args, i + 1
            current.append(ch)
        elif ch == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    raise ValueError("unbalanced parentheses")


def _rewrite_calls(sql: str, name: str, build: Callable[[list[str]], str]) -> str:
    pattern = re.compile(rf"\b{name}\s*\(", re.IGNORECASE)
    out, pos = [], 0
    while (m := pattern.search(sql, pos)) is not None:
        args, end = _call_args(sql, m.end() - 1)
        args = [_rewrite_calls(a, name, build) for a in args]
        out.append(sql[pos:m.start()])
        out.append(build(args))
        pos = end
    out.append(sql[pos:])
    return "".join(out)


def _strip_list_cast(arg: str) -> str:
    m = re.fullmatch(r"CAST\((\$\w+) AS VARCHAR\[\]\)", arg, re.IGNORECASE)
    return m.group(1) if m else arg


def _date_trunc(args: list[str]) -> str:
    unit = args[0].strip("'\"").lower()
    fmt = {"month": "%Y-%m-01", "year": "%Y-01-01", "day": "%Y-%m-%d"}[unit]
    return f"strftime({args[1]}, '{fmt}')"


REWRITES: tuple[tuple[str, Callable[[list[str]], str]], ...] = (
    ("list_contains", lambda a: f"({a[1]} IN (SELECT value FROM json_each({_strip_list_cast(a[0])})))"),
    ("date_trunc", _date_trunc),
    ("year", lambda a: f"CAST(strftime({a[0]}, '%Y') AS INTEGER)"),
    ("extract", lambda a: f"CAST(strftime({a[0].split(' FROM ', 1)[1]}, '%Y') AS INTEGER)"
     if a[0].upper().startswith("YEAR FROM ") else f"extract({a[0]})"),
    ("contains", lambda a: f"(instr({a[0]}, {a[1]}) > 0)"),
    ("median", lambda a: f"py_median({a[0]})"),
)


# "(VALUES ...) AS o(a, b)": SQLite names VALUES columns column1, column2, ...
_VALUES_ALIAS = re.compile(r"\(\s*VALUES\s+(.*?)\)\s+AS\s+(\w+)\s*\((\w+(?:\s*,\s*\w+)*)\)", re.IGNORECASE | re.DOTALL)


def _values_alias(m: re.Match) -> str:
    names = [n.strip() for n in m.group(3).split(",")]
    columns = ", ".join(f"column{i} AS {n}" for i, n in enumerate(names, 1))
    return f"(SELECT {columns} FROM (VALUES {m.group(1)})) AS {m.group(2)}"


def rewrite(sql: str) -> str:
    """DuckDB-only forms replaced by SQLite ones (still in DuckDB's dialect for sqlglot)."""
    for name, build in REWRITES:
        sql = _rewrite_calls(sql, name, build)
    sql = _VALUES_ALIAS.sub(_values_alias, sql)
    # DuckDB reads LIMIT NULL as no limit; SQLite wants a negative number for that.
    sql = re.sub(r"\bLIMIT\s+(\$\w+)", r"LIMIT coalesce(\1, -1)", sql, flags=re.IGNORECASE)
    # SQLite keeps dates as ISO text: a date parameter compares as text, no cast.
    return re.sub(r"CAST\((\$\w+) AS DATE\)", r"\1", sql, flags=re.IGNORECASE)


def translate(sql: str) -> str:
    """A question's DuckDB SQL as SQLite SQL (parameters become ``:name``)."""
    return sqlglot.transpile(rewrite(sql), read="duckdb", write="sqlite")[0]


class _Median:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        if not self.values:
            return None
        values = sorted(self.values)
        mid = len(values) // 2
        return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _concat_ws(sep: str, *parts: Any) -> str:
    return sep.join(str(p) for p in parts if p is not None)


def _array_to_string(values: str | None, sep: str) -> str | None:
    return None if values is None else sep.join(str(v) for v in json.loads(values) if v is not None)


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the SQLite copy with the functions SQLite lacks registered."""
    con = sqlite3.connect(str(path), check_same_thread=False)
    con.create_aggregate("py_median", 1, _Median)
    con.create_function("concat_ws", -1, _concat_ws, deterministic=True)
    con.create_function("array_to_string", 2, _array_to_string, deterministic=True)
    return con


def _sqlite_type(duck_type: str) -> str:
    t = duck_type.upper()
    if t in ("BIGINT", "INTEGER", "BOOLEAN", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT"):
        return "INTEGER"
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "REAL"
    return "TEXT"


def _select_expr(column: str, duck_type: str) -> str:
    t = duck_type.upper()
    if t.endswith("[]"):
        return f"CAST(to_json({column}) AS VARCHAR)"
    if t == "BOOLEAN":
        return f"CAST({column} AS INTEGER)"
    if t in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE") or t.startswith("TIMESTAMP"):
        return f"CAST({column} AS VARCHAR)"
    return column


def load(duck_path: Path, sqlite_path: Path, tables: set[str] | None = None) -> dict[str, int]:
    """Copy the tables of the DuckDB build at `duck_path` (all, or those in `tables`) into a new SQLite
    file; returns rows per table.

    Rows travel as CSV: DuckDB writes each table, the ``sqlite3`` command-line shell imports it (C
    speed; Python row by row would take most of an hour for the docket-scale tables). NULL is written
    as a sentinel and restored with one UPDATE per column that has any.
    """
    sqlite_path.unlink(missing_ok=True)
    duck = duckdb.connect(str(duck_path), read_only=True)
    loaded = {}
    script = [".bail on", "PRAGMA journal_mode=OFF;", "PRAGMA synchronous=OFF;", ".mode csv"]
    with tempfile.TemporaryDirectory(dir=sqlite_path.parent) as tmp:
        try:
            names = [r[0] for r in duck.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
            ).fetchall()]
            for table in (n for n in names if tables is None or n in tables):
                columns = duck.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table]
                ).fetchall()
                keys = INDEXES.get(table, [])
                pk = table in ("cases", "case_measures", "swarm_measures")
                script.append(f'CREATE TABLE "{table}" (' + ", ".join(
                    f'"{c}" {_sqlite_type(t)}{" PRIMARY KEY" if pk and c == "case_id" else ""}' for c, t in columns
                ) + ");")
                csv = Path(tmp) / f"{table}.csv"
                select = ", ".join(f"coalesce(CAST({_select_expr(c, t)} AS VARCHAR), '{NULL}')" for c, t in columns)
                duck.execute(f"COPY (SELECT {select} FROM {table}) TO '{csv}' (FORMAT csv, HEADER false)")
                script.append(f'.import "{csv}" "{table}"')
                nulls = duck.execute(
                    "SELECT " + ", ".join(f"count(*) FILTER (WHERE {c} IS NULL)" for c, _ in columns) + f" FROM {table}"
                ).fetchone()
                script += [f'UPDATE "{table}" SET "{c}" = NULL WHERE "{c}" = \'{NULL}\';'
                           for (c, _), n in zip(columns, nulls) if n]
                script += [f'CREATE INDEX "ix_{table}_{i}" ON "{table}" ({key});'
                           for i, key in enumerate(k for k in keys if not (pk and k == "case_id"))]
                loaded[table] = duck.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            duck.close()
        script.append("ANALYZE;")
        subprocess.run(["sqlite3", str(sqlite_path)], input="\n".join(script) + "\n", text=True, check=True,
                       capture_output=True)
    return loaded


def sqlite_params(bound: dict[str, Any]) -> dict[str, Any]:
    """Bound query parameters as SQLite takes them: lists as JSON text, dates as ISO text."""
    out = {}
    for key, value in bound.items():
        if isinstance(value, (list, tuple)):
            out[key] = json.dumps(list(value))
        elif isinstance(value, (date, datetime)):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat().replace("T", " ")
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else round(value, 6)
    if isinstance(value, (list, tuple)):
        return json.dumps([_plain(v) for v in value])
    if isinstance(value, str) and value.startswith("["):
        try:
            return json.dumps([_plain(v) for v in json.loads(value)])
        except ValueError:
            return value
    return value


def same_answer(duck_rows: list[tuple], lite_rows: list[tuple]) -> bool:
    """Whether two result sets hold the same rows (order aside; dates, booleans, lists, floats normalised)."""
    def norm(rows: list[tuple]) -> list[str]:
        return sorted(repr(tuple(_plain(v) for v in row)) for row in rows)

    return len(duck_rows) == len(lite_rows) and norm(duck_rows) == norm(lite_rows)
