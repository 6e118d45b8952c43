"""No raw IP address reaches the database, the app, an export or a log: end to end, every format.

Files full of IP addresses (IPv4 and IPv6, documentation ranges, each address used once so a leak
names its source) are ingested in every source format into one database: curated CSV, saved PACER
pages and juriscraper JSON, RECAP XML and an Internet Archive docket.json, CourtListener API
responses, complaint exhibits (CSV, TSV, text, CourtListener JSON) and an FJC IDB file (good and
rejected lines). Then every place an address could surface is searched for every input address
and for any address literal at all: every text cell of every table, the raw bytes of every file
beside the database, every question's CSV and JSON answer, every page of the app (the element
tree AppTest renders, the CSV downloads and the Parquet zip it offers), the Parquet export, and
everything printed or logged along the way.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pipelines import queries
from pipelines.cli import main
from pipelines.export import export_parquet
from tests import fixture_db
from tests.snapshots import table_contents
from tests.tools.leaks import ip_literals

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
A, B = "cand:1100001", "cand:1100002"


class Addresses:
    """Hands out a fresh documentation-range address on each call, and remembers them all."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def __call__(self) -> str:
        n = len(self.used)
        kind, k = n % 4, n // 4 + 1
        address = f"2001:db8::{k:x}:{n:x}" if kind == 3 else f"{('192.0.2', '198.51.100', '203.0.113')[kind]}.{k}"
        assert k < 255
        self.used.append(address)
        return address


