"""bench/streamlit_replay.py: a recorded Chromium reader, replayed without a browser, gets the same runs.

A seeded reader (bench/bench_readers.py) is recorded in Chromium on a small generated build; its
rerun frames are then replayed as a websocket session of their own on a fresh server, and every step's
run must hold what the browser was sent for the same step: the same elements in the same order, each
table's row count, each chart's title. The decoder's reference handling is checked on its own.
"""

from __future__ import annotations

import asyncio
import copy
import sys
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from pipelines.cli import main
from tests.app_server import CHROMIUM, running_app
from tests.conftest import in_ci
from tests.tools.apart import run_apart

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import streamlit_replay

STEPS = 10


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("replay")
    assert main(["synth", "dockets", "--cases", "2000", "--seed", "1", "--out", str(root / "synth")]) == 0
    assert main(["ingest", "synthetic", str(root / "synth"), "--db", str(root / "doedocket.duckdb")]) == 0
    return root / "doedocket.duckdb"


@pytest.fixture(scope="module")
def recording(build: Path) -> dict:
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"CI=true but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is absent")
    return run_apart(streamlit_replay.record, build, [1], STEPS)["readers"]["1"]


def _replay(build: Path, recording: dict) -> dict:
    out = streamlit_replay.new_out()
    with running_app(build) as base:
        run_apart(asyncio.run, streamlit_replay.replay(base, recording, 3600.0, (0.0, 0.0), out, None))
    return out


def test_each_interaction_sends_one_run(recording):
    steps = recording["steps"]
    assert recording["browser_errors"] == []
    assert [s["kind"] for s in steps[:1]] == ["open"] and len(steps) == STEPS + 1
    assert [len(s["frames"]) for s in steps] == [1] * (STEPS + 1)
    assert [len(s["browser_runs"]) for s in steps] == [1] * (STEPS + 1)
    assert {s["kind"] for s in steps[1:]} <= {"filter", "dates", "page"}
    # nothing else goes to the server after the first page but static files (script chunks a widget
    # needs the first time it is drawn), which the replay does not fetch
    assert [r for s in steps[1:] for r in s["requests"] if not r.startswith("/static/")] == []
    assert f"/{recording['path']}" in steps[0]["requests"] and all(s["others"] == 0 for s in steps)


def test_replayed_runs_hold_what_the_browser_got(build, recording):
    out = _replay(build, recording)
    assert out["errors"] == [] and out["mismatches"] == []
    assert out["kinds"] == [s["kind"] for s in recording["steps"][1:]]
    assert out["exhausted"] == [1]
    # the views the reader went through differ (filters and pages changed what the server drew)
    drawn = [s["browser_runs"][0] for s in recording["steps"]]
    assert len({repr(d) for d in drawn}) >= 3
    assert any(e[0] == "dataframe" and e[1] > 0 for d in drawn for e in d)
    assert any(e[0] == "plotly_chart" and e[1] for d in drawn for e in d)


def test_a_different_view_is_a_mismatch(build, recording):
    steps = recording["steps"]
    i, j = next((i, j) for i in range(1, len(steps)) for j in range(i + 1, len(steps))
                if steps[i]["browser_runs"] != steps[j]["browser_runs"])
    swapped = copy.deepcopy(recording)
    swapped["steps"][i]["browser_runs"], swapped["steps"][j]["browser_runs"] = steps[j]["browser_runs"], steps[i]["browser_runs"]
    out = _replay(build, swapped)
    assert out["errors"] == [] and len(out["mismatches"]) == 2


def _delta_msg(text: str, cacheable: bool) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.markdown.body = text
    msg.hash = f"h-{text}"
    msg.metadata.cacheable = cacheable
    return msg


def test_decoder_resolves_references_and_ends_runs():
    decoder = streamlit_replay.Decoder()
    start, ref, finished = ForwardMsg(), ForwardMsg(), ForwardMsg()
    start.new_session.page_script_hash = "p1"
    ref.ref_hash = "h-a"
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    frames = [start, _delta_msg("a", True), _delta_msg("b", False), ref, finished]
    runs = [decoder.feed(m.SerializeToString()) for m in frames]
    assert runs[:4] == [None] * 4
    assert [e.markdown.body for e in runs[4].elements] == ["a", "b", "a"]
    assert runs[4].status == ForwardMsg.FINISHED_SUCCESSFULLY and decoder.refs == 1 and list(decoder.cache) == ["h-a"]
    unknown = ForwardMsg()
    unknown.ref_hash = "h-b"  # "b" was not cacheable, so the decoder never kept it
    with pytest.raises(RuntimeError, match="h-b"):
        decoder.feed(unknown.SerializeToString())


def test_an_error_element_fails_the_run():
    run = streamlit_replay.Run()
    msg = ForwardMsg()
    msg.delta.new_element.exception.type = "ValueError"
    msg.delta.new_element.exception.message = "boom"
    run.elements.append(msg.delta.new_element)
    assert run.errors() == ["ValueError: boom"]
    alert = ForwardMsg()
    alert.delta.new_element.alert.format = alert.delta.new_element.alert.WARNING
    assert streamlit_replay.is_error(alert.delta.new_element) is False
    alert.delta.new_element.alert.format = alert.delta.new_element.alert.ERROR
    assert streamlit_replay.is_error(alert.delta.new_element) is True
