"""A small database built in code, whose every query answer is known by hand.

Four cases. Their measures come from hand-coded events (independent of the classifier) except
case A, whose three docket entries are plain enough that any classifier must read them right.

| case          | court | plaintiff     | Does | what happens                                              |
|---------------|-------|---------------|------|-----------------------------------------------------------|
| A cand:1100001 | cand | Alpha Films   | 10   | motion (Dkt 5, 3/5/2011) granted (Dkt 7, 3/15/2011)       |
| B cand:1100002 | cand | Alpha Films   | 20   | motion (Dkt 4) granted in part + Does 2-20 severed (Dkt 6) |
| C nysd:1200003 | nysd | Beta Pictures | 1    | motion denied; dismissed for failure to serve; closed      |
| D nysd:1200004 | nysd | Beta Pictures | 0    | sued "Does" (no number), then named defendant served; judgment; closed |
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import polars as pl

from pipelines import store
from pipelines.staging import Staging

S = "curated"


def staging() -> Staging:
    """The fixture's source rows."""
    cases = pl.DataFrame(
        [
            dict(case_id="cand:1100001", court_id="cand", docket_number="3:11-cv-00001", docket_number_core="1100001",
                 office="3", case_name="Alpha Films, LLC v. Does 1-10", plaintiff="Alpha Films", plaintiff_key="alpha films",
                 assigned_judge="Judge One", date_filed=date(2011, 3, 1), does_in_caption=10, source=S,
                 source_url="https://example.org/a"),
            dict(case_id="cand:1100002", court_id="cand", docket_number="5:11-cv-00002", docket_number_core="1100002",
                 office="5", case_name="Alpha Films, LLC v. Does 1-20", plaintiff="Alpha Films", plaintiff_key="alpha films",
                 assigned_judge="Judge Two", referred_judge="Magistrate Three", date_filed=date(2011, 4, 10),
                 does_in_caption=20, source=S, source_url="https://example.org/b"),
            dict(case_id="nysd:1200003", court_id="nysd", docket_number="1:12-cv-00003", docket_number_core="1200003",
                 office="1", case_name="Beta Pictures v. Doe", plaintiff="Beta Pictures", plaintiff_key="beta pictures", assigned_judge="Judge Four",
                 date_filed=date(2012, 1, 5), date_terminated=date(2012, 6, 1), does_in_caption=1, source=S,
                 source_url="https://example.org/c"),
            dict(case_id="nysd:1200004", court_id="nysd", docket_number="1:12-cv-00004", docket_number_core="1200004",
                 office="1", case_name="Beta Pictures v. John Smith", plaintiff="Beta Pictures",
                 plaintiff_key="beta pictures",
                 assigned_judge="Judge Four", date_filed=date(2012, 2, 1), date_terminated=date(2012, 12, 1),
                 source=S, source_url="https://example.org/d"),
        ]
    )
    parties = pl.DataFrame(
        [
            dict(case_id="cand:1100001", party_seq=0, name="Alpha Films", party_type="plaintiff", is_doe=False, source=S),
            dict(case_id="cand:1100001", party_seq=1, name="Does 1-10", party_type="defendant", is_doe=True,
                 doe_count=10, source=S),
            dict(case_id="cand:1100002", party_seq=0, name="Alpha Films", party_type="plaintiff", is_doe=False, source=S),
            dict(case_id="nysd:1200003", party_seq=0, name="Beta Pictures", party_type="plaintiff", is_doe=False, source=S),
            dict(case_id="nysd:1200004", party_seq=0, name="Beta Pictures", party_type="plaintiff", is_doe=False, source=S),
            dict(case_id="nysd:1200004", party_seq=1, name="Does", party_type="defendant", is_doe=True, source=S),
            dict(case_id="nysd:1200004", party_seq=2, name="John Smith", party_type="defendant", is_doe=False, source=S),
        ]
    )
    attorneys = pl.DataFrame(
        [
            dict(case_id="cand:1100001", party_seq=0, attorney_seq=0, name="Ann Lawyer", firm="Firm X", source=S),
            dict(case_id="cand:1100002", party_seq=0, attorney_seq=0, name="Ann Lawyer", source=S),
            dict(case_id="nysd:1200003", party_seq=0, attorney_seq=0, name="Bob Counsel", firm="Firm Y", source=S),
            dict(case_id="nysd:1200004", party_seq=0, attorney_seq=0, name="Bob Counsel", firm="Firm Y", source=S),
        ]
    )
    entries = pl.DataFrame(
        [
            dict(case_id="cand:1100001", entry_seq=0, entry_number=1, date_filed=date(2011, 3, 1), source=S,
                 description="COMPLAINT against Does 1-10 filed by Alpha Films, LLC.", source_url="https://example.org/a/1"),
            dict(case_id="cand:1100001", entry_seq=1, entry_number=5, date_filed=date(2011, 3, 5), source=S,
                 description="EX PARTE APPLICATION for Leave to Take Expedited Discovery filed by Alpha Films, LLC.",
                 source_url="https://example.org/a/5"),
            dict(case_id="cand:1100001", entry_seq=2, entry_number=7, date_filed=date(2011, 3, 15), source=S,
                 description="ORDER by Judge One granting 5 Ex Parte Application for Leave to Take Expedited Discovery.",
                 source_url="https://example.org/a/7"),
        ]
    )
    hand = [
        ("cand:1100002", "discovery_motion", date(2011, 4, 12), 4, None),
        ("cand:1100002", "discovery_granted_in_part", date(2011, 4, 20), 6, None),
        ("cand:1100002", "severance", date(2011, 4, 20), 6, 19),
        ("nysd:1200003", "discovery_motion", date(2012, 1, 10), 4, None),
        ("nysd:1200003", "discovery_denied", date(2012, 2, 1), 8, None),
        ("nysd:1200003", "dismissal_failure_to_serve", date(2012, 6, 1), 12, None),
        ("nysd:1200004", "service_executed", date(2012, 3, 1), 5, None),
        ("nysd:1200004", "judgment", date(2012, 12, 1), 20, None),
    ]
    events = pl.DataFrame(
        [
            dict(case_id=c, event_seq=i, label=label, date=d, entry_number=n, does_affected=k, basis="fixture",
                 source=S, source_url="https://example.org/events")
            for i, (c, label, d, n, k) in enumerate(hand)
        ]
    )
    return Staging(cases=cases, parties=parties, attorneys=attorneys, docket_entries=entries, hand_events=events)


