"""The real app in Debian's Chromium (Playwright): pages render, clicks narrow, URLs share, CSVs match.

One Streamlit server for the module, on the curated build (tests/conftest.py `curated_db_path`).
With CI=true these tests run or fail; elsewhere they skip when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest

from dashboard import drill
from pipelines import queries
from tests.app_server import settle
from tests.conftest import VIEWPORT

pytestmark = pytest.mark.browser

PAGES = {
    "": "Mass-Doe copyright cases",
    "plaintiffs": "Plaintiffs and counsel",
    "judges": "Judges",
    "cases": "Cases",
    "national": "National: every federal copyright case (FJC)",
    "data": "Data",
}
PLAINTIFF = "Hard Drive Productions, Inc."


@pytest.fixture()
def con(curated_db_path: Path):
    connection = duckdb.connect(str(curated_db_path.resolve()), read_only=True)
    yield connection
    connection.close()


@pytest.fixture()
def page(page):
    """pytest-playwright's page, patient enough for a busy two-core machine."""
    page.set_default_timeout(90_000)
    return page


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)


def download(page, key_prefix: str) -> bytes:
    """Click the download button whose widget key starts with `download-{key_prefix}`; the file's bytes."""
    button = page.locator(f'[class*="st-key-download-{key_prefix}"] button').first
    with page.expect_download() as event:
        button.click()
    return Path(event.value.path()).read_bytes()


def click_mark(page, chart_key: str, mark_selector: str, index: int) -> None:
    """Click one mark of a Plotly chart (Plotly's drag layer takes the click, as it does for a user)."""
    mark = page.locator(f".st-key-{chart_key} {mark_selector}").nth(index)
    box = mark.bounding_box()
    assert box, f"mark {index} of {chart_key} is not drawn"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    settle(page)


def pick(page, key: str, option: str) -> None:
    """Choose `option` in the multiselect or selectbox `key`, typing to find it as a user would."""
    page.locator(f".st-key-{key} input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    settle(page)


def drill_heading(page) -> str:
    """The sentence above the cases behind a clicked mark."""
    return page.locator('[data-testid="stMarkdownContainer"]', has_text="Cases behind the selection").first.inner_text()


def no_errors(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "overview" for p in PAGES])
def test_every_page_renders_without_an_error(page, app_url, path):
    open_page(page, f"{app_url}/{path}")
    assert page.locator("h1").first.inner_text() == PAGES[path]
    no_errors(page)
    tabs = page.get_by_role("tab")
    for name in tabs.all_inner_texts()[1:]:  # a long page's other sections, drawn when their tab is opened
        tabs.filter(has_text=name).click()
        settle(page)
        assert page.get_by_role("tab", selected=True).inner_text() == name
        no_errors(page)


def test_filter_by_plaintiff_url_and_csv_bytes(page, app_url, con):
    """Issue 2: filter by a plaintiff, the URL carries it, the CSV is the query's output byte for byte."""
    open_page(page, f"{app_url}/cases")
    pick(page, "plaintiff", PLAINTIFF)
    assert parse_qs(urlparse(page.url).query)["plaintiff"] == [PLAINTIFF]
    expected = queries.to_csv(queries.run(con, "case_list", {"plaintiff": [PLAINTIFF]}))
    assert expected.count(b"\r\n") == 1 + 22  # header and the plaintiff's 22 cases
    assert download(page, "cases") == expected
    no_errors(page)


def test_chart_click_narrows_the_case_list(page, app_url, con):
    open_page(page, f"{app_url}/?court=cand")
    assert page.get_by_text("Cases behind the selection").count() == 0
    click_mark(page, "funnel_chart", ".point", 1)  # the second stage: early discovery granted
    expected = queries.run(con, "cases_behind",
                           {"court": ["cand"], "stage": "discovery_granted", "limit": drill.LIMIT})
    assert drill_heading(page) == (f'Cases behind the selection: cases that reached "Early discovery granted" '
                                   f"({expected.height} cases)")
    assert download(page, "behind-funnel") == queries.to_csv(expected.drop("matches"))
    # the link carries the narrowing to the Cases page, the sidebar filter following by itself
    page.get_by_text("Open these cases on the Cases page").click()
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["court"] == ["cand"] and query["stage"] == ["discovery_granted"]
    assert download(page, "cases") == queries.to_csv(expected.drop("matches"))
    no_errors(page)


