"""National: the FJC Integrated Database's view of every federal copyright case, Doe cases among them.

The Doe share of copyright filings by year, the top plaintiffs' share, districts and the
disposition mix; clicking a mark lists the IDB records behind it. Until the IDB is loaded (the `idb_cases` table and its questions), it says how
to load it.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, db, drill, filters, sections, tables

QUESTIONS = ("doe_share_by_year", "top_plaintiffs_by_year", "district_doe_share", "disposition_mix")
GUIDANCE = (
    "Load the FJC Integrated Database: `doedocket fetch idb` downloads the civil file from fjc.gov/research/idb "
    "(about 324 MB) and loads it; a file at hand loads with `doedocket ingest idb cv88on.txt`. A synthetic file for "
    "trying it: "
    "`doedocket synth idb --rows 100000 --seed 1 --out /tmp/idb.txt`, then `doedocket ingest idb /tmp/idb.txt`."
)
TOP = 10
TOP_DISTRICTS = 20
DOE, OTHER = "#e45756", "#9d9d9d"

st.title("National: every federal copyright case (FJC)")
cite_slot = cite.start(["doe_share", "share (top plaintiffs)", "share_of_doe_cases", "share (dispositions)",
                        "median_days_to_termination", "95% interval"], filters.describe({}))
missing = [q for q in QUESTIONS if not db.has_query(q)]
idb_rows = db.table_rows().get("idb_cases", 0)
if missing or idb_rows == 0:
    st.caption("From the FJC Integrated Database, which lists every federal civil case with its nature of suit, "
               "dates and disposition (but no docket text).")
    st.info(GUIDANCE, icon=":material/info:")
    if idb_rows == 0:
        st.caption("This build has no FJC IDB rows yet (table `idb_cases` is absent or empty).")
    if missing:
        st.caption("Questions not yet available in this installation: " + ", ".join(f"`{q}`" for q in missing) + ".")
    cite.stop(cite_slot)

params = filters.base_params()
if st.session_state.get("exclude_top"):
    # The IDB's own largest plaintiff: the most Doe cases under the other filters.
    leader = db.ask("disposition_mix", params, top=1).filter(pl.col("rank") == 1)
    params["exclude_plaintiff"] = leader["plaintiff_key"][0] if leader.height else None
    excluded = leader["plaintiff"][0] if leader.height else None
else:
    excluded = None
shown = {k: v for k, v in params.items() if k in ("court", "plaintiff", "filed_from", "filed_to")}
cite.set_filters(filters.describe(shown) + (f", excluding the IDB's largest Doe plaintiff ({excluded})" if excluded else ""))
st.caption(
    f"From the FJC Integrated Database ({idb_rows:,} copyright case records), which lists every federal civil case "
    f"with its nature of suit, dates and disposition but no docket text. Showing {filters.describe(shown)}"
    + (f", excluding the IDB's largest Doe plaintiff ({excluded})" if excluded else "")
    + ". The counsel and judge filters do not apply: the IDB does not record them. Names are cut at 30 "
      "characters, as the FJC publishes them."
)

files = [s["about"] for s in cite.facts()["sources"] if s.get("about") and s["source"] == "idb"]
if files:  # the downloaded IDB file(s): "FJC IDB civil file through 2026-03-31, cv88on_0.zip, ... bytes, SHA-256 ..."
    st.caption("Read from: " + "; ".join(files) + ".")

def share_section() -> None:
    """The Doe share of copyright filings by year."""
    st.subheader("Doe share of copyright filings, by year")
    share = db.ask("doe_share_by_year", params)
    if share.height:
        years = share["year"].to_list()

        def _year_tags(kind: str | None, words: str) -> list[list[str]]:
            return [[drill.tag({"year": y} | ({"kind": kind} if kind else {}), f"{words} filed in {y}",
                               "idb_cases_behind")] for y in years]

        fig = go.Figure()
        fig.add_bar(x=years, y=(share["copyright_cases"] - share["doe_cases"]).to_list(),
                    name="Other copyright cases", marker_color=OTHER,
                    customdata=_year_tags("other", "copyright cases not against Does"),
                    hovertemplate="%{x}: %{y} other copyright cases<extra></extra>")
        fig.add_bar(x=years, y=share["doe_cases"].to_list(), name="Cases against Does", marker_color=DOE,
                    customdata=_year_tags("doe", "copyright cases against Does"),
                    hovertemplate="%{x}: %{y} cases against Does<extra></extra>")
        fig.add_scatter(x=years, y=share["doe_share_ci_high"].to_list(), yaxis="y2", mode="lines", line=dict(width=0),
                        hoverinfo="skip", showlegend=False)
        fig.add_scatter(x=years, y=share["doe_share_ci_low"].to_list(), yaxis="y2", mode="lines", line=dict(width=0),
                        fill="tonexty", fillcolor="rgba(34, 34, 34, 0.15)", name="95% interval of the share",
                        hoverinfo="skip")
        fig.add_scatter(x=years, y=share["doe_share"].to_list(), name="Doe share (right axis)",
                        mode="lines+markers", yaxis="y2", line=dict(color="#222"),
                        customdata=_year_tags(None, "copyright cases"),
                        hovertemplate="%{x}: %{y:.1%} of copyright filings against Does<extra></extra>")
        fig.update_layout(barmode="stack", yaxis2=dict(overlaying="y", side="right", tickformat=".0%", range=[0, 1],
                                                       dtick=0.25, title="Doe share (%)", showgrid=False),
                          legend=dict(orientation="h", y=-0.2))
        charts.finish(fig, title="Copyright cases filed each year, and the share brought against Does",
                      x="Year filed", y="Copyright cases filed (count)", height=440)
        points = charts.show(fig, "share_chart")
        st.caption("Bars: copyright (NOS 820) cases filed each year, split into cases against Doe defendants and the "
                   "rest; line: the Doe share, in its grey band of 95% (Wilson) intervals. Cases count once, in the year "
                   "first filed.")
        tables.download(share, "doe_share_by_year", "share")
        drill.under_chart(params, points, "share", hint="Click a bar to list the IDB cases behind it.")
    else:
        st.info("No copyright filing matches the filters.")
        tables.download(share, "doe_share_by_year", "share")


def top_section() -> None:
    """The top plaintiffs' share of Doe cases."""
    st.subheader("The top plaintiffs' share")
    top = db.ask("top_plaintiffs_by_year", params, top=TOP)
    if top.height:
        per_year = (top.group_by("year").agg(
            pl.col("share").sum().round(4).alias("top_share"),
            pl.col("plaintiff").sort_by("rank").first().alias("leading_plaintiff"),
            pl.col("plaintiff_key").sort_by("rank").first().alias("leading_plaintiff_key"),
            pl.col("share").sort_by("rank").first().round(4).alias("leading_share"),
            pl.col("share_ci_low").sort_by("rank").first().alias("leading_share_ci_low"),
            pl.col("share_ci_high").sort_by("rank").first().alias("leading_share_ci_high"),
            pl.col("copyright_cases").first().alias("copyright_cases"),
        ).sort("year"))
        fig = go.Figure()
        fig.add_scatter(x=per_year["year"].to_list(), y=per_year["top_share"].to_list(), mode="lines+markers",
                        name=f"The year's top {TOP} plaintiffs", line=dict(color=DOE),
                        customdata=[[drill.tag({"year": y}, f"copyright cases filed in {y}", "idb_cases_behind")]
                                    for y in per_year["year"]],
                        hovertemplate="%{x}: %{y:.1%}<extra></extra>")
        fig.add_scatter(x=per_year["year"].to_list(), y=per_year["leading_share"].to_list(), mode="lines+markers",
                        name="The year's leading plaintiff (95% interval)", line=dict(color="#4c78a8"),
                        error_y=dict(type="data", symmetric=False, color="#4c78a8", thickness=1, width=3,
                                     array=(per_year["leading_share_ci_high"] - per_year["leading_share"]).to_list(),
                                     arrayminus=(per_year["leading_share"] - per_year["leading_share_ci_low"]).to_list()),
                        customdata=[[drill.tag({"year": y, "plaintiff_key": k}, f"{p}, filed in {y}", "idb_cases_behind"), p]
                                    for y, k, p in per_year.select("year", "leading_plaintiff_key",
                                                                   "leading_plaintiff").rows()],
                        hovertemplate="%{x}: %{customdata[1]}, %{y:.1%}<extra></extra>")
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
        fig.update_layout(legend=dict(orientation="h", y=-0.2))
        charts.finish(fig, title=f"Share of each year's copyright filings brought by its top {TOP} plaintiffs, and by "
                                 "the leading one", x="Year filed", y="Share of the year's copyright cases (%)",
                      height=420)
        points = charts.show(fig, "top_chart")
        st.caption(f"For each year, the {TOP} plaintiffs with the most copyright cases filed that year, together and the "
                   "first alone (hover for its name): how concentrated filing is.")
        tables.download(per_year, "top_plaintiffs_share_by_year", "top-share")
        drill.under_chart(params, points, "top", hint="Click a point to list the IDB cases behind it.")
        st.markdown(f"**Each year's top {TOP} plaintiffs**")
        tables.table(top, "top_plaintiffs_by_year", "top")
    else:
        st.info("No copyright filing with a plaintiff matches the filters.")


