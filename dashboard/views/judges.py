"""Judges: how each judge ruled on early discovery, severance and Rule 4(m), and how fast."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, db, drill, filters, tables
from dashboard.labels import OUTCOME_EVENT, OUTCOMES, RULING_EVENTS

TOP_JUDGES = 25


def _of_judges(shown: int, total: int, most: str) -> str:
    """A chart title's note that it shows the top `shown` of `total` judges."""
    return f" ({shown} of {total} judges: those with {most})" if shown < total else ""


params = filters.current()
st.title("Judges")
st.caption(f"Showing {filters.describe(params)}. A ruling is credited to the magistrate judge the case was "
           "referred to, else the assigned judge, else the judge the order names ('unknown' when none is known).")

st.subheader("Rulings on early discovery")
outcomes = db.ask("judge_outcomes", params, top=TOP_JUDGES)
if outcomes.height:
    judges = outcomes.unique("judge", maintain_order=True)["judge"].to_list()
    fig = charts.matrix(
        [OUTCOMES[o] for o in outcomes["outcome"]], outcomes["judge"].to_list(), outcomes["rate"].to_list(),
        [f"{n} ({r:.0%})" if n else "0" for n, r in zip(outcomes["rulings"], outcomes["rate"])],
        [drill.tag({"event_labels": [OUTCOME_EVENT[o]], "event_judge": j}, f"{OUTCOMES[o].lower()} by {j}")
         for j, o in zip(outcomes["judge"], outcomes["outcome"])],
        x_order=list(OUTCOMES.values()), y_order=judges, colorscale="Oranges", zmax=1, tickformat=".0%",
        colorbar="Share of the<br>judge's rulings", hover="%{y}, %{x}: %{customdata[1]} rulings",
    )
    charts.finish(fig, title=f"Early-discovery rulings by judge and outcome ({len(judges)} judges with the most "
                             "rulings)", x="Outcome of the ruling", y="Judge", height=160 + 30 * len(judges))
    points = charts.show(fig, "outcomes_chart")
    st.caption("Each cell counts a judge's rulings on motions for early (Rule 26(d)) discovery with that outcome; "
               "the percentage is of the judge's rulings of all four kinds.")
    tables.download(outcomes, "judge_outcomes", "outcomes")
    drill.under_chart(params, points, "outcomes", hint="Click a cell to list the cases behind it.")
else:
    st.info("No ruling on early discovery is recorded for the cases under the current filters.")
    tables.download(outcomes, "judge_outcomes", "outcomes")

rulings = db.ask("judge_rulings", params)
st.subheader("Judge scorecard")
st.caption("Per judge: motions decided (granted, granted in part or denied), each outcome, severance orders "
           "(Rules 20/21), the grant rate, median days from motion to ruling, vacated grants and Rule 4(m) "
           "dismissals for failure to serve.")
tables.table(rulings, "judge_rulings", "rulings")

st.subheader("Severance and Rule 4(m) dismissals")
all_acting = rulings.filter((pl.col("severance_orders") > 0) | (pl.col("dismissals_failure_to_serve") > 0))
acting = (all_acting.sort(["severance_orders", "dismissals_failure_to_serve", "judge"], descending=[True, True, False])
          .head(TOP_JUDGES).select("judge", "severance_orders", "dismissals_failure_to_serve"))
if acting.height:
    shown = acting.reverse()
    fig = go.Figure()
    for column, label, event, colour in (
        ("severance_orders", "Severance orders (Rules 20/21)", "severance", "#72b7b2"),
        ("dismissals_failure_to_serve", "Dismissals for failure to serve (Rule 4(m))", "dismissal_failure_to_serve",
         "#b279a2"),
    ):
        fig.add_bar(x=shown[column], y=shown["judge"], orientation="h", name=label, marker_color=colour,
                    customdata=[[drill.tag({"event_labels": [event], "event_judge": j}, f"{label.lower()} by {j}")]
                                for j in shown["judge"]],
                    hovertemplate="%{y}: %{x}<extra>" + label + "</extra>")
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15))
    charts.finish(fig, title="Orders severing Does, and dismissals for failure to serve, by judge"
                             + _of_judges(acting.height, all_acting.height, "the most severance orders"),
                  x="Orders (count)", y="Judge", height=220 + 40 * acting.height)
    points = charts.show(fig, "severance_chart")
    st.caption("Severance cuts a mass-Doe case down to Doe 1 (misjoinder); a Rule 4(m) dismissal ends a case whose "
               "Does were never served. Judges with neither are left out; every judge's counts are in the "
               "scorecard above.")
    tables.download(acting, "severance_and_4m_by_judge", "severance")
    drill.under_chart(params, points, "severance")
else:
    st.info("No severance order or Rule 4(m) dismissal is recorded for the cases under the current filters.")

st.subheader("Days from motion to ruling")
all_timed = rulings.filter(pl.col("median_days_to_ruling").is_not_null())
timed = (all_timed.sort(["discovery_motions_decided", "judge"], descending=[True, False]).head(TOP_JUDGES)
         .sort(["median_days_to_ruling", "judge"]).select("judge", "discovery_motions_decided", "median_days_to_ruling"))
if timed.height:
    shown = timed.reverse()
    fig = go.Figure(go.Bar(
        x=shown["median_days_to_ruling"], y=shown["judge"], orientation="h", marker_color="#54a24b",
        text=[f"{d:g} day{'' if d == 1 else 's'}" for d in shown["median_days_to_ruling"]], textposition="auto",
        customdata=[[drill.tag({"event_labels": RULING_EVENTS, "event_judge": j}, f"rulings on early discovery by {j}")]
                    for j in shown["judge"]],
        hovertemplate="%{y}: median %{x} days<extra></extra>",
    ))
    charts.finish(fig, title="Median days from an early-discovery motion to the ruling on it, by judge"
                             + _of_judges(timed.height, all_timed.height, "the most motions decided"),
                  x="Median days (motion filed to ruling)", y="Judge", height=180 + 30 * timed.height)
    points = charts.show(fig, "days_chart")
    st.caption("Only rulings whose motion and order both carry a date count; the motion is the one the order names, "
               "else the latest discovery motion before the order.")
    tables.download(timed, "median_days_to_ruling", "days")
    drill.under_chart(params, points, "days")
else:
    st.info("No ruling under the current filters has both its own date and its motion's date.")
