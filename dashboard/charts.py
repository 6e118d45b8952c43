"""Plotly figures the same way on every page: titled, labelled axes, clickable marks."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def finish(fig: go.Figure, *, title: str, x: str, y: str, height: int = 420) -> go.Figure:
    """Give `fig` its title, axis titles (with units) and the dashboard's margins."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"), xaxis_title=x, yaxis_title=y, height=height,
        margin=dict(l=10, r=10, t=60, b=10), legend=dict(font=dict(size=11)), clickmode="event+select",
    )
    return fig


def show(fig: go.Figure, key: str) -> list[dict[str, Any]]:
    """Draw `fig`; return the points the user clicked (empty until a mark is clicked)."""
    event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode="points", config=CONFIG)
    try:
        return list(event["selection"]["points"])
    except (KeyError, TypeError):
        return []


def matrix(
    xs: list[str], ys: list[str], values: list[float | None], texts: list[str], tags: list[str], *,
    x_order: list[str], y_order: list[str], colorscale: str, colorbar: str, hover: str,
    zmax: float, tickformat: str | None = None, dtick: float | None = None,
) -> go.Figure:
    """A clickable matrix: a heatmap of `values` (0 to `zmax`) at (xs, ys) cells, labelled with `texts`.

    Heatmaps cannot be selected in Plotly, so an invisible square marker sits on every cell and
    carries its tag: clicking a cell selects that marker.
    """
    col, row = {x: i for i, x in enumerate(x_order)}, {y: i for i, y in enumerate(y_order)}
    z: list[list[float | None]] = [[None] * len(x_order) for _ in y_order]
    text: list[list[str]] = [[""] * len(x_order) for _ in y_order]
    for x, y, v, t in zip(xs, ys, values, texts):
        z[row[y]][col[x]], text[row[y]][col[x]] = v, t
    fig = go.Figure(go.Heatmap(
        x=x_order, y=y_order, z=z, text=text, texttemplate="%{text}", colorscale=colorscale, zmin=0, zmax=zmax,
        xgap=2, ygap=2, hoverinfo="skip", colorbar=dict(title=colorbar, tickformat=tickformat, dtick=dtick),
    ))
    fig.add_scatter(
        x=xs, y=ys, mode="markers", marker=dict(symbol="square", size=28, opacity=0),
        customdata=[[t, label] for t, label in zip(tags, texts)], hovertemplate=hover + "<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=y_order, autorange="reversed")  # first row on top
    fig.update_xaxes(categoryorder="array", categoryarray=x_order)
    return fig