def districts_section() -> None:
    """The Doe share by district."""
    st.subheader("Districts")
    districts = db.ask("district_doe_share", params)
    leading = districts.filter(pl.col("doe_cases") > 0).head(TOP_DISTRICTS)
    if leading.height:
        chart_rows = leading.reverse()
        labels = [f"{n} ({c})" for n, c in zip(chart_rows["court_name"], chart_rows["court_id"])]
        fig = go.Figure(go.Bar(
            x=chart_rows["doe_cases"].to_list(), y=labels, orientation="h", marker_color=DOE,
            text=[f"{s:.1%} of its copyright cases ({lo:.1%} to {hi:.1%})"
                  for s, lo, hi in chart_rows.select("doe_share", "doe_share_ci_low", "doe_share_ci_high").rows()],
            textposition="auto",
            customdata=[[drill.tag({"district": c, "kind": "doe"}, f"cases against Does in {n}", "idb_cases_behind")]
                        for c, n in zip(chart_rows["court_id"], chart_rows["court_name"])],
            hovertemplate="%{y}: %{x} Doe cases (%{text})<extra></extra>",
        ))
        charts.finish(fig, title=f"Doe cases by district (the {leading.height} districts with the most)",
                      x="Copyright cases against Does (count)", y="District court", height=160 + 26 * leading.height)
        points = charts.show(fig, "district_chart")
        st.caption("Copyright cases against Doe defendants filed in each district; the label gives the Doe share of the "
                   "district's copyright cases and its 95% interval. Every district is in the table below.")
        tables.download(leading, "district_doe_share_top", "district-chart")
        drill.under_chart(params, points, "district", hint="Click a bar to list the IDB cases behind it.")
    else:
        st.info("No copyright case against Does matches the filters.")
    tables.table(districts, "district_doe_share", "districts")


