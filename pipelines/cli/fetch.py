"""`doedocket fetch courtlistener ...`: search CourtListener, fetch the dockets found, ingest them.
`doedocket fetch idb`: download the FJC IDB civil file (pipelines/fetch/fjc.py), then ingest it.

The token comes from `COURTLISTENER_TOKEN` only (never a flag, never printed or written). Every
response is cached under `--cache-dir`, so rerunning the same command after an interruption or a
rate limit resumes without spending quota on what was already fetched; the load into the
database happens once everything is fetched, in one build (all or nothing). The IDB file is kept
in its `--cache-dir` too, and downloaded again only when the FJC's copy changed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pipelines import store
from pipelines.cli.common import db_path
from pipelines.fetch import fjc
from pipelines.fetch.courtlistener import DEFAULT_BASE_URL, Client, FetchError, Filters, fetch_dockets
from pipelines.privacy import load_or_create_key
from pipelines.sources import courtlistener
from pipelines.sources.base import DocketRecords
from pipelines.sources.idb import IDB

DEFAULT_CACHE = Path("data/cache/courtlistener")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `fetch courtlistener` and `fetch idb` to the `doedocket` command line."""
    fetch = subparsers.add_parser("fetch", help="download dockets from a live API (cached), then ingest them")
    sources = fetch.add_subparsers(dest="fetch_source", required=True)
    cl = sources.add_parser("courtlistener", help="CourtListener REST v4 (token from $COURTLISTENER_TOKEN)")
    cl.add_argument("--court", help="CourtListener court id, e.g. cand")
    cl.add_argument("--filed-after", metavar="YYYY-MM-DD")
    cl.add_argument("--filed-before", metavar="YYYY-MM-DD")
    cl.add_argument("--nature-of-suit", metavar="TEXT", help="e.g. 820 (copyright)")
    cl.add_argument("--caption-contains", metavar="TEXT", help='words in the case name, e.g. "Does"')
    cl.add_argument("--plaintiff", action="append", default=[], metavar="NAME",
                    help="a party name to search for (repeatable: one search each)")
    cl.add_argument("--max-cases", type=int, metavar="N", help="stop after N dockets")
    cl.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
    cl.add_argument("--cache-dir", default=str(DEFAULT_CACHE), help=f"response cache (default {DEFAULT_CACHE})")
    cl.add_argument("--base-url", default=DEFAULT_BASE_URL, help=f"API root (default {DEFAULT_BASE_URL})")
    cl.set_defaults(func=run)
    idb = sources.add_parser("idb", help="the FJC IDB civil file (about 324 MB), found on the FJC's dataset page")
    idb.add_argument("--url", help="the file's address, instead of the link on the dataset page")
    idb.add_argument("--page", default=fjc.DATASET_PAGE, help=f"the FJC's dataset page (default {fjc.DATASET_PAGE})")
    IDB.add_arguments(idb)
    idb.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
    idb.add_argument("--cache-dir", default=str(fjc.DEFAULT_CACHE),
                     help=f"where the file is kept (default {fjc.DEFAULT_CACHE})")
    idb.set_defaults(func=run_idb)


def run(args: argparse.Namespace) -> int:
    """Fetch and ingest; errors are `FetchError`/`SourceError` lines printed by the CLI."""
    token = os.environ.get("COURTLISTENER_TOKEN", "").strip()
    if not token:
        raise FetchError(args.base_url, "COURTLISTENER_TOKEN is not set (an API token is required)")
    if args.max_cases is not None and args.max_cases < 1:
        raise FetchError(args.base_url, "--max-cases must be at least 1")
    client = Client(base_url=args.base_url, token=token, cache_dir=Path(args.cache_dir))
    filters = Filters(court=args.court, filed_after=args.filed_after, filed_before=args.filed_before,
                      nature_of_suit=args.nature_of_suit, caption_contains=args.caption_contains,
                      plaintiffs=list(args.plaintiff))
    responses = fetch_dockets(client, filters, args.max_cases)
    db = db_path(args)
    key = load_or_create_key(store.key_path(db))
    loaded = store.run_ingest(db, [DocketRecords(courtlistener.records_from(responses))], key)
    print(f"fetched {client.requests} requests ({client.cached} responses from cache); ingested into {db}: "
          + courtlistener.COURTLISTENER.summary(loaded))
    return 0


def run_idb(args: argparse.Namespace) -> int:
    """Find (or take) the civil file's address, download it unless unchanged, and ingest it."""
    found = fjc.CivilFile(args.url) if args.url else fjc.find_civil_file(args.page)
    downloader = fjc.Downloader(cache_dir=Path(args.cache_dir))
    got = downloader.fetch(found.url, {"label": found.label,
                                       "cut_off": found.cut_off.isoformat() if found.cut_off else None})
    db = db_path(args)
    loaded = store.ingest_source(db, IDB, [got.path], args)
    through = f"through {got.record['cut_off']}" if got.record.get("cut_off") else "cut-off not known"
    how = "downloaded" if got.downloaded else "unchanged since it was downloaded, not fetched again"
    print(f"{got.path.name} (FJC IDB civil file {through}; {got.bytes:,} bytes, SHA-256 {got.sha256}) {how}; "
          f"ingested into {db}: {IDB.summary(loaded)}")
    return 0
