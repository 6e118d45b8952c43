"""A table (or a chart's data) with the CSV download under it that holds exactly what is shown."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.queries import to_csv


def download(frame: pl.DataFrame, name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download button for `frame` (the bytes `doedocket query --format csv` would print)."""
    st.download_button(
        f"{label} ({frame.height:,} rows)", data=to_csv(frame), file_name=f"{name}.csv",
        mime="text/csv", key=f"download-{key}", on_click="ignore", icon=":material/download:",
    )


def link_column(name: str) -> st.column_config.LinkColumn:
    """A column of source links shown as 'source'."""
    return st.column_config.LinkColumn(name, display_text="source")


def table(frame: pl.DataFrame, name: str, key: str, **kwargs):
    """Show `frame` and offer it as CSV; returns what `st.dataframe` returns (its selection, if any)."""
    if frame.height == 0:
        st.info("No rows match the current filters.")
    # Dates as dates (the CSV's ISO form), not as midnight timestamps.
    config = {c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
              for c, dtype in frame.schema.items() if dtype == pl.Date}
    kwargs["column_config"] = config | kwargs.get("column_config", {})
    shown = st.dataframe(frame, hide_index=True, key=f"table-{key}", **kwargs)
    download(frame, name, key)
    return shown
