"""A saved response of a live service, as the fetch clients write it and the readers read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass
class Saved:
    """One API response body with where it came from."""

    path: Path
    body: Any
    url: str | None
    retrieved_at: datetime
