"""The build's SQL models (pipelines/models.py): one table per file, layered, ordered by what they read."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.definitions import TABLES
from pipelines import models, store


def _model(root: Path, layer: str, name: str, body: str) -> None:
    (root / layer).mkdir(parents=True, exist_ok=True)
    (root / layer / f"{name}.sql").write_text(
        f"-- layer: {layer}\n-- grain: one row per thing\n-- holds: {name}.\n{body}\n")


def test_every_model_makes_the_table_it_is_named_after_in_layer_order():
    order = models.build_order()
    assert [m.layer for m in order] == sorted((m.layer for m in order), key=models.LAYERS.index)
    seen: set[str] = set()
    for model in order:
        assert model.reads <= seen, f"{model.name} runs before {sorted(model.reads - seen)}"
        seen.add(model.name)
    assert {"cases", "events", "case_measures", "case_facts", "swarm_measures", "idb_case_facts"} <= seen
    assert {m.name for m in order if m.kind == "view"} == {"docket_entries", "events"}


def test_the_data_page_catalogue_describes_every_model_as_derived():
    derived = {name for name, (kind, *_rest) in TABLES.items() if kind == "derived"}
    assert derived == set(models.names())


def test_order_comes_from_what_a_model_reads_not_from_file_names(tmp_path):
    _model(tmp_path, "merge", "a_last", "CREATE TABLE a_last AS SELECT * FROM b_middle;")
    _model(tmp_path, "merge", "b_middle", "CREATE TABLE b_middle AS SELECT * FROM c_first;")
    _model(tmp_path, "merge", "c_first", "CREATE TABLE c_first AS SELECT 1 AS x; -- reads a_last? no")
    _model(tmp_path, "marts", "a_mart", "CREATE TABLE a_mart AS SELECT 'a_last' AS name FROM a_last;")
    order = [m.name for m in models.build_order(tmp_path)]
    assert order == ["c_first", "b_middle", "a_last", "a_mart"]


@pytest.mark.parametrize("files, message", [
    ({("merge", "x"): "CREATE TABLE x AS SELECT * FROM y;", ("marts", "y"): "CREATE TABLE y AS SELECT 1;"},
     "a merge model reads y of a later layer"),
    ({("merge", "x"): "CREATE TABLE x AS SELECT * FROM y;", ("merge", "y"): "CREATE TABLE y AS SELECT * FROM x;"},
     "models read each other in a circle: x, y"),
    ({("merge", "x"): "CREATE TABLE not_x AS SELECT 1;"}, "must make the table or view 'x'"),
])
def test_a_model_that_breaks_the_rules_is_named_with_its_file(tmp_path, files, message):
    for (layer, name), body in files.items():
        _model(tmp_path, layer, name, body)
    with pytest.raises(models.ModelError, match=message):
        models.build_order(tmp_path)


def test_a_model_without_its_header_is_refused(tmp_path):
    (tmp_path / "merge").mkdir()
    (tmp_path / "merge" / "x.sql").write_text("CREATE TABLE x AS SELECT 1;\n")
    with pytest.raises(models.ModelError, match=r"x\.sql: must open with '-- layer:'"):
        models.build_order(tmp_path)


def test_models_made_two_at_a_time_each_see_what_they_read_and_a_failure_stops_the_build(tmp_path):
    """store._make_all runs models side by side on cursors of one build: a model starts only once the
    models it reads are committed (its rows are theirs), and a failing model's error is raised after
    the running ones end, with no model that reads it made."""
    _model(tmp_path, "merge", "base", "CREATE TABLE base AS SELECT range AS x FROM range(200000);")
    _model(tmp_path, "merge", "wide", "CREATE TABLE wide AS SELECT x, x * 2 AS y FROM base;")
    _model(tmp_path, "measures", "slow", "CREATE TABLE slow AS SELECT count(DISTINCT y % 977) AS n FROM wide;")
    _model(tmp_path, "measures", "alone", "CREATE TABLE alone AS SELECT 42 AS answer;")
    _model(tmp_path, "marts", "top", "CREATE TABLE top AS SELECT (SELECT n FROM slow) + (SELECT answer FROM alone) AS t;")
    con = duckdb.connect(str(tmp_path / "b.duckdb"))
    store._make_all(con, models.build_order(tmp_path))
    assert con.execute("SELECT t FROM top").fetchall() == [(977 + 42,)]
    assert con.execute("SELECT count(*), sum(y) FROM wide").fetchall() == [(200000, 2 * sum(range(200000)))]

    models.build_order.cache_clear()
    _model(tmp_path, "measures", "slow", "CREATE TABLE slow AS SELECT CAST('no' AS INTEGER) AS n FROM wide;")
    con = duckdb.connect(str(tmp_path / "c.duckdb"))
    with pytest.raises(duckdb.ConversionException):
        store._make_all(con, models.build_order(tmp_path))
    made = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "top" not in made and "slow" not in made and {"base", "wide"} <= made
