"""Read the bundled curated dataset (`data/curated/`): real cases, docket entries, stated events.

Files and columns are described in `data/curated/README.md`. Every value is checked: a row that
does not parse raises `SourceError` naming the file and line, and nothing is loaded.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl

from pipelines import resources, shared_texts
from pipelines.classify import LABELS
from pipelines.doe_parties import read_party
from pipelines.errors import SourceError
from pipelines.names import plaintiff_key
from pipelines.normalize import does_in_caption, parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.sources.base import Loaded, Source
from pipelines.staging import SCHEMAS, Staging, conform, empty

SOURCE = "curated"
FILES = ("cases.csv", "docket_entries.csv", "case_events.csv")
# "Robert Jenkins, Jr.", "Acme, Inc." and "Swarm of December 29, 2011" are one name: a comma before a
# suffix or a year does not split.
_DEFENDANT_SPLIT = re.compile(r",\s*and\s+|,(?!\s*(?:jr|sr|inc|llc|ltd|l\.l\.c|subscriber|\d{4})\b)\s*|\s+and\s+|\s*;\s*", re.IGNORECASE)
_ET_AL = re.compile(r"\bet\.?\s+al\.?\s*$", re.IGNORECASE)


REQUIRED_COLUMNS = {
    "cases.csv": ("court_id", "case_name"),
    "docket_entries.csv": ("court_id", "docket_number", "description"),
    "case_events.csv": ("court_id", "label"),
}


def _read_csv(path: Path) -> list[dict[str, str | None]]:
    if not path.is_file():
        raise SourceError(path, None, "file not found")
    try:
        frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8")
    except Exception as exc:  # polars raises several types for malformed CSV
        raise SourceError(path, None, f"not a readable CSV file ({str(exc).splitlines()[0]})") from None
    missing = [c for c in REQUIRED_COLUMNS[path.name] if c not in frame.columns]
    if missing:
        raise SourceError(path, 1, f"missing column(s) {', '.join(missing)}: not a curated {path.name}")
    rows = frame.to_dicts()
    for line, row in enumerate(rows, start=2):
        for column, value in row.items():
            if value is not None and "\x00" in value:
                raise SourceError(path, line, f"NUL byte in {column}")
    return rows


def _date(value: str | None, path: Path, line: int, column: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SourceError(path, line, f"{column} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _int(value: str | None, path: Path, line: int, column: str) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit():
        raise SourceError(path, line, f"{column} {value!r} is not a whole number")
    return int(value)


def _case_id(court_id: str, docket_number: str | None, case_name: str, path: Path, line: int) -> str:
    if docket_number is None:
        digest = hashlib.sha1(case_name.encode()).hexdigest()[:8]
        return f"{court_id}:nodocket-{digest}"
    parsed = parse_docket_number(docket_number)
    if parsed is None:
        raise SourceError(path, line, f"docket_number {docket_number!r} is not a district docket number")
    return f"{court_id}:{parsed.core}"


def _defendants(case_name: str) -> list[str]:
    parts = re.split(r"\s+v(?:s)?\.?\s+", case_name, maxsplit=1, flags=re.IGNORECASE)
    if len(parts) < 2:
        return []
    names = [_ET_AL.sub("", n).strip(" ,") for n in _DEFENDANT_SPLIT.split(parts[1])]
    return [n for n in names if n]


def read(directory: Path, key: bytes) -> Staging:
    """Parse `directory`'s curated CSV files into staging frames; IPs in text are pseudonymised."""
    directory = Path(directory)

    def scrub(text: str | None) -> str | None:
        return pseudonymise_ips(text, key)

    def rows(path: Path) -> list[dict[str, str | None]]:
        """Every cell pseudonymised, not only the free text: a name or a note can hold an address too."""
        return [{column: scrub(value) for column, value in row.items()} for row in _read_csv(path)]

    cases, parties, attorneys, case_keys = [], [], [], {}
    path = directory / "cases.csv"
    for line, row in enumerate(rows(path), start=2):
        court, name = row.get("court_id"), row.get("case_name")
        if not court or not name:
            raise SourceError(path, line, "court_id and case_name are required")
        case_id = _case_id(court, row.get("docket_number"), name, path, line)
        if case_id in case_keys.values():
            raise SourceError(path, line, f"case {case_id} is listed twice")
        case_keys[(court, row.get("docket_number") or name)] = case_id
        parsed = parse_docket_number(row.get("docket_number"))
        stated = _int(row.get("does_in_caption"), path, line, "does_in_caption")
        caption = scrub(name)
        cases.append(
            {
                "case_id": case_id,
                "court_id": court,
                "docket_number": row.get("docket_number"),
                "docket_number_core": parsed.core if parsed else None,
                "office": parsed.office if parsed else None,
                "case_name": caption,
                "plaintiff_raw": row.get("plaintiff"),
                "plaintiff": row.get("plaintiff"),
                "plaintiff_key": plaintiff_key(row.get("plaintiff")),
                "assigned_judge": row.get("assigned_judge"),
                "referred_judge": row.get("referred_judge"),
                "date_filed": _date(row.get("date_filed"), path, line, "date_filed"),
                "date_terminated": _date(row.get("date_terminated"), path, line, "date_terminated"),
                "does_in_caption": stated if stated is not None else does_in_caption(caption),
                "outcome_summary": scrub(row.get("outcome_summary")),
                "flags": row.get("flags"),
                "source": SOURCE,
                "source_url": scrub(row.get("source_urls")),
            }
        )
        parties.append(
            {"case_id": case_id, "party_seq": 0, "name_raw": row.get("plaintiff"), "name": row.get("plaintiff"),
             "party_type": "plaintiff", "is_doe": False, "source": SOURCE}
        )
        for seq, defendant in enumerate(_defendants(caption), start=1):
            doe = read_party(defendant)
            doe_count = doe.count
            parties.append(
                {"case_id": case_id, "party_seq": seq, "name_raw": defendant, "name": defendant,
                 "party_type": "defendant", "is_doe": doe.is_doe,
                 "doe_count": stated if stated is not None and doe_count is not None else doe_count,
                 "source": SOURCE}
            )
        firms = [f.strip() for f in (row.get("counsel_firms") or "").split(";") if f.strip()]
        names = [a.strip() for a in (row.get("counsel_attorneys") or "").split(";") if a.strip()]
        for seq, attorney in enumerate(names):
            attorneys.append(
                {"case_id": case_id, "party_seq": 0, "attorney_seq": seq, "name_raw": row.get("counsel_raw"),
                 "name": attorney, "firm": firms[0] if len(firms) == 1 else None,
                 "role": "plaintiff counsel", "source": SOURCE}
            )

    def case_of(path: Path, line: int, row: dict) -> str:
        wanted = (row.get("court_id"), row.get("docket_number") or row.get("case_name"))
        if wanted not in case_keys:
            raise SourceError(path, line, f"no case {wanted[0]} {wanted[1]!r} in cases.csv")
        return case_keys[wanted]

    entries = []
    path = directory / "docket_entries.csv"
    entry_rows = rows(path)
    shared = shared_texts.read() if any(row.get("text_from") for row in entry_rows) else None
    without_text = 0
    for line, row in enumerate(entry_rows, start=2):
        description = _description(row, shared, path, line)
        if description is None:  # its text is read from ../shared, which does not hold it
            without_text += 1
            continue
        entries.append(
            {
                "case_id": case_of(path, line, row),
                "entry_number": _int(row.get("entry_number"), path, line, "entry_number"),
                "date_filed": _date(row.get("date_filed"), path, line, "date_filed"),
                "description": scrub(description),
                "source": SOURCE,
                "source_url": scrub(row.get("source_url")),
            }
        )
    if without_text:
        print(f"note: {path}: {without_text} docket entries left out: their text is read from "
              f"{resources.shared()}, which does not hold it (DOEDOCKET_SHARED names that folder)", file=sys.stderr)
    events = []
    path = directory / "case_events.csv"
    for line, row in enumerate(rows(path), start=2):
        if row.get("label") not in LABELS:
            raise SourceError(path, line, f"label {row.get('label')!r} is not a contract event label")
        events.append(
            {
                "case_id": case_of(path, line, row),
                "event_seq": line - 2,
                "label": row["label"],
                "date": _date(row.get("date"), path, line, "date"),
                "entry_number": _int(row.get("entry_number"), path, line, "entry_number"),
                "does_affected": _int(row.get("does_affected"), path, line, "does_affected"),
                "basis": scrub(row.get("basis")),
                "source": SOURCE,
                "source_url": scrub(row.get("source_url")),
            }
        )
    entry_frame = _frame("docket_entries", [dict(e, entry_seq=0) for e in entries])
    entry_frame = entry_frame.sort("case_id", "entry_number", nulls_last=True).with_columns(
        pl.int_range(pl.len()).over("case_id").cast(pl.Int64).alias("entry_seq")
    )
    return Staging(
        cases=_frame("cases", cases),
        parties=_frame("parties", parties),
        attorneys=_frame("attorneys", attorneys),
        docket_entries=entry_frame,
        hand_events=_frame("hand_events", events),
    )


