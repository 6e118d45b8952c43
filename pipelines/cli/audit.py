"""`doedocket audit`: hand review of classified entries (sample a sheet, score it, keep its fixes)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pipelines import audit, queries
from pipelines.cli.common import add_db, db_path, open_published


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `audit`."""
    parser = add_db(subparsers.add_parser(
        "audit", help="hand review of classified entries: --sample a sheet, --score it, --to-corrections"))
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--sample", type=int, metavar="N", help="write a sheet of N randomly drawn classified entries")
    action.add_argument("--score", metavar="FILE", help="per-label precision and agreement of a reviewed sheet")
    action.add_argument("--to-corrections", metavar="FILE",
                        help="the reviewed rows whose labels were wrong, as data/corrections/<sheet name>.csv")
    parser.add_argument("--label", help="--sample: only entries the classifier gave this label")
    parser.add_argument("--court", help="--sample: only entries of this court (cand, nysd, ...)")
    parser.add_argument("--seed", type=int, help="--sample: the same seed draws the same sample (default: a new one, printed)")
    parser.add_argument("--out", metavar="FILE", help="--sample: the sheet's path (default: standard output)")
    parser.add_argument("--reviewer", help="--to-corrections: who reviewed the sheet (default: your login name)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.sample is not None:
        return _sample(args)
    if args.score is not None:
        print(audit.report(audit.score(Path(args.score)), args.score))
        return 0
    target, count = audit.to_corrections(Path(args.to_corrections), args.reviewer or getpass.getuser())
    print(f"{args.to_corrections}: {count} corrections written to {target}" if count
          else f"{args.to_corrections}: no reviewed row differs from the classifier; nothing written")
    return 0


def _sample(args: argparse.Namespace) -> int:
    seed = audit.new_seed() if args.seed is None else args.seed
    con = open_published(db_path(args))
    try:
        sheet = audit.sample(con, args.sample, seed=seed, label=args.label, court=args.court)
    finally:
        con.close()
    if args.out:
        audit.write_sheet(sheet, Path(args.out))
        where = args.out
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(queries.to_csv(sheet))
        where = "standard output"
    print(f"sampled {sheet.height} entries (seed {seed}) to {where}", file=sys.stderr)
    return 0
