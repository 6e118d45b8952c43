"""Output rows: one per (entry, label), with the entry's columns and its text's features."""

from __future__ import annotations

import polars as pl

from pipelines.classify.codes import _DISMISSAL_CODES, _LABEL_TEXT, _RULE_INFERRED, _RULE_TEXT
from pipelines.classify.lines import _Lines

_ENTRY_COLUMNS = ("case_id", "entry_seq", "entry_number", "date_filed")


def _output(entries: pl.DataFrame, kid: pl.Series, label: pl.Series, rule: pl.Series, features: pl.DataFrame,
            rules_on: pl.Series | None = None) -> pl.DataFrame:
    """The output rows of events: ``entries`` (the entry columns, one row per event), the event's
    text ``kid``, ``label`` and ``rule`` codes, and where given a ``rules_on`` that replaces the text's."""

    def of_text(name: str) -> pl.Expr:
        return pl.lit(features.get_column(name)).gather(kid)

    stated = of_text("rules_on") if rules_on is None else pl.coalesce(pl.lit(rules_on), of_text("rules_on"))
    dismissal = pl.lit(label).is_in(_DISMISSAL_CODES)
    return entries.lazy().select(
        *_ENTRY_COLUMNS,
        label=pl.lit(_LABEL_TEXT).gather(label),
        rule=pl.lit(_RULE_TEXT).gather(rule),
        rules_on=stated,
        does_affected=of_text("does_affected"),
        with_prejudice=pl.when(dismissal).then(of_text("prejudice")),
        inferred=pl.lit(_RULE_INFERRED).gather(rule),
        judge=of_text("judge"),  # named on orders only
    ).collect()


def _assemble(base: pl.DataFrame, kid: pl.Series, lines: _Lines, touched: pl.Series, changed: pl.DataFrame) -> pl.DataFrame:
    """Every event: the line events of entries no context rule touched, then the ``changed`` events
    (row, label, rule, rules_on) of the others. Entries with one event, the most, are copied in order."""
    entries = base.select(_ENTRY_COLUMNS)
    label, rule = lines.events.get_column("label"), lines.events.get_column("rule")
    count = lines.count.gather(kid)
    single = ~touched & (count == 1)
    kids = kid.filter(single)
    first = lines.start.gather(kids)
    parts = [_output(entries.filter(single), kids, label.gather(first), rule.gather(first), lines.features)]
    rows = (~touched & (count > 1)).arg_true()
    if len(rows):
        kids = kid.gather(rows)
        start = lines.start.gather(kids)
        events = pl.DataFrame({"row": rows, "ev": pl.int_ranges(start, start + count.gather(rows), dtype=pl.UInt32, eager=True)})
        events = events.explode("ev")
        row, ev = events.get_column("row"), events.get_column("ev")
        parts.append(_output(entries[row], kid.gather(row), label.gather(ev), rule.gather(ev), lines.features))
    if changed.height:
        changed = changed.sort("row")  # gathers in entry order read memory in order
        row = changed.get_column("row")
        parts.append(
            _output(entries[row], kid.gather(row), changed.get_column("label"), changed.get_column("rule"), lines.features,
                    changed.get_column("rules_on"))
        )
    return pl.concat([parts[0], *(part.rechunk() for part in parts[1:])])
