"""The Streamlit app under AppTest: every page, every filter, on the hand-built fixture database.

The fixture's answers are known by hand (tests/fixture_db.py): four cases, A and B Alpha Films'
(cand, 2011), C and D Beta Pictures' (nysd, 2012); early discovery granted in A and B covering
10 + 1 Does; one defendant served, in D.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from dashboard import cite, definitions, drill, exports
from pipelines import queries

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
A, B, C, D = "cand:1100001", "cand:1100002", "nysd:1200003", "nysd:1200004"
PAGES = {
    "overview": ("dashboard/views/overview.py", "Mass-Doe copyright cases"),
    "plaintiffs": ("dashboard/views/plaintiffs.py", "Plaintiffs and counsel"),
    "judges": ("dashboard/views/judges.py", "Judges"),
    "cases": ("dashboard/views/cases.py", "Cases"),
    "national": ("dashboard/views/national.py", "National: every federal copyright case (FJC)"),
    "data": ("dashboard/views/data.py", "Data"),
}
FILTER_SETS = {
    "empty": {},
    "single": {"plaintiff": "Alpha Films"},
    "many": {"court": ["cand", "nysd"], "plaintiff": ["Alpha Films", "Beta Pictures"],
             "counsel": ["Ann Lawyer", "Bob Counsel", "Firm Y"], "judge": ["Judge One", "Judge Four"],
             "filed": ["2011-01-01", "2012-12-31"], "exclude_top": "true"},
    "nothing": {"court": "cand", "plaintiff": "Beta Pictures"},
}


_scan = functools.lru_cache(maxsize=None)(manifest_scanner.scan_component_manifests)


@pytest.fixture()
def app(monkeypatch, fixture_db_path):
    """Make an AppTest of app.py on the fixture database, on a page, with URL query parameters."""
    monkeypatch.setenv("DOEDOCKET_DB", str(fixture_db_path))
    # Every AppTest rescans the installed packages' metadata for components (about a second each);
    # the packages do not change during the session, so the first scan is reused.
    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: list(_scan(*a, **k)))
    st.cache_data.clear()
    st.cache_resource.clear()

    def make(page: str = "overview", **query) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "overview":
            at.switch_page(PAGES[page][0]).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


def sentence(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### ")).removeprefix("#### ")


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def in_section(at: AppTest, label: str) -> AppTest:
    """`at` with the page's tab `label` open (as a reader's click on it, or `?<page>_tab=` in a link)."""
    page = next(name for name, (_, title) in PAGES.items() if title == at.title[0].value)
    at.session_state["case_tab" if page == "cases" else f"{page}_tab"] = label
    return at.run()


def titled(at: AppTest, start: str) -> dict:
    """The page's figure whose title starts with `start`."""
    return next(f for f in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                if f["layout"]["title"]["text"].startswith(start))


