"""The FJC IDB reader (pipelines/sources/idb/) and the national questions, on hand-built files.

Inputs and expected answers live in tests/golden/idb/ (README.md there shows the hand working).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import queries, store
from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.sources import idb
from pipelines.sources.idb import archive
from pipelines.sources.idb.lines import Survey, line_at, open_quote_at_end, survey
from pipelines.staging import Staging
from tests.snapshots import table_contents
from tests.tools.golden import check_golden, golden_dir
from tests.tools.ingest import ingest

GOLDEN = golden_dir("idb")
NATIONAL = ("doe_share_by_year", "top_plaintiffs_by_year", "district_doe_share", "disposition_mix")
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")


def _cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """`doedocket ARGS...` in this process: exit status, stdout, stderr."""
    capsys.readouterr()
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def _ingest(db: Path, *files: str) -> str:
    return ingest(idb.IDB, db, [GOLDEN / f for f in files])


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("idb_national") / "d.duckdb"
    assert ingest(idb.IDB, db, [GOLDEN / "national.txt"]) == (
        "1 IDB file(s), 17 rows read, 16 rows kept (NOS 820), 1 duplicate tape-year rows "
        "collapsed, 15 case records in idb_cases (15 copyright, 11 against Does; 1 with PLT or DEF cut at 30 "
        "characters, 0 Doe counts possibly cut), 10 cases copied to source_cases (Doe cases and cases docket "
        "sources know), 0 rejected lines"
    )
    return db


@pytest.fixture(scope="module")
def rejects_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("idb_rejects") / "d.duckdb"
    summary = _ingest(db, "rejects.txt")
    assert summary.startswith("1 IDB file(s), 14 rows read, 3 rows kept (NOS 820), ")
    assert summary.endswith(", 10 rejected lines (see table idb_rejects: file, line, reason)")
    return db


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db.resolve()), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_national_questions_golden(national_db: Path) -> None:
    con = duckdb.connect(str(national_db.resolve()), read_only=True)
    try:
        got = {name: json.loads(queries.to_json(queries.run(con, name))) for name in NATIONAL}
    finally:
        con.close()
    check_golden(got, GOLDEN / "national.expected.json", approx=True)


def test_national_questions_filters(national_db: Path) -> None:
    con = duckdb.connect(str(national_db.resolve()), read_only=True)
    try:
        by_court = queries.run(con, "doe_share_by_year", {"court": ["nysd"]}).rows()
        period = queries.run(con, "district_doe_share", {"filed_from": "2012-01-01", "filed_to": "2012-12-31"})
        alpha = queries.run(con, "doe_share_by_year", {"plaintiff": ["ALPHA FILMS LLC"]}).rows()
        without = queries.run(con, "doe_share_by_year", {"exclude_plaintiff": "alpha films llc"}).rows()
        top1 = queries.run(con, "top_plaintiffs_by_year", {"top": 1})
    finally:
        con.close()
    # each share with its 95% Wilson interval: 0 of 1 is 0 to 0.7935, 1 of 2 0.0945 to 0.9055, 1 of 1 0.2065 to 1
    assert by_court == [(2010, 1, 0, 0.0, 0, 0, 0.0, 0.7935), (2011, 2, 1, 0.5, 1, 0, 0.0945, 0.9055),
                        (2013, 1, 1, 1.0, 1, 0, 0.2065, 1.0)]
    alpha, without = [r[:6] for r in alpha], [r[:6] for r in without]
    assert period.select("court_id", "copyright_cases", "doe_cases").rows() == [("flmd", 3, 2), ("cand", 1, 1)]
    # "ALPHA FILMS LLC" is a spelling of key "alpha films llc": B, C, D (2011), G (2012), L (2013)
    assert alpha == [(2011, 3, 3, 1.0, 41, 0), (2012, 1, 1, 1.0, 5865, 0), (2013, 1, 1, 1.0, 3, 0)]
    assert without == [(2010, 1, 0, 0.0, 0, 0), (2011, 2, 1, 0.5, 90, 0), (2012, 3, 2, 2 / 3, 2, 1),
                       (2013, 2, 2, 1.0, 6, 0)]
    assert top1.select("year", "plaintiff_key").rows() == [
        (2010, "beta music corp"), (2011, "alpha films llc"), (2012, "gamma pictures"), (2013, "alpha films llc")]


def test_records_parsed_exactly(national_db: Path) -> None:
    rows = _rows(national_db, (
        "SELECT case_id, district_code, office, origin, date_filed, date_terminated, plaintiff_raw, plaintiff_key, "
        "defendant_raw, is_doe, does_count, disp, disposition, judgment, tape_year, flags "
        "FROM idb_cases ORDER BY case_id, date_filed"))
    by_id: dict[str, list[tuple]] = {}
    for row in rows:
        by_id.setdefault(row[0], []).append(row[1:])
    # Newest tape year wins although the stale 2011 record comes later in the file.
    assert by_id["cand:1103825"] == [("71", "5", 1, date(2011, 7, 29), date(2012, 3, 1), "HARD DRIVE PRODUCTIONS, INC.",
                                      "hard drive productions inc", "DOES 1-90", True, 90, 12, "dismissed: voluntarily",
                                      None, 2012, None)]
    # A reopened case keeps both records, told apart by filing date.
    assert [(r[3], r[4], r[10], r[14]) for r in by_id["cand:1100001"]] == [
        (date(2011, 1, 10), date(2011, 6, 10), 12, None), (date(2011, 9, 1), date(2011, 12, 1), 13, "idb_reopened")]
    # cp1252 bytes, quoted values with doubled quotes, a 30-character DEF.
    assert by_id["cand:1200008"][0][5:10] == ("CAFÉ RECORDS", "caf records", "DOES", True, None)
    assert by_id["flmd:1300012"][0][5:7] == ("O’NEIL SOUND", "o neil sound")
    assert by_id["nysd:1300010"][0][5:10] == ('DELTA "D" MEDIA', "delta d media", "JOHN DOE SUBSCRIBER ASSIGNED I",
                                               True, 1)
    assert by_id["nysd:1300010"][0][14] == "idb_truncated_names"
    # -8 is missing; 01/01/1900 is no date; a pending case has no DISP.
    assert by_id["cand:1300013"][0] == ("71", None, None, date(2013, 9, 9), None, "ALPHA FILMS, LLC", "alpha films llc",
                                        "DOES 1-3", True, 3, None, None, None, None, None)
    assert by_id["cand:1300014"][0][3:5] == (None, None)
    assert by_id["nysd:1100003"][0][10:15] == (None, None, None, 2099, None)
    assert by_id["nysd:1000005"][0][7:10] == ("SMITH, JOHN", False, None)
    assert "cand:1200009" not in by_id  # NOS 440


def test_rejects_have_line_numbers_and_reasons(rejects_db: Path) -> None:
    rejects = _rows(rejects_db, "SELECT line_number, reason FROM idb_rejects ORDER BY line_number")
    assert rejects == [
        (3, "wrong number of columns: expected 46, found 45"),
        (4, "FILEDATE '13/45/2014' is not a date (MM/DD/YYYY)"),
        (5, "NUL byte in line"),
        (6, "DISTRICT 'ZZ' is not a known FJC district code"),
        (7, "DOCKET is missing"),
        (8, "TERMDATE '02/30/2014' is not a date (MM/DD/YYYY)"),  # a cp1252 line, read in Python
        (9, "NOS '82O' is not a nature-of-suit code"),
        (10, "TERMDATE '2014-03-04' is not a date (MM/DD/YYYY)"),  # not copyright, still a bad line
        (11, "NUL byte in line"),  # in a column the reader does not keep
        (14, "DISP '99999' is not a DISP code; wrong number of columns: expected 46, found 47"),
    ]
    kept = _rows(rejects_db, "SELECT case_id, plaintiff_raw, defendant_raw FROM idb_cases ORDER BY case_id")
    assert [k[0] for k in kept] == ["cand:1400001", "cand:1400012", "cand:1400014"]
    assert kept[1][1] == "SÃO PAULO FILMES"
    raw = dict(_rows(rejects_db, "SELECT line_number, raw_line FROM idb_rejects"))
    assert raw[8].split("\t")[21] == "RENÉ PICTURES"
    assert raw[5].split("\t")[21] == "OMEGA\\0FILMS"
    assert raw[3].count("\t") == 44 and raw[3].startswith("9\t71\t5\t1400002\t")


def test_a_file_without_nul_bytes_is_read_by_its_needed_columns_alike(tmp_path: Path) -> None:
    """Without a NUL byte the scanner reads only the columns the reader needs (and those before the last
    NOT NULL one): the same lines are refused for the same reasons, the same rows kept, "-8" still missing."""
    lines = (GOLDEN / "rejects.txt").read_bytes().split(b"\n")
    path = tmp_path / "no_nul.txt"
    path.write_bytes(b"\n".join(line.replace(b"\x00", b"") for line in lines))
    db = tmp_path / "d.duckdb"
    ingest(idb.IDB, db, [path])
    assert _rows(db, "SELECT line_number, reason FROM idb_rejects ORDER BY line_number") == [
        (3, "wrong number of columns: expected 46, found 45"),
        (4, "FILEDATE '13/45/2014' is not a date (MM/DD/YYYY)"),
        (6, "DISTRICT 'ZZ' is not a known FJC district code"),
        (7, "DOCKET is missing"),
        (8, "TERMDATE '02/30/2014' is not a date (MM/DD/YYYY)"),
        (9, "NOS '82O' is not a nature-of-suit code"),
        (10, "TERMDATE '2014-03-04' is not a date (MM/DD/YYYY)"),
        (14, "DISP '99999' is not a DISP code; wrong number of columns: expected 46, found 47"),
    ]
    kept = [r[0] for r in _rows(db, "SELECT case_id FROM idb_cases ORDER BY case_id")]
    assert kept == ["cand:1400001", "cand:1400004", "cand:1400010", "cand:1400012", "cand:1400014"]  # NUL-free 5, 11


def test_survey_counts_lines_and_finds_nul(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"HEADER\r\n" + b"a\tb\r\n" * 5 + b"c\x00d\r\nlast")
    assert survey(path) == Survey(7, True)
    path.write_bytes(b"HEADER\n" + b"a\n" * 3)
    assert survey(path) == Survey(3, False)
    path.write_bytes(b"HEADER\n")
    assert survey(path) == Survey(0, False)
    path.write_bytes(b"")
    assert survey(path) == Survey(0, False)


def test_sha256_in_background_hashes_the_file_or_raises_its_read_error(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    data = bytes(range(256)) * 40_000  # 10 MB: more than two of the hash's reads
    path.write_bytes(data)
    assert archive.sha256_in_background(path).result(timeout=30) == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty.txt").write_bytes(b"")
    assert archive.sha256_in_background(tmp_path / "empty.txt").result(timeout=30) == hashlib.sha256().hexdigest()
    with pytest.raises(FileNotFoundError):
        archive.sha256_in_background(tmp_path / "gone.txt").result(timeout=30)


_FIELD = rb'(?:"(?:[^"]|"")*+"[^\t]*|[^\t"][^\t]*|)'
_CLOSED = re.compile(rb"(?:" + _FIELD + rb"\t)*+" + _FIELD, re.S)  # every quoted value closed ("" an escape)


def test_open_quote_at_end_agrees_with_a_grammar_of_closed_lines() -> None:
    """The byte-scanning rule against a grammar of a line whose quoted values all close, on random lines
    of quotes, tabs, line ends and letters (an escaped quote at a value's end, a quote inside an
    unquoted value, a tab inside a quoted one)."""
    rng = random.Random(7)
    alphabet = [b'"', b'"', b"\t", b'\t"', b"a", b"\r", b"\n"]
    opened = 0
    for _ in range(20_000):
        line = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        body = line.rstrip(b"\r\n")
        expected = b'"' in body and _CLOSED.fullmatch(body) is None
        assert open_quote_at_end(line) is expected, line
        opened += expected
    assert 2_000 < opened < 18_000
    assert open_quote_at_end(b'1\t"a""\n') and not open_quote_at_end(b'1\t"a"""\tx"y\n')


