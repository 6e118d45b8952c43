"""Plaintiffs and counsel: scorecards, served per 1,000 subpoenaed, who files for whom, profiles."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, coverage, db, definitions, drill, filters, sections, tables

TOP_RATE = 25
TOP_COUNSEL = 15

params = filters.current()
st.title("Plaintiffs and counsel")
cite_slot = cite.start(["does_sued", 'does_discovery_granted ("subpoenas authorised")', "defendants_named",
                        "defendants_served", "served_per_1000_subpoenaed", "voluntary_dismissals", "median_days_open",
                        "95% interval"], filters.describe(params))
st.caption(f"Showing {filters.describe(params)}. \"Subpoenas authorised\" (does_discovery_granted) counts the "
           "Does covered by an order granting early discovery.")

plaintiffs = db.ask("plaintiff_scorecard", params)
counsel = db.ask("counsel_scorecard", params)


def plaintiffs_section() -> None:
    """The plaintiff scorecard and the served-per-1,000 chart."""
    st.subheader("Plaintiff scorecard")
    st.caption("One row per plaintiff: suits, Does sued, cases and Does with early discovery granted, defendants "
               "named and served, served per 1,000 Does covered by granted discovery, voluntary dismissals, and "
               "the median days from filing to termination (closed cases with both dates).")
    st.caption(coverage.caption(int(plaintiffs["cases_with_docket"].sum() or 0),
                                int((plaintiffs["cases"] - plaintiffs["cases_with_docket"]).sum() or 0)))
    tables.table(plaintiffs, "plaintiff_scorecard", "plaintiffs")

    st.subheader("Defendants served per 1,000 Does subpoenaed")
    rated = (plaintiffs.filter(pl.col("does_discovery_granted") > 0)
             .sort(["does_discovery_granted", "plaintiff"], descending=[True, False]).head(TOP_RATE)
             .select("plaintiff", "cases", "does_discovery_granted", "defendants_served", "served_per_1000_subpoenaed",
                     "served_per_1000_subpoenaed_ci_low", "served_per_1000_subpoenaed_ci_high"))
    if rated.height:
        shown = rated.reverse()  # the largest at the top of a horizontal chart
        rate, low, high = (shown[c].fill_null(float("nan")) for c in (
            "served_per_1000_subpoenaed", "served_per_1000_subpoenaed_ci_low", "served_per_1000_subpoenaed_ci_high"))
        fig = go.Figure(go.Scatter(
            x=rate, y=[f"{p} ({s:,} served of {g:,})" for p, s, g in
                       shown.select("plaintiff", "defendants_served", "does_discovery_granted").rows()], mode="markers",
            marker=dict(size=13, color="#e45756"),
            error_x=dict(type="data", symmetric=False, array=(high - rate).to_list(), arrayminus=(rate - low).to_list(),
                         color="#999", thickness=1.5, width=4),
            customdata=[[drill.tag({"by_plaintiff": p}, f"cases of {p}"), lo, hi]
                        for p, lo, hi in zip(shown["plaintiff"], low, high)],
            hovertemplate="%{y}: %{x:,.2f} served per 1,000 subpoenaed; 95% interval %{customdata[1]:,.2f} to "
                          "%{customdata[2]:,.2f}<extra></extra>",
        ))
        top_rate = max(shown["served_per_1000_subpoenaed_ci_high"].max() or 0, shown["served_per_1000_subpoenaed"].max() or 0, 1)
        fig.update_xaxes(range=[-top_rate * 0.03, top_rate * 1.05], rangemode="tozero")
        charts.finish(fig, title=f"Defendants served per 1,000 Does covered by granted early discovery "
                                 f"(the {rated.height} plaintiffs with the most Does subpoenaed)",
                      x="Defendants served per 1,000 Does subpoenaed", y="Plaintiff",
                      height=140 + 26 * rated.height)
        points = charts.show(fig, "rate_chart")
        st.caption("A dot at 0 means not one defendant was served although early discovery let the plaintiff "
                   "subpoena the subscribers behind the Does' IP addresses. Brackets give the counts; each line is the "
                   "95% interval (the fewer Does covered, the wider). A plaintiff with more defendants served than Does "
                   "covered (named defendants) has no interval.")
        tables.download(rated, "served_per_1000_subpoenaed", "rate")
        drill.under_chart(params, points, "rate", hint="Click a dot to list that plaintiff's cases.")
    else:
        st.info("No plaintiff under the current filters had early discovery granted, so there is no rate to show.")


def counsel_section() -> None:
    """The counsel scorecard and who files for whom."""
    st.subheader("Counsel scorecard")
    st.caption("One row per plaintiff-side attorney and per firm (kind), over the cases it appeared in; a case "
               "counts once for each of its counsel, so rows do not add up to the case total.")
    tables.table(counsel, "counsel_scorecard", "counsel")

    st.subheader("Who files for whom")
    kind_label = st.segmented_control("Counsel", ["Firms", "Attorneys", "Both"], default="Firms", key="matrix_kind",
                                      bind="query-params")
    kind = {"Firms": "firm", "Attorneys": "attorney"}.get(kind_label or "Both")
    matrix = db.ask("counsel_plaintiff_matrix", params, kind=kind, top=TOP_COUNSEL)
    if matrix.height:
        counsel_order = matrix.unique("counsel", maintain_order=True)["counsel"].to_list()
        plaintiff_order = (matrix.group_by("plaintiff").agg(pl.col("cases").sum())
                           .sort(["cases", "plaintiff"], descending=[True, False])["plaintiff"].to_list())
        fig = charts.matrix(
            matrix["plaintiff"].to_list(), matrix["counsel"].to_list(), matrix["cases"].to_list(),
            [f"{c:,}" for c in matrix["cases"]],
            [drill.tag({"by_counsel": c, "by_plaintiff": p}, f"{c} for {p}")
             for c, p in zip(matrix["counsel"], matrix["plaintiff"])],
            x_order=plaintiff_order, y_order=counsel_order, colorscale="Blues", colorbar="Cases",
            zmax=max(matrix["cases"].max(), 2), dtick=1 if matrix["cases"].max() <= 10 else None,
            hover="%{y} for %{x}: %{customdata[1]} cases",
        )
        fig.update_xaxes(tickangle=-35)
        charts.finish(fig, title=f"Cases by plaintiff-side counsel and plaintiff (the {len(counsel_order)} counsel "
                                 "with the most plaintiffs)",
                      x="Plaintiff", y="Counsel", height=300 + 34 * len(counsel_order))
        points = charts.show(fig, "matrix_chart")
        st.caption("Each square is a counsel (row) filing for a plaintiff (column); its number is the cases. "
                   "A long row is one firm or lawyer behind many plaintiffs.")
        tables.download(matrix, "counsel_plaintiff_matrix", "matrix")
        drill.under_chart(params, points, "matrix", hint="Click a square to list the cases behind it.")
    else:
        st.info("No plaintiff-side counsel is recorded for the cases under the current filters.")
        tables.download(matrix, "counsel_plaintiff_matrix", "matrix")


def profile_section() -> None:
    """One plaintiff's or counsel's cases, Does, outcomes, years and partners."""
    st.subheader("Profile")
    profile_kind = st.segmented_control("Profile of", ["Plaintiff", "Counsel"], default="Plaintiff",
                                        key="profile_kind", bind="query-params") or "Plaintiff"
    if profile_kind == "Plaintiff":
        options = [p for p in plaintiffs["plaintiff"].to_list() if p is not None]
        name = st.selectbox("Plaintiff", options, key="profile_plaintiff", bind="query-params",
                            placeholder="No plaintiff matches the filters")
        card = plaintiffs.filter(pl.col("plaintiff") == name) if name is not None else plaintiffs.clear()
        narrow = {"by_plaintiff": name}
        profile = {"profile_plaintiff": name}
    else:
        options = counsel["counsel"].unique(maintain_order=True).to_list()
        name = st.selectbox("Firm or attorney", options, key="profile_counsel", bind="query-params",
                            placeholder="No counsel matches the filters")
        card = counsel.filter(pl.col("counsel") == name) if name is not None else counsel.clear()
        narrow = {"by_counsel": name}
        profile = {"profile_counsel": name}

    if name is None or card.height == 0:
        st.info("Nobody to profile under the current filters.")
        cite.stop(cite_slot)

    row = card.row(0, named=True)
    cols = st.columns(5)
    cols[0].metric("Cases", f"{row['cases']:,}")
    cols[1].metric("Does sued", f"{row['does_sued'] or 0:,}")
    cols[2].metric("Subpoenas authorised", f"{row['does_discovery_granted'] or 0:,}",
                   help=definitions.define('does_discovery_granted ("subpoenas authorised")'))
    cols[3].metric("Defendants served", f"{row['defendants_served'] or 0:,}")
    rate = row["served_per_1000_subpoenaed"]
    low, high = row["served_per_1000_subpoenaed_ci_low"], row["served_per_1000_subpoenaed_ci_high"]
    cols[4].metric("Served per 1,000 subpoenaed", "n/a" if rate is None else f"{rate:,.1f}",
                   help=definitions.define("served_per_1000_subpoenaed")
                   + (f" 95% interval: {low:,.1f} to {high:,.1f}." if low is not None else ""))

    yearly = db.ask("profile_by_year", params, **profile)
    dated = yearly.filter(pl.col("year").is_not_null())
    if dated.height:
        fig = go.Figure(go.Bar(
            x=dated["year"], y=dated["cases"], marker_color="#4c78a8",
            customdata=[[drill.tag(narrow | {"year": int(y)}, f"{name}, filed {y}")] for y in dated["year"]],
            hovertemplate="%{x}: %{y} cases<extra></extra>",
        ))
        first, last = dated["year"].min(), dated["year"].max()
        fig.update_traces(width=0.7)
        fig.update_xaxes(dtick=1, range=[first - 1.5, last + 1.5])
        charts.finish(fig, title=f"{name}: cases filed per year", x="Year filed", y="Cases filed (count)", height=320)
        points = charts.show(fig, "profile_chart")
        undated = yearly.filter(pl.col("year").is_null())
        st.caption("Cases per calendar year of filing" + (
            f"; {undated['cases'][0]:,} more have no known filing date." if undated.height else "."))
        tables.download(yearly, "profile_by_year", "profile-years")
        drill.under_chart(params, points, "profile", hint="Click a year to list its cases.")
    else:
        st.caption("None of these cases has a known filing date, so there is no timeline to draw.")
        tables.download(yearly, "profile_by_year", "profile-years")

    partners = db.ask("profile_partners", params, **profile)
    st.markdown("**Counsel for this plaintiff**" if profile_kind == "Plaintiff" else "**Plaintiffs of this counsel**")
    tables.table(partners, "profile_partners", "partners")

    st.markdown(f"**Cases of {name}**")
    drill.listing(drill.cases(params, narrow), "profile_cases", "profile-cases")

sections.tabs({"Plaintiffs": plaintiffs_section, "Counsel": counsel_section, "Profile": profile_section}, key="plaintiffs_tab")
cite.finish(cite_slot)
