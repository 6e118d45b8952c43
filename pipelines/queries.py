"""Run the questions in `queries/*.sql` with bound parameters, and write their answers.

One file per question. A query that reads `filtered_cases` gets `queries/_filtered_cases.sql` put
in front of it as a common table expression, so the sidebar filters mean the same thing
everywhere; its `wilson_low(k, n)` / `wilson_high(k, n)` calls are written out as the arithmetic
of `queries/_wilson.sql`, so every rate's interval is one formula on every engine. Values are
always bound as `$name` parameters, never formatted into SQL; query names and parameter names go
through allow-lists. Shared by the CLI and the dashboard.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import resources

QUERY_DIR = resources.QUERIES
FILTERS_SQL = QUERY_DIR / "_filtered_cases.sql"
# The 95% Wilson interval of a rate of counts, written out where a question calls it (`expand_macros`).
WILSON_SQL = QUERY_DIR / "_wilson.sql"
LIST_PARAMS = ("court", "plaintiff", "counsel", "judge")
DATE_PARAMS = ("filed_from", "filed_to")
TEXT_PARAMS = ("exclude_plaintiff", "case_id", "universe")
# `universe`: which cases the filtered questions count (queries/_filtered_cases.sql); NULL = doe_only.
UNIVERSES = ("doe_only", "all")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_CTE_NAME = "filtered_cases"
# OWASP CSV injection: a cell a spreadsheet would read as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class QueryError(ValueError):
    """An unknown query or parameter, or a parameter value of the wrong shape."""


def available() -> list[str]:
    """Names of every question (`queries/<name>.sql`, not the schema or `_` fragments)."""
    return sorted(
        p.stem for p in QUERY_DIR.glob("*.sql") if not p.name.startswith("_") and p.stem != "schema"
    )


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")).strip()


_UNSET_BLOCK = re.compile(r"^[ \t]*-- unset: (?P<name>[a-z_]+)\n(?P<body>.*?)^[ \t]*-- end unset\n", re.M | re.S)


def _without_unset(sql: str, unset: frozenset[str]) -> str:
    """`sql` less the blocks marked `-- unset: NAME` ... `-- end unset` for the NAMEs in `unset`."""
    return _UNSET_BLOCK.sub(lambda m: "" if m["name"] in unset else m["body"], sql)


# Filter fragments put in front of any question that reads them: CTE name -> (`queries/_*.sql` file,
# the mart it reads). The sidebar filters are one text, applied to case_facts and to the marts that
# carry a case's filter columns beside their own rows (queries/build/marts/), so that a
# question about counsel or judges filters its own table instead of joining a million cases.
FRAGMENTS = {
    _CTE_NAME: (FILTERS_SQL, "case_facts"),
    "filtered_counsel": (FILTERS_SQL, "counsel_facts"),
    "filtered_rulings": (FILTERS_SQL, "ruling_facts"),
    "filtered_case_judges": (FILTERS_SQL, "case_ruling_judges"),
    "filtered_ruling_days": (FILTERS_SQL, "ruling_days"),
    "filtered_idb": (QUERY_DIR / "_filtered_idb.sql", None),
}
_FILTERED_TABLE = "FROM case_facts AS c"
# Fragments DuckDB should read in place wherever a question names them twice, instead of copying
# every column of every matching row first: the national questions read few of the IDB's columns.
_NOT_MATERIALIZED = {"filtered_idb"}


def _fragment(path: Path, table: str | None, unset: frozenset[str]) -> str:
    text = _strip_comments(_without_unset(path.read_text(), unset))
    if table is None:
        return text
    if _FILTERED_TABLE not in text:
        raise QueryError(f"{path.name} no longer reads {_FILTERED_TABLE!r}: the marts cannot share its filters")
    return text.replace(_FILTERED_TABLE, f"FROM {table} AS c")


_DEFINE = re.compile(r"^[ \t]*-- define: (?P<name>\w+)\n(?P<body>.*?)^[ \t]*-- end define$", re.M | re.S)


def _macros() -> dict[str, str]:
    """The expressions `queries/_wilson.sql` defines, by name (`-- define: NAME` ... `-- end define`)."""
    return {m["name"]: _strip_comments(m["body"]) for m in _DEFINE.finditer(WILSON_SQL.read_text())}


def _call_arguments(sql: str, start: int) -> tuple[list[str], int]:
    """The comma-separated arguments of a call whose `(` ends at `start`, and where the call ends."""
    args, depth, quote, begin = [], 1, False, start
    for i in range(start, len(sql)):
        ch = sql[i]
        if ch == "'":
            quote = not quote
        elif quote:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append(sql[begin:i].strip())
                return args, i + 1
        elif ch == "," and depth == 1:
            args.append(sql[begin:i].strip())
            begin = i + 1
    raise QueryError(f"unclosed call in {sql[start - 20:start + 40]!r}")


def expand_macros(sql: str) -> str:
    """`sql` with every `wilson_low(k, n)` and `wilson_high(k, n)` replaced by its arithmetic
    (`queries/_wilson.sql`): one text for both engines, no engine's own macros."""
    macros = _macros()
    call = re.compile(rf"\b({'|'.join(map(re.escape, macros))})\s*\(", re.IGNORECASE)
    out, pos = [], 0
    while (found := call.search(sql, pos)) is not None:
        args, end = _call_arguments(sql, found.end())
        if len(args) != 2 or not all(args):
            raise QueryError(f"{found[1]}() takes two arguments (k, n), got {len(args)}")
        k, n = (f"({expand_macros(a)})" for a in args)
        body = re.sub(r"\bwilson_(k|n)\b", lambda m, k=k, n=n: k if m[1] == "k" else n, macros[found[1].lower()])
        out += [sql[pos:found.start()], "(", body, ")"]
        pos = end
    return "".join(out) + sql[pos:]


