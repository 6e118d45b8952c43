"""`doedocket ingest courtlistener-bulk`: CourtListener's bulk dockets file (the census).

The golden file (tests/golden/courtlistener-bulk/, invented records in the real format) holds both
quote escapes, NULLs beside empty strings, multi-line captions, a repeated docket and rows the filter
must drop; it is read plain and bzip2-compressed through every decompressor, and loaded into a build
where its precedence against curated and PACER rows of the same case is checked. Generated files
check the generator's shares and determinism; bad inputs fail with one line naming file and line.
"""

from __future__ import annotations

import argparse
import bz2
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.sources import courtlistener_bulk as census
from pipelines.sources.courtlistener_bulk import COURTLISTENER_BULK, Report, parse_fields, read_census, read_people
from pipelines.synth import courtlistener_bulk as synth
from tests.tools.golden import KEY, check_golden, golden_dir, staging_as_json

GOLDEN = golden_dir("courtlistener-bulk")
DOCKETS = GOLDEN / "dockets-2026-03-31.csv"
PEOPLE = GOLDEN / "people-db-people-2026-03-31.csv"
HAVE_LBZIP2 = shutil.which("lbzip2") is not None
try:
    import indexed_bzip2  # noqa: F401
    HAVE_INDEXED = True
except ImportError:
    HAVE_INDEXED = False


def _compressed(tmp_path: Path, source: Path = DOCKETS, data: bytes | None = None) -> Path:
    out = tmp_path / (source.name + ".bz2")
    out.write_bytes(bz2.compress(source.read_bytes() if data is None else data))
    return out


def _records(path: Path) -> dict[str, census.Record]:
    """Every record of a file that carries a copyright mark, by id."""
    report = Report()
    with census.open_decompressed(path) as stream:
        return {r.values["id"]: r for r in census.Census(path, stream, report).records()}


def test_records_are_parsed_exactly_both_escapes_nulls_and_multi_line_values():
    records = _records(DOCKETS)
    # 106 (a 42:1983 Doe case), 107 and 110 (whose pacer_case_id starts 820) carry no copyright mark.
    assert sorted(records, key=int) == ["101", "102", "103", "104", "105", "108", "109"]
    blue, pictures, red = records["101"].values, records["102"].values, records["103"].values
    assert blue["case_name"] == 'Example "Blue" Films, LLC v. Does 1-25'  # written \"
    assert red["case_name"] == 'Example "Red" Media v. Does 1-3'  # written ""
    assert blue["case_name_short"] == "" and pictures["case_name_short"] is None  # "" is empty, nothing is NULL
    assert blue["case_name_full"] is None and blue["cause"] == "17:501 Copyright Infringement"
    assert pictures["case_name_full"] == ("EXAMPLE PICTURES INC.,\n\tPlaintiff,\nv.\nJOHN DOE subscriber assigned IP "
                                          "address 192.0.2.7,\n\tDefendant.")
    assert (records["101"].line, records["102"].line, records["103"].line, records["104"].line) == (2, 3, 8, 9)


def _every_record(path: Path) -> tuple[dict[str, tuple[int, dict]], int]:
    report = Report()
    with census.open_decompressed(path) as stream:
        records = {r.values["id"]: (r.line, r.values) for r in census.Census(path, stream, report).records()}
    return records, report.rows


def test_block_boundaries_anywhere_change_nothing_read(tmp_path, monkeypatch):
    """Blocks are scanned in place and only the record cut at a block's end is joined to the next: with
    blocks of any size (smaller than one record, odd, even) the same records, lines and row count come out,
    and the records carrying a mark are exactly those an independent split of the text finds."""
    generated = tmp_path / "g-synthetic.csv"
    synth.write(generated, 3_000, 5, copyright_share=0.05)
    text = generated.read_bytes()
    rows = re.split(rb'\n(?="[0-9])', text.rstrip(b"\n"))[1:]  # after the header; a value's lines start otherwise
    marked = {row[1:row.index(b'"', 1)].decode() for row in rows if b"opyright" in row or b'"17:' in row}
    for path, count in ((generated, 3_000), (DOCKETS, 10)):
        whole, rows_read = _every_record(path)
        assert rows_read == count
        if path == generated:
            assert set(whole) == marked and len(marked) > 100
        for chunk in (61, 64, 997, 4096, 65_537):
            monkeypatch.setattr(census, "CHUNK", chunk)
            assert _every_record(path) == (whole, count), (path.name, chunk)
        monkeypatch.undo()


def test_parse_fields_undoes_backslash_escapes_of_quotes_and_backslashes():
    assert parse_fields(b'"1","a \\"b\\" c\\\\d","",,"x""y"\n') == ["1", 'a "b" c\\d', "", None, 'x"y']
    assert parse_fields(b'"1",,\n') == ["1", None, None]
    assert parse_fields(b'"1","a"b"\n') is None  # a stray quote