@pytest.mark.parametrize("length", [10, 1500, 200_000])
def test_line_at_reads_a_refused_line_from_the_offset_the_scanner_gives(tmp_path: Path, length: int) -> None:
    """The scanner's byte position is the line's start or the line break before it; a line longer than
    one read is read on to its end; a line whose text does not match the scanner's copy is not taken."""
    line = ("7\tCaf\u00e9 " + "x" * length + "\t\u201cend\u201d").encode("cp1252") + b"\r\n"
    data = b"HEADER\n" + b"1\tplain\n" + line + b"2\tafter\n"
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    start = data.index(b"7\t")
    copy = "7\tCaf? " + "x" * length  # the scanner shows an undecodable byte as '?'
    with open(path, "rb", buffering=0) as fh:
        assert line_at(fh.fileno(), start, copy) == line
        assert line_at(fh.fileno(), start - 1, copy) == line
        assert line_at(fh.fileno(), start, "1\tplain") is None
        assert line_at(fh.fileno(), 0, "HEADER") == b"HEADER\n"
    # UTF-8 the scanner read before the first byte it could not: compared as the bytes it was read from.
    mixed = "8\tCaf\u00e9 ".encode() + "\u201cq\u201d".encode("cp1252") + b"\n"
    path.write_bytes(b"HEADER\n" + mixed)
    with open(path, "rb", buffering=0) as fh:
        assert line_at(fh.fileno(), 7, "8\tCaf\u00e9 ?q?") == mixed
        assert line_at(fh.fileno(), 7, "8\tCafe ?q?") is None