def sql_for(name: str, unset: frozenset[str] = frozenset()) -> str:
    """The full SQL of question `name`, with the filter expressions in front when it uses them;
    the clauses (of the filters, or of the question) marked for a name in `unset` are left out (see
    `prepared`; `provenance` names the tables an older build lacks), and the
    Wilson interval's calls written out (`expand_macros`)."""
    if name not in available():
        raise QueryError(f"unknown query {name!r}; known: {', '.join(available())}")
    body = expand_macros(_strip_comments(_without_unset((QUERY_DIR / f"{name}.sql").read_text(), unset)))
    ctes = [f"{cte} AS {'NOT MATERIALIZED ' if cte in _NOT_MATERIALIZED else ''}(\n{_fragment(path, table, unset)}\n)"
            for cte, (path, table) in FRAGMENTS.items() if re.search(rf"\b{cte}\b", body)]
    if not ctes:
        return body
    head = ",\n".join(ctes)
    if re.match(r"with\s", body, re.IGNORECASE):
        return f"WITH {head},\n{body[4:].lstrip()}"
    return f"WITH {head}\n{body}"


def parameters_of(sql: str) -> list[str]:
    """The `$name` parameters an SQL text uses, in first-use order."""
    return list(dict.fromkeys(_PARAM.findall(sql)))


