"""Complaint exhibits: every layout parses to its golden rows, no address survives, measures are exact.

Golden files: each input in tests/golden/exhibits/ has `<stem>.expected.json` beside it, listing the
rows it must give with the *documentation* address each row names (the parser itself never returns an
address: the test names each parsed row by the expected file's address whose keyed pseudonyms it holds,
then compares with `tests.tools.golden.check_golden`). The measure fixtures in
tests/golden/exhibits/measures/ are loaded for the fixture database's cases; their answers are
worked out by hand in the comments below.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
import streamlit as st

from pipelines import queries, store
from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.privacy import IPV4, IPV6, ip_token, load_or_create_key
from pipelines.sources import exhibits
from pipelines.sources.exhibits.values import _clean_ip
from tests import fixture_db
from tests.conftest import REPO, SHARED
from tests.snapshots import table_contents
from tests.tools.golden import KEY, check_golden, golden_dir
from tests.tools.ingest import ingest as ingest_source

GOLDEN = golden_dir("exhibits")
MEASURES = GOLDEN / "measures"
A, B, C, D = "cand:1100001", "cand:1100002", "nysd:1200003", "nysd:1200004"
INPUTS = sorted(p for p in GOLDEN.iterdir() if p.is_file() and not p.name.endswith(".expected.json"))


def addresses_in_fixtures() -> set[str]:
    """Every address the fixtures name (the golden files' and the measure files' own)."""
    found = {row["address"] for p in GOLDEN.glob("*.expected.json") for e in json.loads(p.read_text())
             for row in e["rows"]}
    for path in MEASURES.iterdir():
        found |= {m.group(0) for m in IPV4.finditer(path.read_text())}
        found |= {m.group(0) for m in IPV6.finditer(path.read_text()) if ":" in m.group(0) and "::" in m.group(0)}
    return found


DOTTED_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d)")  # also before a period: "…192.0.2.98."


def ip_literals(text: str) -> list[str]:
    """IPv4 or IPv6 literals in `text` (what a leak would look like)."""
    v6 = [m.group(0) for m in IPV6.finditer(text) if _clean_ip(m.group(0))]
    return [m.group(0) for m in DOTTED_QUAD.finditer(text)] + v6


# --- golden layouts -------------------------------------------------------------------------


def test_every_layout_has_a_golden_file():
    assert {p.suffix for p in INPUTS} == {".csv", ".tsv", ".txt", ".json"}
    assert len(INPUTS) == 5
    assert all((GOLDEN / f"{p.stem}.expected.json").is_file() for p in INPUTS)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_layout_parses_to_its_golden_rows(path):
    """Each row names the documentation address whose keyed pseudonyms (address and network) it holds."""
    expected = GOLDEN / f"{path.stem}.expected.json"
    address_of = {(ip_token(r["address"], KEY), exhibits.network_token(r["address"], KEY)): r["address"]
                  for e in json.loads(expected.read_text()) for r in e["rows"]}
    parsed = [
        {"document": e.document,
         "hint": {"case_id": e.hint.case_id, "court_id": e.hint.court_id, "docket_core": e.hint.docket_core},
         "rows": [{"line": h.line, "doe_number": h.doe_number,
                   "address": address_of.get((h.ip_token, h.network_token), f"{h.ip_token} {h.network_token}"),
                   "observed_at": h.observed_at.isoformat(), "time_known": h.time_known, "isp": h.isp,
                   "city": h.city, "state": h.state, "file_hash": h.file_hash}
                  for h in e.hits]}
        for e in exhibits.read(path, KEY)
    ]
    check_golden(parsed, expected)


def test_parsed_exhibits_hold_no_address():
    for path in INPUTS:
        assert ip_literals(repr(exhibits.read(path, KEY))) == [], path.name


def test_network_pseudonym_groups_ipv4_by_16_and_ipv6_by_32():
    net = exhibits.network_token
    assert net("24.0.13.8", KEY) == net("24.0.200.77", KEY) != net("24.1.13.8", KEY)
    assert net("2001:db8:1::9", KEY) == net("2001:db8:ffff::1", KEY) != net("2001:db9::1", KEY)
    assert re.fullmatch(r"net:[0-9a-f]{12}", net("192.0.2.1", KEY))
    assert net("192.0.2.1", KEY) != net("192.0.2.1", b"another-key-0123456789abcdef")


HEADER = "Doe   IP Address      ISP              Date/Time\n"


@pytest.mark.parametrize(
    ("when", "expected", "time_known"),
    [
        ("06/12/2011 03:14:55 UTC", datetime(2011, 6, 12, 3, 14, 55), True),
        ("2011-06-12T03:14:55Z", datetime(2011, 6, 12, 3, 14, 55), True),
        ("6/12/11 3:14:55 PM", datetime(2011, 6, 12, 15, 14, 55), True),
        ("Jun 12, 2011 at 3:14 am", datetime(2011, 6, 12, 3, 14), True),
        ("12-Jun-2011 03:14:55 EDT", datetime(2011, 6, 12, 7, 14, 55), True),
        ("06-12-2011 23:59:59 -05:00", datetime(2011, 6, 13, 4, 59, 59), True),
        ("06/12/2011 12:00:00 AM PST", datetime(2011, 6, 12, 8, 0), True),
        ("June 12th, 2011 12:30 p.m.", datetime(2011, 6, 12, 12, 30), True),
        ("06/12/2011", datetime(2011, 6, 12), False),
    ],
)
def test_date_formats(when, expected, time_known):
    exhibit = exhibits.read_text(HEADER + f"1     192.0.2.1       Comcast Cable    {when}\n", Path("x.txt"), KEY)
    (hit,) = exhibit.hits
    assert (hit.observed_at, hit.time_known, hit.isp) == (expected, time_known, "Comcast Cable")


@pytest.mark.parametrize(
    ("when", "problem"),
    [
        ("02/30/2011 01:00:00", "impossible date or time '02/30/2011 01:00:00'"),
        ("13/01/2011 01:00:00", "impossible date or time '13/01/2011 01:00:00'"),
        ("06/12/2011 13:00:00 PM", "impossible time '06/12/2011 13:00:00 PM'"),
        ("06/12/2011 24:00:00", "impossible date or time '06/12/2011 24:00:00'"),
        ("06/12/1999 01:00:00", "date '06/12/1999 01:00:00' is before BitTorrent existed (2001)"),
    ],
)
def test_impossible_dates_name_the_file_and_line(when, problem):
    text = HEADER + "1     192.0.2.1       Comcast Cable    06/12/2011 01:00:00\n" + \
        f"2     192.0.2.2       Comcast Cable    {when}\n"
    with pytest.raises(SourceError) as err:
        exhibits.read_text(text, Path("ex.txt"), KEY)
    assert str(err.value) == f"ex.txt:3: {problem}"


def test_doe_numbers_follow_the_exhibit_then_the_address():
    text = HEADER + ("4     192.0.2.1       Comcast Cable    06/12/2011 01:00:00\n"
                     "      192.0.2.1       Comcast Cable    06/20/2011 01:00:00\n"
                     "9     192.0.2.2       Comcast Cable    06/21/2011 01:00:00\n")
    assert [h.doe_number for h in exhibits.read_text(text, Path("x.txt"), KEY).hits] == [4, 4, 9]
    orphan = text + "      192.0.2.3       Comcast Cable    06/22/2011 01:00:00\n"
    with pytest.raises(SourceError, match=r"^x\.txt:5: row has no Doe number \(other rows have one\)$"):
        exhibits.read_text(orphan, Path("x.txt"), KEY)


def test_prose_without_a_table_gives_no_rows():
    prose = ("Plaintiff observed the Doe at IP address 192.0.2.1 in the swarm.\n"
             "On June 12, 2011 the swarm was active.\n")
    assert exhibits.read_text(prose, Path("p.txt"), KEY) is None


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Case5:11-cv-03825-HRL Document1-1 Filed08/03/11 Page1 of 3", (None, None, "1103825")),
        ("FOR THE NORTHERN DISTRICT OF CALIFORNIA\nSAN JOSE DIVISION\nNo. C11-03825 HRL", (None, "cand", "1103825")),
        ("District of New Jersey\nCivil Action No. 2:17-cv-01239 (JLL)", (None, "njd", "1701239")),
        ("Exhibit for cand:1103825", ("cand:1103825", "cand", None)),
        ("IN THE UNITED STATES DISTRICT COURT FOR THE DISTRICT OF COLUMBIA", (None, "dcd", None)),
        ("Exhibit A", (None, None, None)),
    ],
)
def test_case_hint_from_header_text(text, hint):
    assert exhibits.case_hint(text) == exhibits.CaseHint(*hint)


def _district_table() -> list[tuple[str, str]]:
    """(court_id, court name) of every district, from the repository's table or ../shared."""
    local = REPO / "data" / "fjc_districts.csv"
    if local.is_file():
        lines = [line for line in local.read_text().splitlines() if not line.startswith("#")]
        return [(r["court_id"], r["court_name"]) for r in csv.DictReader(lines)]
    shared = SHARED / "samples" / "courtlistener" / "fjc_district_codes_from_court_data.csv"
    if shared.is_file():
        with shared.open() as fh:
            return [(r["courtlistener_court_id"], r["full_name"].removeprefix("District Court, "))
                    for r in csv.DictReader(fh)]
    pytest.skip("no table of district courts (data/fjc_districts.csv or ../shared)")


