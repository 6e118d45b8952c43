"""Hostile queries, the confined SQL console, CSV injection and the CourtListener token.

- Filters: every value reaches DuckDB as a bound parameter, never as SQL text (the SQL sent is the
  same whatever the values; fuzzed with hypothesis), filter values only narrow an answer, and
  crafted values in the app's URL change nothing.
- SQL console (pipelines/sql_console.py; tests/test_sql_console.py has the statement-by-statement
  list): fuzzed statements built from dangerous pieces never write, never read a file, and fail
  with one-line console errors; memory and run time are capped.
- CSV: every CSV the tool writes goes through `pipelines.queries.to_csv`, which neutralises cells a
  spreadsheet would execute (OWASP: a leading = + - @ tab CR or LF gets a `'`); tested on the exact
  bytes of `to_csv`, `doedocket query --format csv` on formula-laden inputs of every CSV-ish
  format, and a dashboard download.
- The CourtListener token stays out of messages, caches and the database even when the API
  echoes it back.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_
from streamlit.testing.v1 import AppTest

from pipelines import queries, sql_console
from pipelines.cli import main
from tests import fixture_db
from tests.snapshots import table_contents
from tests.tools import figures

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "bad_inputs"

# --- filters: bound, never formatted ---------------------------------------------------------------

FILTER_TEXT = st_.text(min_size=0, max_size=40) | st_.sampled_from(
    ["' OR 1=1 --", "x'); DROP TABLE cases; --", "$court", "%", "_", "\\", "\x00", "cand' UNION SELECT 1 --",
     "') OR ('a'='a", "Alpha Films'--", "‮RTL", "NULL"])
FILTERS = st_.fixed_dictionaries(
    {},
    optional={
        "court": st_.lists(FILTER_TEXT | st_.sampled_from(["cand", "nysd"]), max_size=3),
        "plaintiff": st_.lists(FILTER_TEXT | st_.sampled_from(["Alpha Films", "Beta Pictures"]), max_size=3),
        "counsel": st_.lists(FILTER_TEXT | st_.sampled_from(["Ann Lawyer", "Firm Y"]), max_size=3),
        "judge": st_.lists(FILTER_TEXT | st_.sampled_from(["Judge Four", "Magistrate Three"]), max_size=3),
        "filed_from": st_.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
        "filed_to": st_.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
        "exclude_plaintiff": FILTER_TEXT,
        "universe": st_.sampled_from(["doe_only", "all"]),
    },
)
FILTERED = [name for name in queries.available()
            if any(f"{cte} AS (" in queries.sql_for(name) for cte, (path, _) in queries.FRAGMENTS.items()
                   if path == queries.FILTERS_SQL)
            and set(queries.parameters_of(queries.sql_for(name))) <= set(queries.LIST_PARAMS + queries.DATE_PARAMS
                                                                       + ("exclude_plaintiff", "limit", "universe"))]


class _Recorder:
    """A connection that records the SQL text and parameters of every query sent through it."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con, self.sent = con, []

    def cursor(self):
        recorder, cursor = self, self.con.cursor()

        class Cursor:
            def sql(self, text, params=None):
                recorder.sent.append((text, params))
                return cursor.sql(text, params=params)

            def close(self):
                cursor.close()

        return Cursor()


def test_every_filtering_question_is_fuzzed():
    assert {"case_list", "funnel", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings",
            "filings_by_month"} <= set(FILTERED)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=FILTERS)
def test_fuzzed_filters_are_bound_and_only_narrow(fixture_con, params):
    recorder = _Recorder(fixture_con)
    all_ids = set(queries.run(fixture_con, "case_list", {"universe": "all"})["case_id"])
    for name in FILTERED:
        figures.tried("fuzzed queries")
        taken = {k: v for k, v in params.items() if k in queries.parameters_of(queries.sql_for(name))}
        answer = queries.run(recorder, name, taken)
        text, bound = recorder.sent[-1]
        full = queries.sql_for(name)
        unset = frozenset(k for k, v in queries.bind(full, taken).items() if v is None)
        # The SQL sent depends only on which filters are set (an unset one's clause is left out),
        # never on their values.
        assert text == queries.sql_for(name, unset)
        assert set(bound) == set(queries.parameters_of(text))  # every value went as a parameter
        if name == "case_list":
            assert set(answer["case_id"]) <= all_ids
        figures.held("fuzzed queries")
    assert queries.run(fixture_con, "case_list").height == 4  # nothing a filter said changed the data


