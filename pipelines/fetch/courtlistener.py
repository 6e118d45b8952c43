"""A CourtListener REST v4 client that never spends quota twice.

Every successful response is cached on disk before it is used, one file per request keyed by
the SHA-256 of its URL: `{"url", "retrieved_at", "status", "body"}` (the token travels only in
the `Authorization` header, so it is in no URL, cache file or message). A rerun reads the cache,
so an interrupted fetch resumes where it stopped and a finished one costs nothing. HTTP 429 is
honoured (`Retry-After` in seconds or as a date, else exponential back-off), as are transient 5xx
and connection errors; 401/403/404, a malformed body or a wait longer than `max_wait` stop the
run with one line naming the request, and nothing bad is cached. Progress goes to stderr.

`fetch_dockets` runs the whole job: RECAP search (`type=r`) for the filters, then for each docket
(`fetch_docket`) its detail, docket entries (document text omitted), parties and attorneys
(`filter_nested_results=True`), following cursor `next` links verbatim. A `budget` caps the requests
one run sends (the day's quota: pipelines/fetch/plan.py); reaching it, or a 429 whose wait is too
long, raises `QuotaSpent`, a `FetchError` a planned fetch stops on cleanly.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urljoin

from pipelines.errors import SourceError
from pipelines.fetch.responses import Saved

DEFAULT_BASE_URL = "https://www.courtlistener.com/api/rest/v4/"
RETRYABLE = {429, 500, 502, 503, 504}


class FetchError(SourceError):
    """A request that cannot succeed now: `<url>: <what happened>`, one line, no token."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(url, None, problem)


class QuotaSpent(FetchError):
    """The run's request budget is spent, or the API asks to wait longer than `max_wait` (429)."""


