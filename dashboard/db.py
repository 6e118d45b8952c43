"""Read-only access to the published build, cached per real file and per question.

The published database path is a symlink swapped by every ingest; resolving it on each run
and caching connections and results by the *real* path means a new build is picked up on the
next rerun, while a page that is still running keeps reading the build it started with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from pipelines import queries, store


def published_path() -> Path:
    """The real file of the published build (`$DOEDOCKET_DB`, else data/doedocket.duckdb)."""
    db = store.default_db_path()
    real = store.published_build(db)
    if real is None:
        st.error(f"No database at `{db}`. Build one with `doedocket build` (or `make run`).")
        st.stop()
    return real


@st.cache_resource(max_entries=4, show_spinner=False)
def _connection(real_path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(real_path, read_only=True)


def _freeze(params: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@st.cache_data(max_entries=512, show_spinner=False)
def _run(real_path: str, name: str, frozen: tuple) -> pl.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return queries.run(_connection(real_path), name, params)


def run(name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Answer question `name` on the published build (params bound, never formatted)."""
    return _run(str(published_path()), name, _freeze(params or {}))
