"""Docket records as columns: the fast path of docket files that each hold one whole case (IA docket.json).

A reader hands such files to the store as `DocketColumns` (pipelines/sources/base.py) instead of one
`DocketRecord` with an `Entry` per entry: the staging rows of each record's case made where the file
was read, as if the record were the case's only one (its entries in docket order, `merge._chronological`;
its case, party and attorney rows by `merge.case_rows`, the one implementation both paths share), and its
`source_records` row, byte for byte the row `stored` writes for the whole record. `DocketColumnsBuilder`
makes them. The store keeps those rows for the cases no stored record and no other record of the batch
shares (`new_case_staging`); the other cases go the record path, their records read back from their rows
(`stored.staged_rows`), so merging with stored pages works as it always did.
"""

from __future__ import annotations

import io
from datetime import date

import polars as pl

from pipelines.dockets import stored
from pipelines.dockets.merge import (
    ENTRY_COLUMNS,
    MAX_FIELD_CHARS,
    Once,
    case_rows,
    field_problem,
    merge_header,
    other_texts,
    screened,
    scrub_text,
    scrubbed,
    staging_of,
)
from pipelines.dockets.model import DocketRecord
from pipelines.errors import SourceError
from pipelines.staging import Staging

RECORD_COLUMNS = {"case_id": pl.String, "source": pl.String, "record_hash": pl.String, "kind": pl.String,
                  "record": pl.String}


def chronological_order(days: list[date | None]) -> list[int] | None:
    """The positions of entries filed on `days` in docket order, as `merge._chronological` orders the
    entries themselves: a list dated newest first is turned round, then sorted by date, stably. None
    when that is their own order (every entry dated, none before the one above it)."""
    if None not in days and days == sorted(days):
        return None
    dated = [d for d in days if d is not None]
    positions = range(len(days) - 1, -1, -1) if len(dated) > 1 and dated[0] > dated[-1] else range(len(days))
    return sorted(positions, key=lambda i: days[i] or date.max)


class DocketColumnsBuilder:
    """Collects dockets (checked and pseudonymised already) as staging rows, each case as if no other
    record of it existed (`merge.case_rows` on its one record), and as `source_records` rows. `once`
    keeps the name rules' answers (a reading process passes one for all its tasks)."""

    def __init__(self, once: Once | None = None) -> None:
        self.once = once if once is not None else Once()
        self.cases: list[tuple[dict, list, list]] = []
        self.entries: dict[str, list] = {name: [] for name in ENTRY_COLUMNS}
        self.rows: dict[str, list] = {name: [] for name in RECORD_COLUMNS}

    def add(self, head: DocketRecord, case_id: str, numbers: list, days: list, descriptions: list[str],
            urls: list, hashed: tuple[str, str] | None = None) -> None:
        """One docket: `head` (its entries are not read), its entries' columns in the record's own order
        (numbers int or None), and its record's hash and JSON when they are known already."""
        digest, text = hashed or stored.hash_and_json_of_columns(stored.plain_header(head), numbers, days,
                                                                 descriptions, urls)
        for name, value in (("case_id", case_id), ("source", head.source), ("record_hash", digest),
                            ("kind", head.kind), ("record", text)):
            self.rows[name].append(value)
        order = chronological_order(days)
        if order is not None:
            numbers, days = [numbers[i] for i in order], [days[i] for i in order]
            descriptions, urls = [descriptions[i] for i in order], [urls[i] for i in order]
        self.cases.append(case_rows(case_id, head.source, merge_header([head]), descriptions[:5], self.once))
        n = len(days)
        columns = self.entries
        columns["case_id"].extend([case_id] * n)
        columns["entry_seq"].extend(range(n))
        columns["entry_number"].extend(numbers)
        columns["date_filed"].extend(days)
        columns["description"].extend(descriptions)
        columns["source"].extend([head.source] * n)
        columns["source_url"].extend(urls if all(urls) else [url or head.source_url for url in urls])

    def add_record(self, record: DocketRecord, case_id: str) -> None:
        """One docket given as a whole record (one the exact rules checked and scrubbed)."""
        entries = record.entries
        self.add(record, case_id, [e.number for e in entries], [e.date_filed for e in entries],
                 [e.description for e in entries], [e.source_url for e in entries], stored.hash_and_json_of(record))

    def frames(self) -> tuple[Staging, pl.DataFrame]:
        """The staging rows and the `source_records` rows collected."""
        return (staging_of(self.cases, pl.DataFrame(self.entries, schema=ENTRY_COLUMNS)),
                pl.DataFrame(self.rows, schema=RECORD_COLUMNS))

    def wire(self) -> list[bytes]:
        """`frames()` as Arrow IPC, uncompressed: what a reading process sends the store (about half the
        time of pickling the frames, and a quarter to read back). The docket entries and the records,
        nearly all the bytes, as IPC files, which Polars reads without copying them (but with about
        300 µs of fixed cost); the small frames as IPC streams (8 µs, copied)."""
        staging, records = self.frames()
        out = []
        for name, frame in [*staging.tables().items(), ("records", records)]:
            buffer = io.BytesIO()
            if name in _LARGE_FRAMES:
                frame.write_ipc(buffer, compression="uncompressed")
            else:
                frame.write_ipc_stream(buffer, compression="uncompressed")
            out.append(buffer.getvalue())
        return out


