"""CourtListener: the fetch command against a local replay server (pages, 429, 403, malformed
bodies, resume), the client's back-off, the saved-response reader (golden file) and its errors."""

from __future__ import annotations

import io
import json
import os
import shutil

import duckdb
import pytest

from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.fetch.courtlistener import Client, FetchError
from pipelines.sources import courtlistener
from tests.replay_server import ReplayServer, request_key
from tests.tools.courtlistener_fetch import TOKEN, assert_token_nowhere, fetch_args
from tests.tools.golden import FILE_TIME, KEY, check_golden, golden_dir, staging_as_json

GOLDEN = golden_dir("courtlistener")
SEARCH = request_key("search/", {"type": "r", "court": "cand", "filed_after": "2010-01-01",
                                 "filed_before": "2012-12-31", "nature_of_suit": "820", "case_name": "Does",
                                 "order_by": "dateFiled asc"})
ENTRIES_2 = request_key("docket-entries/", {"docket": "9100002", "omit": "recap_documents__plain_text"})
PARTIES_3 = request_key("parties/", {"docket": "9100003", "filter_nested_results": "True"})


@pytest.fixture()
def token(monkeypatch):
    monkeypatch.setenv("COURTLISTENER_TOKEN", TOKEN)
    return TOKEN


def test_fetch_end_to_end_then_rerun_spends_no_quota(tmp_path, token, capsys):
    with ReplayServer(TOKEN) as server:
        assert main(fetch_args(server, tmp_path)) == 0
        first = capsys.readouterr()
        hits_after_first = list(server.hits)
        assert main(fetch_args(server, tmp_path)) == 0
        second = capsys.readouterr()
        assert server.hits == hits_after_first  # the rerun came from the cache only
    assert hits_after_first.count("dockets/9100002/") == 2  # 429, then success
    assert len([h for h in hits_after_first if h.startswith("search/")]) == 3  # three pages of results
    assert "HTTP 429, retrying in 1 s" in first.err
    assert "docket 3/3 (id 9100003)" in first.err
    assert first.out.startswith("fetched 17 requests (0 responses from cache)")
    assert "3 courtlistener cases; 3 cases, 6 parties, 4 attorneys, 7 docket_entries" in first.out
    assert second.out.startswith("fetched 0 requests (16 responses from cache)")
    con = duckdb.connect(str((tmp_path / "d.duckdb").resolve()), read_only=True)
    try:
        cases = con.sql("SELECT case_id, plaintiff, assigned_judge, does_in_caption, source FROM cases "
                        "ORDER BY case_id").fetchall()
        counsel = con.sql("SELECT DISTINCT counsel FROM case_counsel ORDER BY 1").fetchall()
        measures = con.sql("SELECT case_id, does_sued FROM case_measures ORDER BY 1").fetchall()
    finally:
        con.close()
    assert cases == [
        ("cand:1104101", "Lantern Films, Inc.", "Howard R. Lloyd", 46, "courtlistener"),
        ("cand:1202001", "Lantern Films, Inc.", "Samuel Conti", 1, "courtlistener"),
        ("cand:1203003", "Pelican Pictures LLC", "Laurel Beeler", 5, "courtlistener"),
    ]
    assert counsel == [("Ann B. Ray",), ("Brett L. Gibbs",), ("John Q. Local",), ("Ray Legal Group",),
                       ("Steele Hansmeier PLLC",)]
    assert measures == [("cand:1104101", 46), ("cand:1202001", 1), ("cand:1203003", 5)]
    assert_token_nowhere(tmp_path, first.out, first.err, second.out, second.err)


