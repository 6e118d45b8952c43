"""`doedocket fetch idb` against a local stand-in for the FJC's site, and `ingest idb` of the FJC's zip.

The server (127.0.0.1, a thread) serves a dataset page written in the real page's shape and a
Deflate64 zip that Debian's 7zip makes here from the golden IDB files (tests/golden/idb/). It
honours HEAD, Range and If-Range like a static file server, and can drop a connection mid-body.
Every failure must be one line naming the URL or file, with the published database unchanged.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import os
import shutil
import socket
import subprocess
import threading
import zipfile
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import queries, store
from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.fetch import fjc
from pipelines.fetch.courtlistener import FetchError
from pipelines.sources.idb import archive

GOLDEN = Path(__file__).resolve().parent / "golden" / "idb"
PAGE_PATH = "/research/idb/civil-cases-filed-terminated-and-pending-sy-1988-present"
FILE_DIR = "/sites/default/files/idb/textfiles/"
LABEL = ("Civil Cases Cumulative File (Cases terminated in SY 1988 through March 31, 2026 and cases pending as of "
         "March 31, 2026)")
# The real page's shape: the file links sit in a field list, each anchor's text naming the file.
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Civil Cases Filed, Terminated, and Pending, SY 1988 -
Present | Federal Judicial Center</title></head><body><main><h1>Civil Cases Filed, Terminated, and Pending
from SY 1988 to Present</h1><div class="field field--name-field-files"><ul>
<li><span class="file"><a href="{href}" type="application/zip">{label}</a></span> <span>(324.36 MB)</span></li>
<li><a href="/sites/default/files/idb/codebooks/Civil%20Codebook%201988%20Forward.pdf">Civil Codebook 1988
Forward</a></li></ul></div></main></body></html>"""


def _seven_zip() -> str:
    found = shutil.which("7zz")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("7zz (Debian's 7zip) is missing: .ci/tools installs it")
        pytest.skip("7zz (Debian package 7zip) is not installed: it writes the Deflate64 zips these tests read")
    return found


def deflate64_zip(tmp: Path, source: Path, name: str, member: str = "cv88on.txt", repeat: int = 1) -> Path:
    """A zip of `source` (as `member`; its text `repeat` times, so that a small file compresses at all)
    compressed with Deflate64, made by 7zip like the FJC's."""
    folder = tmp / f"{name}.d"
    folder.mkdir()
    (folder / member).write_bytes(source.read_bytes() * repeat)
    out = tmp / name
    subprocess.run([_seven_zip(), "a", "-tzip", "-mm=Deflate64", "-bd", "-bso0", str(out), member],
                   cwd=folder, check=True)
    with zipfile.ZipFile(out) as z:
        assert [(i.filename, i.compress_type) for i in z.infolist()] == [(member, 9)]  # 9 = Deflate64
    return out


