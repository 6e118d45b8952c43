"""Shared fixtures: the hand-built fixture database, the bundled curated build, ../shared, and the real
browser (Debian's Chromium driven by pytest-playwright) with an app server on the curated build."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from pipelines import resources, shared_texts
from tests import fixture_db
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, running_app

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


@pytest.fixture(scope="session")
def bundled_texts() -> None:
    """Skip when the bundled data's 23 docket entries whose text is read from ../shared
    (data/curated/README.md) would have none: a test of figures over all 53 needs them."""
    if set(shared_texts.FILES) - shared_texts.read().present:
        pytest.skip(f"{resources.shared()} is absent: 23 bundled docket entries have no text")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Browser tests: a tall viewport (a full-page screenshot misses Streamlit's inner scroll area).
VIEWPORT = {"width": 1400, "height": 3000}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium (playwright's own download cannot work here)."""
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"CI=true but {CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is absent (browser tests always run under CI=true)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


@pytest.fixture(scope="module")
def app_url(curated_db_path: Path, browser_type_launch_args):
    """An app server on the curated build, one per test module."""
    with running_app(curated_db_path) as url:
        yield url