def test_irregular_lines_are_each_kept_or_rejected(tmp_path: Path) -> None:
    """Mixed CRLF/LF line ends, a blank line, a quote left open, a short line, no final line break."""
    db = tmp_path / "d.duckdb"
    summary = _ingest(db, "irregular.txt")
    assert summary.startswith("1 IDB file(s), 7 rows read, 5 rows kept (NOS 820), ")
    assert _rows(db, "SELECT line_number, reason FROM idb_rejects ORDER BY line_number") == [
        (5, 'unbalanced quote: a value opening with " is not closed on its line'),  # did not swallow lines 6-7
        (8, "wrong number of columns: expected 46, found 10"),  # one reason, not one per missing column
    ]
    assert [r[0] for r in _rows(db, "SELECT case_id FROM idb_cases ORDER BY case_id")] == [
        "cand:1500001", "cand:1500002", "cand:1500004", "cand:1500005", "cand:1500007"]


@pytest.mark.parametrize("name", ["national.txt", "rejects.txt", "irregular.txt"])  # plain, NUL lines, parser gives up
def test_each_file_read_gets_its_source_files_row_with_its_hash(tmp_path: Path, name: str) -> None:
    """The hash is taken in the background once the scanner's first pass is over, whichever way the scan
    goes on (re-read NUL lines, a copy of the file with unreadable lines emptied)."""
    db = tmp_path / "d.duckdb"
    _ingest(db, name)
    data = (GOLDEN / name).read_bytes()
    assert _rows(db, "SELECT source, name, bytes, sha256, load_id FROM source_files") == [
        ("idb", name, len(data), hashlib.sha256(data).hexdigest(), 1)]


