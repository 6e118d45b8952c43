"""The FJC Integrated Database's civil file: found on the FJC's dataset page, downloaded resumably, kept.

`find_civil_file` reads the dataset page and takes the link whose text is like "Civil Cases
Cumulative File (Cases terminated in SY 1988 through March 31, 2026 and cases pending as of March
31, 2026)": the file's URL (its name changes when the FJC re-uploads it: `cv88on.zip`,
`cv88on_0.zip`) and its cut-off date. `download` keeps the file in a cache folder with a record
beside it (`<name>.json`: URL, label, cut-off, bytes, SHA-256, ETag, Last-Modified, when retrieved),
and fetches it again only when the server says it changed (a HEAD request, or a conditional GET
where HEAD is refused, compared on ETag, Last-Modified and Content-Length). A download goes to
`<name>.part`; a dropped connection is resumed where it stopped with an HTTP Range request (with
`If-Range`, so a file changed meanwhile restarts from zero), and the finished file must have the
size the server announced. A terminal is shown a progress bar. Errors are `FetchError` lines naming
the URL. The file is only saved here; `doedocket ingest idb` (pipelines/sources/idb/) reads it.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from tqdm import tqdm

from pipelines.fetch.courtlistener import FetchError

DATASET_PAGE = "https://www.fjc.gov/research/idb/civil-cases-filed-terminated-and-pending-sy-1988-present"
DEFAULT_CACHE = Path("data/cache/fjc")
LABEL = re.compile(r"civil\s+cases\s+cumulative\s+file", re.IGNORECASE)
THROUGH = re.compile(r"through\s+([A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4})")
CHUNK = 1 << 20
USER_AGENT = "doedocket (FJC IDB download)"


@dataclass(frozen=True)
class CivilFile:
    """The link to the civil cumulative file: its URL, the link's text and the cut-off date it states."""

    url: str
    label: str | None = None
    cut_off: date | None = None


@dataclass(frozen=True)
class Downloaded:
    """A file in the cache and whether this run downloaded it (else it was unchanged)."""

    path: Path
    bytes: int
    sha256: str
    downloaded: bool
    record: dict


class _Anchors(HTMLParser):
    """Every `<a href>` of a page with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append((dict(attrs).get("href") or "", []))

    def handle_data(self, data: str) -> None:
        for _href, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.anchors.append((href, " ".join("".join(text).split())))


def _cut_off(label: str) -> date | None:
    """The first date after "through" in a link's text ("through March 31, 2026" -> 2026-03-31)."""
    found = THROUGH.search(label)
    if not found:
        return None
    text = " ".join(found[1].replace(".", "").replace(",", ", ").split())
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_dataset_page(html: str, page_url: str) -> CivilFile:
    """The civil cumulative file linked from the dataset page's HTML (the latest cut-off if several)."""
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    found = [CivilFile(urljoin(page_url, href), label, _cut_off(label))
             for href, label in parser.anchors if href and LABEL.search(label)]
    if not found:
        raise FetchError(page_url, "no link to the civil cumulative file (a link reading 'Civil Cases Cumulative "
                                   "File ...') on the page; pass the file's address with --url")
    return max(found, key=lambda f: f.cut_off or date.min)


class HttpStatus(FetchError):
    """A reply other than 2xx: `<url>: HTTP <code> <reason>`."""

    def __init__(self, url: str, code: int, reason: str) -> None:
        super().__init__(url, f"HTTP {code} {reason}")
        self.code = code


def _open(request: urllib.request.Request, timeout: float) -> http.client.HTTPResponse:
    request.add_header("User-Agent", USER_AGENT)
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # http(s) only: _check_url
    except urllib.error.HTTPError as exc:
        exc.close()
        raise HttpStatus(request.full_url, exc.code, exc.reason) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(request.full_url, f"cannot connect ({reason})") from None


def _check_url(url: str) -> str:
    if urlparse(url).scheme not in ("http", "https"):
        raise FetchError(url, "not an http(s) address")
    return url


