"""`doedocket synth KIND ...`: deterministic synthetic files in real source formats (`pipelines.synth`)."""

from __future__ import annotations

import argparse

from pipelines.synth import GENERATORS


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `synth` and one sub-subcommand per generator."""
    synth = subparsers.add_parser("synth", help="write a deterministic synthetic file in a source format")
    kinds = synth.add_subparsers(dest="kind", required=True, metavar="KIND")
    for generator in GENERATORS:
        generator.add_parser(kinds)
