"""Read complaint exhibits (the lists of IP addresses, hit times and ISPs) into pseudonymised hits.

Inputs: CSV/TSV files a researcher typed or exported (a header row names the columns), and the
plain text of exhibit documents as `pdftotext -layout` prints it or as CourtListener serves it
(`recap_documents[].plain_text` in a saved JSON response), with varied column orders, date
formats, wrapped lines and OCR noise. Every address is replaced while parsing by a keyed pseudonym
(`ip:…`) and a pseudonym of its network (IPv4 /16, IPv6 /32: `net:…`); no raw address is returned,
stored, printed or put in an error message. `ingest` loads the hits of one or more files into a new
build (`exhibit_observations`). The rules (column words, dates, Doe numbering, wrapped lines, which
case a file belongs to) are written out in docs/swarm.md.

The package: `values` (addresses, dates and times, places, pseudonyms), `layouts` (recognising a
file's layout), `rows` (a line's cells into columns, rows into staged observations), `cases` (the
case a file's text names), `readers` (a reader per layout, and `read`); this module resolves each
exhibit's case and loads a build.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from pipelines.errors import SourceError
from pipelines.sources.base import BulkLoad, Loaded, Source
from pipelines.sources.exhibits.cases import CaseHint, case_hint
from pipelines.sources.exhibits.layouts import MAX_LINE_CHARS
from pipelines.sources.exhibits.readers import read, read_delimited, read_text
from pipelines.sources.exhibits.rows import SOURCE_COLUMNS, Exhibit, Hit, frame
from pipelines.sources.exhibits.values import (
    STATES,
    court_from_district,
    forum_state,
    network_token,
    scrub,
    state_code,
)

__all__ = [
    "MAX_LINE_CHARS", "SOURCE_COLUMNS", "STATES", "CaseHint", "Exhibit", "Hit", "case_hint", "court_from_district",
    "forum_state", "frame", "ingest", "load", "load_or_create_key", "network_token", "read", "read_delimited",
    "read_text", "resolve_case", "scrub", "state_code",
]


def resolve_case(con: duckdb.DuckDBPyConnection, exhibit: Exhibit, given: str | None) -> tuple[str, str]:
    """(case_id, court_id) of the case an exhibit belongs to: `--case`, else its header text.

    The case must already be in `cases` (load its docket first): an exhibit alone has no forum,
    judge or joinder ruling to compare its swarm with.
    """
    def known(case_id: str) -> tuple[str, str] | None:
        return con.execute("SELECT case_id, court_id FROM cases WHERE case_id = $c", {"c": case_id}).fetchone()

    hint = exhibit.hint
    if given or hint.case_id:
        wanted = given or hint.case_id
        if (found := known(wanted)) is None:
            raise SourceError(exhibit.path, None, f"case {wanted} is not in the database; load its docket first "
                                                  "(doedocket build / doedocket ingest ...)")
        return found
    if hint.docket_core is None:
        raise SourceError(exhibit.path, None, "the file does not name its case; pass --case CASE_ID (e.g. cand:1103825)")
    matches = con.execute("SELECT case_id, court_id FROM cases WHERE docket_number_core = $core ORDER BY case_id",
                          {"core": hint.docket_core}).fetchall()
    if hint.court_id and (exact := [m for m in matches if m[1] == hint.court_id]):
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    which = ", ".join(m[0] for m in matches) or "none in the database"
    raise SourceError(exhibit.path, None, f"the file names docket {hint.docket_core} ({which}); pass --case CASE_ID")


def load(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame) -> None:
    """Replace the observations of every (case, source file) in `rows` with `rows`."""
    for case_id, source_file in rows.select("case_id", "source_file").unique().iter_rows():
        con.execute("DELETE FROM exhibit_observations WHERE case_id = $c AND source_file = $f",
                    {"c": case_id, "f": source_file})
    con.register("_exhibit_rows", rows)
    columns = ", ".join(rows.columns)
    con.execute(f"INSERT INTO exhibit_observations ({columns}) SELECT {columns} FROM _exhibit_rows")
    con.unregister("_exhibit_rows")


class Exhibits(Source):
    """`doedocket ingest exhibits FILE... [--case CASE_ID]`: complaint exhibits (IP lists), whose case is
    looked up in the build (`resolve_case`), so they load as one step inside it."""

    name = "exhibits"
    help = "complaint exhibits (the IP-address lists), stored pseudonymised"
    unit = "observations"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--case", metavar="CASE_ID", help="the case the files belong to (else read from them)")

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[BulkLoad]:
        exhibits = [e for p in paths for e in read(Path(p), key)]

        def load_into(con: duckdb.DuckDBPyConnection) -> str:
            resolved = [(e, *resolve_case(con, e, options.case)) for e in exhibits]
            seen: dict[tuple[str, str], Path] = {}
            for e, case_id, _ in resolved:
                other = seen.setdefault((case_id, e.path.name), e.path)
                if other != e.path:
                    raise SourceError(e.path, None, f"another file of this load ({other}) has the same name for {case_id}")
            rows = frame(resolved, key)
            load(con, rows)
            cases = sorted({case_id for _, case_id, _ in resolved})
            does = rows.select("case_id", "doe_number").unique().height
            return (f"{rows.height} exhibit observations of {does} Does for {', '.join(cases)} "
                    f"from {len({e.path for e in exhibits})} file(s)")

        yield BulkLoad(load_into, records=sum(len(e.hits) for e in exhibits))

    def summary(self, loaded: Loaded) -> str:
        return "; ".join(loaded.results)


EXHIBITS = Exhibits()