@pytest.mark.parametrize("size", [3_000_000, 40_000_000])  # refused by DuckDB / dropped by it without a word
def test_an_overlong_line_is_rejected(tmp_path: Path, size: int) -> None:
    national = (GOLDEN / "national.txt").read_bytes().split(b"\r\n")
    path = tmp_path / "long.txt"
    path.write_bytes(b"\r\n".join(national[:3] + [b"A" * size] + national[3:6]) + b"\r\n")
    db = tmp_path / "d.duckdb"
    assert _ingest(db, str(path)).startswith("1 IDB file(s), 6 rows read, 5 rows kept (NOS 820), ")
    assert _rows(db, "SELECT line_number, reason FROM idb_rejects") == [
        (4, f"line is {size + 2:,} bytes long (more than 2,000,000)" if size > 32_000_000 else
            f"wrong number of columns: expected 46, found 1; line is {size + 1:,} bytes long (more than 2,000,000)")]


def test_no_ip_address_reaches_the_database(rejects_db: Path) -> None:
    texts = []
    for table, rows in table_contents(rejects_db).items():
        texts += [f"{table}: {v}" for row in rows for v in row if isinstance(v, str)]
    leaks = [t for t in texts if IPV4.search(t)]
    assert leaks == []
    defendant = _rows(rejects_db, "SELECT defendant_raw FROM idb_cases WHERE case_id = 'cand:1400012'")[0][0]
    assert re.fullmatch(r"DOE-\[ip:[0-9a-f]{12}\]", defendant)
    assert "[ip:" in _rows(rejects_db, "SELECT raw_line FROM idb_rejects WHERE line_number = 14")[0][0]


