"""Data: the build, every table's sources and provenance, every measure's definition, a read-only SQL
console, and the whole database as Parquet."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import cite, db, definitions, exports, tables
from pipelines import sql_console

st.title("Data")
cite_slot = cite.start(["95% interval"], "none (this page describes the whole build)")
st.caption("Where every number comes from. The sidebar filters do not apply on this page: it describes the whole "
           "build.")

build = db.published_path()
stat = build.stat()
st.markdown(f"Published build **{build.name}** ({stat.st_size / 1e6:,.1f} MB, written "
            f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(stat.st_mtime))}). Builds are immutable: every "
            "ingest writes a new file and publishes it atomically.")

st.subheader("Tables")
st.caption("Every table of the build: its rows, its layer (source rows as each source gave them; derived "
           "tables rebuilt from them on every build), what one row is, and what writes it.")
counts = db.table_rows()
tables.table(definitions.tables_frame(counts), "tables", "tables")

st.subheader("Provenance")
st.caption("Rows per table and source; for events, whether the classifier read them from docket text or a "
           "source stated them (hand-coded). Every row also keeps its source URL.")
tables.table(db.run("provenance"), "provenance", "provenance")
read_from_files = ("idb_cases", "exhibit_observations")  # tables whose rows name the file they came from
if all(t in counts for t in read_from_files) and sum(counts[t] for t in read_from_files):
    st.caption("The files FJC IDB records and complaint-exhibit rows were read from.")
    tables.table(db.run("provenance_files"), "provenance_files", "provenance-files")
downloads = [s["about"] for s in cite.facts()["sources"] if s.get("about")]
if downloads:  # each bulk file read: "FJC IDB civil file through 2026-03-31, cv88on_0.zip, ... bytes, SHA-256 ..."
    st.caption("Source files: " + "; ".join(downloads) + ".")

st.subheader("Definitions")
st.caption("Every measure the dashboard shows and the table or query that computes it.")
tables.table(definitions.measures_frame(), "definitions", "definitions")

st.subheader("SQL console")
st.caption(f"One read-only SELECT (or WITH … SELECT) over this build: at most {sql_console.ROW_CAP:,} rows and "
           f"{sql_console.TIME_LIMIT_SECONDS:g} seconds. Files, the network, settings and extensions are out of "
           "reach. The statement is kept in the URL, so a link reproduces the result.")
with st.form("console"):
    st.text_area("SQL", key="sql", bind="query-params", height=120,
                 placeholder="SELECT plaintiff, count(*) AS cases FROM cases GROUP BY plaintiff ORDER BY cases DESC")
    st.form_submit_button("Run", icon=":material/play_arrow:")


@st.cache_data(max_entries=64, show_spinner="Running…")
def _console_answer(real_path: str, sql: str) -> tuple[pl.DataFrame | None, bool, float, str | None]:
    try:
        result = sql_console.run(db.console(), sql)
    except sql_console.ConsoleError as exc:
        return None, False, 0.0, str(exc)
    return result.frame, result.truncated, result.seconds, None


statement = (st.session_state.get("sql") or "").strip()
if statement:
    frame, truncated, seconds, error = _console_answer(str(build), statement)
    if error:
        st.error(error, icon=":material/block:")
    else:
        note = f"first {frame.height:,} rows (the row cap)" if truncated else f"{frame.height:,} rows"
        st.caption(f"{note} in {seconds * 1000:,.0f} ms.")
        tables.table(frame, "console", "console")

st.subheader("Download")
st.caption("Every table of the build as Parquet (zstd), one file per table in a zip, made when you click. For a "
           "Hive-partitioned lake (by court and year), run `doedocket export parquet DIR`.")
connection = db.connection()  # captured now: the zip is built on another thread at click time
st.download_button(
    "Download the whole database as Parquet (zip)", data=lambda: exports.parquet_zip(connection),
    file_name=f"doedocket-{Path(build).stem}-parquet.zip", mime="application/zip", key="download-parquet",
    on_click="ignore", icon=":material/folder_zip:",
)
cite.finish(cite_slot)