def test_forum_state_and_district_names_agree_for_every_district():
    directions = {"N": "Northern", "S": "Southern", "E": "Eastern", "W": "Western", "C": "Central", "M": "Middle"}
    table = _district_table()
    assert len(table) >= 90
    for court_id, name in table:
        m = re.match(r"^(?:([NSEWCM])\.D\.|D\.)?\s*(.+?)\.?$", name)
        state = exhibits.state_code(m.group(2))
        assert state is not None, name
        assert exhibits.forum_state(court_id) == state, (court_id, name)
        direction = directions.get(m.group(1)) if m.group(1) else None
        assert exhibits.court_from_district(direction, m.group(2)) == court_id, (court_id, name)


def test_forum_state_exceptions_and_non_districts():
    assert [exhibits.forum_state(c) for c in ("cand", "nysd", "ilnd", "dcd", "prd", "nmid", "nmd", "gud")] == \
        ["CA", "NY", "IL", "DC", "PR", "MP", "NM", "GU"]
    assert [exhibits.forum_state(c) for c in ("ca9", "scotus", "xxd", "", None)] == [None] * 5
    assert [exhibits.state_code(s) for s in ("N.J.", "new  jersey", "NJ", "Ontario", "Jersey")] == \
        ["NJ", "NJ", "NJ", None, None]


