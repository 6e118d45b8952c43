"""Where the project's own files are: the SQL, the bundled data and the app.

In a checkout they sit at the top level beside `pipelines/` (queries/, data/, app.py); an installed
wheel carries the same files as package data under `pipelines/_bundle/` (pyproject.toml's
force-include), so `doedocket` builds, queries and serves from wherever it is run.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
# A checkout has queries/ beside the package; an installed wheel has them inside it.
ROOT = _CHECKOUT if (_CHECKOUT / "queries" / "schema.sql").is_file() else _PACKAGE / "_bundle"
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
CURATED = DATA / "curated"
ALIASES = DATA / "aliases"
CORRECTIONS = DATA / "corrections"  # hand corrections of classified entries; $DOEDOCKET_CORRECTIONS overrides
FJC_DISTRICTS = DATA / "fjc_districts.csv"
APP = ROOT / "app.py"
