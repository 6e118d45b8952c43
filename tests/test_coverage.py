"""Unknown is not zero (issue 18 §5): the fixture database with the IDB golden file
(tests/fixture_db.py build_with_idb). Eight cases are known only from the IDB (seven mass-Doe
cases and one named_only); the fixture's A and B are known from both, their curated dockets showing
no outcome and the IDB stating one (DISP 13, settled). Every value below is worked out by hand from
tests/golden/idb/README.md and the fixture's table."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import coverage
from pipelines import queries, store
from pipelines.cli import main
from tests import fixture_db

PACER = Path(__file__).resolve().parent / "golden" / "pacer"

FUNNEL_COLUMNS = ["stage", "cases", "does", "cases_share", "cases_counted", "cases_with_docket",
                  "cases_docket_unknown"]


def _open(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(Path(db).resolve()), read_only=True)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    connection = _open(fixture_db.build_with_idb(tmp_path_factory.mktemp("coverage")))
    yield connection
    connection.close()


def test_each_case_carries_its_coverage_and_where_its_outcome_comes_from(con) -> None:
    rows = queries.run(con, "case_list", {"universe": "all"}).select(
        "case_id", "docket_coverage", "voluntary_dismissals", "dismissals", "outcome_source").rows()
    assert rows == [
        ("cand:1100001", "full", 1, 1, "idb"),      # fixture A: granted discovery, the IDB says settled
        ("nysd:1100003", "none", 0, 0, None),       # IDB D: pending
        ("cand:1100002", "full", 1, 1, "idb"),      # fixture B: the IDB says settled (DISP 13)
        ("cand:1103825", "none", 1, 1, "idb"),      # IDB A: DISP 12, dismissed voluntarily
        ("nysd:1200003", "full", 0, 1, "docket"),   # fixture C: Rule 4(m) dismissal on its docket
        ("nysd:1200004", "full", 0, 0, "docket"),   # fixture D: judgment on its docket
        ("flmd:1200006", "none", 1, 1, "idb"),      # IDB G: DISP 12
        ("flmd:1200007", "none", 0, 1, "idb"),      # IDB H: DISP 2, want of prosecution
        ("cand:1200008", "none", 0, 1, "idb"),      # IDB I: DISP 14, dismissed (other)
        ("nysd:1300010", "none", 1, 1, "idb"),      # IDB J: DISP 12
        ("flmd:1300012", "none", 0, 0, None),       # IDB K: pending
        ("cand:1300013", "none", 0, 0, None),       # IDB L: ending missing
    ]
    evidence = dict(queries.run(con, "case_list", {"universe": "all"})
                    .select("case_id", "docket_coverage_evidence").rows())
    assert evidence["cand:1100001"] == "3 docket entries from curated"
    assert evidence["cand:1100002"] == "3 events coded by hand from the docket by curated"
    assert evidence["flmd:1200006"] == "no docket entries known; the case is known from idb"


def test_the_funnel_counts_docket_stages_over_cases_with_dockets(con) -> None:
    funnel = queries.run(con, "funnel").select(FUNNEL_COLUMNS).rows()
    # 11 mass-Doe cases (cand:1200008 is named_only): 4 with dockets (fixture A-D), 7 IDB-only.
    # Discovery was granted in 2 of the 4 with dockets (A, B), not "2 of 11"; named and served: D.
    # Judgment: D's docket; the 8 counted are the 4 dockets and the 4 IDB-only cases with a stated
    # outcome (IDB A, G, H, J), none of them a judgment.
    assert funnel == [
        ("sued", 11, 5997, 1.0, 11, 4, 7),
        ("discovery_granted", 2, 11, 0.5, 4, 4, 7),
        ("named", 1, 1, 0.25, 4, 4, 7),
        ("served", 1, 1, 0.25, 4, 4, 7),
        ("judgment", 1, 1, 0.125, 8, 4, 7),
    ]
    # discovery_granted's Does share: 11 Does covered of the 31 sued in cases with dockets (10 + 20 + 1 + 0)
    assert queries.run(con, "funnel")["does_share"][1] == round(11 / 31, 4)


def test_the_idb_alone_gives_unknown_not_zero(tmp_path: Path) -> None:
    """The issue's example: an IDB file whose Doe cases were mostly dismissed voluntarily must not
    read as 'discovery granted in 0 cases' and '0 voluntary dismissals'."""
    from pipelines.sources.idb import IDB
    from tests.tools.ingest import ingest

    db = tmp_path / "idb.duckdb"
    ingest(IDB, db, [fixture_db.IDB_FILE])
    with _open(db) as con:
        funnel = queries.run(con, "funnel").select(FUNNEL_COLUMNS).rows()
        scorecard = queries.run(con, "plaintiff_scorecard").select(
            "plaintiff", "cases", "cases_with_docket", "voluntary_dismissals", "dismissals", "outcomes_stated").rows()
    assert funnel == [
        ("sued", 9, 6006, 1.0, 9, 0, 9),
        ("discovery_granted", 0, 0, None, 0, 0, 9),  # no docket known: no share, not a share of 0
        ("named", 0, 0, None, 0, 0, 9),
        ("served", 0, 0, None, 0, 0, 9),
        ("judgment", 0, 0, 0.0, 6, 0, 9),  # 6 Doe cases ended (A, B, C, G, H, J), none by judgment
    ]
    assert scorecard == [
        ("ALPHA FILMS, LLC", 5, 0, 3, 3, 3),  # B, C settled (13), G voluntarily (12); D pending, L unknown
        ("HARD DRIVE PRODUCTIONS, INC.", 1, 0, 1, 1, 1),
        ("O’NEIL SOUND", 1, 0, 0, 0, 0),
        ("DELTA \"D\" MEDIA", 1, 0, 1, 1, 1),
        ("GAMMA PICTURES", 1, 0, 0, 1, 1),  # H: want of prosecution
    ]


def test_rss_only_dockets_are_partial(tmp_path: Path) -> None:
    base = fixture_db.staging()
    rss_case = pl.DataFrame([dict(
        case_id="cand:1100009", court_id="cand", docket_number="3:11-cv-00009", docket_number_core="1100009",
        office="3", case_name="Alpha Films, LLC v. Does 1-5", plaintiff="Alpha Films", plaintiff_key="alpha films",
        date_filed=date(2011, 5, 1), does_in_caption=5, source="pacer_rss", source_url="https://example.org/r")])
    rss_entry = pl.DataFrame([dict(
        case_id="cand:1100009", entry_seq=0, entry_number=9, date_filed=date(2011, 6, 1), source="pacer_rss",
        description="ORDER granting 4 Ex Parte Application for Leave to Take Expedited Discovery.",
        source_url="https://example.org/r/9")])
    staging = dataclasses.replace(
        base, cases=pl.concat([base.cases, rss_case], how="diagonal_relaxed"),
        docket_entries=pl.concat([base.docket_entries, rss_entry], how="diagonal_relaxed"))
    db = tmp_path / "rss.duckdb"
    store.ingest(db, staging, fresh=True)
    with _open(db) as con:
        row = queries.run(con, "case_list", {"court": ["cand"]}).filter(pl.col("case_id") == "cand:1100009").select(
            "docket_coverage", "docket_coverage_evidence", "does_sued").rows()
        funnel = queries.run(con, "funnel").select(FUNNEL_COLUMNS).rows()
    assert row == [("partial", "1 docket entry from pacer_rss: RSS items or a docket history only", 5)]
    assert funnel[:2] == [("sued", 5, 36, 1.0, 5, 5, 0), ("discovery_granted", 3, 16, 0.6, 5, 5, 0)]


@pytest.mark.parametrize(("files", "expected"), [
    (["history_cand_90001.html", "case_query_cand_90001.html"],
     [("cand:1200123", "partial", "4 docket entries from pacer (case_query, history): RSS items or a docket "
                                  "history only")]),
    (["docket_report_ilnd_90002.html"], [("ilnd:1104455", "full", "5 docket entries from pacer (docket_report)")]),
])
def test_pacer_record_kinds_decide_the_coverage(tmp_path: Path, files: list[str], expected: list[tuple]) -> None:
    db = tmp_path / "pacer.duckdb"
    assert main(["ingest", "pacer", *[str(PACER / f) for f in files], "--db", str(db)]) == 0
    with _open(store.published_build(db)) as con:
        assert con.sql("SELECT case_id, docket_coverage, docket_coverage_evidence FROM docket_coverage").fetchall() \
            == expected


def test_captions_say_how_many_cases_have_dockets() -> None:
    assert coverage.stage_clause(21, 31, 14) == ("21 of 31 cases with dockets; 14 more with no docket known (from the "
                                                 "FJC IDB, CourtListener's census or a source's listing only: "
                                                 "unknown, not zero)")
    assert coverage.stage_clause(21, 31, 0) == "21"
    assert coverage.caption(1, 0) == "The case counted has a known docket."
    assert coverage.caption(1_204, 0) == "All 1,204 cases counted have a known docket."
    assert coverage.caption(4, 7).startswith("Docket counts (discovery, severance, service, rulings) read the 4 cases "
                                             "with a known docket; 7 more with no docket known")


def test_the_case_view_says_what_its_docket_rests_on(con) -> None:
    header = queries.run(con, "case_header", {"case_id": "flmd:1200006"}).row(0, named=True)
    assert coverage.of_case(header) == ("Docket unknown: its docket counts below are unknown, not zero (no docket "
                                        "entries known; the case is known from idb). Outcome as idb states it.")
    header = queries.run(con, "case_header", {"case_id": "nysd:1200004"}).row(0, named=True)
    assert coverage.of_case(header) == ("Docket known (2 events coded by hand from the docket by curated). "
                                        "Outcome from the docket.")
