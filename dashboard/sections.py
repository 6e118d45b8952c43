"""A long page's sections as tabs, of which only the open one runs and is drawn.

The open tab is bound to the URL (`?plaintiffs_tab=Counsel`: each page its own parameter, so one
page's choice never lands on another's tabs), so a shared link opens the same section,
and a reader waits only for what is on screen: the other sections are asked and drawn when their
tab is chosen. A section is a function drawing it; the first is open by default.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def tabs(sections: dict[str, Callable[[], None]], key: str) -> None:
    """Draw the tabs of `sections` (label: function) and run the open one's function.
    `key` is the URL parameter (and session-state key) of the open tab."""
    for container, draw in zip(st.tabs(list(sections), key=key, bind="query-params"), sections.values()):
        if container.open:
            with container:
                draw()
