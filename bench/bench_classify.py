"""Benchmark: label a synthetic column of realistic docket entries with `classify_entries`.

Usage: ``python bench/bench_classify.py [--entries N] [--loop-sample M] [--repeat R]`` (default
10,000,000 entries, one run). `run(n_entries)` returns the figures of one run as a dict for the shared
harness (bench/run.py).

The synthetic docket is generated from templates in the styles of N.D. Cal., S.D.N.Y., D.N.J., N.D. Ill.,
E.D. Pa., W.D. Wash. and N.D. Tex. in cases of 40 entries: each case has its own plaintiff, judge,
counsel and clerk initials, a filing day among ~2,000 campaign days, and entry dates that follow it;
entries vary in referenced docket numbers, Doe numbers and ranges, and filing-fee receipt numbers (about half
of the 10 M descriptions are distinct). Measured in the same run:

* the vectorised classifier (`pipelines.classify.classify_entries`, with docket context) over all entries;
* `per_row_loop`: a plain Python loop over the entries applying the same rules table with Python's `re`,
  one entry at a time, and then the same docket-context rules case by case, on a sample of whole cases
  (the first ``--loop-sample`` entries), extrapolated per entry. Its events are checked against the
  vectorised output for the same sample (``loop_agreement``: share of entries whose events are identical).

Peak memory is the peak resident set size (VmHWM, reset just before the run) of this process during
`classify_entries`; the resident size before it (the input frame and the generator's leftovers) is
reported beside it. The 1-minute load average before and after each run is recorded: other work on a
shared machine changes every figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.classify import OUTPUT_SCHEMA, classify_entries
from pipelines.classify import rules as R

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


# --- the per-row baseline: the same table, Python `re`, one entry at a time ------------------------
def _py(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_VOLATILE = _py(R.VOLATILE)
_REWRITES = [(_py(p), re.sub(r"\$\{(\d+)\}", r"\\g<\1>", r)) for p, r in R.REWRITES]
_ORDER = _py(R.ORDER)
_CLAUSE_BREAK = _py(R.CLAUSE_BREAK)
_RULES = [(rule, _py(rule.pattern), _py(rule.exclude) if rule.exclude else None) for rule in R.RULES]
_RULES_ON = (_py(R.RULES_ON), _py(R.RULES_ON_MOTION_FIRST))
_VERBS = {verb: _py(pattern) for verb, pattern in R.VERB_NUMBERS.items()}
_DOES = (_py(R.DOES_PLURAL_LIST), _py(R.DOES_DEFENDANTS_RANGE))
_JUDGE, _JUDGE_TRAILING = _py(R.JUDGE), _py(R.JUDGE_TRAILING_WORDS)
_SIGNALS = {name: _py(getattr(R, name)) for name in (
    "SERVICE_OSC", "DOE_CASE_SIGNAL", "SHORT_GENERIC_MOTION", "SHORT_DISCOVERY_MOTION", "SHORT_GENERIC_ORDER", "ANSWER_OR_DEFENCE",
    "SERVICE_DISMISSAL_NOT")}
_VACATED = _py(R.VACATED_MARKER)
_NUMBER = _py(r"[\[(]?\d+(?:[-/:]\d+)*[\])]?")
_INFERRED = {rule.id: rule.inferred for rule in R.RULES} | {"other.no_rule_matched": False}
_FAMILY = {"discovery_granted": "discovery", "discovery_granted_in_part": "discovery", "discovery_denied": "discovery",
           "quash_granted": "quash", "quash_denied": "quash"}
_INHERIT = {("discovery_motion", "granted"): "discovery_granted", ("discovery_motion", "partly"): "discovery_granted_in_part",
            ("discovery_motion", "denied"): "discovery_denied", ("quash_motion", "granted"): "quash_granted",
            ("quash_motion", "partly"): "quash_granted", ("quash_motion", "denied"): "quash_denied"}
_BARE = {rule.id for rule in R.RULES if ".bare_" in rule.id or "_bare_" in rule.id}


def _numbers(snippets: list[str]) -> list[int]:
    out: list[int] = []
    for item in _NUMBER.findall(" ".join(snippets)):
        if not re.search(r"[-/:]", item) and int(item.strip("[]()")) not in out:
            out.append(int(item.strip("[]()")))
    return out


def _does(t: str) -> int | None:
    found = _DOES[0].search(t) or _DOES[1].search(t)
    if not found:
        return None
    plain = re.sub(r"(\d),(\d{3})", r"\1\2", re.sub(r"(\d),(\d{3})", r"\1\2", found.group(0)))
    plain = re.sub(r"\s*(?:–|through|thru|\bto\b)\s*", "-", plain)
    items = re.findall(r"\d+(?:\s*-\s*\d+)?", plain)
    sizes = []
    for item in items:
        low = int(re.match(r"^(\d+)", item).group(1))
        high = re.search(r"-\s*(\d+)$", item)
        sizes.append((int(high.group(1)) if high else low) - low + 1)
    return sum(sizes) if (len(items) >= 2 or "-" in plain) and min(sizes) > 0 else None


class Line(NamedTuple):
    """What one entry says on its own."""

    t: str
    order: bool
    fired: dict[str, str]  # label -> rule id, in contract order
    rules_on: list[int]
    verbs: list[tuple[str, int]]
    does: int | None
    prejudice: bool | None
    judge: str | None
    vacated_by: int | None
    signals: dict[str, bool]


def classify_line(text: str) -> Line:
    """One entry, from its text alone, applying the rules table (`pipelines/classify/rules.py`) with Python's `re`."""
    kept = _VOLATILE.sub("", text)
    t = kept.lower()
    for pattern, replacement in _REWRITES:
        t = pattern.sub(replacement, t)
    t = t.strip()
    order = _ORDER.search(t) is not None
    clauses = [c.strip() for c in _CLAUSE_BREAK.sub("\\1\x1f\\2", t).split("\x1f")]
    fired: dict[str, str] = {}
    for rule, pattern, exclude in _RULES:
        if rule.label in fired or (rule.scope == "order" and not order) or (rule.scope == "filing" and order):
            continue
        read = [t] if rule.scope == "filing" or rule.whole_entry else clauses
        if any(pattern.search(c) and not (exclude and exclude.search(c)) for c in read):
            fired[rule.label] = rule.id
    dropped = {label for label, over in R.OVERRIDDEN_BY.items() if label in fired and any(o in fired for o in over)}
    fired = {label: fired[label] for label in R.LABELS if label in fired and label not in dropped}
    rules_on = _numbers([m.group(0) for p in _RULES_ON for m in p.finditer(t)]) if order else []
    verbs = [(verb, n) for verb, p in _VERBS.items() if order for n in _numbers([m.group(0) for m in p.finditer(t)])]
    with_p, without_p = re.search(r"\bwith prejudice", t), re.search(r"\bwithout prejudice", t)
    judge = None
    if order and (found := _JUDGE.search(kept)):
        name = _JUDGE_TRAILING.sub("", found.group(1), count=1).strip(" ,:;.")
        judge = name if len(name) > 1 else None
    vacated = _VACATED.search(t)
    signals = {name: p.search(t) is not None for name, p in _SIGNALS.items()}
    signals["SERVICE_OSC"] &= "show_cause" in fired
    return Line(t, order, fired or {"other": "other.no_rule_matched"}, rules_on, verbs, _does(t),
                True if with_p and not without_p else False if without_p and not with_p else None,
                judge, int(vacated.group(1)) if vacated else None, signals)


