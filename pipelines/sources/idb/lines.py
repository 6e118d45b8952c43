"""The raw lines of an IDB file, read as bytes: counting them (with a look for NUL bytes in the same
pass), finding the lines the scanner cannot keep apart from the next (too long, a
quote left open), and fetching a refused line by offset or number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RAW_LINE_LIMIT = 2000  # characters of a rejected line kept in idb_rejects
MAX_LINE_BYTES = 2_000_000  # DuckDB's max_line_size: the scanner refuses, or past ~32 MB drops, longer lines
# Bytes read at a time by a pass over the whole file: a read that stays in the CPU's caches; 16 MiB
# reads took 20-30% more CPU time for the same pass (2.5 GB: 0.69 s against 0.50-0.58).
READ_SIZE = 1 << 20


@dataclass(frozen=True)
class Survey:
    """What one pass over a file's bytes found."""

    lines: int  # physical lines after the header (a last line without a line break counts)
    has_nul: bool  # a NUL byte somewhere in the file


def survey(path: Path) -> Survey:
    """Count the lines of `path` and look for NUL bytes, in one read.

    The file's SHA-256 is not taken here: this pass runs beside the scan on the same two cores, and
    hashing in it made the scan 1.1-1.3 s longer at ten million rows (`archive.sha256_in_background`
    takes it after the scan, while the rest of the build runs). Nor is the file mapped: page faults
    beside DuckDB's threads, in the same process, made the whole ingest slower, not faster.
    """
    total, nul, buf, last = 0, False, bytearray(READ_SIZE), b"\n"
    view = np.frombuffer(buf, dtype=np.uint8)  # numpy counts line breaks three times as fast as bytes.count
    with open(path, "rb", buffering=0) as fh:
        while size := fh.readinto(buf):
            total += int(np.count_nonzero(view[:size] == 0x0A))
            nul = nul or buf.find(b"\x00", 0, size) >= 0
            last = bytes(buf[size - 1:size])
    return Survey(max(0, total - 1 + (last != b"\n")), nul)


def open_quote_at_end(line: bytes) -> bool:
    """Whether a value that opens with a double quote is still open where the line ends.

    The scanner would read on into the next lines to close it, swallowing them into one record. Only
    values that open with a quote are looked at: a value that does not holds no tab, so the next one
    that does is found at the next tab followed by a quote.
    """
    body = line.rstrip(b"\r\n")
    if b'"' not in body:
        return False
    opening = 0 if body.startswith(b'"') else body.find(b'\t"') + 1
    while opening > 0 or opening == 0 and body.startswith(b'"'):
        j = opening + 1  # find its closing quote ("" is an escaped quote)
        while True:
            k = body.find(b'"', j)
            if k < 0:
                return True
            if body[k + 1:k + 2] != b'"':
                break
            j = k + 2
        opening = body.find(b'\t"', k + 1) + 1
        if opening == 0:
            return False
    return False


def _irregular_lines(path: Path) -> tuple[int, dict[int, tuple[str, bytes]]]:
    """Blank data lines (which the scanner skips) and lines it cannot keep apart from the next.

    Returns (blank lines, {line: (reason, first bytes)}) for lines longer than the scanner reads
    and lines with a quote left open.
    """
    blank, broken = 0, {}
    with open(path, "rb") as fh:
        fh.readline()
        for number, raw in enumerate(fh, start=2):
            if not raw.strip(b"\r\n"):
                blank += 1
            elif len(raw) > MAX_LINE_BYTES:
                broken[number] = (f"line is {len(raw):,} bytes long (more than {MAX_LINE_BYTES:,})",
                                  raw[:RAW_LINE_LIMIT])
            elif b'"' in raw and open_quote_at_end(raw):
                broken[number] = ('unbalanced quote: a value opening with " is not closed on its line', raw)
    return blank, broken


def _readable_copy(path: Path, numbers: set[int], target: Path) -> None:
    """Copy `path` to `target` with the given lines emptied and every line ended by LF alone.

    Line numbers stay the same (the scanner skips empty lines and counts them).
    """
    with open(path, "rb") as src, open(target, "wb") as out:
        for number, raw in enumerate(src, start=1):
            out.write(b"\n" if number in numbers else raw.rstrip(b"\r\n") + b"\n")


def line_at(fd: int, hint: int, csv_line: str) -> bytes | None:
    """The line of the open file `fd` starting at (or one byte after) byte `hint`, if it matches the
    scanner's copy.

    DuckDB reports where a refused line starts, give or take the line break before it, and the
    line itself with undecodable bytes shown as '?': the text up to the first '?' is what it read as
    UTF-8, so its UTF-8 bytes must begin the line. Read with `os.pread` (no seek, no buffer to
    refill): an IDB line is a few hundred bytes.
    """
    base = max(0, hint - 2)
    window = os.pread(fd, 1024, base)
    start = window.rfind(b"\n", 0, hint - base + 1) + 1
    end = window.find(b"\n", start)
    while end < 0 and len(window) - start < MAX_LINE_BYTES:
        more = os.pread(fd, 1 << 16, base + len(window))
        if not more:
            break
        window += more
        end = window.find(b"\n", start)
    raw = window[start:] if end < 0 else window[start:end + 1]
    prefix = csv_line.lstrip("\r\n").split("?", 1)[0]
    return raw if raw.startswith(prefix.encode("utf-8")) else None


def _lines_numbered(path: Path, numbers: set[int]) -> dict[int, bytes]:
    """Lines of `path` by 1-based number, for the few the byte-offset hint did not find."""
    found: dict[int, bytes] = {}
    if not numbers:
        return found
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number in numbers:
                found[number] = raw
                if len(found) == len(numbers):
                    break
    return found


def _lines_with_nul(path: Path) -> dict[int, bytes]:
    """Every data line of `path` holding a NUL byte, by 1-based number."""
    found: dict[int, bytes] = {}
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number > 1 and b"\x00" in raw:
                found[number] = raw
    return found
