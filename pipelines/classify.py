"""Docket entries -> events: the vectorised classifier for the contract's event labels.

The rules live in one table, `pipelines/classify_rules.py`; this module applies it over whole
columns with Polars (Rust regular expressions), never with a Python loop per entry:

1. Texts. Dates, docketing stamps and receipt numbers (`VOLATILE`) say nothing about the event:
   each description is hashed with them removed (two 64-bit hashes, in one streamed pass), and every
   distinct text is classified once (once per ingest, with a `LineCache` kept across batches).
   Distinct texts are lower-cased and rewritten by the table's `REWRITES` into canonical text, each
   rewrite only on the texts it can change.
2. Prefilters. From every pattern of the table the engine derives the literal words that any match
   must contain (`required_literals`: e.g. a match of ``\\bsanction`` contains "sanction"). One
   Aho–Corasick pass (`str.extract_many`) finds all those words in all texts, and each pattern's
   regular expression then runs only on the texts that hold its words. The result is the same as
   running every pattern on every text (tests/test_classify.py compares the engine with a plain
   per-row loop over the same table).
3. Per text the line gives: labels (each with the id of the rule that fired), ``rules_on`` (the
   docket numbers an order decides), ``does_affected`` (size of a stated Doe range),
   ``with_prejudice`` (on dismissal labels) and the judge who signed an order.
4. Docket context then refines the line labels (rules ``context.*``, flagged ``inferred``), on
   integer keys and keeping events only for the entries a context rule touches: an order ruling on
   entry N inherits what entry N asked for; a "***VACATED per 6 ORDER***" banner puts the vacatur on
   entry 6; a bare "ORDER DISMISSING CASE" after an order to show cause about service is a dismissal
   for failure to serve; and short PACER history-report descriptions ("Motion for Miscellaneous
   Relief", "Order on Motion for Miscellaneous Relief") are resolved from the case where the docket
   allows it.

Independent work (the per-pattern jobs, the halves of the text work) runs in threads: Polars
operations release Python's lock, so every core is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from re import _constants as sre  # the parser of Python's `re`: private, but stable since 3.11
from re import _parser as sre_parse
from typing import NamedTuple, TypeVar

import hashlib
from pathlib import Path

import polars as pl

from pipelines import classify_rules as R
from pipelines.classify_rules import LABELS

__all__ = ["LABELS", "OUTPUT_SCHEMA", "VERSION", "LineCache", "classify_entries", "classify_texts", "required_literals"]

T = TypeVar("T")

# The version of the classifier: its code and its rules table. A build whose events were classified
# by another version is classified again (pipelines/store.py).
VERSION = hashlib.sha256(Path(__file__).read_bytes() + Path(R.__file__).read_bytes()).hexdigest()[:16]

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

# ---------------------------------------------------------------------------------------------
# Required literals: what every match of a pattern must contain
# ---------------------------------------------------------------------------------------------
_EXACT_LIMIT = 64  # larger sets of alternatives are no longer tracked string by string
_MIN_LITERAL = 3  # shorter literals are in nearly every text: no use as a filter


class _Lits(NamedTuple):
    """What a piece of a regular expression can match, as far as literals tell."""

    exact: frozenset[str] | None  # every string the piece can match, when there are few
    clauses: tuple[frozenset[str], ...]  # every match contains a literal of each clause


_ANYTHING = _Lits(None, ())


def _strongest(lits: _Lits) -> frozenset[str] | None:
    """The most selective single clause implied by ``lits`` (longest shortest literal)."""
    options = [c for c in (*lits.clauses, lits.exact) if c is not None and "" not in c]
    return max(options, key=lambda c: (min(map(len, c)), -len(c))) if options else None


def _piece(op: object, av: object) -> _Lits:
    """One node of Python's parse of a pattern (``op``, its argument ``av``)."""
    if op is sre.LITERAL:
        return _Lits(frozenset({chr(av)}), ())
    if op is sre.AT:  # ^ $ \b: zero width
        return _Lits(frozenset({""}), ())
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                chars.add(chr(value))
            elif kind is sre.RANGE and value[1] - value[0] < 8:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return _ANYTHING
        return _Lits(frozenset(chars), ()) if len(chars) <= 8 else _ANYTHING
    if op is sre.SUBPATTERN:
        _, add_flags, _, items = av
        return _ANYTHING if add_flags & sre.SRE_FLAG_IGNORECASE else _sequence(items)
    if op is sre.BRANCH:
        branches = [_sequence(items) for items in av[1]]
        exact = None
        if all(b.exact is not None for b in branches):
            union = frozenset().union(*(b.exact for b in branches))
            exact = union if len(union) <= _EXACT_LIMIT else None
        picks = [_strongest(b) for b in branches]
        clauses = (frozenset().union(*picks),) if all(p is not None for p in picks) else ()
        return _Lits(exact, clauses)
    if op is sre.MAX_REPEAT or op is sre.MIN_REPEAT:
        low, high, items = av
        inner = _sequence(items)
        if low == 0:
            optional = inner.exact | {""} if high == 1 and inner.exact is not None else None
            return _Lits(optional, ())
        best = _strongest(inner)
        return _Lits(inner.exact if low == high == 1 else None, inner.clauses + ((best,) if best else ()))
    return _ANYTHING  # any character, classes like \w, look-around, back-references


