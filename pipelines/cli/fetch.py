"""`doedocket fetch courtlistener ...`: search CourtListener, fetch the dockets found, ingest them.
`doedocket fetch idb`: download the FJC IDB civil file (pipelines/fetch/fjc.py), then ingest it.

The token comes from `COURTLISTENER_TOKEN` only (never a flag, never printed or written). Every
response is cached under `--cache-dir`, so rerunning the same command after an interruption or a
rate limit resumes without spending quota on what was already fetched; the load into the
database happens once everything is fetched, in one build (all or nothing).

`fetch courtlistener --plan` plans the fetch of the build's cases whose docket is not fully known
(census- and IDB-only cases, partial dockets), narrowed by the dashboard's filters (--court,
--plaintiff, --counsel, --judge, --filed-from, --filed-to, bound as the questions bind them): how many
cases, requests and days at the account's daily limit (read from the usage endpoint, or
--per-day N). It saves the plan in the cache directory; `--resume-plan` then works through it, one
day's quota per run, loading each day's dockets as a normal publish (pipelines/fetch/plan.py). The
plain fetch (a search) ignores a saved plan. The IDB file is kept
in its `--cache-dir` too, and downloaded again only when the FJC's copy changed.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from pipelines import queries, store
from pipelines.cli.common import db_path, open_published
from pipelines.errors import SourceError
from pipelines.fetch import fjc, plan
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
    cl.add_argument("--court", help="CourtListener court id, e.g. cand (with --plan: the dashboard's court filter)")
    cl.add_argument("--filed-after", metavar="YYYY-MM-DD")
    cl.add_argument("--filed-before", metavar="YYYY-MM-DD")
    cl.add_argument("--nature-of-suit", metavar="TEXT", help="e.g. 820 (copyright)")
    cl.add_argument("--caption-contains", metavar="TEXT", help='words in the case name, e.g. "Does"')
    cl.add_argument("--plaintiff", action="append", default=[], metavar="NAME",
                    help="a party name to search for (repeatable: one search each); with --plan, a plaintiff "
                         "as the dashboard names it")
    cl.add_argument("--max-cases", type=int, metavar="N", help="stop after N dockets")
    planning = cl.add_argument_group("planned fetch of the build's cases without dockets (within the daily quota)")
    mode = planning.add_mutually_exclusive_group()
    mode.add_argument("--plan", action="store_true",
                      help="list the cases lacking docket entries, the requests and days fetching them takes; save "
                           "the plan in --cache-dir")
    mode.add_argument("--resume-plan", action="store_true",
                      help="fetch the saved plan's next cases within today's quota, ingest them, and stop")
    planning.add_argument("--counsel", action="append", default=[], metavar="NAME", help="plaintiff-side counsel")
    planning.add_argument("--judge", action="append", default=[], metavar="NAME", help="assigned or referred judge")
    planning.add_argument("--filed-from", metavar="YYYY-MM-DD")
    planning.add_argument("--filed-to", metavar="YYYY-MM-DD")
    planning.add_argument("--per-day", type=int, metavar="N",
                          help="requests a day (default: the daily limit the API's usage endpoint reports)")
    cl.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
    cl.add_argument("--cache-dir", default=str(DEFAULT_CACHE), help=f"response cache (default {DEFAULT_CACHE})")
    cl.add_argument("--base-url", default=DEFAULT_BASE_URL, help=f"API root (default {DEFAULT_BASE_URL})")
    cl.set_defaults(func=run)
    idb = sources.add_parser("idb", help="the FJC IDB civil file (about 324 MB), found on the FJC's dataset page")
    idb.add_argument("--url", help="the file's address, instead of the link on the dataset page")
    idb.add_argument("--cut-off", type=_iso_date, metavar="YYYY-MM-DD",
                     help="with --url: the file's cut-off date as the FJC states it (the dataset page's link "
                          "states it otherwise); recorded in the build's provenance")
    idb.add_argument("--page", default=fjc.DATASET_PAGE, help=f"the FJC's dataset page (default {fjc.DATASET_PAGE})")
    IDB.add_arguments(idb)
    idb.add_argument("--db", help="database path (default: $DOEDOCKET_DB or data/doedocket.duckdb)")
    idb.add_argument("--cache-dir", default=str(fjc.DEFAULT_CACHE),
                     help=f"where the file is kept (default {fjc.DEFAULT_CACHE})")
    idb.set_defaults(func=run_idb)


def run(args: argparse.Namespace) -> int:
    """Fetch and ingest; errors are `FetchError`/`SourceError` lines printed by the CLI."""
    if args.plan:
        return run_plan(args)
    if args.resume_plan:
        return run_resume(args)
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


def _client(args: argparse.Namespace, *, required: bool) -> Client | None:
    token = os.environ.get("COURTLISTENER_TOKEN", "").strip()
    if not token:
        if required:
            raise FetchError(args.base_url, "COURTLISTENER_TOKEN is not set (an API token is required)")
        return None
    return Client(base_url=args.base_url, token=token, cache_dir=Path(args.cache_dir))


def _limits(args: argparse.Namespace, client: Client | None) -> plan.Limits:
    if args.per_day is not None:
        if args.per_day < 1:
            raise FetchError(args.base_url, "--per-day must be at least 1")
        return plan.Limits(per_day=args.per_day, used_today=0)
    if client is None:
        raise FetchError(args.base_url, "give --per-day N or set COURTLISTENER_TOKEN to read the daily limit")
    return plan.usage(client)


def run_plan(args: argparse.Namespace) -> int:
    """Plan the fetch of the build's cases without a full docket; save and print the plan."""
    filters = {"court": [args.court] if args.court else None, "plaintiff": args.plaintiff or None,
               "counsel": args.counsel or None, "judge": args.judge or None,
               "filed_from": args.filed_from, "filed_to": args.filed_to}
    db = db_path(args)
    con = open_published(db)
    try:
        frame = queries.run(con, "fetch_plan", filters)
    finally:
        con.close()
    limits = _limits(args, _client(args, required=False))
    made = plan.make(frame, filters, limits)
    path = Path(args.cache_dir) / plan.PLAN_FILE
    plan.save(made, path)
    print(plan.describe(made) + f"\nplan saved to {path}; run `doedocket fetch courtlistener --resume-plan` each day")
    return 0


