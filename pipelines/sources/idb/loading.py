"""Loading scanned IDB files into a build: districts refreshed, each file's kept rows inserted into
`idb_cases` with names cleaned and keyed, refused lines into `idb_rejects`, tape years collapsed, and
the Doe cases (and cases docket sources know) counted that the build's derivation copies to
`source_cases`; once the derivation is done, each file's row of `source_files` (`record_files`: its
SHA-256 is taken meanwhile). The SQL is queries/load/idb/.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.names import plaintiff_key
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.idb import archive, sql
from pipelines.sources.idb.captions import NAME_WIDTH, caption_does, clean_name
from pipelines.sources.idb.district_codes import district_spellings, districts
from pipelines.sources.idb.layout import read_header
from pipelines.sources.idb.scan import FileReport, _Scan

DEFAULT_NOS = (820,)

_REJECTS_SCHEMA = {"source_file": pl.String, "line_number": pl.Int64, "reason": pl.String, "raw_line": pl.String,
                   "load_id": pl.Int64}


@dataclass
class LoadReport:
    """What one load did, for the one-line summary."""

    files: list[FileReport] = field(default_factory=list)
    duplicates_collapsed: int = 0
    cases: int = 0
    copyright_cases: int = 0
    doe_cases: int = 0
    names_at_cut: int = 0
    doe_counts_at_cut: int = 0
    source_cases: int = 0
    nos: tuple[int, ...] | None = DEFAULT_NOS
    load_id: int = 0
    hashes: list[tuple[Path, Future[str]]] = field(default_factory=list)  # each file read, its SHA-256 to come

    def summary(self) -> str:
        """The one-line summary `doedocket ingest idb` prints."""
        rows = sum(f.rows_read for f in self.files)
        kept = sum(f.rows_kept for f in self.files)
        rejects = sum(f.rejects for f in self.files)
        nos = "any NOS" if not self.nos else "NOS " + ",".join(map(str, self.nos))
        text = (f"{len(self.files)} IDB file(s), {rows} rows read, {kept} rows kept ({nos}), "
                f"{self.duplicates_collapsed} duplicate tape-year rows collapsed, {self.cases} case records in "
                f"idb_cases ({self.copyright_cases} copyright, {self.doe_cases} against Does; "
                f"{self.names_at_cut} with PLT or DEF cut at {NAME_WIDTH} characters, "
                f"{self.doe_counts_at_cut} Doe counts possibly cut), {self.source_cases} cases copied to source_cases "
                f"(Doe cases and cases docket sources know), {rejects} rejected lines")
        if rejects:
            text += " (see table idb_rejects: file, line, reason)"
        unaccounted = sum(f.unaccounted for f in self.files)
        if unaccounted:
            text += f"; {unaccounted} lines neither kept nor rejected by DuckDB's scanner (unexpected: please report)"
        return text


def _names_frame(con: duckdb.DuckDBPyConnection, key: bytes) -> pl.DataFrame:
    raws = [r[0] for r in sql.rows(con, "distinct_names")]
    rows = []
    for raw in raws:
        scrubbed = pseudonymise_ips(raw, key)
        cleaned = clean_name(scrubbed)
        does = caption_does(cleaned)
        rows.append((raw, scrubbed, cleaned, plaintiff_key(cleaned), does.is_doe, does.count, does.count_at_cut))
    return pl.DataFrame(rows, orient="row", schema={
        "raw": pl.String, "raw_pseudonymised": pl.String, "cleaned": pl.String, "name_key": pl.String,
        "is_doe": pl.Boolean, "does_count": pl.Int64, "count_at_cut": pl.Boolean})


def _insert_cases(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, key: bytes, source_file: str,
                  load_id: int) -> None:
    """Insert one file's kept `rows` into `idb_cases`, names cleaned and keyed (insert_cases.sql)."""
    if rows.is_empty():
        return
    con.register("_idb_scan", rows)
    con.register("_idb_names", _names_frame(con, key))
    sql.run(con, "insert_cases", {"width": NAME_WIDTH, "source_file": source_file, "load_id": load_id})
    con.unregister("_idb_names")
    con.unregister("_idb_scan")


