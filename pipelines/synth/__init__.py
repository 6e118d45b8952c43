"""`doedocket synth KIND ...`: deterministic synthetic files in real source formats.

Synthetic files feed tests and benchmarks where real bulk data cannot be shipped; every
generator marks its output as synthetic (names, file names) so it is never mistaken for real
records. Each kind is a module with `add_parser(kinds)`; adding one is one line in `GENERATORS`.
"""

from __future__ import annotations

import argparse
import importlib

# KIND -> module with `add_parser(kinds: argparse._SubParsersAction) -> None`.
GENERATORS = {
    "idb": "pipelines.synth.idb",
    "dockets": "pipelines.synth.dockets",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `synth` and one sub-subcommand per generator to the `doedocket` parser."""
    synth = subparsers.add_parser("synth", help="write a deterministic synthetic file in a source format")
    kinds = synth.add_subparsers(dest="kind", required=True, metavar="KIND")
    for module in GENERATORS.values():
        importlib.import_module(module).add_parser(kinds)
