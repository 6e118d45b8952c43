"""The one error type every reader raises for bad input: it names the file and the record."""

from __future__ import annotations

from pathlib import Path

from pipelines.privacy import IPV4, IPV6, _is_ipv6


def _without_ips(text: str) -> str:
    """`text` with every IP address replaced: an error message is a log line, and no Doe's address
    reaches a log (a keyed pseudonym would need the database's key, and a message needs none)."""
    text = IPV4.sub("[IP address]", text)
    return IPV6.sub(lambda m: "[IP address]" if _is_ipv6(m.group(0)) else m.group(0), text)


class SourceError(ValueError):
    """Bad input: `str()` is one line, `<file>[:<record>]: <what was wrong>`, with no IP address in it."""

    def __init__(self, path: Path | str, record: int | str | None, problem: str) -> None:
        self.path = str(path)
        self.record = record
        self.problem = _without_ips(problem)
        where = self.path if record is None else f"{self.path}:{record}"
        super().__init__(_without_ips(f"{where}: {problem}"))
