"""The whole database as Parquet: every table (and view) one `<table>.parquet` file, in one zip, built on demand."""

from __future__ import annotations

import io
import zipfile

import duckdb
import pyarrow.parquet as pq


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the connection's database (main schema), by name."""
    cursor = con.cursor()
    try:
        return [r[0] for r in cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = 'main' ORDER BY table_name").fetchall()]
    finally:
        cursor.close()


def parquet_zip(con: duckdb.DuckDBPyConnection) -> bytes:
    """A zip of every table as Parquet (zstd), read through a fresh cursor of `con`."""
    out = io.BytesIO()
    cursor = con.cursor()
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
            for name in table_names(con):
                # The name comes from the catalog and is quoted as an identifier.
                table = cursor.sql(f'SELECT * FROM "{name.replace(chr(34), chr(34) * 2)}"').to_arrow_table()
                buffer = io.BytesIO()
                pq.write_table(table, buffer, compression="zstd")
                archive.writestr(f"{name}.parquet", buffer.getvalue())
    finally:
        cursor.close()
    return out.getvalue()