def _sequence(items: Iterable[tuple[object, object]]) -> _Lits:
    """Pieces matched one after the other: runs of exact pieces combine into longer literals."""
    clauses: list[frozenset[str]] = []
    run = frozenset({""})  # the exact strings of the pieces read since the last break
    exact = True
    for op, av in items:
        piece = _piece(op, av)
        if piece.exact is not None and len(run) * len(piece.exact) <= _EXACT_LIMIT:
            run = frozenset(a + b for a in run for b in piece.exact)
            continue
        exact = False
        clauses += [run, *piece.clauses]
        run = piece.exact if piece.exact is not None else frozenset({""})
    clauses.append(run)
    return _Lits(run if exact else None, tuple(c for c in clauses if "" not in c))


def required_literals(pattern: str) -> tuple[frozenset[str], ...]:
    """Clauses of literals such that every match of ``pattern`` contains a literal of each clause.

    Derived from the structure of the regular expression (no case-insensitive parts are used);
    literals shorter than 3 characters are dropped, and a literal that contains another of the
    same clause is redundant. An empty tuple means the pattern requires nothing.
    """
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return ()
    out: list[frozenset[str]] = []
    for clause in _sequence(parsed).clauses:
        clause = frozenset(s for s in clause if not any(o != s and o in s for o in clause))
        if min(map(len, clause)) >= _MIN_LITERAL and clause not in out:
            out.append(clause)
    return tuple(out)


