"""'Cite this view': what a page's figures rest on, so a chart copied into a paper can be reproduced.

Every page opens a slot for the expander under its title (`start`) and fills it when the page is
drawn (`finish`, or `stop` where a page ends early), so the link holds every parameter the page's
own controls put in the URL. The same facts go into the README.txt of every "CSV with provenance"
zip: the link, the build and when it was written, the sources loaded and their dates, the
classifier version, the hand corrections, the filters and a methods paragraph for the page's
measures (dashboard/definitions.py, the words of the help texts).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import db, definitions
from pipelines import queries

_PAGE = "cite_page"  # session-state key of the running page's measures and filters
CITE_OPEN = "cite_open"  # session-state key of the "Cite this view" box: open or not


@st.cache_data(max_entries=8, show_spinner=False)
def _facts(real_path: str) -> dict[str, Any]:
    return queries.provenance(db.connection(), Path(real_path))


def facts() -> dict[str, Any]:
    """The published build's provenance (`pipelines.queries.provenance`), worked out once per build."""
    return _facts(str(db.published_path()))


def page_url() -> str:
    """This page's address with its query parameters: opening it shows the same view."""
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    query = urlencode(pairs, quote_via=quote)
    return (st.context.url or "") + (f"?{query}" if query else "")


# What the dates of a source's rows are, by the kind of row (provenance_sources' item).
_DATES = {"cases": "retrieved", "idb": "filed", "exhibits": "hits seen"}


def source_lines(found: dict[str, Any]) -> list[str]:
    """One line per source loaded: what, how many rows, the dates they span."""
    lines = []
    for s in found["sources"]:
        if s.get("about"):  # a downloaded source file: what it is, its cut-off, size and hash, in words
            lines.append(f"{s['source']}: {s['about']}")
            continue
        if s["file"]:
            line = f"{s['source']} file {s['file']}: {s['rows']:,} rows"
        elif s["item"].startswith("records: "):
            line = f"{s['source']}: {s['rows']:,} records ({s['item'].removeprefix('records: ')})"
        else:
            line = f"{s['source']}: {s['rows']:,} {s['item']}"
        if s["latest"]:
            words = _DATES.get(s["item"]) or _DATES.get(s["source"], "dated")
            span = s["latest"] if s["earliest"] in (None, s["latest"]) else f"{s['earliest']} to {s['latest']}"
            line += f", {words} {span}"
        lines.append(line)
    return lines or ["(none)"]


def fact_lines(found: dict[str, Any], filters: str) -> list[str]:
    """The build facts every citation states, one per line (the expander and every README.txt)."""
    build = found["build"]
    written = build["written_utc"].replace("T", " ").rstrip("Z")
    corrections = found["hand_corrections"]
    return [
        f"Filters: {filters}",
        f"Build: {build['id']} (file {build['file']}, written {written} UTC)",
        f"Classifier version: {found['classifier_version'] or 'not recorded'}",
        f"Hand corrections applied: {corrections:,}" if corrections else "Hand corrections applied: none",
        *(f"Build fact {k}: {v}" for k, v in found["build_info"].items() if k != "classifier_version"),
    ]


def methods(measures: Sequence[str]) -> list[str]:
    """The definitions of `measures` (keys of definitions.MEASURES), one line each."""
    return [f"{m}: {definitions.MEASURES[m][0]}" for m in measures]


def readme(found: dict[str, Any], url: str, filters: str, measures: Sequence[str], csv_name: str,
           rows: int) -> str:
    """README.txt of a "CSV with provenance" zip: the CSV, then the citation facts and methods."""
    lines = [f"doedocket: {csv_name} ({rows:,} rows)", "",
             f"Link to this view: {url or '(the page address with its query parameters)'}",
             *fact_lines(found, filters), "Sources loaded:", *(f"  - {line}" for line in source_lines(found)),
             "", "Methods:", *(f"  - {line}" for line in methods(measures))]
    return "\n".join(lines) + "\n"


def csv_zip(csv: bytes, csv_name: str, text: str) -> bytes:
    """A zip of `csv_name` and README.txt."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_name, csv)
        archive.writestr("README.txt", text)
    return out.getvalue()


def start(measures: Sequence[str], filters: str) -> DeltaGenerator:
    """Under a page's title: a slot for its "Cite this view" box, and what it will say about the page."""
    st.session_state[_PAGE] = {"measures": list(measures), "filters": filters}
    return st.container()


def set_filters(text: str) -> None:
    """What the running page's filters are, when the page works them out after `start`."""
    current()["filters"] = text


def current() -> dict[str, Any]:
    """The running page's measures and filters (empty before `start`)."""
    return st.session_state.setdefault(_PAGE, {"measures": [], "filters": "all cases"})


def finish(slot: DeltaGenerator) -> None:
    """Fill the page's slot with the "Cite this view" expander (at the end of the page). Its contents
    are drawn only while it is open (opening it reruns the page), so a closed box costs the browser
    nothing."""
    with slot:
        box = st.expander("Cite this view", icon=":material/format_quote:", key=CITE_OPEN, on_change="rerun")
    if not box.open:
        return
    page, found, url = current(), facts(), page_url()
    with box:
        st.caption("This link reopens the view; the build, its sources and the methods let a reader check it.")
        st.code(url or "(open the page in a browser for its address)", language=None, wrap_lines=True)
        st.markdown("\n".join(f"- {line}" for line in fact_lines(found, page["filters"])))
        st.markdown("**Sources loaded**\n\n" + "\n".join(f"- {line}" for line in source_lines(found)))
        if page["measures"]:
            st.markdown("**Methods**\n\n" + "\n".join(f"- {line}" for line in methods(page["measures"])))


def stop(slot: DeltaGenerator) -> None:
    """Fill the slot, then stop the page (in place of `st.stop()`)."""
    finish(slot)
    st.stop()


def download(frame: pl.DataFrame, name: str, key: str, csv: Callable[[], bytes]) -> None:
    """The "CSV with provenance" button: a zip of the CSV (`csv()`, written at the click) and a
    README.txt of the citation facts."""
    page, found, url = current(), facts(), page_url()
    text = readme(found, url, page["filters"], page["measures"], f"{name}.csv", frame.height)
    st.download_button(
        "CSV with provenance", data=lambda: csv_zip(csv(), f"{name}.csv", text), file_name=f"{name}-with-provenance.zip",
        mime="application/zip", key=f"download-cited-{key}", on_click="ignore", icon=":material/folder_zip:",
        help="A zip of the CSV and a README.txt: the link to this view, the build, its sources and their dates, "
             "the classifier version, hand corrections and the methods.",
    )
