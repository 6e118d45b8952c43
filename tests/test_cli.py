"""The `doedocket` command line: query output bytes, errors, build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipelines import queries
from pipelines.cli import main
from tests.snapshots import table_contents


def run_cli(*args, db=None):
    argv = [sys.executable, "-m", "pipelines.cli", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(argv, capture_output=True)


def test_query_csv_bytes(fixture_db_path):
    out = run_cli("query", "funnel", "--param", "court=cand", "--format", "csv", db=fixture_db_path)
    assert out.returncode == 0, out.stderr
    # each stage's share of the first with its 95% Wilson interval (11 of 30 Does: 0.2187 to 0.5449);
    # both cases have dockets, so every stage counts both (cases_counted 2, cases_docket_unknown 0)
    assert out.stdout == (
        b"stage,cases,does,stage_order,does_share,does_share_ci_low,does_share_ci_high,"
        b"cases_share,cases_share_ci_low,cases_share_ci_high,cases_counted,cases_with_docket,cases_docket_unknown\r\n"
        b"sued,2,30,1,1.0,0.8865,1.0,1.0,0.3424,1.0,2,2,0\r\n"
        b"discovery_granted,2,11,2,0.3667,0.2187,0.5449,1.0,0.3424,1.0,2,2,0\r\n"
        b"named,0,0,3,0.0,0.0,0.1135,0.0,0.0,0.6576,2,2,0\r\n"
        b"served,0,0,4,0.0,0.0,0.1135,0.0,0.0,0.6576,2,2,0\r\n"
        b"judgment,0,0,5,0.0,0.0,0.1135,0.0,0.0,0.6576,2,2,0\r\n"
    )


def test_query_json_types(fixture_db_path):
    out = run_cli("query", "case_list", "--param", "court=nysd", "--format", "json", db=fixture_db_path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["case_id"] for r in rows] == ["nysd:1200003", "nysd:1200004"]
    first = rows[0]
    assert first["date_filed"] == "2012-01-05" and first["date_terminated"] == "2012-06-01"
    assert first["does_sued"] == 1 and first["judge"] == "Judge Four" and first["source_url"] == "https://example.org/c"
    assert rows[1]["does_sued"] == 0 and rows[1]["sources"] == "curated"


def test_repeated_list_params_mean_any_of(fixture_db_path, capsys):
    assert main(["query", "case_list", "--db", str(fixture_db_path), "--format", "json",
                 "--param", "judge=Judge One", "--param", "judge=Magistrate Three"]) == 0
    assert [r["case_id"] for r in json.loads(capsys.readouterr().out)] == ["cand:1100001", "cand:1100002"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], "unknown query 'nope'"),
        (["query", "funnel", "--param", "colour=red"], "unknown parameter(s) colour"),
        (["query", "funnel", "--param", "filed_to"], "is not KEY=VALUE"),
        (["query", "funnel", "--param", "filed_to=yesterday"], "not an ISO date"),
    ],
)
def test_query_errors_are_one_line_and_exit_2(fixture_db_path, args, message):
    out = run_cli(*args, db=fixture_db_path)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("doedocket: ") and message in err
    assert out.stdout == b""


def test_query_without_database_says_how_to_build(tmp_path):
    out = run_cli("query", "funnel", db=tmp_path / "none.duckdb")
    assert out.returncode == 2
    assert b"no database; run `doedocket build` first" in out.stderr


def test_csv_neutralises_formula_cells():
    import polars as pl

    frame = pl.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tTab", "plain", None],
                          "n": [1, 2, 3, 4, 5, 6, -7]})
    assert queries.to_csv(frame) == (
        b"name,n\r\n"
        b"\"'=HYPERLINK(\"\"x\"\")\",1\r\n"
        b"'+1,2\r\n"
        b"'-2,3\r\n"
        b"'@SUM(A1),4\r\n"
        b"'\tTab,5\r\n"
        b"plain,6\r\n"
        b",-7\r\n"
    )


def test_bad_curated_file_fails_cleanly_and_changes_nothing(fixture_db_path, tmp_path):
    bad = tmp_path / "curated"
    bad.mkdir()
    (bad / "cases.csv").write_text(
        "court_id,docket_number,case_name,plaintiff,date_filed\n"
        "cand,5:11-cv-03825,Hard Drive v. Does 1-90,Hard Drive,2011-02-30\n"
    )
    (bad / "docket_entries.csv").write_text("court_id,docket_number,entry_number,date_filed,description,source_url\n")
    (bad / "case_events.csv").write_text("court_id,docket_number,case_name,label,date,entry_number,does_affected,basis,source_url\n")
    before = table_contents(fixture_db_path)
    out = run_cli("ingest", "curated", str(bad), db=fixture_db_path)
    assert out.returncode == 2
    assert out.stderr.decode() == f"doedocket: {bad / 'cases.csv'}:2: date_filed '2011-02-30' is not an ISO date (YYYY-MM-DD)\n"
    assert table_contents(fixture_db_path) == before


def _generated(tmp_path, cases: int = 300):
    out = tmp_path / "gen"
    assert main(["synth", "dockets", "--cases", str(cases), "--seed", "7", "--out", str(out),
                 "--chunk-cases", "50"]) == 0
    return out


def test_an_ingest_on_a_terminal_shows_its_progress(tmp_path):
    """Records, batches, rate and time left on a terminal's stderr; the summary line on stdout."""
    import os
    import pty
    import threading

    gen = _generated(tmp_path)
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # read the terminal while the ingest writes to it (a closed one loses its buffer)
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "ingest", "synthetic", str(gen),
                           "--db", str(tmp_path / "t.duckdb")],
                          stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "COLUMNS": "160"}, timeout=300)
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    assert done.returncode == 0
    text = bytes(shown).decode()
    final = text.replace("\r", "\n").strip().splitlines()[-1]
    assert final.startswith("ingest synthetic: 100%") and "| 300/300 [" in final, final
    assert " cases/s, batches=1]" in final and "<00:00" in final, final
    assert done.stdout.decode().startswith(f"ingested into {tmp_path / 't.duckdb'}: ")


def test_an_ingest_off_a_terminal_prints_only_its_summary(tmp_path):
    gen = _generated(tmp_path)
    done = run_cli("ingest", "synthetic", str(gen), db=tmp_path / "t.duckdb")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ingested into ") and lines[0].endswith(" (synthetic)")


def test_query_json_with_provenance(fixture_db_path):
    out = run_cli("query", "funnel", "--param", "court=cand", "--format", "json", "--provenance", db=fixture_db_path)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    plain = json.loads(run_cli("query", "funnel", "--param", "court=cand", "--format", "json",
                               db=fixture_db_path).stdout)
    assert answer["rows"] == plain
    facts = answer["provenance"]
    assert facts["build"]["file"] == fixture_db_path.resolve().name
    assert facts["classifier_version"] == facts["build_info"]["classifier_version"]
    assert facts["query"] == {"name": "funnel", "params": {"court": ["cand"]}}
    assert facts["hand_corrections"] == 0
    assert {s["source"] for s in facts["sources"]} >= {"curated"}


def test_provenance_needs_json(fixture_db_path):
    out = run_cli("query", "funnel", "--provenance", db=fixture_db_path)
    assert out.returncode == 2
    assert out.stderr == b"doedocket: --provenance goes with --format json on the duckdb engine\n"