_LARGE_FRAMES = ("docket_entries", "records")


def from_wire(parts: list[bytes]) -> tuple[Staging, pl.DataFrame]:
    """The staging rows and `source_records` rows `DocketColumnsBuilder.wire` sent."""
    frames = [pl.read_ipc(part) if part[:6] == b"ARROW1" else pl.read_ipc_stream(part) for part in parts]
    return Staging(**dict(zip(Staging().tables(), frames[:-1], strict=True))), frames[-1]


def screened_dockets(dockets: list[tuple[DocketRecord, tuple | None]]) -> tuple[set[int], dict[int, set[int]],
                                                                                   dict[int, list[str]]]:
    """Every text of a task's dockets (each a header and its entry columns, or None when read whole)
    screened at once (`merge.screened`, one Polars pass): the dockets with a flagged text, and per docket
    the positions of its flagged entry texts (as `cleaned_columns` takes them) and its flagged header texts."""
    texts: list[str] = []
    starts = []  # where each docket's texts begin: the header's, then its descriptions and its URLs
    for head, entries in dockets:
        mine = other_texts(head) if entries is not None else []
        starts.append((len(texts), len(texts) + len(mine)))
        texts.extend(mine)
        if entries is not None:
            texts.extend(entries[2])
            texts.extend(["" if u is None else u for u in entries[3]])
    suspect: set[int] = set()
    hits: dict[int, set[int]] = {}
    header: dict[int, list[str]] = {}
    docket = 0
    for position in screened(texts):
        while docket + 1 < len(starts) and starts[docket + 1][0] <= position:
            docket += 1
        suspect.add(docket)
        if position >= starts[docket][1]:
            hits.setdefault(docket, set()).add(position - starts[docket][1])
        else:
            header.setdefault(docket, []).append(texts[position])
    return suspect, hits, header


def cleaned_columns(head: DocketRecord, columns: tuple[list, list, list[str], list], key: bytes,
                    hits: set[int], header: list[str]) -> tuple[DocketRecord, tuple[list, list, list[str], list]] | None:
    """What `merge.cleaned` makes of a record given as `head` (no entries) and its entry columns when the
    batch's screen (`merge.screened`) flags one of its texts and its case id is known: a bad value
    raises `SourceError` naming file and record, addresses are pseudonymised. `hits` are the positions
    of the flagged texts among its descriptions and then its URLs (entry i's at n + i), `header` the
    flagged texts of the header (`merge.other_texts`); no other text can be changed or refused, so a
    header without a flagged text is kept as it is. None when an entry holds a NUL or an oversized
    text: the record path then names the entry."""
    numbers, days, descriptions, urls = columns
    n = len(descriptions)
    texts = [descriptions[i] if i < n else urls[i - n] for i in sorted(hits)]
    if any(_unloadable(t) for t in texts):
        return None
    if any(_unloadable(t) for t in header) and (problem := field_problem(head)) is not None:
        raise SourceError(head.path, head.record, problem)
    if hits:
        descriptions, urls = list(descriptions), list(urls)
        for i in hits:
            if i < n:
                descriptions[i] = scrub_text(descriptions[i], key)
            else:
                urls[i - n] = scrub_text(urls[i - n], key)
    return (scrubbed(head, key) if header else head), (numbers, days, descriptions, urls)


def _unloadable(text: str) -> bool:
    """Whether `field_problem` refuses `text` (a NUL, too many characters)."""
    return "\x00" in text or len(text) > MAX_FIELD_CHARS


def merging_pairs(records: pl.DataFrame, known: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (case_id, source) pairs of a batch's record rows that are `known` (stored already) or that
    more than one row of the batch holds: their records are merged by the record path."""
    pairs = list(zip(records["case_id"].to_list(), records["source"].to_list()))
    seen: set[tuple[str, str]] = set()
    twice = {p for p in pairs if p in seen or seen.add(p)}
    return twice | (seen & known)


def new_case_staging(staging: Staging, merging: set[tuple[str, str]]) -> Staging:
    """The staging rows of a batch's cases outside `merging` (made by `DocketColumnsBuilder` as the rows of
    the case's one record: `merge.staged` gives the same rows for it)."""
    if not merging:
        return staging
    out = pl.DataFrame(list(merging), schema={"case_id": pl.String, "source": pl.String}, orient="row")
    return Staging(**{name: frame.join(out, on=["case_id", "source"], how="anti", maintain_order="left")
                      for name, frame in staging.tables().items()})
