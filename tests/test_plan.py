"""`doedocket fetch courtlistener --plan` and `--resume-plan` (issue 18 §4) against the replay server
keeping a daily quota (tests/replay_server.py `per_day`): the plan's counts and estimates, the limits
read from the usage endpoint, a day stopped cleanly by the budget and by a 429 with a long
Retry-After, resumption across days in new processes, and no request spent twice.

The build: the fixture (tests/fixture_db.py: four curated cases with dockets) and three census cases
(courtlistener_bulk) whose dockets the replay server holds: two whose CourtListener docket id the
census row's address gives (9100001, 9100002) and one found by a docket-number search (9100003).
Estimates: the build's one full docket with entries (fixture A) has 3, so one entry page a case:
4 requests for each case with a known id, 5 with the search: 13. The real costs are 5 (two entry
pages), 4 (+1 refused with 429) and 5.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import store
from pipelines.cli import main
from pipelines.fetch import plan
from tests import fixture_db
from tests.replay_server import ReplayServer, request_key
from tests.tools.courtlistener_fetch import TOKEN, assert_token_nowhere

REPO = Path(__file__).resolve().parent.parent
CENSUS = [  # case_id, docket number, case name, filed, Does, CourtListener docket id
    ("cand:1104101", "5:11-cv-04101", "Lantern Films, Inc.", date(2011, 8, 19), 46, 9100001),
    ("cand:1202001", "3:12-cv-02001", "Lantern Films, Inc.", date(2012, 4, 20), 1, 9100002),
    ("cand:1203003", "4:12-cv-03003", "Pelican Pictures LLC", date(2012, 6, 11), 5, None),
]


def _entries(docket: int) -> str:
    return request_key("docket-entries/", {"docket": str(docket), "omit": "recap_documents__plain_text"})


def _nested(endpoint: str, docket: int) -> str:
    return request_key(endpoint, {"docket": str(docket), "filter_nested_results": "True"})


SEARCH_3 = request_key("search/", {"type": "r", "court": "cand", "docket_number": "12-cv-03003"})
ENTRIES_1_PAGE_2 = request_key("docket-entries/", {"docket": "9100001", "omit": "recap_documents__plain_text",
                                                   "cursor": "cD01"})
DOCKET_1 = ["dockets/9100001/", _entries(9100001), ENTRIES_1_PAGE_2, _nested("parties/", 9100001),
            _nested("attorneys/", 9100001)]
DOCKET_2 = ["dockets/9100002/", _entries(9100002), _nested("parties/", 9100002), _nested("attorneys/", 9100002)]
DOCKET_3 = ["dockets/9100003/", _entries(9100003), _nested("parties/", 9100003), _nested("attorneys/", 9100003)]


@pytest.fixture()
def census_db(tmp_path: Path) -> Path:
    base = fixture_db.staging()
    census = pl.DataFrame([dict(
        case_id=case_id, court_id="cand", docket_number=number, docket_number_core=case_id[5:], office=number[0],
        case_name=f"{plaintiff} v. Does 1-{does}", plaintiff=plaintiff, plaintiff_key=plaintiff.lower(),
        date_filed=filed, does_in_caption=does, source="courtlistener_bulk",
        source_url=f"https://www.courtlistener.com/docket/{docket}/lantern-films-inc-v-does/" if docket else None)
        for case_id, number, plaintiff, filed, does, docket in CENSUS])
    db = tmp_path / "d.duckdb"
    store.ingest(db, dataclasses.replace(base, cases=pl.concat([base.cases, census], how="diagonal_relaxed")),
                 fresh=True)
    return db


def _args(server: ReplayServer, tmp_path: Path, *extra: str) -> list[str]:
    return ["fetch", "courtlistener", *extra, "--db", str(tmp_path / "d.duckdb"), "--cache-dir",
            str(tmp_path / "cache"), "--base-url", server.base_url]


def _day(server: ReplayServer, tmp_path: Path) -> subprocess.CompletedProcess:
    """One day's `--resume-plan`, in a new process."""
    env = dict(os.environ, COURTLISTENER_TOKEN=TOKEN)
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *_args(server, tmp_path, "--resume-plan")],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def _cases(db: Path) -> list[tuple]:
    con = duckdb.connect(str(store.published_build(db)), read_only=True)
    try:
        return con.sql("SELECT case_id, docket_coverage, does_sued FROM case_facts WHERE court_id = 'cand' "
                       "ORDER BY case_id").fetchall()
    finally:
        con.close()


