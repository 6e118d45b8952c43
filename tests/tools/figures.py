"""The figures SECURITY.md reports, counted by the tests that measure them.

A test calls `tried(figure)` when it starts on one case (a bad input, a kill point, a published
build, a fuzzed query) and `held(figure)` once every check on that case has passed, so the two
counts differ exactly by the cases that failed. Loaded as a pytest plugin
(`pytest -p tests.tools.figures ...`), it prints the table at the end of the run; without the
plugin the counting is a few dictionary updates and prints nothing.
"""

from __future__ import annotations

COUNTS: dict[str, list[int]] = {}


def tried(figure: str, n: int = 1) -> None:
    """`n` more cases of `figure` were started."""
    COUNTS.setdefault(figure, [0, 0])[0] += n


def held(figure: str, n: int = 1) -> None:
    """`n` more cases of `figure` passed every check."""
    COUNTS.setdefault(figure, [0, 0])[1] += n


def table() -> str:
    """The figures as a Markdown table: tried, held, lost (tried but not held)."""
    lines = ["| figure | tried | handled | lost |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {t:,} | {h:,} | {t - h:,} |" for name, (t, h) in sorted(COUNTS.items())]
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter) -> None:  # pragma: no cover - pytest hook
    if COUNTS:
        terminalreporter.write_sep("=", "reliability and security figures")
        terminalreporter.write_line(table())
