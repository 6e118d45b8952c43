"""Read the FJC Integrated Database civil file (`cv88on.txt`) into `idb_cases`, at full scale.

The file: a header line naming the columns (46 in the published layout), then one tab-separated
line per case record; cp1252 text, CRLF, values optionally double-quoted, `-8` (or blank) for a
missing value, `01/01/1900` for no date, dates MM/DD/YYYY, DISTRICT as text ("71", "3A", "7-").

DuckDB does the reading in one parallel scan per file: only the columns named in `NEEDED` are
converted (to typed columns, so a bad date, code or docket number is refused by the scanner with
its line number), and the nature-of-suit filter (default 820, copyright) is applied in the same
scan. Lines the scanner refuses are written to `idb_rejects` (file, line, reason, raw line with IP
addresses pseudonymised) and the load goes on. Lines refused only because they are not UTF-8 (the
file is cp1252, the scanner reads UTF-8) are re-read from their byte offset, decoded as cp1252 and
scanned again by the same scanner, so one set of rules decides every line. A line holding a NUL
byte is refused. A file whose header is not an IDB header (or that is binary) raises
`SourceError` and nothing is loaded. docs/idb.md describes the format, the rules and the measures.

Then: DISTRICT -> court_id (`data/fjc_districts.csv`), `case_id = <court_id>:<DOCKET>`; Doe
captions in DEF counted (`caption_does`), plaintiffs keyed with `pipelines.names.plaintiff_key`;
records of one case in several tape years collapsed, the newest tape year winning (2099, pending,
is the newest; then the later load); a reopened case (same docket, another filing date) stays a
separate record. Doe cases and cases a docket source also knows are copied to `source_cases`
(source `idb`), where the build's merge lets docket sources win and fills gaps from the IDB.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import os
import re
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import duckdb
import polars as pl

from pipelines import resources
from pipelines.doe_parties import read_party
from pipelines.errors import SourceError
from pipelines.names import plaintiff_key
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.base import BulkLoad, Loaded, Source

DISTRICTS_CSV = resources.FJC_DISTRICTS
# The published layout, in order (the reader itself goes by the header each file carries).
COLUMNS = (
    "CIRCUIT DISTRICT OFFICE DOCKET ORIGIN FILEDATE FDATEUSE JURIS NOS TITL SECTION SUBSECT RESIDENC JURY "
    "CLASSACT DEMANDED FILEJUDG FILEMAG COUNTY ARBIT MDLDOCK PLT DEF TRANSDAT TRANSOFF TRANSDOC TRANSORG "
    "TERMDATE TDATEUSE TRCLACT TERMJUDG TERMMAG PROCPROG DISP NOJ AMTREC JUDGMENT DJOINED PRETRIAL TRIBEGAN "
    "TRIALEND TRMARB PROSE IFP STATUSCD TAPEYEAR"
).split()
ALIASES = {"SUBSECTION": "SUBSECT"}
# The columns the reader keeps, with the type the scanner converts them to. DISTRICT is checked
# against the known district codes (an ENUM built from data/fjc_districts.csv).
NEEDED = {
    "DISTRICT": "DISTRICT",
    "OFFICE": "VARCHAR",
    "DOCKET": "UINTEGER",
    "ORIGIN": "SMALLINT",
    "FILEDATE": "DATE",
    "NOS": "USMALLINT",
    "PLT": "VARCHAR",
    "DEF": "VARCHAR",
    "TERMDATE": "DATE",
    "DISP": "SMALLINT",
    "JUDGMENT": "SMALLINT",
    "TAPEYEAR": "SMALLINT",
}
# Never missing: a line without them cannot be placed (no case_id, no nature of suit).
NOT_NULL = ("DISTRICT", "DOCKET", "NOS")
NULL_STRINGS = ("-8", "")
DATE_FORMAT = "%m/%d/%Y"
DEFAULT_NOS = (820,)
NAME_WIDTH = 30  # PLT and DEF are cut at this many characters
RAW_LINE_LIMIT = 2000  # characters of a rejected line kept in idb_rejects
MAX_LINE_BYTES = 2_000_000  # DuckDB's max_line_size: the scanner refuses, or past ~32 MB drops, longer lines
REREAD_LINE = "DOEDOCKET_REREAD_LINE"  # the column of line numbers added to re-read lines
_EXPECTED = {
    "DISTRICT": "a known FJC district code",
    "DOCKET": "a docket number (digits)",
    "NOS": "a nature-of-suit code",
    "FILEDATE": "a date (MM/DD/YYYY)",
    "TERMDATE": "a date (MM/DD/YYYY)",
    "ORIGIN": "an ORIGIN code",
    "DISP": "a DISP code",
    "JUDGMENT": "a JUDGMENT code",
    "TAPEYEAR": "a tape year",
}


def _undefined_as_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 as Windows decodes it: the five bytes cp1252 leaves undefined keep their code points."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("doedocket_cp1252", _undefined_as_latin1)


# -- districts and captions ------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    """One district court: FJC code, CourtListener court id, circuit, name."""

    code: str
    court_id: str
    circuit: int
    name: str


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    """The 94 district courts of `data/fjc_districts.csv`."""
    with open(DISTRICTS_CSV, newline="", encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return tuple(District(r["district_code"], r["court_id"], int(r["circuit"]), r["court_name"]) for r in rows)


def district_spellings() -> dict[str, str]:
    """Every spelling of a DISTRICT value the reader accepts -> the FJC code.

    The code itself ("08", "3A", "7-"), the one-digit form of codes 00-09 ("8") and the
    lower-case form of lettered codes ("3a").
    """
    spellings = {}
    for d in districts():
        spellings[d.code] = d.code
        spellings[d.code.lower()] = d.code
        if d.code.isdigit() and d.code.startswith("0"):
            spellings[d.code[1:]] = d.code
    return spellings


@dataclass(frozen=True)
class CaptionDoes:
    """What a DEF value says about Doe defendants."""

    is_doe: bool
    count: int | None  # N of "DOES 1-N", 1 for one "JOHN DOE"; None when no number is given
    count_at_cut: bool  # DEF fills all 30 characters and ends in the Doe number: it may be cut


def caption_does(defendant: str | None) -> CaptionDoes:
    """Doe detection and count for one DEF value (`pipelines.doe_parties.read_party`, 30 wide).

    "DOES 1-90" -> 90; "JOHN DOES 1-30" -> 30; "DOES 1 THROUGH 5865" -> 5865; "JOHN DOE",
    "DOE, JOHN", "JOHN DOE SUBSCRIBER ASSIGNED I" -> 1; "DOES" or "JOHN DOES" with no number ->
    a Doe case of unknown count; "DOE RUN RESOURCES CORP", "DOE CORP INC" -> no Doe. A 30-character
    DEF ending in a Doe range's number is flagged `count_at_cut`: "... DOES 1-1234" may have been
    "... DOES 1-12345".
    """
    reading = read_party(defendant, NAME_WIDTH)
    return CaptionDoes(reading.is_doe, reading.count, reading.count_may_be_cut)


def clean_name(raw: str | None) -> str | None:
    """A PLT/DEF value with runs of spaces folded; None when blank."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    return text or None


