"""Saved PACER pages, RSS feeds, RECAP XML and IA docket.json -> staging (golden files), errors,
privacy, the CLI, and (when ../shared/samples is present) every real sample.

Golden files: each input in tests/golden/pacer/ (saved PACER pages and feeds) and tests/golden/recap/
(RECAP XML, IA docket.json) sits beside `<group>.expected.json`, the staging frames it must give
(compared by `tests.tools.golden.check_golden`). After a deliberate change, regenerate them with
`DOEDOCKET_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_pacer.py` and review the diff.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.sources import pacer
from tests.tools.golden import KEY, check_golden, golden_dir, staging_as_json, stamped_copies

PACER = golden_dir("pacer")
RECAP = golden_dir("recap")
GROUPS = {  # group: (its golden folder, its input files)
    "cand_90001": (PACER, ["history_cand_90001.html", "case_query_cand_90001.html"]),
    "docket_report_ilnd_90002": (PACER, ["docket_report_ilnd_90002.html"]),
    "recap_txnd_90003": (RECAP, ["recap_txnd_90003.xml"]),
    "rss_nysd": (PACER, ["rss_nysd.xml"]),
    "ia_cand_90004": (RECAP, ["gov.uscourts.cand.90004.docket.json"]),
}
FIXTURE_IPS = ("192.0.2.10", "198.51.100.7", "198.51.100.23", "203.0.113.44")


def copies(tmp_path: Path, *groups: str) -> list[Path]:
    """The input files of `groups` copied with a fixed modification time (the retrieval time of bare files)."""
    return [p for g in groups for p in stamped_copies(GROUPS[g][0], GROUPS[g][1], tmp_path)]


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_golden(group, tmp_path):
    staging, _ = pacer.read(copies(tmp_path, group), KEY)
    folder = GROUPS[group][0]
    check_golden(staging_as_json(staging), folder / f"{group}.expected.json")


def test_detect_chooses_the_parser_from_content():
    kinds = {name: pacer.detect((folder / name).read_text(encoding="latin-1"))
             for folder, names in GROUPS.values() for name in names}
    assert kinds == {
        "history_cand_90001.html": "history", "case_query_cand_90001.html": "case_query",
        "docket_report_ilnd_90002.html": "docket_report", "recap_txnd_90003.xml": "recap_xml",
        "rss_nysd.xml": "rss", "gov.uscourts.cand.90004.docket.json": "json",
    }


def test_court_comes_from_the_page_then_the_file_name(tmp_path):
    text = (PACER / "history_cand_90001.html").read_text()
    courts = pacer._district_courts()
    assert pacer.court_from(text, Path("anything.html"), courts) == "cand"
    bare = text.replace("ecf.cand.uscourts.gov", "example.org")
    assert pacer.court_from(bare, Path("njd_90001.html"), courts) == "njd"
    assert pacer.court_from(bare, Path("case_query_ctd_1.html"), courts) == "ctd"
    assert pacer.court_from(bare, Path("page.html"), courts) is None


def test_history_and_case_query_of_one_case_merge(tmp_path):
    staging, _ = pacer.read(copies(tmp_path, "cand_90001"), KEY)
    case = staging.cases.row(0, named=True)
    assert staging.cases.height == 1
    assert case["date_terminated"] == date(2012, 4, 3)  # only the case query says so
    assert case["source_url"] == "https://ecf.cand.uscourts.gov/cgi-bin/HistDocQry.pl?90001"  # the docket's page
    assert staging.docket_entries.get_column("entry_number").to_list() == [1, 5, 7, 9]  # newest-first page turned


def test_rss_keeps_doe_cases_and_their_plaintiffs_other_cases(tmp_path):
    staging, notes = pacer.read(copies(tmp_path, "rss_nysd"), KEY)
    assert sorted(staging.cases.get_column("docket_number").to_list()) == ["1:17-cv-09003", "1:18-cv-05001"]
    assert notes == ["RSS rss_nysd.xml: kept 2 of 3 cases (Doe defendants or their plaintiffs)"]


def test_doe_counts_survive_a_caption_cut_at_the_hyphen(tmp_path):
    staging, _ = pacer.read(copies(tmp_path, "docket_report_ilnd_90002", "recap_txnd_90003"), KEY)
    cases = {r["case_id"]: r for r in staging.cases.to_dicts()}
    assert cases["ilnd:1104455"]["case_name"] == "Bluebird Pictures, L.L.C. v. Does 1"
    assert cases["ilnd:1104455"]["does_in_caption"] == 25  # "Does 1-25" and "Doe 3" are 25 Does, not 26
    assert cases["txnd:1200777"]["does_in_caption"] == 12
    assert "does_from_parties" in cases["txnd:1200777"]["flags"]


def test_no_raw_ip_address_leaves_the_reader(tmp_path):
    paths = copies(tmp_path, *GROUPS)
    staging, _ = pacer.read(paths, KEY)
    text = json.dumps(staging_as_json(staging))
    assert not [ip for ip in FIXTURE_IPS if ip in text]
    assert "[ip:" in text


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("njd_1.html", "<html><body><h1>Login</h1></body></html>", "not a PACER docket"),
        ("njd_2.json", '{"docket_number": "2:17-cv-01239", "docket_entries": [', "truncated or malformed JSON"),
        ("njd_3.json", '{"case_name": "X v. Does"}', "not a juriscraper docket or Internet Archive docket.json"),
        ("notes.html", "<html><body>DOCKET FOR CASE #: 2:17-cv-01239</body></html>", "cannot tell the court"),
    ],
)
def test_bad_input_is_one_source_error_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(SourceError) as caught:
        pacer.read([path], KEY)
    message = str(caught.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_bad_docket_number_names_the_record(tmp_path):
    path = tmp_path / "njd_5.json"
    path.write_text(json.dumps([{"court_id": "njd", "docket_number": "nonsense", "case_name": "A v. B",
                                 "docket_entries": []}]))
    with pytest.raises(SourceError, match=r"njd_5\.json:1: docket number 'nonsense' is not a district docket number"):
        pacer.read([path], KEY)


def test_cli_ingest_is_all_or_nothing(tmp_path, capsys):
    db = tmp_path / "db" / "d.duckdb"
    good = copies(tmp_path, "docket_report_ilnd_90002")[0]
    bad = tmp_path / "bad.html"
    bad.write_text("<html>not a docket</html>")
    assert main(["ingest", "pacer", str(good), "--db", str(db)]) == 0
    assert "1 pacer case" in capsys.readouterr().out
    before = db.resolve()
    assert main(["ingest", "pacer", str(good), str(bad), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("doedocket: ") and str(bad) in err and "\n" not in err
    assert db.resolve() == before


def test_cli_ingest_builds_merged_cases_and_counsel(tmp_path, capsys):
    db = tmp_path / "d.duckdb"
    paths = copies(tmp_path, *GROUPS)
    assert main(["ingest", "recap", *map(str, paths), "--db", str(db)]) == 0
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        rows = con.sql("SELECT case_id, plaintiff, assigned_judge, sources FROM cases ORDER BY case_id").fetchall()
        counsel = con.sql("SELECT counsel, kind FROM case_counsel WHERE case_id = 'ilnd:1104455' ORDER BY 1").fetchall()
        does = con.sql("SELECT case_id, does_sued FROM case_measures ORDER BY case_id").fetchall()
    finally:
        con.close()
    assert rows == [
        ("cand:1200123", "Acme Films, LLC", "Howard R. Lloyd", "pacer"),
        ("cand:1205599", "Orchid Pictures, Inc.", "Howard R. Lloyd", "recap"),
        ("ilnd:1104455", "Bluebird Pictures, L.L.C.", "Jane Q. Example", "pacer"),
        ("nysd:1709003", "Gamma Studios LLC", None, "pacer_rss"),
        ("nysd:1805001", "Gamma Studios LLC", None, "pacer_rss"),
        ("txnd:1200777", "Redwood Media Group", "Pat Sample", "recap"),
    ]
    assert counsel == [("Brett L. Gibbs", "attorney"), ("Carol T. Smith", "attorney"),
                       ("Steele Hansmeier PLLC", "firm")]
    assert does == [("cand:1200123", 1), ("cand:1205599", 40), ("ilnd:1104455", 25), ("nysd:1709003", 0),
                    ("nysd:1805001", 1), ("txnd:1200777", 12)]


# --- the real samples (skipped when ../shared/samples is absent) ---------------------------------------

SAMPLE_CASES = {
    # case_id: (source, plaintiff, Does, entries, assigned judge)
    "njd:1701239": ("pacer", "Malibu Media, LLC", 1, 27, "Madeline Cox Arleo"),
    "njd:1701271": ("pacer", "Malibu Media, LLC", None, 28, "Susan D. Wigenton"),
    "ctd:1700259": ("pacer", "Malibu Media, LLC", 1, 21, "Victor A. Bolden"),
    "nysd:1708956": ("pacer", "Strike 3 Holdings, LLC", 1, 12, "Alvin K. Hellerstein"),
    "txnd:1100002": ("recap", "Serious Bidness, LLC", 109, 11, "Royal Furgeson"),
    "wawd:1700990": ("pacer", "Venice PI, LLC", 1, 52, "Thomas S. Zilly"),
    "wawd:1700694": ("pacer", "ME2 Productions Inc", 1, 23, "Robert S. Lasnik"),
    "ord:1500866": ("pacer", "Cobbler Nevada, LLC", None, 66, "Stacie F. Beckerman"),
    "cacd:0600350": ("pacer", "LA Printex Industries Inc", 10, 47, "S. James Otero"),
    "azd:1703923": ("recap", "Suzanne Powers", None, 5, "Douglas L. Rayes"),
    "nysd:1800479": ("pacer_rss", "Strike 3 Holdings, LLC", 1, 2, None),
    "nysd:1803228": ("pacer_rss", "Malibu Media, LLC", 1, 1, None),
}


@pytest.mark.samples
def test_every_real_sample_loads(shared_samples):
    paths = sorted((shared_samples / "pacer").glob("*.html")) + sorted((shared_samples / "pacer").glob("*.xml"))
    staging, notes = pacer.read(paths, KEY)
    cases = {r["case_id"]: r for r in staging.cases.to_dicts()}
    entries = staging.docket_entries.group_by("case_id").len()
    counts = dict(zip(entries.get_column("case_id"), entries.get_column("len")))
    got = {cid: (c["source"], c["plaintiff"], c["does_in_caption"], counts.get(cid, 0), c["assigned_judge"])
           for cid, c in cases.items()}
    assert got == SAMPLE_CASES
    assert cases["ctd:1700259"]["date_terminated"] == date(2018, 6, 27)  # from the case query page
    assert cases["njd:1701239"]["referred_judge"] == "Leda D. Wettre"
    assert notes == ["RSS sdny_1.xml: kept 2 of 243 cases (Doe defendants or their plaintiffs)"]
    attorneys = staging.attorneys.filter(pl.col("case_id") == "txnd:1100002").row(0, named=True)
    assert (attorneys["name"], attorneys["firm"]) == ("Evan F. Stone", "Law Offices of Evan Stone")
    text = json.dumps(staging_as_json(staging))
    assert "24.0.207.93" not in text


@pytest.mark.samples
def test_samples_juriscraper_json_reads_like_the_pages(shared_samples):
    page, _ = pacer.read([shared_samples / "pacer" / "nysd_483953.html"], KEY)
    dumped, _ = pacer.read([shared_samples / "pacer" / "nysd_483953.json"], KEY)
    columns = ["entry_number", "date_filed", "description"]
    assert dumped.docket_entries.select(columns).equals(page.docket_entries.select(columns))
