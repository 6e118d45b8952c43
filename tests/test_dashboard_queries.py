"""The dashboard's own questions on the hand-built fixture database, with exact expected rows.

The fixture (tests/fixture_db.py): A and B are Alpha Films' (cand, 2011; Ann Lawyer, Firm X on A),
C and D Beta Pictures' (nysd, 2012; Bob Counsel of Firm Y). A: granted; B: granted in part with
Does 2-20 severed, referred to Magistrate Three; C: denied, Rule 4(m) dismissal; D: served, judgment.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import queries, store
from tests import fixture_db

A, B, C, D = "cand:1100001", "cand:1100002", "nysd:1200003", "nysd:1200004"


def ids(con, name, **params):
    return queries.run(con, name, params)["case_id"].to_list()


def rows(con, name, **params):
    return queries.run(con, name, params).rows()


# cases_behind ------------------------------------------------------------------------------------

def test_cases_behind_unnarrowed_is_the_case_list_plus_matches(fixture_con):
    behind = queries.run(fixture_con, "cases_behind")
    listed = queries.run(fixture_con, "case_list")
    assert behind.columns == listed.columns + ["matches"]
    assert behind.drop("matches").equals(listed)
    assert behind["matches"].to_list() == [4, 4, 4, 4]


def test_cases_behind_limit_keeps_the_total(fixture_con):
    frame = queries.run(fixture_con, "cases_behind", {"limit": 1})
    assert frame.select("case_id", "matches").rows() == [(A, 4)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"month": "2011-04-01"}, [B]),
        ({"month": "2011-04-30"}, [B]),  # any day names its month
        ({"month": "2011-05-01"}, []),
        ({"year": 2012}, [C, D]),
        ({"by_plaintiff": "Beta Pictures"}, [C, D]),
        ({"other_than": ["Alpha Films"]}, [C, D]),
        ({"other_than": ["Alpha Films", "Beta Pictures"]}, []),
        ({"month": "2012-02-01", "other_than": ["Alpha Films"]}, [D]),
        ({"by_counsel": "Firm X"}, [A]),
        ({"by_counsel": "Ann Lawyer"}, [A, B]),
        ({"by_counsel": "Ann Lawyer", "by_plaintiff": "Alpha Films", "year": 2011}, [A, B]),
        ({"stage": "sued"}, [A, B, C, D]),
        ({"stage": "discovery_granted"}, [A, B]),
        ({"stage": "named"}, [D]),
        ({"stage": "served"}, [D]),
        ({"stage": "judgment"}, [D]),
        ({"event_labels": ["discovery_denied"]}, [C]),
        ({"event_labels": ["discovery_granted", "discovery_granted_in_part"]}, [A, B]),
        # rulings are credited like judge_rulings: the referred magistrate, not the assigned judge
        ({"event_labels": ["discovery_granted_in_part"], "event_judge": "Magistrate Three"}, [B]),
        ({"event_labels": ["discovery_granted_in_part"], "event_judge": "Judge Two"}, []),
        ({"event_labels": ["severance"], "event_judge": "Magistrate Three"}, [B]),
        ({"event_labels": ["dismissal_failure_to_serve"], "event_judge": "Judge Four"}, [C]),
        ({"search": "does 1-2"}, [B]),
        ({"search": "JOHN SMITH"}, [D]),
        ({"search": "12-cv"}, [C, D]),
        ({"search": "nysd:1200003"}, [C]),
        ({"search": "%"}, []),  # searched as text, not as a LIKE pattern
        ({"court": ["nysd"], "stage": "served"}, [D]),
        ({"court": ["cand"], "by_plaintiff": "Beta Pictures"}, []),
        ({"exclude_plaintiff": "Alpha Films", "stage": "discovery_granted"}, []),
    ],
)
def test_cases_behind_narrows(fixture_con, params, expected):
    frame = queries.run(fixture_con, "cases_behind", params)
    assert frame["case_id"].to_list() == expected
    assert frame["matches"].to_list() == [len(expected)] * len(expected)


# charts' questions -------------------------------------------------------------------------------

def test_filings_by_month_top_folds_the_rest(fixture_con):
    assert rows(fixture_con, "filings_by_month_top", top=1) == [
        (date(2011, 3, 1), "Alpha Films", 1, 10, False),
        (date(2011, 4, 1), "Alpha Films", 1, 20, False),
        (date(2012, 1, 1), "Other plaintiffs", 1, 1, True),
        (date(2012, 2, 1), "Other plaintiffs", 1, 0, True),
    ]


def test_filings_by_month_top_without_a_cap_is_filings_by_month(fixture_con):
    top = queries.run(fixture_con, "filings_by_month_top", {"top": None})
    assert top["other"].to_list() == [False] * 4
    assert top.drop("other").equals(queries.run(fixture_con, "filings_by_month"))


def test_filings_by_month_top_under_filters(fixture_con):
    assert rows(fixture_con, "filings_by_month_top", top=1, court=["nysd"]) == [
        (date(2012, 1, 1), "Beta Pictures", 1, 1, False),
        (date(2012, 2, 1), "Beta Pictures", 1, 0, False),
    ]
    assert rows(fixture_con, "filings_by_month_top", top=1, court=["nowhere"]) == []


def test_counsel_plaintiff_matrix(fixture_con):
    assert rows(fixture_con, "counsel_plaintiff_matrix") == [
        ("Ann Lawyer", "attorney", "Alpha Films", 2, 30, 1, 2),
        ("Bob Counsel", "attorney", "Beta Pictures", 2, 1, 1, 2),
        ("Firm Y", "firm", "Beta Pictures", 2, 1, 1, 2),
        ("Firm X", "firm", "Alpha Films", 1, 10, 1, 1),
    ]
    assert rows(fixture_con, "counsel_plaintiff_matrix", kind="firm", top=1) == [
        ("Firm Y", "firm", "Beta Pictures", 2, 1, 1, 2),
    ]
    assert rows(fixture_con, "counsel_plaintiff_matrix", court=["nowhere"]) == []


def test_counsel_plaintiff_matrix_ranks_one_firm_behind_many_plaintiffs_first(tmp_path):
    staging = fixture_db.staging()
    extra = pl.DataFrame([dict(case_id=C, party_seq=0, attorney_seq=1, name="Ann Lawyer", firm="Firm X",
                               source=fixture_db.S)])
    db = tmp_path / "many.duckdb"
    store.ingest(db, dataclasses.replace(staging, attorneys=pl.concat([staging.attorneys, extra], how="diagonal")),
                 fresh=True)
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        assert rows(con, "counsel_plaintiff_matrix", kind="firm") == [
            ("Firm X", "firm", "Alpha Films", 1, 10, 2, 2),
            ("Firm X", "firm", "Beta Pictures", 1, 1, 2, 2),
            ("Firm Y", "firm", "Beta Pictures", 2, 1, 1, 2),
        ]
    finally:
        con.close()


def test_judge_outcomes(fixture_con):
    # 1 of 1: 0.2065 to 1; 0 of 1: 0 to 0.7935 (95% Wilson, by hand).
    one, none = (0.2065, 1.0), (0.0, 0.7935)
    assert rows(fixture_con, "judge_outcomes") == [
        ("Judge Four", "granted", 0, 1, 0.0, *none), ("Judge Four", "granted_in_part", 0, 1, 0.0, *none),
        ("Judge Four", "denied", 1, 1, 1.0, *one), ("Judge Four", "vacated", 0, 1, 0.0, *none),
        ("Judge One", "granted", 1, 1, 1.0, *one), ("Judge One", "granted_in_part", 0, 1, 0.0, *none),
        ("Judge One", "denied", 0, 1, 0.0, *none), ("Judge One", "vacated", 0, 1, 0.0, *none),
        ("Magistrate Three", "granted", 0, 1, 0.0, *none), ("Magistrate Three", "granted_in_part", 1, 1, 1.0, *one),
        ("Magistrate Three", "denied", 0, 1, 0.0, *none), ("Magistrate Three", "vacated", 0, 1, 0.0, *none),
    ]
    assert [r[0] for r in rows(fixture_con, "judge_outcomes", top=1)] == ["Judge Four"] * 4
    assert rows(fixture_con, "judge_outcomes", court=["nowhere"]) == []


def test_judge_outcomes_agree_with_judge_rulings(fixture_con):
    cells = queries.run(fixture_con, "judge_outcomes")
    rulings = queries.run(fixture_con, "judge_rulings")
    for judge, granted, in_part, denied, vacated in rulings.select(
            "judge", "granted", "granted_in_part", "denied", "vacated").rows():
        mine = dict(cells.filter(pl.col("judge") == judge).select("outcome", "rulings").rows())
        assert mine == {"granted": granted, "granted_in_part": in_part, "denied": denied, "vacated": vacated}


# one case ------------------------------------------------------------------------------------------

def test_case_header(fixture_con):
    frame = queries.run(fixture_con, "case_header", {"case_id": B})
    assert frame.row(0, named=True) == {
        "case_id": B, "court_id": "cand", "docket_number": "5:11-cv-00002",
        "case_name": "Alpha Films, LLC v. Does 1-20", "plaintiff": "Alpha Films", "judge": "Judge Two",
        "referred_judge": "Magistrate Three", "date_filed": date(2011, 4, 10), "date_terminated": None,
        "nature_of_suit": None, "disposition": None, "outcome_summary": None, "sources": "curated",
        "source_url": "https://example.org/b", "does_sued": 20, "discovery_outcome": "granted_in_part",
        "does_discovery_granted": 1, "does_severed": 19, "defendants_named": 0, "defendants_served": 0,
        "judgments": 0, "voluntary_dismissals": 0, "dismissed_failure_to_serve": 0, "days_open": None,
        "dismissals": 0, "outcome_source": None, "docket_coverage": "full",
        "docket_coverage_evidence": "3 events coded by hand from the docket by curated",
    }
    assert queries.run(fixture_con, "case_header", {"case_id": "cand:nope"}).height == 0


def test_case_timeline_classified_events_carry_their_rule(fixture_con):
    frame = queries.run(fixture_con, "case_timeline", {"case_id": A})
    assert frame.select("date", "entry_number", "label", "origin", "rules_on", "source_url").rows() == [
        (date(2011, 3, 1), 1, "complaint", "classified", "", "https://example.org/a/1"),
        (date(2011, 3, 5), 5, "discovery_motion", "classified", "", "https://example.org/a/5"),
        (date(2011, 3, 15), 7, "discovery_granted", "classified", "5", "https://example.org/a/7"),
    ]
    assert all(rule.startswith(label + ".") for label, rule in frame.select("label", "rule").rows())
    assert frame["text"][2] == "ORDER by Judge One granting 5 Ex Parte Application for Leave to Take Expedited Discovery."


def test_case_timeline_hand_coded_events(fixture_con):
    assert rows(fixture_con, "case_timeline", case_id=B) == [
        (date(2011, 4, 12), 4, "discovery_motion", "hand_coded", "hand_coded", False, None, "", "fixture",
         "https://example.org/events", None),
        (date(2011, 4, 20), 6, "discovery_granted_in_part", "hand_coded", "hand_coded", False, None, "", "fixture",
         "https://example.org/events", None),
        (date(2011, 4, 20), 6, "severance", "hand_coded", "hand_coded", False, 19, "", "fixture",
         "https://example.org/events", None),
    ]


def test_case_stages(fixture_con):
    assert rows(fixture_con, "case_stages", case_id=B) == [
        ("sued", 20, 1), ("discovery_granted", 1, 2), ("severed", 19, 3), ("named", 0, 4), ("served", 0, 5),
        ("judgment", 0, 6),
    ]
    assert rows(fixture_con, "case_stages", case_id=D) == [
        ("sued", 0, 1), ("discovery_granted", 0, 2), ("severed", 0, 3), ("named", 1, 4), ("served", 1, 5),
        ("judgment", 1, 6),
    ]


# profiles ------------------------------------------------------------------------------------------

def test_profile_by_year(fixture_con):
    assert rows(fixture_con, "profile_by_year", profile_plaintiff="Alpha Films") == [(2011, 2, 30, 2, 11, 0)]
    assert rows(fixture_con, "profile_by_year", profile_counsel="Firm Y") == [(2012, 2, 1, 0, 0, 1)]
    assert rows(fixture_con, "profile_by_year") == [(2011, 2, 30, 2, 11, 0), (2012, 2, 1, 0, 0, 1)]
    assert rows(fixture_con, "profile_by_year", profile_plaintiff="Alpha Films", court=["nysd"]) == []


def test_profile_partners(fixture_con):
    assert rows(fixture_con, "profile_partners", profile_plaintiff="Alpha Films") == [
        ("Ann Lawyer", "attorney", 2, 30, date(2011, 3, 1), date(2011, 4, 10)),
        ("Firm X", "firm", 1, 10, date(2011, 3, 1), date(2011, 3, 1)),
    ]
    assert rows(fixture_con, "profile_partners", profile_counsel="Bob Counsel") == [
        ("Beta Pictures", "plaintiff", 2, 1, date(2012, 1, 5), date(2012, 2, 1)),
    ]
    assert rows(fixture_con, "profile_partners") == []


# provenance ----------------------------------------------------------------------------------------

def test_provenance(fixture_con):
    assert rows(fixture_con, "provenance") == [
        ("attorneys", "curated", 4), ("case_counsel", "derived", 7), ("case_measures", "derived", 4),
        ("cases", "curated", 4), ("docket_entries", "curated", 3), ("events", "hand_coded from curated", 8),
        ("events", "classified from curated", 3), ("parties", "curated", 7), ("source_attorneys", "curated", 4),
        ("source_cases", "curated", 4), ("source_docket_entries", "curated", 3),
        ("source_hand_events", "curated", 8), ("source_parties", "curated", 7),
    ]
    assert rows(fixture_con, "provenance_files") == []


@pytest.mark.parametrize("name", ["cases_behind", "filings_by_month_top", "counsel_plaintiff_matrix",
                                  "judge_outcomes", "profile_by_year", "profile_partners"])
def test_dashboard_queries_answer_when_nothing_matches(fixture_con, name):
    extra = {"profile_plaintiff": "Alpha Films"} if name.startswith("profile") else {}
    assert queries.run(fixture_con, name, {"court": ["nowhere"], **extra}).height == 0


def test_every_dashboard_query_has_a_header():
    for name in ["cases_behind", "filings_by_month_top", "counsel_plaintiff_matrix", "judge_outcomes",
                 "case_header", "case_timeline", "case_stages", "profile_by_year", "profile_partners", "provenance",
                 "provenance_files", "idb_cases_behind"]:
        text = (queries.QUERY_DIR / f"{name}.sql").read_text()
        assert text.startswith(f"-- {name}: ")
        assert "-- Parameters:" in text and "-- Columns:" in text


# idb_cases_behind: the records behind the National page's marks ------------------------------------

@pytest.fixture(scope="module")
def idb_con(tmp_path_factory):
    """The curated build plus a small synthetic FJC IDB file (`doedocket synth idb`)."""
    from pipelines.cli import main

    directory = tmp_path_factory.mktemp("idb")
    db, idb = directory / "doedocket.duckdb", directory / "synthetic_idb.txt"
    assert main(["build", "--db", str(db)]) == 0
    assert main(["synth", "idb", "--rows", "20000", "--seed", "1", "--out", str(idb)]) == 0
    assert main(["ingest", "idb", str(idb), "--db", str(db)]) == 0
    con = duckdb.connect(str(db.resolve()), read_only=True)
    yield con
    con.close()


def matches(con, **narrow) -> int:
    frame = queries.run(con, "idb_cases_behind", narrow)
    assert frame["matches"].to_list() == [frame.height] * frame.height
    return frame.height


def test_idb_cases_behind_each_year_bar(idb_con):
    share = queries.run(idb_con, "doe_share_by_year").sort(["doe_cases", "year"], descending=True)
    assert share.height > 10
    # the year with the most Doe cases, one with none, and the latest
    picked = [share.row(0), share.filter(pl.col("doe_cases") == 0).row(0), share.sort("year").row(-1)]
    for year, copyright_cases, doe_cases, *_ in picked:
        assert matches(idb_con, year=year) == copyright_cases
        assert matches(idb_con, year=year, kind="doe") == doe_cases
        assert matches(idb_con, year=year, kind="other") == copyright_cases - doe_cases


def test_idb_cases_behind_each_district_and_disposition(idb_con):
    districts = queries.run(idb_con, "district_doe_share").select("court_id", "doe_cases").rows()
    for court, doe_cases in districts[:3] + districts[-1:]:
        assert matches(idb_con, district=court, kind="doe") == doe_cases
    mix = queries.run(idb_con, "disposition_mix").filter(pl.col("rank") == 0)
    assert set(mix["kind"]) == {"doe", "other"}
    for kind, disp, cases in mix.sort("cases", descending=True).select("kind", "disp", "cases").rows()[:4]:
        assert matches(idb_con, kind=kind, disp=disp) == cases


def test_disposition_mix_medians_equal_a_plain_median_of_every_case(idb_con):
    """The question counts days per group instead of sorting them; the answer must not change."""
    ended = idb_con.sql(
        "SELECT plaintiff_key, is_doe, disp, date_diff('day', date_filed, date_terminated) AS days "
        "FROM idb_case_facts WHERE date_terminated IS NOT NULL AND disp IS NOT NULL").pl()
    ended = ended.with_columns(kind=pl.when("is_doe").then(pl.lit("doe")).otherwise(pl.lit("other")))
    mix = queries.run(idb_con, "disposition_mix", {"top": 3})
    top = mix.filter(pl.col("rank") > 0).unique("rank").select("rank", "plaintiff_key")
    groups = pl.concat([ended.with_columns(rank=pl.lit(0, pl.Int64)),
                        ended.join(top, on="plaintiff_key").with_columns(pl.col("rank").cast(pl.Int64))])
    by_disp = groups.group_by("rank", "kind", "disp").agg(cases=pl.len(), median_days_to_termination=pl.col("days").median())
    by_kind = groups.group_by("rank", "kind").agg(terminated_cases=pl.len(), plaintiff_median_days=pl.col("days").median())
    expected = by_disp.join(by_kind, on=["rank", "kind"]).with_columns(pl.col("disp").cast(pl.Int64))
    columns = ["rank", "kind", "disp", "cases", "terminated_cases", "median_days_to_termination", "plaintiff_median_days"]
    got = mix.with_columns(pl.col("rank", "disp", "cases", "terminated_cases").cast(pl.Int64)).select(columns)
    expected = expected.with_columns(pl.col("cases", "terminated_cases").cast(pl.Int64)).select(columns)
    assert got.sort(columns[:3]).rows() == expected.sort(columns[:3]).rows()
    assert got.height > 20 and top.height == 3
    halves = got.filter((pl.col("median_days_to_termination") % 1) != 0).height
    assert halves > 0  # some group has an even count whose two middle values differ


def test_provenance_files_names_the_idb_file(idb_con):
    [(table, source_file, count)] = rows(idb_con, "provenance_files")
    assert (table, Path(source_file).name) == ("idb_cases", "synthetic_idb.txt")
    assert count == queries.run(idb_con, "idb_cases_behind")["records"].sum()


def test_idb_cases_behind_a_leading_plaintiff_and_the_limit(idb_con):
    top = queries.run(idb_con, "top_plaintiffs_by_year", {"top": 1})
    for year, key, cases in top.select("year", "plaintiff_key", "cases").rows()[-3:]:
        assert matches(idb_con, year=year, plaintiff_key=key) == cases
    capped = queries.run(idb_con, "idb_cases_behind", {"limit": 3})
    assert capped.height == 3 and capped["matches"][0] == queries.run(idb_con, "idb_cases_behind").height
    assert capped["date_filed"].to_list() == sorted(capped["date_filed"].to_list())
    assert queries.run(idb_con, "idb_cases_behind", {"court": ["nowhere"]}).height == 0


# rates' intervals ---------------------------------------------------------------------------------

def wilson(k: int, n: int) -> tuple[float, float] | tuple[None, None]:
    """The 95% Wilson interval of k of n, from its textbook form (z = 1.96), to 4 decimals."""
    if n == 0 or not 0 <= k <= n:
        return None, None
    z, p = 1.96, k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return round(max(0.0, (centre - half) / (1 + z * z / n)), 4), round(min(1.0, (centre + half) / (1 + z * z / n)), 4)


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (8, 10, 0.4902, 0.9433), (0, 5, 0.0, 0.4345), (1, 1, 0.2065, 1.0), (2, 3, 0.2077, 0.9385),
    (0, 0, None, None), (3, 2, None, None),  # no trials; more successes than trials: no interval
])
def test_wilson_interval_by_hand(k, n, low, high):
    sql = queries.expand_macros(f"SELECT round(wilson_low({k}, {n}), 4), round(wilson_high({k}, {n}), 4)")
    assert "wilson" not in sql
    assert duckdb.connect().execute(sql).fetchall() == [(low, high)]
    assert wilson(k, n) == (low, high)


def test_wilson_arguments_may_be_expressions():
    sql = queries.expand_macros("SELECT round(wilson_high(coalesce(NULL, 0), greatest(2, 5)), 4) AS x")
    assert duckdb.connect().execute(sql).fetchall() == [(0.4345,)]
    with pytest.raises(queries.QueryError, match="two arguments"):
        queries.expand_macros("SELECT wilson_low(1)")


@pytest.fixture(scope="module")
def rulings_con(tmp_path_factory):
    """The fixture plus Judge Ten's ten rulings (8 granted, 2 denied) and one by no known judge."""
    con = duckdb.connect(str(fixture_db.build_with_rulings(tmp_path_factory.mktemp("rulings")).resolve()),
                         read_only=True)
    yield con
    con.close()


