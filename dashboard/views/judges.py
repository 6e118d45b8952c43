"""Judges: how each judge ruled on early discovery (grant rates with their intervals), severance and
Rule 4(m), and how fast."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, cite, coverage, db, definitions, drill, filters, sections, tables
from dashboard.labels import OUTCOME_EVENT, OUTCOMES, RULING_EVENTS

TOP_JUDGES = 25
# Judges with fewer motions decided are left out of the charts by default: a judge with one ruling
# would otherwise head the grant-rate chart at 0% or 100%.
MIN_DECIDED = 3
UNKNOWN = "unknown"  # the questions' name for a ruling no judge is known for
DECIDED_EVENTS = RULING_EVENTS[:3]  # granted, granted in part, denied


def _of_judges(shown: int, total: int, most: str) -> str:
    """A chart title's note that it shows the top `shown` of `total` judges."""
    return f" ({shown} of {total} judges: those with {most})" if shown < total else ""


def label(judge: str) -> str:
    """A judge as the reader sees it: 'judge not known' for the rulings no judge is known for."""
    return "judge not known" if judge == UNKNOWN else judge


def known_first(frame: pl.DataFrame, by: list[str], descending: list[bool]) -> pl.DataFrame:
    """`frame` sorted by `by`, with the rulings of no known judge last."""
    return (frame.with_columns((pl.col("judge") == UNKNOWN).alias("_unknown"))
            .sort(["_unknown", *by], descending=[False, *descending]).drop("_unknown"))


params = filters.current()
st.title("Judges")
cite_slot = cite.start(["ruling judge", "grant_rate", "rate (judge x outcome)", "median_days_to_ruling",
                        "does_severed", "dismissed_failure_to_serve", "95% interval", "at least N decided"],
                       filters.describe(params))
st.caption(f"Showing {filters.describe(params)}. A ruling is credited to the magistrate judge the case was "
           "referred to, else the assigned judge, else the judge the order names ('judge not known' when none is "
           "known, listed last).")
min_decided = int(st.number_input(
    "Charts: judges with at least this many motions decided", min_value=1, max_value=10_000, value=MIN_DECIDED,
    step=1, key="min_decided", bind="query-params", help=definitions.define("at least N decided"),
) or MIN_DECIDED)
at_least = f"at least {min_decided:,} motion{'s' if min_decided != 1 else ''} decided"
sued = db.ask("funnel", params).row(0, named=True)
st.caption(coverage.caption(sued["cases_with_docket"], sued["cases_docket_unknown"]))
rulings = db.ask("judge_rulings", params)

def grant_rate_section() -> None:
    """Each judge's grant rate with its interval, then the scorecard of every judge."""
    st.subheader("Grant rate on early discovery")
    all_rated = rulings.filter(pl.col("discovery_motions_decided") >= min_decided)
    rated = known_first(all_rated, ["grant_rate", "discovery_motions_decided", "judge"], [True, True, False]).head(TOP_JUDGES)
    if rated.height:
        fig = go.Figure(go.Scatter(
            x=rated["grant_rate"], mode="markers",
            y=[f"{label(j)} ({g + p:,} of {d:,})" for j, g, p, d in rated.select(
                "judge", "granted", "granted_in_part", "discovery_motions_decided").rows()],
            marker=dict(size=11, color="#f58518"),
            error_x=dict(type="data", symmetric=False, array=(rated["grant_rate_ci_high"] - rated["grant_rate"]).to_list(),
                         arrayminus=(rated["grant_rate"] - rated["grant_rate_ci_low"]).to_list(), color="#999",
                         thickness=1.5, width=4),
            customdata=[[drill.tag({"event_labels": DECIDED_EVENTS, "event_judge": j}, f"rulings on early discovery by {label(j)}"),
                         lo, hi] for j, lo, hi in rated.select("judge", "grant_rate_ci_low", "grant_rate_ci_high").rows()],
            hovertemplate="%{y}: %{x:.1%} granted; 95% interval %{customdata[1]:.1%} to "
                          "%{customdata[2]:.1%}<extra></extra>",
        ))
        fig.update_xaxes(tickformat=".0%", range=[-0.02, 1.02])
        fig.update_yaxes(autorange="reversed")
        charts.finish(fig, title=f"Share of early-discovery motions granted, by judge (judges with {at_least}"
                                 + (f"; the {rated.height} of {all_rated.height} with the highest rates)"
                                    if rated.height < all_rated.height else ")"),
                      x="Granted in whole or in part (% of motions decided, with 95% interval)", y="Judge",
                      height=160 + 28 * rated.height)
        points = charts.show(fig, "grant_rate_chart")
        st.caption("Each dot is a judge's grant rate, its line the 95% Wilson interval: the fewer the rulings, the wider "
                   "it is. Brackets give the motions granted (in whole or in part) of those decided. "
                   f"{rulings.height - all_rated.height:,} judges with fewer than {min_decided:,} decided are left out "
                   "here; the scorecard below lists every judge.")
        tables.download(rated, "judge_grant_rates", "grant-rates")
        drill.under_chart(params, points, "grant-rates", hint="Click a dot to list the cases behind it.")
    else:
        st.info(f"No judge has {at_least} under the current filters. Lower the number above to see more judges.")

    st.subheader("Judge scorecard")
    st.caption("Every judge: motions decided (granted, granted in part or denied), each outcome, severance orders "
               "(Rules 20/21), the grant rate with its 95% interval, median days from motion to ruling, vacated grants "
               "and Rule 4(m) dismissals for failure to serve.")
    tables.table(rulings, "judge_rulings", "rulings",
                 shown=rulings.with_columns(pl.col("judge").replace(UNKNOWN, label(UNKNOWN))))


