"""Generated dockets as Internet Archive docket.json files: `doedocket synth courtlistener-json --cases N
--seed S --out DIR`.

The same cases `doedocket synth dockets` generates for the same (cases, seed) (its `chunk`, chunk by
chunk), written in the shape CourtListener's IADocketSerializer gives an Internet Archive
``gov.uscourts.<court>.<pacer_case_id>.docket.json``: one file per docket, its entries (each with its
main RECAP document), parties (with party types) and their attorneys nested, with the field names and
types of the real files. `doedocket ingest courtlistener DIR` reads them (source `recap`), so the real
sources' batched path can be measured against the generated-data path on identical content
(bench/bench_docket_json.py).

Nothing here is a real case: every name is the generator's SYNTHETIC/Synthetic- name. Files go in one
subdirectory per chunk (``DIR/chunk-00000/``); ``DIR/manifest.synthetic`` records what was written (not
a ``.json`` file, so the reader never takes it for a docket).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.synth.dockets import CHUNK_CASES, COURTS, chunk, world
from pipelines.synth.dockets.cases import _Counters
from pipelines.synth.options import non_negative

GENERATOR = "doedocket synth courtlistener-json v1"
MANIFEST = "manifest.synthetic"
# Docket ids of generated files start here (far above the ids of the project's hand-written fixtures).
FIRST_ID = 900_000_000
_SITE_DOWNLOAD = "https://archive.org/download"
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:75]


def _stamp(day: str) -> str:
    return f"{day}T10:00:00-08:00"


def _docket(case: dict, parties: list[dict], attorneys: list[dict], entries: list[dict], docket_id: int,
            pacer_case_id: int, first_entry_id: int) -> dict:
    """One IA docket.json object (IADocketSerializer's fields) for one generated case."""
    court = case["court_id"]
    slug = _slug(case["case_name"])
    base = f"gov.uscourts.{court}.{pacer_case_id}"
    filed = case["date_filed"].isoformat()
    last = entries[-1]["date_filed"].isoformat() if entries else filed
    number = case["docket_number"]
    office, rest = number.split(":", 1)
    initials = rest.split("-")[2] if rest.count("-") >= 2 else ""
    docket_entries = []
    for i, e in enumerate(entries):
        day = e["date_filed"].isoformat()
        entry_id = first_entry_id + i
        docket_entries.append({
            "id": entry_id,
            "recap_documents": [{
                "id": entry_id, "absolute_url": f"/docket/{docket_id}/{e['entry_number']}/{slug}/",
                "date_created": _stamp(day), "date_modified": _stamp(day), "date_upload": None,
                "document_type": 1, "document_number": str(e["entry_number"]), "description": "",
                "pacer_doc_id": f"{pacer_case_id:07d}{e['entry_number']:05d}", "is_available": False,
                "is_free_on_pacer": None, "is_sealed": None, "sha1": "", "page_count": None, "file_size": None,
                "filepath_local": None, "filepath_ia": "", "ia_upload_failure_count": None, "thumbnail": None,
                "thumbnail_status": 0, "ocr_status": None, "attachment_number": None, "acms_document_guid": None,
            }],
            "date_created": _stamp(day), "date_modified": _stamp(day), "date_filed": day, "time_filed": None,
            "entry_number": e["entry_number"], "recap_sequence_number": f"{day}.{i:03d}",
            "pacer_sequence_number": i + 1, "description": e["description"], "docket": docket_id,
        })
    counsel: dict[int, list[dict]] = {}
    for a in attorneys:
        counsel.setdefault(a["party_seq"], []).append({
            "id": docket_id * 4 + a["attorney_seq"],
            "roles": [{"id": 1, "role": 2 if a["attorney_seq"] == 0 else 1, "date_action": None}],
            "date_created": _stamp(filed), "date_modified": _stamp(filed), "name": a["name"],
            "contact_raw": f"{a['firm']}\n100 Example Street, Suite {a['attorney_seq'] + 1}00\n"
                           f"Springfield, ST 00000\n555-0100\nEmail: counsel@example.com\n",
            "phone": "555-0100", "fax": "", "email": "counsel@example.com",
        })
    party_rows = [{
        "id": docket_id * 4 + p["party_seq"],
        "attorneys": counsel.get(p["party_seq"], []),
        "party_types": [{
            "id": docket_id * 4 + p["party_seq"], "criminal_counts": [], "criminal_complaints": [],
            "name": p["party_type"].capitalize(), "date_terminated": None, "extra_info": "",
            "highest_offense_level_opening": "", "highest_offense_level_terminated": "",
        }],
        "date_created": _stamp(filed), "date_modified": _stamp(filed), "name": p["name_raw"], "extra_info": "",
    } for p in parties]
    return {
        "id": docket_id, "docket_entries": docket_entries, "parties": party_rows,
        "original_court_info": None, "bankruptcy_information": None, "claims": [], "idb_data": None,
        "absolute_url": f"/docket/{docket_id}/{slug}/", "date_created": _stamp(filed), "date_modified": _stamp(last),
        "source": 1, "appeal_from_str": "", "assigned_to_str": case["assigned_judge"] or "",
        "referred_to_str": case["referred_judge"] or "", "panel_str": "", "date_last_index": None,
        "date_cert_granted": None, "date_cert_denied": None, "date_argued": None, "date_reargued": None,
        "date_reargument_denied": None, "date_filed": filed,
        "date_terminated": case["date_terminated"].isoformat() if case["date_terminated"] else None,
        "date_last_filing": last, "case_name_short": "", "case_name": case["case_name"], "case_name_full": "",
        "slug": slug, "docket_number": number, "docket_number_core": case["case_id"].split(":", 1)[1],
        "federal_dn_office_code": office, "federal_dn_case_type": "cv",
        "federal_dn_judge_initials_assigned": initials, "federal_dn_judge_initials_referred": "",
        "federal_defendant_number": None, "pacer_case_id": str(pacer_case_id),
        "cause": "17:501 Copyright Infringement", "nature_of_suit": case["nature_of_suit"], "jury_demand": "None",
        "jurisdiction_type": "Federal question", "appellate_fee_status": "", "appellate_case_type_information": "",
        "mdl_status": "", "filepath_local": "", "filepath_ia": f"{_SITE_DOWNLOAD}/{base}/{base}.docket.xml",
        "filepath_ia_json": f"{_SITE_DOWNLOAD}/{base}/{base}.docket.json", "date_blocked": None, "blocked": False,
        "court": court, "appeal_from": None, "assigned_to": None, "referred_to": None, "parent_docket": None,
    }


def _by_case(frame: pl.DataFrame) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        grouped.setdefault(row["case_id"], []).append(row)
    return grouped


def generate(out: Path, cases: int, seed: int, chunk_cases: int = CHUNK_CASES) -> dict[str, int]:
    """Write the `cases` cases of `doedocket synth dockets` (same seed and chunking) as one IA docket.json
    file each under `out`; return how many cases, parties, attorneys and docket entries they hold."""
    if cases < 1 or chunk_cases < 1:
        raise ValueError("cases and chunk_cases must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("chunk-*"):
        shutil.rmtree(stale)
    w = world(cases, seed)
    counters = _Counters(np.zeros((len(COURTS), 100), dtype=np.int64))
    totals = dict.fromkeys(("cases", "parties", "attorneys", "docket_entries"), 0)
    written = 0
    for index, start in enumerate(range(0, cases, chunk_cases)):
        staging, _ = chunk(w, index, min(chunk_cases, cases - start), seed, counters)
        folder = out / f"chunk-{index:05d}"
        folder.mkdir()
        parties, attorneys = _by_case(staging.parties), _by_case(staging.attorneys)
        entries = _by_case(staging.docket_entries.sort("case_id", "entry_seq"))
        for case in staging.cases.iter_rows(named=True):
            docket_id = FIRST_ID + written
            mine = entries.get(case["case_id"], [])
            data = _docket(case, parties.get(case["case_id"], []), attorneys.get(case["case_id"], []), mine,
                           docket_id, 100_000 + written, docket_id * 1_000)
            path = folder / f"gov.uscourts.{case['court_id']}.{100_000 + written}.docket.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            written += 1
        for table in totals:
            totals[table] += getattr(staging, table).height
    manifest = {"generator": GENERATOR, "synthetic": True, "format": "ia", "cases": cases, "seed": seed,
                "chunk_cases": chunk_cases, "rows": totals}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return totals


def add_parser(kinds: argparse._SubParsersAction) -> None:
    """`doedocket synth courtlistener-json --cases N --seed S --out DIR`."""
    p = kinds.add_parser("courtlistener-json",
                         help="the cases of `synth dockets` as Internet Archive docket.json files")
    p.add_argument("--cases", type=non_negative, required=True, help="number of cases")
    p.add_argument("--seed", type=int, default=0, help="random seed (the same cases as `synth dockets`)")
    p.add_argument("--out", required=True, help="output directory (earlier chunk folders are replaced)")
    p.add_argument("--chunk-cases", type=int, default=CHUNK_CASES,
                   help="cases per chunk (as in `synth dockets`; the docket numbers depend on it)")
    p.set_defaults(func=_cmd)


def _cmd(args: argparse.Namespace) -> int:
    totals = generate(Path(args.out), args.cases, args.seed, args.chunk_cases)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in totals.items()) + " (synthetic, IA docket.json)")
    return 0
