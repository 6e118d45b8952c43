"""Read the FJC Integrated Database civil file (`cv88on.txt`, or the FJC's Deflate64 zip of it) into
`idb_cases`, at full scale.

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

The package: `archive` (the FJC's zip: its member inflated for the scan, and the `source_files` row
each file read gets), `layout` (the file's columns, types, header and cp1252 decoding), `district_codes`
(FJC district codes and their spellings), `captions` (PLT/DEF names and Doe captions), `lines` (raw
lines read as bytes), `scan` (one file through DuckDB's scanner, with its rejects), `loading` (the
scanned files into a build) and `sql` (the statements of queries/load/idb/); this module is the
source `doedocket ingest idb`: its options and its bulk-load step.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path

from pipelines.errors import SourceError
from pipelines.sources.base import BulkLoad, Loaded, Source
from pipelines.sources.idb.captions import NAME_WIDTH, CaptionDoes, caption_does, clean_name
from pipelines.sources.idb.district_codes import DISTRICTS_CSV, District, district_spellings, districts
from pipelines.sources.idb.layout import (
    ALIASES,
    COLUMNS,
    DATE_FORMAT,
    NEEDED,
    NOT_NULL,
    NULL_STRINGS,
    Header,
    decode_cp1252,
    read_header,
)
from pipelines.sources.idb.lines import MAX_LINE_BYTES, RAW_LINE_LIMIT, open_quote_at_end
from pipelines.sources.idb.loading import DEFAULT_NOS, LoadReport, load, record_files
from pipelines.sources.idb.scan import REREAD_LINE, FileReport

__all__ = [
    "ALIASES", "COLUMNS", "DATE_FORMAT", "DEFAULT_NOS", "DISTRICTS_CSV", "IDB", "MAX_LINE_BYTES", "NAME_WIDTH",
    "NEEDED", "NOT_NULL", "NULL_STRINGS", "RAW_LINE_LIMIT", "REREAD_LINE", "CaptionDoes", "District",
    "FileReport", "Header", "Idb", "LoadReport", "caption_does", "clean_name", "decode_cp1252",
    "district_spellings", "districts", "load", "nos_filter", "open_quote_at_end", "read_header", "record_files",
]


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
    help = "FJC Integrated Database civil files (cv88on.txt, or the FJC's zip of it)"
    unit = "files"
    # Its Doe cases and the cases a docket source also knows join source_cases: which those are depends
    # on every other load, before or after this one.
    rederive = ("load/idb/wanted_source_cases.sql", "load/idb/delete_source_cases.sql",
                "load/idb/insert_source_cases.sql", "load/idb/drop_wanted_source_cases.sql")

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
        yield BulkLoad(lambda con: load(con, [Path(p) for p in paths], key=key, nos=nos), records=len(paths),
                       finish=record_files)

    def summary(self, loaded: Loaded) -> str:
        return loaded.results[0].summary()


IDB = Idb()