# --- loading and measures -------------------------------------------------------------------


def ingest(db: Path, *files: Path | str, case: str | None = None) -> int:
    return main(["ingest", "exhibits", *map(str, files), "--db", str(db)] + (["--case", case] if case else []))


@pytest.fixture(scope="module")
def swarm_db(tmp_path_factory) -> Path:
    """The fixture database with the measure exhibits loaded for cases A, B and C."""
    db = fixture_db.build(tmp_path_factory.mktemp("swarm"))
    assert ingest(db, MEASURES / "a_single.csv", case=A) == 0
    assert ingest(db, MEASURES / "b_swarm.csv", case=B) == 0
    assert ingest(db, MEASURES / "c_boundary.txt") == 0  # the case from its own header: S.D.N.Y. 1:12-cv-00003
    return db


@pytest.fixture()
def swarm_con(swarm_db):
    con = duckdb.connect(str(swarm_db.resolve()), read_only=True)
    yield con
    con.close()


def test_swarm_measures_match_hand_computed_values(swarm_con):
    # A: one Doe seen twice, 3/2 and 3/5 10 PM UTC: window 3 days; no gaps; no state.
    # B: Does' hits in order D1 3/1 00:00, D2 3/1 12:00, D3 3/4 12:00, D4 3/4 20:00, D6 3/6 21:00,
    #    D5 3/20 20:00 (D2's second row 3/21 08:00 is not its hit but ends the window: 20 d 8 h).
    #    Gaps 12, 72, 8, 49, 335 h: median 49, max 335. Isolated (> 24 h both sides): D6 (49, 335)
    #    and D5 (335, none): 2 of 6. ISPs by Does' hits: Comcast 3 (D1, D2, D6), AT&T 2, Sonic 1.
    #    Networks: 192.0/16, 198.51/16, 203.0/16, 2001:db8::/32. States: CA CA NV CA - OR: 2 of 5
    #    outside CA.
    # C: hits 1/1 00:00, 1/2 00:00 (exactly 24 h: not isolated), 1/3 06:00 (30 h): median of 24
    #    and 30 = 27, max 30; only D3 isolated. States NY, NJ, "New York": 1 of 3 outside NY.
    rows = swarm_con.execute("SELECT * FROM swarm_measures ORDER BY case_id").fetchall()
    assert rows == [
        (A, 2, 1, datetime(2011, 3, 2, 22), datetime(2011, 3, 5, 22), 3.0, None, None, None, None,
         1, "Comcast Cable", 1, 1, "CA", 0, 0, None, 1),
        (B, 7, 6, datetime(2011, 3, 1), datetime(2011, 3, 21, 8), 20.33, 49.0, 335.0, 2, 0.333,
         3, "Comcast Cable", 3, 4, "CA", 5, 2, 0.4, 1),
        (C, 3, 3, datetime(2012, 1, 1), datetime(2012, 1, 3, 6), 2.25, 27.0, 30.0, 1, 0.333,
         1, "Verizon", 2, 2, "NY", 3, 1, 0.333, 1),
    ]