def test_unknown_parameters_and_bad_dates_are_refused_in_one_line(fixture_db_path, capsys):
    for args, message in [
        (["--param", "court) OR 1=1 --=x"], "unknown parameter(s) court) OR 1; this query takes court,"),
        (["--param", "filed_from=2011-02-30"], "parameter filed_from: '2011-02-30' is not an ISO date"),
        (["--param", "nonsense"], "--param 'nonsense' is not KEY=VALUE"),
    ]:
        assert main(["query", "case_list", "--db", str(fixture_db_path), *args]) == 2
        out = capsys.readouterr()
        assert out.out == "" and out.err.count("\n") == 1 and message in out.err, out.err


ALL_CASES = "4 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; 1 defendant served."
ALPHA = "2 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; 0 defendants served."


@pytest.mark.parametrize(("query", "sentence"), [
    ({"court": "' OR 1=1 --", "plaintiff": "x'); DROP TABLE cases; --"}, ALL_CASES),
    ({"plaintiff": ["Alpha Films", "') OR ('a'='a"], "filed": ["2011-02-30", "not a date"]}, ALPHA),
    ({"judge": "\\", "counsel": "%", "exclude_top": "'; DELETE FROM cases; --"}, ALL_CASES),
])
def test_crafted_url_filters_change_nothing(query, sentence, fixture_db_path, monkeypatch):
    """A shared link with hostile filter values: values that name no court, plaintiff, counsel or
    judge are dropped, the page renders the rest, and the data is intact."""
    before = table_contents(fixture_db_path)
    monkeypatch.setenv("DOEDOCKET_DB", str(fixture_db_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert next(m.value for m in at.markdown if m.value.startswith("#### ")) == f"#### {sentence}"
    assert table_contents(fixture_db_path) == before
    st.cache_data.clear()
    st.cache_resource.clear()


# --- the SQL console ------------------------------------------------------------------------------

CANARY = "canary-7d1f3b"
PIECES = [
    "SELECT * FROM cases", "SELECT count(*) FROM events", "FROM case_measures", "SELECT 1",
    "ATTACH '{tmp}/x.duckdb' AS x", "COPY cases TO '{tmp}/out.csv'", "INSTALL httpfs", "LOAD httpfs",
    "PRAGMA version", "SET enable_external_access = true", "RESET lock_configuration", "CALL pragma_version()",
    "EXPORT DATABASE '{tmp}/export'", "CREATE TABLE t AS SELECT 1", "INSERT INTO cases (case_id) VALUES ('x')",
    "UPDATE cases SET case_name = 'x'", "DELETE FROM cases", "DROP TABLE cases", "DETACH build", "USE memory",
    "SELECT * FROM read_csv('{canary}')", "SELECT * FROM read_csv_auto('{canary}')", "SELECT * FROM '{canary}'",
    "SELECT * FROM read_text('{canary}')", "SELECT * FROM read_blob('{canary}')", "SELECT * FROM glob('{tmp}/*')",
    "SELECT * FROM \"read_csv\"('{canary}')", "SELECT * FROM system.main.read_csv('{canary}')",
    "SELECT * FROM READ_PARQUET('{tmp}/x.parquet')", "SELECT * FROM sniff_csv('{canary}')",
    "SELECT * FROM query('SELECT 1')", "SELECT * FROM query_table('cases')",
    "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM read_csv(''{canary}'')'))",
    "SELECT * FROM sqlite_scan('{canary}', 't')", "SELECT * FROM 'https://example.org/x.csv'",
    "CHECKPOINT", "SELECT * FROM checkpoint()", "VACUUM", "BEGIN TRANSACTION", "COMMIT",
]
JOINERS = ["; ", " UNION ALL ", " /* */ ", "\n", " -- ", " WHERE 1=1; "]


@pytest.fixture(scope="module")
def console_db(tmp_path_factory) -> tuple[Path, Path]:
    """A fixture database for the console, and a folder holding a canary file it must never read."""
    root = tmp_path_factory.mktemp("console")
    db = fixture_db.build(root / "db")
    (root / "files").mkdir()
    (root / "files" / "canary.csv").write_text(f"secret\n{CANARY}\n")
    return db, root / "files"


@pytest.fixture(scope="module")
def console(console_db):
    """One confined connection for every fuzzed statement, as the app keeps one per build."""
    con = sql_console.open_console(console_db[0].resolve())
    yield con
    con.close()


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st_.lists(st_.sampled_from(PIECES), min_size=1, max_size=3), joiner=st_.sampled_from(JOINERS),
       case=st_.sampled_from([str, str.upper, str.lower]))
def test_fuzzed_console_statements_never_write_or_read_files(console_db, console, pieces, joiner, case):
    db, files = console_db
    build, before = db.resolve(), _checksum(db.resolve())
    sql = case(joiner.join(pieces).format(tmp=files, canary=files / "canary.csv"))
    figures.tried("fuzzed queries")
    try:
        result = sql_console.run(console, sql, time_limit=5)
    except sql_console.ConsoleError as exc:
        assert "\n" not in str(exc)
    else:
        assert CANARY not in result.frame.write_csv()
    assert sql_console.run(console, "SELECT count(*) AS n FROM cases").frame.rows() == [(4,)]
    assert _checksum(build) == before and db.resolve() == build
    assert sorted(p.name for p in files.iterdir()) == ["canary.csv"]
    figures.held("fuzzed queries")


def test_sql_run_from_a_string_still_cannot_read_files(console_db):
    """json_execute_serialized_sql runs a serialized SELECT the statement check never sees: the
    engine's own confinement (external access off, configuration locked) still refuses the file."""
    db, files = console_db
    con = sql_console.open_console(db.resolve())
    try:
        inner = f"SELECT * FROM read_csv(''{files / 'canary.csv'}'')"
        with pytest.raises(sql_console.ConsoleError, match="file system operations are disabled"):
            sql_console.run(con, f"SELECT * FROM json_execute_serialized_sql(json_serialize_sql('{inner}'))")
    finally:
        con.close()


def test_memory_is_capped(console_db):
    db, _ = console_db
    con = sql_console.open_console(db.resolve(), memory_limit="200MB")
    try:
        with pytest.raises(sql_console.ConsoleError, match="Out of Memory"):
            sql_console.run(con, "SELECT list(range) FROM range(100000000)")
        assert sql_console.run(con, "SELECT count(*) AS n FROM cases").frame.rows() == [(4,)]
    finally:
        con.close()


def test_a_result_polars_cannot_take_is_shown_as_duckdbs_text(console_db):
    db, _ = console_db
    con = sql_console.open_console(db.resolve())
    try:
        result = sql_console.run(con, "SELECT INTERVAL 1 DAY AS wait, [INTERVAL 2 MONTH] AS waits, 3 AS n, "
                                      "'x'::UNION(a INT, b VARCHAR) AS u")
        assert result.frame.rows() == [("1 day", "[2 months]", 3, "x")]
        assert result.frame.schema["n"] == pl.Int32
    finally:
        con.close()


# --- CSV injection ----------------------------------------------------------------------------------

def test_to_csv_neutralises_formula_cells_exactly():
    frame = pl.DataFrame({
        "=cell": ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "'quoted", "safe, with comma", " =space"],
        "n": [-5, 0, 1, 2, 3, 4, 5, 6, 7, None],
        "day": [date(2011, 2, 3)] + [None] * 9,
        "at": [None] * 9 + [datetime(2011, 2, 3, 4, 5, 6)],
        "flag": [True, False] + [None] * 8,
    })
    assert queries.to_csv(frame) == (
        b"'=cell,n,day,at,flag\r\n"
        b"'=1+1,-5,2011-02-03,,true\r\n"
        b"'+1,0,,,false\r\n"
        b"'-1,1,,,\r\n"
        b"'@SUM(A1),2,,,\r\n"
        b"'\tx,3,,,\r\n"
        b"\"'\rx\",4,,,\r\n"
        b"\"'\nx\",5,,,\r\n"
        b"'quoted,6,,,\r\n"
        b"\"safe, with comma\",7,,,\r\n"
        b" =space,,,2011-02-03T04:05:06,\r\n"
    )


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> Path:
    """The fixture database plus the formula-laden corpus files of every CSV-ish format."""
    db = fixture_db.build(tmp_path_factory.mktemp("formulas"))
    for args in (["curated", str(CORPUS / "curated" / "formula_cells")],
                 ["exhibits", str(CORPUS / "exhibits" / "formula_cells.csv"), "--case", "cand:1100002"],
                 ["idb", str(CORPUS / "idb" / "formula_cells.txt")]):
        assert main(["ingest", *args, "--db", str(db)]) == 0
    return db


