"""Read-only access to the published build, cached per real file and per question.

The published database path is a symlink swapped by every ingest; resolving it on each run
and caching connections and results by the *real* path means a new build is picked up on the
next rerun, while a page that is still running keeps reading the build it started with.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from dashboard import exports
from pipelines import queries, sql_console, store


def published_path() -> Path:
    """The real file of the published build (`$DOEDOCKET_DB`, else data/doedocket.duckdb)."""
    db = store.default_db_path()
    real = store.published_build(db)
    if real is None:
        st.error(f"No database at `{db}`. Build one with `doedocket build` (or `make run`).")
        st.stop()
    _release_unpublished(str(real))
    return real


# Real paths of the builds with a cached connection, so those no longer published can be released.
_open_builds: set[str] = set()
_open_lock = threading.Lock()


def _release_unpublished(current: str) -> None:
    """Drop the cached connections to builds other than `current`. Nothing else keeps them, so they
    close, and a build file the ingest pruned is freed; a page still running on an older build holds
    its own reference until it finishes."""
    with _open_lock:
        old = _open_builds - {current}
        _open_builds.intersection_update({current})
    for path in old:
        _connection.clear(path)
        _console.clear(path)


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(real_path: str) -> duckdb.DuckDBPyConnection:
    with _open_lock:
        _open_builds.add(real_path)
    return duckdb.connect(real_path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the published build (use a `.cursor()` per query)."""
    return _connection(str(published_path()))


@st.cache_resource(max_entries=4, show_spinner=False)
def _console(real_path: str) -> duckdb.DuckDBPyConnection:
    with _open_lock:
        _open_builds.add(real_path)
    return sql_console.open_console(Path(real_path))


def console() -> duckdb.DuckDBPyConnection:
    """The SQL console's own confined connection to the published build."""
    return _console(str(published_path()))


def _freeze(params: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@st.cache_data(max_entries=512, show_spinner=False)
def _run(real_path: str, name: str, frozen: tuple) -> pl.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return queries.run(_connection(real_path), name, params)


def run(name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Answer question `name` on the published build (params bound, never formatted)."""
    return _run(str(published_path()), name, _freeze(params or {}))


@cache
def _parameters(name: str, mtime: float) -> frozenset[str]:
    return frozenset(queries.parameters_of(queries.sql_for(name)))


def parameters(name: str) -> frozenset[str]:
    """The `$name` parameters question `name` takes."""
    return _parameters(name, (queries.QUERY_DIR / f"{name}.sql").stat().st_mtime)


def ask(name: str, filters: dict[str, Any], **extra: Any) -> pl.DataFrame:
    """Answer `name` with the sidebar filters it takes (others dropped) and `extra` parameters."""
    taken = parameters(name)
    return run(name, {k: v for k, v in filters.items() if k in taken} | extra)


def has_query(name: str) -> bool:
    """Whether `queries/<name>.sql` exists (questions other modules may not have added yet)."""
    return name in queries.available()


@st.cache_data(max_entries=64, show_spinner=False)
def _table_rows(real_path: str) -> dict[str, int]:
    con = _connection(real_path)
    cursor = con.cursor()
    try:
        # Names come from the catalog itself and are quoted as identifiers.
        return {n: cursor.execute(f'SELECT count(*) FROM "{n.replace(chr(34), chr(34) * 2)}"').fetchall()[0][0]
                for n in exports.table_names(con)}
    finally:
        cursor.close()


def table_rows() -> dict[str, int]:
    """Every table of the published build with its exact row count."""
    return _table_rows(str(published_path()))