def test_plan_counts_requests_and_days_with_the_dashboards_filters(census_db, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COURTLISTENER_TOKEN", raising=False)
    with ReplayServer(TOKEN) as server:
        assert main(_args(server, tmp_path, "--plan", "--per-day", "5")) == 0
        out = capsys.readouterr().out
        assert server.hits == []  # --per-day given: no request at all
        assert out.splitlines()[:3] == [
            "3 cases lack docket entries (3 with no docket known, 0 with a partial docket); "
            "0 fetched, 0 not found on CourtListener or without a docket number to search",
            "about 13 requests (docket, entry pages, parties, attorneys; a search where the docket id is unknown)",
            "about 3 days at 5 requests a day",
        ]
        saved = plan.load(tmp_path / "cache" / plan.PLAN_FILE)
        assert [(c.case_id, c.docket_id, c.requests, c.status) for c in saved.cases] == [
            ("cand:1104101", 9100001, 4, "pending"), ("cand:1202001", 9100002, 4, "pending"),
            ("cand:1203003", None, 5, "pending")]
        assert main(_args(server, tmp_path, "--plan", "--per-day", "5", "--plaintiff", "Pelican Pictures LLC",
                          "--filed-from", "2012-01-01")) == 0
        assert capsys.readouterr().out.splitlines()[1].startswith("about 5 requests")
        assert main(_args(server, tmp_path, "--plan", "--per-day", "5", "--court", "nysd")) == 0
        assert capsys.readouterr().out.startswith("0 cases lack docket entries")


def test_plan_reads_the_limits_from_the_usage_endpoint(census_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    with ReplayServer(TOKEN, per_day=10, used_today=9) as server:
        assert main(_args(server, tmp_path, "--plan")) == 0
        assert server.hits == ["api-usage/"] and server.used_today == 9  # asking costs no quota
    # 13 requests: 1 left today, then 10 a day: ceil((9 + 13) / 10) = 3 days
    assert capsys.readouterr().out.splitlines()[2] == "about 3 days at 10 requests a day (9 used today)"


def test_read_usage_is_lenient_about_the_answers_shape():
    assert plan.read_usage({"limits": {"per_day": 125}, "usage": {"today": 40}}) == plan.Limits(125, 40)
    assert plan.read_usage({"daily_limit": 300, "requests_today": 12, "hourly_limit": 75}) == plan.Limits(300, 12)
    assert plan.read_usage({"user": "x"}) == plan.Limits(None, None)


def test_resume_works_through_the_plan_across_days_in_new_processes(census_db, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COURTLISTENER_TOKEN", raising=False)
    with ReplayServer(TOKEN, per_day=6) as server:
        assert main(_args(server, tmp_path, "--plan", "--per-day", "6")) == 0
        capsys.readouterr()
        days = []
        for _ in range(3):
            before = len(server.hits)
            done = _day(server, tmp_path)
            assert done.returncode == 0, done.stderr
            days.append((server.hits[before:], done.stdout, _cases(census_db)))
            server.used_today = 0  # midnight
        assert server.hits.count("dockets/9100002/") == 2  # refused once with 429 (Retry-After 1), then answered
    (hits1, out1, cases1), (hits2, out2, cases2), (hits3, out3, cases3) = days
    # day 1: docket 1 whole (5), then docket 2 refused once: the 6th request of the day; budget spent
    assert hits1 == ["api-usage/", *DOCKET_1, "dockets/9100002/"]
    assert out1.startswith("fetched 7 requests (0 responses from cache); stopped for today (the day's budget of 7 "
                           "requests is spent; rerun to resume); ingested into ")
    assert "2 cases lack docket entries" in out1 and "1 fetched" in out1
    assert cases1 == [("cand:1100001", "full", 10), ("cand:1100002", "full", 20), ("cand:1104101", "full", 46),
                      ("cand:1202001", "none", 1), ("cand:1203003", "none", 5)]
    # day 2: docket 1 from the cache, docket 2 (4), the search and docket 3's first request (2): 6
    assert hits2 == ["api-usage/", *DOCKET_2, SEARCH_3, "dockets/9100003/"]
    assert out2.startswith("fetched 7 requests (5 responses from cache); stopped for today")
    assert [c[1] for c in cases2] == ["full", "full", "full", "full", "none"]
    # day 3: the rest of docket 3 (its id saved in the plan: no search); nothing fetched twice
    assert hits3 == ["api-usage/", *DOCKET_3[1:]]
    assert out3.startswith("fetched 4 requests (10 responses from cache); plan finished; ingested into ")
    assert "0 cases lack docket entries" in out3
    assert [c[1] for c in cases3] == ["full"] * 5
    spent = [h for h in hits1 + hits2 + hits3 if h != "api-usage/"]
    assert len(spent) == len(set(spent)) + 1  # the one repeat is the request refused with 429
    saved = json.loads((tmp_path / "cache" / plan.PLAN_FILE).read_text())
    assert [(c["case_id"], c["docket_id"], c["status"]) for c in saved["cases"]] == [
        ("cand:1104101", 9100001, "done"), ("cand:1202001", 9100002, "done"), ("cand:1203003", 9100003, "done")]
    assert_token_nowhere(tmp_path, out1, out2, out3)


def test_a_429_with_a_long_retry_after_ends_the_day_cleanly(census_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    with ReplayServer(TOKEN, per_day=3, retry_after=43200) as server:
        assert main(_args(server, tmp_path, "--plan", "--per-day", "100")) == 0  # more than the account allows
        assert main(_args(server, tmp_path, "--resume-plan", "--per-day", "100")) == 0
        hits = list(server.hits)
    out = capsys.readouterr().out.splitlines()
    assert hits == DOCKET_1[:4]  # three answered, the fourth refused once and not retried
    assert out[4].startswith("fetched 4 requests (0 responses from cache); stopped for today (rate limited: the API "
                             "asks to wait 43200 s")
    assert "ingested" not in out[4]  # no case was finished: nothing to load
    assert [c[1] for c in _cases(census_db)] == ["full", "full", "none", "none", "none"]


def test_resume_without_a_plan_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    with ReplayServer(TOKEN) as server:
        assert main(_args(server, tmp_path, "--resume-plan", "--per-day", "5")) == 2
        assert server.hits == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no plan; make one with `doedocket fetch courtlistener --plan`" in err


def test_a_case_without_a_docket_number_costs_nothing():
    frame = pl.DataFrame([
        dict(case_id="cand:nodocket-1", court_id="cand", docket_number_core="nodocket-1", docket_coverage="none",
             docket_id=None, entries_known=0, typical_entries=None),
        dict(case_id="cand:1100009", court_id="cand", docket_number_core="1100009", docket_coverage="partial",
             docket_id=None, entries_known=45, typical_entries=12),
    ], schema_overrides={"docket_id": pl.Int64, "typical_entries": pl.Int64})
    made = plan.make(frame, {"court": ["cand"]}, plan.Limits(per_day=125, used_today=120))
    assert [(c.case_id, c.requests, c.status) for c in made.cases] == [
        ("cand:nodocket-1", 0, "not_found"),
        ("cand:1100009", 1 + 1 + 3 + 2, "pending"),  # search, docket, 45 entries in 3 pages, parties, attorneys
    ]
    assert (made.requests(), made.days()) == (7, 2)  # 5 left today, then 2 tomorrow
    assert plan.describe(made).splitlines()[0] == (
        "2 cases lack docket entries (1 with no docket known, 1 with a partial docket); 0 fetched, "
        "1 not found on CourtListener or without a docket number to search")
