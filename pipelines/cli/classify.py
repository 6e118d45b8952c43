"""`doedocket classify`: classify docket-entry lines from stdin, one JSON object per line on stdout.

Input: plain text lines, or JSONL objects with a ``text`` field (a line whose first non-blank
character is ``{`` is read as JSON); blank lines are skipped. Output, per input entry:
``{"text", "labels", "rules_on", "does_affected", "rules", "with_prejudice", "inferred", "judge"}``.
With ``--evaluate FILE`` it prints the evaluation report instead (see `pipelines/classify/evaluate.py`).
Errors (malformed JSON, a JSON line without a ``text`` string, an unreadable evaluation file) print
one line on stderr naming the line and exit with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from pipelines.classify import classify_texts
from pipelines.classify.evaluate import evaluate

__all__ = ["main_classify", "register"]


def _texts(stdin: TextIO) -> list[str]:
    texts = []
    for number, line in enumerate(stdin, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("{"):
            try:
                record = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise ValueError(f"stdin: line {number}: malformed JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"stdin: line {number}: JSON object has no 'text' string")
            texts.append(record["text"])
        else:
            texts.append(line.rstrip("\r\n"))
    return texts


def main_classify(stdin: TextIO, stdout: TextIO, evaluate_path: Path | None) -> int:
    """Run the subcommand; returns the process exit code (0 ok, 2 bad input)."""
    try:
        if evaluate_path is not None:
            stdout.write(evaluate(evaluate_path) + "\n")
            return 0
        texts = _texts(stdin)
    except (ValueError, OSError) as exc:
        print(f"doedocket classify: {exc}", file=sys.stderr)
        return 2
    for result in classify_texts(texts):
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `classify`."""
    classify = subparsers.add_parser("classify", help="label docket-entry lines (stdin) as JSON lines (stdout)")
    classify.add_argument("--evaluate", metavar="FILE", help="score the classifier on a labelled JSONL file")
    classify.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return main_classify(sys.stdin, sys.stdout, Path(args.evaluate) if args.evaluate else None)
