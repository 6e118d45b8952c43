"""Scanning one IDB file with DuckDB's CSV scanner: the kept rows typed and filtered in one parallel
pass, refused lines with their reasons in the reader's words, undecodable and NUL lines re-read and
scanned again, and every line of the file accounted for.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.errors import SourceError
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.idb import sql
from pipelines.sources.idb.district_codes import district_spellings
from pipelines.sources.idb.layout import DATE_FORMAT, NEEDED, NOT_NULL, NULL_STRINGS, Header, decode_cp1252
from pipelines.sources.idb.lines import (
    MAX_LINE_BYTES,
    RAW_LINE_LIMIT,
    _irregular_lines,
    _lines_numbered,
    _lines_with_nul,
    _readable_copy,
    line_at,
    open_quote_at_end,
    survey,
)

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


@dataclass
class FileReport:
    """What one file gave."""

    path: str
    rows_read: int = 0
    rows_kept: int = 0
    rejects: int = 0
    reread: int = 0  # lines re-read in Python (not UTF-8, or holding a NUL byte)
    unaccounted: int = 0  # lines the scanner neither kept nor refused (none, unless DuckDB surprises)


def _scan_file(con: duckdb.DuckDBPyConnection, header: Header, table: str, errors: str, scans: str, path: Path,
               nos: list[int] | None, check_nul: bool) -> None:
    """Scan `path` into `table` (scan_file.sql): NEEDED columns typed, the `nos` filter, refusals to `errors`.

    With `check_nul`, every text column is read to tell which kept rows hold a NUL byte (`has_nul`).
    Without (the file has no NUL byte), the scanner reads the NEEDED columns and every column before
    the last NOT_NULL one, no more: DuckDB 2.0.1 applies `force_not_null` by position among the columns
    it reads, so the columns up to the last NOT_NULL one must all be read for their positions to be
    the file's (else it forces the wrong columns: "-8" in ORIGIN refused, a missing DOCKET let through).
    Column names come from `header` only through their positions (scanner columns c0, c1, ...).
    A trailing REREAD_LINE column, when the header has one, is kept too (re-scans of re-read lines).
    DISTRICT is read as the ENUM type scan_district_type.sql made on the scan's connection.
    """
    types = {f"c{i}": NEEDED.get(name, "VARCHAR") for i, name in enumerate(header.names)}
    columns = {k: ("idb_district" if t == "DISTRICT" else t) for k, t in types.items()}
    kept = [f'c{header.position(n)} AS "{n}"' for n in NEEDED]
    if REREAD_LINE in header.names:
        kept.append(f'CAST(c{header.position(REREAD_LINE)} AS BIGINT) AS "{REREAD_LINE}"')
    text_columns = [f"c{i}" for i, n in enumerate(header.names) if NEEDED.get(n, "VARCHAR") == "VARCHAR"]
    if not check_nul:
        last = max(header.position(n) for n in NOT_NULL)
        text_columns = [c for c in text_columns if int(c[1:]) <= last]
    sql.run(con, "scan_file",
            {"path": str(path), "columns": columns, "null_strings": list(NULL_STRINGS),
             "not_null": [f"c{header.position(n)}" for n in NOT_NULL], "date_format": DATE_FORMAT,
             "errors": errors, "scans": scans, "nos": nos},
            table=table, kept=", ".join(kept), text_columns=", ".join(text_columns),
            nos_column=f"c{header.position('NOS')}")


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
    and the copy is scanned instead. The same pass over the bytes looks for NUL bytes (only a file
    holding one is scanned again with every column read, to find the kept lines that hold it).
    `on_scanned`, when given, is called once the scanner's first pass over the whole file is over
    (before refused lines are read again): the caller's cue to start work that wants a core.

    `run` scans and accounts for every line; the re-read lines are settled by `settle`, which the
    caller may run in a thread of its own while it loads `kept()` (the rows of the lines the scanner
    read), and whose kept rows are `reread_kept()`. The report is complete once `settle` is done.
    """

    def __init__(self, path: Path, header: Header, nos: tuple[int, ...] | None, key: bytes,
                 name: str | None = None, on_scanned: Callable[[], object] | None = None) -> None:
        # A connection of its own (in memory): a scan the parser gives up on must not abort the
        # build's transaction, and the scan's settings stay here.
        self.con = duckdb.connect()
        sql.run(self.con, "scan_quiet")
        sql.run(self.con, "scan_district_type", {"spellings": sorted(district_spellings())})
        self.path, self.header, self.key = path, header, key
        self.nos = list(nos) if nos else None
        self.report = FileReport(name or str(path))  # `name`: the file read, when `path` is its unzipped copy
        self.rejects: dict[int, tuple[list[str], str]] = {}
        self.refused_by_scanner = 0
        self.check_nul = False  # set once the file is known to hold a NUL byte
        self.on_scanned = on_scanned
        self.unsettled: tuple[Path, dict[int, tuple[int, str]]] | None = None  # the last scan's re-read lines

    def run(self) -> FileReport:
        """Scan the file and account for its lines; the report's kept rows, refusals and re-read lines
        are counted by `settle`."""
        stopped = False
        with ThreadPoolExecutor(max_workers=1) as pool:
            surveying = pool.submit(survey, self.path)
            try:
                scanned = self._scan(self.path)
            except duckdb.Error:  # the parser gave up (e.g. line breaks that change mid-file)
                scanned, stopped = None, True
            self._first_pass_over()  # (the scanner gave up: its pass is over all the same)
            surveyed = surveying.result()
        lines, self.check_nul = surveyed.lines, surveyed.has_nul
        if self.check_nul and not stopped:  # scanned again, every column read, to find the NUL lines
            self.rejects.clear()
            try:
                scanned = self._scan(self.path)
            except duckdb.Error:
                scanned, stopped = None, True
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
                        raise SourceError(self.report.path, None, "unreadable as an FJC IDB file "
                                                           f"({str(exc).splitlines()[0]})") from None
                    self.settle()  # (its lines are read from the copy)
                for number, (reason, raw) in broken.items():
                    self._refuse(number, [reason], decode_cp1252(raw))
        self.report.rows_read = lines
        if scanned is not None:
            self.report.unaccounted = lines - scanned - self.refused_by_scanner - len(broken)
        return self.report

    def settle(self) -> FileReport:
        """Read the last scan's undecodable lines and kept NUL lines again, scan them, and settle each:
        kept (`reread_kept`) or refused. Then count the report's kept rows and refusals."""
        if self.unsettled is not None:
            path, undecodable = self.unsettled
            self.unsettled = None
            sql.run(self.con, "scan_reread_table")
            reread = self._fetch(path, undecodable)
            if sql.scalar(self.con, "scan_count_nul"):
                reread |= {n: raw for n, raw in _lines_with_nul(path).items() if n not in undecodable}
            if reread:
                self._rescan(reread, set(undecodable))
            sql.run(self.con, "scan_drop_nul")
            self.report.reread = len(reread)
            self.report.rows_kept = sql.scalar(self.con, "scan_count_kept")
        self.report.rejects = len(self.rejects)
        return self.report

    def _scan(self, path: Path) -> int | None:
        """Scan `path` into `_idb_scan`, record its refusals, leave its re-read lines to `settle`; return
        the rows the scanner produced."""
        con = self.con
        for table in ("_idb_errors", "_idb_scans"):
            sql.run(con, "scan_drop_table", table=table)
        sql.run(con, "scan_profiling_on")
        try:
            _scan_file(con, self.header, "_idb_scan", "_idb_errors", "_idb_scans", path, self.nos, self.check_nul)
            scanned = _rows_scanned(con)
        finally:
            sql.run(con, "scan_profiling_off")
        self._first_pass_over()
        undecodable = self._refusals("_idb_errors", lambda line: line, 0)
        self.refused_by_scanner = sql.scalar(con, "scan_count_refused")
        self.unsettled = (path, undecodable)
        for table in ("_idb_errors", "_idb_scans"):
            sql.run(con, "scan_drop_table", table=table)
        return scanned

    def _first_pass_over(self) -> None:
        if self.on_scanned is not None:
            self.on_scanned()
            self.on_scanned = None

    def kept(self) -> pl.DataFrame:
        """The kept rows of the lines the scanner read (without a NUL byte): NEEDED columns, DISTRICT as
        text. Taken before `settle` runs, which uses the scan's connection."""
        return self.con.sql(sql.statement("scan_kept_rows", table="_idb_scan")).pl()

    def reread_kept(self) -> pl.DataFrame:
        """The kept rows of the re-read lines (after `settle`), like `kept()`."""
        return self.con.sql(sql.statement("scan_kept_rows", table="_idb_reread")).pl()

    def close(self) -> None:
        self.con.close()

    def _refuse(self, number: int, reasons: list[str], text: str) -> None:
        old = self.rejects.get(number)
        merged = (old[0] if old else []) + [r for r in reasons if not old or r not in old[0]]
        self.rejects[number] = (merged, text)

    def _refusals(self, errors: str, original_line, extra_columns: int) -> dict[int, tuple[int, str]]:
        """Record the refusals in `errors`; return the lines refused as undecodable (line -> hint, copy)."""
        rows = sql.rows(self.con, "scan_refusals", errors=errors)
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
        if undecodable:
            with open(path, "rb", buffering=0) as fh:
                for line, (position, csv_line) in sorted(undecodable.items()):
                    raw = line_at(fh.fileno(), position, csv_line)
                    if raw is not None:
                        found[line] = raw
        return found | _lines_numbered(path, set(undecodable) - set(found))

    def _rescan(self, lines: dict[int, bytes], undecodable: set[int]) -> None:
        """Scan re-read lines again (decoded, with their line numbers) and settle each one."""
        texts = {n: decode_cp1252(lines[n]).rstrip("\r\n") for n in sorted(lines)}
        for number, text in list(texts.items()):
            # Would swallow the re-read lines after it. The raw bytes tell as well as the text: a
            # cp1252 byte is one character, and UTF-8 never puts a quote or tab inside a character.
            if open_quote_at_end(lines[number]):
                self._refuse(number, ['unbalanced quote: a value opening with " is not closed on its line'], text)
                del texts[number]
        numbers = sorted(texts)
        header = Header(self.header.names + (REREAD_LINE,))
        with tempfile.TemporaryDirectory(prefix="doedocket-idb-") as tmp:
            path = Path(tmp) / "reread.txt"
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write("\t".join(header.names) + "\n")
                fh.writelines(f"{texts[n]}\t{n}\n" for n in numbers)
            _scan_file(self.con, header, "_idb_rescan", "_idb_rescan_errors", "_idb_rescan_scans", path, self.nos,
                       True)
        # A refused re-read line: an undecodable one gets its reasons here; a NUL line was refused
        # (and reported) by the first scan already.
        self._refusals("_idb_rescan_errors", lambda line: numbers[line - 2], 1)
        for number in numbers:
            if number not in undecodable and number in self.rejects:
                self._refuse(number, ["NUL byte in line"], texts[number])
        for (number,) in sql.rows(self.con, "scan_reread_nul", reread_line=REREAD_LINE):
            self._refuse(number, ["NUL byte in line"], texts[number])
        kept = ", ".join(f'"{name}"' for name in NEEDED)
        sql.run(self.con, "scan_keep_reread", kept=kept)
        for table in ("_idb_rescan", "_idb_rescan_errors", "_idb_rescan_scans"):
            sql.run(self.con, "scan_drop_table", table=table)

    def reject_rows(self, load_id: int) -> list[dict]:
        """The refused lines as `idb_rejects` rows (IP addresses pseudonymised)."""
        return [
            dict(source_file=self.report.path, line_number=line, reason=pseudonymise_ips("; ".join(reasons), self.key),
                 raw_line=pseudonymise_ips(text.replace("\x00", "\\0").rstrip("\r\n")[:RAW_LINE_LIMIT], self.key),
                 load_id=load_id)
            for line, (reasons, text) in sorted(self.rejects.items())
        ]
