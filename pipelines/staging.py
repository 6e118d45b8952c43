"""Staging frames: the one shape every source's `read()` returns and `store` loads.

A source parses its files into a `Staging` of Polars frames with exactly these columns and
types; `Staging.conform()` fills missing optional columns with nulls, casts, and rejects frames
that lack a required column, so a source bug fails loudly before anything reaches a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import polars as pl

CASES = {
    "case_id": pl.String,
    "court_id": pl.String,
    "docket_number": pl.String,
    "docket_number_core": pl.String,
    "office": pl.String,
    "case_name": pl.String,
    "plaintiff_raw": pl.String,
    "plaintiff": pl.String,
    "plaintiff_key": pl.String,
    "assigned_judge": pl.String,
    "referred_judge": pl.String,
    "date_filed": pl.Date,
    "date_terminated": pl.Date,
    "does_in_caption": pl.Int64,
    "nature_of_suit": pl.String,
    "disposition": pl.String,
    "outcome_summary": pl.String,
    "flags": pl.String,
    "source": pl.String,
    "source_url": pl.String,
    "retrieved_at": pl.Datetime("us"),
}
PARTIES = {
    "case_id": pl.String,
    "party_seq": pl.Int64,
    "name_raw": pl.String,
    "name": pl.String,
    "party_type": pl.String,
    "is_doe": pl.Boolean,
    "doe_count": pl.Int64,
    "date_terminated": pl.Date,
    "source": pl.String,
}
ATTORNEYS = {
    "case_id": pl.String,
    "party_seq": pl.Int64,
    "attorney_seq": pl.Int64,
    "name_raw": pl.String,
    "name": pl.String,
    "firm": pl.String,
    "role": pl.String,
    "source": pl.String,
}
DOCKET_ENTRIES = {
    "case_id": pl.String,
    "entry_seq": pl.Int64,
    "entry_number": pl.Int64,
    "date_filed": pl.Date,
    "description": pl.String,
    "source": pl.String,
    "source_url": pl.String,
}
HAND_EVENTS = {
    "case_id": pl.String,
    "event_seq": pl.Int64,
    "label": pl.String,
    "date": pl.Date,
    "entry_number": pl.Int64,
    "does_affected": pl.Int64,
    "basis": pl.String,
    "source": pl.String,
    "source_url": pl.String,
}

REQUIRED = {
    "cases": ("case_id", "court_id", "source"),
    "parties": ("case_id", "party_seq", "party_type"),
    "attorneys": ("case_id", "party_seq", "attorney_seq"),
    "docket_entries": ("case_id", "entry_seq", "description"),
    "hand_events": ("case_id", "event_seq", "label"),
}
# What identifies a row of each table: one load holds each key once (a second copy of a case would
# otherwise silently replace the first, or fail deep in the database).
KEYS = {
    "cases": ("case_id", "source"),
    "parties": ("case_id", "source", "party_seq"),
    "attorneys": ("case_id", "source", "party_seq", "attorney_seq"),
    "docket_entries": ("case_id", "source", "entry_seq"),
    "hand_events": ("case_id", "source", "event_seq"),
}
SCHEMAS = {
    "cases": CASES,
    "parties": PARTIES,
    "attorneys": ATTORNEYS,
    "docket_entries": DOCKET_ENTRIES,
    "hand_events": HAND_EVENTS,
}


class StagingError(ValueError):
    """A staging frame does not have the contract's shape."""


def empty(table: str) -> pl.DataFrame:
    """An empty frame with the staging schema of `table`."""
    return pl.DataFrame(schema=SCHEMAS[table])


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Cast `frame` to the staging schema of `table`, adding absent optional columns as nulls."""
    schema = SCHEMAS[table]
    missing = [c for c in REQUIRED[table] if c not in frame.columns]
    if missing:
        raise StagingError(f"{table}: missing required column(s) {', '.join(missing)}")
    extra = [c for c in frame.columns if c not in schema]
    if extra:
        raise StagingError(f"{table}: unknown column(s) {', '.join(extra)}")
    columns = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ]
    out = frame.select(columns)
    nulls = [c for c in REQUIRED[table] if out[c].null_count()]
    if nulls:
        raise StagingError(f"{table}: required column(s) {', '.join(nulls)} have empty values")
    return out


@dataclass
class Staging:
    """Everything one read of one or more source files produced."""

    cases: pl.DataFrame = field(default_factory=lambda: empty("cases"))
    parties: pl.DataFrame = field(default_factory=lambda: empty("parties"))
    attorneys: pl.DataFrame = field(default_factory=lambda: empty("attorneys"))
    docket_entries: pl.DataFrame = field(default_factory=lambda: empty("docket_entries"))
    hand_events: pl.DataFrame = field(default_factory=lambda: empty("hand_events"))

    def conform(self) -> Staging:
        """Every frame cast to its schema (raises `StagingError` on a missing column)."""
        return Staging(**{f.name: conform(f.name, getattr(self, f.name)) for f in fields(self)})

    def check_keys(self) -> Staging:
        """This staging, or `StagingError` naming the first key that more than one row holds."""
        for table, frame in self.tables().items():
            # A hash of the key first (one integer column is quick to check); rows whose hashes
            # collide are then compared by their keys themselves.
            if not frame.select(pl.struct(KEYS[table]).hash(seed=1).is_duplicated().any()).item():
                continue
            repeated = frame.select(KEYS[table]).filter(pl.struct(KEYS[table]).is_duplicated())
            if repeated.height:
                first = ", ".join(f"{k}={v}" for k, v in repeated.row(0, named=True).items())
                keys = repeated.unique().height
                raise StagingError(f"{table}: {keys} key{'s' if keys != 1 else ''} held by more than one row "
                                   f"of this load (first: {first})")
        return self

    def tables(self) -> dict[str, pl.DataFrame]:
        """Frames by table name, in load order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @staticmethod
    def concat(parts: list[Staging]) -> Staging:
        """One staging from many (e.g. one per input file)."""
        if not parts:
            return Staging()
        return Staging(
            **{
                f.name: pl.concat([conform(f.name, getattr(p, f.name)) for p in parts], how="vertical")
                for f in fields(Staging)
            }
        )
