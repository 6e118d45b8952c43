"""A table (or a chart's data) with the CSV download under it that holds exactly what is shown.

Shown for a reader: empty cells blank, rates and shares as percentages with one decimal, counts
with thousands separators, dates as YYYY-MM-DD. The CSV keeps the query's own values (the bytes
`doedocket query --format csv` prints), and a sibling "CSV with provenance" zip adds a README.
"""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from dashboard import cite
from pipelines.queries import to_csv

# Proportions (0 to 1) shown as percentages: rates, shares and their interval ends.
_PROPORTION = re.compile(r"(^|_)(rate|share|share_of_doe_cases)(_ci_low|_ci_high)?$")
# Whole numbers that are labels, not counts: no thousands separator.
_LABEL_NUMBER = re.compile(r"(^|_)(year|rank|disp|order|number|code|seq|id)$")


def column_config(frame: pl.DataFrame) -> dict[str, object]:
    """How each column of `frame` reads: percentages, separated counts, ISO dates."""
    config: dict[str, object] = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            config[name] = st.column_config.DateColumn(name, format="YYYY-MM-DD")
        elif isinstance(dtype, pl.Datetime):
            config[name] = st.column_config.DatetimeColumn(name, format="YYYY-MM-DD HH:mm")
        elif dtype.is_numeric() and _PROPORTION.search(name):
            config[name] = st.column_config.NumberColumn(name, format="percent", step=0.001)  # 88.9%
        elif dtype.is_integer() and not _LABEL_NUMBER.search(name):
            config[name] = st.column_config.NumberColumn(name, format="localized")  # 18,261
        elif dtype.is_float():
            config[name] = st.column_config.NumberColumn(name, format="localized", step=0.01)
    return config


def intervals_beside(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with each `<rate>_ci_low`, `<rate>_ci_high` pair moved next to its rate."""
    bounds = {c for c in frame.columns if c.endswith(("_ci_low", "_ci_high")) and c.rsplit("_ci_", 1)[0] in frame.columns}
    order: list[str] = []
    for c in frame.columns:
        if c not in bounds:
            order += [c] + [f"{c}_ci_{end}" for end in ("low", "high") if f"{c}_ci_{end}" in bounds]
    return frame.select(order + [c for c in frame.columns if c not in order])


def download(frame: pl.DataFrame, name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download button for `frame` (the bytes `doedocket query --format csv` would print),
    and beside it the same CSV with a README of the view's provenance, in a zip."""
    def data() -> bytes:  # written when the reader clicks, not on every run of the page
        return to_csv(frame)

    with st.container(horizontal=True, gap="small"):
        st.download_button(
            f"{label} ({frame.height:,} rows)", data=data, file_name=f"{name}.csv",
            mime="text/csv", key=f"download-{key}", on_click="ignore", icon=":material/download:",
        )
        cite.download(frame, name, key, data)


def link_column(name: str) -> st.column_config.LinkColumn:
    """A column of source links shown as 'source'."""
    return st.column_config.LinkColumn(name, display_text="source")


def table(frame: pl.DataFrame, name: str, key: str, shown: pl.DataFrame | None = None, **kwargs):
    """Show `frame` (or `shown`, its relabelled copy for the reader) and offer `frame` as CSV;
    returns what `st.dataframe` returns (its selection, if any)."""
    if frame.height == 0:
        st.info("No rows match the current filters.")
    shown = intervals_beside(frame if shown is None else shown)
    kwargs["column_config"] = column_config(shown) | kwargs.get("column_config", {})
    selection = st.dataframe(shown, hide_index=True, key=f"table-{key}", placeholder="", **kwargs)
    download(frame, name, key)
    return selection
