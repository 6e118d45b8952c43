"""`spark-submit [--master URL] pipelines/cli/spark_submit.py NAME --data LAKE [--param K=V] [--format F]`:
`doedocket query NAME --engine spark` on the master spark-submit was given."""

from __future__ import annotations

import sys

from pipelines.cli import main

if __name__ == "__main__":
    sys.exit(main(["query", *sys.argv[1:], "--engine", "spark"]))
