"""Evaluate the line-level classifier on a labelled JSONL file (`doedocket classify --evaluate FILE`).

File format: one JSON object per line with ``text`` and ``labels`` (list of contract labels);
optional ``rules_on`` (list of ints), ``does_affected`` (int or null), ``court``, ``note``.
Blank lines are skipped. Scores are multi-label: per label, an entry counts as a true positive when
the label is both expected and predicted. Micro-F1 pools every (entry, label) decision; macro-F1
averages the per-label F1 over the labels that are expected or predicted at least once.
``rules_on`` and ``does_affected`` are scored as exact matches (order-insensitive for rules_on) on
the entries that state them (``rules_on`` on every entry: an absent list means "none").
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipelines.classify import LABELS, classify_texts

__all__ = ["load_eval", "score", "evaluate"]


def load_eval(path: Path) -> list[dict]:
    """Read an evaluation JSONL file; raises ValueError naming the file and line on a bad record."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not isinstance(record.get("labels"), list):
            raise ValueError(f"{path}: line {number}: needs a 'text' string and a 'labels' list")
        unknown = [label for label in record["labels"] if label not in LABELS]
        if unknown:
            raise ValueError(f"{path}: line {number}: unknown label(s) {unknown}")
        records.append(record)
    return records


def score(records: list[dict]) -> dict:
    """Per-label and pooled scores for ``records`` (see the module docstring)."""
    predictions = classify_texts([r["text"] for r in records])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    rules_on_hits = does_hits = does_total = 0
    for record, predicted in zip(records, predictions):
        gold, got = set(record["labels"]), set(predicted["labels"])
        for label in gold & got:
            tp[label] += 1
        missed, extra = sorted(gold - got), sorted(got - gold)
        for label in extra:
            fp[label] += 1
        for label in missed:
            fn[label] += 1
        for g in missed or ["(none)"]:
            for p in extra or ["(none)"]:
                if (g, p) != ("(none)", "(none)"):
                    confusions[(g, p)] += 1
        rules_on_hits += sorted(record.get("rules_on") or []) == sorted(predicted["rules_on"])
        if "does_affected" in record:
            does_total += 1
            does_hits += record["does_affected"] == predicted["does_affected"]
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
        "entries": len(records),
        "per_label": per_label,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "macro_f1": sum(active) / len(active) if active else 0.0,
        "rules_on_accuracy": rules_on_hits / len(records) if records else 0.0,
        "does_affected_accuracy": does_hits / does_total if does_total else 0.0,
        "confusions": confusions.most_common(),
    }


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
        "most common confusions (expected -> predicted):",
    ]
    confusions = result["confusions"][:15]
    lines += [f"  {n:>3}  {g} -> {p}" for (g, p), n in confusions] or ["  none"]
    return "\n".join(lines)