def test_matrix_cell_click_narrows_the_case_list(page, app_url, con):
    open_page(page, f"{app_url}/judges")
    page.get_by_role("tab", name="Rulings by outcome").click()  # the section is drawn when its tab is opened
    settle(page)
    click_mark(page, "outcomes_chart", ".scatterlayer .point", 0)  # first judge, "granted"
    outcomes = queries.run(con, "judge_outcomes", {"top": 25})
    judge = outcomes["judge"][0]
    expected = queries.run(con, "cases_behind", {"event_labels": ["discovery_granted"], "event_judge": judge,
                                                 "limit": drill.LIMIT})
    assert drill_heading(page) == f"Cases behind the selection: granted by {judge} ({expected.height} cases)"
    assert download(page, "behind-outcomes") == queries.to_csv(expected.drop("matches"))


def test_shared_url_reproduces_the_view(page, browser, app_url):
    open_page(page, f"{app_url}/plaintiffs?court=cand")
    page.get_by_role("tab", name="Counsel").click()
    settle(page)
    page.locator(".st-key-matrix_kind button", has_text="Attorneys").click()
    settle(page)
    matrix = page.url
    assert parse_qs(urlparse(matrix).query) == {"court": ["cand"], "plaintiffs_tab": ["Counsel"], "matrix_kind": ["Attorneys"]}
    page.get_by_role("tab", name="Profile").click()
    settle(page)
    page.locator(".st-key-profile_kind button", has_text="Counsel").click()
    settle(page)
    pick(page, "profile_counsel", "Steele Hansmeier PLLC")
    profile = page.url
    query = parse_qs(urlparse(profile).query)
    assert query["court"] == ["cand"] and query["plaintiffs_tab"] == ["Profile"]
    assert query["profile_kind"] == ["Counsel"] and query["profile_counsel"] == ["Steele Hansmeier PLLC"]
    views = [(download(page, "profile-cases"), page.locator("h1").first.inner_text())]
    open_page(page, matrix)
    views[0] = (download(page, "matrix"), *views[0])

    fresh = browser.new_context(viewport=VIEWPORT, accept_downloads=True).new_page()
    fresh.set_default_timeout(90_000)
    open_page(fresh, matrix)
    shown = download(fresh, "matrix")
    open_page(fresh, profile)
    views.append((shown, download(fresh, "profile-cases"), fresh.locator("h1").first.inner_text()))
    assert views[0] == views[1]
    assert b",attorney," in views[1][0] and b",firm," not in views[1][0]  # the matrix of attorneys
    assert views[1][1].count(b"\r\n") > 2  # the firm's cases: a header and more than one row
    assert fresh.locator(".st-key-court").inner_text().count("cand") == 1
    fresh.context.close()


def test_case_view_console_and_parquet_download(page, app_url, con):
    open_page(page, f"{app_url}/cases?case=cand:1103825")
    assert page.locator("h3", has_text="Hard Drive Productions, Inc. v. Does 1-90").count() == 1
    no_errors(page)
    open_page(page, f"{app_url}/data?sql=SELECT+count(*)+AS+n+FROM+cases")
    assert download(page, "console") == b"n\r\n196\r\n"
    archive = zipfile.ZipFile(io.BytesIO(download(page, "parquet")))
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
    assert sorted(archive.namelist()) == sorted(f"{t}.parquet" for t in tables)
    no_errors(page)


def test_csv_with_provenance_and_cite_this_view(page, app_url, con, curated_db_path):
    """Issue 19 §2: the zip beside a CSV holds the same CSV bytes and a README citing the view."""
    open_page(page, f"{app_url}/judges?court=cand")
    archive = zipfile.ZipFile(io.BytesIO(download(page, "cited-rulings")))
    assert archive.namelist() == ["judge_rulings.csv", "README.txt"]
    assert archive.read("judge_rulings.csv") == queries.to_csv(queries.run(con, "judge_rulings", {"court": ["cand"]}))
    readme = archive.read("README.txt").decode()
    build = curated_db_path.resolve()
    assert f"Link to this view: {app_url}/judges?court=cand" in readme
    assert f"Build: {build.stem} (file {build.name}" in readme and "Filters: court: cand" in readme
    assert "  - curated: 196 cases" in readme and "  - grant_rate: (granted + granted in part)" in readme
    page.get_by_text("Cite this view", exact=True).click()
    settle(page)
    box = page.locator('[data-testid="stExpander"]').first.inner_text()
    assert f"{app_url}/judges?court=cand" in box and f"Build: {build.stem}" in box
    no_errors(page)
