"""Score the classifier against hand labels: entry lines alone, or whole dockets with their context.

Two kinds of labelled sets:

* JSONL entries (`doedocket classify --evaluate FILE`, `score`): one JSON object per line with
  ``text`` and ``labels`` (contract labels); optional ``rules_on`` (list of ints, or a string of
  numbers as in ``../shared/real_entries``), ``does_affected`` (int, null or ""), ``court`` or
  ``court_id``, ``note``. Blank lines are skipped. Each text is classified alone (`classify_texts`).
* Whole dockets (`score_dockets`): a CSV of hand labels (``sample_file, entry_index, labels``
  '|'-separated, ...) for juriscraper JSON dockets (``docket_entries``; an RSS file is a list of items,
  one entry each, grouped into cases by docket number). Every docket is classified as a whole with
  `classify_entries`, so the docket-context rules apply; ``entry_index`` is the entry's position in
  the file.

Scores are multi-label: per label, an entry is a true positive when the label is both expected and
predicted. Micro-F1 pools every (entry, label) decision; macro-F1 averages the per-label F1 over the
labels expected or predicted at least once; micro-F1 is also given per court. ``rules_on`` and
``does_affected`` are scored as exact matches (order-insensitive for rules_on) on the JSONL entries
that state them (``rules_on`` on every entry: an absent list means "none").

``python -m pipelines.classify.evaluate [--entries FILE ...] [--dockets CSV --samples DIR] [--markdown]``
prints the reports (the tables of docs/classifier.md with ``--markdown``).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

from pipelines import resources, shared_texts
from pipelines.classify import LABELS, classify_entries, classify_texts

__all__ = ["load_eval", "score", "evaluate", "load_docket_labels", "score_dockets", "markdown"]


def _rules_on(value: object) -> list[int]:
    if isinstance(value, str):
        return [int(n) for n in value.split()]
    return list(value or [])


def _bundled_entries() -> dict[str, str | None]:
    """The bundled curated docket entries' texts by source URL (a text the bundled data reads from
    ../shared is None when that file is not there)."""
    shared = shared_texts.read()
    with (resources.CURATED / "docket_entries.csv").open(newline="", encoding="utf-8") as handle:
        return {row["source_url"]: row["description"] or shared.text_of(row["text_from"])
                for row in csv.DictReader(handle)}


def load_eval(path: Path) -> list[dict]:
    """Read a JSONL set of labelled entries; raises ValueError naming the file and line on a bad record.

    ``rules_on`` given as a string of numbers becomes a list, ``does_affected`` "" becomes None and
    ``court_id`` is read as ``court`` (the layout of ../shared/real_entries/entries.jsonl). A record
    with ``bundled`` (a source URL) instead of ``text`` labels that entry of the bundled curated data
    (data/curated/docket_entries.csv, or the ../shared text it names): real docket text is
    kept once.
    """
    records = []
    bundled: dict[str, str] | None = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
        if isinstance(record, dict) and "bundled" in record and "text" not in record:
            bundled = bundled if bundled is not None else _bundled_entries()
            if record["bundled"] not in bundled:
                raise ValueError(f"{path}: line {number}: no bundled docket entry has source URL {record['bundled']!r}")
            if bundled[record["bundled"]] is None:
                raise ValueError(f"{path}: line {number}: the text of bundled entry {record['bundled']!r} is read "
                                 f"from {resources.shared()}, which does not hold it")
            record["text"] = bundled[record["bundled"]]
            record.setdefault("source_url", record["bundled"])
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not isinstance(record.get("labels"), list):
            raise ValueError(f"{path}: line {number}: needs a 'text' string and a 'labels' list")
        unknown = [label for label in record["labels"] if label not in LABELS]
        if unknown:
            raise ValueError(f"{path}: line {number}: unknown label(s) {unknown}")
        try:
            record["rules_on"] = _rules_on(record.get("rules_on"))
        except ValueError:
            raise ValueError(f"{path}: line {number}: rules_on should be entry numbers") from None
        if record.get("does_affected") == "":
            record["does_affected"] = None
        record.setdefault("court", record.get("court_id"))
        records.append(record)
    return records


def _tally(gold: list[set[str]], predicted: list[set[str]], courts: list[str | None]) -> dict:
    """Per-label precision/recall/F1/support, micro and macro F1, micro-F1 per court, and confusions."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    per_court: dict[str, Counter[str]] = defaultdict(Counter)
    confusions: Counter[tuple[str, str]] = Counter()
    for expected, got, court in zip(gold, predicted, courts):
        hits, missed, extra = expected & got, sorted(expected - got), sorted(got - expected)
        for label in hits:
            tp[label] += 1
        for label in extra:
            fp[label] += 1
        for label in missed:
            fn[label] += 1
        c = per_court[court or "?"]
        c["entries"] += 1
        c["tp"] += len(hits)
        c["fp"] += len(extra)
        c["fn"] += len(missed)
        for g in missed or ["(none)"]:
            for p in extra or ["(none)"]:
                if (g, p) != ("(none)", "(none)"):
                    confusions[(g, p)] += 1
    per_label = {}
    for label in LABELS:
        support = tp[label] + fn[label]
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support,
                            "predicted": tp[label] + fp[label]}
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = all_tp / (all_tp + all_fp) if all_tp + all_fp else 0.0
    micro_r = all_tp / (all_tp + all_fn) if all_tp + all_fn else 0.0
    active = [s["f1"] for s in per_label.values() if s["support"] or s["predicted"]]
    return {
        "entries": len(gold),
        "per_label": per_label,
        "per_court": {
            court: {"entries": c["entries"], "micro_f1": _f1(c["tp"], c["fp"], c["fn"]), "errors": c["fp"] + c["fn"]}
            for court, c in sorted(per_court.items())
        },
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "macro_f1": sum(active) / len(active) if active else 0.0,
        "confusions": confusions.most_common(),
    }


