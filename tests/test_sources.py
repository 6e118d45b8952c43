"""Every registered source comes with its tests: golden files, bad-input rows, its own `ingest` subcommand;
and test modules share helpers through tests/tools/ (or conftest fixtures), never through each other.

As juriscraper's example test does for its modules, a source of `pipelines.sources.registry.SOURCES`
fails here until it has a golden folder (`tests/golden/<name>/` holding an input and an expected
file, compared by `tests.tools.golden.check_golden`) and rows in `tests/bad_inputs/manifest.csv`,
and unless the CLI offers it as `doedocket ingest <name>` with exactly its own options.
"""

from __future__ import annotations

import argparse
import ast
import csv
from pathlib import Path

import pytest

from pipelines.cli import parser
from pipelines.sources.registry import SOURCES
from tests.tools.golden import golden_dir

with open(Path(__file__).resolve().parent / "bad_inputs" / "manifest.csv", newline="") as fh:
    MANIFEST = list(csv.DictReader(fh))
NAMES = [s.name for s in SOURCES]
# The options a source adds to its `doedocket ingest NAME` parser; every other source adds none.
OWN_OPTIONS = {"idb": {"--nos"}, "exhibits": {"--case"}, "courtlistener-bulk": {"--people"}}
EVERY_INGEST = {"-h", "--help", "--db"}


def _subcommands(command: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands of `command`, by name."""
    return next(a for a in command._actions if isinstance(a, argparse._SubParsersAction)).choices


INGEST = _subcommands(_subcommands(parser())["ingest"])


def test_source_names_are_unique_and_named():
    assert all(NAMES) and len(set(NAMES)) == len(NAMES), NAMES
    assert len(NAMES) >= 7  # curated, pacer, recap, courtlistener, idb, exhibits, synthetic


@pytest.mark.parametrize("name", NAMES)
def test_every_source_has_golden_inputs_and_expected_files(name):
    folder = golden_dir(name)
    assert folder.is_dir(), f"source {name!r} has no golden folder {folder}"
    files = [p for p in folder.rglob("*") if p.is_file()]
    expected = [p for p in files if p.name.endswith("expected.json")]
    inputs = [p for p in files if not p.name.endswith("expected.json") and p.suffix != ".md"]
    assert expected, f"source {name!r}: no expected file (*expected.json) in {folder}"
    assert inputs, f"source {name!r}: no input beside the expected files in {folder}"


@pytest.mark.parametrize("name", NAMES)
def test_every_source_has_bad_input_rows(name):
    rows = [r for r in MANIFEST if r["source"] == name]
    assert [r for r in rows if r["exit"] == "2"], f"source {name!r}: no failing bad-input row in manifest.csv"


def test_bad_inputs_name_only_registered_sources():
    assert {r["source"] for r in MANIFEST} == set(NAMES)


def test_every_source_is_an_ingest_subcommand_and_nothing_else_is():
    assert sorted(INGEST) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_ingest_subcommand_has_exactly_its_own_options(name):
    options = {o for action in INGEST[name]._actions for o in action.option_strings}
    assert options - EVERY_INGEST == OWN_OPTIONS.get(name, set())
    assert [a.dest for a in INGEST[name]._actions if not a.option_strings] == ["paths"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("option", "value"), [("--nos", "440"), ("--case", "cand:1100002")])
def test_an_option_of_another_source_is_refused(name, option, value, capsys):
    argv = ["ingest", name, "some/path", option, value]
    if option in OWN_OPTIONS.get(name, set()):
        assert getattr(parser().parse_args(argv), option.lstrip("-")) == value
    else:
        with pytest.raises(SystemExit) as stopped:
            parser().parse_args(argv)
        assert stopped.value.code == 2 and f"unrecognized arguments: {option} {value}" in capsys.readouterr().err


def test_no_test_module_imports_another():
    """Helpers shared by tests live in tests/tools/ (or are conftest fixtures), not in a test module."""
    found = []
    for path in sorted(Path(__file__).resolve().parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)  # also `from tests import test_x`
                     else [f"{node.module}.{a.name}" for a in node.names] + [node.module or ""]
                     if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name} imports {n}" for n in names if n.split(".")[-1].startswith("test_")]
    assert found == []
