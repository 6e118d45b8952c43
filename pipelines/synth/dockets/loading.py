"""A generated run made ready for loading: each part normalised as every source's records are (keys,
Doe counts, docket-number parts, addresses pseudonymised) and parts merged into batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.errors import SourceError
from pipelines.names import plaintiff_key
from pipelines.normalize import does_in_caption, parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.staging import Staging

# Entries in one batch of `doedocket ingest synthetic` (parts are merged up to this size):
# bounds the Polars side of an ingest (about 0.5 GB a batch, two batches at a time) however large the
# generated directory, and is large enough that the classifier's cost per distinct text is spread thin.
LOAD_ENTRIES = 1_000_000


# A superset of what `pipelines.privacy` replaces (any IPv4 dotted quad, any run of colon-separated hex
# groups): only texts that match go through `pseudonymise_ips`, which decides exactly.
_MAYBE_IP = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|(?i:[0-9a-f]{0,4}:[0-9a-f]{0,4}:)"


def _scrub(column: pl.Series, key: bytes) -> pl.Series:
    """`pseudonymise_ips` applied to the texts of `column` that may hold an address, word by word.

    An address never spans a space and a space is a boundary for both address patterns, so running
    `pseudonymise_ips` on each space-separated word gives exactly the same text as on the whole
    line; words repeat, so it runs once per distinct candidate word (not once per long line).
    """
    hit = column.str.contains(_MAYBE_IP).fill_null(False)
    if not hit.any():
        return column
    rows = hit.arg_true()
    words = column.gather(rows).str.split(" ")
    flat = words.explode()
    candidates = flat.filter(flat.str.contains(_MAYBE_IP).fill_null(False)).unique().to_list()
    changed = {w: new for w in candidates if (new := pseudonymise_ips(w, key)) != w}
    if not changed:
        return column
    scrubbed = words.list.eval(pl.element().replace(changed)).list.join(" ")
    return column.clone().scatter(rows, scrubbed)


# The CM/ECF spelling every generated docket number has ("5:11-cv-03825-HRL"); `parse_docket_number`
# reads it as office, two-digit year and five-digit sequence. Other spellings go through that function.
_CMECF = r"^(\d{1,2}):(\d{2})-cv-(\d{5})(?:-[A-Z]{2,4})*$"


def docket_parts(numbers: pl.Series) -> pl.DataFrame:
    """`docket_number_core` and `office` of each docket number (nulls where it is not one)."""
    fast = numbers.str.extract_groups(_CMECF).struct.unnest()
    rest = numbers.filter(fast["1"].is_null()).drop_nulls().unique().to_list()
    parsed = [parse_docket_number(d) for d in rest]
    slow_core = numbers.replace_strict(rest, [p.core if p else None for p in parsed], default=None,
                                       return_dtype=pl.String)
    slow_office = numbers.replace_strict(rest, [p.office if p else None for p in parsed], default=None,
                                         return_dtype=pl.String)
    return pl.DataFrame({
        "docket_number_core": pl.select(pl.coalesce(fast["2"] + fast["3"], slow_core)).to_series(),
        "office": pl.select(pl.coalesce(fast["1"], slow_office)).to_series(),
    })


def _per_distinct(column: pl.Series, fn, dtype: pl.DataType) -> pl.Series:
    distinct = column.drop_nulls().unique()
    values = distinct.to_list()
    return column.replace_strict(values, [fn(v) for v in values], default=None, return_dtype=dtype)


def normalise(staging: Staging, key: bytes, where: Path) -> Staging:
    """What every source does after parsing: keys, Doe counts, docket-number parts, IPs pseudonymised.

    Functions run once per distinct value (captions, words and names repeat); a docket number that is
    not one, or a case_id that does not match its court and docket number, raises `SourceError`
    naming the directory and case.
    """
    cases = staging.cases.with_columns(
        docket_parts(staging.cases["docket_number"]),
        case_name=_scrub(staging.cases["case_name"], key),
    )
    bad = cases.filter(pl.col("docket_number").is_not_null() & pl.col("docket_number_core").is_null())
    if bad.height:
        raise SourceError(where, bad["case_id"][0],
                          f"docket number {bad['docket_number'][0]!r} is not a district docket number")
    cases = cases.with_columns(
        plaintiff_key=_per_distinct(cases["plaintiff"], plaintiff_key, pl.String),
        does_in_caption=_per_distinct(cases["case_name"], does_in_caption, pl.Int64),
    )
    wrong = cases.filter(pl.col("case_id") != pl.col("court_id") + ":" + pl.col("docket_number_core"))
    if wrong.height:
        raise SourceError(where, wrong["case_id"][0], "case_id does not match court and docket number")
    parties = staging.parties.with_columns(
        name_raw=_scrub(staging.parties["name_raw"], key), name=_scrub(staging.parties["name"], key),
    )
    parties = parties.with_columns(
        doe_count=pl.when(pl.col("is_doe")).then(
            _per_distinct(parties["name"], lambda v: does_in_caption(f"v. {v}"), pl.Int64)
        )
    )
    entries = staging.docket_entries.with_columns(description=_scrub(staging.docket_entries["description"], key))
    return Staging(cases=cases, parties=parties, attorneys=staging.attorneys, docket_entries=entries,
                   hand_events=staging.hand_events)


def batches(parts: Iterator[Staging], entries: int = LOAD_ENTRIES) -> Iterator[Staging]:
    """Merge consecutive parts until a batch holds about `entries` docket entries."""
    pending: list[Staging] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += part.docket_entries.height
        if size >= entries:
            yield Staging.concat(pending)
            pending, size = [], 0
    if pending:
        yield Staging.concat(pending)
