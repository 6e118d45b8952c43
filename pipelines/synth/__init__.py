"""`doedocket synth KIND ...`: deterministic synthetic files in real source formats.

Synthetic files feed tests and benchmarks where real bulk data cannot be shipped; every
generator marks its output as synthetic (names, file names) so it is never mistaken for real
records. Each kind is a module with `add_parser(kinds)`; adding one is one line in `GENERATORS`.
"""

from __future__ import annotations

from pipelines.synth import courtlistener_bulk, courtlistener_json, dockets, idb

# Each generator module has `add_parser(kinds: argparse._SubParsersAction) -> None`
# (`doedocket synth KIND`, pipelines/cli/synth.py).
GENERATORS = (idb, dockets, courtlistener_bulk, courtlistener_json)
