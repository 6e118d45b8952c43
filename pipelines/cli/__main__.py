"""`python -m pipelines.cli`: the `doedocket` command."""

import sys

from pipelines.cli import main

sys.exit(main())