def values(array) -> list:
    """A figure's array as a list (Plotly writes numeric arrays as base64 typed arrays)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def table(at: AppTest, first_column: str):
    """The first table on the page whose first column is `first_column` (as a pandas frame)."""
    return next(t.value for t in at.dataframe if list(t.value.columns[:1]) == [first_column])


# every page, every kind of filter ---------------------------------------------------------------

@pytest.mark.parametrize("filters", list(FILTER_SETS))
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_under_filters(app, page, filters):
    at = app(page, **FILTER_SETS[filters])
    assert at.title[0].value == PAGES[page][1]
    assert not at.error, [e.value for e in at.error]
    for label in [t.label for t in at.tabs][1:]:  # a long page's other sections, each drawn when opened
        in_section(at, label)
        assert not at.exception and not at.error, (label, [e.value for e in at.exception or at.error])


def test_only_the_open_section_runs(app):
    at = app("plaintiffs")
    assert [t.label for t in at.tabs] == ["Plaintiffs", "Counsel", "Profile"]
    assert [f["layout"]["title"]["text"].split(" (")[0] for f in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))] == [
        "Defendants served per 1,000 Does covered by granted early discovery"]
    assert not at.selectbox  # the profile's picker is not drawn until its tab is open
    at = app("plaintiffs", plaintiffs_tab="Profile")  # a link to the section opens it
    assert at.selectbox(key="profile_plaintiff").value == "Alpha Films"
    assert not [t for t in at.dataframe if list(t.value.columns[:1]) == ["plaintiff"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("empty", "4 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; "
                  "1 defendant served."),
        ("single", "2 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; "
                   "0 defendants served."),
        # the judges leave A, C and D; of those Beta Pictures has the most cases (C, D) and the toggle
        # leaves it out: A remains
        ("many", "1 mass-Doe case; early discovery granted in 1; subpoenas authorised for 10 Does; "
                 "0 defendants served."),
        ("nothing", "0 mass-Doe cases; early discovery granted in 0; subpoenas authorised for 0 Does; "
                    "0 defendants served."),
    ],
)
def test_overview_sentence_from_url_filters(app, filters, expected):
    assert sentence(app("overview", **FILTER_SETS[filters])) == expected


# each sidebar filter, driven as a user would ------------------------------------------------------

@pytest.mark.parametrize(
    ("drive", "expected"),
    [
        (lambda at: at.multiselect(key="court").select("nysd"),
         "2 mass-Doe cases; early discovery granted in 0; subpoenas authorised for 0 Does; 1 defendant served."),
        (lambda at: at.multiselect(key="plaintiff").select("Alpha Films"),
         "2 mass-Doe cases; early discovery granted in 2; subpoenas authorised for 11 Does; 0 defendants served."),
        (lambda at: at.multiselect(key="counsel").select("Firm X"),
         "1 mass-Doe case; early discovery granted in 1; subpoenas authorised for 10 Does; 0 defendants served."),
        (lambda at: at.multiselect(key="judge").select("Magistrate Three"),
         "1 mass-Doe case; early discovery granted in 1; subpoenas authorised for 1 Doe; 0 defendants served."),
        (lambda at: at.multiselect(key="judge").select("Judge One").select("Judge Four"),
         "3 mass-Doe cases; early discovery granted in 1; subpoenas authorised for 10 Does; 1 defendant served."),
        (lambda at: at.date_input(key="filed").set_value((date(2011, 4, 1), date(2012, 1, 31))),
         "2 mass-Doe cases; early discovery granted in 1; subpoenas authorised for 1 Doe; 0 defendants served."),
        # a range picker holding only its start filters from that day on
        (lambda at: at.date_input(key="filed").set_value((date(2012, 1, 6),)),
         "1 mass-Doe case; early discovery granted in 0; subpoenas authorised for 0 Does; 1 defendant served."),
        (lambda at: at.toggle(key="exclude_top").set_value(True),
         "2 mass-Doe cases; early discovery granted in 0; subpoenas authorised for 0 Does; 1 defendant served."),
    ],
    ids=["court", "plaintiff", "counsel", "judge", "judges", "filed", "filed-start", "exclude_top"],
)
def test_each_filter_narrows_every_number(app, drive, expected):
    at = app("overview")
    drive(at)
    at.run()
    assert sentence(at) == expected


def test_exclude_top_follows_the_other_filters(app):
    at = app("overview", court="nysd", exclude_top="true")  # the largest plaintiff in nysd is Beta Pictures
    assert sentence(at) == "0 mass-Doe cases; early discovery granted in 0; subpoenas authorised for 0 Does; " \
                           "0 defendants served."
    assert any("excluding the largest plaintiff (Beta Pictures)" in c.value for c in at.caption)


# overview ----------------------------------------------------------------------------------------

def test_funnel_unit_switch(app):
    at = app("overview")
    funnel = figure(at, 0)["data"][0]
    assert funnel["x"] == [31, 11, 1, 1, 1]
    at.segmented_control(key="funnel_unit").set_value("Cases").run()
    assert figure(at, 0)["data"][0]["x"] == [4, 2, 1, 1, 1]


def test_chart_marks_name_the_cases_behind_them(app, fixture_con):
    at = app("overview")
    funnel = figure(at, 0)["data"][0]
    behind = {}
    for stage_tag in funnel["customdata"]:
        narrow = drill.untag([{"customdata": stage_tag}]).narrow
        behind[narrow["stage"]] = queries.run(fixture_con, "cases_behind", narrow)["case_id"].to_list()
    assert behind == {"sued": [A, B, C, D], "discovery_granted": [A, B], "named": [D], "served": [D], "judgment": [D]}
    months = figure(in_section(at, "Filings by month"), 0)["data"]
    tags = [drill.untag([{"customdata": c}])[0] for trace in months for c in trace["customdata"]]
    assert {"month": "2011-04-01", "by_plaintiff": "Alpha Films"} in tags
    assert sorted(c for t in tags for c in queries.run(fixture_con, "cases_behind", t)["case_id"]) == [A, B, C, D]


def test_filings_chart_is_titled_and_labelled(app):
    layout = figure(app("overview", overview_tab="Filings by month"), 0)["layout"]
    assert layout["title"]["text"].startswith("New cases per month, by plaintiff")
    assert layout["xaxis"]["title"]["text"] == "Month filed"
    assert layout["yaxis"]["title"]["text"] == "Cases filed (count)"


# plaintiffs and counsel ---------------------------------------------------------------------------

def test_plaintiffs_page_scorecards_and_matrix(app):
    at = app("plaintiffs")
    assert table(at, "plaintiff")["plaintiff"].tolist() == ["Alpha Films", "Beta Pictures"]
    matrix = figure(in_section(at, "Counsel"), 0)["data"][1]  # the invisible clickable layer over the heatmap
    tags = [drill.untag([{"customdata": c}])[0] for c in matrix["customdata"]]
    assert tags == [{"by_counsel": "Firm Y", "by_plaintiff": "Beta Pictures"},
                    {"by_counsel": "Firm X", "by_plaintiff": "Alpha Films"}]
    at.segmented_control(key="matrix_kind").set_value("Attorneys").run()
    assert figure(at, 0)["data"][0]["y"] == ["Ann Lawyer", "Bob Counsel"]


def test_plaintiff_profile_is_addressable(app):
    at = app("plaintiffs", plaintiffs_tab="Profile", profile_plaintiff="Beta Pictures")
    assert at.selectbox(key="profile_plaintiff").value == "Beta Pictures"
    assert [m.value for m in at.metric][:2] == ["2", "1"]  # cases, Does sued
    assert table(at, "partner")["partner"].tolist() == ["Bob Counsel", "Firm Y"]
    assert table(at, "case_id")["case_id"].tolist() == [C, D]


def test_counsel_profile_is_addressable(app):
    at = app("plaintiffs", plaintiffs_tab="Profile", profile_kind="Counsel", profile_counsel="Firm X")
    assert at.selectbox(key="profile_counsel").value == "Firm X"
    assert table(at, "partner").values.tolist()[0][:4] == ["Alpha Films", "plaintiff", 1, 10]
    assert table(at, "case_id")["case_id"].tolist() == [A]


# judges ------------------------------------------------------------------------------------------

def test_judges_page(app):
    at = app("judges", min_decided="1")  # every fixture judge decided one motion
    rates = titled(at, "Share of early-discovery motions granted, by judge (judges with at least 1 motion decided)")
    dots = rates["data"][0]
    # highest rate first, then most decided; the counts in brackets
    assert dots["y"] == ["Judge One (1 of 1)", "Magistrate Three (1 of 1)", "Judge Four (0 of 1)"]
    assert values(dots["x"]) == [1.0, 1.0, 0.0]
    # the 95% Wilson interval of 1 of 1 is 0.2065 to 1, of 0 of 1, 0 to 0.7935
    assert values(dots["error_x"]["arrayminus"]) == pytest.approx([0.7935, 0.7935, 0.0])
    assert values(dots["error_x"]["array"]) == pytest.approx([0.0, 0.0, 0.7935])
    assert table(at, "judge")["judge"].tolist() == ["Judge Four", "Judge One", "Magistrate Three"]
    matrix = titled(in_section(at, "Rulings by outcome"), "Early-discovery rulings by judge and outcome")
    assert matrix["data"][0]["y"] == ["Judge Four", "Judge One", "Magistrate Three"]
    assert matrix["data"][0]["z"] == [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]
    severance = titled(in_section(at, "Severance and Rule 4(m)"), "Orders severing Does")["data"]
    assert [t["name"] for t in severance] == ["Severance orders (Rules 20/21)",
                                              "Dismissals for failure to serve (Rule 4(m))"]


@pytest.fixture(scope="module")
def many_judges_db_path(tmp_path_factory) -> Path:
    """A build of 3,000 generated cases: more judges than a chart shows."""
    from pipelines.cli import main
    from pipelines.synth import dockets

    directory = tmp_path_factory.mktemp("many-judges")
    dockets.generate(directory / "data", 3000, seed=2)
    assert main(["ingest", "synthetic", str(directory / "data"), "--db", str(directory / "doedocket.duckdb")]) == 0
    return directory / "doedocket.duckdb"


def test_judges_charts_show_the_top_judges_and_say_so(app, monkeypatch, many_judges_db_path):
    monkeypatch.setenv("DOEDOCKET_DB", str(many_judges_db_path))
    at = app("judges")
    scorecard = table(at, "judge")
    acting = scorecard[(scorecard["severance_orders"] > 0) | (scorecard["dismissals_failure_to_serve"] > 0)]
    timed = scorecard[scorecard["median_days_to_ruling"].notna()]
    assert len(acting) > 25 and len(timed) > 25  # the scorecard keeps every judge
    severance = titled(in_section(at, "Severance and Rule 4(m)"), "Orders severing Does")
    days = titled(in_section(at, "Days to ruling"), "Median days from")
    assert severance["layout"]["title"]["text"].endswith(
        f"(25 of {len(acting)} judges: those with the most severance orders)")
    top_severance = acting.sort_values(["severance_orders", "dismissals_failure_to_serve", "judge"],
                                       ascending=[False, False, True])["judge"].head(25)
    assert severance["data"][0]["y"] == top_severance.tolist()[::-1]
    assert days["layout"]["title"]["text"].endswith(f"(25 of {len(timed)} judges: those with the most motions decided)")
    busiest = timed.sort_values(["discovery_motions_decided", "judge"], ascending=[False, True])["judge"].head(25)
    assert sorted(days["data"][0]["y"]) == sorted(busiest)


@pytest.fixture(scope="module")
def rulings_db_path(tmp_path_factory) -> Path:
    """The fixture plus Judge Ten's ten rulings (8 granted, 2 denied) and one by no known judge."""
    from tests import fixture_db

    return fixture_db.build_with_rulings(tmp_path_factory.mktemp("rulings"))


