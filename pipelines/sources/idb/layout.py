"""The IDB civil file's layout: the published columns, the columns the reader keeps and their types,
missing-value and date conventions, the header line, and cp1252 decoding.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import SourceError
from pipelines.sources.idb import archive

# The published layout, in order (the reader itself goes by the header each file carries).
COLUMNS = [
    "CIRCUIT", "DISTRICT", "OFFICE", "DOCKET", "ORIGIN", "FILEDATE", "FDATEUSE", "JURIS", "NOS", "TITL",
    "SECTION", "SUBSECT", "RESIDENC", "JURY", "CLASSACT", "DEMANDED", "FILEJUDG", "FILEMAG", "COUNTY", "ARBIT",
    "MDLDOCK", "PLT", "DEF", "TRANSDAT", "TRANSOFF", "TRANSDOC", "TRANSORG", "TERMDATE", "TDATEUSE", "TRCLACT",
    "TERMJUDG", "TERMMAG", "PROCPROG", "DISP", "NOJ", "AMTREC", "JUDGMENT", "DJOINED", "PRETRIAL", "TRIBEGAN",
    "TRIALEND", "TRMARB", "PROSE", "IFP", "STATUSCD", "TAPEYEAR",
]
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


def _undefined_as_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 as Windows decodes it: the five bytes cp1252 leaves undefined keep their code points."""
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("doedocket_cp1252", _undefined_as_latin1)


def decode_cp1252(raw: bytes) -> str:
    """cp1252 text of `raw`; the five bytes cp1252 leaves undefined keep their Latin-1 code points."""
    return raw.decode("cp1252", errors="doedocket_cp1252")


@dataclass(frozen=True)
class Header:
    """The columns of one file, as its header line names them."""

    names: tuple[str, ...]

    def position(self, name: str) -> int:
        """0-based column of `name`."""
        return self.names.index(name)


def read_header(path: Path) -> Header:
    """The header of an IDB file (or of the IDB member of a zip); `SourceError` when the file is not
    one (or is binary)."""
    if not path.is_file():
        raise SourceError(path, None, "file not found")
    if archive.is_zip(path):  # the FJC's zip: the first line of its member
        first = archive.first_line(path, 1 << 16)
    else:
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