def _f1(tp: int, fp: int, fn: int) -> float:
    """F1 of pooled decisions; 1.0 when nothing was expected and nothing predicted."""
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def score(records: list[dict]) -> dict:
    """Scores of the line-level classifier on ``records`` (see the module docstring)."""
    predictions = classify_texts([r["text"] for r in records])
    result = _tally([set(r["labels"]) for r in records], [set(p["labels"]) for p in predictions],
                    [r.get("court") for r in records])
    rules_on_hits = sum(sorted(r.get("rules_on") or []) == sorted(p["rules_on"]) for r, p in zip(records, predictions))
    stated = [(r, p) for r, p in zip(records, predictions) if "does_affected" in r]
    result["rules_on_accuracy"] = rules_on_hits / len(records) if records else 0.0
    result["does_affected_accuracy"] = (
        sum(r["does_affected"] == p["does_affected"] for r, p in stated) / len(stated) if stated else 0.0
    )
    return result


# --- whole dockets --------------------------------------------------------------------------------
def load_docket_labels(path: Path) -> list[dict]:
    """Rows of a docket hand-label CSV (sample_file, entry_index, labels, ...), labels as a list."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            labels = [label for label in (row.get("labels") or "").split("|") if label]
            unknown = [label for label in labels if label not in LABELS]
            if not labels or unknown or not (row.get("entry_index") or "").isdigit():
                raise ValueError(f"{path}: line {number}: needs an entry_index and known labels (got {row.get('labels')!r})")
            rows.append({**row, "entry_index": int(row["entry_index"]), "labels": labels})
    return rows


def _number(value: object) -> int | None:
    return int(value) if value is not None and str(value).strip().isdigit() else None


def _docket_entries(path: Path) -> tuple[pl.DataFrame, str]:
    """A juriscraper JSON file's entries as `classify_entries` reads them (in docket order: date, then
    number, then position), with ``entry_index`` (position in the file); and the file's court."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):  # an RSS feed: one entry per item, cases by docket number
        items = [(str(item.get("docket_number") or ""), i, item["docket_entries"][0]) for i, item in enumerate(data)]
        court = str(data[0].get("court_id") or "") if data else ""
    else:
        items = [("", i, entry) for i, entry in enumerate(data.get("docket_entries") or [])]
        court = str(data.get("court_id") or "")
    cases: dict[str, list[tuple]] = defaultdict(list)
    for docket, index, entry in items:
        number = _number(entry.get("document_number"))
        order = (str(entry.get("date_filed") or "9999")[:10], number if number is not None else 10**9, index)
        cases[docket].append((order, number, index, entry.get("description") or entry.get("short_description") or ""))
    rows = []
    for docket, entries in cases.items():
        for seq, (_, number, index, text) in enumerate(sorted(entries)):
            rows.append((f"{path.name}#{docket}", seq, number, index, text))
    frame = pl.DataFrame(rows, orient="row", schema={"case_id": pl.String, "entry_seq": pl.Int64, "entry_number": pl.Int64,
                                                     "entry_index": pl.Int64, "description": pl.String})
    return frame.with_columns(date_filed=pl.lit(None, dtype=pl.Date)), court


