"""Overview: the Hard Drive order's footnote as a live sentence, the funnel, filings over time."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, coverage, db, definitions, drill, filters, sections, tables
from dashboard.labels import FUNNEL_CASE_STAGES, FUNNEL_STAGES

TOP_PLAINTIFFS = 10

params = filters.current()
st.title("Mass-Doe copyright cases")
cite_slot = cite.start(["does_sued", "cases_discovery_granted", 'does_discovery_granted ("subpoenas authorised")',
                        "defendants_named", "defendants_served", "judgments", "does_share", "cases_share",
                        "95% interval"], filters.describe(params))
st.caption(f"Showing {filters.describe(params)}. Every number is derived from docket entries and "
           "stated events; click any bar to list the cases behind it.")
st.caption(definitions.UNIVERSE)

funnel = db.ask("funnel", params)
by_stage = {row["stage"]: row for row in funnel.iter_rows(named=True)}
sued, granted, served = by_stage["sued"], by_stage["discovery_granted"], by_stage["served"]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


st.markdown(
    f"#### {_plural(sued['cases'], 'mass-Doe case', 'mass-Doe cases')}; early discovery granted in "
    f"{coverage.stage_clause(granted['cases'], sued['cases_with_docket'], sued['cases_docket_unknown'])}; "
    f"subpoenas authorised for {_plural(granted['does'], 'Doe', 'Does')}; "
    f"{_plural(served['does'], 'defendant', 'defendants')} served."
)
st.caption(coverage.caption(sued["cases_with_docket"], sued["cases_docket_unknown"]))
st.caption("The sentence of footnote 4 of *Hard Drive Productions v. Does 1-90* (N.D. Cal. 2012: 69 cases, "
           "early discovery in 57, subpoenas for more than 18,000 IP addresses, no defendant served), "
           "recomputed for the current filters. \"Subpoenas authorised\" counts the Does covered by an order "
           "granting early discovery, not subpoenas known to have been served on ISPs.")
cols = st.columns(4)
cols[0].metric("Cases", f"{sued['cases']:,}", help="Cases matching the filters.")
cols[1].metric("Early discovery granted", f"{granted['cases']:,}", help=definitions.define("cases_discovery_granted"))
cols[2].metric("Subpoenas authorised (Does)", f"{granted['does']:,}",
               help=definitions.define('does_discovery_granted ("subpoenas authorised")'))
cols[3].metric("Defendants served", f"{served['does']:,}", help=definitions.define("defendants_served"))


def _percent(share: float) -> str:
    """A share as a percentage with one decimal; below 0.1%, with two significant digits (0.011%)."""
    return f"{share:.1%}" if share == 0 or share >= 0.001 else f"{share * 100:.2g}%"


def _share(value: int, share: float | None, low: float | None, high: float | None) -> str:
    """A stage's label: its count, its share of the first bar and the share's 95% interval."""
    if share is None:
        return f"{value:,}"
    interval = f" ({_percent(low)} to {_percent(high)})" if low is not None and share < 1 else ""
    return f"{value:,}<br>{_percent(share)}{interval}"


def funnel_section() -> None:
    """The funnel from Does sued to defendants served, in Does or in cases."""
    st.subheader("From Does sued to defendants served")
    unit = st.segmented_control("Count", ["Does", "Cases"], default="Does", key="funnel_unit",
                                bind="query-params", help="Count Does (and defendants) at each stage, or cases "
                                                          "that reached it.")
    use_cases = unit == "Cases"
    names = FUNNEL_CASE_STAGES if use_cases else FUNNEL_STAGES
    unit_col = "cases" if use_cases else "does"
    values = funnel[unit_col].to_list()
    tags = [drill.tag({"stage": s}, f"cases that reached \"{FUNNEL_CASE_STAGES[s]}\"") for s in funnel["stage"]]


    labels = [_share(*row) for row in funnel.select(unit_col, f"{unit_col}_share", f"{unit_col}_share_ci_low",
                                                    f"{unit_col}_share_ci_high").rows()]
    fig = go.Figure(go.Funnel(
        y=[names[s] for s in funnel["stage"]], x=values, text=labels, texttemplate="%{text}", textinfo="text",
        customdata=[[t] for t in tags], marker=dict(color="#4c78a8"),
        hovertemplate="%{y}: %{x:,}<extra></extra>",
    ))
    charts.finish(
        fig,
        title=("Cases reaching each stage" if use_cases else "Does and defendants at each stage")
        + f" ({sued['cases']:,} cases)",
        x="Cases" if use_cases else "Does / defendants (people)", y="Stage", height=360,
    )
    points = charts.show(fig, "funnel_chart")
    st.caption("Each bar counts the selected cases' Does (or the cases) that reached the stage; the percentage is "
               "of the first bar, with its 95% interval in brackets (a Doe-level interval treats each Doe as "
               "independent, so it is narrower than the uncertainty about cases). The data behind the chart, both units:")
    tables.download(funnel, "funnel", "funnel")
    drill.under_chart(params, points, "funnel", hint="Click a stage to list the cases that reached it.")


def filings_section() -> None:
    """New cases per month, stacked by plaintiff."""
    st.subheader("Filings by month")
    monthly = db.ask("filings_by_month_top", params, top=TOP_PLAINTIFFS)
    if monthly.height:
        top = monthly.filter(~pl.col("other"))["plaintiff"].unique(maintain_order=True).to_list()
        tagged = monthly.with_columns(
            pl.struct("month", "plaintiff", "other").map_elements(
                lambda r: drill.tag(
                    {"month": r["month"].isoformat(), "other_than": top} if r["other"]
                    else {"month": r["month"].isoformat(), "by_plaintiff": r["plaintiff"]},
                    f"{'plaintiffs outside the top ' + str(TOP_PLAINTIFFS) if r['other'] else r['plaintiff']}, "
                    f"filed {r['month'].strftime('%B %Y')}"),
                return_dtype=pl.String).alias("drill"))
        chart = px.bar(tagged.to_pandas(), x="month", y="cases", color="plaintiff", custom_data=["drill"],
                       labels={"month": "Month filed", "cases": "Cases filed", "plaintiff": "Plaintiff"},
                       category_orders={"plaintiff": top + ["Other plaintiffs"]},
                       color_discrete_map={"Other plaintiffs": "#b0b0b0"},
                       color_discrete_sequence=px.colors.qualitative.Plotly)  # no grey: grey is "other"
        # A month wide, so a sparse decade still shows every bar.
        chart.update_traces(hovertemplate="%{x|%B %Y}: %{y} cases<extra>%{fullData.name}</extra>",
                            width=27 * 24 * 3600 * 1000, xperiod="M1", xperiodalignment="start")
        charts.finish(chart, title=f"New cases per month, by plaintiff (top {TOP_PLAINTIFFS}, the rest folded)",
                      x="Month filed", y="Cases filed (count)", height=480)
        chart.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.18, title=None))
        points = charts.show(chart, "filings_chart")
        st.caption(f"Cases filed each calendar month, stacked by plaintiff: the {TOP_PLAINTIFFS} plaintiffs with the "
                   "most cases under the filters each have a colour, the rest are one series. Only cases with a "
                   "known filing date appear.")
        tables.download(monthly, "filings_by_month_top", "filings")
        drill.under_chart(params, points, "filings")
    else:
        st.info("No case with a known filing date matches the filters.")
        tables.download(monthly, "filings_by_month_top", "filings")

sections.tabs({"Funnel": funnel_section, "Filings by month": filings_section}, key="overview_tab")
cite.finish(cite_slot)
