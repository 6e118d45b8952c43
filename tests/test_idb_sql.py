"""The IDB load's SQL files (queries/load/idb/): headed, one statement each, all used, none left in Python."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import duckdb
import pytest

from pipelines.sources.idb import sql

PACKAGE = Path(sql.__file__).resolve().parent
FILES = sorted(sql.SQL_DIR.glob("*.sql"))
# A use of a statement: sql.run(con, "name", ...), sql.rows(...), sql.scalar(...) or sql.statement("name", ...).
USE = re.compile(r'\bsql\.(?:run|rows|scalar)\(\s*[\w.]+,\s*"(\w+)"|\bsql\.statement\(\s*"(\w+)"')
SQL_WORDS = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE|DROP TABLE|PRAGMA|SET \w+ =)\b")


# A statement the build's derivation runs: a path in the IDB source's `rederive` steps.
REDERIVE = re.compile(r'"load/idb/(\w+)\.sql"')


def _used() -> set[str]:
    text = "\n".join(p.read_text() for p in PACKAGE.glob("*.py"))
    return {a or b for a, b in USE.findall(text)} | set(REDERIVE.findall(text))


def test_every_statement_file_is_used_and_every_use_has_a_file() -> None:
    assert len(FILES) == 32  # 27, build_path and insert_source_file (the zip and source_files), scan_reread_table,
    # wanted_source_cases and drop_wanted_source_cases (the rederive compares before it writes)
    assert _used() == {p.stem for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_statement_files_open_with_what_they_do_read_and_write(path: Path) -> None:
    lines = path.read_text().splitlines()
    header = [line for line in lines if line.startswith("--")]
    assert lines[: len(header)] == header  # the comment comes first
    assert [line.split(":")[0] for line in header if not line.startswith("--  ")] == [
        "-- does", "-- reads", "-- writes"]
    body = "\n".join(lines[len(header):]).strip()
    assert body and ";" not in re.sub(r"'(?:[^']|'')*'", "''", body)  # one statement, no terminator


def test_no_sql_is_left_in_the_package_python() -> None:
    found = []
    for path in PACKAGE.glob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        found += [(path.name, t.start[0], t.string[:60]) for t in tokens
                  if t.type == tokenize.STRING and SQL_WORDS.search(t.string)]
    assert found == []


def test_slots_are_filled_only_when_every_one_is_given() -> None:
    assert sql.statement("scan_drop_table", table="_idb_errors") == "DROP TABLE IF EXISTS _idb_errors"
    with pytest.raises(ValueError, match=r"scan_drop_table.sql has slots \['table'\], given \[\]"):
        sql.statement("scan_drop_table")
    with pytest.raises(ValueError, match=r"given \['errors', 'table'\]"):
        sql.statement("scan_drop_table", table="t", errors="e")


def test_the_scan_binds_its_values(tmp_path: Path) -> None:
    """The district ENUM comes from a bound list, and a value outside it is refused with its line."""
    path = tmp_path / "f.txt"
    path.write_text("DISTRICT\tNOS\n3A\t820\nZZ\t820\n3a\t830\n", encoding="utf-8")
    con = duckdb.connect()
    try:
        sql.run(con, "scan_district_type", {"spellings": ["3A", "3a"]})
        sql.run(con, "scan_file",
                {"path": str(path), "columns": {"c0": "idb_district", "c1": "USMALLINT"}, "null_strings": ["-8", ""],
                 "not_null": ["c0", "c1"], "date_format": "%m/%d/%Y", "errors": "_e", "scans": "_s", "nos": [820]},
                table="_t", kept='c0 AS "DISTRICT", c1 AS "NOS"', text_columns="CAST(c0 AS VARCHAR)", nos_column="c1")
        assert con.execute('SELECT CAST("DISTRICT" AS VARCHAR), "NOS" FROM _t').fetchall() == [("3A", 820)]
        assert [(r[0], r[2], r[3]) for r in sql.rows(con, "scan_refusals", errors="_e")] == [(3, "c0", "CAST")]
    finally:
        con.close()
