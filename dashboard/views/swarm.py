"""Swarm: how far apart a case's Does really were (complaint exhibits), and whether judges severed them."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, db, definitions, filters, tables

TOP_ISPS = 20
JOINDER_COLOURS = {"severed": "#e45756", "not severed": "#4c78a8"}

params = filters.current()
st.title("Swarm")
cite_slot = cite.start(["isolated_share", "out_of_state_share", "95% interval"], filters.describe(params))
st.caption(f"Showing {filters.describe(params)}. Complaint exhibits list each Doe's IP address and the moment the "
           "plaintiff says it saw that address in the BitTorrent swarm. Addresses are never stored: a Doe is its "
           "exhibit number, its network a pseudonym. Definitions: docs/swarm.md.")

if db.run("swarm_summary").height == 0:
    st.info("No complaint exhibits are loaded yet. Load an exhibit (CSV, TSV, `pdftotext -layout` text or a "
            "CourtListener docket-entry JSON) for a case that is in the database, for example:\n\n"
            "`doedocket ingest exhibits FILE --case cand:1103825`")
    cite.stop(cite_slot)

summary = db.ask("swarm_summary", params)
if summary.height == 0:
    st.info("No case with complaint exhibits matches the current filters.")
    cite.stop(cite_slot)

does = int(summary["does"].sum())
isolated = int(summary["isolated_does"].fill_null(0).sum())
cols = st.columns(4)
cols[0].metric("Cases with exhibits", f"{summary.height:,}")
cols[1].metric("Does in the exhibits", f"{does:,}", help="Distinct Doe numbers across the cases' exhibits.")
cols[2].metric("Median swarm window", f"{summary['window_days'].median():.1f} days",
               help="Per case, days from the first to the last hit the exhibit lists; the median across cases.")
cols[3].metric("Does alone in the swarm", f"{isolated:,}",
               help="Does whose hit is more than 24 hours from every other Doe's hit in the same case "
                    "(cases with at least two Does).")

st.subheader("Swarm window against the joinder ruling")
joinder = db.ask("swarm_vs_joinder", params)
fig = go.Figure()
for outcome, colour in JOINDER_COLOURS.items():
    part = joinder.filter(pl.col("joinder_outcome") == outcome)
    if part.height:
        fig.add_scatter(
            x=part["window_days"].to_list(), y=(part["max_gap_hours"] / 24).round(2).to_list(), mode="markers",
            name=outcome.capitalize(),
            marker=dict(color=colour, size=11, line=dict(width=1, color="white")),
            customdata=list(zip(part["case_id"], part["case_name"], part["does"], part["judge"].fill_null("unknown"))),
            hovertemplate="%{customdata[1]} (%{customdata[0]})<br>judge %{customdata[3]}<br>%{customdata[2]} Does, "
                          "window %{x} days, largest gap %{y} days<extra>" + outcome + "</extra>",
        )
charts.finish(fig, title="Swarm window and largest gap between Does, by whether the Does were severed",
              x="Swarm window: first to last hit (days)", y="Largest gap between consecutive Does' hits (days)")
clicked = charts.show(fig, "joinder_chart")
st.caption("Each dot is a case with an exhibit: how many days its swarm spans, and the longest stretch with no Doe "
           "seen. Red cases had Does severed for misjoinder (Rules 20/21). Hard Drive's 90 Does spanned 63 days; "
           "the court held that Does seen weeks apart did not act in concert. Click a dot to show its timeline below.")
tables.download(joinder, "swarm_vs_joinder", "joinder")

st.subheader("Cases")
st.caption("One row per case with an exhibit: the window, the median and largest gap between consecutive Does' hits "
           "(hours), the share of Does more than 24 hours from every other Doe, ISPs, pseudonymous /16 networks, and "
           "the share of Does whose exhibit places them outside the forum's state.")
tables.table(summary, "swarm_summary", "swarm_summary")

st.subheader("One swarm: hits by Doe")
names = dict(zip(summary["case_id"].to_list(), summary["case_name"].to_list()))
# The URL names the case by its id (`?swarm_case=cand:1103825`), so a link reopens it; a click on a
# dot above chooses it too.
if clicked and clicked[0].get("customdata"):
    st.query_params["swarm_case"] = clicked[0]["customdata"][0]
wanted = st.query_params.get("swarm_case")
ids = list(names)
chosen = st.selectbox("Case", ids, index=ids.index(wanted) if wanted in names else 0,
                      format_func=lambda c: f"{names[c]} ({c})")
if st.query_params.get("swarm_case") != chosen:
    st.query_params["swarm_case"] = chosen
row = summary.filter(case_id=chosen).row(0, named=True)
cols = st.columns(5)
cols[0].metric("Swarm window", f"{row['window_days']:.1f} days", help="First to last hit in the exhibit.")
cols[1].metric("Median gap", "n/a" if row["median_gap_hours"] is None else f"{row['median_gap_hours']:.1f} h",
               help="Median time between consecutive Does' hits.")
cols[2].metric("Largest gap", "n/a" if row["max_gap_hours"] is None else f"{row['max_gap_hours'] / 24:.1f} days",
               help="Longest time between consecutive Does' hits.")


def _share(share: str) -> tuple[str, str]:
    """A share of this case's Does as a metric's value and its 95% interval for the help text."""
    value, low, high = row[share], row[f"{share}_ci_low"], row[f"{share}_ci_high"]
    if value is None:
        return "n/a", ""
    return f"{value:.1%}", "" if low is None else f" 95% interval: {low:.1%} to {high:.1%}."


alone, alone_ci = _share("isolated_share")
outside, outside_ci = _share("out_of_state_share")
cols[3].metric("Does alone", alone, help=definitions.define("isolated_share") + alone_ci)
cols[4].metric(f"Outside {row['forum_state'] or 'the forum'}", outside,
               help=definitions.define("out_of_state_share") + outside_ci)

hits = db.run("swarm_hits", {"case_id": chosen})
timeline = go.Figure()
for isp, part in hits.with_columns(pl.col("isp").fill_null("(not stated)")).group_by("isp", maintain_order=True):
    timeline.add_scatter(
        x=part["observed_at"].to_list(), y=part["doe_number"].to_list(), mode="markers", name=isp[0],
        marker=dict(size=8, symbol=["circle" if first else "circle-open" for first in part["is_doe_hit"]]),
        customdata=list(zip(part["hours_from_first"], part["state"].fill_null(""))),
        hovertemplate="Doe %{y}<br>%{x|%Y-%m-%d %H:%M} UTC (hour %{customdata[0]})<br>%{customdata[1]}<extra>"
                      + isp[0] + "</extra>",
    )
charts.finish(timeline, title=f"Hits by Doe in {names[chosen]}: {row['window_days']:.1f} days from first to last hit",
              x="Time of the hit (UTC)", y="Doe number", height=min(900, 260 + 6 * max(row["does"], 10)))
lowest, highest = (hits["doe_number"].min(), hits["doe_number"].max()) if hits.height else (1, 1)
timeline.update_yaxes(range=[highest + 0.5, lowest - 0.5], dtick=1 if highest - lowest < 25 else None)
st.plotly_chart(timeline, key="timeline_chart", config=charts.CONFIG)
st.caption("Each dot is one exhibit row: when the plaintiff says it saw that Doe in the swarm, coloured by ISP. Filled "
           "dots are each Doe's first sighting (the hit the measures use); hollow dots are later sightings. Gaps of "
           "days or weeks between dots are Does who were never in the swarm at the same time.")
tables.download(hits, f"swarm_hits_{chosen.replace(':', '_')}", "hits")

st.subheader("ISPs by Does named")
load = db.ask("isp_subpoena_load", params)
totals = (load.group_by("isp").agg(pl.col("does").sum()).sort(["does", "isp"], descending=[True, False])
          .head(TOP_ISPS))
top = load.filter(pl.col("isp").is_in(totals["isp"].to_list()))
isp_chart = go.Figure()
for year, part in top.sort("year").group_by("year", maintain_order=True):
    isp_chart.add_bar(x=part["does"].to_list(), y=part["isp"].to_list(), orientation="h", name=str(year[0]),
                      hovertemplate="%{y}: %{x} Does in " + str(year[0]) + "<extra></extra>")
isp_chart.update_layout(barmode="stack", showlegend=True, legend_title_text="Year filed",
                        yaxis=dict(categoryorder="array", categoryarray=totals["isp"].to_list()[::-1]))
charts.finish(isp_chart, title=f"Does named in exhibits, by ISP and year filed ({totals.height} ISPs with the most)",
              x="Does (count)", y="Internet service provider", height=220 + 28 * totals.height)
st.plotly_chart(isp_chart, key="isp_chart", config=charts.CONFIG)
st.caption("Each bar counts the Does whose exhibit hit names the ISP: the subscribers an early-discovery subpoena to "
           "that ISP would ask for, stacked by the year the case was filed.")
tables.download(load, "isp_subpoena_load", "isp_load")
cite.finish(cite_slot)
