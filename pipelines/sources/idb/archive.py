"""The IDB civil file inside the zip the FJC publishes (`cv88on_0.zip`), and what a build records of it.

The FJC's zip holds one member, `cv88on.txt`, compressed with Deflate64 (method 9), which Python's
`zipfile` cannot inflate. Here `zipfile` reads only the archive's directory (which member, its
method, sizes and CRC-32); the member's bytes are inflated by PyPI's `inflate64` (Deflate64; `zlib`
for plain Deflate, none for a stored member), and checked against the directory's size and CRC-32.
A zip cut short (no directory, or a member that ends early), damaged bytes, or a zip holding no
single text member is one `SourceError` naming the file.

The scan reads its file several times (a thread counts its lines while DuckDB scans it; refused
lines are fetched again by byte offset), so the member is inflated into a temporary file first:
beside the build being written (`<build>.partial.idb-<member>`, which the store removes with the
partial build if the process dies), and deleted once scanned. `source_file` records what a build
keeps of each file read: its name, size and SHA-256 (taken by `sha256_in_background` in a thread of its
own, after the scan and while the rest of the build runs), and, when `doedocket fetch idb` downloaded it,
the record the fetch saved beside it (`<file>.json`: URL, cut-off date, when it was retrieved).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import inflate64

from pipelines.errors import SourceError
from pipelines.sources.idb.lines import READ_SIZE

ZIP_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = 30  # bytes of a zip local file header before its name and extra field
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "Deflate", 9: "Deflate64"}
DESCRIPTION = "FJC IDB civil file"


def is_zip(path: Path) -> bool:
    """Whether `path` starts like a zip archive (a truncated one too)."""
    with open(path, "rb") as fh:
        return fh.read(4) == ZIP_MAGIC


def member(path: Path) -> zipfile.ZipInfo:
    """The IDB text member of the zip `path`: its only file, else its only `.txt` file."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(path, None, f"truncated or damaged zip ({exc})") from None
    texts = [i for i in files if i.filename.lower().endswith(".txt")]
    chosen = files if len(files) == 1 else texts
    if len(chosen) != 1:
        names = ", ".join(i.filename for i in files) or "nothing"
        raise SourceError(path, None, f"expected one IDB text member (cv88on.txt) in the zip, found {names}")
    info = chosen[0]
    if info.compress_type not in _METHODS:
        raise SourceError(path, info.filename, f"compression method {info.compress_type} is not stored, "
                                               "Deflate or Deflate64")
    if info.flag_bits & 0x1:
        raise SourceError(path, info.filename, "the member is encrypted")
    return info


def _decompressor(method: int):
    if method == 9:
        return inflate64.Inflater().inflate
    if method == zipfile.ZIP_DEFLATED:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress
    return bytes