def test_golden_staging_plain_and_compressed(tmp_path, monkeypatch):
    people = read_people(PEOPLE)
    assert people == {"9001": "Lucy H Koh", "9002": "Howard R. Lloyd", "9003": "Example Judge Jr."}
    report = Report()
    staging = read_census([DOCKETS], people, KEY, report)
    check_golden(staging_as_json(staging), GOLDEN / "dockets-2026-03-31.expected.json")
    assert (report.rows, report.candidates, report.copyright, report.doe, report.cases) == (10, 7, 7, 5, 3)
    assert (report.duplicates, report.not_district) == (1, 1)
    assert (report.backslash_escapes, report.doubled_escapes) == (2, 2)
    packed = _compressed(tmp_path)
    for how in ("bz2", *(["lbzip2"] if HAVE_LBZIP2 else []), *(["indexed_bzip2"] if HAVE_INDEXED else [])):
        monkeypatch.setenv("DOEDOCKET_BZIP2", how)
        again = Report()
        assert staging_as_json(read_census([packed], people, KEY, again)) == staging_as_json(staging), how
        assert again.decompressor == how and again.rows == 10


def test_filter_cause_without_nos_counts_and_non_doe_or_doe_company_does_not():
    staging = read_census([DOCKETS], {}, KEY, Report())
    kept = {r["case_id"]: r for r in staging.cases.to_dicts()}
    assert sorted(kept) == ["cand:1201234", "ilnd:1405678", "nysd:1300333"]
    assert kept["ilnd:1405678"]["nature_of_suit"] is None  # a 17:501 cause alone makes it a copyright case
    # Dropped: 104 names its defendant, 105 sues a company named Doe, 106 is a Doe case under 42:1983.
    assert not {"cacd:1500001", "cacd:1500002", "cacd:1500003"} & set(kept)
    assert census.is_copyright(None, "17:501") and census.is_copyright("820", None)
    assert not census.is_copyright("440 Civil Rights: Other", "42:1983 Civil Rights Act")
    assert census.doe_caption({"case_name": "Example Records v. Doe Run Resources Corp."}) is None


def test_judges_through_people_and_aliases():
    with_people = {r["case_id"]: r for r in read_census([DOCKETS], read_people(PEOPLE), KEY, Report()).cases.to_dicts()}
    without = {r["case_id"]: r for r in read_census([DOCKETS], {}, KEY, Report()).cases.to_dicts()}
    # assigned_to_id 9001 is "Lucy H Koh" in the people table: the alias table spells her "Lucy H. Koh".
    assert (with_people["cand:1201234"]["assigned_judge"], with_people["cand:1201234"]["referred_judge"]) == (
        "Lucy H. Koh", "Howard R. Lloyd")
    assert (without["cand:1201234"]["assigned_judge"], without["cand:1201234"]["referred_judge"]) == (None, None)
    assert with_people["ilnd:1405678"]["assigned_judge"] == "Example Q. Judge"  # assigned_to_str, no id


def _ingest(args: list[str], capfd) -> tuple[int, str, str]:
    code = main(["ingest", *args])
    out, err = capfd.readouterr()
    return code, out, err


CURATED_ROW = ("court_id,docket_number,case_name,plaintiff,date_filed,date_terminated,assigned_judge\n"
               "cand,5:12-cv-01234,Example Blue Films LLC v. Does 1-25 (curated spelling),Example Blue Films LLC,"
               "2012-03-01,,\n")


def _case(db: Path, case_id: str) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute("SELECT case_name, assigned_judge, referred_judge, date_terminated, source, sources, "
                          "source_url FROM cases WHERE case_id = ?", [case_id])
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def test_census_ranks_below_curated_and_fills_its_gaps_in_either_order(tmp_path, capfd):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "cases.csv").write_text(CURATED_ROW, encoding="utf-8")
    for name in ("docket_entries.csv", "case_events.csv"):  # headers only
        (curated / name).write_text((golden_dir("curated") / name).read_text().splitlines()[0] + "\n")
    packed = _compressed(tmp_path)
    cases = {}
    for order in (("census", "curated"), ("curated", "census")):
        db = tmp_path / "-".join(order) / "t.duckdb"
        for step in order:
            args = (["courtlistener-bulk", str(packed), "--people", str(PEOPLE)] if step == "census"
                    else ["curated", str(curated)])
            code, out, err = _ingest([*args, "--db", str(db)], capfd)
            assert code == 0, err
            if step == "census":
                assert out.startswith(f"ingested into {db}: 1 CourtListener dockets file(s), 10 rows read (")
                assert "3 courtlistener_bulk cases loaded (1 repeated dockets of one case collapsed" in out
                assert 'quote escapes seen in the records read: backslash \\" and doubled ""' in out
                assert out.rstrip().endswith("; 3 judges read from --people")
        cases[order] = _case(db, "cand:1201234")
        with duckdb.connect(str(db), read_only=True) as con:
            ranks = dict(con.execute("SELECT source, rank FROM source_precedence").fetchall())
        assert ranks["curated"] < ranks["pacer_rss"] < ranks["courtlistener_bulk"] < ranks["idb"]
        assert max(ranks["pacer"], ranks["recap"], ranks["courtlistener"]) < ranks["courtlistener_bulk"]
    # The curated row wins the fields it has; the census fills the judges and the termination date.
    assert cases[("census", "curated")] == cases[("curated", "census")] == {
        "case_name": "Example Blue Films LLC v. Does 1-25 (curated spelling)", "assigned_judge": "Lucy H. Koh",
        "referred_judge": "Howard R. Lloyd", "date_terminated": date(2012, 9, 30), "source": "curated",
        "sources": "curated;courtlistener_bulk",
        "source_url": cases[("census", "curated")]["source_url"]}
    alone = _case(tmp_path / "census-curated" / "t.duckdb", "nysd:1300333")
    assert (alone["source"], alone["source_url"]) == (
        "courtlistener_bulk", "https://www.courtlistener.com/docket/103/example-red-media-v-does-1-3/")