def test_judges_at_least_n_decided_keeps_one_ruling_judges_off_the_top(app, monkeypatch, rulings_db_path):
    monkeypatch.setenv("DOEDOCKET_DB", str(rulings_db_path))
    at = app("judges")  # the default: at least 3 decided
    rates = titled(at, "Share of early-discovery motions granted, by judge (judges with at least 3 motions decided)")
    assert rates["data"][0]["y"] == ["Judge Ten (8 of 10)"]
    assert values(rates["data"][0]["error_x"]["arrayminus"]) == pytest.approx([0.8 - 0.4902])
    assert values(rates["data"][0]["error_x"]["array"]) == pytest.approx([0.9433 - 0.8])
    at = app("judges", min_decided="1")
    rates = titled(at, "Share of early-discovery motions granted, by judge (judges with at least 1 motion decided)")
    # 100% on one ruling ranks above 80% on ten, but the judge no one knows comes last, under its words
    assert [y.split(" (")[0] for y in rates["data"][0]["y"]] == [
        "Judge One", "Magistrate Three", "Judge Ten", "Judge Four", "judge not known"]
    scorecard = table(at, "judge")
    assert scorecard["judge"].tolist()[-1] == "judge not known"
    assert list(scorecard.columns[6:9]) == ["grant_rate", "grant_rate_ci_low", "grant_rate_ci_high"]
    assert "Download CSV (5 rows)" in [b.proto.label for b in at.get("download_button")]
    assert titled(in_section(at, "Rulings by outcome"), "Early-discovery rulings by judge")["data"][0]["y"][-1] == (
        "judge not known")


