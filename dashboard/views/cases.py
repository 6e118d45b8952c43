"""Cases: every case matching the filters (searchable, or narrowed by a clicked mark), and one case:
its Does through each stage, its docket timeline and its entries with their sources."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, coverage, db, drill, filters, sections, tables
from dashboard.labels import CASE_STAGES, EVENT_COLOURS

params = filters.current()
st.title("Cases")
cite_slot = cite.start(["does_sued", "discovery_motion", "discovery_outcome",
                        'does_discovery_granted ("subpoenas authorised")', "does_severed", "defendants_named",
                        "defendants_served", "judgments", "days_open"], filters.describe(params))
narrow = drill.from_url()
st.caption(f"Showing {filters.describe(params)}.")
if narrow:
    st.info(f"Narrowed to the cases behind a chart selection: {drill.describe(narrow)}.",
            icon=":material/filter_alt:")
    if st.button("Show every case matching the filters", key="clear_narrowing"):
        for key in drill.NARROWING:
            if key in st.query_params:
                del st.query_params[key]
        st.rerun()

search = st.text_input("Search case name, docket number, plaintiff or case id", key="search",
                       bind="query-params", placeholder="e.g. Does 1-90, 11-cv-03825, Malibu")
cases = drill.cases(params, narrow, search)
st.caption("Click a row to open the case below; the URL then names it (`?case=...`), so a link reopens it. "
           + coverage.of_cases(cases))
# The table's key follows what it lists, so a row selection never outlives the list it was made in.
listed = hashlib.sha1(json.dumps([params, narrow, search], sort_keys=True, default=str).encode()).hexdigest()[:10]
picked = drill.listing(cases, "case_list", f"cases-{listed}", on_select="rerun", selection_mode="single-row")

st.subheader("Case")
rows = picked.selection.rows if picked is not None else []
if rows:
    chosen = cases["case_id"][rows[0]]
    if st.query_params.get("case") != chosen:
        st.query_params["case"] = chosen
else:
    chosen = st.query_params.get("case") or (cases["case_id"][0] if cases.height else None)
header = db.run("case_header", {"case_id": chosen}) if chosen else None
if header is None or header.height == 0:
    st.info("No case to show: no case matches the filters and search." if chosen is None
            else f"No case {chosen!r} in this build.")
    cite.stop(cite_slot)
row = header.row(0, named=True)

st.markdown(f"### {row['case_name'] or chosen}")
judge = row["judge"] or "unknown"
if row["referred_judge"]:
    judge += f" (referred to {row['referred_judge']})"
links = (row["source_url"] or "").split()
source = (" — source" + ("s " if len(links) > 1 else " ")
          + " ".join(f"[{i}]({url})" for i, url in enumerate(links, 1))) if links else ""
st.markdown(
    f"{row['court_id']} {row['docket_number'] or '(no docket number)'} · filed {row['date_filed'] or 'date unknown'}"
    f" · {'terminated ' + str(row['date_terminated']) if row['date_terminated'] else 'no termination date'}"
    f" · judge {judge} · sources: {row['sources'] or 'unknown'}{source}"
)
if row["outcome_summary"]:
    st.caption(f"Source's summary: {row['outcome_summary']}")
st.caption(coverage.of_case(row))
cols = st.columns(4)
cols[0].metric("Does sued", f"{row['does_sued']:,}")
cols[1].metric("Early discovery", (row["discovery_outcome"] or "none").replace("_", " "))
cols[2].metric("Subpoenas authorised (Does)", f"{row['does_discovery_granted']:,}",
               help="Does covered by a granted early-discovery order.")
cols[3].metric("Defendants served", f"{row['defendants_served']:,}")


def docket_section() -> None:
    """The case's docket entries with their labels and rules, then stated events."""
    st.caption("Entries with the labels the classifier gave them, or a reviewer gave them in its place (origin "
               "corrected), and the rule behind each label, then events a "
               "source states without docket text (hand-coded, with the source's words).")
    docket = db.run("case_docket", {"case_id": chosen}).drop("ord")
    tables.table(docket, f"docket_{chosen.replace(':', '_')}", "docket",
                 column_config={"source_url": tables.link_column("source_url")})


def timeline_section() -> None:
    """The case's events by date, and their table."""
    timeline = db.run("case_timeline", {"case_id": chosen})
    dated = timeline.filter(pl.col("date").is_not_null())
    if dated.height:
        fig = go.Figure()
        for label in dated["label"].unique(maintain_order=True).to_list():
            part = dated.filter(pl.col("label") == label)
            fig.add_scatter(
                x=part["date"], y=part["label"], mode="markers", name=label,
                marker=dict(size=13, color=EVENT_COLOURS.get(label, "#888"), line=dict(color="#333", width=1)),
                customdata=list(zip(part["rule"], part["entry_number"].cast(pl.String).fill_null("-"),
                                    part["text"].fill_null("").str.slice(0, 140))),
                hovertemplate="%{x|%Y-%m-%d} · entry %{customdata[1]}<br><b>%{y}</b> by rule "
                              "<i>%{customdata[0]}</i><br>%{customdata[2]}<extra></extra>",
            )
        fig.update_layout(showlegend=False)
        first, last = dated["date"].min(), dated["date"].max()
        pad = max(timedelta(days=15), (last - first) * 0.05)  # one date alone still gets a readable axis
        fig.update_xaxes(range=[first - pad, last + pad], tickformat="%Y-%m-%d")
        charts.finish(fig, title="Docket timeline: events by date, coloured by label",
                      x="Date of the entry or event", y="Event label", height=180 + 28 * dated["label"].n_unique())
        st.plotly_chart(fig, key="timeline_chart", config=charts.CONFIG)
    undated = timeline.height - dated.height
    st.caption("Each dot is an event read from the docket (hover for the rule that labelled it and the entry's words; "
               "rule hand_correction: corrected by hand, who, when and why in the table's correction column)"
               + (f"; {undated} event{'s' if undated != 1 else ''} without a date appear only in the table." if undated
                  else "."))
    tables.table(timeline, f"case_timeline_{chosen.replace(':', '_')}", "timeline",
                 column_config={"source_url": tables.link_column("source_url")})


def stages_section() -> None:
    """The case's Does through each stage."""
    stages = db.run("case_stages", {"case_id": chosen})
    fig = go.Figure(go.Bar(
        x=stages["does"], y=[CASE_STAGES[s] for s in stages["stage"]], orientation="h", marker_color="#4c78a8",
        text=[f"{d:,}" for d in stages["does"]], textposition="auto", hovertemplate="%{y}: %{x:,}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    charts.finish(fig, title="Does through each stage of this case", x="Does / defendants (people)", y="Stage",
                  height=300)
    st.plotly_chart(fig, key="stages_chart", config=charts.CONFIG)
    st.caption("Does sued, the Does early discovery covered (subpoenas authorised), Does severed, then defendants "
               "named, served and judgments.")
    tables.download(stages, f"case_stages_{chosen.replace(':', '_')}", "stages")


sections.tabs({"Docket entries": docket_section, "Timeline": timeline_section, "Does by stage": stages_section},
              key="case_tab")
cite.finish(cite_slot)
