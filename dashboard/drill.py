"""Clicking a mark narrows the case list: the cases behind a bar, a cell or a funnel stage.

Every clickable mark carries, as its first `customdata` value, a tag naming the question that lists
its cases (`cases_behind` for docket cases, `idb_cases_behind` for FJC IDB records), the parameters
that narrow it, and a phrase describing them. The cases are listed under the chart (with their
CSV); for docket cases a link opens the same list on the Cases page (the sidebar's filters follow
by themselves, being bound to the URL).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

import polars as pl
import streamlit as st

from dashboard import db, tables

# Rows a page lists (and its CSV holds): a browser table of 5,000 rows took half a second to draw.
# All of them: `doedocket query cases_behind`, or the SQL console on the Data page.
LIMIT = 1_000
# cases_behind's narrowing parameters (also the Cases page's URL parameters), in words.
NARROWING = {
    "month": "filed in the month of", "year": "filed in", "by_plaintiff": "plaintiff",
    "other_than": "plaintiff none of", "by_counsel": "counsel", "stage": "reached the stage",
    "event_labels": "with an event labelled", "event_judge": "ruled on by",
}
LIST_NARROWING = ("other_than", "event_labels")
# idb_cases_behind's narrowing parameters.
IDB_NARROWING = {"year": "filed in", "district": "district", "kind": "kind", "disp": "DISP code",
                 "plaintiff_key": "plaintiff"}
QUESTIONS = {"cases_behind": NARROWING, "idb_cases_behind": IDB_NARROWING}


class Mark(NamedTuple):
    """What a clicked mark stands for: the question listing its cases, its narrowing, a phrase."""

    narrow: dict[str, Any]
    what: str
    question: str = "cases_behind"


def tag(narrow: dict[str, Any], what: str, question: str = "cases_behind") -> str:
    """The customdata tag of a mark: its question, narrowing parameters and a phrase for its cases."""
    unknown = set(narrow) - set(QUESTIONS[question])
    if unknown:
        raise ValueError(f"not a narrowing parameter of {question}: {', '.join(sorted(unknown))}")
    return json.dumps({"narrow": narrow, "what": what, "question": question}, sort_keys=True, default=str)


def untag(points: list[dict[str, Any]]) -> Mark | None:
    """What the first clicked mark that carries a tag stands for."""
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and custom:
            custom = custom[0]
        if isinstance(custom, str) and custom.startswith("{"):
            data = json.loads(custom)
            return Mark(data["narrow"], data["what"], data["question"])
    return None


def cases(params: dict[str, Any], narrow: dict[str, Any], search: str | None = None) -> pl.DataFrame:
    """`cases_behind` for the sidebar filters and a narrowing (at most LIMIT rows)."""
    return db.ask("cases_behind", params, **narrow, search=search or None, limit=LIMIT)


def url_params(narrow: dict[str, Any]) -> dict[str, str | list[str]]:
    """A narrowing as Cases-page URL parameters (lists as repeated keys)."""
    return {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in narrow.items() if v is not None}


def describe(narrow: dict[str, Any]) -> str:
    """A narrowing in words: 'plaintiff AF Holdings LLC; filed in 2012'."""
    return "; ".join(f"{NARROWING[k]} {', '.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in narrow.items())


def from_url() -> dict[str, Any]:
    """The narrowing the current URL asks for (the Cases page's unbound parameters)."""
    narrow: dict[str, Any] = {}
    for key in NARROWING:
        values = [v for v in st.query_params.get_all(key) if v]
        if not values:
            continue
        if key in LIST_NARROWING:
            narrow[key] = values
        elif key == "year":  # a hand-edited URL must not break the page: bad values are ignored
            narrow[key] = int(values[0]) if values[0].isdigit() else None
        elif key == "month":
            narrow[key] = _iso_date(values[0])
        else:
            narrow[key] = values[0]
    return {k: v for k, v in narrow.items() if v is not None}


def _iso_date(text: str) -> str | None:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def listing(frame: pl.DataFrame, name: str, key: str, **kwargs):
    """Show a `cases_behind` answer (without its `matches` column) with its CSV and a cap notice;
    returns the table's selection when `kwargs` ask for one."""
    matches = frame["matches"][0] if frame.height else 0
    shown = frame.drop("matches")
    if matches > shown.height:
        st.warning(f"Showing the first {shown.height:,} of {matches:,} matching cases (the CSV holds these "
                   f"{shown.height:,}). Narrow the filters to see the rest, or list them all with "
                   "`doedocket query cases_behind` or the SQL console on the Data page.")
    links = {"source_url": tables.link_column("source_url")} if "source_url" in shown.columns else {}
    return tables.table(shown, name, key, column_config=links, **kwargs)


def under_chart(params: dict[str, Any], points: list[dict[str, Any]], key: str,
                hint: str = "Click a bar to list the cases behind it.") -> None:
    """Under a chart: the cases behind the clicked mark, or a hint to click one."""
    mark = untag(points)
    if mark is None:
        st.caption(hint)
        return
    frame = db.ask(mark.question, params, **mark.narrow, limit=LIMIT)
    matches = frame["matches"][0] if frame.height else 0
    st.markdown(f"**Cases behind the selection: {mark.what}** ({matches:,} {'case' if matches == 1 else 'cases'})")
    listing(frame, f"{mark.question}_{key}", f"behind-{key}")
    if mark.question == "cases_behind":
        # Only the narrowing goes in: the sidebar's bound parameters follow to every page by themselves.
        st.page_link("dashboard/views/cases.py", label="Open these cases on the Cases page", icon=":material/list:",
                     query_params=url_params(mark.narrow))
