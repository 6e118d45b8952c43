"""The bad-input corpus (tests/bad_inputs/, listed in manifest.csv), for every source format.

Each file (or directory) is ingested with `doedocket ingest SOURCE PATH [ARGS]` into a private copy
of the fixture database. Manifest columns: `exit` 2 means the load must fail with exit status 2,
nothing on stdout, exactly one line on stderr naming the file and the record (`message` holds the
expected `<file>[:<record>]: <problem>`), no IP address in it, and every table unchanged. `exit` 0
means the input loads harmlessly (`message` is in the summary line, no NUL character or raw IP
address reaches the database), or, for FJC IDB files, that bad lines are skipped, counted and
reported: `rejects` lines in `idb_rejects`, `message` lists `<line>: <reason>` for each, and every
line of the file is either kept or rejected. Inputs too large to commit (a 50 MB single line) are
written at test time. Runs in-process for speed; one real process per source proves the exit
status and the single stderr line end to end.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from tests import fixture_db
from tests.snapshots import table_contents
from tests.tools import figures
from tests.tools.leaks import ip_literals

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
with open(CORPUS / "manifest.csv", newline="") as fh:
    MANIFEST = list(csv.DictReader(fh))
FAILS = [r for r in MANIFEST if r["exit"] == "2"]
LOADS = [r for r in MANIFEST if r["exit"] == "0" and r["source"] != "idb"]
IDB_SKIPS = [r for r in MANIFEST if r["exit"] == "0" and r["source"] == "idb"]
SOURCES = ("curated", "pacer", "recap", "courtlistener", "idb", "exhibits", "synthetic", "courtlistener-bulk")
FIFTY_MB = 50 * 1024 * 1024
SUMMARY = re.compile(r"(\d+) rows read, (\d+) rows kept \(NOS 820\), (\d+) duplicate tape-year rows collapsed, "
                     r"(\d+) case records in idb_cases.* (\d+) rejected lines")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    db = fixture_db.build(tmp_path_factory.mktemp("bad"))
    return db, table_contents(db)


@pytest.fixture()
def db(built, tmp_path) -> Path:
    """A private copy of the fixture database (builds, published symlink and key)."""
    shutil.copytree(built[0].parent, tmp_path / "db", symlinks=True)
    return tmp_path / "db" / built[0].name


@pytest.fixture()
def before(built) -> dict:
    return built[1]


def ingest(capfd, source: str, path: Path, db: Path, args: str = "") -> tuple[int, str, str]:
    """`doedocket ingest` in-process: (exit status, stdout, stderr)."""
    code = main(["ingest", source, str(path), "--db", str(db), *args.split()])
    out, err = capfd.readouterr()
    return code, out, err


def assert_failed_cleanly(code: int, out: str, err: str, path: Path, message: str, db: Path, before: dict,
                          target: Path) -> None:
    assert code == 2, out + err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"doedocket: {path}"), err  # one line, naming the file
    assert message in err, err
    assert ip_literals(err) == []
    assert db.resolve() == target and table_contents(db) == before
    assert not list((db.parent / "builds").glob("*.partial*"))


def text_cells(db: Path) -> list[str]:
    return [v for rows in table_contents(db).values() for row in rows for v in row if isinstance(v, str)]


@pytest.mark.parametrize("row", FAILS, ids=lambda r: r["path"])
def test_bad_input_fails_cleanly_and_changes_nothing(row, db, before, capfd):
    figures.tried("bad inputs")
    path = CORPUS / row["path"]
    target = db.resolve()
    code, out, err = ingest(capfd, row["source"], path, db, row["args"])
    assert_failed_cleanly(code, out, err, path, row["message"], db, before, target)
    figures.held("bad inputs")


@pytest.mark.parametrize("row", LOADS, ids=lambda r: r["path"])
def test_harmless_input_loads_without_nul_or_address(row, db, capfd):
    figures.tried("bad inputs")
    code, out, err = ingest(capfd, row["source"], CORPUS / row["path"], db, row["args"])
    assert (code, err) == (0, ""), err
    assert row["message"] in out
    cells = text_cells(db)
    assert [c for c in cells if "\x00" in c] == []
    assert [c for c in cells if ip_literals(c)] == []
    figures.held("bad inputs")


def data_lines(path: Path) -> int:
    raw = path.read_bytes()
    return raw.count(b"\n") - 1 + (not raw.endswith(b"\n"))


def assert_lines_accounted_for(out: str, path: Path, db: Path, expected: dict[int, str]) -> None:
    """Every data line of the IDB file is kept or rejected; the rejects are exactly `expected`
    (line -> words of its reason), each with its reason in `idb_rejects` and counted in the summary."""
    found = SUMMARY.search(out)
    assert found, out
    read, kept, collapsed, records, rejected = map(int, found.groups())
    assert read == data_lines(path), f"{data_lines(path)} lines in the file, {read} read"
    assert read == kept + rejected and rejected == len(expected)
    if rejected:
        assert f"{rejected} rejected lines (see table idb_rejects: file, line, reason)" in out
    rejects = {line: reason for _file, line, reason, _raw, _load in table_contents(db)["idb_rejects"]}
    assert sorted(rejects) == sorted(expected)
    for line, words in expected.items():
        assert words in rejects[line], (line, rejects[line])
    assert len(table_contents(db)["idb_cases"]) == records == kept - collapsed


@pytest.mark.parametrize("row", IDB_SKIPS, ids=lambda r: r["path"])
def test_bad_idb_lines_are_skipped_counted_and_reported(row, db, capfd):
    figures.tried("bad inputs")
    path = CORPUS / row["path"]
    code, out, err = ingest(capfd, "idb", path, db)
    assert (code, err) == (0, ""), err
    expected = {}
    if int(row["rejects"]):
        expected = {int(line): reason for line, _, reason in
                    (item.strip().partition(": ") for item in row["message"].split(" | "))}
    else:
        assert row["message"] in out
    assert_lines_accounted_for(out, path, db, expected)
    assert [c for c in text_cells(db) if ip_literals(c) or "\x00" in c] == []
    figures.held("bad inputs")


# --- a 50 MB single line, written at test time ---------------------------------------------------

def _fifty_mb(tmp: Path, source: str) -> tuple[Path, str]:
    """(path, expected message) of a file for `source` holding a 50 MB single line."""
    line = b"A" * FIFTY_MB
    if source == "curated":
        folder = tmp / "curated"
        shutil.copytree(CORPUS / "curated" / "formula_cells", folder)
        header = (folder / "cases.csv").read_bytes().splitlines()[0]
        (folder / "cases.csv").write_bytes(header + b"\n" + line + b"\n")
        return folder, "cases.csv:2: court_id and case_name are required"
    if source == "pacer":
        path = tmp / "page_ilnd_1.html"
        path.write_bytes(b"<html><body>" + line + b"</body></html>")
        return path, "page_ilnd_1.html: not a PACER docket"
    if source == "courtlistener":
        path = tmp / "docket.json"
        path.write_bytes(b'{"id": 5, "court_id": "cand", "docket_number": "5:11-cv-04101", "date_filed": "2011-08-19", '
                         b'"case_name": "' + line + b'"}')
        return path, f"docket.json:docket 5: case_name is {FIFTY_MB:,} characters long (more than 100,000)"
    if source == "exhibits":
        path = tmp / "exhibit.csv"
        path.write_bytes(b"doe,ip,observed_at,isp\n1,192.0.2.1,2011-06-12 01:00:00," + line + b"\n")
        return path, "exhibit.csv:2: not a readable CSV row (field larger than field limit (131072))"
    path = tmp / "exhibit.txt"
    path.write_bytes(b"Doe   IP Address    ISP      Date/Time (UTC)\n" + line + b"\n")
    return path, f"exhibit.txt:2: line is {FIFTY_MB:,} characters long (more than 100,000): not exhibit text"


@pytest.mark.parametrize("kind", ["curated", "pacer", "courtlistener", "exhibits", "exhibits_text"])
def test_fifty_mb_single_line_fails_cleanly(kind, db, before, tmp_path, capfd):
    figures.tried("bad inputs")
    path, message = _fifty_mb(tmp_path, kind)
    source = "exhibits" if kind.startswith("exhibits") else kind
    code, out, err = ingest(capfd, source, path, db, "--case cand:1100002" if source == "exhibits" else "")
    assert_failed_cleanly(code, out, err, path, message, db, before, db.resolve())
    figures.held("bad inputs")


# --- IDB lines the scanner cannot split: skipped, counted and reported like any bad line ---------

def _idb_line(docket: int, **values: str) -> bytes:
    from pipelines.sources.idb import COLUMNS

    fields = dict.fromkeys(COLUMNS, "-8") | dict(CIRCUIT="9", DISTRICT="71", OFFICE="5", DOCKET=str(docket), ORIGIN="1",
                                              FILEDATE="01/02/2014", NOS="820", PLT="OMEGA FILMS", DEF="ACME BAR INC",
                                              TERMDATE="03/04/2014", DISP="12", JUDGMENT="0", TAPEYEAR="2014") | values
    return "\t".join(fields[c] for c in COLUMNS).encode("cp1252")


def _idb_file(path: Path, *lines: bytes) -> Path:
    from pipelines.sources.idb import COLUMNS

    path.write_bytes(b"\r\n".join(["\t".join(COLUMNS).encode(), *lines]) + b"\r\n")
    return path


def test_idb_fifty_mb_line_is_rejected_not_dropped(db, tmp_path, capfd):
    figures.tried("bad inputs")
    path = _idb_file(tmp_path / "big.txt", _idb_line(1400001), b"A" * FIFTY_MB, _idb_line(1400002))
    code, out, err = ingest(capfd, "idb", path, db)
    assert (code, err) == (0, "")
    assert_lines_accounted_for(out, path, db, {3: f"line is {FIFTY_MB + 2:,} bytes long (more than 2,000,000)"})
    figures.held("bad inputs")


def test_idb_unbalanced_quote_rejects_one_line(db, tmp_path, capfd):
    figures.tried("bad inputs")
    path = _idb_file(tmp_path / "quote.txt", _idb_line(1400001), _idb_line(1400002, PLT='"OMEGA FILMS'),
                     _idb_line(1400003), _idb_line(1400004))
    code, out, err = ingest(capfd, "idb", path, db)
    assert (code, err) == (0, "")
    assert_lines_accounted_for(out, path, db, {3: 'unbalanced quote: a value opening with " is not closed on its line'})
    figures.held("bad inputs")


def test_idb_short_line_has_one_reason(db, capfd):
    ingest(capfd, "idb", CORPUS / "idb" / "short_last_line.txt", db)
    reasons = [reason for _f, _line, reason, _raw, _load in table_contents(db)["idb_rejects"]]
    assert reasons == ["wrong number of columns: expected 46, found 10"]


# --- real processes, the manifest itself ----------------------------------------------------------

@pytest.mark.parametrize("source", ["pacer", "idb", "exhibits", "synthetic"])
def test_real_process_exits_2_with_one_line(source, db, before):
    """The console script's own process: exit status 2, one stderr line, nothing else printed."""
    row = next(r for r in FAILS if r["source"] == source)
    path = CORPUS / row["path"]
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "ingest", source, str(path), "--db", str(db),
                          *row["args"].split()], capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"doedocket: {path}") and row["message"] in out.stderr
    assert table_contents(db) == before


def test_header_only_files_load_nothing(db, before, capfd):
    code, out, err = ingest(capfd, "curated", CORPUS / "curated" / "header_only_cases", db)
    assert (code, err) == (0, "")
    assert table_contents(db) == before


def test_manifest_covers_the_corpus_and_every_format():
    listed = {r["path"] for r in MANIFEST}
    on_disk = {str(p.relative_to(CORPUS)) for fmt in CORPUS.iterdir() if fmt.is_dir() for p in fmt.iterdir()}
    assert on_disk <= listed, sorted(on_disk - listed)
    assert listed - on_disk == {"curated/no_such_directory"}  # the one entry that must not exist
    assert {r["source"] for r in MANIFEST} == set(SOURCES)
    assert len(MANIFEST) >= 40
    for fmt in SOURCES:
        assert len([r for r in MANIFEST if r["source"] == fmt]) >= 6, fmt
