"""Read CourtListener's bulk `dockets` file (the national docket census) into `cases` rows.

The file, `dockets-YYYY-MM-DD.csv.bz2`, is PostgreSQL `COPY ... (FORMAT csv, HEADER, ESCAPE '\\',
FORCE_QUOTE *)` piped through bzip2: every value double-quoted, `\\"` for a quote inside a value
(`""`, standard CSV, is accepted as well, and the summary says which was seen), `\\\\` for a
backslash, NULL as an empty field (nothing between the commas) and `""` an empty string; values may
span lines. Columns are found by their header names.

Tens of millions of rows are read at the speed of the decompressor: the file is decompressed in
parallel (Debian's `lbzip2` as a subprocess when present, else PyPI's `indexed_bzip2`), and each
block of decompressed bytes is scanned in place (only the record cut at a block's end is copied)
with a few vectorised numpy passes: record starts and line ends, the quote balance, and the marks a
copyright docket carries ("opyright" in the nature of suit or cause, a cause starting "17:"), both
found in one pass over the block's byte pairs. Only the records holding a mark are parsed, with one
regular-expression call each. A parsed record is kept
when it is a copyright case (nature of suit 820 or "Copyright", or a Title 17 cause) whose caption
names Doe defendants (`pipelines.doe_parties`). Kept rows become `cases` rows of source
`courtlistener_bulk` (with plaintiff and defendant parties read from the caption); `--people`
(CourtListener's `people-db-people` table) names the judges of `assigned_to_id`/`referred_to_id`,
and every judge is resolved through the alias tables (`pipelines.names.resolve_judge`).

A truncated bzip2 stream, an unbalanced quote or a header without the needed columns raises
`SourceError` naming the file and line, before the build is published.
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import fcntl
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl

from pipelines import names
from pipelines.dockets.merge import caption_parts
from pipelines.doe_parties import read_defendants
from pipelines.errors import SourceError
from pipelines.normalize import does_in_caption, make_case_id, parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.base import BulkLoad, Loaded, Source, file_time
from pipelines.staging import Staging

SOURCE = "courtlistener_bulk"
NAME = "courtlistener-bulk"
DOCKET_URL = "https://www.courtlistener.com/docket/{id}/{slug}/"
# The dockets columns this reader uses (the file has about 55; see ../shared/SOURCES.md).
NEEDED = ("id", "date_modified", "assigned_to_str", "referred_to_str", "date_filed", "date_terminated",
          "case_name_short", "case_name", "case_name_full", "slug", "docket_number", "cause", "nature_of_suit",
          "assigned_to_id", "court_id", "referred_to_id", "federal_dn_judge_initials_assigned",
          "federal_dn_judge_initials_referred")
PEOPLE_NEEDED = ("id", "name_first", "name_middle", "name_last", "name_suffix")
# Bytes a copyright docket's record holds somewhere: its nature of suit says "Copyright" (PACER gives
# "820 Copyright" or "Copyright"), or its cause cites Title 17 ("17:501 Copyright Infringement", "17:501").
# PACER writes both fields in mixed case, so no upper-case spelling is looked for (a cause citing
# Title 17 is found by its number whatever its case). Both marks are found in one pass over a block
# (`_marks`).
MARKS = (b"opyright", b'"17:')
CHUNK = 8 << 20
MAX_RECORD = 64 << 20  # a "record" longer than this is an unterminated quote swallowing the file
BATCH = 50_000
DECOMPRESSORS = ("lbzip2", "indexed_bzip2", "bz2")

# One value and the comma after it (a record is read with a comma added at its end): a quoted value, or
# nothing (NULL).
_FIELD = re.compile(r'("[^"\\]*(?:(?:\\.|"")[^"\\]*)*"|),', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])|""')
_NOS_820 = re.compile(r"\s*820\b")
_TITLE_17 = re.compile(r"\s*17\s*:")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass
class Report:
    """What one census read saw, for the summary line."""

    files: int = 0
    rows: int = 0
    candidates: int = 0
    copyright: int = 0
    doe: int = 0
    not_district: int = 0
    duplicates: int = 0
    cases: int = 0
    backslash_escapes: int = 0
    doubled_escapes: int = 0
    people: int = 0
    decompressor: str = ""

    def summary(self) -> str:
        """The one-line summary `doedocket ingest courtlistener-bulk` prints."""
        seen = [kind for kind, n in (('backslash \\"', self.backslash_escapes), ('doubled ""', self.doubled_escapes))
                if n]
        text = (f"{self.files} CourtListener dockets file(s), {self.rows} rows read ({self.decompressor}), "
                f"{self.copyright} copyright dockets, {self.doe} with a Doe caption, {self.cases} courtlistener_bulk "
                f"cases loaded ({self.duplicates} repeated dockets of one case collapsed, {self.not_district} "
                f"without a district docket number skipped); quote escapes seen in the records read: "
                f"{' and '.join(seen) or 'none'}")
        if self.people:
            text += f"; {self.people} judges read from --people"
        return text


@dataclass
class Record:
    """One parsed dockets row: values by column name (None for NULL), and the line it starts on."""

    line: int
    values: dict[str, str | None] = field(default_factory=dict)


def decompressor() -> str:
    """The decompressor to use: `$DOEDOCKET_BZIP2` if set, else lbzip2 when installed, else indexed_bzip2,
    else Python's single-threaded bz2."""
    chosen = os.environ.get("DOEDOCKET_BZIP2")
    if chosen:
        if chosen not in DECOMPRESSORS:
            raise SourceError("$DOEDOCKET_BZIP2", None, f"{chosen!r} is not one of {', '.join(DECOMPRESSORS)}")
        return chosen
    if shutil.which("lbzip2"):
        return "lbzip2"
    try:
        import indexed_bzip2  # noqa: F401
    except ImportError:
        return "bz2"
    return "indexed_bzip2"


