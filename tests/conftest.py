"""Shared fixtures: the hand-built fixture database, the bundled curated build, ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests import fixture_db

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def fixture_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published path of the hand-built fixture database."""
    return fixture_db.build(tmp_path_factory.mktemp("fixture"))


@pytest.fixture()
def fixture_con(fixture_db_path: Path):
    con = duckdb.connect(str(fixture_db_path.resolve()), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def curated_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from the bundled data/curated exactly as `doedocket build` does."""
    from pipelines.cli import main

    db = tmp_path_factory.mktemp("curated") / "doedocket.duckdb"
    assert main(["build", "--db", str(db)]) == 0
    return db


@pytest.fixture()
def curated_con(curated_db_path: Path):
    con = duckdb.connect(str(curated_db_path.resolve()), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def shared_samples() -> Path:
    """../shared/samples, or skip when the real samples are not beside the repository."""
    path = SHARED / "samples"
    if not path.is_dir():
        pytest.skip("../shared/samples is absent")
    return path


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