def test_judge_rulings_grant_rate_interval_and_the_unknown_judge_last(rulings_con):
    frame = queries.run(rulings_con, "judge_rulings").select(
        "judge", "discovery_motions_decided", "granted", "denied", "grant_rate", "grant_rate_ci_low", "grant_rate_ci_high")
    assert frame.rows() == [
        (fixture_db.RULINGS_JUDGE, 10, 8, 2, 0.8, 0.4902, 0.9433),
        ("Judge Four", 1, 0, 1, 0.0, 0.0, 0.7935),
        ("Judge One", 1, 1, 0, 1.0, 0.2065, 1.0),
        ("Magistrate Three", 1, 0, 0, 1.0, 0.2065, 1.0),
        ("unknown", 1, 1, 0, 1.0, 0.2065, 1.0),  # as many rulings as three judges, yet last
    ]


def test_judge_outcomes_at_least_n_decided_and_the_unknown_judge_last(rulings_con):
    ranked = queries.run(rulings_con, "judge_outcomes")["judge"].unique(maintain_order=True).to_list()
    assert ranked == [fixture_db.RULINGS_JUDGE, "Judge Four", "Judge One", "Magistrate Three", "unknown"]
    assert queries.run(rulings_con, "judge_outcomes", {"min_decided": 2}).select(
        "judge", "outcome", "rulings", "rate", "rate_ci_low", "rate_ci_high").rows() == [
        (fixture_db.RULINGS_JUDGE, "granted", 8, 0.8, 0.4902, 0.9433),
        (fixture_db.RULINGS_JUDGE, "granted_in_part", 0, 0.0, 0.0, 0.2775),
        (fixture_db.RULINGS_JUDGE, "denied", 2, 0.2, 0.0567, 0.5098),
        (fixture_db.RULINGS_JUDGE, "vacated", 0, 0.0, 0.0, 0.2775),
    ]
    assert queries.run(rulings_con, "judge_outcomes", {"min_decided": 11}).height == 0
    assert queries.run(rulings_con, "judge_outcomes", {"top": 2})["judge"].unique(maintain_order=True).to_list() == [
        fixture_db.RULINGS_JUDGE, "Judge Four"]