def score_dockets(labels_path: Path, samples: Path) -> dict:
    """Scores of `classify_entries` on whole dockets against the hand labels of ``labels_path``."""
    rows = load_docket_labels(labels_path)
    frames, courts = [], {}
    for name in sorted({row["sample_file"] for row in rows}):
        frame, courts[name] = _docket_entries(samples / name)
        frames.append(frame.with_columns(sample_file=pl.lit(name)))
    entries = pl.concat(frames)
    events = classify_entries(entries.drop("sample_file", "entry_index")).join(
        entries.select("case_id", "entry_seq", "sample_file", "entry_index"), on=["case_id", "entry_seq"]
    )
    predicted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for name, index, label in events.select("sample_file", "entry_index", "label").iter_rows():
        predicted[(name, index)].add(label)
    missing = [(r["sample_file"], r["entry_index"]) for r in rows if (r["sample_file"], r["entry_index"]) not in predicted]
    if missing:
        raise ValueError(f"{labels_path}: entries not in their sample file: {missing[:3]}")
    return _tally([set(r["labels"]) for r in rows], [predicted[(r["sample_file"], r["entry_index"])] for r in rows],
                  [courts[r["sample_file"]] for r in rows])


# --- reports --------------------------------------------------------------------------------------
def evaluate(path: Path) -> str:
    """The printable report for ``doedocket classify --evaluate FILE``."""
    result = score(load_eval(path))
    lines = [
        f"evaluation set: {path} ({result['entries']} entries)",
        "",
        f"{'label':<28}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}",
    ]
    for label, s in result["per_label"].items():
        lines.append(f"{label:<28}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>10.3f}{s['support']:>9d}")
    lines += [
        "",
        f"micro-F1 {result['micro_f1']:.4f} (precision {result['micro_precision']:.4f}, recall {result['micro_recall']:.4f})",
        f"macro-F1 {result['macro_f1']:.4f}",
        f"rules_on exact {result['rules_on_accuracy']:.3f}   does_affected exact {result['does_affected_accuracy']:.3f}",
        "",
        "micro-F1 per court: " + ", ".join(f"{c} {s['micro_f1']:.3f} ({s['entries']})" for c, s in result["per_court"].items()),
        "",
        "most common confusions (expected -> predicted):",
    ]
    confusions = result["confusions"][:15]
    lines += [f"  {n:>3}  {g} -> {p}" for (g, p), n in confusions] or ["  none"]
    return "\n".join(lines)


def markdown(result: dict, title: str) -> str:
    """A result as the Markdown tables of docs/classifier.md: headline, per label, per court."""
    out = [
        f"### {title}",
        "",
        f"{result['entries']} entries: micro-F1 **{result['micro_f1']:.3f}** (precision {result['micro_precision']:.3f}, "
        f"recall {result['micro_recall']:.3f}), macro-F1 **{result['macro_f1']:.3f}**.",
        "",
        "| label | precision | recall | F1 | support | predicted |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, s in result["per_label"].items():
        if s["support"] or s["predicted"]:
            out.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} | {s['predicted']} |")
    out += ["", "| court | entries | micro-F1 | wrong labels |", "|---|---:|---:|---:|"]
    out += [f"| {c} | {s['entries']} | {s['micro_f1']:.3f} | {s['errors']} |" for c, s in result["per_court"].items()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score the classifier against hand labels.")
    parser.add_argument("--entries", type=Path, nargs="*", default=[], help="JSONL sets of labelled entries")
    parser.add_argument("--dockets", type=Path, help="CSV of hand labels of whole dockets")
    parser.add_argument("--samples", type=Path, help="folder of the dockets' juriscraper JSON files")
    parser.add_argument("--markdown", action="store_true", help="print the Markdown tables")
    args = parser.parse_args(argv)
    reports = [(str(path), score(load_eval(path))) for path in args.entries]
    if args.dockets:
        if args.samples is None:
            parser.error("--dockets needs --samples")
        reports.append((f"{args.dockets} (whole dockets in {args.samples})", score_dockets(args.dockets, args.samples)))
    for title, result in reports:
        if args.markdown:
            print(markdown(result, title) + "\n")
        else:
            print(f"{title}: {result['entries']} entries, micro-F1 {result['micro_f1']:.4f}, macro-F1 {result['macro_f1']:.4f}")


if __name__ == "__main__":
    main()
