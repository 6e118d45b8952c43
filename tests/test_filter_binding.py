"""A removed sidebar filter stays removed, in the sidebar and in the URL (issue 19 §4, readers 3 and 7).

The sequence the ten-reader benchmark met: a counsel picked, then a plaintiff picked in the box just
above it (its menu closed with Escape, so its text field keeps the focus), then the x of the counsel's
chip clicked. Streamlit gives a focused multiselect's text field 48 px and an unfocused one 8 px, so
leaving the plaintiff box took a row away and the counsel box moved up while the mouse button was
down: the release fell beside the x and the counsel stayed. dashboard/filters.py keeps the sidebar
still; these tests click as a reader does (Playwright's mouse, no JavaScript click).

One Streamlit server for the module, on the curated build; skips when /usr/bin/chromium is absent
(fails under CI=true), as tests/test_browser.py does.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from pipelines import queries
from tests.app_server import settle

pytestmark = pytest.mark.browser

FIRST = 5  # the values a reader sees first in a filter's list (most cases first)


@pytest.fixture(scope="module")
def values(curated_db_path: Path) -> dict[str, str]:
    """The counsel listed first, and the longest-named plaintiff of the first few (its chip fills its row)."""
    con = duckdb.connect(str(curated_db_path.resolve()), read_only=True)
    try:
        options = queries.run(con, "filter_options", {})
    finally:
        con.close()
    first = {k: options.filter(filter=k)["value"].to_list()[:FIRST] for k in ("plaintiff", "counsel")}
    return {"counsel": first["counsel"][0], "plaintiff": max(first["plaintiff"], key=len)}


@pytest.fixture()
def page(page):
    """pytest-playwright's page, patient enough for a busy two-core machine."""
    page.set_default_timeout(90_000)
    return page


def chips(page, key: str) -> list[str]:
    """The values the multiselect `key` shows as chips."""
    labels = page.locator(f'.st-key-{key} button[aria-label^="Remove "]').evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))")
    return [label.removeprefix("Remove ") for label in labels]


def in_url(page, key: str) -> list[str]:
    return parse_qs(urlparse(page.url).query).get(key, [])


def choose(page, key: str, value: str) -> None:
    """Open the multiselect `key`, click `value` in its list, close the list with Escape (the field keeps focus)."""
    page.locator(f".st-key-{key} input").click()
    page.get_by_role("option", name=value, exact=True).click()
    settle(page)
    page.keyboard.press("Escape")


def test_sidebar_does_not_move_when_a_filter_box_loses_focus(page, app_url: str, values: dict[str, str]) -> None:
    page.goto(f"{app_url}/plaintiffs")
    settle(page)
    choose(page, "counsel", values["counsel"])
    choose(page, "plaintiff", values["plaintiff"])
    focused = page.locator(".st-key-counsel").bounding_box()
    page.locator("h1").first.click()  # the plaintiff box loses focus
    assert page.locator(".st-key-counsel").bounding_box() == focused


def test_removed_counsel_stays_removed_after_picking_a_plaintiff_and_changing_pages(
        page, app_url: str, values: dict[str, str]) -> None:
    counsel, plaintiff = values["counsel"], values["plaintiff"]
    page.goto(f"{app_url}/plaintiffs")
    settle(page)
    choose(page, "counsel", counsel)
    page.locator(f'[data-testid="stSidebarNavLink"][href="{app_url}/cases"]').click()
    settle(page)
    choose(page, "plaintiff", plaintiff)
    assert chips(page, "counsel") == [counsel] and in_url(page, "counsel") == [counsel]

    page.locator(f'.st-key-counsel button[aria-label="Remove {counsel}"]').click()  # the mouse, as a reader
    settle(page)
    assert chips(page, "counsel") == [] and in_url(page, "counsel") == []

    for target in ("plaintiffs", "judges", ""):  # the URL binding must not bring it back
        page.locator(f'[data-testid="stSidebarNavLink"][href="{app_url}/{target}"]').click()
        settle(page)
        assert chips(page, "counsel") == [] and in_url(page, "counsel") == [], target
        assert chips(page, "plaintiff") == [plaintiff] and in_url(page, "plaintiff") == [plaintiff], target
