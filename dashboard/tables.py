"""A table (or a chart's data) with the CSV download under it that holds exactly what is shown."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.queries import to_csv


def download(frame: pl.DataFrame, name: str, key: str) -> None:
    """A CSV download button for `frame` (the bytes `doedocket query --format csv` would print)."""
    st.download_button(
        f"Download CSV ({frame.height} rows)", data=to_csv(frame), file_name=f"{name}.csv",
        mime="text/csv", key=f"download-{key}", on_click="ignore", icon=":material/download:",
    )


def table(frame: pl.DataFrame, name: str, key: str, **kwargs) -> None:
    """Show `frame` and offer it as CSV."""
    if frame.height == 0:
        st.info("No rows match the current filters.")
    st.dataframe(frame, hide_index=True, key=f"table-{key}", **kwargs)
    download(frame, name, key)
