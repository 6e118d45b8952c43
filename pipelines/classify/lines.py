"""Line level: what one docket entry's text says, for many distinct texts at once.

Texts are lower-cased and rewritten into canonical text (`rules.REWRITES`, each rewrite only on the
texts it can change) and split into clauses (`rules.CLAUSE_BREAK`); every rule of the table runs on
the clauses (or, for filing and ``whole_entry`` rules, the whole texts) that its required literals
allow, in its scope (orders, filings), and a text has a label when one of its clauses does; per text
the line gives its labels (each with the rule that fired),
``rules_on``, ``does_affected``, ``with_prejudice``, the signing judge, and the signals the docket
context reads.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import polars as pl

from pipelines.classify import rules as R
from pipelines.classify.codes import (
    _LABEL,
    _LABEL_BIT,
    _OTHER_RULE,
    _OVERRIDES,
    _RULE,
    _RULE_LABEL,
)
from pipelines.classify.columns import _at, _contains, _in_parts, _Job, _mask, _run
from pipelines.classify.literals import _LiteralIndex, _Lits, _strongest, required_literals

_PREJUDICE = r"\bwith prejudice"
_NO_PREJUDICE = r"\bwithout prejudice"
@cache
def _rewrite_needs() -> list:
    """Per rewrite, the literals one of which it needs to change a text (None: it needs none). Worked
    out at the first classification, not at import (with `_index`, about 0.1 s that commands which
    classify nothing need not pay)."""
    return [_strongest(_Lits(None, required_literals(pattern))) for pattern, _ in R.REWRITES]


@cache
def _index() -> _LiteralIndex:
    """The required literals of every pattern the line level runs, indexed."""
    return _LiteralIndex(
        [
            R.ORDER,
            *(rule.pattern for rule in R.RULES),
            *R.VERB_NUMBERS.values(),
            R.DOES_PLURAL_LIST,
            R.DOES_DEFENDANTS_RANGE,
            R.VACATED_MARKER,
            R.SERVICE_OSC,
            R.DOE_CASE_SIGNAL,
            R.SHORT_GENERIC_MOTION,
            R.SHORT_DISCOVERY_MOTION,
            R.SHORT_GENERIC_ORDER,
            R.ANSWER_OR_DEFENCE,
            _PREJUDICE,
            _NO_PREJUDICE,
        ]
    )


def _canonical(texts: pl.Series) -> pl.Series:
    """Lower-case, then apply the table's rewrites in order, each to the texts it can change."""
    out = texts.str.to_lowercase()
    for (pattern, replacement), needs in zip(R.REWRITES, _rewrite_needs()):
        may = out.str.contains_any(sorted(needs)) if needs else out.str.contains(pattern)
        idx = may.arg_true()
        if len(idx):
            out.scatter(idx, out.gather(idx).str.replace_all(pattern, replacement))
    return out.str.strip_chars()


def _numbers(matches: pl.Expr) -> pl.Expr:
    """Docket numbers from a list of matched snippets: bare integers only (no dates, no 12-2392)."""
    return (
        matches.list.join(" ")
        .str.extract_all(r"[\[(]?\d+(?:[-/:]\d+)*[\])]?")
        .list.eval(
            pl.element()
            .filter(~pl.element().str.contains(r"[-/:]"))
            .str.strip_chars("[]()")
            .cast(pl.Int64, strict=False)
        )
        .list.unique(maintain_order=True)
    )


def _does_affected(t: pl.Expr) -> pl.Expr:
    """Size of the first stated Doe range or list ("Does 2-33" -> 32, "John Does 3, 4, 5" -> 3)."""
    found = pl.coalesce(t.str.extract(R.DOES_PLURAL_LIST, 0), t.str.extract(R.DOES_DEFENDANTS_RANGE, 0))
    plain = (
        found.str.replace_all(r"(\d),(\d{3})", "${1}${2}")
        .str.replace_all(r"(\d),(\d{3})", "${1}${2}")
        .str.replace_all(r"\s*(?:–|through|thru|\bto\b)\s*", "-")
    )
    items = plain.str.extract_all(r"\d+(?:\s*-\s*\d+)?")
    sizes = items.list.eval(
        pl.element().str.extract(r"-\s*(\d+)$").cast(pl.Int64).fill_null(pl.element().str.extract(r"^(\d+)").cast(pl.Int64))
        - pl.element().str.extract(r"^(\d+)").cast(pl.Int64)
        + 1
    )
    valid = (items.list.len() >= 2) | plain.str.contains("-")
    total = sizes.list.sum()
    return pl.when(valid & (sizes.list.min() > 0)).then(total).otherwise(None).cast(pl.Int64)