def test_swarm_summary_rows_and_filters(swarm_con):
    frame = queries.run(swarm_con, "swarm_summary")
    assert frame.columns[:12] == ["case_id", "court_id", "case_name", "plaintiff", "judge", "date_filed", "does_sued",
                                  "observations", "does", "first_hit", "last_hit", "window_days"]
    assert frame.select("case_id", "does_sued", "does", "window_days", "median_gap_hours", "max_gap_hours",
                        "isolated_share", "out_of_state_share", "discovery_outcome", "does_severed").rows() == [
        (A, 10, 1, 3.0, None, None, None, None, "granted", 0),
        (B, 20, 6, 20.33, 49.0, 335.0, 0.333, 0.4, "granted_in_part", 19),
        (C, 1, 3, 2.25, 27.0, 30.0, 0.333, 0.333, "denied", 0),
    ]
    assert queries.run(swarm_con, "swarm_summary", {"court": ["nysd"]})["case_id"].to_list() == [C]
    assert queries.run(swarm_con, "swarm_summary", {"judge": ["Magistrate Three"]})["case_id"].to_list() == [B]
    assert queries.run(swarm_con, "swarm_summary", {"filed_from": "2011-04-01", "filed_to": "2011-12-31"}) \
        ["case_id"].to_list() == [B]


