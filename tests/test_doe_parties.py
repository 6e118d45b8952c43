"""The Doe detector on a labelled list of party strings (tests/golden/doe_strings.csv).

The list holds the shapes captions, PACER party names and FJC IDB DEF values take, and the
companies and people named Doe that a word match would take for Does. Rows marked `holdout`
were written after the detector and are scored apart from the `dev` rows it was built on.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.doe_parties import read_defendants, read_party

ROWS = list(csv.DictReader((Path(__file__).parent / "golden" / "doe_strings.csv").open(encoding="utf-8")))


def _reading(row: dict[str, str]):
    width = int(row["width"]) if row["width"] else None
    text = row["text"][:width] if width else row["text"]
    return read_party(text, width)


def _scores(rows: list[dict[str, str]]) -> tuple[float, float, int]:
    tp = fp = fn = 0
    for row in rows:
        got, want = _reading(row).is_doe, row["is_doe"] == "1"
        tp += got and want
        fp += got and not want
        fn += want and not got
    return tp / (tp + fp), tp / (tp + fn), len(rows)


def test_the_list_is_large_and_balanced():
    assert len(ROWS) >= 150
    assert sum(r["is_doe"] == "1" for r in ROWS) >= 80
    assert sum(r["is_doe"] == "0" for r in ROWS) >= 50


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_precision_and_recall_at_least_099(split):
    precision, recall, n = _scores([r for r in ROWS if r["split"] == split])
    assert n >= 40
    assert precision >= 0.99 and recall >= 0.99, (precision, recall)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['split']}:{r['text'][:40]}" for r in ROWS])
def test_each_string(row):
    got = _reading(row)
    expected_count = int(row["count"]) if row["count"] else None
    assert (got.is_doe, got.count, got.count_may_be_cut) == (row["is_doe"] == "1", expected_count,
                                                             row["may_be_cut"] == "1")


@pytest.mark.parametrize(
    ("defendants", "expected"),
    [
        ("Does 1-90", (True, 90, 0)),
        ("Daffy's Inc, Mervyn's LLC, TJX Companies Inc and Does 1-10", (True, 10, 3)),
        ("John Doe 37 and Robert Jenkins, Jr.", (True, 1, 1)),
        ("Caroline's Treasures Incorporated, Ronald D Rutherford, Jr. and Walter Knight", (False, None, 3)),
        ("DOE, JOHN", (True, 1, 0)),
        ("Doe Run Resources Corp and Does 1-5", (True, 5, 1)),
        ("Smith, Doe & Jones LLP", (False, None, 1)),
        ("Acme, Inc. et al.", (False, None, 1)),
        ("John Does 1-10 and Jane Does 1-10", (True, 20, 0)),
        ("Does 1-109; Doe 1", (True, 109, 0)),
        ("Torrel", (False, None, 1)),
        ("", (False, None, 0)),
    ],
)
def test_read_defendants_counts_named_beside_does(defendants, expected):
    got = read_defendants(defendants)
    assert (got.is_doe, got.count, got.named) == expected