class FjcSite:
    """The dataset page and files under /sites/default/files/idb/textfiles/, until `stop()`."""

    def __init__(self, page: str | None = None) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}  # name -> (bytes, ETag)
        self.page = page
        self.drops = 0  # GETs of a file to cut off halfway, from the next one on
        self.hits: list[tuple[str, str, str | None]] = []  # (method, path, Range)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._answer(self, body=True)

            def do_HEAD(self) -> None:
                site._answer(self, body=False)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # Named, not numbered: an error message shows no IP address (SourceError replaces them).
        self.root = f"http://localhost:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FjcSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    @property
    def page_url(self) -> str:
        return self.root + PAGE_PATH

    def url(self, name: str) -> str:
        return self.root + FILE_DIR + name

    def put(self, name: str, data: bytes) -> None:
        self.files[name] = (data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')

    def gets(self, name: str) -> list[str | None]:
        """The Range header of every GET of file `name`."""
        return [r for m, p, r in self.hits if m == "GET" and p == FILE_DIR + name]

    def _answer(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        self.hits.append((h.command, h.path, h.headers.get("Range")))
        if h.path == PAGE_PATH and self.page is not None:
            return self._send(h, 200, self.page.encode(), {"Content-Type": "text/html; charset=utf-8"}, body)
        name = h.path.removeprefix(FILE_DIR)
        if not h.path.startswith(FILE_DIR) or name not in self.files:
            return self._send(h, 404, b"<h1>Page not found</h1>", {"Content-Type": "text/html"}, body)
        data, etag = self.files[name]
        headers = {"Content-Type": "application/zip", "ETag": etag, "Accept-Ranges": "bytes",
                   "Last-Modified": email.utils.formatdate(1_770_000_000, usegmt=True)}
        start, status = 0, 200
        wanted = h.headers.get("Range", "")
        if wanted.startswith("bytes=") and h.headers.get("If-Range") in (None, etag):
            start = int(wanted[6:].split("-")[0])
            if start >= len(data):
                return self._send(h, 416, b"", {"Content-Range": f"bytes */{len(data)}"}, body)
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        if body and self.drops:
            self.drops -= 1
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data) - start))
            h.end_headers()
            h.wfile.write(data[start:start + (len(data) - start) // 2])
            h.wfile.flush()
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return None
        return self._send(h, status, data[start:], headers, body)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict, body: bool) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if body:
            h.wfile.write(data)


def _idb_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * EXCLUDE (source_file, load_id) FROM idb_cases ORDER BY ALL").fetchall()
    finally:
        con.close()


def _source_files(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT source, name, description, cut_off, bytes, sha256, url FROM source_files "
                           "ORDER BY ALL").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def zips(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("zips")
    national = deflate64_zip(tmp, GOLDEN / "national.txt", "cv88on_0.zip")
    whole = national.read_bytes()
    truncated = tmp / "truncated.zip"
    truncated.write_bytes(whole[: len(whole) // 2])
    return {"national": national, "newer": deflate64_zip(tmp, GOLDEN / "tape_2012.txt", "newer.zip"),
            "not_idb": deflate64_zip(tmp, GOLDEN / "not_idb.csv", "not_idb.zip", repeat=50), "truncated": truncated}


@pytest.fixture(scope="module")
def expected_rows(tmp_path_factory) -> list[tuple]:
    """idb_cases as the plain text file gives it: what the zip must give."""
    db = tmp_path_factory.mktemp("text") / "d.duckdb"
    assert main(["ingest", "idb", str(GOLDEN / "national.txt"), "--db", str(db)]) == 0
    return _idb_rows(db)


@pytest.fixture
def base_db(tmp_path) -> Path:
    """A published database holding one IDB file, to check failures leave it as it was."""
    db = tmp_path / "db" / "d.duckdb"
    assert main(["ingest", "idb", str(GOLDEN / "tape_2011.txt"), "--db", str(db)]) == 0
    return db


def _unchanged(db: Path, build: Path, rows: list[tuple]) -> None:
    assert store.published_build(db) == build
    assert _idb_rows(db) == rows
    assert not list((db.parent / "builds").glob("*.partial*"))  # nothing left of the failed build


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("doedocket: ")
    return err.strip()


def test_fetch_finds_the_file_resumes_a_dropped_download_and_records_it(zips, expected_rows, tmp_path, capsys):
    data = zips["national"].read_bytes()
    db, cache = tmp_path / "d.duckdb", tmp_path / "cache"
    with FjcSite(PAGE.format(href=FILE_DIR + "cv88on_0.zip", label=LABEL)) as site:
        site.put("cv88on_0.zip", data)
        site.drops = 1  # the first download is cut off halfway
        assert main(["fetch", "idb", "--page", site.page_url, "--db", str(db), "--cache-dir", str(cache)]) == 0
        assert site.gets("cv88on_0.zip") == [None, f"bytes={(len(data)) // 2}-"]  # resumed where it stopped
    out = capsys.readouterr().out
    sha = hashlib.sha256(data).hexdigest()
    assert out.startswith(f"cv88on_0.zip (FJC IDB civil file through 2026-03-31; {len(data):,} bytes, "
                          f"SHA-256 {sha}) downloaded; ingested into {db}: 1 IDB file(s), 17 rows read")
    assert (cache / "cv88on_0.zip").read_bytes() == data
    assert sorted(p.name for p in cache.iterdir()) == ["cv88on_0.zip", "cv88on_0.zip.json"]  # no .part left
    assert _idb_rows(db) == expected_rows  # the zip reads exactly as the text file
    assert _source_files(db) == [("idb", "cv88on_0.zip", "FJC IDB civil file", date(2026, 3, 31), len(data), sha,
                                  site.url("cv88on_0.zip"))]
    con = duckdb.connect(str(db), read_only=True)
    try:
        facts = queries.provenance(con, store.published_build(db))
    finally:
        con.close()
    [about] = [s["about"] for s in facts["sources"] if s["item"] == "source file"]
    assert about.startswith(f"FJC IDB civil file through 2026-03-31, cv88on_0.zip, {len(data)} bytes, SHA-256 {sha}, "
                            "downloaded ")
    assert about.endswith(" from " + site.url("cv88on_0.zip"))


def test_a_second_fetch_does_not_download_an_unchanged_file_and_a_changed_one_again(zips, tmp_path, capsys):
    db, cache = tmp_path / "d.duckdb", tmp_path / "cache"
    args = ["fetch", "idb", "--db", str(db), "--cache-dir", str(cache)]
    with FjcSite(PAGE.format(href=FILE_DIR + "cv88on_0.zip", label=LABEL)) as site:
        site.put("cv88on_0.zip", zips["national"].read_bytes())
        args += ["--page", site.page_url]
        assert main(args) == 0
        assert main(args) == 0
        assert len(site.gets("cv88on_0.zip")) == 1  # the second run asked (HEAD) and did not download
        assert [m for m, p, _r in site.hits if p.endswith("cv88on_0.zip")] == ["GET", "HEAD"]
        assert "unchanged since it was downloaded, not fetched again; ingested" in capsys.readouterr().out
        site.put("cv88on_0.zip", zips["newer"].read_bytes())  # re-uploaded under the same name
        assert main(args) == 0
        assert len(site.gets("cv88on_0.zip")) == 2
    assert (cache / "cv88on_0.zip").read_bytes() == zips["newer"].read_bytes()
    assert [r[1] for r in _source_files(db)] == ["cv88on_0.zip", "cv88on_0.zip"]  # both contents were read


def test_url_option_fetches_without_the_page(zips, expected_rows, tmp_path, capsys):
    db = tmp_path / "d.duckdb"
    with FjcSite(page=None) as site:  # no dataset page at all
        site.put("cv88on.zip", zips["national"].read_bytes())
        assert main(["fetch", "idb", "--url", site.url("cv88on.zip"), "--db", str(db),
                     "--cache-dir", str(tmp_path / "c")]) == 0
        assert [p for _m, p, _r in site.hits] == [FILE_DIR + "cv88on.zip"]
    assert "(FJC IDB civil file cut-off not known;" in capsys.readouterr().out
    assert _idb_rows(db) == expected_rows
    [row] = _source_files(db)
    assert row[1] == "cv88on.zip" and row[3] is None and row[6] == site.url("cv88on.zip")


def test_url_with_a_stated_cut_off_records_it(zips, expected_rows, tmp_path, capsys):
    db = tmp_path / "d.duckdb"
    with FjcSite(page=None) as site:
        site.put("cv88on.zip", zips["national"].read_bytes())
        assert main(["fetch", "idb", "--url", site.url("cv88on.zip"), "--cut-off", "2026-03-31", "--db", str(db),
                     "--cache-dir", str(tmp_path / "c")]) == 0
    assert "(FJC IDB civil file through 2026-03-31;" in capsys.readouterr().out
    [row] = _source_files(db)
    assert row[1] == "cv88on.zip" and str(row[3]) == "2026-03-31"
    assert main(["fetch", "idb", "--cut-off", "2026-03-31", "--db", str(db)]) == 2
    assert _one_line_error(capsys) == "doedocket: --cut-off: goes with --url (the dataset page states the file's " \
                                      "cut-off itself)"
    with pytest.raises(SystemExit):
        main(["fetch", "idb", "--url", "http://x/cv88on.zip", "--cut-off", "31/03/2026", "--db", str(db)])
    assert "not a date in the form YYYY-MM-DD: '31/03/2026'" in capsys.readouterr().err


@pytest.mark.parametrize("case", ["404", "no link", "truncated zip", "not an IDB file"])
def test_failures_are_one_line_and_leave_the_database_as_it_was(case, zips, base_db, tmp_path, capsys):
    build, rows = store.published_build(base_db), _idb_rows(base_db)
    capsys.readouterr()
    with FjcSite(PAGE.format(href="/sites/default/files/idb/codebooks/x.pdf", label="Civil Codebook")) as site:
        site.put("truncated.zip", zips["truncated"].read_bytes())
        site.put("not_idb.zip", zips["not_idb"].read_bytes())
        url = {"404": site.url("cv88on_0.zip"), "truncated zip": site.url("truncated.zip"),
               "not an IDB file": site.url("not_idb.zip")}.get(case)
        where = ["--url", url] if url else ["--page", site.page_url]
        assert main(["fetch", "idb", *where, "--db", str(base_db), "--cache-dir", str(tmp_path / "c")]) == 2
    message = _one_line_error(capsys)
    cached = tmp_path / "c"
    assert message == {
        "404": f"doedocket: {site.url('cv88on_0.zip')}: HTTP 404 Not Found",
        "no link": f"doedocket: {site.page_url}: no link to the civil cumulative file (a link reading 'Civil Cases "
                   "Cumulative File ...') on the page; pass the file's address with --url",
        "truncated zip": f"doedocket: {cached / 'truncated.zip'}: truncated or damaged zip (File is not a zip file)",
        "not an IDB file": f"doedocket: {cached / 'not_idb.zip'}:1: not an FJC IDB civil file: the tab-separated "
                           "header lacks DISTRICT, OFFICE, DOCKET, ORIGIN, FILEDATE, NOS, PLT, DEF, TERMDATE, DISP, "
                           "JUDGMENT, TAPEYEAR",
    }[case]
    _unchanged(base_db, build, rows)


def test_ingest_reads_the_zip_and_refuses_a_damaged_member(zips, expected_rows, base_db, tmp_path, capsys):
    db = tmp_path / "zip" / "d.duckdb"
    assert main(["ingest", "idb", str(zips["national"]), "--db", str(db)]) == 0
    assert _idb_rows(db) == expected_rows
    assert not [p for p in (db.parent / "builds").iterdir() if ".idb-" in p.name]  # the inflated copy is gone
    # A byte of the compressed member flipped: the CRC-32 (or the inflater) refuses it inside the build.
    data = bytearray(zips["national"].read_bytes())
    with zipfile.ZipFile(zips["national"]) as z:
        info = z.infolist()[0]
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    build, rows = store.published_build(base_db), _idb_rows(base_db)
    capsys.readouterr()
    assert main(["ingest", "idb", str(damaged), "--db", str(base_db)]) == 2
    message = _one_line_error(capsys)
    assert message.startswith(f"doedocket: {damaged.resolve()}:cv88on.txt: damaged ")
    _unchanged(base_db, build, rows)


def test_the_member_is_inflated_from_one_read_buffer(zips, monkeypatch):
    """inflate64 1.0.4 keeps a reference to every object its `inflate` is given, so each read's bytes
    stayed in memory (500 MB of RSS at ten million rows): every read goes into one buffer, and the
    member still inflates whole and checked, over many reads and a last short one."""
    monkeypatch.setattr(archive, "READ_SIZE", 64)
    given = []
    make = archive._decompressor

    def spying(method: int):
        inflate = make(method)
        return lambda data: given.append(data.obj if isinstance(data, memoryview) else data) or inflate(data)

    monkeypatch.setattr(archive, "_decompressor", spying)
    info = archive.member(zips["national"])
    assert info.compress_size % 64 and info.compress_size > 64 * 10
    assert b"".join(archive.chunks(zips["national"], info)) == (GOLDEN / "national.txt").read_bytes()
    assert len(given) == -(-info.compress_size // 64)
    assert len({id(g) for g in given}) == 1 and isinstance(given[0], bytearray)


def test_a_full_disk_while_unzipping_is_one_line_and_leaves_the_database(zips, base_db, capsys, monkeypatch):
    """The unzipped text takes about 2.7 GB beside the build: a write that fails (here the disk full after
    the first chunk) is one line naming the zip and the folder, the half-written text is gone, and the
    published database is as it was."""
    real_open = open

    class Full:
        def __init__(self, path: Path) -> None:
            self.file, self.path, self.writes = real_open(path, "wb"), path, 0

        def write(self, data: bytes) -> int:
            self.writes += 1
            if self.writes > 1:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.file.write(data)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc) -> None:
            self.file.close()

    opened = []
    monkeypatch.setattr(archive, "READ_SIZE", 256)
    monkeypatch.setattr(archive, "open", lambda path, mode="r", *a, **k: opened.append(Full(path)) or opened[-1]
                        if mode == "wb" else real_open(path, mode, *a, **k), raising=False)
    build, rows = store.published_build(base_db), _idb_rows(base_db)
    capsys.readouterr()
    assert main(["ingest", "idb", str(zips["national"]), "--db", str(base_db)]) == 2
    message = _one_line_error(capsys)
    assert message == (f"doedocket: {zips['national'].resolve()}:cv88on.txt: cannot write its unzipped text to "
                       f"{(base_db.parent / 'builds').resolve()} (No space left on device)")
    assert opened and opened[0].writes == 2 and not opened[0].path.exists()
    _unchanged(base_db, build, rows)


def test_a_read_error_of_the_zip_is_not_taken_for_a_full_disk(zips, monkeypatch):
    """An error reading the zip while it is inflated says so (the unzip step also reports write errors)."""
    real_open = open

    class Failing:
        def __init__(self, path: Path) -> None:
            self.file = real_open(path, "rb", buffering=0)

        def __getattr__(self, name: str):
            return getattr(self.file, name)

        def readinto(self, buffer) -> int:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc) -> None:
            self.file.close()

    monkeypatch.setattr(archive, "open", lambda path, mode="r", *a, **k: Failing(path) if k.get("buffering") == 0
                        and mode == "rb" else real_open(path, mode, *a, **k), raising=False)
    info = archive.member(zips["national"])
    with pytest.raises(SourceError) as caught:
        list(archive.chunks(zips["national"], info))
    assert str(caught.value) == f"{zips['national']}:cv88on.txt: cannot read the zip (Input/output error)"


def test_a_download_that_cannot_be_resumed_is_one_error(zips, tmp_path):
    waits = []
    with FjcSite() as site:
        site.put("cv88on_0.zip", zips["national"].read_bytes())
        site.drops = 10
        downloader = fjc.Downloader(cache_dir=tmp_path, retries=2, sleep=waits.append)
        with pytest.raises(FetchError) as raised:
            downloader.fetch(site.url("cv88on_0.zip"))
        size = len(zips["national"].read_bytes())
        assert str(raised.value).startswith(f"{site.url('cv88on_0.zip')}: download stopped at ")
        assert str(raised.value).endswith(f" of {size} bytes and could not be resumed after 2 tries (connection "
                                          "closed early)")
        assert len(site.gets("cv88on_0.zip")) == 3 and waits == [1.0, 2.0]
        assert not (tmp_path / "cv88on_0.zip").exists()  # only the .part, to resume from next time
        have = (tmp_path / "cv88on_0.zip.part").stat().st_size
        assert size // 2 < have < size
        site.drops = 0  # the next run (a new process) resumes from the .part
        got = fjc.Downloader(cache_dir=tmp_path).fetch(site.url("cv88on_0.zip"))
        assert site.gets("cv88on_0.zip")[-1] == f"bytes={have}-" and got.downloaded
    assert got.path.read_bytes() == zips["national"].read_bytes()
    assert got.sha256 == hashlib.sha256(zips["national"].read_bytes()).hexdigest()
    assert not (tmp_path / "cv88on_0.zip.part").exists()


def test_the_page_parser_takes_the_latest_civil_file_and_its_cut_off():
    page = PAGE.format(href="textfiles/cv88on.zip", label=LABEL.replace("March 31, 2026", "Dec. 31, 2025"))
    page += PAGE.format(href="/sites/default/files/idb/textfiles/cv88on_0.zip", label=LABEL)
    found = fjc.parse_dataset_page(page, "https://www.fjc.gov/research/idb/page")
    assert found == fjc.CivilFile("https://www.fjc.gov/sites/default/files/idb/textfiles/cv88on_0.zip", LABEL,
                                  date(2026, 3, 31))
    older = fjc.parse_dataset_page(PAGE.format(href="textfiles/cv88on.zip", label=LABEL.replace(
        "March 31, 2026", "Dec. 31, 2025")), "https://www.fjc.gov/research/idb/page")
    assert (older.url, older.cut_off) == ("https://www.fjc.gov/research/idb/textfiles/cv88on.zip", date(2025, 12, 31))
    with pytest.raises(SourceError, match="no link to the civil cumulative file"):
        fjc.parse_dataset_page("<html><a href='x.zip'>Criminal Defendants</a></html>", "https://x/page")


def test_a_zip_without_one_text_member_is_refused(tmp_path):
    both = tmp_path / "two.zip"
    with zipfile.ZipFile(both, "w") as z:
        z.writestr("a.txt", "x")
        z.writestr("b.txt", "y")
    with pytest.raises(SourceError) as raised:
        archive.member(both)
    assert str(raised.value) == f"{both}: expected one IDB text member (cv88on.txt) in the zip, found a.txt, b.txt"


@pytest.mark.parametrize("page", ["national", "data"])
def test_the_national_and_data_pages_say_which_file_through_when(page, zips, tmp_path, monkeypatch):
    db = tmp_path / "d.duckdb"
    with FjcSite(PAGE.format(href=FILE_DIR + "cv88on_0.zip", label=LABEL)) as site:
        site.put("cv88on_0.zip", zips["national"].read_bytes())
        assert main(["fetch", "idb", "--page", site.page_url, "--db", str(db), "--cache-dir", str(tmp_path / "c")]) == 0
    today = datetime.now(UTC).date().isoformat()
    monkeypatch.setenv("DOEDOCKET_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(f"dashboard/views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    data = zips["national"].read_bytes()
    said = [c.value for c in at.caption if "FJC IDB civil file" in c.value]
    assert said == [("Read from: " if page == "national" else "Source files: ")
                    + f"FJC IDB civil file through 2026-03-31, cv88on_0.zip, {len(data)} bytes, SHA-256 "
                      f"{hashlib.sha256(data).hexdigest()}, downloaded {today} from {site.url('cv88on_0.zip')}."]