def _with_ips(value, ip: Addresses, keys: set[str]):
    """`value` (parsed JSON) with an address added to every text field named in `keys`."""
    if isinstance(value, dict):
        return {k: (f"{v} (IP address {ip()})" if k in keys and isinstance(v, str) and v
                    else _with_ips(v, ip, keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_ips(v, ip, keys) for v in value]
    return value


TEXT_KEYS = {"case_name", "case_name_full", "description", "name", "extra_info", "contact_raw", "assigned_to_str",
             "referred_to_str", "nature_of_suit", "cause", "short_description", "contact", "plain_text"}


def write_inputs(folder: Path, ip: Addresses) -> dict[str, list[list[str]]]:
    """Input files of every format, full of addresses; returns source -> CLI argument lists."""
    folder.mkdir()
    # curated: every text column
    cur = folder / "curated"
    cur.mkdir()
    (cur / "cases.csv").write_text(
        "court_id,docket_number,case_name,plaintiff,date_filed,date_terminated,does_in_caption,assigned_judge,"
        "referred_judge,counsel_raw,counsel_attorneys,counsel_firms,outcome_summary,flags,source_urls\n"
        f"cand,3:12-cv-07001,\"Gamma Films v. John Doe subscriber assigned IP address {ip()}\",Gamma Films {ip()},"
        f"2012-01-02,,1,Judge {ip()},Magistrate {ip()},Counsel at {ip()},Ann {ip()},Firm {ip()},"
        f"Dismissed; the subscriber at {ip()} was never served,note {ip()},http://{ip()}/docket\n")
    (cur / "docket_entries.csv").write_text(
        "court_id,docket_number,entry_number,date_filed,description,source_url\n"
        f"cand,3:12-cv-07001,1,2012-01-02,\"COMPLAINT against John Doe ({ip()}, {ip()}) filed by Gamma Films\","
        f"http://[{ip()}]/doc/1\n"
        f"cand,3:12-cv-07001,4,2012-01-20,ORDER granting early discovery to subpoena the ISP for {ip()}.,"
        f"https://example.org/4\n")
    (cur / "case_events.csv").write_text(
        "court_id,docket_number,case_name,label,date,entry_number,does_affected,basis,source_url\n"
        f"cand,3:12-cv-07001,,discovery_granted,2012-01-20,4,,Order names {ip()},http://{ip()}/e\n")
    # PACER: the golden pages (they name addresses already) and juriscraper JSON with one in every field
    pacer = folder / "pacer"
    pacer.mkdir()
    for name in ("history_cand_90001.html", "case_query_cand_90001.html", "docket_report_ilnd_90002.html",
                 "rss_nysd.xml"):
        shutil.copy(GOLDEN / "pacer" / name, pacer / name)
    (pacer / "njd_91001.json").write_text(json.dumps({
        "court_id": "njd", "docket_number": "2:17-cv-09101", "case_name": f"Malibu Media, LLC v. John Doe {ip()}",
        "assigned_to_str": f"Judge {ip()}", "referred_to_str": f"Magistrate {ip()}", "date_filed": "2017-02-22",
        "nature_of_suit": f"820 Copyright {ip()}",
        "parties": [{"name": "Malibu Media, LLC", "type": "Plaintiff", "extra_info": f"seen at {ip()}",
                     "attorneys": [{"name": f"Pat Counsel {ip()}", "contact": f"Counsel LLP\nServer {ip()}",
                                    "roles": [f"LEAD ATTORNEY {ip()}"]}]},
                    {"name": f"John Doe subscriber assigned IP address {ip()}", "type": "Defendant",
                     "extra_info": f"IP address {ip()}"}],
        "docket_entries": [{"document_number": 1, "date_filed": "2017-02-22", "pacer_doc_id": "1",
                            "description": f"COMPLAINT against John Doe subscriber assigned IP address {ip()}"},
                           {"document_number": 2, "date_filed": "2017-02-23",
                            "description": f"Exhibit A: hits from {ip()} and {ip()}"}],
    }))
    # RECAP: the golden RECAP XML, and an IA docket.json with an address in every text field
    recap = folder / "recap"
    recap.mkdir()
    shutil.copy(GOLDEN / "recap" / "recap_txnd_90003.xml", recap / "recap_txnd_90003.xml")
    ia = json.loads((GOLDEN / "recap" / "gov.uscourts.cand.90004.docket.json").read_text())
    (recap / "gov.uscourts.cand.90004.docket.json").write_text(json.dumps(_with_ips(ia, ip, TEXT_KEYS)))
    # CourtListener: the recorded API responses with an address in every text field
    cl = folder / "courtlistener"
    cl.mkdir()
    for path in sorted((GOLDEN / "courtlistener" / "replay").glob("*.json")):
        (cl / path.name).write_text(json.dumps(_with_ips(json.loads(path.read_text()), ip, TEXT_KEYS)))
    # exhibits: every golden layout, plus a CSV with addresses where no address belongs
    ex = folder / "exhibits"
    ex.mkdir()
    layouts = sorted(p for p in (GOLDEN / "exhibits").iterdir() if p.is_file() and not p.name.endswith(".expected.json"))
    for path in layouts:
        shutil.copy(path, ex / path.name)
    (ex / f"exhibit_from_{ip()}.csv").write_text(
        "doe,ip,observed_at,isp,city,state\n"
        f"1,{ip()},2011-06-12 01:00:00,\"relay {ip()} (Comcast)\",near {ip()},CA\n"
        f"2,{ip()},2011-06-12 02:00:00,Comcast,San Jose,CA\n")
    # FJC IDB: addresses in the names of kept lines and in rejected lines
    from pipelines.sources.idb import COLUMNS

    def line(docket: int, **values: str) -> str:
        fields = dict.fromkeys(COLUMNS, "-8") | dict(CIRCUIT="9", DISTRICT="71", OFFICE="5", DOCKET=str(docket),
                                                  ORIGIN="1", FILEDATE="01/02/2014", NOS="820", PLT="OMEGA FILMS",
                                                  DEF="DOES 1-3", TERMDATE="03/04/2014", DISP="12", JUDGMENT="0",
                                                  TAPEYEAR="2014") | values
        return "\t".join(fields[c] for c in COLUMNS)

    idb = folder / "idb.txt"
    idb.write_text("\r\n".join(["\t".join(COLUMNS), line(1400001, PLT=f"OMEGA {ip()}", DEF=f"DOE-{ip()}"),
                                line(1400002, FILEDATE=ip()), line(1400003, DISTRICT=ip()),
                                line(1400004, PLT=f"X {ip()}")[:-10], line(1400005, DEF=f"DOE {ip()}")]) + "\r\n")
    return {
        "curated": [[str(cur)]],
        "pacer": [[str(p) for p in sorted(pacer.iterdir())]],
        "recap": [[str(p) for p in sorted(recap.iterdir())]],
        "courtlistener": [[str(cl)]],
        "exhibits": [[str(p), "--case", B] for p in sorted(ex.iterdir())],
        "idb": [[str(idb)]],
    }


def _bad_inputs(folder: Path, ip: Addresses) -> list[list[str]]:
    """Inputs that fail, with an address in the failing value: error messages are logs too."""
    cases = folder / "bad_curated"
    shutil.copytree(REPO / "tests" / "bad_inputs" / "curated" / "formula_cells", cases)
    (cases / "cases.csv").write_text("court_id,docket_number,case_name,plaintiff,date_filed,does_in_caption,"
                                     f"source_urls\ncand,3:11-cv-09002,A v. Doe,A,{ip()},1,x\n")
    docket = folder / "bad_docket.json"
    docket.write_text(json.dumps({"id": 5, "court_id": "cand", "docket_number": ip(), "case_name": "A v. Doe",
                                  "date_filed": "2011-08-19"}))
    page = folder / "bad_njd_1.json"
    page.write_text(json.dumps({"court_id": "njd", "docket_number": "2:17-cv-01239", "case_name": "A v. Doe",
                                "date_filed": ip(), "docket_entries": []}))
    exhibit = folder / "bad_exhibit.csv"
    exhibit.write_text(f"doe,ip,observed_at,isp\n1,{ip()},{ip()},Comcast\n")
    return [["curated", str(cases)], ["courtlistener", str(docket)], ["pacer", str(page)],
            ["exhibits", str(exhibit), "--case", B]]


def _element_text(node) -> list[str]:
    """The text of every element AppTest rendered (protobuf text format, Arrow tables included)."""
    out = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    for child in getattr(node, "children", {}).values():
        out += _element_text(child)
    return out


def _parquet_texts(blobs: list[bytes]) -> list[str]:
    texts = []
    for blob in blobs:
        table = pq.read_table(io.BytesIO(blob))
        texts += [str(v) for column in table.columns for v in column.to_pylist() if isinstance(v, str)]
    return texts


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    ip = Addresses()
    db = fixture_db.build(root / "data")
    runs = write_inputs(root / "inputs", ip)
    bad = _bad_inputs(root / "inputs", ip)
    return root, db, ip, runs, bad


def test_no_raw_ip_address_anywhere(ingested, capfd, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    root, db, ip, runs, bad = ingested
    texts: list[str] = []  # everything a person or a program could read
    for source, arglists in runs.items():
        for args in arglists:
            assert main(["ingest", source, *args, "--db", str(db)]) == 0, (source, capfd.readouterr().err)
    for args in bad:
        assert main(["ingest", *args, "--db", str(db)]) == 2
    # every table's text cells
    contents = table_contents(db)
    assert len(contents["exhibit_observations"]) > 25 and len(contents["idb_rejects"]) == 3
    texts += [v for rows in contents.values() for row in rows for v in row if isinstance(v, str)]
    # every question's CSV and JSON answers, through the CLI
    con = duckdb.connect(str(db.resolve()), read_only=True)
    answered = []
    try:
        for name in queries.available():
            params = {"case_id": A} if "case_id" in queries.parameters_of(queries.sql_for(name)) else {}
            try:
                queries.run(con, name, params)
            except duckdb.Error:
                continue
            answered.append(name)
    finally:
        con.close()
    for name in answered:
        extra = ["--param", f"case_id={B}"] if "case_id" in queries.parameters_of(queries.sql_for(name)) else []
        for fmt in ("csv", "json"):
            assert main(["query", name, "--format", fmt, "--db", str(db), *extra]) == 0
    assert len(answered) >= 20
    # the Parquet export
    lake = root / "lake"
    export_parquet(db, lake)
    texts += _parquet_texts([p.read_bytes() for p in lake.rglob("*.parquet")])
    texts.append((lake / "manifest.json").read_text())
    # every page of the app, with what it offers for download
    offered: list[bytes] = []
    real_download = st.download_button

    def recording(label, data, *args, **kwargs):
        offered.append(data() if callable(data) else data)
        return real_download(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    monkeypatch.setenv("DOEDOCKET_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    pages = {"overview.py": {}, "plaintiffs.py": {}, "judges.py": {}, "cases.py": {"case": "cand:1207001"},
             "national.py": {}, "swarm.py": {"swarm_case": B},
             "data.py": {"sql": "SELECT case_name, description FROM docket_entries JOIN cases USING (case_id)"}}
    for page, query in pages.items():
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "overview.py":
            at.switch_page(f"dashboard/views/{page}").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        texts += _element_text(at._tree)
        at.session_state["cite_open"] = True  # the "Cite this view" box, opened
        for label in [t.label for t in at.tabs] or [None]:  # every section of a long page
            if label is not None:
                at.session_state["case_tab" if page == "cases.py" else f"{page.removesuffix('.py')}_tab"] = label
            at.run()
            assert not at.exception, (page, label, [e.value for e in at.exception])
            texts += _element_text(at._tree)
    st.cache_data.clear()
    st.cache_resource.clear()
    zips = [blob for blob in offered if blob[:2] == b"PK"]
    assert zips and len(offered) > 20
    texts += [blob.decode() for blob in offered if blob[:2] != b"PK"]
    for blob in zips:  # the Parquet download, and every "CSV with provenance" (a CSV and a README)
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            members = [archive.read(n) for n in archive.namelist()]
        texts += _parquet_texts([m for m in members if m[:4] == b"PAR1"])
        texts += [m.decode() for m in members if m[:4] != b"PAR1"]
    # everything printed or logged
    captured = capfd.readouterr()
    texts += [captured.out, captured.err, caplog.text]

    everything = "\n".join(texts)
    assert "[ip:" in everything and "[IP address]" in captured.err and "cand:1207001" in everything
    assert len(ip.used) > 100
    leaked = sorted({a for a in ip.used if a in everything})
    assert "\n".join(f"{a}: {next(t[max(0, t.index(a) - 80):t.index(a) + 40] for t in texts if a in t)!r}" for a in leaked) == ""
    assert [(t[:100], ip_literals(t)) for t in texts if ip_literals(t)] == []
    # the raw bytes of every file beside the database: builds, the published link, the key
    for path in (root / "data").rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            assert [a for a in ip.used if a.encode() in blob] == [], path
