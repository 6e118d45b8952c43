"""Generated dockets as Internet Archive docket.json files (`doedocket synth courtlistener-json`): the same
cases as `doedocket synth dockets`, read by `doedocket ingest courtlistener` to the same tables; the
files' shape against a real CourtListener docket and the project's IA fixture; the pooled reader."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines import cli
from pipelines.sources import courtlistener
from pipelines.synth import courtlistener_json, dockets

GOLDEN_IA = Path(__file__).resolve().parent / "golden" / "recap" / "gov.uscourts.cand.90004.docket.json"
CASES, SEED, CHUNK = 240, 7, 100


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("json")
    totals = courtlistener_json.generate(root / "ia", CASES, SEED, CHUNK)
    assert dockets.generate(root / "syn", CASES, SEED, CHUNK) == totals
    return root / "ia", root / "syn", totals


def _tables(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "counts": {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                       for t in ("cases", "source_parties", "source_docket_entries", "source_events")},
            "labels": con.execute("SELECT label, count(*) FROM source_events GROUP BY 1 ORDER BY 1").fetchall(),
            "cases": con.execute("SELECT case_id, docket_number, date_filed, date_terminated, does_in_caption "
                                 "FROM cases ORDER BY case_id").fetchall(),
            "texts": con.execute("SELECT count(DISTINCT description) FROM source_docket_entries").fetchall()[0][0],
        }
    finally:
        con.close()


def _ingest(tmp_path: Path, source: str, directory: Path, name: str) -> dict:
    db = tmp_path / name / "d.duckdb"
    assert cli.main(["ingest", source, str(directory), "--db", str(db)]) == 0
    return _tables(db)


def test_same_cases_entries_and_events_as_the_generated_path(both, tmp_path, capsys):
    ia, syn, totals = both
    files = sorted(ia.rglob("*.json"))
    assert len(files) == CASES and all(f.name.startswith("gov.uscourts.") and f.name.endswith(".docket.json")
                                       for f in files)
    assert len(list(ia.glob("chunk-*"))) == 3  # 240 cases in chunks of 100
    from_json = _ingest(tmp_path, "courtlistener", ia, "json")
    assert f"{CASES} recap cases; {CASES} cases, {totals['parties']} parties" in capsys.readouterr().out
    from_parts = _ingest(tmp_path, "synthetic", syn, "parts")
    assert from_json["counts"]["cases"] == from_parts["counts"]["cases"] == CASES
    assert from_json["counts"]["source_parties"] == from_parts["counts"]["source_parties"] == totals["parties"]
    entries = from_json["counts"]["source_docket_entries"]
    assert entries == from_parts["counts"]["source_docket_entries"] == totals["docket_entries"]
    assert from_json["counts"]["source_events"] == from_parts["counts"]["source_events"] > entries
    assert from_json["labels"] == from_parts["labels"]
    assert from_json["cases"] == from_parts["cases"]  # ids, numbers, dates and Doe counts case by case
    assert from_json["texts"] == from_parts["texts"]


def test_same_seed_same_files(tmp_path):
    courtlistener_json.generate(tmp_path / "a", 30, 3, 20)
    courtlistener_json.generate(tmp_path / "b", 30, 3, 20)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.json")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.json")}
    assert a == b and len(a) == 30
    courtlistener_json.generate(tmp_path / "c", 30, 4, 20)
    assert {p.relative_to(tmp_path / "c"): p.read_bytes() for p in (tmp_path / "c").rglob("*.json")} != a


def _one(ia: Path) -> dict:
    return json.loads(next(iter(sorted(ia.rglob("*.json")))).read_text())


def _shapes(value: object) -> object:
    """The keys of every object (and of the first item of every list), recursively: a file's shape."""
    if isinstance(value, dict):
        return {k: _shapes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shapes(value[0])] if value and isinstance(value[0], (dict, list)) else []
    return type(value).__name__ if value is not None else None


def _keys(shape: object) -> object:
    if isinstance(shape, dict):
        return {k: _keys(v) for k, v in shape.items()}
    if isinstance(shape, list):
        return [_keys(s) for s in shape]
    return None


def test_shape_matches_the_projects_ia_docket_json(both):
    generated = _one(both[0])
    mine = json.loads(GOLDEN_IA.read_text())
    plaintiff = next(p for p in generated["parties"] if p["attorneys"])
    fixture_plaintiff = next(p for p in mine["parties"] if p["attorneys"])
    assert _keys(_shapes({**generated, "parties": [plaintiff]})) == _keys(_shapes({**mine, "parties": [fixture_plaintiff]}))


# Fields of the REST v4 docket detail that the IA serializer does not write.
API_ONLY = {"resource_uri", "court_id", "audio_files", "clusters", "tags", "panel", "ia_needs_upload",
            "ia_upload_failure_count", "ia_date_first_change"}


def test_shape_matches_a_real_courtlistener_docket(both, shared_samples):
    real = json.loads((shared_samples / "courtlistener" / "v4_docket_detail_example.json").read_text())
    generated = _one(both[0])
    assert set(real) - API_ONLY <= set(generated)
    for key in set(real) - API_ONLY:
        if real[key] is not None and generated[key] is not None:
            assert type(generated[key]) is type(real[key]), key
    party = json.loads((shared_samples / "courtlistener" / "v4_parties_list_example.json").read_text())["results"][0]
    mine = generated["parties"][0]
    assert set(party) - {"resource_uri"} == set(mine)
    assert set(party["party_types"][0]) - {"docket", "docket_id"} <= set(mine["party_types"][0])
    attorney = json.loads((shared_samples / "courtlistener" / "v4_attorneys_list_example.json").read_text())["results"][0]
    assert set(attorney) - {"resource_uri", "parties_represented"} <= set(mine["attorneys"][0])


def test_pooled_reader_gives_the_same_tables(both, tmp_path, monkeypatch):
    ia, _, _ = both
    single = _ingest(tmp_path, "courtlistener", ia, "single")
    monkeypatch.setattr(courtlistener, "POOL_FROM_FILES", 1)
    monkeypatch.setattr(courtlistener, "TASK_FILES", 30)
    monkeypatch.setattr(courtlistener, "BATCH_FILES", 70)
    assert _ingest(tmp_path, "courtlistener", ia, "pooled") == single


def test_pooled_reader_bad_file_is_one_line_and_nothing_published(both, tmp_path, monkeypatch, capsys):
    ia, _, _ = both
    copy = tmp_path / "ia"
    for path in sorted(ia.rglob("*.json")):
        target = copy / path.relative_to(ia)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    bad = sorted(copy.rglob("*.json"))[150]
    data = json.loads(bad.read_text())
    data["docket_entries"][2]["entry_number"] = "seven"
    bad.write_text(json.dumps(data))
    monkeypatch.setattr(courtlistener, "POOL_FROM_FILES", 1)
    monkeypatch.setattr(courtlistener, "TASK_FILES", 30)
    monkeypatch.setattr(courtlistener, "BATCH_FILES", 70)
    db = tmp_path / "db" / "d.duckdb"
    assert cli.main(["ingest", "courtlistener", str(copy), "--db", str(db)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    entry_id = data["docket_entries"][2]["id"]
    assert err == [f"doedocket: {bad}:entry {entry_id}: entry_number should be int, not str"]
    assert not db.exists() and not list((db.parent / "builds").glob("*"))
