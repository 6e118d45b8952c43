"""From the census to dockets within the API's daily quota (`doedocket fetch courtlistener --plan`).

A plan lists the cases of a build matching the dashboard's filters whose docket is not fully known
(queries/fetch_plan.sql: census- or IDB-only cases, RSS- or history-only dockets), the requests
fetching each needs, and the days that takes at the account's daily limit. It is saved as
`plan.json` in the response cache; `--resume-plan` works through it, a day's budget at a time:

- per case: a RECAP search for its docket number when CourtListener's docket id is not known
  (`search/?type=r&court=..&docket_number=YY-cv-NNNNN`), then the docket, every page of its entries,
  its parties and attorneys (pipelines/fetch/courtlistener.py `fetch_docket`);
- estimate: that search (0 or 1) + 1 + ceil(entries / 20) + 1 + 1, the entries being the case's known
  ones or the median of the build's full dockets (DEFAULT_ENTRIES when it has none) — parties and
  attorneys are counted one page each, so a long party list makes the estimate low, never high;
- every response is cached before it is used, so a request is never sent twice: a case stopped half
  way is finished the next day from the cache plus its missing requests;
- the day's budget is the usage endpoint's daily limit less today's use (or `--per-day N`); reaching
  it, or a 429 whose Retry-After is longer than the client waits, ends the day cleanly: the cases
  finished so far are loaded (store.run_ingest, a normal publish) and the plan records where it stopped.

The usage endpoint's answer is read leniently (`read_usage`): numbers under a key naming a limit and
a day are the daily limit, numbers under a key naming usage or requests and today (or a day) the day's use.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.fetch.courtlistener import Client, FetchError, QuotaSpent, fetch_docket
from pipelines.fetch.responses import Saved

PLAN_FILE = "plan.json"
ENTRIES_PER_PAGE = 20  # CourtListener's page size for docket entries
DEFAULT_ENTRIES = 40  # entries per docket assumed when the build holds no full docket
PENDING, DONE, NOT_FOUND = "pending", "done", "not_found"


@dataclass
class Limits:
    """The account's limits and today's use, as the usage endpoint reports them (None: not said)."""

    per_day: int | None = None
    used_today: int | None = None


def _numbers(body: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], int]]:
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _numbers(value, (*path, str(key).lower()))
    elif isinstance(body, int) and not isinstance(body, bool):
        yield path, body


def read_usage(body: Any) -> Limits:
    """The daily limit and today's use in a usage-endpoint answer (see the module docstring)."""
    limits = Limits()
    for path, number in _numbers(body):
        words = "/".join(path)
        daily = re.search(r"day|daily", words) is not None
        if limits.per_day is None and daily and "limit" in words:
            limits.per_day = number
        elif limits.used_today is None and re.search(r"usage|used|count|requests", words) and (
                "today" in words or daily):
            limits.used_today = number
    return limits


def usage(client: Client) -> Limits:
    """Ask the API (`api-usage/`, never cached) for the account's limits and today's use."""
    url = client.url("api-usage/")
    limits = read_usage(client.live(url))
    if limits.per_day is None:
        raise FetchError(url, "the usage answer names no daily limit; give --per-day N")
    return limits


@dataclass
class PlannedCase:
    """One case to fetch, with what is known of it and where the plan stands."""

    case_id: str
    court_id: str
    docket_number_core: str | None
    docket_coverage: str
    docket_id: int | None
    requests: int  # estimated requests to fetch it
    status: str = PENDING


@dataclass
class Plan:
    """The saved plan: the filters it was made with, the limits, and the cases in fetch order."""

    filters: dict[str, Any]
    per_day: int
    used_today: int
    created: str
    cases: list[PlannedCase] = field(default_factory=list)

    @property
    def pending(self) -> list[PlannedCase]:
        return [c for c in self.cases if c.status == PENDING]

    def requests(self) -> int:
        """Estimated requests the pending cases need."""
        return sum(c.requests for c in self.pending)

    def days(self, used_today: int | None = None) -> int:
        """Days the pending cases take at `per_day` a day, today (with its use so far) the first."""
        used = self.used_today if used_today is None else used_today
        need = self.requests()
        return math.ceil((min(used, self.per_day) + need) / self.per_day) if need else 0


def estimate(entries_known: int, typical_entries: int | None, docket_id: int | None) -> int:
    """Requests to fetch one case: search (when its docket id is unknown), docket, entry pages,
    parties, attorneys."""
    entries = max(entries_known, typical_entries if typical_entries is not None else DEFAULT_ENTRIES)
    pages = max(1, math.ceil(entries / ENTRIES_PER_PAGE))
    return (0 if docket_id is not None else 1) + 1 + pages + 2


