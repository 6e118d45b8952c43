"""Docket texts the bundled data reads from `../shared` rather than keeping: public records we did not
write. A bundled docket entry's `text_from` names one: `real_entries:<id>` (an entry of
`real_entries/entries.jsonl`) or `curated:<source URL>` (an entry of `curated/docket_entries.csv`).
Where a file is absent, the entries it holds have no text.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from pipelines import resources

# Reference kind -> the file under ../shared holding its texts.
FILES = {"real_entries": "real_entries/entries.jsonl", "curated": "curated/docket_entries.csv"}


def path(kind: str) -> Path:
    """Where texts of `kind` are read from (under `resources.shared()`)."""
    return resources.shared() / FILES[kind]


@dataclass(frozen=True)
class SharedTexts:
    """The texts found, by reference, and the kinds whose file was there."""

    texts: dict[str, str]
    present: frozenset[str]

    def text_of(self, reference: str) -> str | None:
        """The text `reference` names; None when its file is not there. ValueError for a reference of
        no known kind, or one its file does not hold."""
        kind = reference.partition(":")[0]
        if kind not in FILES or ":" not in reference:
            raise ValueError(f"text_from {reference!r} is not {' or '.join(k + ':...' for k in FILES)}")
        if kind not in self.present:
            return None
        if reference not in self.texts:
            raise ValueError(f"text_from {reference!r}: no such entry in {path(kind)}")
        return self.texts[reference]


def read() -> SharedTexts:
    """Every text of the files that are there."""
    texts: dict[str, str] = {}
    present = set()
    entries = path("real_entries")
    if entries.is_file():
        present.add("real_entries")
        for line in entries.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[f"real_entries:{record['id']}"] = record["text"]
    curated = path("curated")
    if curated.is_file():
        present.add("curated")
        with curated.open(newline="", encoding="utf-8") as handle:
            texts.update((f"curated:{row['source_url']}", row["description"]) for row in csv.DictReader(handle))
    return SharedTexts(texts, frozenset(present))