@contextlib.contextmanager
def open_decompressed(path: Path, how: str | None = None) -> Iterator[BinaryIO]:
    """`path`'s bytes, decompressed in parallel when it ends in .bz2 (`how`: see `decompressor`).

    A stream that is not bzip2 or is cut short raises `SourceError` (naming the file only: the
    caller knows the line it had reached) when the reader reaches its end."""
    path = Path(path)
    if path.suffix != ".bz2":
        with path.open("rb") as fh:
            yield fh
        return
    with path.open("rb") as fh:
        if fh.read(3) != b"BZh":
            raise SourceError(path, 1, "not a complete bzip2 file (it does not start as bzip2 does, with BZh)")
    how = how or decompressor()
    if how == "lbzip2":
        threads = str(os.cpu_count() or 2)
        proc = subprocess.Popen(["lbzip2", "-d", "-c", "-n", threads, str(path)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        with contextlib.suppress(OSError):
            fcntl.fcntl(proc.stdout.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ: fewer, larger reads
        pipe = _CheckedPipe(proc, path)
        try:
            yield pipe
        finally:
            pipe.close()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
    elif how == "indexed_bzip2":
        import indexed_bzip2

        with _bz2_errors(path), indexed_bzip2.open(str(path), parallelization=os.cpu_count() or 2) as fh:
            yield fh
    else:
        with _bz2_errors(path), bz2.open(path, "rb") as fh:
            yield fh


@contextlib.contextmanager
def _bz2_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except (OSError, EOFError, ValueError, RuntimeError) as exc:
        if isinstance(exc, SourceError):
            raise
        raise SourceError(path, None, f"not a complete bzip2 file (cut short or damaged: {type(exc).__name__})") from None


class _CheckedPipe:
    """lbzip2's output, drained by a thread a few blocks ahead of the reader (so lbzip2 goes on while a
    block is scanned, rather than waiting on a full pipe); at its end, a failed decompression raises
    `SourceError` with lbzip2's message."""

    AHEAD = 6  # blocks held at most (6 x 8 MB)

    def __init__(self, proc: subprocess.Popen, path: Path) -> None:
        self.proc, self.path = proc, path
        self.blocks: queue.Queue[bytes] = queue.Queue(maxsize=self.AHEAD)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        data = b"-"
        while data:
            data = self.proc.stdout.read(CHUNK)  # the pipe is read without Python's lock held
            while not self.stopped.is_set():
                with contextlib.suppress(queue.Full):
                    self.blocks.put(data, timeout=0.1)
                    break

    def read(self, size: int = -1) -> bytes:
        """The next block of up to `CHUNK` bytes (b"" at the end)."""
        data = self.blocks.get()
        if not data and self.proc.wait():
            message = self.proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
            problem = message[-1] if message else f"exited with status {self.proc.returncode}"
            problem = re.sub(r'^lbzip2: .*"[^"]*":\s*', "", problem)  # the path is named once, in front
            raise SourceError(self.path, None, f"not a complete bzip2 file (lbzip2: {problem})")
        return data

    def close(self) -> None:
        """Stop lbzip2 and the thread (when the reader stops early)."""
        self.stopped.set()
        self.proc.kill()
        self.thread.join()


def _is_start(buf: bytes, newline: int) -> bool:
    """Whether the record starting after `buf[newline]` (a newline) begins `"<digit>`: a new row (a
    quote inside a value is escaped, so no value line can start that way)."""
    return buf[newline + 2:newline + 3].isdigit()


def _record_start(buf: bytes, at: int) -> int:
    """Where the record holding byte `at` starts (0: the block starts with a record)."""
    pos = buf.rfind(b'\n"', 0, at + 1)
    while pos != -1 and not _is_start(buf, pos):
        pos = buf.rfind(b'\n"', 0, pos)
    return pos + 1


def _record_end(buf: bytes, at: int) -> int:
    """Where the record holding byte `at` ends (just after its newline), or the end of `buf`."""
    pos = buf.find(b'\n"', at)
    while pos != -1 and not _is_start(buf, pos):
        pos = buf.find(b'\n"', pos + 1)
    return len(buf) if pos == -1 else pos + 1


# The marks found in one vectorised pass over a block viewed as byte pairs: "yr" (of "opyright") and
# "7:" (of `"17:`), each then checked against the bytes around it.
_PAIR_YR = ord("y") | ord("r") << 8
_PAIR_7COLON = ord("7") | ord(":") << 8
_OPYRIGHT = np.frombuffer(MARKS[0], np.uint8)


def _starts(data: np.ndarray, newlines: np.ndarray) -> np.ndarray:
    """Offsets of the records of `data` (whole records from offset 0): 0, and every `"<digit>` after a
    newline (a quote inside a value is escaped, and a value's own lines start otherwise)."""
    inside = newlines[newlines + 2 < len(data)]
    after = data[inside + 2]
    return np.concatenate(([0], inside[(data[inside + 1] == 34) & (after >= 48) & (after <= 57)] + 1))


def _marks(data: np.ndarray) -> np.ndarray:
    """Offsets in `data` of every "opyright" and `"17:` (see MARKS), in order."""
    found = []
    for k in (0, 1):  # the pairs starting at even offsets, then at odd ones
        pairs = data[k:k + (len(data) - k) // 2 * 2].view("<u2")
        found.append(np.flatnonzero((pairs == _PAIR_YR) | (pairs == _PAIR_7COLON)) * 2 + k)
    at = np.concatenate(found)
    at = at[at >= 2]
    first = data[at]
    yr = at[(first == ord("y")) & (at + 6 <= len(data))]
    copyright = np.ones(len(yr), dtype=bool)
    for i, byte in enumerate(_OPYRIGHT):
        copyright &= data[yr + i - 2] == byte
    seven = at[first == ord("7")]
    title_17 = (data[seven - 1] == ord("1")) & (data[seven - 2] == ord('"'))
    return np.sort(np.concatenate((yr[copyright], seven[title_17]))) - 2


def _odd_quotes(buf: bytes, lo: int, hi: int, quotes: int) -> bool:
    """Whether `buf[lo:hi]` (whole records, holding `quotes` quote bytes) holds an odd number of
    unescaped quotes."""
    at = buf.find(b"\\", lo, hi)
    while at != -1:
        escaped = buf[at + 1:at + 2] if at + 1 < hi else b""
        quotes -= escaped == b'"'
        at = buf.find(b"\\", at + (2 if escaped in (b'"', b"\\") else 1), hi)
    return quotes % 2 == 1


def _unbalanced(block: bytes) -> bool:
    """Whether `block` (whole records) holds an odd number of unescaped quotes."""
    return _odd_quotes(block, 0, len(block), block.count(b'"'))


def parse_fields(record: bytes) -> list[str | None] | None:
    """The values of one record (None for NULL, '' for `""`), escapes undone; None if it is not one
    well-formed record."""
    text = record.decode("utf-8").rstrip("\r\n") + ","
    fields = _FIELD.findall(text)
    if sum(map(len, fields)) + len(fields) != len(text):  # the values do not tile the record
        return None
    if "\\" not in text and text.count('"') == 2 * (len(fields) - fields.count("")):  # no escapes
        return [field[1:-1] if field else None for field in fields]
    return [(_UNESCAPE.sub(_unescaped, field[1:-1]) if "\\" in field or '""' in field[1:-1] else field[1:-1])
            if field else None for field in fields]


def _unescaped(escape: re.Match) -> str:
    return escape.group(1) or '"'


class Census:
    """One dockets file scanned block by block; `records()` yields the rows that carry a copyright mark."""

    def __init__(self, path: Path, stream: BinaryIO, report: Report) -> None:
        self.path, self.stream, self.report = Path(path), stream, report
        self.lines = 0  # lines wholly read so far (the header's included)
        self.columns: list[str] = []

    def header(self, first: bytes) -> int:
        """Read the header from the first block; returns where the records start."""
        end = first.find(b"\n")
        line = first if end == -1 else first[:end + 1]
        values = parse_fields(line) if line.startswith(b'"') else None
        if not values or any(v is None for v in values):
            raise SourceError(self.path, 1, "not a CourtListener bulk CSV: the first line is not a quoted header")
        missing = [c for c in NEEDED if c not in values]
        if missing:
            raise SourceError(self.path, 1, "not a CourtListener dockets file: the header lacks "
                                            + ", ".join(missing))
        if values[0] != "id":
            raise SourceError(self.path, 1, f"not a CourtListener dockets file: the first column is {values[0]!r}, "
                                            "not id")
        self.columns = values
        self.lines = 1
        return len(line)

    def regions(self) -> Iterator[tuple[bytes, int, int]]:
        """Whole records as (buffer, start, end), read in place from the decompressor's blocks: only the
        record cut at each block's end is copied, joined to the start of the next block (the caller
        adds each region's lines to `lines`)."""
        try:
            block = self._read()
            if not block:
                raise SourceError(self.path, 1, "empty file: expected the dockets header line")
            while b"\n" not in block and len(block) < MAX_RECORD and (more := self._read()):
                block += more  # a header longer than a block
            head, carry = self.header(block), b""
            while block:
                tail = max(_record_start(block, len(block) - 1), head)
                if carry:
                    seam = carry + block[:head]
                    yield seam, 0, len(seam)
                if tail > head:
                    yield block, head, tail
                carry = block[tail:]
                block = self._read()
                head = _record_end(block, 0) if block else 0
                while block and head == len(block):  # no record starts in this block: a long record
                    carry += block
                    if len(carry) > MAX_RECORD:
                        raise SourceError(self.path, self.lines + 1, "a record longer than 64 MB: an unterminated quote?")
                    block = self._read()
                    head = _record_end(block, 0) if block else 0
            if carry:
                yield carry, 0, len(carry)
        except UnicodeDecodeError as exc:
            raise SourceError(self.path, self.lines + 1, f"not UTF-8 text ({exc.reason})") from None
        except SourceError as exc:
            if exc.record is None and exc.path == str(self.path):
                raise SourceError(self.path, self.lines + 1, exc.problem) from None
            raise

    def _read(self) -> bytes:
        try:
            return self.stream.read(CHUNK)
        except SourceError:
            raise
        except (OSError, EOFError, ValueError, RuntimeError) as exc:
            raise SourceError(self.path, self.lines + 1,
                              f"not a complete bzip2 file (cut short or damaged: {type(exc).__name__})") from None

    def records(self) -> Iterator[Record]:
        """The parsed records holding a copyright mark, in file order."""
        for buf, lo, hi in self.regions():
            data = np.frombuffer(buf, np.uint8, hi - lo, lo)
            newlines = np.flatnonzero(data == 10)
            starts = _starts(data, newlines)
            self.report.rows += len(starts)
            if _odd_quotes(buf, lo, hi, int(np.count_nonzero(data == 34))):
                self._find_unbalanced(buf[lo:hi])
            held = np.unique(np.searchsorted(starts, _marks(data), "right") - 1)
            ends = np.append(starts[1:], hi - lo)
            lines = np.searchsorted(newlines, starts[held])
            for start, end, line in zip(starts[held].tolist(), ends[held].tolist(), lines.tolist()):
                yield self._record(buf[lo + start:lo + end], self.lines + line + 1, len(self.columns))
            self.lines += len(newlines)

    def _record(self, raw: bytes, line: int, width: int) -> Record:
        try:
            values = parse_fields(raw)
        except UnicodeDecodeError as exc:
            raise SourceError(self.path, line, f"not UTF-8 text ({exc.reason})") from None
        if values is None:
            raise SourceError(self.path, line, "a quote that does not open or close a value")
        if len(values) != width:
            raise SourceError(self.path, line, f"{len(values)} values where the header names {width} columns")
        self.report.candidates += 1
        backslash = raw.count(b'\\"') - raw.count(b'\\\\"')
        self.report.backslash_escapes += backslash
        if raw.count(b'"') > 2 * (len(values) - values.count(None)):  # quotes inside values
            self.report.doubled_escapes += sum(v.count('"') for v in values if v) - backslash
        return Record(line, dict(zip(self.columns, values)))

    def _find_unbalanced(self, block: bytes) -> None:
        """Raise `SourceError` at the first record of `block` whose quotes do not balance."""
        start, line = 0, self.lines + 1
        while start < len(block):
            end = _record_end(block, start + 1)
            raw = block[start:end]
            values = parse_fields(raw) if not _unbalanced(raw) else None
            if values is None or len(values) != len(self.columns):
                raise SourceError(self.path, line, "a quote that does not open or close a value")
            line += raw.count(b"\n")
            start = end
        raise SourceError(self.path, line, "a quote that does not open or close a value")


def read_people(path: Path) -> dict[str, str]:
    """Judges' names by person id from CourtListener's `people-db-people` table (.csv or .csv.bz2)."""
    report = Report()
    people: dict[str, str] = {}
    with open_decompressed(path) as stream:
        census = Census(path, stream, report)
        for block in _people_blocks(census):
            start, line = 0, census.lines + 1
            while start < len(block):
                end = _record_end(block, start + 1)
                values = parse_fields(block[start:end])
                if values is None or len(values) != len(census.columns):
                    raise SourceError(path, line, "a quote that does not open or close a value")
                row = dict(zip(census.columns, values))
                parts = [row[c] for c in ("name_first", "name_middle", "name_last") if row[c]]
                name = " ".join(parts)
                if row["name_suffix"]:
                    name += f" {row['name_suffix']}"
                if row["id"] and name:
                    people[row["id"]] = name
                line += block.count(b"\n", start, end)
                start = end
    return people


def _people_blocks(census: Census) -> Iterator[bytes]:
    first = census.stream.read(CHUNK)
    end = first.find(b"\n")
    values = parse_fields(first[:end + 1]) if first.startswith(b'"') else None
    if not values or any(c not in values for c in PEOPLE_NEEDED):
        lacking = ", ".join(c for c in PEOPLE_NEEDED if c not in (values or []))
        raise SourceError(census.path, 1, f"not a CourtListener people-db-people file: the header lacks {lacking}")
    census.columns, census.lines = values, 1
    rest = first[end + 1:]
    while more := census.stream.read(CHUNK):
        rest += more
        cut = _record_start(rest, len(rest) - 1)
        if cut:
            yield rest[:cut]
            census.lines += rest[:cut].count(b"\n")
            rest = rest[cut:]
    if rest:
        yield rest


def is_copyright(nature_of_suit: str | None, cause: str | None) -> bool:
    """A copyright docket: nature of suit 820 or "Copyright", or a Title 17 (or "Copyright") cause."""
    nos, why = nature_of_suit or "", cause or ""
    return bool(_NOS_820.match(nos) or "copyright" in nos.lower() or _TITLE_17.match(why)
                or "copyright" in why.lower())


def doe_caption(values: dict[str, str | None]) -> str | None:
    """The caption whose defendants are read for Does (the case name, else the full or short caption
    when only that names Does), or None when no caption names Doe defendants."""
    for column in ("case_name", "case_name_full", "case_name_short"):
        caption = values.get(column)
        if caption and caption.strip():
            parts = re.split(r"\s+v(?:s)?\.?\s+", caption, maxsplit=1, flags=re.IGNORECASE)
            if len(parts) == 2 and _names_does(parts[1]):
                return caption
    return None


# Campaign captions, plaintiffs and judges repeat thousands of times: each is read once per ingest.
@lru_cache(maxsize=1 << 16)
def _names_does(defendants: str) -> bool:
    return read_defendants(defendants).is_doe


@lru_cache(maxsize=1 << 16)
def _caption(caption: str) -> tuple[str | None, str | None, str | None, int | None, tuple]:
    """A caption's plaintiff (raw, display, key), Doe count, and defendants (raw, name, is Doe, count)."""
    plaintiff_raw, defendants = caption_parts(caption)
    parties = []
    for name_raw in defendants:
        doe = names.doe_party(name_raw)
        parties.append((name_raw, doe.name if doe else names.display_name(name_raw), doe is not None,
                        doe.count if doe else None))
    return (plaintiff_raw, names.display_name(plaintiff_raw), names.plaintiff_key(plaintiff_raw),
            does_in_caption(caption), tuple(parties))


_resolve_judge = lru_cache(maxsize=1 << 16)(names.resolve_judge)


def _date(path: Path, line: int, column: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise SourceError(path, line, f"{column} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def _judge(court: str, text: str | None, person: str | None, initials: str | None,
           people: dict[str, str]) -> str | None:
    return (_resolve_judge(court, text) or _resolve_judge(court, people.get(person or ""))
            or (_resolve_judge(court, initials.upper()) if initials else None))


def case_rows(path: Path, record: Record, caption: str, people: dict[str, str], key: bytes,
              retrieved: datetime) -> tuple[dict, list[dict]] | None:
    """The `cases` row and caption parties of one kept record; None without a district docket number."""
    v = record.values
    court = (v["court_id"] or "").strip().lower()
    case_id = make_case_id(court, v["docket_number"]) if court else None
    if case_id is None:
        return None
    shown = pseudonymise_ips(" ".join((v["case_name"] or caption).split()), key)
    full = pseudonymise_ips(" ".join(caption.split()), key)
    plaintiff_raw, plaintiff, plaintiff_key, does, defendants = _caption(full)
    parsed = parse_docket_number(v["docket_number"])
    assigned = _judge(court, v["assigned_to_str"], v["assigned_to_id"], v["federal_dn_judge_initials_assigned"], people)
    referred = _judge(court, v["referred_to_str"], v["referred_to_id"], v["federal_dn_judge_initials_referred"], people)
    if assigned is None and referred is None:
        assigned, referred = names.judges_from_docket_number(court, v["docket_number"])
    case = {
        "case_id": case_id, "court_id": court, "docket_number": v["docket_number"],
        "docket_number_core": parsed.core, "office": parsed.office, "case_name": shown,
        "plaintiff_raw": plaintiff_raw, "plaintiff": plaintiff,
        "plaintiff_key": plaintiff_key, "assigned_judge": assigned, "referred_judge": referred,
        "date_filed": _date(path, record.line, "date_filed", v["date_filed"]),
        "date_terminated": _date(path, record.line, "date_terminated", v["date_terminated"]),
        "does_in_caption": does, "nature_of_suit": v["nature_of_suit"] or None,
        "flags": "parties_from_caption", "source": SOURCE,
        "source_url": DOCKET_URL.format(id=v["id"], slug=v["slug"] or "docket"), "retrieved_at": retrieved,
    }
    parties = [{"case_id": case_id, "party_seq": 0, "name_raw": plaintiff_raw, "name": plaintiff,
                "party_type": "plaintiff", "is_doe": False, "doe_count": None, "source": SOURCE}] if plaintiff_raw else []
    for name_raw, name, is_doe, count in defendants:
        parties.append({"case_id": case_id, "party_seq": len(parties), "name_raw": name_raw, "name": name,
                        "party_type": "defendant", "is_doe": is_doe, "doe_count": count, "source": SOURCE})
    return case, parties


def snapshot_time(path: Path) -> datetime:
    """When the census file was made: the date in its name (`dockets-2026-03-31.csv.bz2`), else its mtime."""
    m = _FILE_DATE.search(Path(path).name)
    if m:
        with contextlib.suppress(ValueError):
            return datetime.combine(date.fromisoformat(m.group(1)), datetime.min.time())
    return file_time(Path(path))


def read_census(paths: list[Path], people: dict[str, str], key: bytes, report: Report) -> Staging:
    """The kept rows of every file, one case per (court, docket number): the most recently modified row."""
    kept: dict[str, tuple[tuple, dict, list[dict]]] = {}
    report.decompressor = decompressor()
    for path in paths:
        report.files += 1
        retrieved = snapshot_time(path)
        with open_decompressed(path, report.decompressor) as stream:
            for record in Census(path, stream, report).records():
                v = record.values
                if not is_copyright(v["nature_of_suit"], v["cause"]):
                    continue
                report.copyright += 1
                caption = doe_caption(v)
                if caption is None:
                    continue
                report.doe += 1
                rows = case_rows(path, record, caption, people, key, retrieved)
                if rows is None:
                    report.not_district += 1
                    continue
                case_id = rows[0]["case_id"]
                rank = (v["date_modified"] or "", int(v["id"]) if (v["id"] or "").isdigit() else 0)
                if case_id in kept:
                    report.duplicates += 1
                    if kept[case_id][0] >= rank:
                        continue
                kept[case_id] = (rank, *rows)
    cases = [c for _, c, _ in kept.values()]
    parties = [p for _, _, ps in kept.values() for p in ps]
    report.cases = len(cases)
    return Staging(
        cases=pl.DataFrame(cases, infer_schema_length=None) if cases else Staging().cases,
        parties=pl.DataFrame(parties, infer_schema_length=None) if parties else Staging().parties,
    ).conform()


class CourtListenerBulk(Source):
    """`doedocket ingest courtlistener-bulk dockets-YYYY-MM-DD.csv.bz2 [--people FILE]`."""

    name = NAME
    help = "CourtListener's bulk dockets file (dockets-YYYY-MM-DD.csv.bz2): the census of copyright Doe cases"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--people", metavar="FILE", type=Path,
                            help="CourtListener's judges table (people-db-people-YYYY-MM-DD.csv.bz2): names the "
                                 "judges of assigned_to_id and referred_to_id")

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[Staging | BulkLoad]:
        report = Report()
        people = read_people(options.people) if options.people else {}
        report.people = len(people)
        staging = read_census([Path(p) for p in paths], people, key, report)
        for start in range(0, staging.cases.height, BATCH):
            ids = staging.cases.get_column("case_id").slice(start, BATCH)
            yield Staging(cases=staging.cases.slice(start, BATCH),
                          parties=staging.parties.filter(pl.col("case_id").is_in(ids.implode())))
        yield BulkLoad(lambda con: report)

    def summary(self, loaded: Loaded) -> str:
        return loaded.results[-1].summary()


COURTLISTENER_BULK = CourtListenerBulk()