def run_resume(args: argparse.Namespace) -> int:
    """Work through the saved plan within today's quota; ingest the dockets fetched."""
    client = _client(args, required=True)
    path = Path(args.cache_dir) / plan.PLAN_FILE
    saved = plan.load(path)
    limits = _limits(args, client)
    used = min(limits.used_today or 0, limits.per_day or 0)
    client.budget = client.requests + (limits.per_day or 0) - used
    saved.per_day, saved.used_today = int(limits.per_day or 0), used
    responses, stopped = plan.work(client, saved, path)
    db = db_path(args)
    loaded = ""
    if responses:
        key = load_or_create_key(store.key_path(db))
        counts = store.run_ingest(db, [DocketRecords(courtlistener.records_from(responses))], key)
        loaded = f"; ingested into {db}: " + courtlistener.COURTLISTENER.summary(counts)
    why = f"stopped for today ({stopped.problem})" if stopped else "plan finished"
    saved.used_today = 0  # a new day begins with nothing used
    print(f"fetched {client.requests} requests ({client.cached} responses from cache); {why}{loaded}\n"
          + plan.describe(saved))
    return 0


def _iso_date(text: str) -> date:
    """A YYYY-MM-DD option value (argparse names the option and the value when it is not one)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def run_idb(args: argparse.Namespace) -> int:
    """Find (or take) the civil file's address, download it unless unchanged, and ingest it."""
    if args.cut_off and not args.url:
        raise SourceError("--cut-off", None, "goes with --url (the dataset page states the file's cut-off itself)")
    found = fjc.CivilFile(args.url, cut_off=args.cut_off) if args.url else fjc.find_civil_file(args.page)
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
