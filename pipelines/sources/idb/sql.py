"""The IDB load's SQL: one statement per file under queries/load/idb/, and how the reader runs them.

Files named `scan_*` run on a scan's own connection, the others on the build's. Values are always
bound as parameters; a statement may leave `{name}` slots for identifiers (table names, column
lists) that the reader fills from its fixed lists, never from a file's contents.
"""

from __future__ import annotations

import re
from functools import cache

import duckdb

from pipelines import resources

SQL_DIR = resources.QUERIES / "load" / "idb"
_SLOT = re.compile(r"\{(\w+)\}")


@cache
def _text(name: str) -> str:
    """The statement of `queries/load/idb/<name>.sql`, without its header comment."""
    lines = (SQL_DIR / f"{name}.sql").read_text().splitlines()
    while lines and lines[0].startswith("--"):
        lines.pop(0)
    return "\n".join(lines)


def statement(name: str, **identifiers: str) -> str:
    """The statement `name` with its `{slot}`s filled from `identifiers` (every slot must be given)."""
    text = _text(name)
    slots = set(_SLOT.findall(text))
    if slots != set(identifiers):
        raise ValueError(f"{name}.sql has slots {sorted(slots)}, given {sorted(identifiers)}")
    return _SLOT.sub(lambda m: identifiers[m[1]], text)


def run(con: duckdb.DuckDBPyConnection, name: str, params: object = None, **identifiers: str) -> None:
    """Execute a statement and consume its result (DuckDB 2.0 keeps unfetched results pending)."""
    con.execute(statement(name, **identifiers), params).fetchall()


def rows(con: duckdb.DuckDBPyConnection, name: str, params: object = None, **identifiers: str) -> list[tuple]:
    """Every row of a query."""
    return con.execute(statement(name, **identifiers), params).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: object = None, **identifiers: str) -> object:
    """The one value of a one-row, one-column query."""
    return rows(con, name, params, **identifiers)[0][0]
