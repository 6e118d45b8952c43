"""Imports run one way: no module of the project imports, directly or through others, a module that
imports it back (the layer contracts themselves are import-linter's, in pyproject.toml, run by `make lint`)."""

from __future__ import annotations

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every import cycle among the graph's modules (a package and its own modules excepted), each once."""
    found, seen = [], set()
    for start in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(start)):
            if imported.startswith(start + ".") or start.startswith(imported + "."):
                continue  # a package importing its own modules (or a module its package) is not a circle
            chain = graph.find_shortest_chain(importer=imported, imported=start)
            if chain and frozenset(chain) not in seen:
                seen.add(frozenset(chain))
                found.append([start, *chain])
    return found


def test_no_module_imports_itself_back():
    graph = grimp.build_graph("pipelines", "dashboard")
    assert _cycles(graph) == []


def test_the_check_finds_a_cycle_when_there_is_one():
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    assert _cycles(graph) == []
    graph.add_import(importer="p.c", imported="p.a")
    assert len(_cycles(graph)) == 1
