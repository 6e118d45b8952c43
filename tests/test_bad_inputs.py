"""The bad-input corpus (tests/bad_inputs/): each file fails with one line naming the file and the
record and what was wrong, exit status 2, and every table unchanged; or, where the manifest says
exit 0, loads harmlessly. Listed in tests/bad_inputs/manifest.csv."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import fixture_db
from tests.snapshots import table_contents

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
with open(CORPUS / "manifest.csv", newline="") as fh:
    MANIFEST = list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    db = fixture_db.build(tmp_path_factory.mktemp("bad"))
    return db, table_contents(db)


@pytest.fixture()
def db(built, tmp_path) -> Path:
    """A private copy of the fixture database (builds and published symlink)."""
    shutil.copytree(built[0].parent, tmp_path / "db", symlinks=True)
    return tmp_path / "db" / built[0].name


@pytest.fixture()
def before(built) -> dict:
    return built[1]


def ingest(source: str, path: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", "ingest", source, str(path), "--db", str(db)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("row", [r for r in MANIFEST if r["exit"] == "2"], ids=lambda r: r["path"])
def test_bad_input_fails_cleanly_and_changes_nothing(row, db, before):
    path = CORPUS / row["path"]
    out = ingest(row["source"], path, db)
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("doedocket: "), out.stderr
    assert str(path) in out.stderr, "the error names the file"
    assert row["message"] in out.stderr
    assert table_contents(db) == before


def test_header_only_files_load_nothing(tmp_path):
    db = fixture_db.build(tmp_path)
    before = table_contents(db)
    assert ingest("curated", CORPUS / "curated/header_only_cases", db).returncode == 0
    assert table_contents(db) == before


def test_formula_cells_load_but_leave_every_csv_inert(tmp_path):
    db = fixture_db.build(tmp_path)
    assert ingest("curated", CORPUS / "curated/formula_cells", db).returncode == 0
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "query", "case_list", "--db", str(db),
                          "--param", "court=cand"], capture_output=True)
    assert b"\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") v. Does 1-2\"" in out.stdout
    assert b",'@SUM(1+1)," in out.stdout
    docket = subprocess.run([sys.executable, "-m", "pipelines.cli", "query", "case_docket", "--db", str(db),
                             "--param", "case_id=cand:1109002"], capture_output=True)
    assert b",'+cmd|' /C calc'!A0," in docket.stdout


def test_every_corpus_entry_is_in_the_manifest():
    listed = {r["path"] for r in MANIFEST}
    on_disk = {str(p.relative_to(CORPUS)) for fmt in CORPUS.iterdir() if fmt.is_dir() for p in fmt.iterdir()}
    assert on_disk <= listed, sorted(on_disk - listed)
