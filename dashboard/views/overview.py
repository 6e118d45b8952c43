"""Overview: the Hard Drive order's footnote as a live sentence, the funnel, filings over time."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import db, filters, tables
from dashboard.labels import FUNNEL_CASE_STAGES, FUNNEL_STAGES

params = filters.current()
st.title("Mass-Doe copyright cases")
st.caption(f"Showing {filters.describe(params)}. Every number is derived from docket entries and "
           "stated events; the Cases page lists the cases and entries behind it.")

funnel = db.run("funnel", params)
by_stage = {row["stage"]: row for row in funnel.iter_rows(named=True)}
sued, granted, served = by_stage["sued"], by_stage["discovery_granted"], by_stage["served"]

st.markdown(
    f"**{sued['cases']:,} mass-Doe cases; early discovery granted in {granted['cases']:,}; "
    f"subpoenas authorised for {granted['does']:,} Does; {served['does']:,} defendants served.**"
)
cols = st.columns(4)
cols[0].metric("Cases", f"{sued['cases']:,}", help="Cases matching the filters.")
cols[1].metric("Early discovery granted", f"{granted['cases']:,}",
               help="Cases with an order granting early (Rule 26(d)) discovery in whole or in part.")
cols[2].metric("Subpoenas authorised (Does)", f"{granted['does']:,}",
               help="Does covered by a granted early-discovery order: the Does an ISP subpoena could be "
                    "served for. Not a count of subpoenas actually served on ISPs.")
cols[3].metric("Defendants served", f"{served['does']:,}",
               help="Returns of service and waivers found in the dockets.")

st.subheader("From Does sued to defendants served")
unit = st.segmented_control("Count", ["Does", "Cases"], default="Does", key="funnel_unit",
                            bind="query-params")
use_cases = unit == "Cases"
names = FUNNEL_CASE_STAGES if use_cases else FUNNEL_STAGES
values = funnel["cases" if use_cases else "does"].to_list()
fig = go.Figure(go.Funnel(y=[names[s] for s in funnel["stage"]], x=values, textinfo="value+percent initial"))
fig.update_layout(
    title=f"Funnel of the selected cases ({'cases reaching each stage' if use_cases else 'Does or defendants at each stage'})",
    xaxis_title="Cases" if use_cases else "Does / defendants", yaxis_title="Stage", height=380,
    margin=dict(l=10, r=10, t=60, b=10),
)
st.plotly_chart(fig, key="funnel_chart")
st.caption("Each bar counts the selected cases' Does (or cases) that reached the stage. 'Subpoenas "
           "authorised' are the Does an early-discovery order covered, not subpoenas known to be served.")
tables.download(funnel, "funnel", "funnel")

st.subheader("Filings by month")
monthly = db.run("filings_by_month", params)
if monthly.height:
    chart = px.bar(monthly.to_pandas(), x="month", y="cases", color="plaintiff",
                   title="New mass-Doe cases per month, by plaintiff",
                   labels={"month": "Month filed", "cases": "Cases filed", "plaintiff": "Plaintiff"})
    chart.update_layout(height=420, legend=dict(font=dict(size=10)), margin=dict(l=10, r=10, t=60, b=10))
    st.plotly_chart(chart, key="filings_chart")
    st.caption("Cases filed each calendar month, stacked by plaintiff (cases with a known filing date only).")
else:
    st.info("No case with a known filing date matches the filters.")
tables.download(monthly, "filings_by_month", "filings")

st.subheader("Plaintiffs")
st.caption("One row per plaintiff: suits, Does sued, discovery granted, defendants served, and served "
           "per 1,000 Does covered by granted discovery.")
tables.table(db.run("plaintiff_scorecard", params), "plaintiff_scorecard", "plaintiffs")
