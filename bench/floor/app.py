"""The floor for bench/bench_pages.py: the least a Streamlit page with one Plotly chart and one
table costs to render in the same browser on the same machine (no database, no sidebar)."""

import plotly.graph_objects as go
import polars as pl
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="chart")
st.dataframe(pl.DataFrame({"x": ["a", "b", "c"], "y": [3, 1, 2]}), key="table")