def _docket_context(lines: list[Line], seqs: list[int], nums: list[int | None]) -> tuple[list[dict[str, str]], dict[int, list[int]]]:
    """The docket-context rules over one case: events (label -> rule) per entry, and rules_on overrides."""
    events = [dict(line.fired) for line in lines]
    by_num: dict[int, list[int]] = defaultdict(list)
    for i, num in enumerate(nums):
        if num is not None and 0 <= num < 2**32:
            by_num[num].append(i)
    # an order ruling on entry N inherits what N asked for
    for i, line in enumerate(lines):
        refs = [(verb, n) for verb, n in line.verbs if 0 <= n < 2**32 and n in by_num]
        if refs and _BARE & set(events[i].values()):
            events[i] = {label: rule for label, rule in events[i].items() if rule not in _BARE}
        families = {_FAMILY[label] for label in events[i] if label in _FAMILY}
        for verb, n in refs:
            for j in by_num[n]:
                for motion in ("discovery_motion", "quash_motion"):
                    label = _INHERIT[(motion, verb)]
                    if motion in lines[j].fired and _FAMILY[label] not in families and label not in events[i]:
                        events[i][label] = "context.inherits_motion"
    # the "***VACATED per 6 ORDER***" banner moves the vacatur to entry 6
    moved = [(i, by_num[line.vacated_by]) for i, line in enumerate(lines)
             if line.vacated_by is not None and 0 <= line.vacated_by < 2**32 and line.vacated_by in by_num]
    for i, _ in moved:
        events[i] = {label: rule for label, rule in events[i].items() if rule != "discovery_vacated.vacated_marker"}
    for _, targets in moved:
        for j in targets:
            events[j].setdefault("discovery_vacated", "context.vacated_marker")
    # a bare dismissal after an order to show cause about service
    osc = [seq for line, seq in zip(lines, seqs) if line.signals["SERVICE_OSC"]]
    for i, line in enumerate(lines):
        if osc and seqs[i] > min(osc) and not line.signals["SERVICE_DISMISSAL_NOT"] \
                and events[i].get("dismissal_other") == "dismissal_other.order_dismissing":
            del events[i]["dismissal_other"]
            events[i]["dismissal_failure_to_serve"] = "context.after_service_show_cause"
    # short history-report descriptions
    overrides: dict[int, list[int]] = {}
    generic = [i for i, line in enumerate(lines) if line.signals["SHORT_GENERIC_MOTION"]]
    if generic:
        asked = [seq for e, seq in zip(events, seqs) if "discovery_motion" in e]
        answers = [seq for line, seq in zip(lines, seqs) if line.signals["ANSWER_OR_DEFENCE"]]
        doe_case = any(line.signals["DOE_CASE_SIGNAL"] for line in lines)
        candidates = [i for i in generic if events[i] and set(events[i]) == {"other"} and doe_case
                      and (not answers or seqs[i] < min(answers)) and (not asked or seqs[i] < min(asked))]
        titled = [i for i in generic if events[i] and set(events[i]) == {"other"} and doe_case
                  and (not answers or seqs[i] < min(answers)) and lines[i].signals["SHORT_DISCOVERY_MOTION"]]
        if candidates:
            events[min(candidates, key=lambda i: seqs[i])]["discovery_motion"] = "context.short_motion_in_doe_case"
        for i in titled:
            events[i]["discovery_motion"] = "context.short_motion_in_doe_case"
        first_order: dict[int, int] = {}
        for i, line in enumerate(lines):
            if line.signals["SHORT_GENERIC_ORDER"] and line.t.startswith("order on "):
                named = [j for j in generic if lines[j].t == line.t[len("order on "):] and seqs[j] < seqs[i]]
                if named:
                    m = max(named, key=lambda j: seqs[j])
                    if m not in first_order or seqs[i] < seqs[first_order[m]]:
                        first_order[m] = i
        pairs = [(i, m) for m, i in first_order.items() if "discovery_motion" in events[m]]
        uses = [seq for line, seq in zip(lines, seqs) if set(line.fired) & set(R.DISCOVERY_USE_LABELS)]
        for i, m in pairs:
            if not lines[i].rules_on and nums[m] is not None:
                overrides[i] = [nums[m]]
            if uses and max(uses) > seqs[i]:
                events[i].setdefault("discovery_granted", "context.short_order_on_discovery_motion")
    for e in events:
        if len(e) > 1:
            e.pop("other", None)
        if not e:
            e["other"] = "other.no_rule_matched"
    return events, overrides


