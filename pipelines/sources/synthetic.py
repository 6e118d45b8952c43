"""`doedocket ingest synthetic DIR...`: directories written by `doedocket synth dockets`, batch by batch.

The generator (`pipelines.synth.dockets`) writes Parquet parts in the staging layout with a manifest
that marks them synthetic; this source reads the parts, gathers them into batches of about
`LOAD_ENTRIES` docket entries and normalises each (names, judges, Doe counts) as a reader would.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from pipelines.sources.base import Loaded, Source
from pipelines.staging import Staging
from pipelines.synth.dockets import batches, manifest_of, normalise, read_parts


class Synthetic(Source):
    """Generated dockets (never real records: their source is `synthetic`, ranked below every real one)."""

    name = "synthetic"
    help = "directories of generated dockets (`doedocket synth dockets`)"

    def expected(self, paths: list[Path], options: argparse.Namespace) -> int:
        return sum(int(manifest_of(Path(p)).get("cases", 0)) for p in paths)

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[Staging]:
        for directory in map(Path, paths):
            for batch in batches(read_parts(directory)):
                yield normalise(batch, key, directory)

    def summary(self, loaded: Loaded) -> str:
        return ", ".join(f"{v} {k}" for k, v in loaded.rows.items()) + " (synthetic)"


SYNTHETIC = Synthetic()
