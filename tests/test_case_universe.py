"""The case universe (doe_class) and defendants served as the docket shows it, on builds made in code
and, when ../shared is present, on the real PACER samples named in issue 17.

The fixture's four cases are all mass-Doe cases; three more are added here:
E a copyright case against named stores with fictitious Does 1-10 (not a mass-Doe case),
F a case naming one real defendant only,
G a case captioned with the subscriber's name whose docket shows a motion for early discovery
  before the amended complaint that named him, then his counsel's appearance and motion to dismiss
  and no return of service.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import queries, store
from pipelines.sources import pacer
from tests import fixture_db

S = "curated"
E, F, G = "cacd:1300005", "azd:1300006", "ord:1300007"


def _staging():
    base = fixture_db.staging()
    cases = pl.DataFrame([
        dict(case_id=E, court_id="cacd", docket_number="2:13-cv-00005", docket_number_core="1300005", office="2",
             case_name="Epsilon Prints v. Acme Stores Inc", plaintiff="Epsilon Prints", plaintiff_key="epsilon prints",
             date_filed=date(2013, 1, 5), source=S, source_url="https://example.org/e"),
        dict(case_id=F, court_id="azd", docket_number="2:13-cv-00006", docket_number_core="1300006", office="2",
             case_name="Zeta Photo v. Doe Run Resources Corp", plaintiff="Zeta Photo", plaintiff_key="zeta photo",
             date_filed=date(2013, 2, 5), source=S, source_url="https://example.org/f"),
        dict(case_id=G, court_id="ord", docket_number="3:13-cv-00007", docket_number_core="1300007", office="3",
             case_name="Eta Films v. Gary Roe", plaintiff="Eta Films", plaintiff_key="eta films",
             date_filed=date(2013, 3, 5), source=S, source_url="https://example.org/g"),
    ])
    parties = pl.DataFrame([
        dict(case_id=E, party_seq=0, name="Epsilon Prints", party_type="plaintiff", is_doe=False, source=S),
        dict(case_id=E, party_seq=1, name="Acme Stores Inc", party_type="defendant", is_doe=False, source=S),
        dict(case_id=E, party_seq=2, name="Beta Outlet LLC", party_type="defendant", is_doe=False, source=S),
        dict(case_id=E, party_seq=3, name="Does 1-10", party_type="defendant", is_doe=True, doe_count=10, source=S),
        dict(case_id=F, party_seq=0, name="Zeta Photo", party_type="plaintiff", is_doe=False, source=S),
        dict(case_id=F, party_seq=1, name="Doe Run Resources Corp", party_type="defendant", is_doe=False, source=S),
        dict(case_id=G, party_seq=0, name="Eta Films", party_type="plaintiff", is_doe=False, source=S),
        dict(case_id=G, party_seq=1, name="Gary Roe", party_type="defendant", is_doe=False, source=S),
    ])
    texts = [
        "COMPLAINT filed by Eta Films.",
        "EX PARTE MOTION for Leave to Serve Third Party Subpoena Prior to a Rule 26(f) Conference filed by Eta Films.",
        "ORDER granting 2 Motion for Leave to Serve Third Party Subpoena.",
        "AMENDED COMPLAINT against Gary Roe filed by Eta Films.",
        "Summons Issued as to Gary Roe.",
        "NOTICE of Appearance by Pat Counsel on behalf of Gary Roe.",
        "MOTION to Dismiss for Failure to State a Claim filed by Gary Roe.",
    ]
    entries = pl.DataFrame([
        dict(case_id=G, entry_seq=i, entry_number=i + 1, date_filed=date(2013, 3, 5 + i), description=t, source=S,
             source_url=f"https://example.org/g/{i + 1}")
        for i, t in enumerate(texts)
    ])
    return dataclasses.replace(
        base,
        cases=pl.concat([base.cases, cases], how="diagonal_relaxed"),
        parties=pl.concat([base.parties, parties], how="diagonal_relaxed"),
        docket_entries=pl.concat([base.docket_entries, entries], how="diagonal_relaxed"),
    )


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("universe") / "u.duckdb"
    store.ingest(db, _staging(), fresh=True)
    connection = duckdb.connect(str(db.resolve()), read_only=True)
    yield connection
    connection.close()


def test_each_case_is_classed_with_its_evidence(con):
    got = con.execute("SELECT case_id, doe_class, doe_inferred, doe_class_evidence FROM case_universe "
                      "ORDER BY case_id").fetchall()
    assert got == [
        ("azd:1300006", "named_only", False,
         "no Doe defendant: 1 named defendant(s) led by Doe Run Resources Corp"),
        ("cacd:1300005", "named_plus_fictitious_does", False,
         "2 named defendant(s) led by Acme Stores Inc, with fictitious Does 1-10"),
        ("cand:1100001", "doe_only", False, "every defendant a Doe (Does 1-10)"),
        ("cand:1100002", "doe_only", False, "the caption counts 20 Doe(s); no defendant listed"),
        ("nysd:1200003", "doe_only", False, "the caption counts 1 Doe(s); no defendant listed"),
        ("nysd:1200004", "doe_only", False, "first defendant a Doe (Does); 1 named defendant(s) listed after it"),
        ("ord:1300007", "doe_only", True,
         "named defendant Gary Roe, but began as a Doe case: its docket asks for early discovery (entry 2) "
         "before the amended complaint (entry 4) that named the defendant"),
    ]


def test_questions_default_to_mass_doe_cases_and_universe_all_widens(con):
    default = queries.run(con, "case_list")
    widened = queries.run(con, "case_list", {"universe": "all"})
    assert default["case_id"].to_list() == ["cand:1100001", "cand:1100002", "nysd:1200003", "nysd:1200004",
                                            "ord:1300007"]
    assert sorted(widened["case_id"].to_list()) == sorted(default["case_id"].to_list() + [E, F])
    assert dict(zip(widened["case_id"], widened["doe_class"]))[E] == "named_plus_fictitious_does"
    sued = {r["stage"]: r["cases"] for r in queries.run(con, "funnel").iter_rows(named=True)}["sued"]
    sued_all = {r["stage"]: r["cases"] for r in queries.run(con, "funnel", {"universe": "all"}).iter_rows(named=True)}
    assert (sued, sued_all["sued"]) == (5, 7)
    with pytest.raises(queries.QueryError, match="universe must be one of doe_only, all"):
        queries.run(con, "case_list", {"universe": "every"})


def test_served_counts_a_named_defendant_who_appeared(con):
    got = con.execute("SELECT case_id, does_sued, defendants_named, defendants_served, served_evidence "
                      "FROM case_measures WHERE case_id IN ('nysd:1200004', 'ord:1300007', 'cacd:1300005') "
                      "ORDER BY case_id").fetchall()
    assert got == [
        ("cacd:1300005", 10, 2, 0, None),
        ("nysd:1200004", 0, 1, 1, "return_of_service"),
        ("ord:1300007", 1, 1, 1, "appearance_or_answer"),  # no return of service docketed
    ]


# --- the real samples of issue 17 (skipped when ../shared/samples is absent) ------------------------

@pytest.mark.samples
def test_real_samples_universe_and_served(shared_samples, tmp_path: Path):
    paths = sorted((shared_samples / "pacer").glob("*.html")) + sorted((shared_samples / "pacer").glob("*.xml"))
    staging, _ = pacer.read(paths, b"k" * 32)
    db = tmp_path / "samples.duckdb"
    store.ingest(db, staging, fresh=True)
    connection = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        got = connection.execute(
            "SELECT u.case_id, u.doe_class, u.doe_inferred, m.does_sued, m.defendants_served, m.served_evidence "
            "FROM case_universe AS u JOIN case_measures AS m USING (case_id) "
            "WHERE u.case_id IN ('cacd:0600350', 'azd:1703923', 'ord:1500866', 'njd:1701271') ORDER BY 1"
        ).fetchall()
        listed = set(queries.run(connection, "case_list")["case_id"])
    finally:
        connection.close()
    assert got == [
        ("azd:1703923", "named_only", False, 0, 0, None),  # Powers v. Caroline's Treasures: no Doe at all
        ("cacd:0600350", "named_plus_fictitious_does", False, 10, 6, "return_of_service;appearance_or_answer"),
        ("njd:1701271", "doe_only", True, 1, 1, "return_of_service"),  # Malibu Media v. Torrel
        ("ord:1500866", "doe_only", True, 1, 1, "appearance_or_answer"),  # Cobbler Nevada v. Gonzales
    ]
    assert {"ord:1500866", "njd:1701271"} <= listed
    assert not {"cacd:0600350", "azd:1703923"} & listed