def find_civil_file(page_url: str = DATASET_PAGE, timeout: float = 60.0) -> CivilFile:
    """Read the FJC's dataset page and return the civil cumulative file's link and cut-off date."""
    with _open(urllib.request.Request(_check_url(page_url)), timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        html = response.read().decode(charset, errors="replace")
    return parse_dataset_page(html, response.geturl() or page_url)


def _validators(headers: http.client.HTTPMessage) -> dict:
    return {"etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}


def _total(response: http.client.HTTPResponse) -> int | None:
    """The whole file's size: Content-Range's total on a 206, else Content-Length."""
    if response.status == 206:
        found = re.search(r"/(\d+)\s*$", response.headers.get("Content-Range", ""))
        return int(found[1]) if found else None
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while data := fh.read(CHUNK * 4):
            digest.update(data)
    return digest.hexdigest()


def _write_json(path: Path, record: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> dict:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@dataclass
class Downloader:
    """Downloads one URL into `cache_dir`, resuming, with a progress bar on a terminal."""

    cache_dir: Path = DEFAULT_CACHE
    retries: int = 5  # resumptions after a dropped connection before giving up
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # requests sent this run

    def _request(self, url: str, method: str = "GET", headers: dict | None = None) -> http.client.HTTPResponse:
        self.requests += 1
        return _open(urllib.request.Request(url, method=method, headers=headers or {}), self.timeout)

    def unchanged(self, url: str, record: dict, path: Path) -> bool:
        """Whether the cached `path` (with its `record`) is still what the server has at `url`."""
        if record.get("url") != url or not path.is_file() or path.stat().st_size != record.get("bytes"):
            return False
        try:
            with self._request(url, "HEAD") as response:
                headers = response.headers
        except FetchError:  # HEAD refused: ask with a conditional GET instead
            conditions = {k: v for k, v in (("If-None-Match", record.get("etag")),
                                            ("If-Modified-Since", record.get("last_modified"))) if v}
            if not conditions:
                return False
            try:
                with self._request(url, headers=conditions):
                    return False  # a 200: it changed (the body is left unread)
            except HttpStatus as exc:
                if exc.code == 304:
                    return True
                raise
        now = _validators(headers)
        length = headers.get("Content-Length")
        same = [now[k] == record.get(k) for k in ("etag", "last_modified") if now[k] or record.get(k)]
        if length is not None:
            same.append(length.isdigit() and int(length) == record.get("bytes"))
        return bool(same) and all(same)

    def fetch(self, url: str, extra: dict | None = None) -> Downloaded:
        """The file at `url` in the cache: downloaded unless the cached copy is unchanged. `extra`
        (label, cut-off) joins the record saved beside it."""
        url = _check_url(url)
        name = Path(urlparse(url).path).name or "download"
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.cache_dir / name
        record_path = path.with_name(name + ".json")
        record = _read_json(record_path)
        if self.unchanged(url, record, path):
            record = record | {k: v for k, v in (extra or {}).items() if v is not None}
            _write_json(record_path, record)
            return Downloaded(path, record["bytes"], record["sha256"], False, record)
        part = path.with_name(name + ".part")
        validators = self._download(url, part)
        size = part.stat().st_size
        sha = _sha256(part)
        os.replace(part, path)
        part.with_name(part.name + ".json").unlink(missing_ok=True)
        record = {"url": url, "name": name, "bytes": size, "sha256": sha, **validators,
                  "retrieved_at": datetime.now(UTC).replace(microsecond=0).isoformat()}
        record |= {k: v for k, v in (extra or {}).items() if v is not None}
        _write_json(record_path, record)
        return Downloaded(path, size, sha, True, record)

    def _download(self, url: str, part: Path) -> dict:
        """Fill `part` with the whole file, resuming after dropped connections; returns its validators."""
        state_path = part.with_name(part.name + ".json")
        state = _read_json(state_path) if part.exists() else {}
        if state.get("url") != url:
            part.unlink(missing_ok=True)
            state = {"url": url}
        size = shutil.get_terminal_size((100, 20))
        bar = tqdm(unit="B", unit_scale=True, unit_divisor=1024, desc=f"fetch {part.name.removesuffix('.part')}",
                   file=sys.stderr, disable=not sys.stderr.isatty(), ncols=size.columns)
        failures = 0
        with bar:
            while True:
                have = part.stat().st_size if part.exists() else 0
                headers = {}
                if have:
                    headers["Range"] = f"bytes={have}-"
                    if state.get("etag") or state.get("last_modified"):
                        headers["If-Range"] = state.get("etag") or state.get("last_modified")
                try:
                    total = self._receive(url, part, have, headers, state, state_path, bar)
                except _Dropped as exc:
                    failures += 1
                    if failures > self.retries:
                        raise FetchError(url, f"download stopped at {exc.have:,} of {exc.total or '?'} bytes and "
                                              f"could not be resumed after {self.retries} tries ({exc.why})") from None
                    self.sleep(min(30.0, 2.0 ** (failures - 1)))
                    continue
                got = part.stat().st_size
                if total is not None and got != total:
                    raise FetchError(url, f"truncated download: {got:,} of {total:,} bytes")
                return {"etag": state.get("etag"), "last_modified": state.get("last_modified")}

    def _receive(self, url: str, part: Path, have: int, headers: dict, state: dict, state_path: Path,
                 bar: tqdm) -> int | None:
        """One request: append the body to `part` (or start it again on a full 200 reply)."""
        try:
            response = self._request(url, headers=headers)
        except HttpStatus as exc:
            if have and exc.code == 416:  # the range starts past the end: the file changed, start again
                part.unlink(missing_ok=True)
                raise _Dropped(0, None, "range not satisfiable") from None
            raise
        with response:
            resumed = response.status == 206
            total = _total(response)
            state.update(_validators(response.headers))
            _write_json(state_path, state)
            if not resumed:
                have = 0
            bar.reset(total=total)
            bar.update(have)
            received = have
            try:
                with open(part, "ab" if resumed else "wb") as fh:
                    while data := response.read(CHUNK):
                        fh.write(data)
                        received += len(data)
                        bar.update(len(data))
            except (http.client.HTTPException, OSError) as exc:
                raise _Dropped(received, total, f"{type(exc).__name__}: {exc}") from None
        if total is not None and received < total:
            raise _Dropped(received, total, "connection closed early")
        return total


class _Dropped(Exception):
    """A download cut off before its end (resumed by `Downloader._download`)."""

    def __init__(self, have: int, total: int | None, why: str) -> None:
        super().__init__(why)
        self.have, self.total, self.why = have, total, why