class _LiteralIndex:
    """The required literals of many patterns, found in all texts with one Aho–Corasick pass."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.clauses: dict[str, tuple[int, ...]] = {}
        known: dict[frozenset[str], int] = {}
        for pattern in patterns:
            ids = []
            for clause in required_literals(pattern):
                ids.append(known.setdefault(clause, len(known)))
            self.clauses[pattern] = tuple(ids)
        self.words = (len(known) + 63) // 64
        bits: dict[str, list[int]] = {}
        for clause, i in known.items():
            for literal in clause:
                bits.setdefault(literal, [0] * self.words)[i // 64] |= 1 << (i % 64)
        self.literals = sorted(bits)
        self._bits = [{lit: bits[lit][w] for lit in self.literals} for w in range(self.words)]

    def scan(self, texts: pl.Series) -> list[pl.Series]:
        """Per text, the bit set of the clauses it satisfies (``words`` 64-bit words)."""
        found = texts.str.extract_many(self.literals, overlapping=True)
        return [
            found.list.eval(pl.element().replace_strict(table, return_dtype=pl.UInt64).bitwise_or())
            .list.first()
            .fill_null(0)
            for table in self._bits
        ]

    def candidates(self, bits: list[pl.Series], pattern: str) -> pl.Series:
        """Texts that hold every clause of ``pattern`` (only they can match it)."""
        out = pl.repeat(True, len(bits[0]), eager=True)
        for i in self.clauses[pattern]:
            out = out & ((bits[i // 64] & (1 << (i % 64))) != 0)
        return out


def _at(values: pl.Series, index: str) -> pl.Expr:
    """``values`` gathered at the positions in column ``index``."""
    return pl.lit(values).gather(pl.col(index))


def _mask(n: int, idx: pl.Series) -> pl.Series:
    """A boolean column of length ``n``, true at ``idx``."""
    return pl.repeat(False, n, eager=True).scatter(idx, True)


def _contains(texts: pl.Series, where: pl.Series, pattern: str) -> pl.Series:
    """``texts.str.contains(pattern)``, evaluated only where ``where`` is true (false elsewhere)."""
    idx = where.arg_true()
    return _mask(len(texts), idx.filter(texts.gather(idx).str.contains(pattern)))


class _Job(NamedTuple):
    texts: pl.Series
    idx: pl.Series  # the positions of the texts to evaluate
    expr: pl.Expr  # over column ``t``


def _run(jobs: dict[object, _Job]) -> dict[object, pl.Series]:
    """Evaluate independent jobs concurrently: each is one native Polars operation, which releases
    Python's lock, so a thread per core keeps every core busy."""

    def evaluate(job: _Job) -> pl.Series:
        return pl.DataFrame({"t": job.texts.gather(job.idx)}).select(job.expr).to_series()

    with ThreadPoolExecutor(max_workers=pl.thread_pool_size()) as pool:
        return dict(zip(jobs, pool.map(evaluate, jobs.values())))


def _in_parts(work: Callable[[pl.Series], T], texts: pl.Series) -> list[T]:
    """``work`` on consecutive parts of ``texts``, one part per core, concurrently; results in order."""
    parts = pl.thread_pool_size()
    size = -(-len(texts) // parts)
    with ThreadPoolExecutor(max_workers=parts) as pool:
        return list(pool.map(work, [texts.slice(i * size, size) for i in range(parts)]))


# ---------------------------------------------------------------------------------------------
# Text level
# ---------------------------------------------------------------------------------------------
_PREJUDICE = r"\bwith prejudice"
_NO_PREJUDICE = r"\bwithout prejudice"
_DISMISSAL_RULE = "dismissal_other.order_dismissing"
_BARE_RULES = tuple(rule.id for rule in R.RULES if ".bare_" in rule.id or "_bare_" in rule.id)
_CONTEXT_RULES = (
    "context.inherits_motion",
    "context.vacated_marker",
    "context.after_service_show_cause",
    "context.short_motion_in_doe_case",
    "context.short_order_on_discovery_motion",
)
_OTHER_RULE = "other.no_rule_matched"
_RULE_IDS: tuple[str, ...] = (*(rule.id for rule in R.RULES), *_CONTEXT_RULES, _OTHER_RULE)
_RULE = {rule_id: i for i, rule_id in enumerate(_RULE_IDS)}
_LABEL = {label: i for i, label in enumerate(LABELS)}
_RULE_LABEL = pl.Series([_LABEL[rule.label] for rule in R.RULES], dtype=pl.UInt8)
# inferred is a property of the rule: the table's domain-default rules, and every context rule
_RULE_INFERRED = pl.Series([rule.inferred for rule in R.RULES] + [True] * len(_CONTEXT_RULES) + [False])
_LABEL_BIT = pl.Series([1 << i for i in range(len(LABELS))], dtype=pl.UInt32)
_OVERRIDES = pl.Series(
    [sum(1 << _LABEL[o] for o in R.OVERRIDDEN_BY.get(label, ())) for label in LABELS], dtype=pl.UInt32
)
_EVENT_SCHEMA = {"row": pl.UInt32, "label": pl.UInt8, "rule": pl.UInt16}
# Per rewrite, the literals one of which it needs to change a text (None: it needs none).
_REWRITE_NEEDS = [_strongest(_Lits(None, required_literals(pattern))) for pattern, _ in R.REWRITES]
_INDEX = _LiteralIndex(
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
        R.SHORT_GENERIC_ORDER,
        R.ANSWER_OR_DEFENCE,
        _PREJUDICE,
        _NO_PREJUDICE,
    ]
)


