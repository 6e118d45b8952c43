"""The sidebar filters, bound to URL query parameters so a filtered view can be shared.

Widget keys are the URL parameter names (`?court=cand&plaintiff=...&filed=2011-01-01&filed=...`)
and, apart from `filed` (split into filed_from / filed_to), `exclude_top` and `all_cases` (the
`universe` parameter: mass-Doe cases unless set), also the names of the query parameters they become.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from dashboard import db
from dashboard.definitions import UNIVERSE

LIST_FILTERS = {"court": "Court", "plaintiff": "Plaintiff", "counsel": "Plaintiff's counsel", "judge": "Judge"}
EARLIEST = date(1988, 1, 1)
# A multiselect's text field asks for 48 px while focused and 8 px otherwise, so when its chips leave
# less than 48 px on their row, leaving the field (a click anywhere else) takes a row away and moves
# every filter below it up by the height of a chip: a reader who picks a plaintiff and then clicks the
# x of a counsel chip presses on the x, the counsel box jumps 33 px up, and the release lands below
# the x, so the counsel is not removed. Reserving the focused width always keeps the sidebar still.
STEADY = "<style>[data-testid='stSidebar'] .stMultiSelect input { min-width: 48px !important; }</style>"


def _options(kind: str) -> list[str]:
    """The values of one filter, most cases first (filter_options' order)."""
    return db.run("filter_options").filter(filter=kind)["value"].to_list()


def sidebar() -> None:
    """Draw the filter widgets in the sidebar (once per run, before the page)."""
    with st.sidebar:
        st.html(STEADY)  # style only: Streamlit adds it to the page without taking space
        st.header("Filters")
        for key, label in LIST_FILTERS.items():
            values = _options(key)
            # No format_func: a bound widget puts its *shown* labels in the URL, which must stay the
            # plain values so a shared link survives new builds (whose case counts differ).
            st.multiselect(
                label, values, key=key, bind="query-params", placeholder="All",
                help=f"Cases whose {label.lower()} is any of these. Listed most cases first.",
            )
        st.date_input(
            "Filed between", value=(), min_value=EARLIEST, max_value=date.today(), key="filed",
            bind="query-params", format="YYYY-MM-DD",
            help="Cases with no known filing date are left out while this is set.",
        )
        st.toggle(
            "Include cases with named defendants", key="all_cases", bind="query-params",
            help=f"{UNIVERSE} On: every case, also those with named defendants beside fictitious Does "
                 "and those naming real defendants only.",
        )
        st.toggle(
            "Exclude the largest plaintiff", key="exclude_top", bind="query-params",
            help="Leave out the plaintiff with the most cases under the other filters (its volume can swamp counts).",
        )


def base_params() -> dict[str, Any]:
    """The query parameters the sidebar stands for, before the largest-plaintiff toggle."""
    params: dict[str, Any] = {k: list(st.session_state.get(k) or []) or None for k in LIST_FILTERS}
    filed = st.session_state.get("filed") or ()
    if isinstance(filed, date):
        filed = (filed,)
    params["filed_from"] = filed[0].isoformat() if len(filed) >= 1 and filed[0] else None
    # A range picker holds only its start while the user is choosing the end.
    params["filed_to"] = filed[1].isoformat() if len(filed) >= 2 and filed[1] else None
    params["universe"] = "all" if st.session_state.get("all_cases") else None  # None: mass-Doe cases
    return params


def largest_plaintiff(params: dict[str, Any]) -> str | None:
    """The plaintiff with the most cases under `params` (the toggle's target)."""
    card = db.run("plaintiff_scorecard", params)
    return card["plaintiff"][0] if card.height else None


def current() -> dict[str, Any]:
    """Query parameters for every question the page asks."""
    params = base_params()
    params["exclude_plaintiff"] = largest_plaintiff(params) if st.session_state.get("exclude_top") else None
    return params


def describe(params: dict[str, Any]) -> str:
    """A short sentence of the filters in force, for captions."""
    parts = [f"{LIST_FILTERS[k].lower()}: {', '.join(params[k])}" for k in LIST_FILTERS if params.get(k)]
    if params.get("filed_from") or params.get("filed_to"):
        parts.append(f"filed {params.get('filed_from') or '…'} to {params.get('filed_to') or '…'}")
    if params.get("exclude_plaintiff"):
        parts.append(f"excluding the largest plaintiff ({params['exclude_plaintiff']})")
    if params.get("universe") == "all":
        parts.append("including cases with named defendants")
    return "; ".join(parts) if parts else "all mass-Doe cases"
