"""Column helpers of the classifier: gathers and masks over Polars series, and concurrent jobs.

Polars operations release Python's lock, so independent jobs run in a thread per core.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, TypeVar

import polars as pl

T = TypeVar("T")


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