def test_generated_file_is_deterministic_and_read_back(tmp_path, capfd):
    a, b = tmp_path / "a-synthetic.csv.bz2", tmp_path / "b-synthetic.csv.bz2"
    assert main(["synth", "courtlistener-bulk", "--rows", "30000", "--seed", "3", "--out", str(a)]) == 0
    s = synth.write(b, 30_000, 3)
    assert a.read_bytes() == b.read_bytes()
    assert bz2.decompress(a.read_bytes()) == bz2.decompress(synth.write(tmp_path / "c-synthetic.csv.bz2", 30_000, 3)
                                                            .path and (tmp_path / "c-synthetic.csv.bz2").read_bytes())
    text = bz2.decompress(a.read_bytes()).decode()
    assert text.count('\\"') > 0 and ",," in text and '""' in text  # backslash escapes, NULLs, empty strings
    assert 200 <= s.copyright_rows <= 400 and 0.35 < s.doe_rows / s.copyright_rows < 0.55
    report = Report()
    staging = read_census([a], {}, KEY, report)
    assert report.rows == 30_000 and report.copyright == s.copyright_rows and report.doe == s.doe_rows
    assert staging.cases.height == s.doe_cases
    assert staging.cases.get_column("plaintiff").str.contains("(?i)synthetic").all()
    assert not staging.cases.get_column("case_name").str.contains(r"192\.0\.2\.").any()  # addresses pseudonymised
    capfd.readouterr()


@pytest.mark.parametrize(("name", "data", "line", "problem"), [
    ("bad-header", b'"id","court_id","case_name"\n"1","cand","A v. Does"\n', 1, "the header lacks"),
    ("stray-quote", None, 3, "a quote that does not open or close a value"),
])
def test_bad_inputs_name_file_and_line(tmp_path, monkeypatch, name, data, line, problem):
    if data is None:
        lines = DOCKETS.read_bytes().split(b"\n")
        lines[2] = lines[2].replace(b'"EXAMPLE PICTURES', b'"EXAMPLE "PICTURES', 1)
        data = b"\n".join(lines)
    path = _compressed(tmp_path, tmp_path / f"{name}.csv", data)
    for chunk in (census.CHUNK, 64, 301):  # one block, or the record cut across blocks
        monkeypatch.setattr(census, "CHUNK", chunk)
        with pytest.raises(SourceError) as failed:
            read_census([path], {}, KEY, Report())
        assert failed.value.record == line and problem in failed.value.problem, chunk


@pytest.mark.parametrize("how", ["bz2", *(["lbzip2"] if HAVE_LBZIP2 else []),
                                 *(["indexed_bzip2"] if HAVE_INDEXED else [])])
def test_a_truncated_bzip2_file_names_the_line_reached(tmp_path, monkeypatch, how):
    monkeypatch.setenv("DOEDOCKET_BZIP2", how)
    monkeypatch.setattr(census, "CHUNK", 1 << 16)  # blocks small enough that some are read before the cut
    whole = synth.write(tmp_path / "whole-synthetic.csv.bz2", 5_000, 1)
    cut = tmp_path / "cut.csv.bz2"
    cut.write_bytes(Path(whole.path).read_bytes()[: Path(whole.path).stat().st_size // 2])
    with pytest.raises(SourceError) as failed:
        read_census([cut], {}, KEY, Report())
    assert "not a complete bzip2 file" in failed.value.problem and isinstance(failed.value.record, int)
    # Python's bz2 hands over the blocks before the cut; the parallel decompressors read ahead and may
    # refuse the file before handing over any, and then the line reached is the first.
    assert failed.value.record > 1 or how != "bz2"
    assert "[IP address]" not in str(failed.value)


def test_options_and_summary_of_the_source():
    parser = argparse.ArgumentParser()
    COURTLISTENER_BULK.add_arguments(parser)
    assert parser.parse_args(["--people", "p.csv"]).people == Path("p.csv")
