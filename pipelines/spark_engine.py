"""Answer the questions in `queries/` with Apache Spark over a Parquet lake (`doedocket export parquet`).

The SQL is the DuckDB text `pipelines.queries.sql_for` assembles, transpiled to Spark SQL by SQLGlot
(`$name` parameters become Spark's named markers `:name`), with two rewrites SQLGlot does not
make: DuckDB's `round(x, n)` rounds the exact binary value of a DOUBLE (0.2125 -> 0.212), Spark's
rounds its shortest decimal text (0.2125 -> 0.213), so `round(x, n)` becomes an exact-error
product that decides ties as DuckDB does; and `LIMIT $p` becomes
`LIMIT CAST(coalesce(:p, 2^31 - 1) AS INT)`, as Spark rejects the LIMIT NULL that DuckDB reads as
"every row" (Spark's limit is an INT anyway). Values are
bound with `spark.sql(text, args=...)`, never formatted into the text. The lake's tables become
temporary views with exactly the manifest's columns and types, and answers get DuckDB's
normalisation (`pipelines.queries.run`), so `to_csv`/`to_json` print the same bytes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import warnings
from typing import Any

import polars as pl
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from pipelines import queries

MANIFEST = "manifest.json"
# Spark's LIMIT takes an INT; DuckDB's LIMIT NULL (a `$limit` left unset) means every row.
_ALL_ROWS = 2**31 - 1


class SparkEngineError(queries.QueryError):
    """Spark cannot answer: no Java, no lake at the path, or a query Spark rejects."""


# round(x, n) for 1 <= n <= 7, as DuckDB computes it: the exact binary value of x rounded half away
# from zero. P = x * 10^n rounded; E = its exact error (Dekker's product: x split in two 26-bit
# halves by Veltkamp's constant 2^27 + 1, 10^n has at most 24 bits); only when P is exactly a
# half-integer does E decide which way. Spark's ROUND rounds the shortest decimal text instead.
_ROUND_TEMPLATE = sqlglot.parse_one(
    "CASE WHEN ROUND(P * 2, 0) = P * 2 AND ROUND(P, 0) <> P AND E * P < 0 THEN P - SIGN(P) / 2 "
    "ELSE ROUND(P, 0) END / S",
    read="spark",
)
_SPLIT = "((X * CAST(134217729 AS DOUBLE)) - ((X * CAST(134217729 AS DOUBLE)) - X))"
_ERROR_TEMPLATE = sqlglot.parse_one(f"({_SPLIT} * S - X * S) + (X - {_SPLIT}) * S", read="spark")


def _fill(template: exp.Expression, **parts: exp.Expression) -> exp.Expression:
    return template.copy().transform(
        lambda n: parts[n.name].copy() if isinstance(n, exp.Column) and n.name in parts else n)


def _round_like_duckdb(node: exp.Expression) -> exp.Expression:
    if not isinstance(node, exp.Round) or node.args.get("decimals") is None:
        return node
    places = node.args["decimals"]
    if not (isinstance(places, exp.Literal) and places.is_int and 1 <= int(places.this) <= 7):
        return node
    x = exp.paren(node.this.copy())
    scale = exp.Literal.number(10 ** int(places.this))
    product = exp.paren(exp.Mul(this=x.copy(), expression=scale.copy()))
    error = exp.paren(_fill(_ERROR_TEMPLATE, X=x, S=scale))
    return exp.paren(_fill(_ROUND_TEMPLATE, P=product, E=error, S=scale))


def _limit_null_is_all(node: exp.Expression) -> exp.Expression:
    if not (isinstance(node, exp.Limit) and isinstance(node.expression, exp.Placeholder)):
        return node
    rows = exp.Coalesce(this=node.expression.copy(), expressions=[exp.Literal.number(_ALL_ROWS)])
    return exp.Limit(expression=exp.cast(rows, "INT"))


def transpile(sql: str) -> str:
    """Spark SQL for a DuckDB query text; raises SqlglotError on anything SQLGlot cannot carry."""
    tree = sqlglot.parse_one(sql, read="duckdb", error_level=ErrorLevel.RAISE)
    for node in reversed(list(tree.find_all(exp.Round))):  # innermost first: round(round(x, 3), 1)
        rewritten = _round_like_duckdb(node)
        if rewritten is not node:
            tree = rewritten if node is tree else tree
            node.replace(rewritten)
    tree = tree.transform(_limit_null_is_all)
    for cte in tree.find_all(exp.CTE):  # DuckDB's planning hint; Spark has no such syntax
        cte.set("materialized", None)
    return tree.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)


def _decimal_literal(node: exp.Expression) -> bool:
    """A literal like 1.0 in this operand, outside any CAST or subquery."""
    inside = node.walk(prune=lambda n: isinstance(n, (exp.Cast, exp.Subquery, exp.Select)))
    return any(isinstance(n, exp.Literal) and n.is_number and not n.is_int for n in inside)


def portability_problems(sql: str) -> list[str]:
    """What in a DuckDB query text Spark would not run as DuckDB does; empty when it is portable.

    SQLGlot's own refusals, plus what it would pass on unchanged or turn into something else:
    functions it does not know (copied verbatim), DuckDB-only clauses (QUALIFY, GROUP BY ALL,
    ORDER BY ALL, `* EXCLUDE/REPLACE`, list comprehensions), and divisions with a decimal literal
    (`x * 1.0 / n` is DOUBLE in DuckDB, DECIMAL with other digits in Spark).
    """
    try:
        tree = sqlglot.parse_one(sql, read="duckdb", error_level=ErrorLevel.RAISE)
    except SqlglotError as exc:
        return [f"SQLGlot cannot parse it: {' '.join(str(exc).split())}"]
    problems = []
    for node in tree.walk():
        if isinstance(node, exp.Anonymous):
            problems.append(f"function {node.name}() is unknown to SQLGlot and would reach Spark untranslated")
        elif isinstance(node, exp.Qualify):
            problems.append("QUALIFY is DuckDB-only: filter the window function in a subquery")
        elif isinstance(node, exp.Group) and node.args.get("all"):
            problems.append("GROUP BY ALL is DuckDB-only: name the columns")
        elif isinstance(node, exp.Ordered) and isinstance(node.this, exp.Var) and node.this.name.upper() == "ALL":
            problems.append("ORDER BY ALL is DuckDB-only: name the columns")
        elif isinstance(node, exp.Star) and (node.args.get("except_") or node.args.get("replace")):
            problems.append("SELECT * EXCLUDE/REPLACE is DuckDB-only: list the columns")
        elif isinstance(node, exp.Comprehension):
            problems.append("list comprehensions are DuckDB-only: use list_transform/list_filter")
        elif isinstance(node, exp.Div) and (_decimal_literal(node.this) or _decimal_literal(node.expression)):
            problems.append(f"decimal literal in the division {node.sql('duckdb')}: DuckDB divides in DOUBLE, "
                            "Spark in DECIMAL (the digits differ); write CAST(x AS DOUBLE) / n")
    try:
        transpile(sql)
    except SqlglotError as exc:
        problems.append(f"SQLGlot cannot write it for Spark: {' '.join(str(exc).split())}")
    return problems


def session(master: str | None = None, *, app_name: str = "doedocket", driver_memory: str = "2g"):
    """A SparkSession: `master` if given, else local mode (or spark-submit's master when run under it).

    Local mode is tuned for one machine: few shuffle partitions, no web UI or progress bar.
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkEngineError("Spark needs Java 17 or newer: none found (apt-get install default-jre-headless)")
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    from pyspark.sql import SparkSession

    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started this driver
    master = master or (None if under_submit else "local[*]")
    builder = (SparkSession.builder.appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false"))
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.sql.shuffle.partitions", "4")
                   .config("spark.default.parallelism", "4")
                   .config("spark.driver.memory", driver_memory))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: report it in one line
        raise SparkEngineError(f"Spark did not start ({master or 'spark-submit'}): {exc}") from exc
    spark.sparkContext.setLogLevel("OFF")
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):  # the error is raised anyway
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return spark