# cases -------------------------------------------------------------------------------------------

def test_cases_page_lists_and_searches(app):
    at = app("cases")
    assert table(at, "case_id")["case_id"].tolist() == [A, B, C, D]
    at = app("cases", search="john smith")
    assert table(at, "case_id")["case_id"].tolist() == [D]


def test_cases_page_narrowed_from_a_chart_link(app):
    at = app("cases", stage="discovery_granted", court="cand")
    assert table(at, "case_id")["case_id"].tolist() == [A, B]
    assert at.info[0].value == "Narrowed to the cases behind a chart selection: reached the stage discovery_granted."
    at.button(key="clear_narrowing").click().run()
    assert not at.info or "Narrowed" not in at.info[0].value


def test_cases_page_ignores_a_hand_edited_narrowing(app):
    at = app("cases", month="2011-13-45", year="twenty", stage="nowhere")
    assert not at.error
    assert table(at, "case_id")["case_id"].tolist() == []  # an unknown stage matches nothing
    at = app("cases", month="2011-04-20")
    assert table(at, "case_id")["case_id"].tolist() == [B]


def test_case_view_is_addressable(app):
    at = app("cases", case=C)
    assert any(m.value == "### Beta Pictures v. Doe" for m in at.markdown)
    assert table(at, "entry_number")["labels"].tolist() == ["discovery_motion", "discovery_denied",
                                                      "dismissal_failure_to_serve"]
    assert table(in_section(at, "Timeline"), "date")["label"].tolist() == [
        "discovery_motion", "discovery_denied", "dismissal_failure_to_serve"]
    stages = figure(in_section(at, "Does by stage"), 0)["data"][0]
    assert values(stages["x"]) == [1, 0, 0, 0, 0, 0]


