"""The cast of a run, shared by every chunk: courts' judges and clerks, plaintiffs and their
campaigns, firms and their attorneys, defence counsel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.synth.dockets.vocabulary import (
    _FIRST_DAY,
    _LAST_DAY,
    COURTS,
    FIRM_KINDS,
    FIRST_NAMES,
    PLAINTIFF_KINDS,
    SURNAMES,
)


@dataclass(frozen=True)
class World:
    """Who litigates where: fixed for (cases, seed), shared by every chunk."""

    judge_names: pl.Series           # every judge
    judge_titled: pl.Series          # "Judge …" / "Magistrate Judge …"
    judge_magistrate: np.ndarray     # bool
    court_judges: np.ndarray         # (courts x judges per court) judge indices
    court_mjs: np.ndarray            # (courts x magistrate judges per court) judge indices
    clerks: pl.Series                # clerk initials, 8 per court (court * 8 + i)
    court_offices: np.ndarray        # (courts x 6) office digits, cycled
    plaintiffs: pl.Series
    plaintiff_weight: np.ndarray     # float, sums to 1
    plaintiff_firm: np.ndarray       # int
    plaintiff_start: np.ndarray      # int, first day of the campaign (days since 1970)
    plaintiff_span: np.ndarray       # int, days the campaign lasts
    plaintiff_single: np.ndarray     # float, share of one-Doe suits
    plaintiff_court_cum: np.ndarray  # float (plaintiffs x courts), cumulative court choice per plaintiff
    firms: pl.Series
    firm_attorneys: np.ndarray       # (firms x 4) attorney indices
    attorney_names: pl.Series        # "First M. Synthetic-Surname"
    attorney_filer: pl.Series        # "Synthetic-Surname, First" (CM/ECF filer stamp)
    defence_names: pl.Series
    defence_filer: pl.Series


def _people(rng: np.random.Generator, count: int) -> tuple[pl.Series, pl.Series]:
    """`count` distinct synthetic people: full names and CM/ECF filer stamps."""
    letters = np.array(list("ABCDEFGHJKLMNPRSTW"))
    combos = len(FIRST_NAMES) * len(SURNAMES) * len(letters)
    if count > combos:
        raise ValueError(f"at most {combos} synthetic people")
    picks = rng.choice(combos, size=count, replace=False)
    first = np.array(FIRST_NAMES)[picks % len(FIRST_NAMES)]
    last = np.array(SURNAMES)[(picks // len(FIRST_NAMES)) % len(SURNAMES)]
    middle = letters[picks // (len(FIRST_NAMES) * len(SURNAMES))]
    full = pl.Series(first) + " " + pl.Series(middle) + ". Synthetic-" + pl.Series(last)
    filer = "Synthetic-" + pl.Series(last) + ", " + pl.Series(first)
    return full, filer


def world(cases: int, seed: int) -> World:
    """The courts, judges, plaintiffs, firms and attorneys of a run of `cases` suits."""
    rng = np.random.default_rng([seed, 0xD0C])
    n_courts = len(COURTS)
    per_court, mj_per_court = 7, 3
    people, filers = _people(rng, n_courts * (per_court + mj_per_court) + 400 + 60)
    n_judges = n_courts * (per_court + mj_per_court)
    judge_names = people[:n_judges]
    judge_titled = pl.select(
        pl.when(pl.Series(np.tile(np.r_[np.zeros(per_court, bool), np.ones(mj_per_court, bool)], n_courts)))
        .then("Magistrate Judge " + judge_names).otherwise("Judge " + judge_names)
    ).to_series()
    judge_magistrate = np.tile(np.r_[np.zeros(per_court, bool), np.ones(mj_per_court, bool)], n_courts)
    court_judges = np.arange(n_judges).reshape(n_courts, per_court + mj_per_court)
    court_mjs = court_judges[:, per_court:]
    alphabet = np.array(list("abcdefghijklmnoprstw"))
    clerks = pl.Series(
        ["".join(rng.choice(alphabet, size=int(rng.integers(2, 4)))) for _ in range(8 * n_courts)], dtype=pl.String
    )
    court_offices = np.array([[offices[i % len(offices)] for i in range(6)] for _, _, offices, _ in COURTS])

    n_plaintiffs = int(np.clip(cases // 2500, 8, 400))
    n_firms = max(3, n_plaintiffs // 8)
    kinds = np.array(PLAINTIFF_KINDS)[rng.integers(0, len(PLAINTIFF_KINDS), n_plaintiffs)]
    suffix = np.where(rng.random(n_plaintiffs) < 0.7, "LLC", "Inc.")
    plaintiffs = pl.Series([f"SYNTHETIC {k} {i + 1:03d}, {s}" for i, (k, s) in enumerate(zip(kinds, suffix))])
    weight = 1.0 / np.arange(1, n_plaintiffs + 1) ** 1.1
    weight = rng.permutation(weight)
    weight /= weight.sum()
    firm = rng.integers(0, n_firms, n_plaintiffs)
    span = rng.integers(365, 8 * 365, n_plaintiffs)
    start = rng.integers(_FIRST_DAY, _LAST_DAY - 365, n_plaintiffs)
    span = np.minimum(span, _LAST_DAY - start)
    # Early campaigns sued swarms of Does; later ones mostly one subscriber per suit.
    late = (start - _FIRST_DAY) / (_LAST_DAY - _FIRST_DAY)
    single = np.clip(rng.beta(2, 3, n_plaintiffs) * 0.6 + late * 0.5, 0.02, 0.95)
    court_weight = np.array([w for *_, w in COURTS], dtype=float)
    chosen = rng.random((n_plaintiffs, n_courts)) < rng.uniform(0.1, 0.6, (n_plaintiffs, 1))
    chosen[np.arange(n_plaintiffs), rng.choice(n_courts, n_plaintiffs, p=court_weight / court_weight.sum())] = True
    pc = chosen * court_weight * rng.uniform(0.3, 1.0, (n_plaintiffs, n_courts))
    court_cum = np.cumsum(pc / pc.sum(axis=1, keepdims=True), axis=1)
    court_cum[:, -1] = 1.0

    firm_names = pl.Series([f"SYNTHETIC {FIRM_KINDS[i % len(FIRM_KINDS)]} {i + 1:02d}" for i in range(n_firms)])
    attorneys = people[n_judges:n_judges + 400]
    attorney_filer = filers[n_judges:n_judges + 400]
    per_firm = rng.choice(len(attorneys), size=(n_firms, 4), replace=n_firms * 4 > len(attorneys))
    defence = people[n_judges + 400:]
    defence_filer = filers[n_judges + 400:]
    return World(judge_names, judge_titled, judge_magistrate, court_judges, court_mjs, clerks, court_offices, plaintiffs,
                 weight, firm, start, span, single, court_cum, firm_names, per_firm, attorneys, attorney_filer,
                 defence, defence_filer)