def per_row_loop(entries: list[tuple]) -> list[tuple]:
    """Classify (case_id, entry_seq, entry_number, date_filed, description) rows entry by entry, then
    apply the docket-context rules case by case; one output tuple per event, in `OUTPUT_SCHEMA` order."""
    cases: dict[str, list[tuple[tuple, Line]]] = defaultdict(list)
    for entry in entries:
        cases[entry[0]].append((entry, classify_line(entry[4])))
    out = []
    for rows in cases.values():
        lines = [line for _, line in rows]
        events, overrides = _docket_context(lines, [e[1] for e, _ in rows], [e[2] for e, _ in rows])
        for i, ((case_id, seq, num, date, _), line) in enumerate(rows):
            for label, rule in events[i].items():
                out.append((case_id, seq, num, date, label, rule, overrides.get(i, line.rules_on), line.does,
                            line.prejudice if label in R.DISMISSAL_LABELS else None,
                            _INFERRED.get(rule, True), line.judge if line.order else None))
    return out


def _agreement(loop_events: list[tuple], vectorised: pl.DataFrame) -> float:
    """Share of entries whose events (every output column) are identical in both."""
    def comparable(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("rules_on").list.eval(pl.element().cast(pl.String)).list.join(","))

    loop = comparable(pl.DataFrame(loop_events, schema=OUTPUT_SCHEMA, orient="row"))
    vector = comparable(vectorised)
    differ = pl.concat(
        [loop.join(vector, on=loop.columns, how="anti", nulls_equal=True),
         vector.join(loop, on=loop.columns, how="anti", nulls_equal=True)]
    ).select("case_id", "entry_seq").unique()
    entries = pl.concat([loop, vector]).select("case_id", "entry_seq").unique().height
    return 1 - differ.height / entries


