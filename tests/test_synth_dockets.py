"""Synthetic mass-Doe dockets: deterministic, realistic in shape, labelled synthetic, streamed, ingestible.

Golden: tests/golden/synthetic/run.json holds the arguments of a tiny run (3 cases in two parts),
generated at test time; `run.expected.json` is the staging the synthetic source reads it to.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from pipelines import cli, queries, store
from pipelines.errors import SourceError
from pipelines.normalize import parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.synthetic import SYNTHETIC
from pipelines.staging import Staging
from pipelines.synth import dockets
from pipelines.synth.dockets.cases import _Counters
from pipelines.synth.dockets.loading import _scrub
from tests.tools.golden import KEY, check_golden, golden_dir, staging_as_json
from tests.tools.ingest import options

CURATED = Path(__file__).resolve().parent.parent / "data" / "curated"

DOC_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")
GOLDEN = golden_dir("synthetic")


@pytest.fixture(scope="module")
def run_2000(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "run"
    dockets.generate(out, 2000, seed=5, chunk_cases=1000)
    return out


def test_tiny_run_reads_to_its_golden_staging(tmp_path):
    run = json.loads((GOLDEN / "run.json").read_text())
    dockets.generate(tmp_path / "run", **run)
    batches = list(SYNTHETIC.batches([tmp_path / "run"], options(SYNTHETIC), KEY))
    check_golden(staging_as_json(Staging.concat(batches)), GOLDEN / "run.expected.json")
    assert len(batches) == 1 and batches[0].cases.height == run["cases"]  # two small parts, one batch


def _read(directory: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(directory / table / "*.parquet")


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_same_seed_writes_identical_bytes_and_another_seed_does_not(tmp_path):
    dockets.generate(tmp_path / "a", 300, seed=11, chunk_cases=100)
    dockets.generate(tmp_path / "b", 300, seed=11, chunk_cases=100)
    dockets.generate(tmp_path / "c", 300, seed=12, chunk_cases=100)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert sorted(a) == sorted(b) == [
        *(f"{t}/part-0000{i}.parquet" for t in ("attorneys", "cases", "docket_entries") for i in range(3)),
        "manifest.json", *(f"parties/part-0000{i}.parquet" for i in range(3)),
    ]
    assert a == b
    assert a["docket_entries/part-00000.parquet"] != c["docket_entries/part-00000.parquet"]
    manifest = json.loads(a["manifest.json"])
    assert manifest["synthetic"] is True and manifest["source"] == "synthetic"
    assert (manifest["cases"], manifest["seed"], manifest["parts"], manifest["rows"]["cases"]) == (300, 11, 3, 300)


def test_shape_entries_per_case_doe_counts_and_docket_order(run_2000):
    cases, entries = _read(run_2000, "cases"), _read(run_2000, "docket_entries")
    assert cases.height == 2000 and cases["case_id"].n_unique() == 2000
    per_case = entries.height / cases.height
    assert 20 <= per_case <= 40, per_case
    does = cases["case_name"].str.extract(r"Does 1-(\d+)").cast(pl.Int64).fill_null(1)
    assert does.min() == 1 and does.max() >= 500
    assert 0.2 < (does == 1).mean() < 0.8  # one-subscriber suits and swarms both common
    # Entry numbers run 1..n in each case, dates never go back and never precede the filing.
    check = entries.join(cases.select("case_id", filed="date_filed"), on="case_id").group_by("case_id").agg(
        numbered=(pl.col("entry_number") == pl.int_range(1, pl.len() + 1)).all(),
        ordered=(pl.col("date_filed").diff().dt.total_days().fill_null(0) >= 0).all(),
        after_filing=(pl.col("date_filed") >= pl.col("filed")).all(),
        first=pl.col("description").first(),
    )
    assert check["numbered"].all() and check["ordered"].all() and check["after_filing"].all()
    assert check["first"].str.contains(r"(?i)^complaint").all()
    closed = cases.filter(pl.col("date_terminated").is_not_null())
    assert 0.5 < closed.height / cases.height < 1.0
    assert (closed["date_terminated"] >= closed["date_filed"]).all()
    # Campaigns: a few plaintiffs file most suits, each through one firm.
    top = cases["plaintiff"].value_counts().sort("count", descending=True)
    assert top["count"][0] > cases.height / top.height * 3
    firms = _read(run_2000, "attorneys").join(cases.select("case_id", "plaintiff"), on="case_id")
    assert firms.group_by("plaintiff").agg(pl.col("firm").n_unique())["firm"].max() == 1


def test_everything_is_labelled_synthetic_and_addresses_are_documentation_ranges(run_2000):
    cases, parties = _read(run_2000, "cases"), _read(run_2000, "parties")
    attorneys, entries = _read(run_2000, "attorneys"), _read(run_2000, "docket_entries")
    assert (cases["source"] == "synthetic").all() and (cases["flags"] == "synthetic").all()
    assert cases["plaintiff"].str.starts_with("SYNTHETIC ").all()
    assert cases["case_name"].str.starts_with("SYNTHETIC ").all()
    assert cases["assigned_judge"].str.contains(" Synthetic-").all()
    assert attorneys["firm"].str.starts_with("SYNTHETIC ").all()
    assert attorneys["name"].str.contains(" Synthetic-").all()
    named = parties.filter(pl.col("party_type") == "defendant", ~pl.col("is_doe"))
    assert named["name"].str.contains("Synthetic-Subscriber-").all()
    for frame in (parties, attorneys, entries):
        assert (frame["source"] == "synthetic").all()
    text = pl.concat([entries["description"], cases["case_name"], parties["name"]])
    addresses = text.str.extract_all(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b").explode().drop_nulls().unique()
    assert addresses.len() > 10
    assert addresses.map_elements(lambda a: a.startswith(DOC_NETS), return_dtype=pl.Boolean).all()


def test_generation_is_streamed_one_written_chunk_at_a_time(tmp_path, monkeypatch):
    out, seen = tmp_path / "run", []
    real_chunk = dockets.chunk

    def chunk(world, index, n, seed, counters):
        # Every earlier chunk is already on disk before the next one is generated.
        written = sorted(p.name for p in (out / "docket_entries").glob("part-*.parquet"))
        seen.append((index, n, written))
        return real_chunk(world, index, n, seed, counters)

    monkeypatch.setattr(dockets, "chunk", chunk)
    dockets.generate(out, 250, seed=3, chunk_cases=100)
    assert seen == [
        (0, 100, []),
        (1, 100, ["part-00000.parquet"]),
        (2, 50, ["part-00000.parquet", "part-00001.parquet"]),
    ]
    assert [pl.read_parquet(p).height for p in sorted((out / "cases").glob("*.parquet"))] == [100, 100, 50]


def test_classifier_reads_the_generated_entries_as_intended():
    w = dockets.world(1000, 9)
    counters = _Counters(np.zeros((len(dockets.COURTS), 100), dtype=np.int64))
    staging, kinds = dockets.chunk(w, 0, 1000, 9, counters)
    from pipelines.classify import classify_entries

    events = classify_entries(staging.docket_entries.drop("source"))
    got = events.group_by("case_id", "entry_seq").agg(pl.col("label").sort().str.join(";").alias("got"))
    want = pl.Series([";".join(sorted(dockets.EXPECTED_LABELS[dockets.KINDS[k][0]])) for k in kinds])
    table = staging.docket_entries.with_columns(want=want).join(got, on=["case_id", "entry_seq"], how="left")
    agreement = (table["got"] == table["want"]).mean()
    assert agreement > 0.97, agreement


def test_ingest_round_trip_answers_the_funnel_with_the_expected_events(tmp_path, capsys):
    data, db = tmp_path / "run", tmp_path / "db" / "doedocket.duckdb"
    assert cli.main(["synth", "dockets", "--cases", "300", "--seed", "21", "--out", str(data),
                     "--chunk-cases", "150"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {data}: 300 cases, ")
    assert cli.main(["ingest", "synthetic", str(data), "--db", str(db)]) == 0
    cases = _read(data, "cases")
    con = duckdb.connect(str(store.published_build(db)), read_only=True)
    try:
        funnel = {r["stage"]: r for r in queries.run(con, "funnel").iter_rows(named=True)}
        labels = set(con.sql("SELECT DISTINCT label FROM events").pl()["label"])
        stored = con.sql("SELECT case_id, docket_number_core, office, does_in_caption, plaintiff_key, case_name "
                             "FROM cases ORDER BY case_id").pl()
        entry_count = con.execute("SELECT count(*) FROM docket_entries").fetchone()[0]
    finally:
        con.close()
    does = cases["case_name"].str.extract(r"Does 1-(\d+)").cast(pl.Int64).fill_null(1)
    assert funnel["sued"]["cases"] == 300 and funnel["sued"]["does"] == does.sum()
    assert 0 < funnel["discovery_granted"]["cases"] < 300
    assert {"discovery_granted", "quash_motion", "voluntary_dismissal", "severance"} <= labels
    assert entry_count == _read(data, "docket_entries").height
    assert (stored["case_id"] == stored["case_id"].str.split(":").list.first() + ":" + stored["docket_number_core"]).all()
    assert stored["plaintiff_key"].str.starts_with("synthetic ").all()
    # Addresses in captions were pseudonymised at ingest.
    single = stored.filter(pl.col("does_in_caption") == 1)
    assert single.height and single["case_name"].str.contains(r"\[ip:[0-9a-f]{12}\]").all()
    assert not stored["case_name"].str.contains(r"\d+\.\d+\.\d+\.\d+").any()


def test_a_build_made_by_another_classifier_is_reclassified_in_chunks_to_the_same_events(tmp_path, monkeypatch):
    data = tmp_path / "run"
    dockets.generate(data, 120, seed=4)
    columns = "case_id, entry_seq, label, rule, rules_on, does_affected, with_prejudice, inferred, judge"

    def events(db: Path) -> pl.DataFrame:
        con = duckdb.connect(str(store.published_build(db)), read_only=True)
        try:
            return con.sql(f"SELECT {columns} FROM events WHERE source = 'synthetic' "
                           "ORDER BY case_id, entry_seq, label").pl()
        finally:
            con.close()

    whole = tmp_path / "whole" / "d.duckdb"
    assert cli.main(["ingest", "synthetic", str(data), "--db", str(whole)]) == 0  # classified as loaded
    older = tmp_path / "older"
    shutil.copytree(whole.parent, older, symlinks=True)
    con = duckdb.connect(str(store.published_build(older / "d.duckdb")))
    con.execute("UPDATE build_info SET value = 'an older classifier' WHERE name = 'classifier_version'")
    con.close()
    calls, real = [], store.classified
    monkeypatch.setattr(store, "CLASSIFY_CHUNK_ENTRIES", 97)
    monkeypatch.setattr(store, "classified", lambda entries, cache=None: calls.append(entries.height) or real(entries, cache))
    # Any new build of it (here one bundled curated case folder) classifies every source's entries again.
    assert cli.main(["ingest", "curated", str(CURATED), "--db", str(older / "d.duckdb")]) == 0
    assert len(calls) > 10  # the curated load, then chunks of whole cases of about 97 entries
    assert events(older / "d.duckdb").equals(events(whole))
    con = duckdb.connect(str(store.published_build(older / "d.duckdb")), read_only=True)
    assert con.execute("SELECT value FROM build_info WHERE name = 'classifier_version'").fetchall() == [
        (store.CLASSIFIER_VERSION,)]
    con.close()


def test_docket_parts_and_scrub_match_the_per_value_functions():
    numbers = ["5:11-cv-03825-HRL", "1:12-cv-00001", "2:17-cv-01239-JLL-JAD", "C11-03825 HRL", "11-cv-3005",
               "5:2011cv03825", "junk", None]
    parts = dockets.docket_parts(pl.Series(numbers, dtype=pl.String))
    expected = [parse_docket_number(n) for n in numbers]
    assert parts["docket_number_core"].to_list() == [p.core if p else None for p in expected]
    assert parts["office"].to_list() == [p.office if p else None for p in expected]
    key = b"0" * 32
    texts = ["COMPLAINT against John Doe subscriber assigned IP address 192.0.2.44 (Filed on 3/4/2012)",
             "Doe at 198.51.100.7, and 203.0.113.250; also 2001:db8::1 and 2001:db8:0:0:0:0:0:9",
             "version 1.2.3.4.5 and 10:00:00 AM", "(192.0.2.1)  double  spaced 192.0.2.1", "no address", None]
    assert _scrub(pl.Series(texts, dtype=pl.String), key).to_list() == [pseudonymise_ips(t, key) for t in texts]


def test_ingest_refuses_what_is_not_a_generated_synthetic_directory(tmp_path, capsys):
    db = tmp_path / "db" / "doedocket.duckdb"
    cli.main(["build", "--db", str(db)])
    before = store.published_build(db)
    assert cli.main(["ingest", "synthetic", str(tmp_path), "--db", str(db)]) == 2
    assert "manifest.json" in capsys.readouterr().err
    data = tmp_path / "run"
    dockets.generate(data, 20, seed=1)
    part = data / "cases" / "part-00000.parquet"
    pl.read_parquet(part).with_columns(source=pl.lit("pacer")).write_parquet(part)
    with pytest.raises(SourceError, match=re.escape(str(part))):
        list(dockets.read_parts(data))
    assert cli.main(["ingest", "synthetic", str(data), "--db", str(db)]) == 2
    assert store.published_build(db) == before
