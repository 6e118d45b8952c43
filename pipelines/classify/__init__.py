"""Docket entries -> events: the vectorised classifier for the contract's event labels.

The rules live in one table, `rules.py`; the package applies it over whole columns with Polars (Rust
regular expressions), never with a Python loop per entry:

1. Texts (`texts.py`). Each description is hashed with its dates and stamps removed, and every
   distinct text is classified once (once per ingest, with a `LineCache` kept across batches).
2. Prefilters (`literals.py`). From every pattern of the table the literal words any match must
   contain are derived (`required_literals`); one Aho–Corasick pass finds them all, and each
   pattern runs only on the texts that hold them. The result is the same as running every pattern
   on every text (tests/test_classify.py compares the engine with a plain per-row loop).
3. Line level (`lines.py`): per text, labels (each with the id of the rule that fired),
   ``rules_on``, ``does_affected``, ``with_prejudice`` and the judge who signed an order.
4. Docket context (`context.py`) then refines the line labels (rules ``context.*``, flagged
   ``inferred``) from the other entries of the same case.
5. Output (`output.py`): one row per (entry, label).

`evaluate.py` scores the classifier against hand labels. `VERSION` hashes every module of the
package, so a change to any rule or any code re-classifies stored builds (pipelines/store.py).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from pipelines.classify import lines as L
from pipelines.classify.codes import _DISMISSAL_CODES, _LABEL_TEXT, _RULE_INFERRED, _RULE_TEXT
from pipelines.classify.columns import _at
from pipelines.classify.context import _Docket
from pipelines.classify.literals import required_literals
from pipelines.classify.output import _assemble
from pipelines.classify.rules import LABELS
from pipelines.classify.texts import LineCache, _case_codes, _stripped, _text_ids

__all__ = ["LABELS", "OUTPUT_SCHEMA", "VERSION", "LineCache", "classify_entries", "classify_texts", "required_literals"]

# The version of the classifier: every module of this package (its code and its rules table), in
# name order. A build whose events were classified by another version is classified again.
VERSION = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py"), key=lambda p: p.name))
).hexdigest()[:16]

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "entry_seq": pl.Int64(),
    "entry_number": pl.Int64(),
    "date_filed": pl.Date(),
    "label": pl.String(),
    "rule": pl.String(),
    "rules_on": pl.List(pl.Int64()),
    "does_affected": pl.Int64(),
    "with_prejudice": pl.Boolean(),
    "inferred": pl.Boolean(),
    "judge": pl.String(),
}


def classify_entries(entries: pl.DataFrame, cache: LineCache | None = None) -> pl.DataFrame:
    """Classify docket entries with docket context; one row per (entry, label).

    ``entries``: case_id (str), entry_seq (Int64, 0-based order within the case), entry_number
    (Int64, nullable), date_filed (Date, nullable), description (str). Returns the columns of
    `OUTPUT_SCHEMA` (see the module docstring for the context rules); rows are not in any
    particular order. With a ``cache``, texts it has seen are not classified again (same events).
    """
    base = entries.select(
        pl.col("case_id").cast(pl.String),
        pl.col("entry_seq").cast(pl.Int64),
        pl.col("entry_number").cast(pl.Int64),
        pl.col("date_filed").cast(pl.Date),
        pl.col("description").cast(pl.String).fill_null(""),
    )
    if base.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    descriptions = base.get_column("description")
    with ThreadPoolExecutor(max_workers=1) as pool:  # the case codes, meanwhile, in a second thread
        cases = pool.submit(_case_codes, base.get_column("case_id"))
        kid, first, keys = _text_ids(descriptions)
        firsts = descriptions.gather(first)
        if cache is None:
            lines = L._line_level(_stripped(firsts))
        else:
            entries_of_text = kid.to_frame("kid").group_by("kid").len().sort("kid").get_column("len")
            lines = cache.lines_for(firsts, keys, entries_of_text)
        rows = {"case": cases.result(), "seq": base.get_column("entry_seq"), "num": base.get_column("entry_number"), "kid": kid}
    docket = _Docket(pl.DataFrame(rows), lines)
    docket.apply()
    touched, changed = docket.is_touched, docket.ev.join(docket.rules_on, on="row", how="left")
    del docket  # its per-entry frames are not needed for the output
    return _assemble(base, kid, lines, touched, changed)


def classify_texts(texts: list[str]) -> list[dict]:
    """Line-level classification (no docket context), one dict per text, in input order.

    Each dict: ``text``, ``labels`` (contract order), ``rules`` (rule id per label), ``rules_on``,
    ``does_affected``, ``with_prejudice`` (None unless a dismissal label with a stated prejudice),
    ``inferred`` (True when any label came from a domain default), ``judge``.
    """
    if not texts:
        return []
    series = pl.Series("description", texts, dtype=pl.String)
    kid, first, _ = _text_ids(series)
    lines = L._line_level(_stripped(series.gather(first)), judge_everywhere=True)
    per_text = (
        lines.events.with_columns(
            label=_at(_LABEL_TEXT, "label"),
            rule=_at(_RULE_TEXT, "rule"),
            inferred=_at(_RULE_INFERRED, "rule"),
            dismissal=pl.col("label").is_in(_DISMISSAL_CODES),
        )
        .group_by("kid", maintain_order=True)
        .agg("label", "rule", pl.col("inferred").any(), pl.col("dismissal").any())
    )
    table = pl.concat(
        [per_text.drop("kid"), lines.features.select("rules_on", "does_affected", "prejudice", "judge")], how="horizontal"
    )
    by_kid = list(table.iter_rows(named=True))
    out = []
    for text, k in zip(texts, kid.to_list()):
        row = by_kid[k]
        out.append(
            {
                "text": text,
                "labels": row["label"],
                "rules": row["rule"],
                "rules_on": row["rules_on"],
                "does_affected": row["does_affected"],
                "with_prejudice": row["prejudice"] if row["dismissal"] else None,
                "inferred": row["inferred"],
                "judge": row["judge"],
            }
        )
    return out
