"""The build's SQL models: every derived table and view, one file each under queries/build/<layer>/.

A model file is named after the table or view it makes and opens with a header naming its layer,
grain and what it holds:

    -- layer: measures
    -- grain: one row per case
    -- holds: the funnel of each case, derived from its events.
    CREATE TABLE case_measures (...);
    INSERT INTO case_measures ...;

The layers run in order (merge, then measures, then marts); within a layer a model runs after the
models it reads, found from the names its SQL mentions (as dbt orders models by their references,
not by file numbers). Adding a derived table is adding one file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines import resources

BUILD_DIR = resources.QUERIES / "build"
LAYERS = ("merge", "measures", "marts")
_HEADER = re.compile(r"\A-- layer: (?P<layer>\w+)\n-- grain: (?P<grain>.+)\n-- holds: (?P<holds>.+)\n")
_COMMENT = re.compile(r"--[^\n]*|'(?:[^']|'')*'")  # comments and string literals
_WORD = re.compile(r"\b[a-z_][a-z0-9_]*\b")


class ModelError(ValueError):
    """A model file that does not follow the rules above (named with its file)."""


@dataclass(frozen=True)
class Model:
    """One derived table or view and the SQL that makes it."""

    name: str
    layer: str
    grain: str
    holds: str
    kind: str  # table | view
    path: Path
    sql: str
    reads: frozenset[str]  # other models this one reads


def _read(path: Path, names: set[str]) -> Model:
    text = path.read_text()
    header = _HEADER.match(text)
    if header is None:
        raise ModelError(f"{path}: must open with '-- layer:', '-- grain:' and '-- holds:' lines")
    if header["layer"] != path.parent.name or header["layer"] not in LAYERS:
        raise ModelError(f"{path}: layer {header['layer']!r} is not its folder, one of {', '.join(LAYERS)}")
    code = _COMMENT.sub("", text)
    made = re.search(r"\bCREATE\s+(TABLE|VIEW)\s+(\w+)", code, re.IGNORECASE)
    if made is None or made[2] != path.stem:
        raise ModelError(f"{path}: must make the table or view {path.stem!r} it is named after")
    reads = frozenset(w for w in _WORD.findall(code.lower()) if w in names and w != path.stem)
    return Model(path.stem, header["layer"], header["grain"], header["holds"], made[1].lower(), path, text, reads)


@cache
def build_order(build_dir: Path = BUILD_DIR) -> tuple[Model, ...]:
    """Every model, in the order a build makes them."""
    paths = sorted(build_dir.glob("*/*.sql"))
    names = {p.stem for p in paths}
    if len(names) != len(paths):
        raise ModelError(f"{build_dir}: two model files make the same table")
    every = {m.name: m for m in (_read(p, names) for p in paths)}
    layer_of = {name: LAYERS.index(m.layer) for name, m in every.items()}
    ordered: list[Model] = []
    for depth, layer in enumerate(LAYERS):
        pending = {name: m for name, m in every.items() if m.layer == layer}
        for m in pending.values():
            later = sorted(r for r in m.reads if layer_of[r] > depth)
            if later:
                raise ModelError(f"{m.path}: a {layer} model reads {', '.join(later)} of a later layer")
        while pending:
            ready = sorted(name for name, m in pending.items() if not m.reads & pending.keys())
            if not ready:
                raise ModelError(f"{build_dir}/{layer}: models read each other in a circle: {', '.join(sorted(pending))}")
            for name in ready:
                ordered.append(pending.pop(name))
    return tuple(ordered)


def names() -> tuple[str, ...]:
    """The derived tables and views a build makes, in build order."""
    return tuple(m.name for m in build_order())