def _refresh_districts(con: duckdb.DuckDBPyConnection) -> None:
    frame = pl.DataFrame([d.__dict__ for d in districts()]).rename(
        {"code": "district_code", "name": "court_name"})
    con.register("_idb_district_rows", frame)
    sql.run(con, "delete_districts")
    sql.run(con, "insert_districts")
    con.unregister("_idb_district_rows")
    spellings = pl.DataFrame({"spelling": list(district_spellings()),
                              "district_code": list(district_spellings().values())})
    con.register("_idb_spellings", spellings)


def record_files(con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """Each file `report`'s load read gets its row of `source_files` (name, cut-off, size, SHA-256, where
    and when it was fetched), once its hash is taken. Run after the build's derivation, which reads none
    of them: the hash of a ten-million-row file (1.4-2 s on one core) is taken while the derivation runs."""
    for path, sha256 in report.hashes:
        file = archive.source_file(path, sha256.result())
        sql.run(con, "insert_source_file", file.__dict__ | {"load_id": report.load_id})


def load(con: duckdb.DuckDBPyConnection, paths: list[Path], *, key: bytes,
         nos: tuple[int, ...] | None = DEFAULT_NOS) -> LoadReport:
    """Load IDB files into `idb_cases`/`idb_rejects` on `con` (inside the caller's build transaction).

    `paths` are IDB text files or the FJC's zips of one. `nos`: natures of suit to keep (None keeps
    every case). Raises `SourceError` for a file that is not an IDB file (or a damaged zip); refused
    lines never stop the load. Each file's SHA-256 is taken in the background once it is scanned:
    `record_files` writes their rows of `source_files`.
    """
    headers = [(Path(p).resolve(), read_header(Path(p))) for p in paths]
    report = LoadReport(nos=nos)
    _refresh_districts(con)
    load_id = report.load_id = sql.scalar(con, "next_load_id")
    before = sql.scalar(con, "count_cases")
    build = sql.scalar(con, "build_path")
    inserted = 0
    for path, header in headers:
        # A zip's member is inflated beside the build for the scan (archive.text_file).
        with archive.text_file(path, Path(build) if build else None) as text:
            # Hashed once DuckDB's scan no longer needs both cores, while refused lines are read again.
            scan = _Scan(text, header, nos, key, name=str(path),
                         on_scanned=lambda path=path: report.hashes.append((path, archive.sha256_in_background(path))))
            try:
                report.files.append(scan.run())
                rows = scan.kept()
                # The re-read lines are settled (Python's work, on the scan's connection) while the rows
                # of the lines the scanner read are inserted (DuckDB's, which lets go of Python's lock).
                with ThreadPoolExecutor(max_workers=1) as pool:
                    settling = pool.submit(scan.settle)
                    _insert_cases(con, rows, key, str(path), load_id)
                    settling.result()
                _insert_cases(con, scan.reread_kept(), key, str(path), load_id)
                rejects = pl.DataFrame(scan.reject_rows(load_id), schema=_REJECTS_SCHEMA)
            finally:
                scan.close()
        inserted += report.files[-1].rows_kept
        con.register("_idb_reject_rows", rejects)
        sql.run(con, "delete_file_rejects", {"source_file": str(path)})
        sql.run(con, "insert_rejects")
        con.unregister("_idb_reject_rows")
    con.unregister("_idb_spellings")
    sql.run(con, "collapse_tape_years")
    report.duplicates_collapsed = before + inserted - sql.scalar(con, "count_cases")
    # Written by the build's derivation (the IDB's rederive steps), which every load ends with: copying
    # them here as well made the derivation delete and rewrite them (1.4 s of index upkeep at 10M rows).
    report.source_cases = sql.scalar(con, "count_cases_to_copy")
    (report.cases, report.copyright_cases, report.doe_cases, report.names_at_cut,
     report.doe_counts_at_cut) = sql.rows(con, "case_counts")[0]
    return report