def _vm(field: str) -> float:
    """A VmRSS / VmHWM figure of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def run(n_entries: int, loop_sample: int = 100_000, entries: pl.DataFrame | None = None) -> dict:
    """Time both paths in this run over ``n_entries`` synthetic entries (generated unless ``entries``
    gives them), and return the figures."""
    if entries is None:
        entries = synthetic_entries(n_entries)
    distinct = entries.get_column("description").n_unique()
    load_before = os.getloadavg()[0]
    rss_before = _vm("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident size (VmHWM)
    start = time.perf_counter()
    events = classify_entries(entries)
    vector_s = time.perf_counter() - start
    peak = _vm("VmHWM")
    n_events = events.height
    del events

    per_case = 40  # the generator's case size: the sample is whole cases
    sample = entries.head(max(per_case, min(loop_sample, n_entries) // per_case * per_case))
    rows = sample.rows()
    start = time.perf_counter()
    looped = per_row_loop(rows)
    loop_s = time.perf_counter() - start
    agreement = _agreement(looped, classify_entries(sample))

    vector_rate = n_entries / vector_s
    loop_rate = len(rows) / loop_s
    return {
        "entries": n_entries,
        "distinct_descriptions": distinct,
        "events": n_events,
        "vectorised_seconds": vector_s,
        "entries_per_second": vector_rate,
        "loop_sample": len(rows),
        "loop_seconds": loop_s,
        "loop_entries_per_second": loop_rate,
        "speedup_vs_loop": vector_rate / loop_rate,
        "loop_agreement": agreement,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "peak_increase_mb": peak - rss_before,
        "load_1min_before": load_before,
        "load_1min_after": os.getloadavg()[0],
        "polars": pl.__version__,
        "python": platform.python_version(),
        "nproc": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--loop-sample", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs in this process; min / median / max are printed")
    args = parser.parse_args()
    entries = synthetic_entries(args.entries)
    runs = []
    for i in range(args.repeat):
        result = run(args.entries, args.loop_sample, entries)
        runs.append(result)
        print(f"--- run {i + 1} of {args.repeat}")
        for key, value in result.items():
            print(f"{key:>24}: {value:,.3f}" if isinstance(value, float) else f"{key:>24}: {value}", flush=True)
    if args.repeat > 1:
        print("--- min / median / max")
        for key in ("entries_per_second", "speedup_vs_loop", "peak_rss_mb", "vectorised_seconds", "loop_entries_per_second",
                    "load_1min_before"):
            values = [r[key] for r in runs]
            print(f"{key:>24}: {min(values):,.1f} / {statistics.median(values):,.1f} / {max(values):,.1f}")


if __name__ == "__main__":
    main()
