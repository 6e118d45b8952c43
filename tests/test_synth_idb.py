"""`doedocket synth idb`: deterministic, valid IDB files whose distributions look like the literature's."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipelines import queries
from pipelines.cli import main
from pipelines.sources import idb
from pipelines.synth.idb import generate, write
from tests.tools.ingest import ingest

ROWS = 20_000


def _bytes(rows: int, seed: int, share: float = 0.02) -> bytes:
    buf = io.BytesIO()
    generate(buf, rows, seed, copyright_share=share)
    return buf.getvalue()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    """A 20k-row file, half copyright (enough cases per year), loaded into a database."""
    directory = tmp_path_factory.mktemp("synth")
    summary = write(directory / "idb_synthetic.txt", ROWS, seed=5, copyright_share=0.5)
    db = directory / "d.duckdb"
    loaded = ingest(idb.IDB, db, [Path(summary.path)])
    con = duckdb.connect(str(db.resolve()), read_only=True)
    yield summary, loaded, con
    con.close()


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    first = _bytes(3000, seed=7)
    assert hashlib.sha256(first).digest() == hashlib.sha256(_bytes(3000, seed=7)).digest()
    assert first != _bytes(3000, seed=8)
    assert _bytes(0, seed=7) == ("\t".join(idb.COLUMNS) + "\r\n").encode()


def test_format_is_the_idb_layout() -> None:
    data = _bytes(5000, seed=3, share=0.3)
    text = data.decode("cp1252")  # strict: every byte is cp1252
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert lines[0].split("\t") == list(idb.COLUMNS)
    rows = list(csv.reader(lines[1:], delimiter="\t", quotechar='"'))
    assert len(rows) == 5000 and {len(r) for r in rows} == {46}
    col = {name: i for i, name in enumerate(idb.COLUMNS)}
    for row in rows:
        for name in ("PLT", "DEF"):
            assert len(row[col[name]]) <= idb.NAME_WIDTH
        assert row[col["PLT"]].startswith("SYNTHETIC")
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", row[col["FILEDATE"]])
        assert row[col["TERMDATE"]] == "01/01/1900" or re.fullmatch(r"\d\d/\d\d/\d{4}", row[col["TERMDATE"]])
        assert (row[col["TAPEYEAR"]] == "2099") == (row[col["TERMDATE"]] == "01/01/1900")
    assert any(r[col["DEMANDED"]] == "-8" for r in rows)
    assert any(ord(ch) > 127 for r in rows for ch in r[col["PLT"]] + r[col["DEF"]])  # cp1252 names occur
    assert any('"' in line for line in lines[1:])  # quoted values occur


def test_generated_file_loads_without_rejects(synthetic) -> None:
    summary, loaded, con = synthetic
    assert loaded.startswith(f"1 IDB file(s), {ROWS} rows read, {summary.copyright_rows} rows kept (NOS 820), "
                             f"{summary.copyright_duplicate_rows} duplicate tape-year rows collapsed, ")
    assert loaded.endswith(", 0 rejected lines")
    assert summary.copyright_duplicate_rows > 0 and summary.reopened_rows > 0
    reopened = con.execute("SELECT count(*) FROM idb_cases WHERE origin = 4").fetchall()[0][0]
    assert reopened > 0


def test_doe_share_rises_to_about_half(synthetic) -> None:
    _, _, con = synthetic
    rows = queries.run(con, "doe_share_by_year").rows()
    share = {year: (cases, does) for year, cases, does, *_ in rows}

    def period(first: int, last: int) -> float:
        cases = sum(share[y][0] for y in range(first, last + 1))
        return sum(share[y][1] for y in range(first, last + 1)) / cases

    assert min(share) == 1988 and max(share) == 2025
    assert period(1988, 2003) < 0.02
    assert 0.05 < period(2004, 2008) < 0.25
    assert 0.4 < period(2013, 2015) < 0.6
    assert all(s < 0.7 for _, _, s, *_ in [(y, c, d / c) for y, (c, d) in share.items()])


def test_campaign_plaintiffs_file_hundreds_of_near_identical_suits(synthetic) -> None:
    _, _, con = synthetic
    top = con.execute(
        "SELECT plaintiff_key, count(*) FROM idb_cases WHERE is_doe GROUP BY 1 ORDER BY 2 DESC LIMIT 1").fetchall()[0]
    assert top[0].startswith("synthetic") and top[1] >= 200
    captions = Counter(
        re.sub(r"\d+", "N", d) for (d,) in con.execute(
            "SELECT defendant_raw FROM idb_cases WHERE plaintiff_key = ?", [top[0]]).fetchall())
    assert captions.most_common(1)[0][1] > 0.5 * top[1]


def test_doe_cases_end_mostly_in_voluntary_dismissal(synthetic) -> None:
    _, _, con = synthetic
    mix = queries.run(con, "disposition_mix").filter(rank=0)
    doe = mix.filter(kind="doe").sort("cases", descending=True)
    other = mix.filter(kind="other").sort("cases", descending=True)
    assert doe["disp"][0] == 12 and doe["share"][0] > 0.6
    assert other["disp"][0] != 12 and other["share"][0] < 0.5
    assert doe["plaintiff_median_days"][0] < other["plaintiff_median_days"][0]


def test_cli_writes_the_same_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "idb_synthetic.txt"
    assert main(["synth", "idb", "--rows", "300", "--seed", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith(f"wrote SYNTHETIC FJC IDB file {out}: 300 rows, ")
    assert printed.err == ""
    assert out.read_bytes() == _bytes(300, seed=2)
    assert main(["synth", "idb", "--rows", "1", "--out", str(tmp_path / "idb.txt")]) == 0
    assert "does not say 'synthetic'" in capsys.readouterr().err