@pytest.mark.parametrize(("name", "rate", "k", "n"), [
    ("doe_share_by_year", "doe_share", "doe_cases", "copyright_cases"),
    ("district_doe_share", "doe_share", "doe_cases", "copyright_cases"),
    ("district_doe_share", "share_of_doe_cases", "doe_cases", None),
    ("top_plaintiffs_by_year", "share", "cases", "copyright_cases"),
    ("disposition_mix", "share", "cases", "terminated_cases"),
])
def test_national_rates_carry_their_wilson_interval(idb_con, name, rate, k, n):
    frame = queries.run(idb_con, name)
    assert frame.height > 5
    total = frame[k].sum()
    expected = [wilson(row[k], row[n] if n else total) for row in frame.iter_rows(named=True)]
    assert list(zip(frame[f"{rate}_ci_low"], frame[f"{rate}_ci_high"])) == expected
    assert all(lo <= r <= hi for lo, r, hi in frame.select(f"{rate}_ci_low", rate, f"{rate}_ci_high").rows())


# provenance ----------------------------------------------------------------------------------------

def test_provenance_of_a_build(fixture_db_path, fixture_con):
    build = store.published_build(fixture_db_path)
    facts = queries.provenance(fixture_con, build, "funnel", {"court": ["cand"], "judge": None})
    assert facts["build"]["id"] == build.stem and facts["build"]["file"] == build.name
    assert facts["build"]["bytes"] == build.stat().st_size
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", facts["build"]["written_utc"])
    assert facts["classifier_version"] == store.CLASSIFIER_VERSION == facts["build_info"]["classifier_version"]
    assert facts["hand_corrections"] == 0  # no corrections in this build
    assert facts["sources"] == [
        {"source": "curated", "item": "cases", "file": None, "rows": 4, "earliest": None, "latest": None, "about": None},
        {"source": "curated", "item": "docket entries", "file": None, "rows": 3, "earliest": None, "latest": None, "about": None},
    ]
    assert facts["query"] == {"name": "funnel", "params": {"court": ["cand"]}}
    json.dumps(facts)  # ready to print as JSON


def test_provenance_counts_hand_corrections_and_names_the_idb_file(idb_con, tmp_path):
    real = Path(idb_con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
                .fetchall()[0][0])
    copy = tmp_path / "with_corrections.duckdb"
    shutil.copyfile(real, copy)
    con = duckdb.connect(str(copy))
    con.execute("INSERT INTO corrections (case_id, entry_number, labels, reviewer, date, source_file, line_number) "
                "VALUES ('cand:1', 7, ['other'], 'R', DATE '2026-01-02', 'a.csv', 2), "
                "('cand:2', 3, ['other'], 'R', DATE '2026-01-02', 'a.csv', 3)")
    facts = queries.provenance(con, copy)
    con.close()
    assert facts["hand_corrections"] == 2 and "query" not in facts
    [idb] = [s for s in facts["sources"] if s["source"] == "idb" and s["item"] == "file"]
    first, last, count = idb_con.execute("SELECT min(date_filed), max(date_filed), count(*) FROM idb_cases").fetchall()[0]
    assert idb == {"source": "idb", "item": "file", "file": idb["file"], "rows": count,
                   "earliest": first.isoformat(), "latest": last.isoformat(), "about": None}
    assert Path(idb["file"]).name == "synthetic_idb.txt"