def _canonical(texts: pl.Series) -> pl.Series:
    """Lower-case, then apply the table's rewrites in order, each to the texts it can change."""
    out = texts.str.to_lowercase()
    for (pattern, replacement), needs in zip(R.REWRITES, _REWRITE_NEEDS):
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


def _rule_jobs(t: pl.Series, is_order: pl.Series, bits: list[pl.Series]) -> dict[int, _Job]:
    """Per rule of the table (by position): its pattern on the texts it can match, in its scope."""
    jobs = {}
    for i, rule in enumerate(R.RULES):
        where = _INDEX.candidates(bits, rule.pattern)
        if rule.scope == "order":
            where = where & is_order
        elif rule.scope == "filing":
            where = where & ~is_order
        jobs[i] = _Job(t, where.arg_true(), pl.col("t").str.contains(rule.pattern))
    return jobs


def _rule_events(t: pl.Series, jobs: dict[int, _Job], matched: dict[object, pl.Series]) -> pl.DataFrame:
    """(kid, label, rule) per label the table gives, after `OVERRIDDEN_BY`; ``other`` where none."""
    fired = {i: job.idx.filter(matched[i]) for i, job in jobs.items()}
    excluded = _run(
        {i: _Job(t, idx, pl.col("t").str.contains(R.RULES[i].exclude)) for i, idx in fired.items() if R.RULES[i].exclude}
    )
    hits = pl.concat(
        [
            pl.DataFrame({"kid": idx.filter(~excluded[i]) if i in excluded else idx}).with_columns(
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
    bits = [pl.concat(word) for word in zip(*_in_parts(_INDEX.scan, t))]

    def where(*patterns: str) -> pl.Series:
        return pl.select(pl.any_horizontal(pl.lit(_INDEX.candidates(bits, p)) for p in patterns)).to_series()

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
                ("generic_order", R.SHORT_GENERIC_ORDER),
                ("answer", R.ANSWER_OR_DEFENCE),
            )
        },
    }
    rules = _rule_jobs(t, is_order, bits)
    found = _run({**rules, **jobs})
    events = _rule_events(t, rules, found)
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
            "generic_order": column("generic_order", False),
            "answer": column("answer", False),
            "vacated_by": column("vacated_by"),
            "not_service": _contains(t, labelled["dismissal_other"], R.SERVICE_DISMISSAL_NOT),
        }
    )
    return _Lines(events, count.cum_sum() - count, count, features, verbs)


# ---------------------------------------------------------------------------------------------
# Distinct texts and cases as integer ids
# ---------------------------------------------------------------------------------------------
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
        added = _line_level(_stripped(firsts.filter(new)))
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