def build(directory: Path) -> Path:
    """Build and publish the fixture database under `directory`; returns the published path."""
    db = Path(directory) / "fixture.duckdb"
    store.ingest(db, staging(), fresh=True)
    return db


RULINGS_JUDGE = "Judge Ten"


def rulings_staging() -> Staging:
    """The fixture plus eleven Gamma Media cases (flsd, 2013, Does 1-5 each) with known rulings on
    early discovery: ten before Judge Ten, eight granted and two denied (a grant rate of 8 of 10),
    and one with no judge known, granted (the 'unknown' judge, 1 of 1)."""
    base = staging()
    judged = [(f"flsd:13{i:05d}", RULINGS_JUDGE, "discovery_granted" if i <= 8 else "discovery_denied")
              for i in range(1, 11)]
    extra = judged + [("flsd:1300011", None, "discovery_granted")]
    cases = pl.DataFrame(
        [dict(case_id=c, court_id="flsd", docket_number=f"0:13-cv-{c[-5:]}", docket_number_core=c[5:], office="0",
              case_name="Gamma Media v. Does 1-5", plaintiff="Gamma Media", plaintiff_key="gamma media",
              assigned_judge=judge, date_filed=date(2013, 1, 1 + i), does_in_caption=5, source=S,
              source_url=f"https://example.org/g{i}")
         for i, (c, judge, _) in enumerate(extra)],
    )
    events = pl.DataFrame(
        [dict(case_id=c, event_seq=seq, label=label, date=date(2013, 2, 1 + i), entry_number=n, does_affected=None,
              basis="fixture", source=S, source_url="https://example.org/events")
         for i, (c, _, ruling) in enumerate(extra)
         for seq, (label, n) in enumerate((("discovery_motion", 3), (ruling, 6)))],
    )
    return dataclasses.replace(base, cases=pl.concat([base.cases, cases], how="diagonal_relaxed"),
                               hand_events=pl.concat([base.hand_events, events], how="diagonal_relaxed"))


def build_with_rulings(directory: Path) -> Path:
    """Build and publish `rulings_staging()` under `directory`; returns the published path."""
    db = Path(directory) / "rulings.duckdb"
    store.ingest(db, rulings_staging(), fresh=True)
    return db


IDB_FILE = Path(__file__).resolve().parent / "golden" / "idb" / "national.txt"


def build_with_idb(directory: Path) -> Path:
    """The fixture, then the IDB golden file `tests/golden/idb/national.txt` (its README works it out
    by hand): eight Doe cases known only from the IDB (docket_coverage none), and two of the IDB's
    cases are the fixture's A and B (cand:1100001, cand:1100002), whose IDB outcome (DISP 13, settled)
    fills their voluntary dismissals since their dockets show none."""
    from pipelines.sources.idb import IDB
    from tests.tools.ingest import ingest

    db = build(directory)
    ingest(IDB, db, [IDB_FILE])
    return db
