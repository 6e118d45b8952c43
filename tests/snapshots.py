"""Every table's full contents, to prove a database did or did not change."""

from __future__ import annotations

from pathlib import Path

import duckdb


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """{table: all rows, sorted} of the published build of `db`."""
    con = duckdb.connect(str(Path(db).resolve()), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()
