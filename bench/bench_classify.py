"""Benchmark: label a synthetic column of realistic docket entries with `classify_entries`.

Usage: ``python bench/bench_classify.py [--entries N] [--loop-sample M]`` (default 10,000,000 entries).
`run(n_entries)` returns the figures as a dict for a shared harness.

The synthetic docket is generated from templates in the styles of N.D. Cal., S.D.N.Y., D.N.J., N.D. Ill.,
E.D. Pa., W.D. Wash. and N.D. Tex. in cases of 40 entries: each case has its own plaintiff, judge,
counsel and clerk initials, a filing day among ~2,000 campaign days, and entry dates that follow it;
entries vary in referenced docket numbers, Doe numbers and ranges, and filing-fee receipt numbers. Measured in the same run:

* the vectorised classifier (`pipelines.classify.classify_entries`, with docket context) over all entries;
* a plain per-row Python loop applying the same rules table with Python's `re` (line rules only, no
  docket context, so the loop does less work than the vectorised path) on a sample, extrapolated per entry.

Peak memory is the peak resident set size of this process (``ru_maxrss``) after the vectorised run,
minus the resident size before it, and the absolute peak.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines import classify_rules as R  # noqa: E402
from pipelines.classify import classify_entries, classify_texts  # noqa: E402

TEMPLATES: tuple[str, ...] = (
    "COMPLAINT against Does 1-{hi} ( Filing fee $ 350, receipt number {rcpt}.). Filed by {pl}. (Attachments: # 1 Exhibit A, # 2 Civil Cover Sheet)({atty}) (Filed on {date})",
    "Ex Parte Application For Leave to Take Expedited Discovery filed by {pl}. (Attachments: # 1 Exhibit A, # 2 Exhibit B)({atty}) (Filed on {date})",
    "ORDER by Judge {judge} granting {n} Ex Parte Application for Leave to Take Expedited Discovery ({clerk}, COURT STAFF) (Filed on {date})",
    "ORDER GRANTING IN PART {n} Plaintiff's Ex Parte Application. The court grants Plaintiff's motion with respect to Doe No. 1, and it severs Does 2-{hi} and dismisses Plaintiff's claims against them. Signed by Judge {judge} on {date}. ({clerk}, COURT STAFF) (Filed on {date})",
    "ORDER by Judge {judge} denying {n} Motion to Quash ({clerk}, COURT STAFF) (Filed on {date})",
    "MOTION to Quash Subpoena filed by Doe {m}. ({clerk}, COURT STAFF) (Filed on {date})",
    "NOTICE of Voluntary Dismissal as to Doe {m} without prejudice by {pl} ({atty}) (Filed on {date})",
    "CERTIFICATE OF SERVICE by {pl} re {n} Order ({atty}) (Filed on {date})",
    "NOTICE of Appearance by {atty} on behalf of {pl} ({atty})",
    "MOTION for Leave to Serve Third Party Subpoena Prior to a Rule 26(f) Conference by {pl}. (Attachments: # 1 Brief, # 2 Declaration)({atty}) (Entered: {date})",
    "ORDER granting {n} Motion for Leave to Serve Third Party Subpoena Prior to a Rule 26(f) Conference. Signed by Magistrate Judge {judge} on {date}. ({clerk}, ) (Entered: {date})",
    "ORDER TO SHOW CAUSE why this action should not be dismissed for failure to serve under Rule 4(m). Signed by Judge {judge} on {date}. ({clerk}) (Entered: {date})",
    "ORDER DISMISSING CASE. Signed by Judge {judge} on {date}. ({clerk}, COURT STAFF) (Filed on {date})",
    "MINUTE entry before Honorable {judge}: Plaintiff's motion for leave to take discovery prior to Rule 26(f) conference [{n}] is granted. Mailed notice ({clerk}, ) (Entered: {date})",
    "ORDER THAT PLAINTIFF'S MOTION FOR LEAVE TO SERVE THIRD PARTY SUBPOENAS PRIOR TO A RULE 26(F) CONFERENCE (DOC. NO. {n}) IS GRANTED. SIGNED BY HONORABLE {judge} ON {date}. ({clerk}, ) (Entered: {date})",
    "ORDER SEVERING DOES 2-{hi}: All defendants except Doe 1 are SEVERED from this action. (Ordered by Judge {judge} on {date}) ({clerk}) (Entered: {date})",
    "SCHEDULING ORDER: Discovery due by {date}. Dispositive motions due by {date}. Signed by Judge {judge} on {date}. ({clerk}) (Entered: {date})",
    "Summons Issued as to {pl}. ({clerk}, COURT STAFF) (Filed on {date})",
    "STIPULATION of Dismissal with prejudice, the parties having settled, by {pl} ({atty}) (Entered: {date})",
    "Notice of Appearance",
    "Motion for Miscellaneous Relief",
    "Order on Motion for Miscellaneous Relief",
    "Certificate of Service",
    "Summons Issued",
    "Corporate Disclosure Statement",
    "AO121 Copyright Form",
    "Notice of Voluntary Dismissal",
    "Set/Reset Motion and R&R Deadlines/Hearings",
)
PLAINTIFFS = ("Hard Drive Productions, Inc.", "Malibu Media, LLC", "Strike 3 Holdings, LLC", "AF Holdings LLC",
              "Boy Racer, Inc.", "Patrick Collins, Inc.", "Voltage Pictures LLC", "Elf-Man, LLC",
              "Digital Sin, Inc.", "Pacific Century International", "Mick Haig Productions E.K.", "CP Productions, Inc.")
JUDGES = ("Laurel Beeler", "Howard R. Lloyd", "Maria-Elena James", "Samuel Conti", "Paul S. Grewal", "Lucy H. Koh",
          "Edward M. Chen", "Alvin K. Hellerstein", "Lewis J. Liman", "Leda D. Wettre", "Milton I. Shadur",
          "Michael M. Baylson", "Robert S. Lasnik", "David C Godbey", "Royal Furgeson", "Jesse M. Furman")
ATTORNEYS = ("Gibbs, Brett", "Fiore, Patrick", "James, Jacqueline", "Duffy, Paul", "Lowe, David", "Stone, Evan")
CLERKS = ("cjl", "lblc2", "hrllc2", "cdnS", "sclc1", "ate", "mca", "srn", "jl", "TM", "axm", "dnc")


def synthetic_entries(n_entries: int, seed: int = 7) -> pl.DataFrame:
    """A synthetic docket: ``n_entries`` rows in cases of 40 entries, columns as `classify_entries` expects."""
    rng = np.random.default_rng(seed)
    per_case = 40
    seq = np.arange(n_entries) % per_case
    case = np.arange(n_entries) // per_case
    # short history-report descriptions are as common as full text in real data
    template = rng.integers(0, len(TEMPLATES), n_entries)
    n_cases = int(case[-1]) + 1 if n_entries else 0

    def case_pick(size: int) -> np.ndarray:
        """One value per case (a case keeps its plaintiff, judge, counsel and clerk), repeated per entry."""
        return rng.integers(0, size, n_cases)[case]

    # a case is filed on one of ~2,000 campaign days; its entries follow within about a year
    day = rng.integers(0, 2000, n_cases)[case] + (seq * rng.integers(1, 10, n_entries))
    dates = pl.Series(np.datetime64("2010-01-01") + day.astype("timedelta64[D]"), dtype=pl.Date)
    text = pl.Series("tpl", TEMPLATES).gather(pl.Series(template))
    frame = pl.DataFrame(
        {
            "case_id": pl.Series(case, dtype=pl.Int64).cast(pl.String).str.pad_start(7, "0"),
            "entry_seq": pl.Series(seq, dtype=pl.Int64),
            "entry_number": pl.Series(seq + 1, dtype=pl.Int64),
            "date_filed": dates,
            "tpl": text,
            "n": pl.Series(np.maximum(seq - rng.integers(1, 4, n_entries), 1)).cast(pl.String),
            "m": pl.Series(rng.integers(1, 400, n_entries)).cast(pl.String),
            "hi": pl.Series(rng.choice([5, 33, 46, 58, 90, 109, 148, 670, 1474, 2099, 5698], n_entries)).cast(pl.String),
            "rcpt": pl.Series(rng.integers(1000, 9999, n_entries)).cast(pl.String),
            "pl": pl.Series(PLAINTIFFS).gather(pl.Series(case_pick(len(PLAINTIFFS)))),
            "judge": pl.Series(JUDGES).gather(pl.Series(case_pick(len(JUDGES)))),
            "atty": pl.Series(ATTORNEYS).gather(pl.Series(case_pick(len(ATTORNEYS)))),
            "clerk": pl.Series(CLERKS).gather(pl.Series(case_pick(len(CLERKS)))),
        }
    )
    desc = pl.col("tpl")
    for field in ("n", "m", "hi", "rcpt", "pl", "judge", "atty", "clerk"):
        desc = desc.str.replace_all("{" + field + "}", pl.col(field), literal=True)
    desc = desc.str.replace_all("{date}", pl.col("date_filed").dt.strftime("%-m/%-d/%Y"), literal=True)
    return frame.select("case_id", "entry_seq", "entry_number", "date_filed", description=desc)


# --- the per-row baseline: the same table, Python `re`, one entry at a time --------------------------
def _py(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_REWRITES = [(_py(p), re.sub(r"\$\{(\d+)\}", r"\\g<\1>", r)) for p, r in R.REWRITES]
_VOLATILE = _py(R.VOLATILE)
_ORDER = _py(R.ORDER)
_RULES = [(rule, _py(rule.pattern), _py(rule.exclude) if rule.exclude else None) for rule in R.RULES]
_RULES_ON = _py(R.RULES_ON)
_RULES_ON_FIRST = _py(R.RULES_ON_MOTION_FIRST)
_DOES = (_py(R.DOES_PLURAL_LIST), _py(R.DOES_DEFENDANTS_RANGE))


def classify_one(text: str) -> tuple[list[str], list[int], int | None]:
    """Labels, rules_on and does_affected of one entry, applying `classify_rules` row by row."""
    t = _VOLATILE.sub("", text).lower()
    for pattern, replacement in _REWRITES:
        t = pattern.sub(replacement, t)
    t = t.strip()
    is_order = _ORDER.search(t) is not None
    fired: dict[str, str] = {}
    for rule, pattern, exclude in _RULES:
        if rule.label in fired or (rule.scope == "order" and not is_order) or (rule.scope == "filing" and is_order):
            continue
        if pattern.search(t) and not (exclude and exclude.search(t)):
            fired[rule.label] = rule.id
    for label, overriders in R.OVERRIDDEN_BY.items():
        if label in fired and any(o in fired for o in overriders):
            del fired[label]
    labels = [label for label in R.LABELS if label in fired] or ["other"]
    rules_on: list[int] = []
    if is_order:
        snippets = [m.group(0) for m in _RULES_ON.finditer(t)] + [m.group(0) for m in _RULES_ON_FIRST.finditer(t)]
        for item in re.findall(r"[\[(]?\d+(?:[-/:]\d+)*[\])]?", " ".join(snippets)):
            if not re.search(r"[-/:]", item):
                number = int(item.strip("[]()"))
                if number not in rules_on:
                    rules_on.append(number)
    does = None
    found = _DOES[0].search(t) or _DOES[1].search(t)
    if found:
        plain = re.sub(r"(\d),(\d{3})", r"\1\2", re.sub(r"(\d),(\d{3})", r"\1\2", found.group(0)))
        plain = re.sub(r"\s*(?:–|through|thru|\bto\b)\s*", "-", plain)
        items = re.findall(r"\d+(?:\s*-\s*\d+)?", plain)
        sizes = []
        for item in items:
            lo = int(re.match(r"^(\d+)", item).group(1))
            hi_match = re.search(r"-\s*(\d+)$", item)
            sizes.append((int(hi_match.group(1)) if hi_match else lo) - lo + 1)
        if (len(items) >= 2 or "-" in plain) and min(sizes) > 0:
            does = sum(sizes)
    return labels, rules_on, does


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n_entries: int, loop_sample: int = 100_000) -> dict:
    """Generate ``n_entries`` synthetic entries, time both paths, and return the figures."""
    entries = synthetic_entries(n_entries)
    distinct = entries.get_column("description").n_unique()
    rss_before = _rss_mb()
    start = time.perf_counter()
    events = classify_entries(entries)
    vector_s = time.perf_counter() - start
    peak = _peak_mb()

    sample = entries.get_column("description").head(min(loop_sample, n_entries)).to_list()
    start = time.perf_counter()
    looped = [classify_one(text) for text in sample]
    loop_s = time.perf_counter() - start

    # the loop applies the same rules: check it agrees with the vectorised line-level path
    check = sample[:20_000]
    vector_line = classify_texts(check)
    agree = sum(
        (v["labels"], v["rules_on"], v["does_affected"]) == loop for v, loop in zip(vector_line, looped)
    ) / len(check)

    vector_rate = n_entries / vector_s
    loop_rate = len(sample) / loop_s
    return {
        "entries": n_entries,
        "distinct_descriptions": distinct,
        "events": events.height,
        "vectorised_seconds": vector_s,
        "entries_per_second": vector_rate,
        "loop_sample": len(sample),
        "loop_seconds": loop_s,
        "loop_entries_per_second": loop_rate,
        "speedup_vs_loop": vector_rate / loop_rate,
        "loop_agreement": agree,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "peak_increase_mb": peak - rss_before,
        "polars": pl.__version__,
        "python": platform.python_version(),
        "nproc": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--loop-sample", type=int, default=100_000)
    args = parser.parse_args()
    result = run(args.entries, args.loop_sample)
    for key, value in result.items():
        print(f"{key:>24}: {value:,.3f}" if isinstance(value, float) else f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
