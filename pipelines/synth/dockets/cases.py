"""One chunk of generated cases: each case's docket drawn as kinds of entry in time, then cases,
parties, attorneys and rendered docket entries as staging frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from pipelines.staging import Staging
from pipelines.synth.dockets.cast import World
from pipelines.synth.dockets.texts import _COUNT, _OFFSET, Field, _day_table, _render, _upper
from pipelines.synth.dockets.vocabulary import (
    _FIRST_DAY,
    _STYLE,
    COURTS,
    DOC_NETS,
    FLAG,
    ISPS,
    KIND,
    SHORT_SHARE,
    SOURCE,
)


class _Rows:
    """Docket rows of one chunk, appended kind by kind (one numpy block per kind, not per entry)."""

    def __init__(self) -> None:
        self.case: list[np.ndarray] = []
        self.t: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.ref: list[np.ndarray] = []
        self.doe: list[np.ndarray] = []
        self.size = 0

    def add(self, kind: str, case: np.ndarray, t: np.ndarray, ref: np.ndarray | None = None,
            doe: np.ndarray | None = None) -> np.ndarray:
        n = len(case)
        self.case.append(case)
        self.t.append(np.asarray(t, dtype=np.float64))
        self.kind.append(np.full(n, KIND[kind], dtype=np.int16))
        self.ref.append(np.full(n, -1, dtype=np.int64) if ref is None else ref)
        self.doe.append(np.zeros(n, dtype=np.int64) if doe is None else doe)
        ids = np.arange(self.size, self.size + n)
        self.size += n
        return ids

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(part) for part in (self.case, self.t, self.kind, self.ref, self.doe))


def _pick(rng: np.random.Generator, mask: np.ndarray, p: float) -> np.ndarray:
    return mask & (rng.random(mask.shape[0]) < p)


def _docket(rng: np.random.Generator, n: int, does: np.ndarray, single: np.ndarray, style: np.ndarray) -> tuple:
    """The entries of `n` cases as rows (case, t days after filing, kind, referenced row, Doe number)."""
    rows = _Rows()
    cases = np.arange(n)
    multi = ~single
    u = rng.uniform  # u(low, high, size): days, a short name keeps the plan readable

    rows.add("complaint", cases, np.zeros(n))
    opening = rng.integers(2, 6, n)
    oc = np.repeat(cases, opening)
    rows.add("opening", oc, u(0.01, 3, len(oc)))
    c = cases[_pick(rng, style == _STYLE["cacd"], 0.8)]
    rows.add("summons_does", c, u(0.02, 2, len(c)))
    c = cases[_pick(rng, style == _STYLE["cand"], 0.5)]
    rows.add("consent", c, u(2, 25, len(c)))
    c = cases[_pick(rng, np.ones(n, bool), 0.08)]
    rows.add("reassign", c, u(5, 60, len(c)))
    c = cases[_pick(rng, np.ones(n, bool), 0.35)]
    rows.add("appear_pl", c, u(0.02, 4, len(c)))

    has_motion = rng.random(n) < 0.96
    t_motion = u(1, 12, n)
    motion_id = np.full(n, -1)
    c = cases[has_motion]
    motion_id[c] = rows.add("disc_motion", c, t_motion[c])
    c = cases[_pick(rng, has_motion, 0.5)]
    rows.add("disc_support", c, t_motion[c] + 0.001, ref=motion_id[c])

    draw = rng.random(n)
    granted = has_motion & (draw < 0.72)
    partial = has_motion & multi & (draw >= 0.72) & (draw < 0.82)
    denied = has_motion & (draw >= 0.82) & (draw < 0.90)
    denied_sever = _pick(rng, denied & multi, 0.3)
    denied &= ~denied_sever
    t_ruling = t_motion + u(3, 45, n)
    ruling_id = np.full(n, -1)
    for kind, mask in (("disc_granted", granted), ("disc_partial", partial), ("disc_denied", denied),
                       ("disc_denied_sever", denied_sever)):
        c = cases[mask]
        ruling_id[c] = rows.add(kind, c, t_ruling[c], ref=motion_id[c])
    ruled = ruling_id >= 0
    c = cases[_pick(rng, ruled, 0.45)]
    rows.add("cert_service", c, t_ruling[c] + u(1, 6, len(c)), ref=ruling_id[c])
    use = granted | partial
    c = cases[_pick(rng, use, 0.35)]
    rows.add("subpoena", c, t_ruling[c] + u(2, 20, len(c)))
    c = cases[_pick(rng, use, 0.2)]
    rows.add("protective", c, t_ruling[c] + 0.002)

    # Motions to quash and the rulings on them, only where subpoenas went out.
    live_does = np.where(partial, 1, does)
    quash = np.where(use, np.minimum(rng.binomial(live_does, 0.06) + _pick(rng, single, 0.2), 25), 0)
    qc = np.repeat(cases, quash)
    tq = t_ruling[qc] + u(20, 200, len(qc))
    qdoe = rng.integers(1, np.maximum(live_does[qc], 1) + 1)
    qid = rows.add("quash_motion", qc, tq, doe=qdoe)
    m = rng.random(len(qc)) < 0.3
    rows.add("doe_appear", qc[m], tq[m] - u(0.01, 2, int(m.sum())), doe=qdoe[m])
    draw = rng.random(len(qc))
    tr = tq + u(10, 60, len(qc))
    for kind, lo, hi in (("quash_denied", 0.0, 0.5), ("quash_granted", 0.5, 0.65), ("quash_moot", 0.65, 0.78)):
        m = (draw >= lo) & (draw < hi)
        rows.add(kind, qc[m], tr[m], ref=qid[m], doe=qdoe[m])

    # Doe-by-Doe voluntary dismissals (settlements, mostly) in swarm suits.
    vd = np.where(use & multi, np.minimum(rng.binomial(live_does, 0.15), 50), 0)
    vc = np.repeat(cases, vd)
    vdoe = rng.integers(1, np.maximum(does[vc], 1) + 1)
    tv = t_ruling[vc] + u(30, 400, len(vc))
    rows.add("vd_doe", vc, tv, doe=vdoe)
    m = rng.random(len(vc)) < 0.08
    rows.add("settle_doe", vc[m], tv[m] - 0.5, doe=vdoe[m])

    ext = _pick(rng, use, 0.45)
    c = cases[ext]
    t_ext = t_ruling[c] + u(90, 150, len(c))
    eid = rows.add("ext_motion", c, t_ext)
    rows.add("ext_order", c, t_ext + u(1, 8, len(c)), ref=eid)
    status = rng.poisson(4.0 + np.log1p(does) * 1.2)
    sc = np.repeat(cases, status)
    rows.add("status", sc, u(5, 420, len(sc)))

    # How each case ends.
    draw = rng.random(n)
    ending = np.select(
        [draw < 0.48, draw < 0.56, draw < 0.68, draw < 0.74, draw < 0.77],
        [1, 2, 3, 4, 5], default=0,
    )  # 1 voluntary, 2 severance, 3 failure to serve, 4 named defendant, 5 failure to prosecute, 0 open
    ending = np.where((ending == 2) & single, 1, ending)
    ending = np.where((ending == 4) & ~use, 1, ending)
    case_arr, t_arr, *_ = rows.arrays()
    t_last = np.zeros(n)
    np.maximum.at(t_last, case_arr, t_arr)
    t_end = t_last + u(5, 60, n)
    c = cases[ending == 1]
    rows.add("vd_all", c, t_end[c])
    c = cases[ending == 2]
    rows.add("sever_order", c, t_end[c])
    c = cases[ending == 3]
    t_osc = t_last[c] + u(3, 30, len(c))
    rows.add("osc_service", c, t_osc)
    t_end[c] = t_osc + u(14, 45, len(c))
    rows.add("dismiss_fts", c, t_end[c])
    c = cases[ending == 5]
    rows.add("dismiss_prosecute", c, t_end[c])
    c = cases[ending == 4]
    t_amend = t_last[c] + u(5, 40, len(c))
    rows.add("amended", c, t_amend)
    t_sum = t_amend + u(1, 6, len(c))
    rows.add("summons_named", c, t_sum)
    t_served = t_sum + u(10, 40, len(c))
    rows.add("served", c, t_served)
    settles = rng.random(len(c)) < 0.5
    cs = c[settles]
    t_end[cs] = t_served[settles] + u(30, 120, len(cs))
    rows.add("stip_settle", cs, t_end[cs])
    cd = c[~settles]
    t_def = t_served[~settles] + u(25, 60, len(cd))
    rows.add("default", cd, t_def)
    t_djm = t_def + u(10, 40, len(cd))
    djm = rows.add("dj_motion", cd, t_djm)
    t_end[cd] = t_djm + u(20, 90, len(cd))
    rows.add("default_judgment", cd, t_end[cd], ref=djm)
    return rows.arrays(), ending, t_end


@dataclass
class _Counters:
    """Docket sequence numbers already used per (court, year), carried from chunk to chunk."""

    used: np.ndarray  # (courts, years) int


def chunk(w: World, index: int, n: int, seed: int, counters: _Counters) -> tuple[Staging, np.ndarray]:
    """The `index`-th chunk of `n` cases as staging frames (deterministic in seed and index), and the
    kind (an index into `KINDS`) of each docket entry, in the order of `docket_entries`."""
    rng = np.random.default_rng([seed, index])
    n_courts = len(COURTS)
    plaintiff = rng.choice(len(w.plaintiffs), size=n, p=w.plaintiff_weight)
    court = (w.plaintiff_court_cum[plaintiff] < rng.random((n, 1))).sum(axis=1)
    filed = w.plaintiff_start[plaintiff] + (rng.random(n) * w.plaintiff_span[plaintiff]).astype(np.int64)
    order = np.lexsort((filed, court))
    plaintiff, court, filed = plaintiff[order], court[order], filed[order]

    single = rng.random(n) < w.plaintiff_single[plaintiff]
    swarm = np.clip(np.round(rng.lognormal(np.log(45), 1.15, n)), 2, 5865).astype(np.int64)
    does = np.where(single, 1, swarm)
    court_style = np.array([_STYLE[COURTS[c][1]] for c in range(n_courts)])[court]
    style = np.where((court_style == _STYLE["ecf"]) & (rng.random(n) < SHORT_SHARE), _STYLE["short"], court_style)

    # Docket numbers: <office>:<yy>-cv-<seq>, sequences increasing per court and year across chunks.
    year = pl.Series(filed, dtype=pl.Int32).cast(pl.Date).dt.year().to_numpy().astype(np.int64)
    yidx = year - 2000
    gap = rng.integers(1, 4, n)
    group = court * 100 + yidx
    seq = np.empty(n, dtype=np.int64)
    for g in np.unique(group):
        m = np.flatnonzero(group == g)
        c, y = divmod(int(g), 100)
        run = counters.used[c, y] + np.cumsum(gap[m])
        seq[m] = run
        counters.used[c, y] = run[-1]
    if seq.max() > 99_999:
        raise ValueError("too many synthetic cases for one court and year (docket sequences run out)")
    office = w.court_offices[court, rng.integers(0, w.court_offices.shape[1], n)]

    # Judges: assigned (any judge of the court), referred magistrate judge for some.
    assigned = w.court_judges[court, rng.integers(0, w.court_judges.shape[1], n)]
    mj = w.court_mjs[court, rng.integers(0, w.court_mjs.shape[1], n)]
    referred = np.where((~w.judge_magistrate[assigned]) & (rng.random(n) < 0.45), mj, -1)
    ruling_judge = np.where(referred >= 0, referred, assigned)
    firm = w.plaintiff_firm[plaintiff]
    lead = w.firm_attorneys[firm, rng.integers(0, w.firm_attorneys.shape[1], n)]
    second = w.firm_attorneys[firm, rng.integers(0, w.firm_attorneys.shape[1], n)]
    has_second = (rng.random(n) < 0.3) & (second != lead)

    (rc, rt, rkind, rref, rdoe), ending, t_end = _docket(rng, n, does, single, style)
    # Order rows by case and time; entry numbers follow that order.
    order = np.lexsort((rkind, rt, rc))
    rc, rt, rkind, rref, rdoe = rc[order], rt[order], rkind[order], rref[order], rdoe[order]
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    starts = np.searchsorted(rc, np.arange(n))
    seq_in_case = np.arange(len(rc)) - starts[rc]
    ref_number = np.where(rref >= 0, position[np.maximum(rref, 0)] - starts[rc[position[np.maximum(rref, 0)]]] + 1, 0)
    entry_day = filed[rc] + np.floor(rt).astype(np.int64)

    # --- case-level strings
    court_ids = np.array([c[0] for c in COURTS], dtype=object)[court]
    yy = pl.Series(year % 100).cast(pl.String).str.zfill(2)
    seq_s = pl.Series(seq).cast(pl.String).str.zfill(5)
    core = yy + seq_s
    initials = w.judge_names.gather(assigned).str.extract_all(r"\b[A-Z]").list.join("").str.slice(0, 3)
    cand_like = court_style == _STYLE["cand"]
    docket_number = pl.Series(office).cast(pl.String) + ":" + yy + "-cv-" + seq_s
    docket_number = pl.select(
        pl.when(pl.Series(cand_like)).then(docket_number + "-" + initials).otherwise(docket_number)
    ).to_series()
    ip = pl.Series(np.array(DOC_NETS, dtype=object)[rng.integers(0, 3, n)]) + "." + pl.Series(
        rng.integers(1, 255, n)).cast(pl.String)
    n_c = pl.Series(does).cast(pl.String)
    n_comma = pl.Series([f"{d:,}" for d in does], dtype=pl.String)
    cacd = court_style == _STYLE["cacd"]
    range_text = pl.select(pl.when(pl.Series(cacd)).then(n_comma).otherwise(n_c)).to_series()
    dft = pl.select(
        pl.when(pl.Series(single)).then("John Doe subscriber assigned IP address " + ip)
        .otherwise("Does 1-" + range_text)
    ).to_series()
    plaintiff_name = w.plaintiffs.gather(plaintiff)
    case_id = pl.Series(court_ids.astype(str)) + ":" + core
    named = w.defence_names.gather(rng.integers(0, len(w.defence_names), n)).str.replace(
        "Synthetic-", "Synthetic-Subscriber-")
    date_filed = pl.Series(filed, dtype=pl.Int32).cast(pl.Date)
    terminated = pl.Series(np.where(ending > 0, filed + np.floor(t_end).astype(np.int64), 0), dtype=pl.Int32)
    terminated = pl.select(pl.when(pl.Series(ending > 0)).then(terminated.cast(pl.Date))).to_series()

    cases = pl.DataFrame({
        "case_id": case_id,
        "court_id": court_ids.astype(str),
        "docket_number": docket_number,
        "case_name": plaintiff_name + " v. " + dft,
        "plaintiff_raw": plaintiff_name,
        "plaintiff": plaintiff_name,
        "assigned_judge": w.judge_names.gather(assigned),
        "referred_judge": w.judge_names.gather(np.maximum(referred, 0)).set(pl.Series(referred < 0), None),
        "date_filed": date_filed,
        "date_terminated": terminated,
        "nature_of_suit": "820 Copyright",
        "flags": FLAG,
        "source": SOURCE,
    })
    parties = pl.concat([
        pl.DataFrame({"case_id": case_id, "party_seq": 0, "name_raw": plaintiff_name, "name": plaintiff_name,
                      "party_type": "plaintiff", "is_doe": False, "source": SOURCE}),
        pl.DataFrame({"case_id": case_id, "party_seq": 1, "name_raw": dft, "name": dft,
                      "party_type": "defendant", "is_doe": True, "source": SOURCE}),
        pl.DataFrame({"case_id": case_id, "party_seq": 2, "name_raw": named, "name": named,
                      "party_type": "defendant", "is_doe": False, "source": SOURCE}).filter(pl.Series(ending == 4)),
    ], how="diagonal").sort("case_id", "party_seq")
    attorney_rows = []
    for seq_no, who, mask in ((0, lead, np.ones(n, bool)), (1, second, has_second)):
        attorney_rows.append(pl.DataFrame({
            "case_id": case_id, "party_seq": 0, "attorney_seq": seq_no,
            "name_raw": w.attorney_filer.gather(who), "name": w.attorney_names.gather(who),
            "firm": w.firms.gather(firm), "role": "plaintiff counsel", "source": SOURCE,
        }).filter(pl.Series(mask)))
    attorneys = pl.concat(attorney_rows).sort("case_id", "attorney_seq")

    # --- entry-level fields, gathered from the case and world tables
    rows = len(rc)
    rcs = pl.Series(rc)
    tpl = _OFFSET[rkind, style[rc]] + (rng.random(rows) * _COUNT[rkind, style[rc]]).astype(np.int64)
    kinds_with_ruling_judge = np.isin(rkind, [KIND[k] for k in (
        "disc_granted", "disc_partial", "disc_denied", "disc_denied_sever", "quash_denied", "quash_granted",
        "quash_moot", "protective", "ext_order")])
    judge_row = np.where(kinds_with_ruling_judge, ruling_judge[rc], assigned[rc])
    clerk = court[rc] * 8 + rng.integers(0, 8, rows)
    atty_row = np.where(has_second[rc] & (rng.random(rows) < 0.3), second[rc], lead[rc])
    dc = rng.integers(0, len(w.defence_names), rows)
    day = entry_day - _FIRST_DAY
    isp = pl.Series(ISPS)
    fields: dict[str, Field] = {
        "pl": (w.plaintiffs, plaintiff[rc]), "PL": (_upper(w.plaintiffs), plaintiff[rc]),
        "atty": (w.attorney_filer, atty_row), "ATTY": (_upper(w.attorney_filer), atty_row),
        "atty_full": (w.attorney_names, atty_row), "ATTY_FULL": (_upper(w.attorney_names), atty_row),
        "jt": (w.judge_titled, judge_row), "JT": (_upper(w.judge_titled), judge_row),
        "judge": (w.judge_names, judge_row), "JUDGE": (_upper(w.judge_names), judge_row),
        "mj": (w.judge_names, np.where(referred >= 0, referred, mj)[rc]),
        "clerk": (w.clerks, clerk),
        "date": (_day_table("%-m/%-d/%Y"), day), "d2": (_day_table("%-m/%-d/%y"), day),
        "ent": (_day_table("%m/%d/%Y"), day),
        "ref": (None, ref_number), "doe": (None, rdoe), "rcpt": (None, rng.integers(10_000_000, 99_999_999, rows)),
        "n": (None, does[rc]), "dft": (dft, rc), "DFT": (_upper(dft), rc),
        "isp": (isp, (plaintiff[rc] + court[rc]) % len(ISPS)), "ISP": (_upper(isp), (plaintiff[rc] + court[rc]) % len(ISPS)),
        "named": (named, rc), "NAMED": (_upper(named), rc),
        "amt": (pl.Series(["750", "1,500", "6,750", "7,500", "15,250", "30,000"]), rng.integers(0, 6, rows)),
        "dc": (w.defence_filer, dc), "dc_full": (w.defence_names, dc),
    }
    entries = pl.DataFrame({
        "case_id": case_id.gather(rcs),
        "entry_seq": seq_in_case,
        "entry_number": seq_in_case + 1,
        "date_filed": pl.Series(entry_day, dtype=pl.Int32).cast(pl.Date),
        "description": _render(tpl, fields),
        "source": SOURCE,
    })
    return Staging(cases=cases, parties=parties, attorneys=attorneys, docket_entries=entries), rkind
