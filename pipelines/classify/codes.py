"""Integer codes of labels and rules, shared by the line level, the docket context and the output."""

from __future__ import annotations

import polars as pl

from pipelines.classify import rules as R
from pipelines.classify.rules import LABELS

_DISMISSAL_RULE = "dismissal_other.order_dismissing"
_BARE_RULES = tuple(rule.id for rule in R.RULES if ".bare_" in rule.id or "_bare_" in rule.id)
_CONTEXT_RULES = (
    "context.inherits_motion",
    "context.vacated_marker",
    "context.after_service_show_cause",
    "context.short_motion_in_doe_case",
    "context.short_order_on_discovery_motion",
)
_OTHER_RULE = "other.no_rule_matched"
_RULE_IDS: tuple[str, ...] = (*(rule.id for rule in R.RULES), *_CONTEXT_RULES, _OTHER_RULE)
_RULE = {rule_id: i for i, rule_id in enumerate(_RULE_IDS)}
_LABEL = {label: i for i, label in enumerate(LABELS)}
_RULE_LABEL = pl.Series([_LABEL[rule.label] for rule in R.RULES], dtype=pl.UInt8)
# inferred is a property of the rule: the table's domain-default rules, and every context rule
_RULE_INFERRED = pl.Series([rule.inferred for rule in R.RULES] + [True] * len(_CONTEXT_RULES) + [False])
_LABEL_BIT = pl.Series([1 << i for i in range(len(LABELS))], dtype=pl.UInt32)
_OVERRIDES = pl.Series(
    [sum(1 << _LABEL[o] for o in R.OVERRIDDEN_BY.get(label, ())) for label in LABELS], dtype=pl.UInt32
)
_EVENT_SCHEMA = {"row": pl.UInt32, "label": pl.UInt8, "rule": pl.UInt16}
_LABEL_TEXT = pl.Series(LABELS, dtype=pl.String)
_RULE_TEXT = pl.Series(_RULE_IDS, dtype=pl.String)
_DISMISSAL_CODES = [_LABEL[label] for label in R.DISMISSAL_LABELS]
