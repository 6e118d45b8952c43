"""Required literals: the words every match of a rule's pattern must contain, and the prefilter index.

From the structure of each regular expression (Python's own parse of it) the classifier derives the
literal words any match must contain (``\\bsanction`` needs "sanction"); one Aho–Corasick pass
(`str.extract_many`) finds all of them in all texts, and each pattern then runs only on the texts
that hold its words. The result is the same as running every pattern on every text.
"""

from __future__ import annotations

from collections.abc import Iterable
from re import _constants as sre  # the parser of Python's `re`: private, but stable since 3.11
from re import _parser as sre_parse
from typing import NamedTuple

import polars as pl

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