def test_swarm_vs_joinder(swarm_con):
    assert queries.run(swarm_con, "swarm_vs_joinder").rows() == [
        (B, "Alpha Films, LLC v. Does 1-20", "Alpha Films", "Magistrate Three", datetime(2011, 4, 10).date(), 6,
         20.33, 49.0, 335.0, 0.333, 0.4, True, "severed", 19, "granted_in_part",
         0.0968, 0.7, 0.1176, 0.7693),  # 95% Wilson intervals of 2 of 6 isolated, 2 of 5 out of state
        (A, "Alpha Films, LLC v. Does 1-10", "Alpha Films", "Judge One", datetime(2011, 3, 1).date(), 1,
         3.0, None, None, None, None, False, "not severed", 0, "granted", None, None, None, None),
        (C, "Beta Pictures v. Doe", "Beta Pictures", "Judge Four", datetime(2012, 1, 5).date(), 3,
         2.25, 27.0, 30.0, 0.333, 0.333, False, "not severed", 0, "denied", 0.0615, 0.7923, 0.0615, 0.7923),
    ]


def test_isp_subpoena_load(swarm_con):
    # 2011 (A and B filed): Comcast = A's Doe + B's D1, D2, D6; both cases granted (B in part).
    # 2012 (C): Verizon D1, D2; D3 names no ISP. C's discovery was denied.
    assert queries.run(swarm_con, "isp_subpoena_load").rows() == [
        ("Comcast Cable", 2011, 2, 4, 4),
        ("AT&T", 2011, 1, 2, 2),
        ("Sonic.net", 2011, 1, 1, 1),
        ("Verizon", 2012, 1, 2, 0),
        ("(not stated)", 2012, 1, 1, 0),
    ]
    assert queries.run(swarm_con, "isp_subpoena_load", {"case_id": B}).rows() == [
        ("Comcast Cable", 2011, 1, 3, 3), ("AT&T", 2011, 1, 2, 2), ("Sonic.net", 2011, 1, 1, 1)]
    assert queries.run(swarm_con, "isp_subpoena_load", {"court": ["nysd"]})["isp"].to_list() == \
        ["Verizon", "(not stated)"]


def test_swarm_hits_for_the_timeline(swarm_db, swarm_con):
    key = load_or_create_key(store.key_path(swarm_db))
    net = exhibits.network_token
    assert queries.run(swarm_con, "swarm_hits", {"case_id": C}).rows() == [
        (1, datetime(2012, 1, 1), 0.0, True, "Verizon", net("192.0.2.31", key), None, "NY", True, "c_boundary.txt", 6),
        (2, datetime(2012, 1, 2), 24.0, True, "Verizon", net("192.0.2.32", key), None, "NJ", True, "c_boundary.txt", 7),
        (3, datetime(2012, 1, 3, 6), 54.0, True, None, net("198.51.100.33", key), None, "NY", True,
         "c_boundary.txt", 8),
    ]
    b = queries.run(swarm_con, "swarm_hits", {"case_id": B})
    assert b.select("doe_number", "hours_from_first", "is_doe_hit").rows() == [
        (1, 0.0, True), (2, 12.0, True), (3, 84.0, True), (4, 92.0, True), (6, 141.0, True), (5, 476.0, True),
        (2, 488.0, False)]
    assert "ip_token" not in b.columns
    assert queries.run(swarm_con, "swarm_hits").height == 0


def test_ingesting_the_same_exhibit_twice_changes_nothing(tmp_path):
    db = fixture_db.build(tmp_path)
    assert ingest(db, MEASURES / "b_swarm.csv", case=B) == 0
    once = table_contents(db)
    assert ingest(db, MEASURES / "b_swarm.csv", case=B) == 0
    assert table_contents(db) == once
    # A corrected file of the same name replaces that file's rows for the case, and only them.
    assert ingest(db, MEASURES / "a_single.csv", case=B) == 0
    shorter = tmp_path / "fix" / "b_swarm.csv"
    shorter.parent.mkdir()
    shorter.write_text("".join((MEASURES / "b_swarm.csv").read_text().splitlines(keepends=True)[:3]))
    assert ingest(db, shorter, case=B) == 0
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        assert con.execute("SELECT source_file, count(*) FROM exhibit_observations GROUP BY 1 ORDER BY 1").fetchall() \
            == [("a_single.csv", 2), ("b_swarm.csv", 2)]
        assert con.execute("SELECT observations, does, source_files FROM swarm_measures").fetchall() == [(4, 2, 2)]
    finally:
        con.close()