# ---------------------------------------------------------------------------------------------
# Docket context
# ---------------------------------------------------------------------------------------------
_DISCOVERY_RULINGS = ("discovery_granted", "discovery_granted_in_part", "discovery_denied")
_QUASH_RULINGS = ("quash_granted", "quash_denied")
_INHERIT = pl.DataFrame(
    {
        "motion": [_LABEL["discovery_motion"]] * 3 + [_LABEL["quash_motion"]] * 3,
        "verb": ["granted", "partly", "denied"] * 2,
        "label": [
            _LABEL[label]
            for label in (
                "discovery_granted", "discovery_granted_in_part", "discovery_denied",
                "quash_granted", "quash_granted", "quash_denied",
            )
        ],
    },
    schema={"motion": pl.UInt8, "verb": pl.String, "label": pl.UInt8},
)
_FAMILY = {**{_LABEL[label]: 0 for label in _DISCOVERY_RULINGS}, **{_LABEL[label]: 1 for label in _QUASH_RULINGS}}
# (case, entry number) as one integer key (case codes are below 2**31); entry numbers outside
# 0..2**32-1 are not docket numbers and are never looked up
_NUMBER_KEY = pl.when(pl.col("num").is_between(0, 2**32 - 1)).then(pl.col("case").cast(pl.Int64) * 2**32 + pl.col("num"))