def _as_list(key: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    values = [str(v) for v in values if v is not None and str(v) != ""]
    return values or None


def _as_date(key: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise QueryError(f"parameter {key}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def bind(sql: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Parameter values for `sql`: every `$name` it uses, None where not given; checks shapes."""
    params = dict(params or {})
    used = parameters_of(sql)
    unknown = [k for k in params if k not in used]
    if unknown:
        raise QueryError(f"unknown parameter(s) {', '.join(sorted(unknown))}; this query takes {', '.join(used) or 'none'}")
    bound: dict[str, Any] = {}
    for key in used:
        value = params.get(key)
        if key in LIST_PARAMS:
            bound[key] = _as_list(key, value)
        elif key in DATE_PARAMS:
            bound[key] = _as_date(key, value)
        elif key in TEXT_PARAMS:
            bound[key] = None if value in (None, "") else str(value)
            if key == "universe" and bound[key] not in (None, *UNIVERSES):
                raise QueryError(f"universe must be one of {', '.join(UNIVERSES)}, not {value!r}")
        else:
            bound[key] = value
    return bound


def prepared(name: str, params: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The SQL DuckDB runs for question `name` with `params`, and its bound parameters.

    Filter clauses that hold for every row because their parameter is NULL (the blocks marked
    `-- unset: NAME` in the fragments) are left out, so the engine does no work for them.
    """
    full = sql_for(name)
    bound = bind(full, params)
    unset = frozenset(k for k, v in bound.items() if v is None)
    sql = sql_for(name, unset)
    used = set(parameters_of(sql))
    return sql, {k: v for k, v in bound.items() if k in used}


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Answer question `name` on `con` (a fresh cursor is used, so `con` may be shared)."""
    sql, bound = prepared(name, params)
    cursor = con.cursor()
    try:
        frame = cursor.sql(sql, params=bound).pl()
    finally:
        cursor.close()
    # DuckDB sums integers into 128-bit decimals; answers carry plain integers and floats.
    return frame.with_columns(
        pl.col(c).cast(pl.Int64 if dtype.scale == 0 else pl.Float64)
        for c, dtype in frame.schema.items()
        if isinstance(dtype, pl.Decimal)
    )


def _tables(cursor: duckdb.DuckDBPyConnection) -> set[str]:
    # The catalog, not a question: which optional tables (hand corrections) this build has.
    return {r[0] for r in cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}


def provenance(con: duckdb.DuckDBPyConnection, build: Path, name: str | None = None,
               params: dict[str, Any] | None = None) -> dict[str, Any]:
    """What an answer from the published build file `build` rests on, as JSON-ready values: the
    build (id, file, when written, in UTC), its `build_info` facts (the classifier version among
    them), the hand corrections applied (0 when the build has no `corrections` table), and the
    sources loaded (`provenance_sources`: rows and the dates they span). With `name`, also the
    question and the parameters it was asked with, so the answer can be asked again."""
    build = Path(build)
    stat = build.stat()
    cursor = con.cursor()
    try:
        tables = _tables(cursor)
        info = dict(cursor.execute("SELECT name, value FROM build_info ORDER BY name").fetchall()) \
            if "build_info" in tables else {}
        corrections = cursor.execute("SELECT count(*) FROM corrections").fetchall()[0][0] \
            if "corrections" in tables else 0
    finally:
        cursor.close()
    optional = frozenset({"source_records", "idb_cases", "exhibit_observations", "source_files"} - tables)
    cursor = con.cursor()
    try:
        sources = cursor.sql(sql_for("provenance_sources", optional)).pl()
    finally:
        cursor.close()
    facts: dict[str, Any] = {
        "build": {"id": build.stem, "file": build.name, "bytes": stat.st_size,
                  "written_utc": datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")},
        "classifier_version": info.get("classifier_version"),
        "build_info": info,
        "hand_corrections": corrections,
        "sources": [{k: _json_value(v) for k, v in row.items()} for row in sources.iter_rows(named=True)],
    }
    if name is not None:
        facts["query"] = {"name": name, "params": {k: _json_value(v) for k, v in (params or {}).items()
                                                   if v is not None}}
    return facts


def neutralise(cell: str) -> str:
    """Make a text cell inert in spreadsheets (OWASP): prefix formula starters with a quote."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return neutralise(" ".join(str(v) for v in value))
    return neutralise(str(value))


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV bytes (UTF-8, header row, `\\r\\n` line ends, formulas neutralised) of a result."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def to_json(frame: pl.DataFrame) -> str:
    """One JSON array of row objects: numbers as numbers, dates as ISO strings, missing as null."""
    rows = [{k: _json_value(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]
    return json.dumps(rows, ensure_ascii=False)