# -- the header ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """The columns of one file, as its header line names them."""

    names: tuple[str, ...]

    def position(self, name: str) -> int:
        """0-based column of `name`."""
        return self.names.index(name)


def read_header(path: Path) -> Header:
    """The header of an IDB file; `SourceError` when the file is not one (or is binary)."""
    if not path.is_file():
        raise SourceError(path, None, "file not found")
    with open(path, "rb") as fh:
        first = fh.readline(1 << 16)
    if not first.strip():
        raise SourceError(path, 1, "empty file: expected the FJC IDB header line")
    if b"\x00" in first or not first.endswith(b"\n") and len(first) >= 1 << 16:
        raise SourceError(path, 1, "not an FJC IDB civil file: the first line is binary or not a header")
    text = first.decode("cp1252", errors="replace").lstrip("\ufeff").rstrip("\r\n")
    names = tuple(ALIASES.get(n, n) for n in (c.strip().strip('"').strip().upper() for c in text.split("\t")))
    missing = [n for n in NEEDED if n not in names]
    if missing:
        raise SourceError(path, 1, "not an FJC IDB civil file: the tab-separated header lacks " + ", ".join(missing))
    duplicated = sorted({n for n in NEEDED if names.count(n) > 1})
    if duplicated:
        raise SourceError(path, 1, "header names column(s) twice: " + ", ".join(duplicated))
    return Header(names)


# -- scanning one file -------------------------------------------------------------------------


def decode_cp1252(raw: bytes) -> str:
    """cp1252 text of `raw`; the five bytes cp1252 leaves undefined keep their Latin-1 code points."""
    return raw.decode("cp1252", errors="doedocket_cp1252")


@dataclass
class FileReport:
    """What one file gave."""

    path: str
    rows_read: int = 0
    rows_kept: int = 0
    rejects: int = 0
    reread: int = 0  # lines re-read in Python (not UTF-8, or holding a NUL byte)
    unaccounted: int = 0  # lines the scanner neither kept nor refused (none, unless DuckDB surprises)


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> None:
    """Execute a statement and consume its result (DuckDB 2.0 keeps unfetched results pending)."""
    con.execute(sql, params).fetchall()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> object:
    """The one value of a one-row, one-column query."""
    return con.execute(sql, params).fetchall()[0][0]


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def _district_enum() -> str:
    return "ENUM(" + ", ".join("'" + s.replace("'", "''") + "'" for s in sorted(district_spellings())) + ")"