def chunks(path: Path, info: zipfile.ZipInfo, *, check: bool = True) -> Iterator[bytes]:
    """The member's uncompressed bytes, chunk by chunk; with `check`, its size and CRC-32 are checked
    at the end (a member cut short or damaged raises `SourceError`)."""
    where = (path, info.filename)
    # One buffer for every read: inflate64 1.0.4 keeps a reference to each object its `inflate` is given
    # (it never releases the buffer it borrows), so a new bytes object per read stayed in memory: the
    # whole compressed member, 500 MB of RSS for a ten-million-row file.
    buf = bytearray(READ_SIZE)
    view = memoryview(buf)
    try:  # (a read error of the zip is told apart from a write error of its unzipped text)
        with open(path, "rb", buffering=0) as fh:
            fh.seek(info.header_offset)
            head = fh.read(_LOCAL_HEADER)
            if len(head) < _LOCAL_HEADER or head[:4] != ZIP_MAGIC:
                raise SourceError(*where, "truncated or damaged zip (no local header where the directory points)")
            fh.seek(int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little"), 1)
            inflate = _decompressor(info.compress_type)
            left, written, crc = info.compress_size, 0, 0
            try:
                while left:
                    size = fh.readinto(view[:min(left, READ_SIZE)])
                    if not size:
                        break
                    left -= size
                    out = inflate(buf if size == READ_SIZE else view[:size])
                    written += len(out)
                    if check:
                        crc = zlib.crc32(out, crc)
                    if out:
                        yield out
            except (ValueError, zlib.error, EOFError) as exc:  # how inflate64 and zlib refuse damaged data
                raise SourceError(*where, f"damaged {_METHODS[info.compress_type]} data ({exc})") from None
    except OSError as exc:
        raise SourceError(*where, f"cannot read the zip ({exc.strerror or exc})") from None
    if check and left:
        raise SourceError(*where, f"truncated zip: the member's data ends {left:,} bytes early")
    if check and written != info.file_size:
        raise SourceError(*where, f"damaged zip: the member inflates to {written:,} bytes, its directory says "
                                  f"{info.file_size:,}")
    if check and crc != info.CRC:
        raise SourceError(*where, "damaged zip: the member's CRC-32 does not match")


def first_line(path: Path, limit: int) -> bytes:
    """The first line (at most `limit` bytes) of the zip's IDB member, inflating no more than needed."""
    info = member(path)
    head = b""
    for data in chunks(path, info, check=False):
        head += data
        if b"\n" in head or len(head) >= limit:
            break
    end = head.find(b"\n")
    return head[:limit] if end < 0 else head[:min(end + 1, limit)]


def _scratch_dir(build: Path | None) -> tuple[Path, str]:
    if build is None:
        return Path(tempfile.gettempdir()), "doedocket-idb-"
    return build.parent, build.name + ".idb-"


@contextmanager
def text_file(path: Path, build: Path | None) -> Iterator[Path]:
    """`path` itself for a text file; for a zip, its member inflated into a temporary file beside the
    build `build` (the system's temporary directory without one), deleted on leaving."""
    if not is_zip(path):
        yield path
        return
    info = member(path)
    folder, prefix = _scratch_dir(build)
    out = folder / f"{prefix}{Path(info.filename).name}"
    try:
        # Each chunk is written while the next is inflated (both let go of Python's lock): the writes
        # took 1.8-2.8 s of system time beside 5.8 s of inflating for a ten-million-row file.
        try:
            with open(out, "wb") as fh, ThreadPoolExecutor(max_workers=1, thread_name_prefix="idb-unzip") as writer:
                writing = None
                for data in chunks(path, info):
                    if writing is not None:
                        writing.result()
                    writing = writer.submit(fh.write, data)
                if writing is not None:
                    writing.result()
        except OSError as exc:  # a full disk, most likely: about 2.7 GB for the FJC's file
            raise SourceError(path, info.filename, f"cannot write its unzipped text to {folder} "
                                                   f"({exc.strerror or exc})") from None
        yield out
    finally:
        out.unlink(missing_ok=True)


@dataclass(frozen=True)
class SourceFile:
    """What a build records of one file it read (a row of `source_files`)."""

    source: str
    name: str
    path: str
    description: str
    cut_off: date | None
    bytes: int
    sha256: str
    url: str | None
    retrieved_at: datetime | None


def fetch_record(path: Path) -> dict:
    """The record `doedocket fetch` saved beside a downloaded file (`<file>.json`), or {}."""
    sidecar = path.with_name(path.name + ".json")
    try:
        record = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def sha256_in_background(path: Path) -> Future[str]:
    """The SHA-256 of the file `path`, taken in a thread of its own (hashlib lets go of Python's lock
    while it hashes, so the other core goes on with the build); a read error is raised by `result()`.
    Read, not mapped: mapping the file for this and the survey made the ingest slower (page faults
    beside DuckDB's threads, in the same process; bench/RESULTS_idb.md)."""
    future: Future[str] = Future()

    def take() -> None:
        try:
            digest = hashlib.sha256()
            with open(path, "rb", buffering=0) as fh:
                buf = bytearray(READ_SIZE)
                while size := fh.readinto(buf):
                    digest.update(memoryview(buf)[:size])
            future.set_result(digest.hexdigest())
        except BaseException as exc:  # handed to whoever waits for the hash
            future.set_exception(exc)

    threading.Thread(target=take, name=f"sha256 {path.name}", daemon=True).start()
    return future


def source_file(path: Path, sha256: str) -> SourceFile:
    """Name, size and SHA-256 (`sha256`, taken already) and, from the fetch's record when its hash
    matches, cut-off, URL and retrieval time of the file `path`."""
    record = fetch_record(path)
    if record.get("sha256") != sha256:
        record = {}
    cut_off = record.get("cut_off")
    retrieved = record.get("retrieved_at")
    return SourceFile(source="idb", name=path.name, path=str(path), description=DESCRIPTION,
                      cut_off=date.fromisoformat(cut_off) if cut_off else None, bytes=path.stat().st_size,
                      sha256=sha256, url=record.get("url"),
                      retrieved_at=datetime.fromisoformat(retrieved).replace(tzinfo=None) if retrieved else None)