def test_case_view_of_a_case_outside_the_filters_still_opens(app):
    at = app("cases", court="cand", case=D)
    assert table(at, "case_id")["case_id"].tolist() == [A, B]
    assert any(m.value == "### Beta Pictures v. John Smith" for m in at.markdown)


def test_unknown_case_says_so(app):
    at = app("cases", case="cand:0000000")
    assert "No case 'cand:0000000' in this build." in [i.value for i in at.info]


# national ----------------------------------------------------------------------------------------

def test_national_empty_state_guides_loading_the_idb(app):
    at = app("national")
    guidance = at.info[0].value
    assert "doedocket ingest idb cv88on.txt" in guidance
    assert "doedocket synth idb --rows 100000 --seed 1 --out /tmp/idb.txt" in guidance
    assert not at.get("plotly_chart")


@pytest.fixture(scope="module")
def idb_db_path(tmp_path_factory) -> Path:
    """The curated build plus a small synthetic FJC IDB file."""
    from pipelines.cli import main

    directory = tmp_path_factory.mktemp("national")
    db, idb = directory / "doedocket.duckdb", directory / "synthetic_idb.txt"
    assert main(["build", "--db", str(db)]) == 0
    assert main(["synth", "idb", "--rows", "20000", "--seed", "1", "--out", str(idb)]) == 0
    assert main(["ingest", "idb", str(idb), "--db", str(db)]) == 0
    return db


def test_national_page_with_idb_data(app, monkeypatch, idb_db_path):
    monkeypatch.setenv("DOEDOCKET_DB", str(idb_db_path))
    at = app("national")
    assert not at.error and not at.info
    con = duckdb.connect(str(idb_db_path.resolve()), read_only=True)
    try:
        share = queries.run(con, "doe_share_by_year")
        doe_bars = figure(at, 0)["data"][1]
        assert values(doe_bars["y"]) == share["doe_cases"].to_list()
        for custom in doe_bars["customdata"][-2:]:  # the marks name the IDB records behind them
            mark = drill.untag([{"customdata": custom}])
            behind = queries.run(con, mark.question, mark.narrow)
            assert behind.height == share.filter(pl.col("year") == mark.narrow["year"])["doe_cases"][0]
            assert behind["is_doe"].all()
    finally:
        con.close()
    titles = []
    for label in [t.label for t in at.tabs]:
        in_section(at, label)
        titles += [figure(at, i)["layout"]["title"]["text"] for i in range(len(at.get("plotly_chart")))]
    assert [t.split(" (")[0].split(",")[0] for t in titles] == [
        "Copyright cases filed each year", "Share of each year's copyright filings brought by its top 10 plaintiffs",
        "Doe cases by district", "How ended copyright cases ended: against Does and otherwise"]