def _searchable(core: str | None) -> bool:
    """A docket number CourtListener can be searched by: the 2-digit year and 5-digit sequence."""
    return core is not None and len(core) == 7 and core.isdigit()


def make(frame: pl.DataFrame, filters: dict[str, Any], limits: Limits) -> Plan:
    """A plan from the fetch_plan question's rows. A case with neither a docket id nor a docket number
    to search by (a curated case listed without one) is not_found from the start, costing nothing."""
    cases = []
    for r in frame.iter_rows(named=True):
        findable = r["docket_id"] is not None or _searchable(r["docket_number_core"])
        cases.append(PlannedCase(
            case_id=r["case_id"], court_id=r["court_id"], docket_number_core=r["docket_number_core"],
            docket_coverage=r["docket_coverage"], docket_id=r["docket_id"],
            requests=estimate(r["entries_known"], r["typical_entries"], r["docket_id"]) if findable else 0,
            status=PENDING if findable else NOT_FOUND))
    return Plan(filters={k: v for k, v in filters.items() if v}, per_day=int(limits.per_day or 0),
                used_today=int(limits.used_today or 0),
                created=datetime.now(UTC).replace(microsecond=0).isoformat(), cases=cases)


def save(plan: Plan, path: Path) -> None:
    """Write the plan atomically (a crash leaves the previous one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(plan), indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def load(path: Path) -> Plan:
    """The saved plan; FetchError when there is none or it is not a plan."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Plan(**{**data, "cases": [PlannedCase(**c) for c in data["cases"]]})
    except FileNotFoundError:
        raise FetchError(str(path), "no plan; make one with `doedocket fetch courtlistener --plan`") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise FetchError(str(path), f"not a fetch plan ({exc})") from None


def describe(plan: Plan) -> str:
    """What the plan holds, in three lines."""
    lacking = [c for c in plan.cases if c.status != DONE]
    by = {k: sum(1 for c in lacking if c.docket_coverage == k) for k in ("none", "partial")}
    found = sum(1 for c in plan.cases if c.status == NOT_FOUND)
    done = len(plan.cases) - len(lacking)
    return (f"{len(lacking):,} cases lack docket entries ({by['none']:,} with no docket known, "
            f"{by['partial']:,} with a partial docket); {done:,} fetched, {found:,} not found on CourtListener "
            f"or without a docket number to search\n"
            f"about {plan.requests():,} requests (docket, entry pages, parties, attorneys; a search where the docket "
            f"id is unknown)\n"
            f"about {plan.days():,} days at {plan.per_day:,} requests a day"
            + (f" ({plan.used_today:,} used today)" if plan.used_today else ""))


def _docket_query(core: str) -> str:
    """'1203003' -> '12-cv-03003', the docket number as CourtListener searches it."""
    return f"{core[:2]}-cv-{core[2:]}"


def _find_docket_id(client: Client, case: PlannedCase) -> int | None:
    if not _searchable(case.docket_number_core):
        return None
    page = client.get(client.url("search/", {"type": "r", "court": case.court_id,
                                             "docket_number": _docket_query(case.docket_number_core)}))
    for result in page.body.get("results") or []:
        if isinstance(result, dict) and isinstance(result.get("docket_id"), int):
            return result["docket_id"]
    return None


def work(client: Client, plan: Plan, path: Path) -> tuple[list[Saved], QuotaSpent | None]:
    """Fetch the plan's cases in order until done or the budget is spent, saving the plan after each
    case. Returns the responses of every case done (from the cache for those done on earlier days),
    and the QuotaSpent that stopped the day, if one did."""
    responses: list[Saved] = []
    stopped: QuotaSpent | None = None
    for case in plan.cases:
        if case.status == NOT_FOUND:
            continue
        try:
            if case.docket_id is None:
                case.docket_id = _find_docket_id(client, case)
                if case.docket_id is None:
                    case.status = NOT_FOUND
                    save(plan, path)
                    continue
            before = client.requests
            got = fetch_docket(client, case.docket_id)
        except QuotaSpent as exc:
            stopped = exc
            break
        responses.extend(got)
        if case.status != DONE:
            case.status = DONE
            save(plan, path)
            client.log.write(f"courtlistener: {case.case_id} (docket {case.docket_id}) fetched: "
                             f"{client.requests - before} requests\n")
    save(plan, path)
    return responses, stopped