def _scan_sql(header: Header, table: str, errors: str, scans: str) -> str:
    """CREATE `table` from the file `$path`: NEEDED columns typed, the `$nos` filter, refusals to `errors`.

    Column names come from `header` only through their positions (scanner columns c0, c1, ...).
    A trailing REREAD_LINE column, when the header has one, is kept too (re-scans of re-read lines).
    """
    types = {f"c{i}": NEEDED.get(name, "VARCHAR") for i, name in enumerate(header.names)}
    types = {k: (_district_enum() if t == "DISTRICT" else t) for k, t in types.items()}
    columns = "{" + ", ".join(f"'{k}': '{t.replace(chr(39), chr(39) * 2)}'" for k, t in types.items()) + "}"
    kept = [f'c{header.position(n)} AS "{n}"' for n in NEEDED]
    if REREAD_LINE in header.names:
        kept.append(f'CAST(c{header.position(REREAD_LINE)} AS BIGINT) AS "{REREAD_LINE}"')
    text_columns = [f"c{i}" for i, n in enumerate(header.names) if NEEDED.get(n, "VARCHAR") == "VARCHAR"]
    not_null = _sql_list(f"c{header.position(n)}" for n in NOT_NULL)
    return f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT {', '.join(kept)}, contains(concat({', '.join(text_columns)}), chr(0)) AS has_nul
        FROM read_csv($path, columns = {columns}, delim = '\t', quote = '"', escape = '"', header = true,
                      auto_detect = false, nullstr = {_sql_list(NULL_STRINGS)}, force_not_null = {not_null},
                      dateformat = '{DATE_FORMAT}', encoding = 'utf-8', store_rejects = true,
                      rejects_table = '{errors}', rejects_scan = '{scans}')
        WHERE $nos IS NULL OR list_contains($nos, CAST(c{header.position('NOS')} AS INTEGER))
    """


def _rows_scanned(con: duckdb.DuckDBPyConnection) -> int | None:
    """Rows the CSV scanner produced in the last query (from DuckDB's profile), if it says."""
    try:
        info = json.loads(con.get_profiling_information(format="json"))
    except (duckdb.Error, ValueError, TypeError):
        return None
    stack = list(info.get("operator", [])) if isinstance(info, dict) else []
    while stack:
        node = stack.pop()
        if node.get("name") == "READ_CSV" and isinstance(node.get("rows_scanned"), int):
            return node["rows_scanned"]
        stack.extend(node.get("children", []))
    return None


def _count_lines(path: Path) -> int:
    """Physical lines after the header (a last line without a line break counts)."""
    total, buf, last = 0, bytearray(1 << 24), b"\n"
    with open(path, "rb", buffering=0) as fh:
        while size := fh.readinto(buf):
            total += buf.count(b"\n", 0, size)
            last = bytes(buf[size - 1:size])
    return max(0, total - 1 + (last != b"\n"))


def open_quote_at_end(line: bytes) -> bool:
    """Whether a value that opens with a double quote is still open where the line ends.

    The scanner would read on into the next lines to close it, swallowing them into one record.
    """
    body = line.rstrip(b"\r\n")
    i, n = 0, len(body)
    while i < n:
        if body[i] == 0x22:  # a value opening with a quote: find its closing quote ("" is an escaped quote)
            j = i + 1
            while True:
                k = body.find(b'"', j)
                if k < 0:
                    return True
                if body[k + 1:k + 2] != b'"':
                    break
                j = k + 2
            i = k + 1
        tab = body.find(b"\t", i)
        if tab < 0:
            return False
        i = tab + 1
    return False


def _irregular_lines(path: Path) -> tuple[int, dict[int, tuple[str, bytes]]]:
    """Blank data lines (which the scanner skips) and lines it cannot keep apart from the next.

    Returns (blank lines, {line: (reason, first bytes)}) for lines longer than the scanner reads
    and lines with a quote left open.
    """
    blank, broken = 0, {}
    with open(path, "rb") as fh:
        fh.readline()
        for number, raw in enumerate(fh, start=2):
            if not raw.strip(b"\r\n"):
                blank += 1
            elif len(raw) > MAX_LINE_BYTES:
                broken[number] = (f"line is {len(raw):,} bytes long (more than {MAX_LINE_BYTES:,})",
                                  raw[:RAW_LINE_LIMIT])
            elif b'"' in raw and open_quote_at_end(raw):
                broken[number] = ('unbalanced quote: a value opening with " is not closed on its line', raw)
    return blank, broken


def _readable_copy(path: Path, numbers: set[int], target: Path) -> None:
    """Copy `path` to `target` with the given lines emptied and every line ended by LF alone.

    Line numbers stay the same (the scanner skips empty lines and counts them).
    """
    with open(path, "rb") as src, open(target, "wb") as out:
        for number, raw in enumerate(src, start=1):
            out.write(b"\n" if number in numbers else raw.rstrip(b"\r\n") + b"\n")


def _line_at(fh: BinaryIO, hint: int, csv_line: str) -> bytes | None:
    """The line starting at (or one byte after) byte `hint`, if it matches the scanner's copy.

    DuckDB reports where a refused line starts, give or take the line break before it, and the
    line itself with undecodable bytes shown as '?': the text up to the first '?' must match.
    """
    base = max(0, hint - 2)
    fh.seek(base)
    window = fh.read(4096)
    start = window.rfind(b"\n", 0, hint - base + 1) + 1
    end = window.find(b"\n", start)
    while end < 0 and len(window) < MAX_LINE_BYTES:
        more = fh.read(1 << 16)
        if not more:
            break
        window += more
        end = window.find(b"\n", start)
    raw = window[start:] if end < 0 else window[start:end + 1]
    prefix = csv_line.lstrip("\r\n").split("?", 1)[0]
    return raw if decode_cp1252(raw).startswith(prefix) else None


def _lines_numbered(path: Path, numbers: set[int]) -> dict[int, bytes]:
    """Lines of `path` by 1-based number, for the few the byte-offset hint did not find."""
    found: dict[int, bytes] = {}
    if not numbers:
        return found
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number in numbers:
                found[number] = raw
                if len(found) == len(numbers):
                    break
    return found


def _lines_with_nul(path: Path) -> dict[int, bytes]:
    """Every data line of `path` holding a NUL byte, by 1-based number."""
    found: dict[int, bytes] = {}
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number > 1 and b"\x00" in raw:
                found[number] = raw
    return found


def _field(text: str, index: int | None) -> str | None:
    if index is None:
        return None
    try:
        fields = next(csv.reader([text], delimiter="\t", quotechar='"'))
    except (csv.Error, StopIteration):
        return None
    return fields[index] if 0 <= index < len(fields) else None


def _refusal(name: str, value: str) -> str:
    return f"{name} {value!r} is not {_EXPECTED[name]}"


def _reason(name: str | None, error_type: str, message: str, value: str | None, extra_columns: int = 0) -> str:
    """A refusal of the scanner in the reader's words."""
    if error_type == "CAST" and name in NEEDED:
        return f"{name} is missing" if value is None or value in NULL_STRINGS else _refusal(name, value)
    if error_type == "LINE SIZE OVER MAXIMUM":
        size = re.search(r"Actual Size:\s*(\d+)", message)
        if size:
            return f"line is {int(size[1]):,} bytes long (more than {MAX_LINE_BYTES:,})"
    if error_type in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
        if found:
            expected, got = int(found[1]) - extra_columns, int(found[2]) - extra_columns
            return f"wrong number of columns: expected {expected}, found {got}"
    return f"{error_type.lower()}: {' '.join(message.split())}"


class _Scan:
    """One file through the scanner: kept rows in `_idb_scan`, refused lines in `rejects`.

    Lines the scanner cannot decode (cp1252 bytes) and kept lines holding a NUL byte are read
    again in Python, decoded as cp1252, and scanned a second time from a small UTF-8 file with
    their line numbers added as a last column: the same scanner, types and filter decide them, so
    no rule is written twice. Every line is accounted for: the file's lines are counted while it
    is scanned, and if the scanner saw fewer (a quote left open swallows the lines after it; a
    line over ~32 MB is dropped), the lines it cannot read are found, refused, emptied in a copy,
    and the copy is scanned instead.
    """

    def __init__(self, path: Path, header: Header, nos: tuple[int, ...] | None, key: bytes) -> None:
        # A connection of its own (in memory): a scan the parser gives up on must not abort the
        # build's transaction, and the scan's settings stay here.
        self.con = duckdb.connect()
        _run(self.con, "SET enable_progress_bar = false")
        self.path, self.header, self.key = path, header, key
        self.nos = list(nos) if nos else None
        self.report = FileReport(str(path))
        self.rejects: dict[int, tuple[list[str], str]] = {}
        self.refused_by_scanner = 0

    def run(self) -> FileReport:
        stopped = False
        with ThreadPoolExecutor(max_workers=1) as pool:
            counting = pool.submit(_count_lines, self.path)
            try:
                scanned = self._scan(self.path)
            except duckdb.Error:  # the parser gave up (e.g. line breaks that change mid-file)
                scanned, stopped = None, True
            lines = counting.result()
        broken: dict[int, tuple[str, bytes]] = {}
        if stopped or scanned is not None and scanned + self.refused_by_scanner != lines:
            blank, broken = _irregular_lines(self.path)
            lines -= blank
            if broken or stopped:
                self.rejects.clear()
                with tempfile.TemporaryDirectory(prefix="doedocket-idb-") as tmp:
                    copy = Path(tmp) / "readable.txt"
                    _readable_copy(self.path, set(broken), copy)
                    try:
                        scanned = self._scan(copy)
                    except duckdb.Error as exc:
                        raise SourceError(self.path, None, "unreadable as an FJC IDB file "
                                                           f"({str(exc).splitlines()[0]})") from None
                for number, (reason, raw) in broken.items():
                    self._refuse(number, [reason], decode_cp1252(raw))
        self.report.rows_read = lines
        if scanned is not None:
            self.report.unaccounted = lines - scanned - self.refused_by_scanner - len(broken)
        self.report.rows_kept = _scalar(self.con, "SELECT count(*) FROM _idb_scan")
        self.report.rejects = len(self.rejects)
        return self.report

    def _scan(self, path: Path) -> int | None:
        """Scan `path` into `_idb_scan`; settle re-read lines; return the rows the scanner produced."""
        con = self.con
        for table in ("_idb_errors", "_idb_scans"):
            _run(con, f"DROP TABLE IF EXISTS {table}")
        _run(con, "PRAGMA enable_profiling = 'no_output'")
        try:
            _run(con, _scan_sql(self.header, "_idb_scan", "_idb_errors", "_idb_scans"),
                 {"path": str(path), "nos": self.nos})
            scanned = _rows_scanned(con)
        finally:
            _run(con, "PRAGMA disable_profiling")
        undecodable = self._refusals("_idb_errors", lambda line: line, 0)
        self.refused_by_scanner = _scalar(con, "SELECT count(DISTINCT line) FROM _idb_errors")
        reread = self._fetch(path, undecodable)
        if _scalar(con, "SELECT count(*) FROM _idb_scan WHERE has_nul"):
            reread |= {n: raw for n, raw in _lines_with_nul(path).items() if n not in undecodable}
        if reread:
            self._rescan(reread, set(undecodable))
        _run(con, "DELETE FROM _idb_scan WHERE has_nul")
        self.report.reread = len(reread)
        for table in ("_idb_errors", "_idb_scans"):
            _run(con, f"DROP TABLE IF EXISTS {table}")
        return scanned

    def kept(self) -> pl.DataFrame:
        """The kept rows: NEEDED columns, DISTRICT as text."""
        return self.con.sql(
            'SELECT * EXCLUDE (has_nul) REPLACE (CAST("DISTRICT" AS VARCHAR) AS "DISTRICT") FROM _idb_scan').pl()

    def close(self) -> None:
        self.con.close()

    def _refuse(self, number: int, reasons: list[str], text: str) -> None:
        old = self.rejects.get(number)
        merged = (old[0] if old else []) + [r for r in reasons if not old or r not in old[0]]
        self.rejects[number] = (merged, text)

    def _refusals(self, errors: str, original_line, extra_columns: int) -> dict[int, tuple[int, str]]:
        """Record the refusals in `errors`; return the lines refused as undecodable (line -> hint, copy)."""
        rows = self.con.execute(
            f"SELECT line, line_byte_position, column_name, CAST(error_type AS VARCHAR), error_message, csv_line "
            f"FROM {errors} ORDER BY line, column_idx").fetchall()
        undecodable = {line: (position, csv_line) for line, position, _c, kind, _m, csv_line in rows
                       if kind == "INVALID ENCODING"}
        counted: set[int] = set()  # a short line gets one column-count refusal per missing column: keep the first
        for line, _position, column, kind, message, csv_line in rows:
            if line in undecodable or kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and line in counted:
                continue
            if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
                counted.add(line)
            text = csv_line.lstrip("\r\n")
            # Scanner columns are named c<position in the file>.
            index = int(column[1:]) if column and column[1:].isdigit() else None
            name = self.header.names[index] if index is not None and index < len(self.header.names) else column
            reason = _reason(name, kind, message or "", _field(text, index), extra_columns)
            self._refuse(original_line(line), [reason], text)
        return undecodable

    def _fetch(self, path: Path, undecodable: dict[int, tuple[int, str]]) -> dict[int, bytes]:
        """The raw bytes of the undecodable lines (by their byte offsets, else by counting lines)."""
        found: dict[int, bytes] = {}
        with open(path, "rb") as fh:
            for line, (position, csv_line) in sorted(undecodable.items()):
                raw = _line_at(fh, position, csv_line)
                if raw is not None:
                    found[line] = raw
        return found | _lines_numbered(path, set(undecodable) - set(found))

    def _rescan(self, lines: dict[int, bytes], undecodable: set[int]) -> None:
        """Scan re-read lines again (decoded, with their line numbers) and settle each one."""
        texts = {n: decode_cp1252(lines[n]).rstrip("\r\n") for n in sorted(lines)}
        for number, text in list(texts.items()):
            if open_quote_at_end(text.encode("utf-8")):  # would swallow the re-read lines after it
                self._refuse(number, ['unbalanced quote: a value opening with " is not closed on its line'], text)
                del texts[number]
        numbers = sorted(texts)
        header = Header(self.header.names + (REREAD_LINE,))
        with tempfile.TemporaryDirectory(prefix="doedocket-idb-") as tmp:
            path = Path(tmp) / "reread.txt"
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write("\t".join(header.names) + "\n")
                fh.writelines(f"{texts[n]}\t{n}\n" for n in numbers)
            _run(self.con, _scan_sql(header, "_idb_rescan", "_idb_rescan_errors", "_idb_rescan_scans"),
                 {"path": str(path), "nos": self.nos})
        # A refused re-read line: an undecodable one gets its reasons here; a NUL line was refused
        # (and reported) by the first scan already.
        self._refusals("_idb_rescan_errors", lambda line: numbers[line - 2], 1)
        for number in numbers:
            if number not in undecodable and number in self.rejects:
                self._refuse(number, ["NUL byte in line"], texts[number])
        for (number,) in self.con.execute(f'SELECT "{REREAD_LINE}" FROM _idb_rescan WHERE has_nul').fetchall():
            self._refuse(number, ["NUL byte in line"], texts[number])
        kept = ", ".join(f'"{name}"' for name in NEEDED)
        _run(self.con, f"INSERT INTO _idb_scan SELECT {kept}, has_nul FROM _idb_rescan WHERE NOT has_nul")
        for table in ("_idb_rescan", "_idb_rescan_errors", "_idb_rescan_scans"):
            _run(self.con, f"DROP TABLE IF EXISTS {table}")

    def reject_rows(self, load_id: int) -> list[dict]:
        """The refused lines as `idb_rejects` rows (IP addresses pseudonymised)."""
        return [
            dict(source_file=str(self.path), line_number=line, reason=pseudonymise_ips("; ".join(reasons), self.key),
                 raw_line=pseudonymise_ips(text.replace("\x00", "\\0").rstrip("\r\n")[:RAW_LINE_LIMIT], self.key),
                 load_id=load_id)
            for line, (reasons, text) in sorted(self.rejects.items())
        ]


# -- loading into a build ----------------------------------------------------------------------

_REJECTS_SCHEMA = {"source_file": pl.String, "line_number": pl.Int64, "reason": pl.String, "raw_line": pl.String,
                   "load_id": pl.Int64}

# One idb_cases row per kept line. `_idb_names` maps each raw PLT/DEF to its cleaned, keyed,
# pseudonymised form and Doe reading.
_INSERT_CASES = """
INSERT INTO idb_cases
SELECT d.court_id || ':' || k.docket_core AS case_id, d.court_id, d.district_code, k.office, k.docket_core,
       k.origin, k.date_filed, k.date_terminated, k.nos, p.raw_pseudonymised, p.cleaned, p.name_key,
       f.raw_pseudonymised, coalesce(f.is_doe, false), f.does_count, k.disp, x.disposition, k.judgment,
       k.tape_year,
       nullif(concat_ws(';',
           CASE WHEN length(k.plt) >= $width OR length(k.def) >= $width THEN 'idb_truncated_names' END,
           CASE WHEN f.count_at_cut THEN 'idb_doe_count_at_cut' END,
           CASE WHEN k.origin = 4 THEN 'idb_reopened' END), '') AS flags,
       $source_file, $load_id
FROM (
    SELECT CAST("DISTRICT" AS VARCHAR) AS district, "OFFICE" AS office,
           CASE WHEN "DOCKET" < 10000000 THEN lpad(CAST("DOCKET" AS VARCHAR), 7, '0')
                ELSE CAST("DOCKET" AS VARCHAR) END AS docket_core,
           "ORIGIN" AS origin, nullif("FILEDATE", DATE '1900-01-01') AS date_filed,
           nullif("TERMDATE", DATE '1900-01-01') AS date_terminated, "NOS" AS nos, "PLT" AS plt, "DEF" AS def,
           "DISP" AS disp, "JUDGMENT" AS judgment, "TAPEYEAR" AS tape_year
    FROM _idb_scan
) AS k
JOIN _idb_spellings AS s ON s.spelling = k.district
JOIN fjc_districts AS d ON d.district_code = s.district_code
LEFT JOIN _idb_names AS p ON p.raw = k.plt
LEFT JOIN _idb_names AS f ON f.raw = k.def
LEFT JOIN idb_dispositions AS x ON x.disp = k.disp
"""

# Records of one case (court, docket, filing date) from several tape years or loads: keep the
# newest tape year (2099 = pending is the newest), then the latest load, then the latest ending.
_COLLAPSE = """
DELETE FROM idb_cases WHERE rowid IN (
    SELECT rid FROM (
        SELECT rowid AS rid, row_number() OVER (
            PARTITION BY court_id, docket_number_core, date_filed
            ORDER BY tape_year DESC NULLS LAST, load_id DESC, date_terminated DESC NULLS LAST,
                     disp DESC NULLS LAST, judgment DESC NULLS LAST, office, plaintiff_raw, defendant_raw) AS rn
        FROM idb_cases
    ) AS ranked WHERE rn > 1
)
"""

# Doe cases, and cases a docket source also knows, as `source_cases` rows of source 'idb'. A case
# with several records (reopened) takes its first filing date and its last record's ending.
_SYNC_SOURCE_CASES = """
DELETE FROM source_cases WHERE source = 'idb';
INSERT INTO source_cases (case_id, court_id, docket_number, docket_number_core, office, case_name, plaintiff_raw,
                          plaintiff, plaintiff_key, date_filed, date_terminated, does_in_caption, nature_of_suit,
                          disposition, flags, source)
SELECT case_id, court_id, docket_number_core, docket_number_core, office,
       concat_ws(' v. ', plaintiff_raw, defendant_raw), plaintiff_raw, plaintiff, plaintiff_key, first_filed,
       date_terminated, does_count, CASE WHEN nos = 820 THEN '820 Copyright' ELSE CAST(nos AS VARCHAR) END,
       disposition,
       nullif(concat_ws(';', flags, CASE WHEN records > 1 AND coalesce(flags, '') NOT LIKE '%idb_reopened%'
                                         THEN 'idb_reopened' END), ''),
       'idb'
FROM (
    SELECT i.*, count(*) OVER (PARTITION BY i.case_id) AS records,
           min(i.date_filed) OVER (PARTITION BY i.case_id) AS first_filed,
           row_number() OVER (PARTITION BY i.case_id
                              ORDER BY i.date_filed DESC NULLS LAST, i.tape_year DESC NULLS LAST) AS latest
    FROM idb_cases AS i
    WHERE i.case_id IN (SELECT case_id FROM idb_cases WHERE is_doe)
       OR i.case_id IN (SELECT case_id FROM source_cases WHERE source <> 'idb')
) AS c
WHERE latest = 1
"""


def sync_source_cases(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite the `source_cases` rows of source 'idb' from `idb_cases`; returns how many there are.

    Run by every IDB load. A build that loads docket sources after the IDB may run it again so
    that the IDB fills the gaps of the cases those sources added.
    """
    _run(con, _SYNC_SOURCE_CASES)
    return _scalar(con, "SELECT count(*) FROM source_cases WHERE source = 'idb'")


@dataclass
class LoadReport:
    """What one load did, for the one-line summary."""

    files: list[FileReport] = field(default_factory=list)
    duplicates_collapsed: int = 0
    cases: int = 0
    copyright_cases: int = 0
    doe_cases: int = 0
    names_at_cut: int = 0
    doe_counts_at_cut: int = 0
    source_cases: int = 0
    nos: tuple[int, ...] | None = DEFAULT_NOS

    def summary(self) -> str:
        """The one-line summary `doedocket ingest idb` prints."""
        rows = sum(f.rows_read for f in self.files)
        kept = sum(f.rows_kept for f in self.files)
        rejects = sum(f.rejects for f in self.files)
        nos = "any NOS" if not self.nos else "NOS " + ",".join(map(str, self.nos))
        text = (f"{len(self.files)} IDB file(s), {rows} rows read, {kept} rows kept ({nos}), "
                f"{self.duplicates_collapsed} duplicate tape-year rows collapsed, {self.cases} case records in "
                f"idb_cases ({self.copyright_cases} copyright, {self.doe_cases} against Does; "
                f"{self.names_at_cut} with PLT or DEF cut at {NAME_WIDTH} characters, "
                f"{self.doe_counts_at_cut} Doe counts possibly cut), {self.source_cases} cases copied to source_cases "
                f"(Doe cases and cases docket sources know), {rejects} rejected lines")
        if rejects:
            text += " (see table idb_rejects: file, line, reason)"
        unaccounted = sum(f.unaccounted for f in self.files)
        if unaccounted:
            text += f"; {unaccounted} lines neither kept nor rejected by DuckDB's scanner (unexpected: please report)"
        return text


def _names_frame(con: duckdb.DuckDBPyConnection, key: bytes) -> pl.DataFrame:
    raws = [r[0] for r in con.execute(
        "SELECT DISTINCT v FROM (SELECT \"PLT\" AS v FROM _idb_scan UNION SELECT \"DEF\" FROM _idb_scan) "
        "WHERE v IS NOT NULL").fetchall()]
    rows = []
    for raw in raws:
        scrubbed = pseudonymise_ips(raw, key)
        cleaned = clean_name(scrubbed)
        does = caption_does(cleaned)
        rows.append((raw, scrubbed, cleaned, plaintiff_key(cleaned), does.is_doe, does.count, does.count_at_cut))
    return pl.DataFrame(rows, orient="row", schema={
        "raw": pl.String, "raw_pseudonymised": pl.String, "cleaned": pl.String, "name_key": pl.String,
        "is_doe": pl.Boolean, "does_count": pl.Int64, "count_at_cut": pl.Boolean})


def _refresh_districts(con: duckdb.DuckDBPyConnection) -> None:
    frame = pl.DataFrame([d.__dict__ for d in districts()]).rename(
        {"code": "district_code", "name": "court_name"})
    con.register("_idb_district_rows", frame)
    _run(con, "DELETE FROM fjc_districts")
    _run(con, "INSERT INTO fjc_districts SELECT district_code, court_id, circuit, court_name FROM _idb_district_rows")
    con.unregister("_idb_district_rows")
    spellings = pl.DataFrame({"spelling": list(district_spellings()), "district_code": list(district_spellings().values())})
    con.register("_idb_spellings", spellings)


def load(con: duckdb.DuckDBPyConnection, paths: list[Path], *, key: bytes,
         nos: tuple[int, ...] | None = DEFAULT_NOS) -> LoadReport:
    """Load IDB files into `idb_cases`/`idb_rejects` on `con` (inside the caller's build transaction).

    `nos`: natures of suit to keep (None keeps every case). Raises `SourceError` for a file that
    is not an IDB file; refused lines never stop the load.
    """
    headers = [(Path(p).resolve(), read_header(Path(p))) for p in paths]
    report = LoadReport(nos=nos)
    _refresh_districts(con)
    load_id = con.execute(
        "SELECT 1 + greatest(coalesce((SELECT max(load_id) FROM idb_cases), 0), "
        "coalesce((SELECT max(load_id) FROM idb_rejects), 0))").fetchall()[0][0]
    before = _scalar(con, "SELECT count(*) FROM idb_cases")
    inserted = 0
    for path, header in headers:
        scan = _Scan(path, header, nos, key)
        try:
            report.files.append(scan.run())
            con.register("_idb_scan", scan.kept())
        finally:
            scan.close()
        con.register("_idb_names", _names_frame(con, key))
        _run(con, _INSERT_CASES, {"width": NAME_WIDTH, "source_file": str(path), "load_id": load_id})
        inserted += report.files[-1].rows_kept
        con.unregister("_idb_names")
        rejects = pl.DataFrame(scan.reject_rows(load_id), schema=_REJECTS_SCHEMA)
        con.register("_idb_reject_rows", rejects)
        _run(con, "DELETE FROM idb_rejects WHERE source_file = ?", [str(path)])
        _run(con, "INSERT INTO idb_rejects SELECT * FROM _idb_reject_rows")
        con.unregister("_idb_reject_rows")
        con.unregister("_idb_scan")
    con.unregister("_idb_spellings")
    _run(con, _COLLAPSE)
    report.duplicates_collapsed = before + inserted - _scalar(con, "SELECT count(*) FROM idb_cases")
    report.source_cases = sync_source_cases(con)
    (report.cases, report.copyright_cases, report.doe_cases, report.names_at_cut,
     report.doe_counts_at_cut) = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE nos = 820), count(*) FILTER (WHERE is_doe), "
        "count(*) FILTER (WHERE flags LIKE '%idb_truncated_names%'), "
        "count(*) FILTER (WHERE flags LIKE '%idb_doe_count_at_cut%') FROM idb_cases").fetchall()[0]
    return report


def nos_filter(value: str | None) -> tuple[int, ...] | None:
    """Natures of suit to keep, from `--nos` or else `$DOEDOCKET_IDB_NOS` ("820", "820,830", or
    "all"), else 820."""
    value = value or os.environ.get("DOEDOCKET_IDB_NOS")
    if value is None:
        return DEFAULT_NOS
    text = str(value)
    if text.strip().lower() in ("all", "any", "*"):
        return None
    try:
        return tuple(sorted({int(v) for v in text.split(",") if v.strip()})) or DEFAULT_NOS
    except ValueError:
        raise SourceError("--nos", None, f"{text!r} is not a list of NOS codes or 'all'") from None


class Idb(Source):
    """`doedocket ingest idb FILE... [--nos 820,...]`: FJC IDB civil files, scanned by the database
    itself inside the build (a bulk-load step: about ten million rows a file)."""

    name = "idb"
    help = "FJC Integrated Database civil files (cv88on.txt)"
    unit = "files"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--nos", metavar="CODES",
                            help="natures of suit to keep: 820 (copyright, the default), 820,830, or all "
                                 "(default: $DOEDOCKET_IDB_NOS, else 820)")

    def expected(self, paths: list[Path], options: argparse.Namespace) -> int:
        return len(paths)

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[BulkLoad]:
        nos = nos_filter(options.nos)
        for path in paths:
            read_header(Path(path))  # a file that is not an IDB file fails before the build opens
        yield BulkLoad(lambda con: load(con, [Path(p) for p in paths], key=key, nos=nos), records=len(paths))

    def summary(self, loaded: Loaded) -> str:
        return loaded.results[0].summary()


IDB = Idb()
