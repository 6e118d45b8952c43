"""Golden files, one helper for every format: inputs in `tests/golden/<source>/` beside the expected
JSON they must give, compared (or, with `DOEDOCKET_UPDATE_GOLDEN=1`, rewritten: review the diff).

`KEY` pseudonymises addresses the same way in every golden test; `FILE_TIME` is the modification
time given to copied inputs (a bare saved file's retrieval time), so expected files never depend on
when the repository was checked out.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.staging import Staging

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
KEY = bytes(range(32))
FILE_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
UPDATE = "DOEDOCKET_UPDATE_GOLDEN"
# Rows of each staging table in a stable order, whatever order a reader produced them in.
_ROW_KEYS = ("case_id", "party_seq", "attorney_seq", "entry_seq", "event_seq")


def golden_dir(source_name: str) -> Path:
    """The golden folder of a registered source: `tests/golden/<name>/`."""
    return GOLDEN / source_name


def staging_as_json(staging: Staging) -> dict[str, list[dict]]:
    """Staging frames as JSON-ready rows (dates and times as ISO strings), in a stable order."""
    out = {}
    for name, frame in staging.tables().items():
        keys = [c for c in _ROW_KEYS if c in frame.columns]
        rows = frame.sort(keys, maintain_order=True).to_dicts() if keys and frame.height else frame.to_dicts()
        out[name] = [{k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in r.items()} for r in rows]
    return out


def stamped_copies(folder: Path, names: list[str], target: Path) -> list[Path]:
    """`folder`'s files `names` copied into `target` with the modification time `FILE_TIME`."""
    out = []
    for name in names:
        copy = target / name
        shutil.copyfile(folder / name, copy)
        os.utime(copy, (FILE_TIME, FILE_TIME))
        out.append(copy)
    return out


def _approx(value: Any) -> Any:
    """`value` with every number (not a boolean) wrapped in `pytest.approx`, at any depth."""
    if isinstance(value, dict):
        return {k: _approx(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return pytest.approx(value)
    return value


def _difference(got: Any, want: Any, at: str = "") -> str | None:
    """Where `got` first differs from `want` (a path such as `cases[2].plaintiff`) and how; None if nowhere."""
    if isinstance(got, dict) and isinstance(want, dict):
        if got.keys() != want.keys():
            return (f"{at or 'top level'}: keys {sorted(got.keys() - want.keys())} not expected, "
                    f"{sorted(want.keys() - got.keys())} missing")
        found = (_difference(got[k], want[k], f"{at}.{k}" if at else k) for k in want)
        return next((d for d in found if d), None)
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return f"{at or 'top level'}: {len(got)} items, expected {len(want)}"
        found = (_difference(g, w, f"{at}[{i}]") for i, (g, w) in enumerate(zip(got, want)))
        return next((d for d in found if d), None)
    return None if got == want else f"{at or 'top level'}: {got!r}, expected {want!r}"


def check_golden(actual: Any, expected_path: Path, *, approx: bool = False) -> None:
    """Assert that `actual` (JSON-ready) equals the JSON in `expected_path`, numbers within
    `pytest.approx` when `approx`; with `DOEDOCKET_UPDATE_GOLDEN=1`, write `actual` there first.
    A failure names the first place they differ and the file."""
    text = json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get(UPDATE) == "1":
        expected_path.write_text(text, encoding="utf-8")
    got = json.loads(text)
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    want = _approx(expected) if approx else expected
    assert got == want, f"{expected_path}: {_difference(got, want)}"
