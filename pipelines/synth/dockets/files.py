"""A generated run on disk: one Parquet part per table per chunk of cases, and the manifest that marks
the directory synthetic; reading the parts back as staging frames.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.errors import SourceError
from pipelines.staging import Staging, conform
from pipelines.synth.dockets.vocabulary import SOURCE

TABLES = ("cases", "parties", "attorneys", "docket_entries")
CHUNK_CASES = 20_000
MANIFEST = "manifest.json"
GENERATOR = "doedocket synth dockets v1"


def _part(out: Path, table: str, index: int) -> Path:
    return out / table / f"part-{index:05d}.parquet"


def manifest_of(directory: Path) -> dict:
    """The manifest of a generated directory (checked to mark its data synthetic)."""
    path = directory / MANIFEST
    if not path.is_file():
        raise SourceError(path, None, "not a generated synthetic directory (no manifest.json)")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as exc:
        raise SourceError(path, None, f"not valid JSON ({exc})") from None
    if manifest.get("synthetic") is not True or manifest.get("source") != SOURCE:
        raise SourceError(path, None, "manifest does not mark the data synthetic")
    return manifest


def read_parts(directory: Path) -> Iterator[Staging]:
    """Each part of a generated directory as staging frames (parsed and conformed), in order."""
    directory = Path(directory)
    manifest = manifest_of(directory)
    for index in range(int(manifest.get("parts", 0))):
        frames = {}
        for table in TABLES:
            path = _part(directory, table, index)
            if not path.is_file():
                raise SourceError(path, None, "part file missing")
            try:
                frame = pl.read_parquet(path)
            except Exception as exc:  # polars raises several types for damaged Parquet
                raise SourceError(path, None, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None
            try:
                frames[table] = conform(table, frame)
            except ValueError as exc:
                raise SourceError(path, None, str(exc)) from None
            if frames[table].height and (frames[table]["source"] != SOURCE).any():
                raise SourceError(path, None, f"rows whose source is not {SOURCE!r}")
        yield Staging(**frames)
