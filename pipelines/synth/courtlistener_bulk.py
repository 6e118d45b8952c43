"""`doedocket synth courtlistener-bulk`: a deterministic CourtListener bulk `dockets` file (synthetic data).

Writes exactly the format of `dockets-YYYY-MM-DD.csv.bz2` (PostgreSQL `COPY ... FORMAT csv, HEADER,
ESCAPE '\\', FORCE_QUOTE *` through bzip2): the 54 columns in their order, every value quoted, `\\"`
for a quote inside a value, NULL as an empty field beside `""` empty strings, timestamps with time
zones, long case names (a hundred defendants) and multi-line full captions. Most rows are other
civil dockets (some of them against Does, some with a Title 28 or 42 cause); `copyright_share` of
them are copyright dockets (nature of suit "820 Copyright", "Copyright" or blank, cause "17:501
Copyright Infringement", "17:101 ..." or blank), of which `doe_share` have a Doe caption ("Does
1-N", "John Doe", "John Doe subscriber assigned IP address 192.0.2.x": documentation addresses),
and the others name their defendants (a company named Doe among them).

Every party name says "SYNTHETIC", so the output is never mistaken for real records. Rows are
made a batch at a time from pools of rendered values (columns joined in C), so 20 million rows take
about a minute before compression; the file is compressed by `lbzip2` when installed (in parallel),
else by Python's bz2. Same rows, seed and shares: the same CSV bytes (and, with the same compressor,
the same file).
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

import numpy as np

from pipelines.synth.options import non_negative, share_up_to

COLUMNS = (
    "id", "date_created", "date_modified", "source", "appeal_from_str", "assigned_to_str", "referred_to_str",
    "panel_str", "date_last_index", "date_cert_granted", "date_cert_denied", "date_argued", "date_reargued",
    "date_reargument_denied", "date_filed", "date_terminated", "date_last_filing", "case_name_short", "case_name",
    "case_name_full", "slug", "docket_number", "docket_number_core", "pacer_case_id", "cause", "nature_of_suit",
    "jury_demand", "jurisdiction_type", "appellate_fee_status", "appellate_case_type_information", "mdl_status",
    "filepath_local", "filepath_ia", "filepath_ia_json", "ia_upload_failure_count", "ia_needs_upload",
    "ia_date_first_change", "view_count", "date_blocked", "blocked", "appeal_from_id", "assigned_to_id", "court_id",
    "idb_data_id", "originating_court_information_id", "referred_to_id", "federal_dn_case_type",
    "federal_dn_office_code", "federal_dn_judge_initials_assigned", "federal_dn_judge_initials_referred",
    "federal_defendant_number", "parent_docket_id", "docket_number_raw", "docket_number_source",
)
BATCH = 100_000
NULL = ""
COURTS = ("cand", "cacd", "casd", "caed", "nysd", "nyed", "njd", "paed", "ilnd", "txnd", "txsd", "flsd", "flmd",
          "gand", "mied", "ohnd", "ohsd", "wawd", "cod", "azd", "nvd", "mdd", "vaed", "dcd", "mad", "ctd", "mnd",
          "wied", "inse", "insd", "moed", "tnmd", "ncmd", "scd", "ared", "laed", "orwd", "utd", "kyed", "alnd")
PLAINTIFFS = ("SYNTHETIC Media Holdings, LLC", "SYNTHETIC Strike Holdings, LLC", "SYNTHETIC Hard Disk Productions, Inc.",
              "SYNTHETIC Buyers Club, LLC", "SYNTHETIC Night Pictures, Inc.", "SYNTHETIC Cobbler Films, LLC",
              "SYNTHETIC \"Venice\" PI, LLC", "SYNTHETIC Recording Group, Inc.")
OTHER_CAUSES = ("28:1332 Diversity-Breach of Contract", "42:1983 Civil Rights Act", "28:1331 Fed. Question",
                "29:1132 E.R.I.S.A.-Employee Benefits", "15:1692 Fair Debt Collection Act", "42:405 Review HHS")
OTHER_NOS = ("440 Civil Rights: Other", "190 Contract: Other", "791 Labor: E.R.I.S.A.", "890 Other Statutory Actions",
             "863 Social Security: DIWC/DIWW", "360 P.I.: Other", "530 Habeas Corpus (General)", "Contract: Other")
COPYRIGHT_NOS = (("820 Copyright", 40), ("Copyright", 15), ("", 30), (None, 15))
COPYRIGHT_CAUSES = (("17:501 Copyright Infringement", 50), ("17:101 Copyright Infringement", 25), ("17:501", 15),
                    ("", 10))
WORDS = ("Alpha", "Birch", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper", "Kestrel",
         "Lumen", "Maple", "Nimbus", "Onyx", "Prairie", "Quartz", "Raven", "Summit", "Tundra")
SUFFIXES = ("LLC", "Inc.", "Corp.", "Co.", "Holdings, Inc.", "& Sons", "Partners, L.P.")


@dataclass
class Summary:
    """What a generated file holds (its rows, and the copyright Doe cases an ingest should find)."""

    path: str
    rows: int
    copyright_rows: int
    doe_rows: int
    doe_cases: int  # distinct (court, docket number) of the Doe rows: the cases an ingest keeps


def quoted(value: str | None) -> str:
    """One value as PostgreSQL's COPY writes it with FORCE_QUOTE and ESCAPE '\\' (None: NULL)."""
    if value is None:
        return NULL
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _weighted(rng: np.random.Generator, choices: tuple[tuple[str | None, int], ...], n: int) -> list[str]:
    values = np.array([quoted(v) for v, _ in choices], dtype=object)
    weights = np.array([w for _, w in choices], dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())].tolist()


