"""The Data page's SQL console: one read-only SELECT, no files or network, capped rows and time."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from pipelines import sql_console


@pytest.fixture()
def console(fixture_db_path: Path):
    con = sql_console.open_console(fixture_db_path.resolve())
    yield con
    con.close()


def test_select_answers_from_the_build(console):
    result = sql_console.run(console, "SELECT case_id, does_sued FROM case_measures ORDER BY case_id")
    assert result.frame.rows() == [("cand:1100001", 10), ("cand:1100002", 20), ("nysd:1200003", 1), ("nysd:1200004", 0)]
    assert result.truncated is False


def test_with_and_catalog_views_are_selects(console):
    sql = "WITH c AS (SELECT court_id FROM cases) SELECT court_id, count(*) AS n FROM c GROUP BY court_id ORDER BY court_id"
    assert sql_console.run(console, sql).frame.rows() == [("cand", 2), ("nysd", 2)]
    assert "cases" in sql_console.run(console, "SHOW TABLES").frame["name"].to_list()


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("ATTACH '/tmp/other.duckdb' AS other", "not ATTACH"),
        ("COPY cases TO '/tmp/cases.csv'", "not COPY"),
        ("INSTALL httpfs", "not LOAD"),
        ("LOAD httpfs", "not LOAD"),
        ("PRAGMA version", "not PRAGMA"),
        ("SET threads = 4", "not SET"),
        ("RESET lock_configuration", "not SET"),
        ("USE memory", "not SET"),
        ("CALL pragma_version()", "not CALL"),
        ("EXPORT DATABASE '/tmp/out'", "not EXPORT"),
        ("EXPLAIN SELECT 1", "not EXPLAIN"),
        ("CREATE TABLE t AS SELECT 1", "not CREATE"),
        ("DELETE FROM cases", "not DELETE"),
        ("DROP TABLE cases", "not DROP"),
        ("SELECT 1; DROP TABLE cases", "one statement at a time"),
        ("SELECT * FROM read_csv('/etc/passwd')", r"function read_csv\(\)"),
        ("SELECT * FROM read_csv_auto('/etc/passwd')", r"function read_csv_auto\(\)"),
        ("SELECT * FROM read_parquet('s3://bucket/x.parquet')", r"function read_parquet\(\)"),
        ("SELECT * FROM read_json('https://example.org/x.json')", r"function read_json\(\)"),
        ("SELECT * FROM read_text('/etc/hostname')", r"function read_text\(\)"),
        ("SELECT * FROM glob('/*')", r"function glob\(\)"),
        ("SELECT * FROM parquet_metadata('x.parquet')", r"function parquet_metadata\(\)"),
        ("SELECT * FROM query('SELECT 1')", r"function query\(\)"),
        ("WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x", r"function read_csv\(\)"),
        ("SELECT * FROM cases WHERE case_id IN (SELECT * FROM glob('/*'))", r"function glob\(\)"),
        ("SELECT * FROM '/etc/passwd'", "is a file or URL"),
        ("FROM 'cases.csv'", "is a file or URL"),
        ("SELECT * FROM 'https://example.org/x.parquet'", "is a file or URL"),
        ("SELEKT 1", "cannot parse"),
        ("", "got 0"),
    ],
)
def test_refused_statements(console, sql, reason):
    with pytest.raises(sql_console.ConsoleError, match=reason):
        sql_console.run(console, sql)


def test_engine_refuses_files_and_settings_even_past_the_checks(console):
    # The layer under the statement check: the connection itself cannot reach files or change settings.
    with pytest.raises(duckdb.PermissionException):
        console.execute("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error, match="configuration has been locked"):
        console.execute("SET enable_external_access = true")
    with pytest.raises(duckdb.Error, match="read-only"):
        console.execute("DELETE FROM build.cases")


def test_row_cap(console):
    result = sql_console.run(console, "SELECT range AS n FROM range(25)", row_cap=10)
    assert result.frame["n"].to_list() == list(range(10))
    assert result.truncated is True
    exact = sql_console.run(console, "SELECT range AS n FROM range(10)", row_cap=10)
    assert exact.frame.height == 10 and exact.truncated is False


def test_time_limit_interrupts_a_slow_query(console):
    started = time.perf_counter()
    with pytest.raises(sql_console.ConsoleError, match="longer than 0.5 s"):
        sql_console.run(console, "SELECT count(*) FROM range(100000000) AS a, range(100000) AS b", time_limit=0.5)
    assert time.perf_counter() - started < 5
    # The connection is usable after the interrupt.
    assert sql_console.run(console, "SELECT count(*) AS n FROM cases").frame.rows() == [(4,)]


def test_errors_are_one_line(console):
    with pytest.raises(sql_console.ConsoleError, match=r"^Catalog Error: Table with name nowhere does not exist!$"):
        sql_console.run(console, "SELECT * FROM nowhere")