def test_403_is_one_line_and_caches_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COURTLISTENER_TOKEN", "wrong-" + TOKEN)
    with ReplayServer(TOKEN) as server:
        assert main(fetch_args(server, tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HTTP 403 from the API: Invalid token.; check COURTLISTENER_TOKEN" in err
    assert "wrong-" not in err
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    assert not (tmp_path / "d.duckdb").exists()


def test_missing_token_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("COURTLISTENER_TOKEN", raising=False)
    with ReplayServer(TOKEN) as server:
        assert main(fetch_args(server, tmp_path)) == 2
        assert server.hits == []
    assert "COURTLISTENER_TOKEN is not set" in capsys.readouterr().err


def test_malformed_body_stops_the_run_and_is_not_cached(tmp_path, token, capsys):
    faults = {ENTRIES_2: [{"status": 200, "raw": '{"next": null, "results": [{"id": 1'}]}
    with ReplayServer(TOKEN, faults) as server:
        assert main(fetch_args(server, tmp_path)) == 2
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith("doedocket: ") and "malformed response: not JSON" in last
    assert "docket-entries/?docket=9100002" in last
    cached = [json.loads(p.read_text())["url"] for p in (tmp_path / "cache").glob("*.json")]
    assert cached and not any("docket-entries/?docket=9100002" in url for url in cached)
    assert not (tmp_path / "d.duckdb").exists()
    assert_token_nowhere(tmp_path, err)


def test_interrupted_fetch_resumes_from_the_cache(tmp_path, token, capsys):
    with ReplayServer(TOKEN, {PARTIES_3: [{"status": 404, "json": {"detail": "Not found."}}]}) as server:
        assert main(fetch_args(server, tmp_path)) == 2
        assert "HTTP 404: Not found." in capsys.readouterr().err
        interrupted = len(server.hits)
        assert main(fetch_args(server, tmp_path)) == 0
        resumed = server.hits[interrupted:]
    assert resumed == [PARTIES_3, request_key("attorneys/", {"docket": "9100003", "filter_nested_results": "True"})]
    assert "3 courtlistener cases" in capsys.readouterr().out


def test_client_honours_retry_after_and_backs_off(tmp_path):
    waits: list[float] = []
    url_key = request_key("dockets/9100001/", {})
    faults = {url_key: [{"status": 429, "headers": {"Retry-After": "7"}},
                        {"status": 503},
                        {"status": 429, "headers": {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}}]}
    with ReplayServer(TOKEN, faults) as server:
        client = Client(server.base_url, TOKEN, tmp_path / "cache", sleep=waits.append, log=io.StringIO())
        page = client.get(client.url("dockets/9100001/"))
    assert waits == [7.0, 2.0, 0.0]  # Retry-After seconds; back-off 2**attempt; a date in the past
    assert page.body["docket_number"] == "5:11-cv-04101" and client.requests == 4


def test_client_gives_up_when_the_wait_is_too_long(tmp_path):
    faults = {request_key("dockets/9100001/", {}): [{"status": 429, "headers": {"Retry-After": "86400"}}]}
    with ReplayServer(TOKEN, faults) as server:
        client = Client(server.base_url, TOKEN, tmp_path / "cache", sleep=lambda s: None, log=io.StringIO())
        with pytest.raises(FetchError, match="asks to wait 86400 s"):
            client.get(client.url("dockets/9100001/"))
    assert not (tmp_path / "cache").exists()


def test_saved_responses_golden(tmp_path):
    """The recorded bodies, saved bare (no envelope): pages are matched to dockets by content."""
    saved = tmp_path / "saved"
    shutil.copytree(GOLDEN / "replay", saved)
    for path in saved.iterdir():
        os.utime(path, (FILE_TIME, FILE_TIME))
    check_golden(staging_as_json(courtlistener.read([saved], KEY)), GOLDEN / "saved.expected.json")


def test_ingest_of_the_cache_equals_the_fetch(tmp_path, token, capsys):
    with ReplayServer(TOKEN) as server:
        assert main(fetch_args(server, tmp_path)) == 0
    from_cache = staging_as_json(courtlistener.read([tmp_path / "cache"], KEY))
    bare = staging_as_json(courtlistener.read([GOLDEN / "replay"], KEY))
    for frame in (from_cache, bare):
        for row in frame["cases"]:
            row.pop("retrieved_at")
    assert from_cache == bare
    assert main(["ingest", "courtlistener", str(tmp_path / "cache"), "--db", str(tmp_path / "other.duckdb")]) == 0
    assert "3 courtlistener cases" in capsys.readouterr().out


def test_attorneys_of_other_dockets_are_left_out():
    staging = courtlistener.read([GOLDEN / "replay"], KEY)
    names = staging.attorneys.filter(staging.attorneys["case_id"] == "cand:1202001").get_column("name").to_list()
    assert names == ["Brett L. Gibbs", "John Q. Local"]  # attorney 509 appears on docket 7777777 only


@pytest.mark.parametrize(
    ("name", "body", "problem"),
    [
        ("cut.json", '{"id": 1, "docket_number": "5:11-cv-0', "truncated or malformed JSON"),
        ("other.json", '{"hello": "world"}', "not a CourtListener API response"),
        ("docket.json", '{"id": 5, "court_id": "cand", "docket_number": "5:11-cv-04101", "date_filed": "2011-08-19"}',
         "docket 5: missing key 'case_name'"),
        ("docket.json", '{"id": 5, "court_id": "cand", "docket_number": 51104101, "case_name": "A v. Does",'
                        ' "date_filed": "2011-08-19"}', "docket 5: docket_number should be str, not int"),
        ("entries.json", '{"next": null, "results": [{"id": 3, "docket": 77, "entry_number": 1, "description": "x",'
                         ' "date_filed": "2011-01-01"}]}', "docket 77: docket-entries for a docket with no docket response"),
    ],
)
def test_bad_saved_responses(tmp_path, name, body, problem):
    path = tmp_path / name
    path.write_text(body)
    with pytest.raises(SourceError) as caught:
        courtlistener.read([tmp_path], KEY)
    assert str(caught.value).startswith(str(path)) and problem in str(caught.value)


def test_wrong_type_in_an_entry_names_the_entry(tmp_path):
    saved = tmp_path / "saved"
    shutil.copytree(GOLDEN / "replay", saved)
    page = saved / "entries_9100003_page1.json"
    body = json.loads(page.read_text())
    body["results"][0]["entry_number"] = "1"
    page.write_text(json.dumps(body))
    with pytest.raises(SourceError, match=r"entries_9100003_page1\.json:entry 91000031: entry_number should be int"):
        courtlistener.read([saved], KEY)