@pytest.mark.parametrize("page", ["national", "data"])
def test_pages_work_on_a_build_older_than_the_idb_tables(app, monkeypatch, fixture_db_path, tmp_path, page):
    old = tmp_path / "old.duckdb"
    shutil.copyfile(fixture_db_path.resolve(), old)
    con = duckdb.connect(str(old))
    for table in ("idb_cases", "idb_rejects", "idb_dispositions", "fjc_districts", "exhibit_observations",
                  "swarm_measures"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.close()
    monkeypatch.setenv("DOEDOCKET_DB", str(old))
    at = app(page)
    assert not at.error
    if page == "national":
        assert "doedocket ingest idb cv88on.txt" in at.info[0].value


# data --------------------------------------------------------------------------------------------

def test_data_page_lists_every_table(app, fixture_con):
    at = app("data")
    listed = table(at, "table")
    expected = {r[0] for r in fixture_con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    assert set(listed["table"]) == expected
    assert all(listed["row_is"].str.len() > 20)  # every table is described, known or from schema.sql
    assert "other" not in set(listed["layer"])  # and this module knows every table of today's schema
    assert table(at, "table_name").values.tolist()[0] == ["attorneys", "curated", 4]
    assert [b.proto.label for b in at.get("download_button")][-1] == "Download the whole database as Parquet (zip)"


def test_data_page_console_answers_and_refuses(app):
    at = app("data", sql="SELECT court_id, count(*) AS n FROM cases GROUP BY court_id ORDER BY court_id")
    assert table(at, "court_id").values.tolist() == [["cand", 2], ["nysd", 2]]
    at = app("data", sql="COPY cases TO '/tmp/out.csv'")
    assert at.error[0].value == "only SELECT (or WITH ... SELECT) is allowed, not COPY"


def test_definitions_cover_every_measure():
    described = " ".join(definitions.MEASURES)
    for column in ["does_sued", "discovery_outcome", "cases_discovery_granted", "does_discovery_granted",
                   "does_severed", "defendants_named", "defendants_served", "judgments", "voluntary_dismissals",
                   "dismissed_failure_to_serve", "days_open", "served_per_1000_subpoenaed", "median_days_open",
                   "grant_rate", "median_days_to_ruling"]:
        assert column in described


# the whole database as Parquet --------------------------------------------------------------------

def test_parquet_zip_holds_every_table_with_its_rows(fixture_db_path):
    con = duckdb.connect(str(fixture_db_path.resolve()), read_only=True)
    try:
        archive = zipfile.ZipFile(io.BytesIO(exports.parquet_zip(con)))
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
        exact = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name in names}
        cases = con.sql("SELECT * FROM cases").to_arrow_table()
    finally:
        con.close()
    assert sorted(archive.namelist()) == sorted(f"{name}.parquet" for name in exact)
    for name, rows in exact.items():
        assert pq.read_table(io.BytesIO(archive.read(f"{name}.parquet"))).num_rows == rows, name
    assert pq.read_table(io.BytesIO(archive.read("cases.parquet"))).equals(cases)


# clicks --------------------------------------------------------------------------------------------

def test_tags_round_trip_and_refuse_unknown_narrowing():
    tag = drill.tag({"month": "2011-04-01", "other_than": ["X"]}, "others, filed April 2011")
    assert drill.untag([{"x": 1}, {"customdata": [tag]}]) == (
        {"month": "2011-04-01", "other_than": ["X"]}, "others, filed April 2011", "cases_behind")
    idb = drill.tag({"year": 2012, "kind": "doe"}, "Doe cases filed in 2012", "idb_cases_behind")
    assert drill.untag([{"customdata": [idb]}]).question == "idb_cases_behind"
    assert drill.untag([{"customdata": ["not a tag"]}]) is None
    assert drill.untag([]) is None
    with pytest.raises(ValueError, match="not a narrowing parameter of cases_behind: court"):
        drill.tag({"court": "cand"}, "x")
    with pytest.raises(ValueError, match="not a narrowing parameter of idb_cases_behind: stage"):
        drill.tag({"stage": "sued"}, "x", "idb_cases_behind")


# citing a view and reading its tables --------------------------------------------------------------

@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_has_cite_this_view(app, page, fixture_db_path):
    at = app(page, court="cand")
    [box] = [e for e in at.expander if e.label == "Cite this view"]
    assert not box.markdown and not box.code  # closed, its contents are not drawn
    at.session_state[cite.CITE_OPEN] = True  # the reader opens it
    at.run()
    [box] = [e for e in at.expander if e.label == "Cite this view"]
    text = " ".join(m.value for m in box.markdown)
    build = fixture_db_path.resolve()
    assert f"Build: {build.stem} (file {build.name}, written " in text
    from pipelines import store
    assert f"Classifier version: {store.CLASSIFIER_VERSION}" in text
    assert "Hand corrections applied: none" in text
    assert "curated: 4 cases" in text and "curated: 3 docket entries" in text
    assert "court=cand" in box.code[0].value  # the link keeps the view's parameters
    if page not in ("data", "national"):  # the fixture has no IDB: the National page only says how to load it
        assert "Filters: court: cand" in text
    if page in ("overview", "plaintiffs", "judges", "national"):
        assert "95% interval: Every rate k/n comes with its counts" in text  # the methods, in the Data page's words


def test_csv_with_provenance_holds_the_csv_and_a_readme(app, fixture_db_path):
    at = app("plaintiffs")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("CSV with provenance") == sum(label.startswith("Download CSV") for label in labels) == 2
    frame = queries.run(duckdb.connect(str(fixture_db_path.resolve()), read_only=True), "plaintiff_scorecard")
    found = queries.provenance(duckdb.connect(str(fixture_db_path.resolve()), read_only=True), fixture_db_path.resolve())
    text = cite.readme(found, "http://localhost:8501/plaintiffs?court=cand", "court: cand",
                       ["served_per_1000_subpoenaed"], "plaintiff_scorecard.csv", frame.height)
    archive = zipfile.ZipFile(io.BytesIO(cite.csv_zip(queries.to_csv(frame), "plaintiff_scorecard.csv", text)))
    assert archive.namelist() == ["plaintiff_scorecard.csv", "README.txt"]
    assert archive.read("plaintiff_scorecard.csv") == queries.to_csv(frame)
    readme = archive.read("README.txt").decode()
    assert readme.splitlines()[:3] == ["doedocket: plaintiff_scorecard.csv (2 rows)", "",
                                       "Link to this view: http://localhost:8501/plaintiffs?court=cand"]
    assert f"Build: {fixture_db_path.resolve().stem}" in readme and "  - curated: 4 cases" in readme
    assert "  - served_per_1000_subpoenaed: Defendants served per 1,000 Does" in readme


def test_tables_read_as_percentages_counts_and_dates(app):
    at = app("judges", min_decided="1")
    [scorecard] = [t for t in at.dataframe if list(t.value.columns[:1]) == ["judge"]]
    config = json.loads(scorecard.proto.columns)
    assert config["grant_rate"]["type_config"] == {"type": "number", "format": "percent", "step": 0.001}
    assert config["grant_rate_ci_low"]["type_config"]["format"] == "percent"
    assert config["discovery_motions_decided"]["type_config"] == {"type": "number", "format": "localized"}
    assert scorecard.proto.placeholder == ""  # empty cells blank, not "None"
    at = app("cases")
    [cases] = [t for t in at.dataframe if list(t.value.columns[:1]) == ["case_id"]][:1]
    config = json.loads(cases.proto.columns)
    assert config["date_filed"]["type_config"] == {"type": "date", "format": "YYYY-MM-DD"}
    assert config["does_sued"]["type_config"]["format"] == "localized"