def test_cli_summary_line(tmp_path, capsys):
    db = fixture_db.build(tmp_path)
    assert ingest(db, MEASURES / "b_swarm.csv", MEASURES / "a_single.csv", case=B) == 0
    assert capsys.readouterr().out == \
        f"ingested into {db}: 9 exhibit observations of 6 Does for {B} from 2 file(s)\n"


def _bad_files(tmp: Path) -> list[tuple[Path, list[str], str]]:
    """(file, extra CLI args, the one error line expected after 'doedocket: ')."""
    def write(name: str, content: str | bytes) -> Path:
        path = tmp / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    rows = "doe,ip,observed_at,isp\n1,192.0.2.1,2011-06-12 01:00:00,Comcast\n"
    binary = write("binary.csv", b"doe,ip\x00\x01\x02" * 20)
    pdf = write("exhibit.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    header_only = write("header_only.txt", "Doe   IP Address    ISP      Date/Time (UTC)\n\n   Page 1 of 1\n")
    no_table = write("letter.txt", "Dear subscriber,\nyou were seen at 192.0.2.9.\n")
    impossible = write("impossible.csv", rows + "2,192.0.2.2,2011-02-30 01:00:00,Comcast\n")
    bad_ip = write("bad_ip.csv", rows + "2,192.0.2.300,2011-06-13 01:00:00,Comcast\n")
    no_date_row = write("no_date.txt", "Doe   IP Address    ISP       Date/Time (UTC)\n"
                                       "1     192.0.2.1     Comcast   06/12/2011 01:00:00\n"
                                       "2     192.0.2.2     Comcast\n")
    no_header = write("no_header.csv", "a,b,c\n1,192.0.2.1,x\n")
    plain = write("plain.csv", rows)
    named_elsewhere = write("stamped.txt", "Case 2:17-cv-01239-JLL Document 1-2 Filed 02/22/17\n"
                                           "Doe   IP Address    ISP       Date/Time (UTC)\n"
                                           "1     192.0.2.1     Comcast   06/12/2011 01:00:00\n")
    return [
        (binary, ["--case", B], f"{binary}: a binary file, not a CSV, TSV, text or CourtListener JSON exhibit"),
        (pdf, ["--case", B], f"{pdf}: a PDF: extract its text first with `pdftotext -layout FILE`"),
        (header_only, ["--case", B], f"{header_only}:1: table header but no row with an IP address and a date"),
        (no_table, ["--case", B], f"{no_table}: no exhibit rows (an IP address with a date and time) found"),
        (impossible, ["--case", B], f"{impossible}:3: impossible date or time '2011-02-30 01:00:00'"),
        (bad_ip, ["--case", B], f"{bad_ip}:3: the IP address column holds no valid IPv4 or IPv6 address"),
        (no_date_row, ["--case", B], f"{no_date_row}:3: table row has an IP address but no date and time"),
        (no_header, ["--case", B],
         f"{no_header}: no header row naming an IP address column and a date/time column"),
        (plain, ["--case", "cand:9999999"],
         f"{plain}: case cand:9999999 is not in the database; load its docket first (doedocket build / "
         "doedocket ingest ...)"),
        (plain, [], f"{plain}: the file does not name its case; pass --case CASE_ID (e.g. cand:1103825)"),
        (named_elsewhere, [], f"{named_elsewhere}: the file names docket 1701239 (none in the database); "
                              "pass --case CASE_ID"),
    ]


def test_bad_inputs_stop_with_one_line_and_leave_the_database_unchanged(tmp_path, capsys):
    db = fixture_db.build(tmp_path / "db")
    assert ingest(db, MEASURES / "b_swarm.csv", case=B) == 0
    capsys.readouterr()
    before, target = table_contents(db), db.resolve()
    for path, args, message in _bad_files(tmp_path):
        assert main(["ingest", "exhibits", str(path), "--db", str(db), *args]) == 2, path.name
        out = capsys.readouterr()
        assert out.err == f"doedocket: {message}\n", path.name
        assert out.out == ""
    assert db.resolve() == target
    assert table_contents(db) == before
    assert not list((tmp_path / "db" / "builds").glob("*.partial*"))


def test_same_file_name_twice_for_one_case_is_refused(tmp_path):
    db = fixture_db.build(tmp_path / "db")
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "exhibit.csv").write_text((MEASURES / "b_swarm.csv").read_text())
    with pytest.raises(SourceError, match="same name for cand:1100002"):
        ingest_source(exhibits.EXHIBITS, db, [tmp_path / "one" / "exhibit.csv", tmp_path / "two" / "exhibit.csv"], case=B)


