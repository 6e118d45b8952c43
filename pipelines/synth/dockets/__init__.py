"""Synthetic mass-Doe dockets for benchmarks: `doedocket synth dockets --cases N --seed S --out DIR`.

Writes deterministic, clearly labelled synthetic cases in the staging format, as Parquet part files
per table (``DIR/<table>/part-00000.parquet`` …, one part per chunk of cases) plus
``DIR/manifest.json``. Nothing here is a real case: every case has ``source = 'synthetic'`` and the
flag ``synthetic``, every plaintiff is "SYNTHETIC <Kind> NNN, LLC", every firm "SYNTHETIC Law Group
NN", every judge and attorney a "Synthetic-" surname, every ISP "SYNTHETIC Cable N", and IP
addresses come from the documentation ranges.

The shape follows the real campaigns (data/curated): plaintiffs file many near-identical suits
through one firm in a few districts over a few years (a Zipf-like spread: a few plaintiffs file most
suits); a suit names one Doe or a range of Does (2 to several thousand); its docket runs complaint →
early-discovery motion → ruling (granted, granted for Doe 1 with Does 2-N severed, denied, or none)
→ subpoenas, motions to quash and rulings on them, Doe-by-Doe voluntary dismissals → an ending
(voluntary dismissal, severance, dismissal for failure to serve after an order to show cause, a
named defendant served and defaulted or settled, or still open), written in the docket-text styles
of several courts (N.D. Cal., C.D. Cal., S.D.N.Y., N.D. Ill., E.D. Pa., generic CM/ECF, and the
short descriptions of PACER history reports).

Generation is vectorised (numpy and Polars, no Python loop per entry) and streamed: each chunk of
cases is drawn from its own random stream, written and dropped, so memory does not grow with N.
`read_parts` streams a generated directory back as staging frames, `batches` and `normalise` make
them ready for the store, and the synthetic source (`pipelines.sources.synthetic`) loads them
(`doedocket ingest synthetic DIR`).

The package: `vocabulary` (courts, styles, names, kinds of entry), `texts` (docket-text templates
and rendering), `cast` (who litigates where), `cases` (one chunk of cases), `files` (parts and
manifest on disk), `loading` (normalising and batching a run); this module writes a run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from pipelines.staging import conform
from pipelines.synth.dockets.cases import _Counters, chunk
from pipelines.synth.dockets.cast import World, world
from pipelines.synth.dockets.files import CHUNK_CASES, GENERATOR, MANIFEST, TABLES, _part, manifest_of, read_parts
from pipelines.synth.dockets.loading import LOAD_ENTRIES, batches, docket_parts, normalise
from pipelines.synth.dockets.texts import TEMPLATES
from pipelines.synth.dockets.vocabulary import COURTS, EXPECTED_LABELS, FLAG, KIND, KINDS, SOURCE, STYLES

__all__ = [
    "CHUNK_CASES", "COURTS", "EXPECTED_LABELS", "FLAG", "GENERATOR", "KIND", "KINDS", "LOAD_ENTRIES", "MANIFEST",
    "SOURCE", "STYLES", "TABLES", "TEMPLATES", "World", "add_parser", "batches", "chunk", "docket_parts", "generate",
    "manifest_of", "normalise", "read_parts", "world",
]


# `generate` finds `chunk` in this module, so a test can wrap it to watch chunks being written one by one.
def generate(out: Path, cases: int, seed: int, chunk_cases: int = CHUNK_CASES) -> dict[str, int]:
    """Write `cases` synthetic cases under `out`, one Parquet part per table per chunk; return row counts.

    Deterministic in (cases, seed, chunk_cases): the same arguments write byte-identical files. Each
    chunk is generated, written and dropped before the next, so memory is bounded by the chunk size.
    """
    if cases < 1 or chunk_cases < 1:
        raise ValueError("cases and chunk_cases must be at least 1")
    out = Path(out)
    for table in TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
        for stale in (out / table).glob("part-*.parquet"):
            stale.unlink()
    w = world(cases, seed)
    counters = _Counters(np.zeros((len(COURTS), 100), dtype=np.int64))
    totals = dict.fromkeys(TABLES, 0)
    parts = 0
    for index, start in enumerate(range(0, cases, chunk_cases)):
        staging, _ = chunk(w, index, min(chunk_cases, cases - start), seed, counters)
        for table in TABLES:
            frame = conform(table, getattr(staging, table))
            frame.write_parquet(_part(out, table, index), compression="zstd", statistics=True)
            totals[table] += frame.height
        parts += 1
    manifest = {"generator": GENERATOR, "synthetic": True, "source": SOURCE, "cases": cases, "seed": seed,
                "chunk_cases": chunk_cases, "parts": parts, "rows": totals}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return totals


def add_parser(kinds: argparse._SubParsersAction) -> None:
    """`doedocket synth dockets --cases N --seed S --out DIR`."""
    p = kinds.add_parser("dockets", help="synthetic mass-Doe dockets (staging Parquet parts) for benchmarks")
    p.add_argument("--cases", type=int, required=True, help="number of cases")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    p.add_argument("--out", required=True, help="output directory (parts are replaced)")
    p.add_argument("--chunk-cases", type=int, default=CHUNK_CASES, help="cases per Parquet part")
    p.set_defaults(func=_cmd_dockets)


def _cmd_dockets(args: argparse.Namespace) -> int:
    totals = generate(Path(args.out), args.cases, args.seed, args.chunk_cases)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in totals.items()) + " (synthetic)")
    return 0
