"""`doedocket export parquet DIR`: every table of the published build as a Parquet lake.

Layout (Hive style, readable by Spark, DuckDB, Trino, Polars...):

    DIR/manifest.json                                   written last: a lake with it is complete
    DIR/<table>/court_id=<court>/filing_year=<yyyy>/data_N.parquet
    DIR/<table>/data_0.parquet                          unpartitioned and empty tables

Partitioning, per table (recorded in the manifest as `partition_columns` and `partitioning`):
- a table with its own `court_id` (a case header: cases, source_cases, ...) is partitioned on it
  and on the year of its own `date_filed` (court only when it has no `date_filed`);
- a table keyed by `case_id` alone (events, docket_entries, ...) takes its case's court and
  filing year from `cases`, so one court's and year's rows sit together (rows whose case is not in
  `cases` take the court from the case_id prefix and year NULL);
- any other table is written unpartitioned.
Partition columns a table does not have itself (`added_columns`) are not part of the table:
readers select the manifest's `columns`. A NULL year is Hive's `__HIVE_DEFAULT_PARTITION__`.
The export goes to a sibling folder first and is moved into place when complete.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from pipelines import store

MANIFEST = "manifest.json"
FORMAT = "doedocket-parquet-lake"
# Hive folder names must survive every reader's unescaping unchanged (DuckDB %-escapes others).
_PLAIN_COURT = re.compile(r"^court_id=[A-Za-z0-9_.-]+$")
_SPARK_TYPE = re.compile(
    r"^(STRING|BIGINT|INT|SMALLINT|TINYINT|DOUBLE|FLOAT|BOOLEAN|DATE|TIMESTAMP|TIMESTAMP_NTZ|BINARY"
    r"|DECIMAL\(\d+, \d+\)|ARRAY<.+>|STRUCT<.+>|MAP<.+>)$"
)


class ExportError(ValueError):
    """The export cannot be written faithfully (target folder, types or partition values)."""


def _ident(name: str) -> str:
    return exp.to_identifier(name, quoted=True).sql("duckdb")


def spark_type(duckdb_type: str) -> str:
    """The Spark SQL type of a DuckDB column type (SQLGlot's mapping); ExportError if none."""
    text = exp.DataType.build(duckdb_type, dialect="duckdb").sql("spark")
    if not _SPARK_TYPE.match(text):
        raise ExportError(f"DuckDB type {duckdb_type} has no Spark equivalent ({text})")
    return text


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns AS c "
        "JOIN information_schema.tables AS t ON t.table_name = c.table_name AND t.table_schema = c.table_schema "
        "WHERE c.table_schema = 'main' AND t.table_type IN ('BASE TABLE', 'VIEW') "
        "ORDER BY c.table_name, c.ordinal_position"
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        tables.setdefault(table, []).append((column, dtype))
    return tables


def plan(table: str, columns: list[str], has_cases: bool) -> tuple[str, list[str], list[str], str]:
    """(SELECT to export, partition columns, added columns, why) for one table."""
    t = _ident(table)
    if "court_id" in columns:
        if "date_filed" in columns:
            return (f"SELECT *, year(date_filed) AS filing_year FROM {t}", ["court_id", "filing_year"],
                    ["filing_year"], "own court_id and year of own date_filed")
        return f"SELECT * FROM {t}", ["court_id"], [], "own court_id"
    if "case_id" in columns and has_cases:
        select = (f"SELECT x.*, coalesce(c.court_id, split_part(x.case_id, ':', 1)) AS court_id, "
                  f"year(c.date_filed) AS filing_year FROM {t} AS x LEFT JOIN cases AS c ON c.case_id = x.case_id")
        return select, ["court_id", "filing_year"], ["court_id", "filing_year"], "court and filing year of the case (join to cases on case_id)"
    return f"SELECT * FROM {t}", [], [], "unpartitioned: no court_id or case_id"


def _write_table(con: duckdb.DuckDBPyConnection, table: str, select: str, partition: list[str],
                 rows: int, target: Path) -> None:
    target.mkdir(parents=True)
    if not partition or not rows:
        con.execute(f"COPY ({select}) TO $path (FORMAT parquet)", {"path": str(target / "data_0.parquet")})
        return
    con.execute(f"COPY ({select}) TO $path (FORMAT parquet, PARTITION_BY ({', '.join(partition)}))",
                {"path": str(target)})
    bad = sorted(d.name for d in target.iterdir() if not _PLAIN_COURT.match(d.name))
    if bad:
        raise ExportError(f"table {table}: {bad[0]} is not a plain court id; cannot name a Hive partition folder")


def _prepare_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise ExportError(f"{target}: folder is not empty and holds no doedocket lake; choose another")


def _move_into_place(partial: Path, target: Path) -> None:
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
        os.replace(partial, target)
        shutil.rmtree(old)
    else:
        os.replace(partial, target)


def export_parquet(db: Path, target: Path) -> dict[str, Any]:
    """Write the published build of `db` as a Parquet lake in `target`; returns the manifest."""
    build = store.published_build(Path(db))
    if build is None:
        raise FileNotFoundError(f"{db}: no database; run `doedocket build` first")
    target = Path(target)
    _prepare_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    con = None
    try:
        con = duckdb.connect(str(build), read_only=True)
        con.execute("SET enable_progress_bar = false")
        tables = _tables(con)
        entries = []
        for table, columns in tables.items():
            names = [c for c, _ in columns]
            select, partition, added, why = plan(table, names, "cases" in tables)
            typed = [{"name": c, "type": t, "spark_type": spark_type(t)} for c, t in columns]
            rows = con.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()[0]
            _write_table(con, table, select, partition, rows, partial / table)
            entries.append({
                "table": table,
                "path": table,
                "columns": typed,
                "rows": rows,
                "partition_columns": partition,
                "added_columns": added,
                "partitioning": why,
            })
        manifest = {
            "format": FORMAT,
            "version": 1,
            "build_id": build.name,
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "duckdb_version": duckdb.__version__,
            "tables": entries,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        if con is not None:
            con.close()
    _move_into_place(partial, target)
    return manifest