@dataclass
class Client:
    """GET with cache, retries and back-off against one API base URL."""

    base_url: str
    token: str
    cache_dir: Path
    sleep: Callable[[float], None] = time.sleep
    max_retries: int = 5
    max_wait: float = 600.0
    timeout: float = 60.0
    log: IO[str] = field(default_factory=lambda: sys.stderr)
    budget: int | None = None  # most requests to send over the network this run (None: no cap)
    requests: int = 0  # requests sent over the network this run
    cached: int = 0  # responses served from the cache this run

    def url(self, endpoint: str, params: dict[str, Any] | None = None) -> str:
        """The absolute URL of an endpoint ("search/", "dockets/123/") with its query."""
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return urljoin(base, endpoint) + (f"?{query}" if query else "")

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()[:40]}.json"

    def _redact(self, text: str) -> str:
        return text.replace(self.token, "[token]") if self.token else text

    def _from_cache(self, url: str) -> Saved | None:
        path = self._cache_path(url)
        try:
            envelope = json.loads(path.read_text(encoding="utf-8"))
            if envelope.get("url") != url or envelope.get("status") != 200:
                return None
            return Saved(path, envelope["body"], url, datetime.fromisoformat(envelope["retrieved_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, url: str, body: Any) -> Saved:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        retrieved = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        path = self._cache_path(url)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"url": url, "retrieved_at": retrieved.isoformat(), "status": 200, "body": body},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        return Saved(path, body, url, retrieved)

    def _wait_for(self, response_headers: Any, attempt: int) -> float:
        header = response_headers.get("Retry-After") if response_headers is not None else None
        if header:
            header = header.strip()
            if header.isdigit():
                return float(header)
            try:
                when = email.utils.parsedate_to_datetime(header)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return max(0.0, (when - datetime.now(when.tzinfo or UTC)).total_seconds())
        return float(2 ** attempt)

    def get(self, url: str) -> Saved:
        """The response body for `url`, from the cache or the network (then cached)."""
        hit = self._from_cache(url)
        if hit is not None:
            self.cached += 1
            return hit
        return self._store(url, self.live(url))

    def live(self, url: str) -> dict[str, Any]:
        """The response body for `url` from the network, not cached (e.g. the usage endpoint)."""
        request = urllib.request.Request(url, headers={
            "Authorization": f"Token {self.token}", "Accept": "application/json", "User-Agent": "doedocket"})
        for attempt in range(self.max_retries + 1):
            if self.budget is not None and self.requests >= self.budget:
                raise QuotaSpent(url, f"the day's budget of {self.budget} requests is spent; rerun to resume")
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    raw = response.read()
                break
            except urllib.error.HTTPError as exc:
                status, headers, detail = exc.code, exc.headers, _detail(exc)
                if status not in RETRYABLE or attempt == self.max_retries:
                    error = QuotaSpent if status == 429 else FetchError
                    raise error(url, self._redact(_explain(status, detail, attempt))) from None
                wait = self._wait_for(headers, attempt)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.max_retries:
                    reason = getattr(exc, "reason", exc)
                    raise FetchError(url, self._redact(f"cannot reach the API ({reason}); rerun to resume")) from None
                status, wait = None, float(2 ** attempt)
            if wait > self.max_wait:
                raise QuotaSpent(url, f"rate limited: the API asks to wait {wait:.0f} s (more than {self.max_wait:.0f}); "
                                      "rerun later to resume from the cache")
            self.log.write(f"courtlistener: HTTP {status or 'connection error'}, retrying in {wait:.0f} s "
                           f"(attempt {attempt + 2} of {self.max_retries + 1})\n")
            self.sleep(wait)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FetchError(url, f"malformed response: not JSON ({len(raw)} bytes); nothing was cached") from None
        if not isinstance(body, dict):
            raise FetchError(url, "malformed response: a JSON object was expected; nothing was cached")
        return body

    def pages(self, url: str) -> Iterator[Saved]:
        """Every page of a list endpoint, following `next` links verbatim."""
        seen = set()
        while url and url not in seen:
            seen.add(url)
            page = self.get(url)
            if not isinstance(page.body.get("results"), list):
                raise FetchError(url, "malformed response: no 'results' list")
            yield page
            url = page.body.get("next")
            if url is not None and not isinstance(url, str):
                raise FetchError(page.url or "", "malformed response: 'next' is not a URL")


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read().decode("utf-8", "replace"))
        detail = body.get("detail") if isinstance(body, dict) else None
        return " ".join(str(detail).split())[:200] if detail else ""
    except (ValueError, OSError):
        return ""


def _explain(status: int, detail: str, attempt: int) -> str:
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        return f"HTTP {status} from the API{said}; check COURTLISTENER_TOKEN"
    if status == 429:
        return f"HTTP 429 rate limited after {attempt + 1} attempts{said}; rerun later to resume from the cache"
    return f"HTTP {status}{said}"


@dataclass
class Filters:
    """What to search for (RECAP search, `type=r`)."""

    court: str | None = None
    filed_after: str | None = None
    filed_before: str | None = None
    nature_of_suit: str | None = None
    caption_contains: str | None = None
    plaintiffs: list[str] = field(default_factory=list)

    def searches(self) -> list[dict[str, str | None]]:
        """One search per plaintiff name (or one without), in a stable parameter order."""
        base = {"type": "r", "court": self.court, "filed_after": self.filed_after,
                "filed_before": self.filed_before, "nature_of_suit": self.nature_of_suit,
                "case_name": self.caption_contains, "order_by": "dateFiled asc"}
        return [dict(base, party_name=name) for name in self.plaintiffs] or [base]


def fetch_dockets(client: Client, filters: Filters, max_cases: int | None = None) -> list[Saved]:
    """Search, then fetch every found docket's detail, entries, parties and attorneys."""
    docket_ids: list[int] = []
    for params in filters.searches():
        for number, page in enumerate(client.pages(client.url("search/", params)), start=1):
            for result in page.body["results"]:
                docket_id = result.get("docket_id") if isinstance(result, dict) else None
                if not isinstance(docket_id, int):
                    raise FetchError(page.url or "", "malformed search result: no integer docket_id")
                if docket_id not in docket_ids:
                    docket_ids.append(docket_id)
            client.log.write(f"courtlistener: search page {number}: {len(docket_ids)} dockets found\n")
            if max_cases is not None and len(docket_ids) >= max_cases:
                break
    docket_ids = docket_ids[:max_cases] if max_cases is not None else docket_ids
    responses: list[Saved] = []
    for index, docket_id in enumerate(docket_ids, start=1):
        before = (client.requests, client.cached)
        responses.extend(fetch_docket(client, docket_id))
        client.log.write(f"courtlistener: docket {index}/{len(docket_ids)} (id {docket_id}): "
                         f"{client.requests - before[0]} requests, {client.cached - before[1]} from cache\n")
    return responses


def fetch_docket(client: Client, docket_id: int) -> list[Saved]:
    """One docket's detail, entries (every page), parties and attorneys."""
    responses = [client.get(client.url(f"dockets/{docket_id}/"))]
    responses.extend(client.pages(client.url("docket-entries/", {
        "docket": docket_id, "omit": "recap_documents__plain_text"})))
    for endpoint in ("parties/", "attorneys/"):
        responses.extend(client.pages(client.url(endpoint, {"docket": docket_id, "filter_nested_results": "True"})))
    return responses