def rulings_section() -> None:
    """Rulings by judge and outcome."""
    st.subheader("Rulings on early discovery")
    outcomes = db.ask("judge_outcomes", params, top=TOP_JUDGES, min_decided=min_decided)
    if outcomes.height:
        judges = outcomes.unique("judge", maintain_order=True)["judge"].to_list()
        fig = charts.matrix(
            [OUTCOMES[o] for o in outcomes["outcome"]], [label(j) for j in outcomes["judge"]], outcomes["rate"].to_list(),
            [f"{n:,} ({r:.1%})" if n else "0" for n, r in zip(outcomes["rulings"], outcomes["rate"])],
            [drill.tag({"event_labels": [OUTCOME_EVENT[o]], "event_judge": j}, f"{OUTCOMES[o].lower()} by {label(j)}")
             for j, o in zip(outcomes["judge"], outcomes["outcome"])],
            x_order=list(OUTCOMES.values()), y_order=[label(j) for j in judges], colorscale="Oranges", zmax=1,
            tickformat=".0%", colorbar="Share of the<br>judge's rulings", hover="%{y}, %{x}: %{customdata[1]} rulings",
        )
        charts.finish(fig, title=f"Early-discovery rulings by judge and outcome ({len(judges)} judges with the most "
                                 f"rulings, {at_least})", x="Outcome of the ruling", y="Judge",
                      height=160 + 30 * len(judges))
        points = charts.show(fig, "outcomes_chart")
        st.caption("Each cell counts a judge's rulings on motions for early (Rule 26(d)) discovery with that outcome; "
                   "the percentage is of the judge's rulings of all four kinds (its 95% interval is in the CSV).")
        tables.download(outcomes, "judge_outcomes", "outcomes")
        drill.under_chart(params, points, "outcomes", hint="Click a cell to list the cases behind it.")
    else:
        st.info(f"No judge has {at_least} under the current filters.")
        tables.download(outcomes, "judge_outcomes", "outcomes")


def severance_section() -> None:
    """Severance orders and Rule 4(m) dismissals by judge."""
    st.subheader("Severance and Rule 4(m) dismissals")
    all_acting = rulings.filter((pl.col("severance_orders") > 0) | (pl.col("dismissals_failure_to_serve") > 0))
    acting = (known_first(all_acting, ["severance_orders", "dismissals_failure_to_serve", "judge"], [True, True, False])
              .head(TOP_JUDGES).select("judge", "severance_orders", "dismissals_failure_to_serve"))
    if acting.height:
        shown = acting.reverse()
        fig = go.Figure()
        for column, name, event, colour in (
            ("severance_orders", "Severance orders (Rules 20/21)", "severance", "#72b7b2"),
            ("dismissals_failure_to_serve", "Dismissals for failure to serve (Rule 4(m))", "dismissal_failure_to_serve",
             "#b279a2"),
        ):
            fig.add_bar(x=shown[column], y=[label(j) for j in shown["judge"]], orientation="h", name=name,
                        marker_color=colour,
                        customdata=[[drill.tag({"event_labels": [event], "event_judge": j}, f"{name.lower()} by {label(j)}")]
                                    for j in shown["judge"]],
                        hovertemplate="%{y}: %{x}<extra>" + name + "</extra>")
        fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15))
        charts.finish(fig, title="Orders severing Does, and dismissals for failure to serve, by judge"
                                 + _of_judges(acting.height, all_acting.height, "the most severance orders"),
                      x="Orders (count)", y="Judge", height=220 + 40 * acting.height)
        points = charts.show(fig, "severance_chart")
        st.caption("Severance cuts a mass-Doe case down to Doe 1 (misjoinder); a Rule 4(m) dismissal ends a case whose "
                   "Does were never served. Judges with neither are left out; every judge's counts are in the "
                   "scorecard (Grant rate tab).")
        tables.download(acting, "severance_and_4m_by_judge", "severance")
        drill.under_chart(params, points, "severance")
    else:
        st.info("No severance order or Rule 4(m) dismissal is recorded for the cases under the current filters.")


def days_section() -> None:
    """Median days from motion to ruling by judge."""
    st.subheader("Days from motion to ruling")
    all_timed = rulings.filter(pl.col("median_days_to_ruling").is_not_null())
    timed = known_first(known_first(all_timed, ["discovery_motions_decided", "judge"], [True, False]).head(TOP_JUDGES),
                        ["median_days_to_ruling", "judge"], [False, False]).select(
        "judge", "discovery_motions_decided", "median_days_to_ruling")
    if timed.height:
        shown = timed.reverse()
        fig = go.Figure(go.Bar(
            x=shown["median_days_to_ruling"], y=[label(j) for j in shown["judge"]], orientation="h", marker_color="#54a24b",
            text=[f"{d:g} day{'' if d == 1 else 's'}" for d in shown["median_days_to_ruling"]], textposition="auto",
            customdata=[[drill.tag({"event_labels": RULING_EVENTS, "event_judge": j}, f"rulings on early discovery by {label(j)}")]
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

sections.tabs({"Grant rate": grant_rate_section, "Rulings by outcome": rulings_section,
               "Severance and Rule 4(m)": severance_section, "Days to ruling": days_section}, key="judges_tab")
cite.finish(cite_slot)