def _description(row: dict, shared: shared_texts.SharedTexts | None, path: Path, line: int) -> str | None:
    """An entry's text: its `description`, or the text its `text_from` names under ../shared (None when
    that file is not there)."""
    reference, description = row.get("text_from"), row.get("description")
    if reference is None:
        if not description:
            raise SourceError(path, line, "description is empty")
        return description
    if description:
        raise SourceError(path, line, "give a description or a text_from, not both")
    try:
        return shared.text_of(reference)
    except ValueError as exc:
        raise SourceError(path, line, str(exc)) from None


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows as a frame of the staging schema of `table` (an empty list gives an empty frame); a column
    only some rows hold (a defendant's `doe_count`, not the plaintiff's) is null in the others."""
    schema = SCHEMAS[table]
    columns = dict.fromkeys(k for row in rows for k in row)
    return conform(table, pl.DataFrame(rows, schema={k: schema[k] for k in columns}) if rows else empty(table))


class Curated(Source):
    """`doedocket ingest curated DIR...`: directories in the data/curated layout, loaded as one batch
    (a case two directories both hold is refused by name, as within one directory)."""

    name = SOURCE
    help = "directories in the bundled curated layout (cases.csv, docket_entries.csv, case_events.csv)"

    def batches(self, paths: list[Path], options: argparse.Namespace, key: bytes) -> Iterator[Staging]:
        yield Staging.concat([read(Path(p), key) for p in paths])

    def summary(self, loaded: Loaded) -> str:
        return ", ".join(f"{v} {k}" for k, v in loaded.rows.items())


CURATED = Curated()
