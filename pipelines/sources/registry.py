"""Every source `doedocket ingest` offers, in one list: adding a source is one module and one line here."""

from __future__ import annotations

from pipelines.sources.base import Source
from pipelines.sources.courtlistener import COURTLISTENER
from pipelines.sources.courtlistener_bulk import COURTLISTENER_BULK
from pipelines.sources.curated import CURATED
from pipelines.sources.exhibits import EXHIBITS
from pipelines.sources.idb import IDB
from pipelines.sources.pacer import PACER, RECAP
from pipelines.sources.synthetic import SYNTHETIC

SOURCES: tuple[Source, ...] = (CURATED, PACER, RECAP, COURTLISTENER, IDB, EXHIBITS, SYNTHETIC, COURTLISTENER_BULK)


def by_name(name: str) -> Source:
    """The registered source called `name`."""
    return next(s for s in SOURCES if s.name == name)
