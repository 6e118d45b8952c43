"""Cases: every case matching the filters, and one case's docket with the events read from it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import db, filters, tables

params = filters.current()
st.title("Cases")
st.caption(f"Showing {filters.describe(params)}.")

cases = db.run("case_list", params)
search = st.text_input("Search case name, docket number or plaintiff", key="q", bind="query-params")
if search:
    needle = search.lower()
    cases = cases.filter(
        pl.concat_str([pl.col("case_name"), pl.col("docket_number"), pl.col("plaintiff")],
                      separator=" ", ignore_nulls=True).str.to_lowercase().str.contains(needle, literal=True)
    )
tables.table(
    cases, "case_list", "cases",
    column_config={"source_url": st.column_config.LinkColumn("source_url", display_text="source")},
)

st.subheader("Docket")
if cases.height == 0:
    st.info("No case to show: no case matches the filters.")
    st.stop()
labels = dict(zip(cases["case_id"].to_list(), cases["case_name"].to_list()))
chosen = st.selectbox("Case", list(labels), format_func=lambda c: f"{labels[c]} ({c})", key="case",
                      bind="query-params")
docket = db.run("case_docket", {"case_id": chosen})
row = cases.filter(case_id=chosen).row(0, named=True)
st.markdown(
    f"**{row['case_name']}** — {row['court_id']} {row['docket_number'] or '(no docket number)'}, "
    f"filed {row['date_filed'] or 'date unknown'}; judge {row['judge'] or 'unknown'}. "
    f"Does sued {row['does_sued']:,}; discovery {row['discovery_outcome']}; "
    f"Does covered by granted discovery {row['does_discovery_granted']:,}; "
    f"defendants served {row['defendants_served']:,}."
)
st.caption("Docket entries with the labels the classifier gave them (and the rule that fired), then "
           "events a source states without docket text (hand-coded, with the source's words).")
tables.table(
    docket.drop("ord"), f"docket_{chosen.replace(':', '_')}", "docket",
    column_config={"source_url": st.column_config.LinkColumn("source_url", display_text="source")},
)