def test_newest_tape_year_wins_across_loads(tmp_path: Path) -> None:
    def load(order: list[str]) -> list[tuple]:
        db = tmp_path / "-".join(order) / "d.duckdb"
        for name in order:
            _ingest(db, name)
        return _rows(db, "SELECT case_id, tape_year, date_terminated, disp FROM idb_cases ORDER BY case_id")

    # cand:1103825: tape year 2012 beats 2011 whatever the order; nysd:1100004 has tape year 2012 in
    # both files, so the later load wins.
    assert load(["tape_2012.txt", "tape_2011.txt"]) == [
        ("cand:1103825", 2012, None, None), ("nysd:1100004", 2012, date(2011, 10, 2), 13)]
    assert load(["tape_2011.txt", "tape_2012.txt"]) == [
        ("cand:1103825", 2012, None, None), ("nysd:1100004", 2012, date(2011, 10, 1), 4)]


def test_a_files_own_records_of_a_case_collapse_as_records_of_several_files_do(tmp_path: Path) -> None:
    """One case's records in one file, or split over two files read in one load, collapse to the same
    record; records without a filing date (01/01/1900) collapse like the others, and so do records on
    lines with cp1252 bytes (re-read, and inserted after the file's other rows)."""
    columns = list(idb.COLUMNS)

    def line(**values: str) -> str:
        fields = dict.fromkeys(columns, "-8") | dict(DISTRICT="71", OFFICE="5", DOCKET="1400001", FILEDATE="01/02/2014",
                                                    NOS="820", PLT="PLAINTIFF", DEF="DOES 1-2") | values
        return "\t".join(fields[c] for c in columns)

    records = [  # newest tape year, then latest ending, then highest DISP: the third is kept
        line(TAPEYEAR="2015", TERMDATE="03/01/2015", DISP="12"), line(TAPEYEAR="2014", TERMDATE="06/01/2015", DISP="13"),
        line(TAPEYEAR="2015", TERMDATE="03/01/2015", DISP="13"), line(TAPEYEAR="2015", TERMDATE="02/01/2015", DISP="14"),
        line(DOCKET="1400002", TAPEYEAR="2014"), line(DOCKET="1400003", FILEDATE="01/01/1900", TAPEYEAR="2014"),
        line(DOCKET="1400003", FILEDATE="01/01/1900", TAPEYEAR="2015"),
        line(DOCKET="1400004", TAPEYEAR="2014"), line(DOCKET="1400004", PLT="PLAÏNTIFF’S", TAPEYEAR="2015"),
        line(DOCKET="1400004", PLT="PLAÏNTIFF’S OLD", TAPEYEAR="2013"),
    ]

    def load(name: str, *parts: list[str]) -> tuple[str, list[tuple]]:
        paths = []
        for i, part in enumerate(parts):
            paths.append(tmp_path / f"{name}-{i}.txt")
            paths[-1].write_text("\t".join(columns) + "\n" + "\n".join(part) + "\n", encoding="cp1252")
        db = tmp_path / f"{name}.duckdb"
        summary = ingest(idb.IDB, db, paths)
        return summary, _rows(db, "SELECT case_id, tape_year, date_terminated, disp, plaintiff FROM idb_cases "
                                  "ORDER BY case_id")

    one_file, kept = load("one", records)
    assert " 6 duplicate tape-year rows collapsed, 4 case records " in one_file
    assert kept == [("cand:1400001", 2015, date(2015, 3, 1), 13, "PLAINTIFF"),
                    ("cand:1400002", 2014, None, None, "PLAINTIFF"), ("cand:1400003", 2015, None, None, "PLAINTIFF"),
                    ("cand:1400004", 2015, None, None, "PLAÏNTIFF’S")]
    for split in ([records[2], records[6], records[8]], records[:2] + records[3:6] + [records[7], records[9]]), \
                 (records[:3], records[3:]):
        summary, split_kept = load(f"split{records.index(split[0][0])}", *split)
        assert " 6 duplicate tape-year rows collapsed, 4 case records " in summary
        assert split_kept == kept


