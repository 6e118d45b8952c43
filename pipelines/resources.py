"""Where the project's own files are: the SQL, the bundled data and the app.

In a checkout they sit at the top level beside `pipelines/` (queries/, data/, app.py); an installed
wheel carries the same files as package data under `pipelines/_bundle/` (pyproject.toml's
force-include), so `doedocket` builds, queries and serves from wherever it is run.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
# A checkout has queries/ beside the package; an installed wheel has them inside it.
ROOT = _CHECKOUT if (_CHECKOUT / "queries" / "schema.sql").is_file() else _PACKAGE / "_bundle"
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
CURATED = DATA / "curated"
ALIASES = DATA / "aliases"
# Hand corrections of classified entries are the user's own files ($DOEDOCKET_CORRECTIONS overrides): the
# checkout's data/corrections/, or, for an installed package, data/corrections/ under the directory it
# is run from (as the database is), never a folder inside site-packages.
CORRECTIONS = DATA / "corrections" if ROOT == _CHECKOUT else Path("data") / "corrections"
FJC_DISTRICTS = DATA / "fjc_districts.csv"
APP = ROOT / "app.py"


def shared() -> Path:
    """The folder of public records the project reads but does not keep (docket texts of
    `real_entries/`): $DOEDOCKET_SHARED, else `../shared` beside a checkout."""
    value = os.environ.get("DOEDOCKET_SHARED")
    return Path(value) if value else _CHECKOUT.parent / "shared"