def _judge(text: pl.Expr) -> pl.Expr:
    name = text.str.extract(R.JUDGE, 1).str.replace(R.JUDGE_TRAILING_WORDS, "").str.strip_chars(" ,:;.")
    return pl.when(name.str.len_chars() > 1).then(name).otherwise(None)


class _Lines(NamedTuple):
    """Line-level results for distinct texts (index ``kid``)."""

    events: pl.DataFrame  # kid, label, rule (codes), sorted by kid and label
    start: pl.Series  # per kid: position of its first event
    count: pl.Series  # per kid: number of events
    features: pl.DataFrame  # one row per kid (see `_line_level`)
    verbs: pl.DataFrame  # kid, num, verb ("granted" | "partly" | "denied"): the numbers after each ruling verb


def _clauses(t: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The clauses of canonical texts (`rules.CLAUSE_BREAK`): their texts, and per clause its text's id."""
    parts = t.str.replace_all(R.CLAUSE_BREAK, "${1}\x1f${2}").str.split("\x1f")
    frame = pl.DataFrame({"kid": pl.int_range(0, len(t), dtype=pl.UInt32, eager=True), "c": parts}).explode("c")
    return frame.get_column("c").str.strip_chars(), frame.get_column("kid")


def _rule_jobs(t: pl.Series, clauses: pl.Series, clause_kid: pl.Series, is_order: pl.Series,
               bits: list[pl.Series]) -> dict[int, _Job]:
    """Per rule of the table (by position): its pattern on the texts (filing rules and ``whole_entry``
    rules) or on the clauses (every other rule) it can match, in its scope. A clause is a candidate
    when its text holds the pattern's literals (a superset: the pattern itself decides)."""
    jobs = {}
    for i, rule in enumerate(R.RULES):
        where = _index().candidates(bits, rule.pattern)
        if rule.scope == "order":
            where = where & is_order
        elif rule.scope == "filing":
            where = where & ~is_order
        if rule.scope == "filing" or rule.whole_entry:
            jobs[i] = _Job(t, where.arg_true(), pl.col("t").str.contains(rule.pattern))
        else:
            jobs[i] = _Job(clauses, where.gather(clause_kid).arg_true(), pl.col("t").str.contains(rule.pattern))
    return jobs


def _rule_events(t: pl.Series, clause_kid: pl.Series, jobs: dict[int, _Job], matched: dict[object, pl.Series]) -> pl.DataFrame:
    """(kid, label, rule) per label the table gives, after `OVERRIDDEN_BY`; ``other`` where none. A
    rule's exclusion is read where its pattern matched: in the same clause, or the whole text."""
    fired = {i: job.idx.filter(matched[i]) for i, job in jobs.items()}
    excluded = _run(
        {
            i: _Job(jobs[i].texts, idx, pl.col("t").str.contains(R.RULES[i].exclude))
            for i, idx in fired.items()
            if R.RULES[i].exclude
        }
    )

    def kids(i: int, idx: pl.Series) -> pl.Series:
        return idx if jobs[i].texts is t else clause_kid.gather(idx)

    hits = pl.concat(
        [
            pl.DataFrame({"kid": kids(i, idx.filter(~excluded[i]) if i in excluded else idx)}).with_columns(
                rule=pl.lit(i, dtype=pl.UInt16)
            )
            for i, idx in fired.items()
        ]
    )
    hits = (
        hits.with_columns(label=_at(_RULE_LABEL, "rule"))
        .sort("kid", "rule")
        .unique(["kid", "label"], keep="first", maintain_order=True)  # a label's rule: the first that fired
    )
    present = _at(_LABEL_BIT, "label").sum().over("kid")  # labels are unique per text: the sum is the bit set
    hits = hits.filter((present & _at(_OVERRIDES, "label")) == 0).select("kid", "label", "rule")
    other = pl.DataFrame({"kid": (~_mask(len(t), hits.get_column("kid"))).arg_true()}).with_columns(
        label=pl.lit(_LABEL["other"], dtype=pl.UInt8), rule=pl.lit(_RULE[_OTHER_RULE], dtype=pl.UInt16)
    )
    return pl.concat([hits, other]).sort("kid", "label")


def _line_level(texts: pl.Series, judge_everywhere: bool = False) -> _Lines:
    """Classify distinct texts (`VOLATILE` already removed) from the line alone.

    ``features`` columns: ``t`` (canonical text), ``order``, ``rules_on``, ``does_affected``,
    ``prejudice``, ``judge`` (of orders, or of every text with ``judge_everywhere``) and the
    docket-context signals ``svc_osc``, ``doe_signal``, ``generic_motion``, ``generic_order``,
    ``answer``, ``vacated_by``, ``not_service``.
    """
    n = len(texts)
    t = pl.concat(_in_parts(_canonical, texts))
    bits = [pl.concat(word) for word in zip(*_in_parts(_index().scan, t))]

    def where(*patterns: str) -> pl.Series:
        return pl.select(pl.any_horizontal(pl.lit(_index().candidates(bits, p)) for p in patterns)).to_series()

    is_order = _contains(t, where(R.ORDER), R.ORDER)
    col = pl.col("t")
    orders = is_order.arg_true()
    jobs = {
        "rules_on": _Job(
            t, orders, _numbers(pl.concat_list(col.str.extract_all(R.RULES_ON), col.str.extract_all(R.RULES_ON_MOTION_FIRST)))
        ),
        **{
            verb: _Job(t, (where(pattern) & is_order).arg_true(), _numbers(col.str.extract_all(pattern)))
            for verb, pattern in R.VERB_NUMBERS.items()
        },
        "does_affected": _Job(t, where(R.DOES_PLURAL_LIST, R.DOES_DEFENDANTS_RANGE).arg_true(), _does_affected(col)),
        "vacated_by": _Job(
            t, where(R.VACATED_MARKER).arg_true(), col.str.extract(R.VACATED_MARKER, 1).cast(pl.Int64, strict=False)
        ),
        "judge": _Job(texts, pl.int_range(0, n, eager=True, dtype=pl.UInt32) if judge_everywhere else orders, _judge(col)),
        **{
            name: _Job(t, where(pattern).arg_true(), col.str.contains(pattern))
            for name, pattern in (
                ("with_prejudice", _PREJUDICE),
                ("without_prejudice", _NO_PREJUDICE),
                ("doe_signal", R.DOE_CASE_SIGNAL),
                ("generic_motion", R.SHORT_GENERIC_MOTION),
                ("discovery_titled", R.SHORT_DISCOVERY_MOTION),
                ("generic_order", R.SHORT_GENERIC_ORDER),
                ("answer", R.ANSWER_OR_DEFENCE),
            )
        },
    }
    clauses, clause_kid = _clauses(t)
    rules = _rule_jobs(t, clauses, clause_kid, is_order, bits)
    found = _run({**rules, **jobs})
    events = _rule_events(t, clause_kid, rules, found)
    count = events.group_by("kid", maintain_order=True).len().get_column("len")

    def column(name: str, default: object = None) -> pl.Series:
        values = found[name]
        out = pl.repeat(default, n, dtype=values.dtype, eager=True)
        return out.scatter(jobs[name].idx, values) if len(values) else out

    kids = pl.int_range(0, n, dtype=pl.UInt32, eager=True)
    rules_on = (
        kids.to_frame("kid")
        .join(pl.DataFrame({"kid": orders, "r": found["rules_on"]}), on="kid", how="left", maintain_order="left")
        .get_column("r")
        .fill_null(pl.lit([], dtype=pl.List(pl.Int64)))
    )
    verbs = pl.concat(
        [
            pl.DataFrame({"kid": jobs[verb].idx, "num": found[verb]})
            .explode("num")
            .drop_nulls("num")
            .with_columns(verb=pl.lit(verb))
            for verb in R.VERB_NUMBERS
        ]
    )
    with_prejudice, without_prejudice = column("with_prejudice", False), column("without_prejudice", False)
    labelled = {
        label: _mask(n, events.filter(pl.col("label") == _LABEL[label]).get_column("kid"))
        for label in ("show_cause", "dismissal_other")
    }
    features = pl.DataFrame(
        {
            "t": t,
            "order": is_order,
            "rules_on": rules_on,
            "does_affected": column("does_affected"),
            "prejudice": pl.select(
                pl.when(pl.lit(with_prejudice) & ~pl.lit(without_prejudice)).then(True)
                .when(pl.lit(without_prejudice) & ~pl.lit(with_prejudice)).then(False)
            ).to_series(),
            "judge": column("judge"),
            "svc_osc": _contains(t, labelled["show_cause"] & where(R.SERVICE_OSC), R.SERVICE_OSC),
            "doe_signal": column("doe_signal", False),
            "generic_motion": column("generic_motion", False),
            "discovery_titled": column("discovery_titled", False),
            "generic_order": column("generic_order", False),
            "answer": column("answer", False),
            "vacated_by": column("vacated_by"),
            "not_service": _contains(t, labelled["dismissal_other"], R.SERVICE_DISMISSAL_NOT),
        }
    )
    return _Lines(events, count.cum_sum() - count, count, features, verbs)