class _Docket:
    """The docket-context rules over all entries; events are kept only for the entries they touch.

    ``rows``: one row per entry (its position is the entry's ``row`` id) with ``case`` (integer code),
    ``seq``, ``num`` and ``kid`` (its distinct text). An entry not touched keeps its line events.
    Which entries a rule reads is decided by signals of their texts (``text_signals``); the entries
    having each signal are listed once (``signal_rows``).
    """

    def __init__(self, rows: pl.DataFrame, lines: _Lines) -> None:
        self.rows = rows
        self._keys: pl.Series | None = None  # (case, entry number) of every entry, when first needed
        self.kid = rows.get_column("kid")
        self.lines = lines
        features = lines.features
        events = lines.events
        n_texts = len(lines.count)

        def having(frame: pl.DataFrame) -> pl.Series:
            return _mask(n_texts, frame.get_column("kid"))

        def labelled(*labels: str) -> pl.Series:
            return having(events.filter(pl.col("label").is_in([_LABEL[label] for label in labels])))

        def ruled(*rules: str) -> pl.Series:
            return having(events.filter(pl.col("rule").is_in([_RULE[rule] for rule in rules])))

        t = features.get_column("t")
        signals = {
            "verbs": having(lines.verbs),
            "bare": ruled(*_BARE_RULES),
            "motion": labelled("discovery_motion", "quash_motion"),
            "vacated": features.get_column("vacated_by").is_not_null(),
            "svc_osc": features.get_column("svc_osc"),
            "dismissing": ruled(_DISMISSAL_RULE) & ~features.get_column("not_service"),
            "generic_motion": features.get_column("generic_motion"),
            "order_on": features.get_column("generic_order") & t.str.starts_with("order on "),
            "doe_or_answer": features.get_column("doe_signal") | features.get_column("answer"),
            "discovery_motion": labelled("discovery_motion"),
            "use": labelled(*R.DISCOVERY_USE_LABELS),
        }
        self.text_signals = signals
        with ThreadPoolExecutor(max_workers=pl.thread_pool_size()) as pool:  # one pass over the entries per signal
            found = pool.map(lambda per_text: per_text.gather(self.kid).arg_true(), signals.values())
            self.signal_rows = dict(zip(signals, found))
        self.ev = pl.DataFrame(schema=_EVENT_SCHEMA)  # current events of the touched entries
        self.is_touched = pl.repeat(False, rows.height, eager=True)
        self.rules_on = pl.DataFrame(schema={"row": pl.UInt32, "rules_on": pl.List(pl.Int64)})

    # -- lookups ------------------------------------------------------------------------------
    def where(self, signal: str, columns: Iterable[str] = ("case", "seq"), cases: pl.Series | None = None) -> pl.DataFrame:
        """The entries (``row`` and ``columns``) whose text has ``signal`` (and, if given, in ``cases``)."""
        idx = self.signal_rows[signal]
        if cases is not None:
            idx = idx.filter(self.rows.get_column("case").gather(idx).is_in(cases.unique().implode()))
        return self.rows.select(columns)[idx].with_columns(row=idx)

    def numbered(self, keys: pl.Series) -> pl.DataFrame:
        """(key, target) for the entries whose (case, entry number) key is among ``keys``."""
        keys = keys.drop_nulls().unique()
        if len(keys) == 0:
            return pl.DataFrame(schema={"key": pl.Int64, "target": pl.UInt32})
        if self._keys is None:
            self._keys = self.rows.select(_NUMBER_KEY).to_series()
        idx = self._keys.is_in(keys.implode()).arg_true()
        return pl.DataFrame({"key": self._keys.gather(idx), "target": idx})

    def events_of(self, rows: pl.Series) -> pl.DataFrame:
        """Current (row, label, rule) of the given entries."""
        frame = rows.alias("row").unique().to_frame().with_columns(touched=_at(self.is_touched, "row"))
        touched = self.ev.join(frame.filter("touched"), on="row", how="semi")
        untouched = frame.filter(~pl.col("touched")).with_columns(kid=_at(self.kid, "row"))
        return pl.concat([touched, untouched.join(self.lines.events, on="kid").select(touched.columns)])

    # -- changes ------------------------------------------------------------------------------
    def touch(self, rows: pl.Series) -> None:
        """Keep the events of these entries in ``ev`` from now on (their line events to start with)."""
        rows = rows.unique()
        new = rows.filter(~self.is_touched.gather(rows))
        if len(new):
            line = pl.DataFrame({"row": new, "kid": self.kid.gather(new)}).join(self.lines.events, on="kid")
            self.ev = pl.concat([self.ev, line.select(self.ev.columns)])
            self.is_touched.scatter(new, True)

    def remove(self, rows: pl.Series, rules: Iterable[str]) -> None:
        """Remove the events these entries have by one of ``rules``."""
        self.touch(rows)
        codes = [_RULE[rule] for rule in rules]
        self.ev = self.ev.filter(~(pl.col("row").is_in(rows.implode()) & pl.col("rule").is_in(codes)))

    def add(self, new: pl.DataFrame, rule: str) -> None:
        """Add (row, label) events with ``rule`` unless the entry already has the label."""
        rows = new.get_column("row").cast(pl.UInt32)
        self.touch(rows)
        new = new.select(
            rows, pl.col("label").cast(pl.UInt8), rule=pl.lit(_RULE[rule], dtype=pl.UInt16)
        ).unique(["row", "label"], keep="first", maintain_order=True)
        existing = self.ev.filter(pl.col("row").is_in(rows.implode())).select("row", "label")
        self.ev = pl.concat([self.ev, new.join(existing, on=["row", "label"], how="anti")])

    # -- the rules ----------------------------------------------------------------------------
    def inherit_motions(self) -> None:
        """An order ruling on entry N inherits what N asked for (early discovery, or quashing a subpoena)."""
        lines = self.lines
        verbs = (
            self.where("verbs", ("case", "kid"))
            .join(lines.verbs, on="kid")
            .with_columns(key=_NUMBER_KEY)
            .drop_nulls("key")
        )
        if verbs.height == 0:
            return
        # A bare "granting 6 Ex Parte Application" is replaced by what entry 6 actually was, when 6 is on the docket.
        bare = verbs.filter(_at(self.text_signals["bare"], "kid"))
        resolved = bare.join(self.numbered(bare.get_column("key")), on="key").get_column("row").unique()
        if len(resolved):
            self.remove(resolved, _BARE_RULES)
        motion_labels = [_LABEL["discovery_motion"], _LABEL["quash_motion"]]
        motions = (
            self.where("motion", ("case", "num", "kid"))
            .select("kid", key=_NUMBER_KEY)
            .drop_nulls("key")
            .join(lines.events.filter(pl.col("label").is_in(motion_labels)).select("kid", motion="label"), on="kid")
            .select("key", "motion")
        )
        inherited = verbs.join(motions, on="key").join(_INHERIT, on=["motion", "verb"]).select("row", "label")
        if inherited.height == 0:
            return
        family = pl.col("label").replace_strict(_FAMILY, return_dtype=pl.UInt8)
        families = (
            self.events_of(inherited.get_column("row"))
            .filter(pl.col("label").is_in(list(_FAMILY)))
            .select("row", family=family)
        )
        inherited = inherited.with_columns(family=family).join(families, on=["row", "family"], how="anti")
        if inherited.height:
            self.add(inherited, "context.inherits_motion")

    def move_vacated(self) -> None:
        """'***VACATED per 6 ORDER***': the vacatur is an event of entry 6 when entry 6 is on the docket."""
        vacated_by = self.lines.features.get_column("vacated_by")
        marked = self.where("vacated", ("case", "kid")).with_columns(num=_at(vacated_by, "kid")).with_columns(key=_NUMBER_KEY)
        targets = marked.join(self.numbered(marked.get_column("key")), on="key")
        if targets.height == 0:
            return
        self.remove(targets.get_column("row").unique(), ["discovery_vacated.vacated_marker"])
        self.add(targets.select(row="target", label=pl.lit(_LABEL["discovery_vacated"])), "context.vacated_marker")

    def service_dismissals(self) -> None:
        """A bare order dismissing the case after an order to show cause about service is a Rule 4(m) dismissal."""
        first_osc = self.where("svc_osc").group_by("case").agg(osc=pl.col("seq").min())
        if first_osc.height == 0:
            return
        relabel = (
            self.where("dismissing", cases=first_osc.get_column("case"))
            .join(first_osc, on="case")
            .filter(pl.col("seq") > pl.col("osc"))
            .get_column("row")
        )
        if len(relabel) == 0:
            return
        self.touch(relabel)
        hit = pl.col("row").is_in(relabel.implode()) & (pl.col("rule") == _RULE[_DISMISSAL_RULE])
        self.ev = self.ev.with_columns(
            label=pl.when(hit).then(pl.lit(_LABEL["dismissal_failure_to_serve"], dtype=pl.UInt8)).otherwise("label"),
            rule=pl.when(hit).then(pl.lit(_RULE["context.after_service_show_cause"], dtype=pl.UInt16)).otherwise("rule"),
        )

    def resolve_short_descriptions(self) -> None:
        """Short history-report descriptions ("Motion for Miscellaneous Relief", "Motion to Expedite").

        In a Doe case, the first such motion that is otherwise unlabelled and comes before any answer
        and before any motion the docket names as one for early discovery is that motion; an "Order on
        <the same description>" after it is its ruling, a grant when the docket later shows discovery
        used (subpoenas, a named defendant, service).
        """
        features = self.lines.features
        generic = self.where("generic_motion", ("case", "seq", "num", "kid"))
        if generic.height == 0:
            return
        # No rule removes or relabels a discovery_motion event, and only this one adds them: the
        # entries that have one are those of the line, plus the ones added below.
        first_disc = self.where("discovery_motion").group_by("case").agg(disc_seq=pl.col("seq").min())
        only_other = (
            self.events_of(generic.get_column("row"))
            .group_by("row")
            .agg(only_other=(pl.col("label") == _LABEL["other"]).all())
        )
        candidates = (
            generic.join(only_other.filter("only_other"), on="row")
            .join(first_disc, on="case", how="left")
            .filter((pl.col("seq") < pl.col("disc_seq")).fill_null(True))
        )
        if candidates.height:
            doe, answer = features.get_column("doe_signal"), features.get_column("answer")
            per_case = (
                self.where("doe_or_answer", ("case", "seq", "kid"), candidates.get_column("case"))
                .with_columns(doe=_at(doe, "kid"), answer=_at(answer, "kid"))
                .group_by("case")
                .agg(pl.col("doe").any(), answer_seq=pl.col("seq").filter("answer").min())
            )
            first = (
                candidates.join(per_case, on="case")
                .filter(pl.col("doe") & (pl.col("seq") < pl.col("answer_seq")).fill_null(True))
                .sort("case", "seq")
                .group_by("case", maintain_order=True)
                .first()
            )
            self.add(first.select("row", label=pl.lit(_LABEL["discovery_motion"])), "context.short_motion_in_doe_case")
            added = first.get_column("row")
        else:
            added = pl.Series([], dtype=pl.UInt32)
        # Orders "Order on <the motion's short description>": link each to the latest such motion before it.
        t = features.get_column("t")
        motion_texts = pl.DataFrame({"kid": features.get_column("generic_motion").arg_true()}).with_columns(t=_at(t, "kid"))
        order_texts = pl.DataFrame({"okid": self.text_signals["order_on"].arg_true()}).with_columns(
            t=_at(t, "okid").str.strip_prefix("order on ")
        )
        link = order_texts.join(motion_texts, on="t").select("okid", "kid")  # order text -> the motion texts it names
        pairs = (
            self.where("order_on", ("case", "seq", "kid"), generic.get_column("case"))
            .rename({"kid": "okid"})
            .join(link, on="okid")
            .join(generic.select("case", "kid", m_row="row", m_seq="seq", m_num="num"), on=["case", "kid"])
            .filter(pl.col("m_seq") < pl.col("seq"))
            .sort("row", "m_seq")
            .group_by("row", maintain_order=True)
            .last()
            .sort("case", "m_seq", "seq")
            .group_by("case", "m_seq", maintain_order=True)
            .first()
        )
        asked = _at(self.text_signals["discovery_motion"], "kid") | pl.col("m_row").is_in(added.implode())
        pairs = pairs.filter(asked)  # the motion is (now) one for early discovery
        if pairs.height == 0:
            return
        last_use = self.where("use", cases=pairs.get_column("case")).group_by("case").agg(use_seq=pl.col("seq").max())
        granted = pairs.join(last_use, on="case").filter(pl.col("use_seq") > pl.col("seq"))
        named = pairs.filter(
            (_at(features.get_column("rules_on").list.len(), "okid") == 0) & pl.col("m_num").is_not_null()
        )
        if named.height:
            self.touch(named.get_column("row"))
            self.rules_on = named.select("row", rules_on=pl.concat_list("m_num"))
        if granted.height:
            self.add(
                granted.select("row", label=pl.lit(_LABEL["discovery_granted"])), "context.short_order_on_discovery_motion"
            )

    def settle_other(self) -> None:
        """Drop 'other' where context gave an entry a label; give 'other' to an entry left with none."""
        other = pl.col("label") == _LABEL["other"]
        labelled = self.ev.filter(~other).select("row").unique()
        self.ev = pl.concat([self.ev.filter(~other), self.ev.filter(other).join(labelled, on="row", how="anti")])
        touched = self.is_touched.arg_true().alias("row").to_frame()
        missing = touched.join(self.ev.select("row").unique(), on="row", how="anti").with_columns(
            label=pl.lit(_LABEL["other"], dtype=pl.UInt8), rule=pl.lit(_RULE[_OTHER_RULE], dtype=pl.UInt16)
        )
        self.ev = pl.concat([self.ev, missing])

    def apply(self) -> None:
        self.inherit_motions()
        self.move_vacated()
        self.service_dismissals()
        self.resolve_short_descriptions()
        self.settle_other()


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
_LABEL_TEXT = pl.Series(LABELS, dtype=pl.String)
_RULE_TEXT = pl.Series(_RULE_IDS, dtype=pl.String)
_DISMISSAL_CODES = [_LABEL[label] for label in R.DISMISSAL_LABELS]
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
            lines = _line_level(_stripped(firsts))
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
    lines = _line_level(_stripped(series.gather(first)), judge_everywhere=True)
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
