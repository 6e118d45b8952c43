"""`doedocket ingest SOURCE PATH...` as a library call, for tests: the store's driver with a source's
own options at their defaults (or as given), returning the source's summary line."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines import store
from pipelines.sources.base import Source


def options(source: Source, **given: object) -> argparse.Namespace:
    """`source`'s command-line options at their defaults, with `given` values set."""
    parser = argparse.ArgumentParser()
    source.add_arguments(parser)
    values = parser.parse_args([])
    for name, value in given.items():
        setattr(values, name, value)
    return values


def ingest(source: Source, db: Path, paths: list[Path], **given: object) -> str:
    """Load `paths` with `source` into a new build of `db`; the summary line the CLI prints."""
    return source.summary(store.ingest_source(Path(db), source, [Path(p) for p in paths], options(source, **given)))
