"""Exhibit rows: the cells of a line given to their columns, wrapped lines joined, Does numbered, and
the pseudonymised hits staged as `exhibit_observations` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.errors import SourceError
from pipelines.privacy import ip_token
from pipelines.sources.exhibits.cases import CaseHint
from pipelines.sources.exhibits.layouts import _CELL, _FREE_KINDS, _LEADING_DOE, _Header
from pipelines.sources.exhibits.values import (
    _HASH,
    _OCR_DIGITS,
    _TIME_ONLY,
    _WHEN,
    _find_ips,
    _parse_when,
    _place,
    _When,
    forum_state,
    network_token,
    scrub,
    state_code,
)

SOURCE_COLUMNS = {
    "case_id": pl.String, "source_file": pl.String, "document": pl.String, "line_number": pl.Int64,
    "doe_number": pl.Int64, "ip_token": pl.String, "network_token": pl.String, "ip_version": pl.Int64,
    "isp": pl.String, "observed_at": pl.Datetime("us"), "time_known": pl.Boolean, "city": pl.String,
    "state": pl.String, "forum_state": pl.String, "file_hash": pl.String,
}


@dataclass
class _Row:
    """One exhibit row while it is read (holds the raw address: never leaves this package)."""

    record: int | str
    line: int
    text: str
    ip: str | None = None
    ip_version: int | None = None
    when: _When | None = None
    when_end: int = 0
    doe: int | None = None
    file_hash: str | None = None
    cells: dict[str, list[str]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    wraps: list[tuple[str, int]] = field(default_factory=list)

    def put(self, kind: str, text: str, start: int) -> None:
        self.cells.setdefault(kind, []).append(text)
        self.starts.setdefault(kind, start)

    def wrap(self, text: str, start: int) -> None:
        """Add a wrapped cell (a continuation line's text) to the column it sits under."""
        self.wraps.append((text, start))
        free = {k: s for k, s in self.starts.items() if k in ("isp", "city", "location", "other")}
        near = min(free, key=lambda k: abs(free[k] - start)) if free else "isp"
        if free and abs(free[near] - start) > 8:
            near = "isp" if "isp" in free else near
        self.put(near, text, start)


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(left anchor, right anchor, cells with their columns) for the text between anchors."""
    out, last, left = [], 0, "start"
    for start, end, kind in sorted(spans) + [(len(text), len(text), "end")]:
        cells = [(m.group(0), last + m.start()) for m in _CELL.finditer(text[last:start])
                 if re.search(r"\w", m.group(0)) and not re.fullmatch(r":\d+", m.group(0))]
        out.append((left, kind, cells))
        last, left = end, kind
    return out


def _between(header: _Header, left: str, right: str) -> list[tuple[str, int]] | None:
    """(kind, label column) of the header's free columns between two anchor kinds."""
    kinds = header.kinds
    if (left != "start" and left not in kinds) or (right != "end" and right not in kinds):
        return None
    lo = -1 if left == "start" else kinds.index(left)
    hi = len(kinds) if right == "end" else kinds.index(right)
    return [(k, s) for k, s in zip(kinds[lo + 1:hi], header.starts[lo + 1:hi]) if k in _FREE_KINDS] if lo < hi else None


def _assign(row: _Row, cells: list[tuple[str, int]], columns: list[tuple[str, int]]) -> None:
    """Give the cells of one segment to the header's columns between its anchors."""
    kinds = [k for k, _ in columns]
    if not cells or not kinds:
        return
    if len(kinds) == 1:
        row.put(kinds[0], " ".join(c for c, _ in cells), cells[0][1])
        return
    if len(cells) == len(kinds):
        for (text, start), kind in zip(cells, kinds):
            row.put(kind, text, start)
        return
    # A single-spaced (OCR) segment: peel a state code off the edge where the state column is.
    if "state" in (kinds[0], kinds[-1]):
        at_end = kinds[-1] == "state"
        text, start = cells[-1] if at_end else cells[0]
        words = text.split()
        word = words[-1] if at_end else words[0]
        if len(words) > 1 and state_code(word) and len(word.strip(".")) <= 4:
            rest = " ".join(words[:-1] if at_end else words[1:])
            row.put("state", word, start)
            shrunk = cells[:-1] + [(rest, start)] if at_end else [(rest, start + len(word) + 1)] + cells[1:]
            _assign(row, shrunk, columns[:-1] if at_end else columns[1:])
            return
    if len(cells) < len(kinds):
        # An empty cell in a laid-out row: each cell goes to the column whose label is nearest.
        targets = [min(columns, key=lambda c: abs(c[1] - start))[0] for _, start in cells]
        if len(set(targets)) == len(targets):
            for (text, start), kind in zip(cells, targets):
                row.put(kind, text, start)
            return
    for (text, start), kind in zip(cells, kinds[:-1]):
        row.put(kind, text, start)
    rest = cells[len(kinds) - 1:]
    if rest:
        row.put(kinds[-1], " ".join(c for c, _ in rest), rest[0][1])


def _guess(row: _Row, cells: list[tuple[str, int]]) -> None:
    """Columns of a row met before any header: a state is a state, the cell before it a city."""
    places = [i for i, (c, _) in enumerate(cells) if state_code(c) or _place(c, "state")[1]]
    taken = set()
    if places:
        i = places[-1]
        city, code = _place(cells[i][0], "state")
        row.put("state", code or cells[i][0], cells[i][1])
        taken.add(i)
        if city:
            row.put("city", city, cells[i][1])
        elif i > 0 and i - 1 not in taken and len(cells) > 2:
            row.put("city", cells[i - 1][0], cells[i - 1][1])
            taken.add(i - 1)
    rest = [c for i, c in enumerate(cells) if i not in taken]
    if rest:
        row.put("isp", rest[0][0], rest[0][1])


def _parse_row(text: str, path: Path, record: int | str, line: int, header: _Header | None,
               file_hash: str | None) -> _Row:
    row = _Row(record=record, line=line, text=text, file_hash=file_hash)
    masked, spans = text, []

    def mask(start: int, end: int) -> None:
        nonlocal masked
        masked = masked[:start] + " " * (end - start) + masked[end:]

    for m in _HASH.finditer(masked):
        row.file_hash = m.group(0).upper()
        spans.append((m.start(), m.end(), "hash"))
        mask(m.start(), m.end())
    for i, (start, end, address, version) in enumerate(_find_ips(masked)):
        if i == 0:
            row.ip, row.ip_version = address, version
            spans.append((start, end, "ip"))
        mask(start, end)
    try:
        found = _parse_when(masked, header.zone if header else None)
    except ValueError as exc:
        raise SourceError(path, record, str(exc)) from None
    if found is not None:
        row.when, start, row.when_end = found
        spans.append((start, row.when_end, "when"))
        mask(start, row.when_end)
        if row.when.time_known and (t := _TIME_ONLY.search(masked)) is not None:
            mask(t.start(), t.end())
    first = min((s for s, _, _ in spans), default=len(masked))
    m = _LEADING_DOE.match(masked)
    if m and m.end() <= first and not masked[m.end():first].strip():
        row.doe = int(m.group(1).translate(_OCR_DIGITS))
        spans.append((m.start(1), m.end(), "doe"))
    segments = _segments(masked, [(s, e, k) for s, e, k in spans])
    kinds_known = header is not None
    loose: list[tuple[str, int]] = []
    for left, right, cells in segments:
        kinds = _between(header, left, right) if kinds_known else None
        if kinds is None:
            loose.extend(cells)
        else:
            _assign(row, cells, [c for c in kinds if not (c[0] == "doe" and row.doe is not None)])
    if loose:
        _guess(row, loose)
    if row.doe is None and row.cells.get("doe"):
        digits = re.search(r"\d+", " ".join(row.cells["doe"]).translate(_OCR_DIGITS))
        row.doe = int(digits.group(0)) if digits else None
    return row


def _continue(row: _Row, line: str, path: Path, header: _Header | None) -> _Row:
    """Extend `row` by the continuation line `line` (a wrapped cell, or, below a table header, the
    rest of a row whose date is on the next line)."""
    if header is not None and row.when is None and _WHEN.search(line):
        again = _parse_row(row.text + "   " + line, path, row.record, row.line, header, row.file_hash)
    elif row.when is not None and not row.when.time_known and (t := _TIME_ONLY.match(line.lstrip())):
        time_text = t.group(0)
        again = _parse_row(row.text[:row.when_end] + " " + time_text + row.text[row.when_end:], path,
                           row.record, row.line, header, row.file_hash)
        rest = line.lstrip()[t.end():]
        offset = len(line) - len(line.lstrip()) + t.end()
        for m in _CELL.finditer(rest):
            again.wrap(m.group(0), offset + m.start())
    else:
        for m in _CELL.finditer(line):
            row.wrap(m.group(0), m.start())
        return row
    for text, start in row.wraps:
        again.wrap(text, start)
    return again


def _is_wrap(line: str) -> bool:
    """A continuation line: short cells only (prose lines are long runs of words)."""
    cells = [m.group(0) for m in _CELL.finditer(line)]
    return bool(cells) and all(len(c) <= 40 for c in cells)


@dataclass(frozen=True)
class Hit:
    """One pseudonymised exhibit row."""

    line: int
    doe_number: int
    ip_token: str
    network_token: str
    ip_version: int
    observed_at: datetime
    time_known: bool
    isp: str | None
    city: str | None
    state: str | None
    file_hash: str | None


@dataclass(frozen=True)
class Exhibit:
    """The hits one document of one file lists, and what its text says about its case."""

    path: Path
    document: str
    hits: tuple[Hit, ...]
    hint: CaseHint


def _text(value: list[str] | None, key: bytes) -> str | None:
    text = " ".join(" ".join(value).split()).strip(" ,;") if value else ""
    return scrub(text, key) if text else None


def _finish(rows: list[_Row], path: Path, document: str, hint: CaseHint, key: bytes) -> Exhibit:
    """Number the Does, pseudonymise the addresses, and drop the raw rows."""
    if any(r.doe is not None for r in rows):
        by_ip: dict[str, int] = {}
        for r in rows:
            if r.doe is None:
                if r.ip not in by_ip:
                    raise SourceError(path, r.record, "row has no Doe number (other rows have one)")
                r.doe = by_ip[r.ip]
            by_ip.setdefault(r.ip, r.doe)
    else:
        order: dict[str, int] = {}
        for r in rows:
            r.doe = order.setdefault(r.ip, len(order) + 1)
    hits = []
    for r in rows:
        city, state = None, None
        for kind in ("location", "state", "city"):
            if r.cells.get(kind):
                c, s = _place(" ".join(r.cells[kind]), kind)
                city, state = city or c, state or s
        hits.append(Hit(
            line=r.line, doe_number=r.doe, ip_token=ip_token(r.ip, key), network_token=network_token(r.ip, key),
            ip_version=r.ip_version, observed_at=r.when.at, time_known=r.when.time_known,
            isp=_text(r.cells.get("isp"), key), city=scrub(city, key), state=state,
            file_hash=r.file_hash))
    return Exhibit(path=path, document=document, hits=tuple(hits), hint=hint)


def frame(exhibits: list[tuple[Exhibit, str, str]], key: bytes) -> pl.DataFrame:
    """Rows for `exhibit_observations` from (exhibit, case_id, court_id) triples.

    `source_file` is the file's name without its directories (an address in it pseudonymised).
    """
    rows = [
        {"case_id": case_id, "source_file": scrub(ex.path.name, key),
         "document": ex.document, "line_number": h.line, "doe_number": h.doe_number, "ip_token": h.ip_token,
         "network_token": h.network_token, "ip_version": h.ip_version, "isp": h.isp, "observed_at": h.observed_at,
         "time_known": h.time_known, "city": h.city, "state": h.state, "forum_state": forum_state(court_id),
         "file_hash": h.file_hash}
        for ex, case_id, court_id in exhibits for h in ex.hits
    ]
    return pl.DataFrame(rows, schema=SOURCE_COLUMNS)