def _query_csv(db: Path, capsysbinary, *args: str) -> list[bytes]:
    assert main(["query", *args, "--db", str(db), "--format", "csv"]) == 0
    return capsysbinary.readouterr().out.split(b"\r\n")


def test_query_csv_is_inert_for_every_csv_format(formula_db, capsysbinary):
    capsysbinary.readouterr()
    cases = _query_csv(formula_db, capsysbinary, "case_list", "--param", "court=cand")

    def row(start: bytes) -> None:  # the contract's columns first; columns added later follow them
        assert any(line.startswith(start + b",") for line in cases), start

    row(b"cand:1109002,cand,3:11-cv-09002,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") v. Does 1-2\","
        b"'@SUM(1+1),,2011-01-02,,2,none,0,0,https://example.org/f,,0,0,0,curated")  # curated
    row(b"cand:1400002,cand,1400002,'+cmd|' /C calc'!A0 v. DOES 1-4,'+cmd|' /C calc'!A0,,2014-01-02,2014-03-04,"
        b"4,none,0,0,,,0,0,1,idb")  # FJC IDB (its voluntary dismissal is the IDB's disposition)
    row(b"cand:1400003,cand,1400003,'-2+3+cmd|' /C calc'!A0 v. DOES 1-5,'-2+3+cmd|' /C calc'!A0,,2014-01-02,"
        b"2014-03-04,5,none,0,0,,,0,0,1,idb")
    docket = _query_csv(formula_db, capsysbinary, "case_docket", "--param", "case_id=cand:1109002")
    assert docket[1].startswith(b"1,2011-01-02,'+cmd|' /C calc'!A0,")
    hits = _query_csv(formula_db, capsysbinary, "swarm_hits", "--param", "case_id=cand:1100002")  # exhibits
    assert hits[1].startswith(b"1,2011-06-12T01:00:00,0.0,true,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
    assert hits[1].endswith(b",'+cmd|' /C calc'!A0,CA,true,formula_cells.csv,2")
    assert hits[2].startswith(b"2,2011-06-12T02:00:00,1.0,true,'@SUM(1+1),")
    assert hits[2].endswith(b",'-2+3+cmd|' /C calc'!A0,CA,true,formula_cells.csv,3")
    top = _query_csv(formula_db, capsysbinary, "top_plaintiffs_by_year")
    assert b"2014,4,'@SUM(1+1),sum 1 1,1,1,6,4,0.25,0.0456,0.6994" in top  # with the share's 95% interval


def _dangerous(cell: str) -> bool:
    return cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


def test_every_query_csv_has_no_cell_a_spreadsheet_would_run(formula_db):
    con = duckdb.connect(str(formula_db.resolve()), read_only=True)
    try:
        checked = 0
        for name in queries.available():
            params = {"case_id": "cand:1100002"} if "case_id" in queries.parameters_of(queries.sql_for(name)) else {}
            try:
                frame = queries.run(con, name, params)
            except duckdb.Error:
                continue  # a question over data this build does not have
            rows = list(csv.reader(io.StringIO(queries.to_csv(frame).decode())))
            numeric = {i for i, dtype in enumerate(frame.dtypes) if dtype.is_numeric()}
            assert [c for row in rows for i, c in enumerate(row) if i not in numeric and _dangerous(c)] == [], name
            checked += 1
        assert checked >= 20
    finally:
        con.close()


def test_a_dashboard_download_is_the_neutralised_csv(formula_db, monkeypatch):
    """The Cases page's download offers exactly `to_csv` of what it shows, formulas neutralised."""
    offered = []
    real = st.download_button

    def recording(label, data, *args, **kwargs):
        offered.append((kwargs.get("file_name"), kwargs.get("mime"), data() if callable(data) else data))
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    monkeypatch.setenv("DOEDOCKET_DB", str(formula_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["court"] = "cand"
    at.run()
    at.switch_page("dashboard/views/cases.py").run()
    assert not at.exception, [e.value for e in at.exception]
    csvs = {name: data for name, mime, data in offered if mime == "text/csv"}
    assert b"\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") v. Does 1-2\",'@SUM(1+1)," in csvs["case_list.csv"]
    for name, data in csvs.items():
        cells = [c for row in csv.reader(io.StringIO(data.decode())) for c in row]
        assert [c for c in cells if _dangerous(c) and not c.lstrip("-").replace(".", "").isdigit()] == [], name
    st.cache_data.clear()
    st.cache_resource.clear()


CSV_CALLS = ("csv.writer", "csv.DictWriter", "write_csv", "to_csv")
COPY_TO = re.compile(r"\bCOPY\s*\(.*\)\s*TO\b|\bCOPY\s+\w+\s+TO\b", re.IGNORECASE | re.DOTALL)


def test_every_csv_writer_goes_through_to_csv():
    """No module writes CSV except `pipelines.queries.to_csv` (DuckDB's COPY writes Parquet only);
    the dashboard offers CSV only through `dashboard.tables.download`, which uses it."""
    writers = {}
    for path in sorted(list((REPO / "pipelines").rglob("*.py")) + list((REPO / "dashboard").rglob("*.py"))
                       + [REPO / "app.py"]):
        tree = ast.parse(path.read_text())
        calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        texts = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        texts += [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
        found = {w for w in CSV_CALLS if any(c == w or c.endswith("." + w) for c in calls)}
        found |= {"text/csv" for t in texts if "text/csv" in t}
        found |= {"COPY TO (not Parquet)" for t in texts if COPY_TO.search(t) and "parquet" not in t.lower()}
        if found:
            writers[str(path.relative_to(REPO))] = sorted(found)
    assert writers == {
        "pipelines/queries.py": ["csv.writer"],
        "pipelines/cli/query.py": ["to_csv"],
        "pipelines/audit.py": ["to_csv"],
        "pipelines/cli/audit.py": ["to_csv"],
        "dashboard/tables.py": ["text/csv", "to_csv"],
    }


def test_console_column_names_are_neutralised_too(console_db):
    db, _ = console_db
    con = sql_console.open_console(db.resolve())
    try:
        frame = sql_console.run(con, "SELECT 1 AS \"=cmd|' /C calc'!A0\", '@x' AS y").frame
    finally:
        con.close()
    assert queries.to_csv(frame) == b"'=cmd|' /C calc'!A0,y\r\n1,'@x\r\n"


# --- the CourtListener token --------------------------------------------------------------------------

def test_a_token_the_api_echoes_back_is_redacted_everywhere(tmp_path, monkeypatch, capsys, caplog):
    from tests.replay_server import ReplayServer, request_key
    from tests.tools.courtlistener_fetch import TOKEN, assert_token_nowhere, fetch_args

    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    echo = {request_key("dockets/9100002/", {}): [{"status": 401, "json": {"detail": f"Token {TOKEN} is invalid."}}]}
    with ReplayServer(TOKEN, echo) as server:
        assert main(fetch_args(server, tmp_path)) == 2
        first = capsys.readouterr()
        errors = {request_key("dockets/9100002/", {}): [{"status": 500, "json": {"detail": f"boom {TOKEN}"}}] * 6}
        server.faults.update(errors)
        from pipelines.fetch.courtlistener import Client, FetchError

        client = Client(server.base_url, TOKEN, tmp_path / "cache", sleep=lambda s: None, log=io.StringIO())
        with pytest.raises(FetchError) as caught:
            client.get(client.url("dockets/9100002/"))
    assert "HTTP 401 from the API: Token [token] is invalid.; check COURTLISTENER_TOKEN" in first.err
    assert "HTTP 500: boom [token]" in str(caught.value)
    assert_token_nowhere(tmp_path, first.out, first.err, str(caught.value), client.log.getvalue(), caplog.text)
    assert not (tmp_path / "d.duckdb").exists()