def test_cli_error_is_one_line_on_real_stderr(tmp_path):
    db = fixture_db.build(tmp_path / "db")
    bad = tmp_path / "bad.txt"
    bad.write_text(HEADER + "1     192.0.2.77      Comcast Cable    02/30/2011 01:00:00\n")
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "ingest", "exhibits", str(bad), "--case", B,
                          "--db", str(db)], capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr == f"doedocket: {bad}:2: impossible date or time '02/30/2011 01:00:00'\n"
    assert "192.0.2.77" not in out.stdout + out.stderr


# --- privacy --------------------------------------------------------------------------------


def test_no_raw_ip_address_survives_ingest_anywhere(tmp_path, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    db = fixture_db.build(tmp_path / "db")
    assert ingest(db, *INPUTS, case=D) == 0
    assert ingest(db, MEASURES / "b_swarm.csv", case=B) == 0
    assert ingest(db, MEASURES / "c_boundary.txt") == 0
    # Addresses where no address belongs: in an ISP cell (one OCR-damaged), a city cell, the file's name.
    odd = tmp_path / "exhibit_from_192.0.2.98.csv"
    odd.write_text("doe,ip,observed_at,isp,city,state\n"
                   "1,192.0.2.99,2011-06-12 01:00:00,\"relay 192.0.2.97 or 198,51.100.95 (Comcast)\","
                   "near 2001:db8::97,CA\n")
    assert ingest(db, odd, case=A) == 0
    for path, args, _ in _bad_files(tmp_path):  # error messages too
        main(["ingest", "exhibits", str(path), "--db", str(db), *args])
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM exhibit_observations").fetchone()[0] == 38
        texts = []
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                                    ).fetchall():
            frame = con.sql(f'SELECT * FROM "{table}"').pl()
            texts += [v for column, dtype in frame.schema.items() if dtype == pl.String
                      for v in frame[column].drop_nulls().to_list()]
        for name in queries.available():
            params = {"case_id": D} if "case_id" in queries.parameters_of(queries.sql_for(name)) else {}
            try:
                texts.append(queries.to_csv(queries.run(con, name, params)).decode())
            except duckdb.CatalogException:
                continue  # a question over data this build does not have
        assert main(["query", "swarm_hits", "--param", f"case_id={D}", "--db", str(db), "--format", "json"]) == 0
    finally:
        con.close()
    captured = capfd.readouterr()
    texts += [captured.out, captured.err, caplog.text]
    assert any("ip:" in t for t in texts) and any(D in t for t in texts)
    leaks = [(t[:80], ip_literals(t)) for t in texts if ip_literals(t)]
    assert leaks == []
    wanted = addresses_in_fixtures() | {"192.0.2.97", "192.0.2.98", "192.0.2.99", "2001:db8::97", "198,51.100.95",
                                        "198.51.100.95"}
    assert len(wanted) >= 30
    everything = "\n".join(texts)
    assert [a for a in wanted if a in everything] == []
    # Not in any file of the database's directory either (builds, published link, key).
    for path in (tmp_path / "db").rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert [a for a in wanted if a.encode() in blob] == [], path


