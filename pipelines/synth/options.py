"""Argument types the generators' `doedocket synth KIND` options share."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def non_negative(text: str) -> int:
    """A count of rows: a whole number, zero or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def share_up_to(limit: float) -> Callable[[str], float]:
    """A share between 0 and `limit`."""
    def share(text: str) -> float:
        value = float(text)
        if not 0.0 <= value <= limit:
            raise argparse.ArgumentTypeError(f"{text} is not between 0 and {limit:g}")
        return value
    return share
