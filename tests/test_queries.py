"""Every required query on the hand-built fixture database, with exact expected rows."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines import queries

A, B, C, D = "cand:1100001", "cand:1100002", "nysd:1200003", "nysd:1200004"


def rows(con, name, **params):
    return queries.run(con, name, params).rows()


def test_every_contract_query_exists():
    required = {"case_list", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings", "funnel", "filings_by_month"}
    assert required <= set(queries.available())


def test_case_list(fixture_con):
    frame = queries.run(fixture_con, "case_list")
    assert frame.columns[:13] == [
        "case_id", "court_id", "docket_number", "case_name", "plaintiff", "judge", "date_filed",
        "date_terminated", "does_sued", "discovery_outcome", "does_discovery_granted", "defendants_served",
        "source_url",
    ]
    assert frame.select(frame.columns[:13]).rows() == [
        (A, "cand", "3:11-cv-00001", "Alpha Films, LLC v. Does 1-10", "Alpha Films", "Judge One",
         date(2011, 3, 1), None, 10, "granted", 10, 0, "https://example.org/a"),
        (B, "cand", "5:11-cv-00002", "Alpha Films, LLC v. Does 1-20", "Alpha Films", "Judge Two",
         date(2011, 4, 10), None, 20, "granted_in_part", 1, 0, "https://example.org/b"),
        (C, "nysd", "1:12-cv-00003", "Beta Pictures v. Doe", "Beta Pictures", "Judge Four",
         date(2012, 1, 5), date(2012, 6, 1), 1, "denied", 0, 0, "https://example.org/c"),
        (D, "nysd", "1:12-cv-00004", "Beta Pictures v. John Smith", "Beta Pictures", "Judge Four",
         date(2012, 2, 1), date(2012, 12, 1), 0, "none", 0, 1, "https://example.org/d"),
    ]


def test_funnel(fixture_con):
    frame = queries.run(fixture_con, "funnel")
    assert frame.select("stage", "cases", "does", "stage_order").rows() == [
        ("sued", 4, 31, 1),
        ("discovery_granted", 2, 11, 2),
        ("named", 1, 1, 3),
        ("served", 1, 1, 4),
        ("judgment", 1, 1, 5),
    ]
    # Each stage's share of the Does sued (11 of 31 covered by granted discovery) and of the cases
    # filed, with 95% Wilson intervals worked out by hand: (k + 1.9208 -+ 1.96 sqrt(k(n-k)/n + 0.9604)) / (n + 3.8416).
    assert frame.select("stage", "does_share", "does_share_ci_low", "does_share_ci_high").rows() == [
        ("sued", 1.0, 0.8897, 1.0),
        ("discovery_granted", 0.3548, 0.2112, 0.5305),
        ("named", 0.0323, 0.0057, 0.1619),
        ("served", 0.0323, 0.0057, 0.1619),
        ("judgment", 0.0323, 0.0057, 0.1619),
    ]
    assert frame.select("stage", "cases_share", "cases_share_ci_low", "cases_share_ci_high").rows() == [
        ("sued", 1.0, 0.5101, 1.0),
        ("discovery_granted", 0.5, 0.15, 0.85),
        ("named", 0.25, 0.0456, 0.6994),
        ("served", 0.25, 0.0456, 0.6994),
        ("judgment", 0.25, 0.0456, 0.6994),
    ]


def test_plaintiff_scorecard(fixture_con):
    frame = queries.run(fixture_con, "plaintiff_scorecard")
    assert frame.columns == [
        "plaintiff", "cases", "does_sued", "cases_discovery_granted", "does_discovery_granted",
        "defendants_named", "defendants_served", "served_per_1000_subpoenaed", "voluntary_dismissals",
        "median_days_open", "served_per_1000_subpoenaed_ci_low", "served_per_1000_subpoenaed_ci_high",
        "cases_with_docket", "dismissals", "outcomes_stated",
    ]
    # 0 served of 11 Does covered: 0 per 1,000, at most 258.84 (1,000 x 3.8416 / 14.8416); none covered: no rate.
    assert frame.rows() == [
        ("Alpha Films", 2, 30, 2, 11, 0, 0, 0.0, 0, None, 0.0, 258.84, 2, 0, 0),
        ("Beta Pictures", 2, 1, 0, 0, 1, 1, None, 0, 226.0, None, None, 2, 1, 0),  # C: Rule 4(m) dismissal
    ]


def test_counsel_scorecard(fixture_con):
    assert rows(fixture_con, "counsel_scorecard") == [
        ("Ann Lawyer", 2, 30, 2, 11, 0, 0, 0.0, 0, None, "attorney", 1, 0.0, 258.84),
        ("Bob Counsel", 2, 1, 0, 0, 1, 1, None, 0, 226.0, "attorney", 1, None, None),
        ("Firm Y", 2, 1, 0, 0, 1, 1, None, 0, 226.0, "firm", 1, None, None),
        ("Firm X", 1, 10, 1, 10, 0, 0, 0.0, 0, None, "firm", 1, 0.0, 277.54),
    ]


def test_judge_rulings(fixture_con):
    frame = queries.run(fixture_con, "judge_rulings")
    assert frame.columns[:8] == [
        "judge", "discovery_motions_decided", "granted", "granted_in_part", "denied", "severance_orders",
        "grant_rate", "median_days_to_ruling",
    ]
    assert frame.columns[8:] == ["vacated", "dismissals_failure_to_serve", "grant_rate_ci_low", "grant_rate_ci_high"]
    # 0 of 1 granted: 0 to 0.7935; 1 of 1: 0.2065 to 1.
    assert frame.rows() == [
        ("Judge Four", 1, 0, 0, 1, 0, 0.0, 22.0, 0, 1, 0.0, 0.7935),
        ("Judge One", 1, 1, 0, 0, 0, 1.0, 10.0, 0, 0, 0.2065, 1.0),
        ("Magistrate Three", 1, 0, 1, 0, 1, 1.0, 8.0, 0, 0, 0.2065, 1.0),
    ]


def test_filings_by_month(fixture_con):
    assert rows(fixture_con, "filings_by_month") == [
        (date(2011, 3, 1), "Alpha Films", 1, 10),
        (date(2011, 4, 1), "Alpha Films", 1, 20),
        (date(2012, 1, 1), "Beta Pictures", 1, 1),
        (date(2012, 2, 1), "Beta Pictures", 1, 0),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [A, B, C, D]),
        ({"court": ["nysd"]}, [C, D]),
        ({"court": ["cand", "nysd"]}, [A, B, C, D]),
        ({"plaintiff": ["Alpha Films"]}, [A, B]),
        ({"counsel": ["Firm X"]}, [A]),
        ({"counsel": ["Ann Lawyer"]}, [A, B]),
        ({"judge": ["Magistrate Three"]}, [B]),  # the referred magistrate matches too
        ({"judge": ["Judge Four", "Judge One"]}, [A, C, D]),
        ({"filed_from": "2011-04-01", "filed_to": "2012-01-31"}, [B, C]),
        ({"filed_from": date(2012, 1, 6)}, [D]),
        ({"exclude_plaintiff": "Alpha Films"}, [C, D]),
        ({"court": ["cand"], "plaintiff": ["Beta Pictures"]}, []),
        ({"court": ["nowhere"]}, []),
        ({"court": []}, [A, B, C, D]),  # an empty selection is no filter
    ],
)
def test_filters_narrow_case_list(fixture_con, params, expected):
    assert queries.run(fixture_con, "case_list", params)["case_id"].to_list() == expected


@pytest.mark.parametrize("name", ["funnel", "plaintiff_scorecard", "counsel_scorecard", "judge_rulings",
                                  "filings_by_month", "case_list"])
def test_queries_answer_when_nothing_matches(fixture_con, name):
    frame = queries.run(fixture_con, name, {"court": ["nowhere"]})
    if name == "funnel":
        assert frame.rows() == [(s, 0, 0, i) + (None,) * 6 + (0, 0, 0) for i, s in
                                enumerate(("sued", "discovery_granted", "named", "served", "judgment"), 1)]
    else:
        assert frame.height == 0


def test_filter_values_are_bound_not_formatted(fixture_con):
    hostile = "x') OR 1=1; DROP TABLE cases; --"
    assert queries.run(fixture_con, "case_list", {"plaintiff": [hostile]}).height == 0
    assert queries.run(fixture_con, "case_list").height == 4


def test_unknown_query_and_parameter_are_refused(fixture_con):
    with pytest.raises(queries.QueryError, match="unknown query 'schema'"):
        queries.run(fixture_con, "schema")
    with pytest.raises(queries.QueryError, match="unknown parameter"):
        queries.run(fixture_con, "funnel", {"colour": "red"})
    with pytest.raises(queries.QueryError, match="not an ISO date"):
        queries.run(fixture_con, "funnel", {"filed_from": "29/11/2011"})


def test_case_docket_lists_entries_then_stated_events(fixture_con):
    frame = queries.run(fixture_con, "case_docket", {"case_id": A})
    assert frame.select("entry_number", "labels", "origin").rows() == [
        (1, "complaint", "classified"),
        (5, "discovery_motion", "classified"),
        (7, "discovery_granted", "classified"),
    ]
    stated = queries.run(fixture_con, "case_docket", {"case_id": C})
    assert stated.select("entry_number", "labels", "origin").rows() == [
        (4, "discovery_motion", "hand_coded"),
        (8, "discovery_denied", "hand_coded"),
        (12, "dismissal_failure_to_serve", "hand_coded"),
    ]


def test_a_filter_clause_whose_parameter_is_unset_is_left_out(fixture_con):
    sql, bound = queries.prepared("funnel", {})
    assert "counsel_facts" not in sql and "counsel" not in bound  # no semi-join over every case's counsel
    assert "court" in bound and bound["court"] is None  # the clauses without a mark stay
    sql, bound = queries.prepared("funnel", {"counsel": ["Ann Lawyer"]})
    assert "counsel_facts" in sql and bound["counsel"] == ["Ann Lawyer"]
    full = queries.sql_for("funnel")  # what the filters mean is unchanged either way
    for params in ({}, {"counsel": ["Ann Lawyer"]}):
        assert queries.run(fixture_con, "funnel", params).rows() == \
            fixture_con.execute(full, queries.bind(full, params)).fetchall()