def test_the_key_is_created_beside_the_database_not_in_the_repository(tmp_path):
    db = fixture_db.build(tmp_path)
    assert ingest(db, MEASURES / "a_single.csv", case=A) == 0
    assert store.key_path(db).is_file() and store.key_path(db).parent == tmp_path
    assert not (REPO / "tests" / "golden" / "exhibits" / "secret.key").exists()


# --- dashboard ------------------------------------------------------------------------------


def _app(db: Path, monkeypatch, **query: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DOEDOCKET_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = REPO / "app.py"
    if "swarm.py" in app.read_text():
        at = AppTest.from_file(str(app), default_timeout=60)
        at.run()
        at.switch_page("dashboard/views/swarm.py")
    else:
        at = AppTest.from_file(str(REPO / "dashboard" / "views" / "swarm.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _case_box(at):
    return next(box for box in at.selectbox if box.label == "Case")


def _figures(at) -> dict[str, dict]:
    return {json.loads(c.proto.spec)["layout"]["title"]["text"]: json.loads(c.proto.spec)
            for c in at.get("plotly_chart")}


def test_swarm_page_shows_window_gaps_and_joinder(swarm_db, monkeypatch):
    at = _app(swarm_db, monkeypatch)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cases with exhibits"] == "3"
    assert metrics["Does in the exhibits"] == "10"
    assert metrics["Median swarm window"] == "3.0 days"
    assert metrics["Does alone in the swarm"] == "3"
    figures = _figures(at)
    joinder = figures["Swarm window and largest gap between Does, by whether the Does were severed"]
    assert {t["name"]: (t["x"], t["y"]) for t in joinder["data"]} == {
        "Severed": ([20.33], [13.96]), "Not severed": ([3.0, 2.25], [None, 1.25])}
    assert joinder["layout"]["xaxis"]["title"]["text"] == "Swarm window: first to last hit (days)"
    assert at.query_params["swarm_case"] == A  # the first case, named in the URL
    _case_box(at).set_value(B).run()
    assert not at.exception
    assert at.query_params["swarm_case"] == B
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Swarm window"], metrics["Median gap"], metrics["Largest gap"], metrics["Does alone"],
            metrics["Outside CA"]) == ("20.3 days", "49.0 h", "14.0 days", "33.3%", "40.0%")
    timeline = _figures(at)["Hits by Doe in Alpha Films, LLC v. Does 1-20: 20.3 days from first to last hit"]
    assert sorted(y for t in timeline["data"] for y in t["y"]) == [1, 2, 2, 3, 4, 5, 6]
    assert timeline["layout"]["yaxis"]["title"]["text"] == "Doe number"
    isps = next(f for title, f in _figures(at).items() if title.startswith("Does named in exhibits, by ISP"))
    assert {t["name"]: dict(zip(t["y"], t["x"])) for t in isps["data"]} == {
        "2011": {"Comcast Cable": 4, "AT&T": 2, "Sonic.net": 1}, "2012": {"Verizon": 2, "(not stated)": 1}}
    assert len(at.get("download_button")) >= 4


def test_swarm_page_empty_state(fixture_db_path, monkeypatch):
    at = _app(fixture_db_path, monkeypatch)
    assert not at.exception
    assert any("doedocket ingest exhibits FILE --case cand:1103825" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_page_has_no_address_even_in_chart_data(swarm_db, monkeypatch):
    at = _app(swarm_db, monkeypatch, swarm_case=B)  # a shared link opens the case it names
    assert _case_box(at).value == B
    specs = "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert ip_literals(specs) == [] and "192.0.2" not in specs
