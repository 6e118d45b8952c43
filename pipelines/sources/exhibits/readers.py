"""The exhibit readers: a text exhibit (pdftotext -layout or OCR), a CSV/TSV exhibit, and `read`,
which picks the reader a file needs (CourtListener JSON holds text exhibits).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import astuple, replace
from pathlib import Path

from pipelines.errors import SourceError
from pipelines.sources.exhibits.cases import CaseHint, case_hint
from pipelines.sources.exhibits.layouts import (
    _FILE_HASH,
    _FURNITURE,
    _METADATA,
    MAX_LINE_CHARS,
    _cell_kind,
    _decode,
    _delimiter,
    _documents,
    _header,
)
from pipelines.sources.exhibits.rows import Exhibit, _continue, _finish, _is_wrap, _parse_row, _Row
from pipelines.sources.exhibits.values import (
    _HASH,
    _OCR_DIGITS,
    _OCR_TOKEN,
    _WHEN,
    _clean_ip,
    _find_ips,
    _parse_when,
    _zone_minutes,
    scrub,
)


def read_text(text: str, path: Path, key: bytes, document: str = "") -> Exhibit | None:
    """Parse the text of one exhibit document (pdftotext -layout or OCR); None when it has no rows."""
    header, file_hash, pending = None, None, None
    rows: list[_Row] = []
    furniture: list[str] = []
    header_line = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        record: int | str = f"{document}:{number}" if document else number
        if len(raw) > MAX_LINE_CHARS:
            raise SourceError(path, record, f"line is {len(raw):,} characters long (more than {MAX_LINE_CHARS:,}): "
                                            "not exhibit text")
        if "\f" in raw:
            pending = None
        line = _OCR_TOKEN.sub(lambda m: m.group(0).translate(_OCR_DIGITS) if sum(ch.isdigit() for ch in m.group(0)) >= 2
                              else m.group(0), raw.replace("\f", " ").rstrip())
        if not line.strip():
            pending = None
            continue
        if (m := _FILE_HASH.search(line)) is not None and not _find_ips(line):
            file_hash, pending = m.group(1).upper(), None
            continue
        if not _find_ips(line):
            if (found := _header(line)) is not None:
                header, header_line, pending = found, record, None
            elif (pending is not None and not _FURNITURE.match(line) and not _METADATA.match(line)
                  and (_is_wrap(line) or (header is not None and pending.when is None and _WHEN.search(line)))):
                rows[-1] = pending = _continue(pending, line, path, header)
                continue
            else:
                furniture.append(line)
                pending = None
            continue
        row = _parse_row(line, path, record, number, header, file_hash)
        rows.append(row)
        pending = row
    complete = [r for r in rows if r.when is not None]
    if header is not None:
        for r in rows:
            if r.when is None:
                raise SourceError(path, r.record, "table row has an IP address but no date and time")
    if not complete:
        if header_line is not None:
            raise SourceError(path, header_line, "table header but no row with an IP address and a date")
        return None
    return _finish(complete, path, document, case_hint("\n".join(furniture)), key)


def _records(reader, path: Path):
    """The rows of a csv reader; a row it cannot read (a cell over the csv field limit) is a SourceError."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(path, reader.line_num, f"not a readable CSV row ({exc})") from None


def read_delimited(text: str, path: Path, key: bytes, delimiter: str) -> Exhibit:
    """Parse a CSV/TSV exhibit: lines before the header row may name the case."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    preamble: list[str] = []
    columns: list[tuple[str, str | None]] | None = None
    rows: list[_Row] = []
    zone = None
    line_end = 0
    for cells in _records(reader, path):
        line, line_end = line_end + 1, reader.line_num
        if line_end > line:
            raise SourceError(path, line, f"a quoted cell runs on to line {line_end} (an unbalanced quote?)")
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            kinds = [_cell_kind(c) for c in cells]
            if any(k == "ip" for k, _ in kinds) and any(k == "when" for k, _ in kinds) and \
                    not any(k == "mixed" for k, _ in kinds):
                columns = kinds
                zone = next((_zone_minutes(z) for k, z in kinds if z), None)
            else:
                preamble.append(" ".join(cells))
            continue
        row = _Row(record=line, line=line, text="")
        when_text = []
        for (kind, _), value in zip(columns, cells):
            value = value.strip()
            if not value:
                continue
            if kind == "ip":
                clean = _clean_ip(value)
                if clean is None:
                    raise SourceError(path, line, "the IP address column holds no valid IPv4 or IPv6 address")
                row.ip, row.ip_version = clean
            elif kind == "when":
                when_text.append(value)
            elif kind == "hash":
                row.file_hash = m.group(0).upper() if (m := _HASH.search(value)) else None
            elif kind == "doe":
                digits = re.search(r"\d+", value)
                if digits is None:
                    raise SourceError(path, line, f"Doe number {scrub(value, key)!r} is not a number")
                row.doe = int(digits.group(0))
            elif kind != "other":
                row.put(kind, value, 0)
        if row.ip is None:
            raise SourceError(path, line, "no IP address in this row")
        joined = " ".join(when_text)
        try:
            found = _parse_when(joined, zone)
        except ValueError as exc:
            raise SourceError(path, line, scrub(str(exc), key)) from None
        if found is None:
            raise SourceError(path, line, f"no date in {scrub(joined, key)!r}")
        row.when = found[0]
        rows.append(row)
    if columns is None:
        raise SourceError(path, None, "no header row naming an IP address column and a date/time column")
    if not rows:
        raise SourceError(path, None, "a header row but no exhibit rows")
    return _finish(rows, path, "", case_hint("\n".join(preamble)), key)


def read(path: Path, key: bytes) -> list[Exhibit]:
    """Every exhibit in one file (CSV, TSV, text, or CourtListener JSON), addresses pseudonymised."""
    path = Path(path)
    text = _decode(path)
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(path, exc.lineno, f"not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise SourceError(path, None, "JSON nested too deeply to be a CourtListener answer") from None
        documents = _documents(data)
        if not documents:
            raise SourceError(path, None, "JSON with no plain_text (expected a CourtListener docket entry "
                                          "or RECAP document with recap_documents[].plain_text)")
        exhibits = [e for name, body in documents if (e := read_text(body, path, key, name)) is not None]
        # One docket entry's documents share a case: the complaint names the district, the
        # exhibit's page stamp the docket number.
        shared = case_hint("\n".join(line for _, body in documents for line in body.splitlines()
                                     if not _find_ips(line)))
        exhibits = [replace(e, hint=CaseHint(*(own or other for own, other in zip(astuple(e.hint), astuple(shared)))))
                    for e in exhibits]
    elif (delimiter := _delimiter(text)) is not None:
        exhibits = [read_delimited(text, path, key, delimiter)]
    elif path.suffix.lower() in (".csv", ".tsv"):
        raise SourceError(path, None, "no header row naming an IP address column and a date/time column")
    else:
        exhibits = [e for e in [read_text(text, path, key)] if e is not None]
    if not exhibits:
        raise SourceError(path, None, "no exhibit rows (an IP address with a date and time) found")
    return exhibits