def endings_section() -> None:
    """How the cases end: the disposition mix."""
    st.subheader("How the cases end")
    mix = db.ask("disposition_mix", params, top=TOP)
    overall = mix.filter(pl.col("rank") == 0).sort(["kind", "cases"], descending=[False, True])
    if overall.height:
        order = (overall.group_by("disposition").agg(pl.col("cases").sum()).sort("cases", descending=True)
                 ["disposition"].to_list())
        fig = go.Figure()
        for kind, name, colour in (("doe", "Cases against Does", DOE), ("other", "Other copyright cases", OTHER)):
            part = overall.filter(pl.col("kind") == kind)
            fig.add_bar(x=part["share"].to_list(), y=part["disposition"].to_list(), orientation="h", name=name,
                        marker_color=colour,
                        error_x=dict(type="data", symmetric=False, color="#555", thickness=1, width=3,
                                     array=(part["share_ci_high"] - part["share"]).to_list(),
                                     arrayminus=(part["share"] - part["share_ci_low"]).to_list()),
                        customdata=[[drill.tag({"kind": kind, "disp": d}, f"{name.lower()} ended \"{w}\"",
                                               "idb_cases_behind"), n]
                                    for d, w, n in part.select("disp", "disposition", "cases").rows()],
                        hovertemplate="%{y}: %{x:.1%} (%{customdata[1]} cases)<extra>" + name + "</extra>")
        fig.update_xaxes(tickformat=".0%")
        fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
        fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15))
        charts.finish(fig, title="How ended copyright cases ended: against Does and otherwise",
                      x="Share of ended cases of the kind (%)", y="Disposition (FJC DISP)", height=200 + 30 * len(order))
        points = charts.show(fig, "disposition_chart")
        st.caption("Among cases with a termination date and a disposition, the share ending each way (with its 95% "
                   "interval), for cases against Does and the other copyright cases. The table below breaks this down by the plaintiffs with the "
                   "most Doe cases.")
        tables.download(overall, "disposition_mix_all_plaintiffs", "disposition-chart")
        drill.under_chart(params, points, "disposition", hint="Click a bar to list the IDB cases behind it.")
    else:
        st.info("No ended copyright case matches the filters.")
    tables.table(mix, "disposition_mix", "disposition")

sections.tabs({"Doe share by year": share_section, "Top plaintiffs": top_section, "Districts": districts_section,
               "How the cases end": endings_section}, key="national_tab")
cite.finish(cite_slot)
