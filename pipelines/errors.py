"""The one error type every reader raises for bad input: it names the file and the record."""

from __future__ import annotations

from pathlib import Path


class SourceError(ValueError):
    """Bad input: `str()` is one line, `<file>[:<record>]: <what was wrong>`."""

    def __init__(self, path: Path | str, record: int | str | None, problem: str) -> None:
        self.path = str(path)
        self.record = record
        self.problem = problem
        where = self.path if record is None else f"{self.path}:{record}"
        super().__init__(f"{where}: {problem}")