def _join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


class Lake:
    """A Parquet lake read by one SparkSession: its manifest and a DataFrame per table."""

    def __init__(self, spark, data: str) -> None:
        self.spark = spark
        self.data = str(data)
        self.manifest = self._read_manifest()
        self.frames = {t["table"]: self._frame(t) for t in self.manifest["tables"]}

    def _read_manifest(self) -> dict[str, Any]:
        path = _join(self.data, MANIFEST)
        try:  # through Spark, so s3a://, hdfs://, abfss:// ... paths work as local ones do
            text = self.spark.read.text(path, wholetext=True).first()[0]
        except Exception as exc:
            raise SparkEngineError(f"{path}: no lake manifest (run `doedocket export parquet DIR`)") from exc
        manifest = json.loads(text)
        if manifest.get("format") != "doedocket-parquet-lake":
            raise SparkEngineError(f"{path}: not a doedocket lake manifest")
        return manifest

    def _frame(self, table: dict[str, Any]):
        from pyspark.sql import functions as F

        path = _join(self.data, table["path"])
        raw = self.spark.read.option("basePath", path).parquet(path)
        return raw.select([F.col(c["name"]).cast(c["spark_type"]).alias(c["name"]) for c in table["columns"]])

    def activate(self) -> None:
        """Make this lake's tables the session's temporary views (one lake at a time per session)."""
        for name, frame in self.frames.items():
            frame.createOrReplaceTempView(name)

    def dataframe(self, name: str, params: dict[str, Any] | None = None):
        """The (lazy) Spark DataFrame answering question `name` with `params`."""
        sql = queries.sql_for(name)
        bound = queries.bind(sql, params)
        try:
            text = transpile(sql)
        except SqlglotError as exc:
            raise SparkEngineError(f"queries/{name}.sql: SQLGlot cannot carry it to Spark: {exc}") from exc
        self.activate()
        return self.spark.sql(text, args=bound)

    def run(self, name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
        """Answer question `name` on the lake, normalised as `pipelines.queries.run` normalises DuckDB's."""
        try:
            table = self.dataframe(name, params).toArrow()
        except SparkEngineError:
            raise
        except Exception as exc:  # AnalysisException, SparkRuntimeException, ...: one line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SparkEngineError(f"Spark could not answer {name}: {first}") from exc
        return normalise(pl.from_arrow(table))


def normalise(frame: pl.DataFrame) -> pl.DataFrame:
    """Integers stay integers and fractions floats (Spark DECIMAL sums too), as DuckDB's answers."""
    return frame.with_columns(
        pl.col(c).cast(pl.Int64 if dtype.scale == 0 else pl.Float64)
        for c, dtype in frame.schema.items()
        if isinstance(dtype, pl.Decimal)
    )


def run(data: str, name: str, params: dict[str, Any] | None = None, *, master: str | None = None) -> pl.DataFrame:
    """Start (or reuse) a session on `master`, read the lake at `data` and answer `name`."""
    if not data:
        raise SparkEngineError("--engine spark needs --data LAKE_DIR (a `doedocket export parquet` folder)")
    return Lake(session(master), data).run(name, params)
