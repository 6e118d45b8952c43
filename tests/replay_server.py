"""A local CourtListener stand-in: replays recorded REST v4 responses on 127.0.0.1.

`tests/golden/courtlistener/routes.json` maps each request (endpoint under /api/rest/v4/ and its
query, in any parameter order) to the responses to give, in turn (the last one repeats): a
status, optional headers, and a body file from `replay/` or an inline JSON body. Recorded
bodies name https://www.courtlistener.com/api/rest/v4/; the server rewrites that to its own
address so `next` links come back to it. A request without `Authorization: Token <token>` gets
403. Tests inject `faults` (per request key, served before the recording) and read `hits`.

With `per_day=N` the server keeps CourtListener's daily quota: `used_today` starts at the given
count, every answered request (not `api-usage/`) adds one, and once N are used every request gets
429 with `Retry-After` (the seconds to midnight, `retry_after`). `api-usage/` reports the limits and
today's use, in the shape doedocket reads (pipelines/fetch/plan.py `read_usage`).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

GOLDEN = Path(__file__).resolve().parent / "golden" / "courtlistener"
RECORDED_BASE = "https://www.courtlistener.com/api/rest/v4/"
API_PATH = "/api/rest/v4/"


def request_key(endpoint: str, query: dict[str, str] | list[tuple[str, str]]) -> str:
    """`endpoint?k=v&...` with the parameters sorted: the replay's notion of one request."""
    pairs = sorted(query.items() if isinstance(query, dict) else query)
    return endpoint + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")


class ReplayServer:
    """Serve recorded responses until `stop()`; use as a context manager."""

    def __init__(self, token: str, faults: dict[str, list[dict]] | None = None, root: Path = GOLDEN, *,
                 per_day: int | None = None, used_today: int = 0, retry_after: int = 43200) -> None:
        self.token = token
        self.per_day = per_day
        self.used_today = used_today
        self.retry_after = retry_after
        self.root = root
        self.routes: dict[str, list[dict]] = {
            request_key(r["endpoint"], r["query"]): list(r["responses"])
            for r in json.loads((root / "routes.json").read_text())
        }
        self.faults = {k: list(v) for k, v in (faults or {}).items()}
        self.hits: list[str] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._answer(self)

            def log_message(self, *args) -> None:  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}{API_PATH}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def _next_response(self, key: str) -> dict | None:
        with self.lock:
            self.hits.append(key)
            if self.faults.get(key):
                return self.faults[key].pop(0)
            queue = self.routes.get(key)
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlparse(handler.path)
        if handler.headers.get("Authorization") != f"Token {self.token}":
            return self._send(handler, 403, {}, json.dumps({"detail": "Invalid token."}).encode())
        if not url.path.startswith(API_PATH):
            return self._send(handler, 404, {}, b'{"detail": "Not found."}')
        key = request_key(url.path[len(API_PATH):], parse_qsl(url.query, keep_blank_values=True))
        if self.per_day is not None:
            with self.lock:
                if key == "api-usage/":
                    self.hits.append(key)
                    usage = {"limits": {"per_minute": 5, "per_hour": 50, "per_day": self.per_day},
                             "usage": {"today": self.used_today}}
                    return self._send(handler, 200, {}, json.dumps(usage).encode())
                if self.used_today >= self.per_day:
                    self.hits.append(key)
                    return self._send(handler, 429, {"Retry-After": str(self.retry_after)},
                                      b'{"detail": "Request was throttled."}')
                self.used_today += 1
        response = self._next_response(key)
        if response is None:
            return self._send(handler, 404, {}, b'{"detail": "Not found."}')
        if "raw" in response:
            body = response["raw"].encode()
        elif "body" in response:
            body = (self.root / "replay" / response["body"]).read_bytes()
        else:
            body = json.dumps(response.get("json", {})).encode()
        body = body.replace(RECORDED_BASE.encode(), self.base_url.encode())
        self._send(handler, response["status"], response.get("headers", {}), body)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
