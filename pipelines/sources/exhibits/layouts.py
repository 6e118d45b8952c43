"""Recognising an exhibit's layout: table header lines, CSV header cells, the delimiter, page
furniture, and the documents of a saved CourtListener answer; decoding a file's bytes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import SourceError
from pipelines.sources.exhibits.values import _zone_minutes

_LABELS = (
    ("location", r"city\s*(?:/|,|and|&)\s*state|location|geo\s*-?\s*location"),
    ("when", r"(?:hit\s+)?date\s*(?:/|and|&)\s*time|date\s*-?\s*time|time\s*-?\s*stamp|hit\s+(?:date|time)"
             r"|(?:first\s+|last\s+)?observed(?:\s+at)?|time\s*zone|date|time"),
    ("zone", r"\(?(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\)?"),
    ("doe", r"doe\s*(?:#|no\.?|num(?:ber)?)?|defendant\s*(?:#|no\.?)?|no\.|#"),
    ("ip", r"ip\s*-?\s*(?:address|addr\.?)?|address"),
    ("isp", r"(?:internet\s+)?service\s+provider|isp|provider|organi[sz]ation|carrier"),
    ("hash", r"(?:file\s+|info\s*|torrent\s+)?hash|sha-?1"),
    ("city", r"city"),
    ("state", r"state|region|province|st\."),
)
_LABEL = re.compile("|".join(rf"(?P<{k}>(?<![\w#]){p}(?![\w]))" for k, p in _LABELS), re.IGNORECASE)
_FREE_KINDS = ("doe", "isp", "city", "state", "location", "other")
_CELL = re.compile(r"[^\s|]+(?: [^\s|]+)*")
_FURNITURE = re.compile(
    r"^\s*(?:case\s*\d{1,2}:\d{2}-|page\s*\d+(?:\s*of\s*\d+)?\s*$|exhibit\b|total\b|\d{1,3}\s*$|-\s*\d+\s*-\s*$"
    r"|[\W_]+$)",
    re.IGNORECASE)
_METADATA = re.compile(r"^\s*[A-Za-z][\w ]{0,30}:\s+\S")
_FILE_HASH = re.compile(r"(?:hash|sha-?1)\s*(?:value)?\s*[:=#]\s*([0-9a-f]{40})\b", re.IGNORECASE)
_LEADING_DOE = re.compile(r"^\s*(?:doe\s*)?(?:#|no\.)?\s*([0-9OolI]{1,6})[.):]?(?=\s)", re.IGNORECASE)
# No exhibit line (a table row, a page stamp, a sentence of prose) comes near this length.
MAX_LINE_CHARS = 100_000


@dataclass(frozen=True)
class _Header:
    kinds: tuple[str, ...]
    starts: tuple[int, ...]  # column of each kind's label, for rows with empty cells
    zone: int | None


def _header(line: str) -> _Header | None:
    """The column kinds a table header line names, in order; None when the line is no header."""
    kinds: list[str] = []
    starts: list[int] = []
    zone, last, unlabelled = None, 0, 0

    def others(text: str, offset: int) -> None:
        nonlocal unlabelled
        for chunk in _CELL.finditer(text):
            words = re.findall(r"[A-Za-z]{2,}", chunk.group(0))
            if words:
                kinds.append("other")
                starts.append(offset + chunk.start())
                unlabelled += len(words)

    for m in _LABEL.finditer(line):
        others(line[last:m.start()], last)
        kind = m.lastgroup
        if kind == "zone":
            zone = m.group(0).strip("()")
        elif not (kind == "when" and kinds and kinds[-1] == "when"):
            kinds.append(kind)
            starts.append(m.start())
        last = m.end()
    others(line[last:], last)
    labelled = [k for k in kinds if k != "other"]
    if "ip" not in kinds or not {"when", "isp"} & set(kinds) or len(labelled) < 3 or unlabelled > len(labelled):
        return None
    return _Header(tuple(kinds), tuple(starts), _zone_minutes(zone))


def _cell_kind(label: str) -> tuple[str, str | None]:
    """(kind, zone) of one CSV header cell; kind 'mixed' when the cell names several columns."""
    kinds = [m.lastgroup for m in _LABEL.finditer(label)]
    zones = [m.group(0).strip("()") for m in _LABEL.finditer(label) if m.lastgroup == "zone"]
    columns = set(kinds) - {"zone"}
    if len(columns) > 1:
        return "mixed", None
    return (columns.pop() if columns else "other"), (zones[0] if zones else None)


def _documents(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """(name, plain_text) of every RECAP document in a saved CourtListener JSON answer."""
    found: list[tuple[str, str]] = []
    if isinstance(data, list):
        for i, item in enumerate(data):
            found += _documents(item, f"{prefix}[{i}].")
    elif isinstance(data, dict):
        if isinstance(data.get("plain_text"), str):
            found.append((prefix.rstrip(".") or "plain_text", data["plain_text"]))
        for key in ("results", "recap_documents"):
            if isinstance(data.get(key), list):
                for i, item in enumerate(data[key]):
                    found += _documents(item, f"{prefix}{key}[{i}].")
    return found


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(path, None, "is a directory, not an exhibit file") from None
    except FileNotFoundError:
        raise SourceError(path, None, "file not found") from None
    if raw.startswith(b"%PDF"):
        raise SourceError(path, None, "a PDF: extract its text first with `pdftotext -layout FILE`")
    if b"\x00" in raw[:8192]:
        raise SourceError(path, None, "a binary file, not a CSV, TSV, text or CourtListener JSON exhibit")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(path, None, "not UTF-8 or Windows-1252 text")


def _delimiter(text: str) -> str | None:
    """The delimiter of a CSV/TSV exhibit (its header row's), or None for a text exhibit."""
    for line in text.splitlines()[:60]:
        for delimiter in ("\t", ",", ";"):
            if delimiter in line:
                try:
                    cells = next(csv.reader([line], delimiter=delimiter))
                except csv.Error:
                    continue  # a line no csv reader takes (a cell over the field limit) is no header
                kinds = [_cell_kind(c)[0] for c in cells]
                if "ip" in kinds and "when" in kinds and "mixed" not in kinds:
                    return delimiter
    return None
