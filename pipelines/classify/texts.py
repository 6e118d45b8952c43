"""Distinct texts and cases as integer ids, and the `LineCache` kept across an ingest's batches.

Dates, docketing stamps and receipt numbers (`rules.VOLATILE`) say nothing about the event: each
description is hashed with them removed (two 64-bit hashes, in one streamed pass), and every
distinct text is classified once (once per ingest, with a `LineCache`).
"""

from __future__ import annotations

import polars as pl

from pipelines.classify import lines as L
from pipelines.classify import rules as R
from pipelines.classify.columns import _mask
from pipelines.classify.lines import _Lines


def _dense_ids(keys: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """Per row the id (0, 1, ... in order of first appearance) of its key, and per id its first row."""
    columns = keys.columns
    key = pl.struct(columns) if len(columns) > 1 else pl.col(columns[0])
    first = keys.select(key.is_first_distinct()).to_series().arg_true()
    table = keys[first].with_columns(_id=pl.int_range(0, len(first), dtype=pl.UInt32))
    ids = keys.join(table, on=columns, how="left", maintain_order="left").get_column("_id")
    return ids, first


def _ids(h1: pl.Series, h2: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Ids of the values behind two independent 64-bit hashes: by ``h1``, or by both if ``h1`` collides."""
    keys = pl.DataFrame({"h1": h1, "h2": h2})
    ids, first = _dense_ids(keys.select("h1"))
    if (h2.gather(first).gather(ids) != h2).any():
        ids, first = _dense_ids(keys)
    return ids, first


def _text_ids(descriptions: pl.Series) -> tuple[pl.Series, pl.Series, pl.DataFrame]:
    """Per description the id of its text with `VOLATILE` removed; per id the first description, and
    the two hashes (``h1``, ``h2``) of its text.

    Streamed: the stripped text of every entry is hashed chunk by chunk and never held in full.
    """
    hashes = (
        pl.LazyFrame({"d": descriptions})
        .select(k=pl.col("d").str.replace_all(R.VOLATILE, ""))
        .select(h1=pl.col("k").hash(seed=1), h2=pl.col("k").hash(seed=2))
        .collect(engine="streaming")
    )
    ids, first = _ids(hashes.get_column("h1"), hashes.get_column("h2"))
    return ids, first, hashes[first]


def _stripped(descriptions: pl.Series) -> pl.Series:
    """The descriptions with `VOLATILE` removed: the texts the line rules read."""
    return descriptions.str.replace_all(R.VOLATILE, "")


def _joined(a: _Lines, b: _Lines) -> _Lines:
    """The line results of ``a``'s texts, then ``b``'s (whose ids follow ``a``'s)."""
    shift = len(a.count)
    return _Lines(
        pl.concat([a.events, b.events.with_columns(pl.col("kid") + shift)]),
        pl.concat([a.start, b.start + len(a.events)]),
        pl.concat([a.count, b.count]),
        pl.concat([a.features, b.features]),
        pl.concat([a.verbs, b.verbs.with_columns(pl.col("kid") + shift)]),
    )


def _taken(lines: _Lines, at: pl.Series) -> _Lines:
    """The line results of the texts ``at`` (ids in ``lines``), as texts 0, 1, ... in that order."""
    count = lines.count.gather(at)
    start = lines.start.gather(at)
    kids = pl.int_range(0, len(at), dtype=pl.UInt32, eager=True)
    rows = pl.DataFrame({"kid": kids, "ev": pl.int_ranges(start, start + count, dtype=pl.UInt32, eager=True)}).explode("ev")
    events = lines.events.select("label", "rule")[rows.get_column("ev")].insert_column(0, rows.get_column("kid"))
    verbs = (
        pl.DataFrame({"new": kids, "kid": at})
        .join(lines.verbs, on="kid", how="inner", maintain_order="left_right")
        .select(pl.col("new").alias("kid"), "num", "verb")
    )
    return _Lines(events, count.cum_sum() - count, count, lines.features[at], verbs)


_NO_KEYS = pl.DataFrame(schema={"h1": pl.UInt64, "h2": pl.UInt64})


class LineCache:
    """Line-level results of texts already classified, kept from one `classify_entries` call to the next.

    What a line says depends on its text alone, and an ingest loads batch after batch of dockets that
    repeat the same orders and notices: with a cache, such a text is classified once per ingest, not
    once per batch. Texts are known by the two 64-bit hashes `classify_entries` gives them.

    Only texts seen in two entries or more are kept (in one batch, or in two): most texts seen once
    are never seen again (a Doe's number, a party's name), and they would fill the cache. Over the 26
    batches of a million generated cases, with room for a million texts, 7.5 million texts are
    classified without a cache, 3.8 million keeping every text, 3.5 million keeping those seen twice.
    Texts seen once are remembered by their hashes alone. The cache holds at most ``limit`` texts;
    past that it starts again, so memory stays bounded.
    """

    def __init__(self, limit: int = 1_000_000) -> None:
        self.limit = limit
        self.keys = _NO_KEYS  # of the texts in `lines`, in their order
        self.lines: _Lines | None = None
        self.once = _NO_KEYS  # texts seen in one entry, not kept

    def lines_for(self, firsts: pl.Series, keys: pl.DataFrame, entries: pl.Series) -> _Lines:
        """The line results of the distinct texts whose first descriptions are ``firsts`` (``keys``:
        their hashes; ``entries``: how many entries have each), in that order. Texts not in the cache
        are classified, and kept when seen twice."""
        at = keys.join(self.keys.with_row_index("at"), on=["h1", "h2"], how="left", maintain_order="left").get_column("at")
        new = at.is_null()
        if not new.any():
            return _taken(self.lines, at)
        added = L._line_level(_stripped(firsts.filter(new)))
        if self.lines is None:
            lines = added  # every text is new
        else:
            held = len(self.keys)
            at = at.scatter(new.arg_true(), pl.int_range(held, held + len(added.count), dtype=pl.UInt32, eager=True))
            lines = _taken(_joined(self.lines, added), at)
        self._keep(keys.filter(new), added, entries.filter(new))
        return lines

    def _keep(self, keys: pl.DataFrame, lines: _Lines, entries: pl.Series) -> None:
        """Keep the results of the new texts ``keys`` seen twice by now; remember the others' keys."""
        seen_before = keys.with_row_index("i").join(self.once, on=["h1", "h2"], how="semi").get_column("i")
        keep = (entries >= 2) | _mask(len(keys), seen_before)
        self.once = pl.concat([self.once, keys.filter(~keep)]) if len(self.once) < 4 * self.limit else keys.filter(~keep)
        kept = keep.arg_true()
        if len(self.keys) + len(kept) > self.limit:
            self.keys, self.lines = _NO_KEYS, None
        if len(kept) == 0 or len(kept) > self.limit:
            return
        taken = _taken(lines, kept)
        self.lines = taken if self.lines is None else _joined(self.lines, taken)
        self.keys = pl.concat([self.keys, keys.filter(keep)])


def _case_codes(case_id: pl.Series) -> pl.Series:
    """Integer case codes: runs of equal ids when each case's entries are together, else by hash."""
    starts = case_id.ne_missing(case_id.shift(1)).scatter(0, True)
    if not case_id.filter(starts).is_duplicated().any():
        return (starts.cum_sum() - 1).cast(pl.UInt32)
    return _ids(case_id.hash(seed=1), case_id.hash(seed=2))[0]