def test_loading_a_file_again_changes_nothing_but_the_load_id(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    _ingest(db, "national.txt", "rejects.txt")
    first = _rows(db, "SELECT * EXCLUDE (load_id) FROM idb_cases ORDER BY ALL")
    rejects = _rows(db, "SELECT * EXCLUDE (load_id) FROM idb_rejects ORDER BY ALL")
    cases = _rows(db, "SELECT * FROM source_cases ORDER BY ALL")
    summary = _ingest(db, "national.txt", "rejects.txt")
    # the 18 records already loaded are superseded by their second copies, plus the stale 2011 record
    assert " 19 duplicate tape-year rows collapsed, 18 case records " in summary
    assert _rows(db, "SELECT * EXCLUDE (load_id) FROM idb_cases ORDER BY ALL") == first
    assert _rows(db, "SELECT * EXCLUDE (load_id) FROM idb_rejects ORDER BY ALL") == rejects
    assert _rows(db, "SELECT * FROM source_cases ORDER BY ALL") == cases


def test_each_build_rewrites_only_the_idb_copies_that_changed(tmp_path: Path) -> None:
    """The IDB's rows of source_cases are re-derived at every build, but a row wanted unchanged is left
    where it is (its rowid stays while no row is deleted): deleting every row to write it again cost a
    second a build at 50,000 cases. Whatever was rewritten, the rows are those a fresh copy gives."""
    db = tmp_path / "d.duckdb"

    def copies() -> dict[str, tuple]:
        return {row[1]: row for row in _rows(db, "SELECT rowid, * FROM source_cases WHERE source = 'idb'")}

    def assert_fresh() -> None:
        with duckdb.connect(str(db.resolve()), read_only=True) as con:
            stored = con.sql("SELECT * FROM source_cases WHERE source = 'idb' ORDER BY case_id").fetchall()
        with duckdb.connect() as con:
            con.execute(f"ATTACH '{db.resolve()}' AS b (READ_ONLY)")
            con.execute("USE b")
            con.execute((store.QUERIES / "load/idb/wanted_source_cases.sql").read_text())
            assert con.sql("SELECT * FROM _idb_source_cases ORDER BY case_id").fetchall() == stored

    _ingest(db, "national.txt")
    first = copies()
    assert len(first) == 10
    assert_fresh()
    # A case no IDB record knows: the copies stay as they were, rowids and all.
    store.ingest(db, Staging(cases=pl.DataFrame([dict(case_id="cand:2000001", court_id="cand", source="curated")])))
    assert copies() == first
    # A non-Doe IDB case a docket source now knows joins the copy; the others stay where they were.
    store.ingest(db, Staging(cases=pl.DataFrame([dict(case_id="nysd:1100004", court_id="nysd", source="curated")])))
    second = copies()
    assert set(second) - set(first) == {"nysd:1100004"}
    assert {k: v for k, v in second.items() if k in first} == first
    assert_fresh()
    # A later tape year of a Doe case says it ended otherwise: its copy alone is written again.
    lines = (GOLDEN / "national.txt").read_text(encoding="cp1252").splitlines()
    names = lines[0].split("\t")
    fields = next(x for x in lines if "\t1103825\t" in x).split("\t")
    for name, value in (("TERMDATE", "09/04/2012"), ("DISP", "13"), ("TAPEYEAR", "2013")):
        fields[names.index(name)] = value
    later = tmp_path / "later.txt"
    later.write_text(lines[0] + "\n" + "\t".join(fields) + "\n", encoding="cp1252")
    ingest(idb.IDB, db, [later])
    third = copies()  # (a delete compacts the rowids after it at the next checkpoint: values are compared)
    assert {k for k in third if third[k][1:] != second[k][1:]} == {"cand:1103825"}
    assert third["cand:1103825"][13:17] == (date(2012, 9, 4), 90, "820 Copyright", "dismissed: settled")
    assert_fresh()


@pytest.mark.parametrize("name, message", [
    ("not_idb.csv", ":1: not an FJC IDB civil file: the tab-separated header lacks DISTRICT, OFFICE, DOCKET, ORIGIN, "
                    "FILEDATE, NOS, PLT, DEF, TERMDATE, DISP, JUDGMENT, TAPEYEAR"),
    ("binary.bin", ":1: not an FJC IDB civil file: the first line is binary or not a header"),
    ("missing.txt", ": file not found"),
])
def test_a_file_that_is_not_idb_fails_and_leaves_the_database(national_db: Path, name: str, message: str,
                                                              capsys: pytest.CaptureFixture) -> None:
    before = table_contents(national_db)
    status, out, err = _cli(capsys, "ingest", "idb", str(GOLDEN / "national.txt"), str(GOLDEN / name),
                            "--db", str(national_db))
    assert (status, out) == (2, "")
    assert err == f"doedocket: {GOLDEN / name}{message}\n"
    assert table_contents(national_db) == before


def test_cli_ingest_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db = tmp_path / "d.duckdb"
    status, out, err = _cli(capsys, "ingest", "idb", str(GOLDEN / "rejects.txt"), "--db", str(db))
    assert (status, err) == (0, "")
    assert out.startswith(f"ingested into {db}: 1 IDB file(s), 14 rows read, 3 rows kept (NOS 820), ")
    assert out.endswith(", 10 rejected lines (see table idb_rejects: file, line, reason)\n")


def test_variant_header_and_line_ends(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    _ingest(db, "variant_header.txt")
    assert _rows(db, "SELECT case_id, district_code, date_filed, date_terminated, does_count FROM idb_cases") == [
        ("akd:0900001", "7-", date(2009, 1, 5), date(2009, 3, 6), 2)]


def test_nos_filter_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("DOEDOCKET_IDB_NOS", "440")
    db = tmp_path / "d.duckdb"
    assert " 1 rows kept (NOS 440), " in _ingest(db, "national.txt")
    assert _rows(db, "SELECT case_id, nos, plaintiff_raw FROM idb_cases") == [("cand:1200009", 440, "SOMEONE")]
    monkeypatch.setenv("DOEDOCKET_IDB_NOS", "all")
    assert " 17 rows kept (any NOS), " in _ingest(tmp_path / "all.duckdb", "national.txt")
    monkeypatch.setenv("DOEDOCKET_IDB_NOS", "copyright")
    with pytest.raises(SourceError, match="not a list of NOS codes"):
        _ingest(tmp_path / "bad.duckdb", "national.txt")
    # --nos wins over the environment, on the command line as in the library
    assert " 1 rows kept (NOS 440), " in ingest(idb.IDB, tmp_path / "opt.duckdb", [GOLDEN / "national.txt"], nos="440")
    assert main(["ingest", "idb", str(GOLDEN / "national.txt"), "--nos", "all", "--db", str(tmp_path / "c.duckdb")]) == 0
    assert " 17 rows kept (any NOS), " in capsys.readouterr().out


def test_idb_fills_gaps_of_docket_cases_and_docket_sources_win(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    docket = pl.DataFrame([dict(
        case_id="nysd:1100004", court_id="nysd", docket_number="1:11-cv-00004", docket_number_core="1100004",
        case_name="Beta Music Corp. v. Acme Bar & Grill LLC", plaintiff="Beta Music Corp.",
        plaintiff_key="beta music corp", date_filed=date(2011, 4, 1), source="curated")])
    store.ingest(db, Staging(cases=docket), fresh=True)
    _ingest(db, "national.txt")
    merged = _rows(db, "SELECT case_id, case_name, date_terminated, disposition, sources FROM cases "
                       "WHERE case_id IN ('nysd:1100004', 'nysd:1000005', 'cand:1103825') ORDER BY case_id")
    assert merged == [
        ("cand:1103825", "HARD DRIVE PRODUCTIONS, INC. v. DOES 1-90", date(2012, 3, 1), "dismissed: voluntarily", "idb"),
        ("nysd:1100004", "Beta Music Corp. v. Acme Bar & Grill LLC", date(2011, 10, 1), "judgment: default",
         "curated;idb"),
    ]  # nysd:1000005 is neither a Doe case nor known to a docket source: IDB only
    source = _rows(db, "SELECT does_in_caption, nature_of_suit, flags FROM source_cases "
                       "WHERE source = 'idb' AND case_id IN ('cand:1100001', 'nysd:1300010') ORDER BY case_id")
    assert source == [(10, "820 Copyright", "idb_reopened"), (1, "820 Copyright", "idb_truncated_names")]


@pytest.mark.parametrize("defendant, expected", [
    ("DOES 1-90", (True, 90, False)),
    ("JOHN DOES 1-30", (True, 30, False)),
    ("DOES 1 THROUGH 5865", (True, 5865, False)),
    ("JOHN DOE", (True, 1, False)),
    ("DOE, JOHN", (True, 1, False)),
    ("JOHN DOE SUBSCRIBER ASSIGNED I", (True, 1, False)),  # "... ASSIGNED IP ADDRESS 192.0.2.1" cut at 30
    ("DOES", (True, None, False)),
    ("JOHN DOES", (True, None, False)),
    ("PROFESSIONAL FILMS DOES 1-1234", (True, 1234, True)),  # 30 characters ending in the count: may be cut
    ("ACME BAR & GRILL", (False, None, False)),
    ("", (False, None, False)),
])
def test_caption_does(defendant: str, expected: tuple) -> None:
    does = idb.caption_does(defendant)
    assert (does.is_doe, does.count, does.count_at_cut) == expected


def test_truncation_limits() -> None:
    """The longest Doe captions of the usual forms still fit the 30 characters of DEF."""
    assert len("JOHN DOES 1 THROUGH 5865") <= idb.NAME_WIDTH
    assert len("JOHN DOES 1 THROUGH 1234567890") == idb.NAME_WIDTH
    assert idb.caption_does("JOHN DOES 1 THROUGH 1234567890").count_at_cut


def _lines(path: Path) -> list[str]:
    return idb.decode_cp1252(path.read_bytes()).split("\r\n")[1:-1]


def test_cp1252_lines_are_judged_like_their_ascii_twins(tmp_path: Path) -> None:
    """A line DuckDB cannot decode is re-read and re-scanned: same values and same refusals as if it were ASCII."""
    columns = list(idb.COLUMNS)

    def line(docket: int, plaintiff: str, **values: str) -> str:
        fields = dict.fromkeys(columns, "-8") | dict(DISTRICT="71", OFFICE="5", DOCKET=str(1400000 + docket),
                                                    FILEDATE="01/02/2014", NOS="820", PLT=plaintiff, DEF="DOES 1-2",
                                                    TAPEYEAR="2014") | values
        return "\t".join(fields[c] for c in columns)

    variants = [
        dict(), dict(DISTRICT="3a"), dict(DISTRICT="8", FILEDATE="1/2/2014"), dict(NOS='"820"'), dict(NOS=" 820 "),
        dict(TERMDATE='"-8"', OFFICE=""), dict(DOCKET="4294967296"), dict(DOCKET="12a"), dict(DOCKET=""),
        dict(NOS="-8"), dict(NOS="70000"), dict(DISP="12.0"), dict(FILEDATE="02/29/2013"), dict(JUDGMENT="x"),
        dict(DISTRICT=" 71"), dict(TERMDATE="12/31/1999", DISP="13"), dict(NOS="830"), dict(DEF="DOES 1-2\x00"),
    ]

    def load(plaintiff: str, name: str) -> tuple[list[tuple], list[tuple]]:
        lines = [line(i, plaintiff, **v) for i, v in enumerate(variants)] + [line(99, plaintiff)[:-5]]
        path = tmp_path / f"{name}.txt"
        path.write_bytes(("\t".join(columns) + "\r\n" + "\r\n".join(lines) + "\r\n").encode("cp1252"))
        db = tmp_path / f"{name}.duckdb"
        ingest(idb.IDB, db, [path])
        kept = _rows(db, "SELECT case_id, date_filed, date_terminated, office, disp, judgment, defendant_raw "
                         "FROM idb_cases ORDER BY case_id")
        return kept, _rows(db, "SELECT line_number, reason FROM idb_rejects ORDER BY line_number")

    ascii_kept, ascii_rejects = load("PLAIN NAME", "ascii")
    cp1252_kept, cp1252_rejects = load("PLAÏN NAME’S", "cp1252")
    assert cp1252_kept == ascii_kept
    assert cp1252_rejects == ascii_rejects
    assert len(ascii_kept) == 8 and len(ascii_rejects) == 10