def _company(rng: np.random.Generator) -> str:
    a, b = rng.choice(len(WORDS), 2)
    return f"SYNTHETIC {WORDS[a]} {WORDS[b]} {SUFFIXES[rng.integers(len(SUFFIXES))]}"


def _other_names(rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """Pools of (case name, full caption) pairs for the other dockets, some against Does."""
    short, full = [], []
    for i in range(4_000):
        plaintiff = _company(rng) if i % 3 else f"SYNTHETIC {WORDS[i % 20]} {WORDS[(i // 20) % 20]}"
        defendant = _company(rng) if i % 11 else f"John Does 1-{i % 9 + 2}"  # civil-rights Does: not copyright
        short.append(quoted(f"{plaintiff} v. {defendant}"))
        if i % 17 == 0:
            many = ", ".join(_company(rng) for _ in range(60))  # a long caption
            full.append(quoted(f"{plaintiff.upper()},\n\tPlaintiff,\nv.\n{many},\n\tDefendants."))
        else:
            full.append(quoted("") if i % 2 else NULL)
    return short, full


def _doe_caption(rng: np.random.Generator, i: int) -> tuple[str, str | None]:
    plaintiff = PLAINTIFFS[rng.integers(len(PLAINTIFFS))]
    n = int(rng.integers(2, 3000))
    style = i % 6
    if style == 0:
        return f"{plaintiff} v. Does 1-{n}", f"{plaintiff.upper()},\nPlaintiff,\nv.\nDOES 1-{n},\nDefendants."
    if style == 1:
        return f"{plaintiff} v. John Doe", None
    if style == 2:
        ip = f"192.0.2.{rng.integers(1, 255)}"
        return f"{plaintiff} v. John Doe", f"{plaintiff} v. John Doe subscriber assigned IP address {ip}"
    if style == 3:
        return f"{plaintiff} v. Does 1 through {n}", ""
    if style == 4:
        swarm = ", ".join(f"John Doe {k}" for k in range(1, 120))  # a very long caption
        return f"{plaintiff} v. Does 1-119", f"{plaintiff} v. {swarm}"
    return f"{plaintiff} v. Doe", f"{plaintiff}\nv.\nJOHN DOE, an individual"


def _named_caption(rng: np.random.Generator, i: int) -> tuple[str, str | None]:
    plaintiff = f"SYNTHETIC {WORDS[i % 20]} Music {SUFFIXES[i % 3]}"
    if i % 5 == 0:
        return f"{plaintiff} v. Doe Run SYNTHETIC Resources Corp.", None  # a company named Doe
    return f"{plaintiff} v. {_company(rng)}", ""


def _dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, list[str], list[str], list[str], list[str]]:
    base = date(1995, 1, 1)
    filed_days = rng.integers(0, 11_000, n)
    years = np.array([(base + timedelta(days=int(d))).year for d in range(0, 11_001, 1)])[filed_days]
    day_text = np.array([f'"{base + timedelta(days=d)}"' for d in range(0, 13_000)], dtype=object)
    filed = day_text[filed_days].tolist()
    open_for = rng.integers(20, 1_500, n)
    ended = np.where(rng.random(n) < 0.85, filed_days + open_for, -1)
    terminated = np.where(ended >= 0, day_text[np.clip(ended, 0, 12_999)], NULL).tolist()
    last_filing = np.where(rng.random(n) < 0.6, day_text[filed_days + open_for // 2], NULL).tolist()
    stamps = np.array([f'"20{16 + k % 9:02d}-{k % 12 + 1:02d}-{k % 28 + 1:02d} {k % 24:02d}:{k % 60:02d}:'
                       f'{k * 7 % 60:02d}.{k * 7919 % 1_000_000:06d}+00"' for k in range(5_000)], dtype=object)
    created = stamps[rng.integers(0, 5_000, n)].tolist()
    return years, filed, terminated, last_filing, created


def _rows(rng: np.random.Generator, start: int, n: int, copyright_share: float, doe_share: float,
          pools: tuple[list[str], list[str]], seen: set[tuple[str, str]], counts: list[int]) -> str:
    ids = np.arange(start + 1, start + n + 1)
    court_idx = rng.integers(0, len(COURTS), n)
    courts = np.array([quoted(c) for c in COURTS], dtype=object)[court_idx].tolist()
    years, filed, terminated, last_filing, created = _dates(rng, n)
    seqs = rng.integers(1, 99_999, n)
    offices = rng.integers(1, 9, n)
    numbers = [f'"{o}:{y % 100:02d}-cv-{s:05d}"' for o, y, s in zip(offices.tolist(), years.tolist(), seqs.tolist())]
    cores = [f'"{y % 100:02d}{s:05d}"' for y, s in zip(years.tolist(), seqs.tolist())]
    name_idx = rng.integers(0, len(pools[0]), n)
    short = np.array(pools[0], dtype=object)[name_idx].tolist()
    full = np.array(pools[1], dtype=object)[name_idx].tolist()
    causes = np.array([quoted(c) for c in OTHER_CAUSES] + ['""', NULL], dtype=object)[
        rng.integers(0, len(OTHER_CAUSES) + 2, n)].tolist()
    nos = np.array([quoted(c) for c in OTHER_NOS] + ['""', NULL], dtype=object)[
        rng.integers(0, len(OTHER_NOS) + 2, n)].tolist()
    judges = np.where(rng.random(n) < 0.7, np.char.add(np.char.add('"', rng.integers(1000, 9000, n).astype(str)), '"'),
                      NULL).astype(object).tolist()
    slugs = ['"synthetic-docket"'] * n
    kinds = rng.random(n)
    for i in np.flatnonzero(kinds < copyright_share).tolist():
        doe = rng.random() < doe_share
        name, caption = _doe_caption(rng, int(ids[i])) if doe else _named_caption(rng, int(ids[i]))
        short[i], full[i] = quoted(name), quoted(caption)
        nos[i] = _weighted(rng, COPYRIGHT_NOS, 1)[0]
        causes[i] = _weighted(rng, COPYRIGHT_CAUSES if nos[i] not in ('""', NULL) else COPYRIGHT_CAUSES[:3], 1)[0]
        slugs[i] = '"synthetic-copyright-docket"'
        counts[0] += 1
        if doe:
            counts[1] += 1
            seen.add((courts[i], cores[i]))
    columns = {
        "id": [f'"{i}"' for i in ids.tolist()], "date_created": created, "date_modified": created,
        "source": ['"1"'] * n, "assigned_to_str": ['""'] * n, "referred_to_str": ['""'] * n, "panel_str": ['""'] * n,
        "date_filed": filed, "date_terminated": terminated, "date_last_filing": last_filing,
        "case_name_short": ['""'] * n, "case_name": short, "case_name_full": full, "slug": slugs,
        "docket_number": numbers, "docket_number_core": cores,
        "pacer_case_id": [f'"{p}"' for p in rng.integers(10_000, 999_999, n).tolist()], "cause": causes,
        "nature_of_suit": nos, "jury_demand": ['"Plaintiff"'] * n, "jurisdiction_type": ['"Federal question"'] * n,
        "appellate_fee_status": ['""'] * n, "appellate_case_type_information": ['""'] * n, "mdl_status": ['""'] * n,
        "filepath_local": ['""'] * n, "filepath_ia": ['""'] * n, "filepath_ia_json": ['""'] * n,
        "ia_needs_upload": ['"f"'] * n, "view_count": ['"0"'] * n, "blocked": ['"f"'] * n,
        "assigned_to_id": judges, "court_id": courts, "federal_dn_case_type": ['""'] * n,
        "federal_dn_office_code": ['""'] * n, "federal_dn_judge_initials_assigned": ['""'] * n,
        "federal_dn_judge_initials_referred": ['""'] * n, "federal_defendant_number": ['""'] * n,
        "docket_number_raw": ['""'] * n, "docket_number_source": ['"1"'] * n,
    }
    nulls = [NULL] * n
    table = [columns.get(c, nulls) for c in COLUMNS]
    return "".join(",".join(row) + "\n" for row in zip(*table))


def generate(out: BinaryIO, rows: int, seed: int, *, copyright_share: float = 0.01,
             doe_share: float = 0.45) -> Summary:
    """Write the header and `rows` rows (uncompressed CSV bytes) to `out`."""
    rng = np.random.default_rng(seed)
    pools = _other_names(rng)
    seen: set[tuple[str, str]] = set()
    counts = [0, 0]
    out.write((",".join(quoted(c) for c in COLUMNS) + "\n").encode())
    for start in range(0, rows, BATCH):
        n = min(BATCH, rows - start)
        out.write(_rows(rng, start, n, copyright_share, doe_share, pools, seen, counts).encode())
    return Summary("", rows, counts[0], counts[1], len(seen))


@contextlib.contextmanager
def _compressed(path: Path) -> Iterator[BinaryIO]:
    """A writer whose bytes land bzip2-compressed in `path` (lbzip2 in parallel when installed)."""
    if shutil.which("lbzip2"):
        with open(path, "wb") as fh:
            proc = subprocess.Popen(["lbzip2", "-9", "-c"], stdin=subprocess.PIPE, stdout=fh)
            try:
                yield proc.stdin
            finally:
                proc.stdin.close()
                if proc.wait():
                    raise OSError(f"lbzip2 failed writing {path} (status {proc.returncode})")
    else:
        with bz2.open(path, "wb", compresslevel=9) as fh:
            yield fh


def write(path: Path, rows: int, seed: int, *, copyright_share: float = 0.01, doe_share: float = 0.45) -> Summary:
    """`generate` into `path` (bzip2-compressed when it ends in .bz2), created or replaced."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _compressed(path) if path.suffix == ".bz2" else path.open("wb") as fh:
        summary = generate(fh, rows, seed, copyright_share=copyright_share, doe_share=doe_share)
    summary.path = str(path)
    return summary


def _cmd(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(f"dockets-synthetic-seed{args.seed}-{args.rows}.csv.bz2")
    s = write(out, args.rows, args.seed, copyright_share=args.copyright_share, doe_share=args.doe_share)
    print(f"wrote SYNTHETIC CourtListener dockets file {s.path}: {s.rows} rows, {s.copyright_rows} copyright "
          f"({s.doe_rows} with a Doe caption, {s.doe_cases} distinct cases)")
    if "synth" not in out.name.lower():
        print(f"note: {out.name} does not say 'synthetic'; consider naming it so", file=sys.stderr)
    return 0


def add_parser(kinds: argparse._SubParsersAction) -> None:
    """`doedocket synth courtlistener-bulk --rows N --seed S [--out FILE] [--copyright-share X] [--doe-share Y]`."""
    p = kinds.add_parser("courtlistener-bulk", help="a synthetic CourtListener bulk dockets file (.csv.bz2)")
    p.add_argument("--rows", type=non_negative, required=True, help="docket rows to write (after the header)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same file (default 0)")
    p.add_argument("--out", help="file to write (default dockets-synthetic-seed<S>-<N>.csv.bz2; .csv: uncompressed)")
    p.add_argument("--copyright-share", type=share_up_to(1.0), default=0.01,
                   help="share of rows that are copyright dockets (default 0.01)")
    p.add_argument("--doe-share", type=share_up_to(1.0), default=0.45,
                   help="share of copyright dockets with a Doe caption (default 0.45)")
    p.set_defaults(func=_cmd)
