"""The Parquet lake and the Spark engine: every query file portable, the export faithful, and every
question answering on Spark (local mode) with the same bytes as on DuckDB.

Data: the hand-built fixture plus a synthetic FJC IDB file (so the IDB questions have rows) and a
small complaint exhibit (so the swarm questions have rows); then 100,000 generated cases. One
SparkSession serves the whole module. Without Java the Spark tests skip, except in CI (CI=true),
where a missing Java is a failure: .ci/run installs it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
import sqlglot
from sqlglot import exp

from pipelines import export, queries, spark_engine, store
from pipelines.cli import main
from tests import fixture_db
from tests.conftest import in_ci

CORE = ("case_list", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings", "funnel", "filings_by_month")
IDB = ("doe_share_by_year", "top_plaintiffs_by_year", "district_doe_share", "disposition_mix")
REQUIRED = CORE + IDB
# Values for the parameters that scope a question to one thing (a case, a profile).
SCOPE = {"case_id": "cand:1100001", "profile_plaintiff": "Alpha Films"}
# Filter combinations for the required questions (each keeps the parameters the question takes).
FIXTURE_FILTERS = [
    {"court": ["cand"], "judge": ["Judge Two", "Magistrate Three"]},
    {"plaintiff": ["Beta Pictures"], "counsel": ["Ann Lawyer", "Firm Y"], "filed_from": "2011-04-01",
     "filed_to": "2012-01-31"},
    {"court": ["cand", "njd", "mied"], "filed_from": "2005-01-01", "filed_to": "2015-12-31",
     "exclude_plaintiff": "Alpha Films"},
]
EXHIBIT = (
    "doe,ip,observed_at,isp,city,state\n"
    "1,192.0.2.10,2011-02-12T03:14:55Z,Example Cable,San Jose,CA\n"
    '2,198.51.100.7,2011-02-12 15:40:02,"Example Net, Inc.",Newark,NJ\n'
    "3,203.0.113.45,2011-02-19 08:00:00,Example Cable,Oakland,CA\n"
    "4,2001:db8:4::17,2011-02-20 09:30:00,Example Cable,San Jose,CA\n"
)


def _kind(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "float"
    return type(dtype).__name__


def assert_same_answer(duck: pl.DataFrame, spark: pl.DataFrame) -> None:
    """Same columns, same kinds of values, same CSV and JSON bytes (so same rows in the same order)."""
    assert spark.columns == duck.columns
    assert [_kind(t) for t in spark.dtypes] == [_kind(t) for t in duck.dtypes]
    assert queries.to_csv(spark) == queries.to_csv(duck)
    assert queries.to_json(spark) == queries.to_json(duck)


def _only_used(name: str, params: dict) -> dict:
    used = queries.parameters_of(queries.sql_for(name))
    return {k: v for k, v in params.items() if k in used}


def _published(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(store.published_build(db)), read_only=True)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        message = "Java is missing: Spark needs a Java 17+ runtime (.ci/run installs default-jre-headless)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    session = spark_engine.session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def fixture_lake(tmp_path_factory) -> tuple[Path, Path]:
    """(database, lake): the fixture cases + 20,000 synthetic IDB rows + one exhibit, exported."""
    root = tmp_path_factory.mktemp("spark_fixture")
    db = fixture_db.build(root)
    idb_file = root / "idb_synthetic.txt"
    assert main(["synth", "idb", "--rows", "20000", "--seed", "3", "--out", str(idb_file)]) == 0
    assert main(["ingest", "idb", str(idb_file), "--db", str(db)]) == 0
    exhibit = root / "exhibit.csv"
    exhibit.write_text(EXHIBIT)
    assert main(["ingest", "exhibits", str(exhibit), "--case", "cand:1100001", "--db", str(db)]) == 0
    lake = root / "lake"
    export.export_parquet(db, lake)
    return db, lake


@pytest.fixture(scope="module")
def lake(spark, fixture_lake) -> spark_engine.Lake:
    return spark_engine.Lake(spark, str(fixture_lake[1]))


@pytest.fixture()
def duck(fixture_lake):
    con = _published(fixture_lake[0])
    yield con
    con.close()


# --- every query file carries to Spark --------------------------------------------------------

# schema.sql (DDL) and build/*.sql (the derivation inside a build's transaction) run only in DuckDB
# at build time and never against the lake, so only questions and their fragments are checked.
QUERY_FILES = sorted(p.name for p in queries.QUERY_DIR.glob("*.sql") if p.name != "schema.sql")


def _query_text(file_name: str) -> str:
    if file_name.startswith("_"):
        return (queries.QUERY_DIR / file_name).read_text()
    return queries.sql_for(file_name.removesuffix(".sql"))


@pytest.mark.parametrize("file_name", QUERY_FILES)
def test_every_query_file_transpiles_faithfully(spark, file_name):
    sql = _query_text(file_name)
    assert spark_engine.portability_problems(sql) == []
    text = spark_engine.transpile(sql)
    markers = {p.name for p in sqlglot.parse_one(text, read="spark").find_all(exp.Placeholder)}
    assert markers == set(queries.parameters_of(sql))
    spark._jsparkSession.sessionState().sqlParser().parsePlan(text)  # Spark's own grammar accepts it


@pytest.mark.parametrize(
    "sql, problem",
    [
        ("SELECT plaintiff, count(*) FROM cases GROUP BY ALL", "GROUP BY ALL"),
        ("SELECT plaintiff FROM cases ORDER BY ALL", "ORDER BY ALL"),
        ("SELECT * FROM cases QUALIFY row_number() OVER (PARTITION BY plaintiff) = 1", "QUALIFY"),
        ("SELECT * EXCLUDE (flags) FROM cases", "EXCLUDE"),
        ("SELECT [x FOR x IN [1, 2]]", "comprehension"),
        ("SELECT my_macro(case_id) FROM cases", "my_macro() is unknown"),
        ("SELECT sum(does_sued) * 1.0 / count(*) FROM case_measures", "decimal literal in the division"),
        ("SELECT FROM WHERE", "cannot parse"),
    ],
)
def test_portability_check_names_what_spark_would_not_run_alike(sql, problem):
    problems = spark_engine.portability_problems(sql)
    assert len(problems) == 1 and problem in problems[0]


def test_rounding_is_rewritten_to_duckdb_semantics(spark):
    # Decimal ties that are not binary ties (0.2125 is 0.21249999... in binary: DuckDB 0.212, plain
    # Spark 0.213), true binary ties (0.125 -> 0.13 on both), negatives, ratios like the queries'.
    values = [k / 1000 for k in range(-3000, 3000, 7)] + [a * 1000 / b for a in range(0, 60, 7) for b in range(1, 90)]
    values += [0.2125, 17.985, -63.665, 2.675, 0.125, -0.125, 1e15 + 0.5, 0.0, None]
    frame = pl.DataFrame({"i": range(len(values)), "x": values}, schema={"i": pl.Int64, "x": pl.Float64})
    con = duckdb.connect()
    con.register("t", frame)
    spark.createDataFrame(frame.to_arrow()).createOrReplaceTempView("t")
    for places in (2, 3):
        sql = f"SELECT i, round(x, {places}) AS r, round(round(x, 3) * 7, {places - 1}) AS nested FROM t ORDER BY i"
        expected = con.sql(sql).fetchall()
        assert [tuple(r) for r in spark.sql(spark_engine.transpile(sql)).collect()] == expected
        plain = [tuple(r) for r in spark.sql(sql).collect()]  # Spark's own ROUND
        assert sum(a != b for a, b in zip(plain, expected)) > 0
    assert con.execute("SELECT round(0.2125::DOUBLE, 3), round(17.985::DOUBLE, 2)").fetchone() == (0.212, 17.98)


def test_limit_null_means_every_row(spark):
    sql = "SELECT x FROM (VALUES (3), (1), (2)) AS t(x) ORDER BY x LIMIT $limit"
    con = duckdb.connect()
    for limit in (None, 2):
        expected = con.sql(sql, params={"limit": limit}).fetchall()
        assert [tuple(r) for r in spark.sql(spark_engine.transpile(sql), args={"limit": limit}).collect()] == expected
    assert len(con.sql(sql, params={"limit": None}).fetchall()) == 3


# --- the export --------------------------------------------------------------------------------


def test_export_manifest_describes_every_table(fixture_lake):
    db, lake_dir = fixture_lake
    manifest = json.loads((lake_dir / "manifest.json").read_text())
    assert manifest["format"] == "doedocket-parquet-lake"
    assert manifest["build_id"] == store.published_build(db).name
    con = _published(db)
    try:
        columns = con.execute(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns AS c "
            "JOIN information_schema.tables AS t USING (table_schema, table_name) "
            "WHERE t.table_type IN ('BASE TABLE', 'VIEW') AND c.table_schema = 'main' "
            "ORDER BY c.table_name, c.ordinal_position"
        ).fetchall()
        by_table = {t["table"]: t for t in manifest["tables"]}
        assert sorted(by_table) == sorted({t for t, _, _ in columns})
        for table, entry in by_table.items():
            assert [(c["name"], c["type"]) for c in entry["columns"]] == [(c, d) for t, c, d in columns if t == table]
            assert entry["rows"] == con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()
    assert by_table["cases"]["rows"] > 4 and by_table["idb_cases"]["rows"] > 0
    assert (by_table["cases"]["partition_columns"], by_table["cases"]["added_columns"]) == (
        ["court_id", "filing_year"], ["filing_year"])
    assert (by_table["events"]["partition_columns"], by_table["events"]["added_columns"]) == (
        ["court_id", "filing_year"], ["court_id", "filing_year"])
    assert by_table["source_precedence"]["partition_columns"] == []
    rules_on = next(c for c in by_table["events"]["columns"] if c["name"] == "rules_on")
    assert (rules_on["type"], rules_on["spark_type"]) == ("BIGINT[]", "ARRAY<BIGINT>")


def test_export_is_hive_partitioned_by_court_and_filing_year(fixture_lake):
    db, lake_dir = fixture_lake
    con = _published(db)
    try:
        expected = {f"court_id={c}/filing_year={'__HIVE_DEFAULT_PARTITION__' if y is None else y}"
                    for c, y in con.execute("SELECT DISTINCT court_id, year(date_filed) FROM cases").fetchall()}
        event_parts = {f"court_id={c}/filing_year={y}" for c, y in con.execute(
            "SELECT DISTINCT c.court_id, year(c.date_filed) FROM events JOIN cases AS c USING (case_id)").fetchall()}
    finally:
        con.close()
    cases_parts = {str(p.parent.relative_to(lake_dir / "cases")) for p in (lake_dir / "cases").rglob("*.parquet")}
    assert cases_parts == expected
    assert "court_id=cand/filing_year=2011" in cases_parts and "court_id=nysd/filing_year=2012" in cases_parts
    assert {str(p.parent.relative_to(lake_dir / "events")) for p in (lake_dir / "events").rglob("*.parquet")} == event_parts
    assert [p.name for p in (lake_dir / "source_precedence").iterdir()] == ["data_0.parquet"]


def test_export_round_trips_every_row(fixture_lake):
    db, lake_dir = fixture_lake
    manifest = json.loads((lake_dir / "manifest.json").read_text())
    con = _published(db)
    try:
        for entry in manifest["tables"]:
            cols = ", ".join(f'"{c["name"]}"' for c in entry["columns"])
            back = (f"SELECT {cols} FROM read_parquet($glob, hive_partitioning = true, union_by_name = true)")
            glob = str(lake_dir / entry["path"] / "**" / "*.parquet")
            original = f'SELECT {cols} FROM "{entry["table"]}"'
            for left, right in ((back, original), (original, back)):
                missing = con.sql(f"{left} EXCEPT ALL {right}", params={"glob": glob}).fetchall()
                assert missing == [], (entry["table"], missing[:3])
    finally:
        con.close()


def test_spark_reads_every_table_with_the_manifest_schema(lake):
    lake.activate()
    union = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in lake.frames)
    counts = {r.t: r.n for r in lake.spark.sql(union).collect()}
    assert counts == {t["table"]: t["rows"] for t in lake.manifest["tables"]}
    for entry in lake.manifest["tables"]:
        fields = lake.frames[entry["table"]].schema.fields
        assert [(f.name, f.dataType.simpleString()) for f in fields] == [
            (c["name"], c["spark_type"].replace(" ", "").lower()) for c in entry["columns"]]


def test_export_replaces_a_lake_but_not_a_foreign_folder(fixture_lake, tmp_path, capsys):
    db, _ = fixture_lake
    target = tmp_path / "lake"
    assert main(["export", "parquet", str(target), "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith(f"exported {store.published_build(db).name} to {target}:")
    (target / "cases" / "stale.parquet").write_bytes(b"old")
    assert main(["export", "parquet", str(target), "--db", str(db)]) == 0
    assert not (target / "cases" / "stale.parquet").exists()
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    assert main(["export", "parquet", str(foreign), "--db", str(db)]) == 2
    assert "holds no doedocket lake" in capsys.readouterr().err
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "notes"]  # no partial folder left


# --- the same answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", queries.available())
def test_every_question_answers_alike_on_the_fixture(lake, duck, name):
    params = _only_used(name, SCOPE)
    duck_answer = queries.run(duck, name, params)
    assert_same_answer(duck_answer, lake.run(name, params))


@pytest.mark.parametrize("name", REQUIRED)
def test_required_questions_answer_alike_under_filters(lake, duck, name):
    assert queries.run(duck, name, {}).height > 0  # the unfiltered answer (compared above) has rows
    seen = []
    for combo in FIXTURE_FILTERS:
        params = _only_used(name, combo)
        if not params or params in seen:
            continue
        seen.append(params)
        assert_same_answer(queries.run(duck, name, params), lake.run(name, params))
    assert len(seen) >= 2


def test_values_are_bound_not_formatted(lake, duck):
    params = {"plaintiff": ["x') OR 1=1 --", "O'Brien"], "exclude_plaintiff": "'; DROP VIEW cases; --"}
    assert_same_answer(queries.run(duck, "case_list", params), lake.run("case_list", params))
    assert lake.run("case_list", params).height == 0
    assert lake.run("case_list", {}).height == queries.run(duck, "case_list", {}).height > 0


def test_cases_behind_limit_and_all(lake, duck):
    for limit in (2, None):
        params = {"limit": limit, "court": ["cand", "nysd"]}
        assert_same_answer(queries.run(duck, "cases_behind", params), lake.run("cases_behind", params))
    assert lake.run("cases_behind", {"limit": 2}).height == 2


def test_cli_spark_engine_prints_the_duckdb_bytes(lake, fixture_lake, capsysbinary):
    db, lake_dir = fixture_lake
    for fmt in ("csv", "json"):
        args = ["query", "plaintiff_scorecard", "--param", "court=cand", "--param", "court=nysd", "--format", fmt]
        assert main([*args, "--db", str(db)]) == 0
        expected = capsysbinary.readouterr().out
        assert main([*args, "--engine", "spark", "--data", str(lake_dir)]) == 0
        assert capsysbinary.readouterr().out == expected
    assert b"Alpha Films" in expected


def test_cli_spark_engine_errors_are_one_line(lake, tmp_path, capsys):
    assert main(["query", "funnel", "--engine", "spark"]) == 2
    assert "needs --data" in capsys.readouterr().err
    assert main(["query", "funnel", "--engine", "spark", "--data", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "no lake manifest" in err and err.count("\n") == 1


# --- 100,000 generated cases -----------------------------------------------------------------------

BIG_FILTERS = {"court": ["cand", "nysd", "ilnd"], "filed_from": "2010-01-01", "filed_to": "2014-12-31"}


@pytest.fixture(scope="module")
def big_lake(spark, tmp_path_factory) -> tuple[Path, spark_engine.Lake]:
    """100,000 generated cases (plus 100,000 synthetic IDB rows), built once and exported."""
    root = tmp_path_factory.mktemp("spark_100k")
    db = root / "big.duckdb"
    idb_file = root / "idb_synthetic.txt"
    assert main(["synth", "idb", "--rows", "100000", "--seed", "5", "--out", str(idb_file)]) == 0
    assert main(["ingest", "idb", str(idb_file), "--db", str(db)]) == 0
    assert main(["synth", "dockets", "--cases", "100000", "--seed", "11", "--out", str(root / "synth")]) == 0
    assert main(["ingest", "synthetic", str(root / "synth"), "--db", str(db)]) == 0
    export.export_parquet(db, root / "lake")
    return db, spark_engine.Lake(spark, str(root / "lake"))


# Building 100,000 cases (classifying 2.4 million docket entries) and answering on them takes a few
# minutes on two cores: marked slow so it can be deselected by hand; `make test` runs it.
@pytest.mark.slow
@pytest.mark.parametrize("name", REQUIRED)
def test_required_questions_answer_alike_on_100k_cases(big_lake, name):
    db, big = big_lake
    con = _published(db)
    try:
        assert con.execute("SELECT count(*) FROM source_cases WHERE source = 'synthetic'").fetchone()[0] == 100_000
        everything = queries.run(con, name, {})
        assert everything.height > 0
        assert_same_answer(everything, big.run(name, {}))
        params = _only_used(name, BIG_FILTERS)
        assert_same_answer(queries.run(con, name, params), big.run(name, params))
    finally:
        con.close()
