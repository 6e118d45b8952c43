"""Docket entries -> events: the vectorised classifier for the contract's event labels.

The rules live in one table, `pipelines/classify_rules.py`; this module applies it over whole
columns with Polars (Rust regular expressions), never with a Python loop per entry:

1. Distinct descriptions are taken first (dockets repeat text heavily, keyed by two 64-bit hashes),
   dates are dropped and distinct texts taken again, which are lower-cased once and rewritten into
   a canonical form; distinct canonical texts are taken a third time, and every rule of the table
   runs once per distinct canonical text. Results are joined back to the entries.
2. Per entry the line gives: labels (each with the id of the rule that fired), ``rules_on`` (the
   docket numbers an order decides), ``does_affected`` (size of a stated Doe range),
   ``with_prejudice`` (on dismissal labels) and the judge who signed an order.
3. Docket context then refines the line-level labels (rules ``context.*``, flagged ``inferred``):
   an order ruling on entry N inherits what entry N asked for; a "***VACATED per 6 ORDER***"
   banner puts the vacatur on entry 6; a bare "ORDER DISMISSING CASE" after an order to show
   cause about service is a dismissal for failure to serve; and short PACER history-report
   descriptions ("Motion for Miscellaneous Relief", "Order on Motion for Miscellaneous Relief")
   are resolved from the case where the docket allows it.
"""

from __future__ import annotations

import polars as pl

from pipelines import classify_rules as R
from pipelines.classify_rules import LABELS

__all__ = ["LABELS", "classify_entries", "classify_texts", "line_features"]

_ORDER_CODE = {label: i for i, label in enumerate(LABELS)}
_RULE_INFERRED = {rule.id: rule.inferred for rule in R.RULES}

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "entry_seq": pl.Int64(),
    "entry_number": pl.Int64(),
    "date_filed": pl.Date(),
    "label": pl.String(),
    "rule": pl.String(),
    "rules_on": pl.List(pl.Int64()),
    "does_affected": pl.Int64(),
    "with_prejudice": pl.Boolean(),
    "inferred": pl.Boolean(),
    "judge": pl.String(),
}


def _canonical(text: pl.Expr) -> pl.Expr:
    """Lower-case and apply the table's canonical rewrites, in order."""
    out = text.str.to_lowercase()
    for pattern, replacement in R.REWRITES:
        out = out.str.replace_all(pattern, replacement)
    return out.str.strip_chars()


def _rule_hit(rule: R.Rule, t: pl.Expr, is_order: pl.Expr) -> pl.Expr:
    hit = t.str.contains(rule.pattern)
    if rule.exclude is not None:
        hit = hit & ~t.str.contains(rule.exclude)
    if rule.scope == "order":
        hit = hit & is_order
    elif rule.scope == "filing":
        hit = hit & ~is_order
    return hit


def _numbers(matches: pl.Expr) -> pl.Expr:
    """Docket numbers from a list of matched snippets: bare integers only (no dates, no 12-2392)."""
    return (
        matches.list.join(" ")
        .str.extract_all(r"[\[(]?\d+(?:[-/:]\d+)*[\])]?")
        .list.eval(
            pl.element()
            .filter(~pl.element().str.contains(r"[-/:]"))
            .str.strip_chars("[]()")
            .cast(pl.Int64, strict=False)
        )
        .list.unique(maintain_order=True)
    )


def _does_affected(t: pl.Expr) -> pl.Expr:
    """Size of the first stated Doe range or list ("Does 2-33" -> 32, "John Does 3, 4, 5" -> 3)."""
    found = pl.coalesce(t.str.extract(R.DOES_PLURAL_LIST, 0), t.str.extract(R.DOES_DEFENDANTS_RANGE, 0))
    plain = (
        found.str.replace_all(r"(\d),(\d{3})", "${1}${2}")
        .str.replace_all(r"(\d),(\d{3})", "${1}${2}")
        .str.replace_all(r"\s*(?:–|through|thru|\bto\b)\s*", "-")
    )
    items = plain.str.extract_all(r"\d+(?:\s*-\s*\d+)?")
    sizes = items.list.eval(
        pl.element().str.extract(r"-\s*(\d+)$").cast(pl.Int64).fill_null(pl.element().str.extract(r"^(\d+)").cast(pl.Int64))
        - pl.element().str.extract(r"^(\d+)").cast(pl.Int64)
        + 1
    )
    valid = (items.list.len() >= 2) | plain.str.contains("-")
    total = sizes.list.sum()
    return pl.when(valid & (sizes.list.min() > 0)).then(total).otherwise(None).cast(pl.Int64)


def line_features(canonical: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Classify distinct canonical texts (column ``_t``) from the line alone.

    Returns ``(scalars, labels)``: ``scalars`` has one row per text with ``_order``, ``rules_on``,
    ``does_affected``, ``_prejudice``, ``_svc_osc``, ``_doe_signal``, ``_generic_motion``,
    ``_generic_order``, ``_vacated_by``, ``_answer`` and the per-verb number lists; ``labels`` has one
    row per (text, label) with ``rule`` and ``inferred``.
    """
    frame = pl.DataFrame({"_t": canonical})
    t = pl.col("_t")
    is_order = pl.col("_order")
    frame = frame.with_columns(_order=t.str.contains(R.ORDER))

    hits = [_rule_hit(rule, t, is_order).alias(f"_r{i}") for i, rule in enumerate(R.RULES)]
    frame = frame.with_columns(hits)
    by_label: dict[str, list[int]] = {}
    for i, rule in enumerate(R.RULES):
        by_label.setdefault(rule.label, []).append(i)
    fired: dict[str, pl.Expr] = {}
    for label, idxs in by_label.items():
        expr = pl.when(pl.col(f"_r{idxs[0]}")).then(pl.lit(R.RULES[idxs[0]].id))
        for i in idxs[1:]:
            expr = expr.when(pl.col(f"_r{i}")).then(pl.lit(R.RULES[i].id))
        fired[label] = expr.otherwise(pl.lit(None, dtype=pl.String))
    frame = frame.with_columns([e.alias(f"L_{label}") for label, e in fired.items()])
    frame = frame.with_columns(
        [
            pl.when(pl.any_horizontal([pl.col(f"L_{o}").is_not_null() for o in overriders]))
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(pl.col(f"L_{label}"))
            .alias(f"L_{label}")
            for label, overriders in R.OVERRIDDEN_BY.items()
        ]
    )
    label_cols = [f"L_{label}" for label in fired]
    frame = frame.with_columns(
        pl.when(pl.all_horizontal([pl.col(c).is_null() for c in label_cols]))
        .then(pl.lit("other.no_rule_matched"))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias("L_other")
    )
    label_cols.append("L_other")

    labels = (
        frame.select(["_t", *label_cols])
        .unpivot(index="_t", on=label_cols, variable_name="label", value_name="rule")
        .drop_nulls("rule")
        .with_columns(
            label=pl.col("label").str.strip_prefix("L_"),
            inferred=pl.col("rule").replace_strict(_RULE_INFERRED, default=False, return_dtype=pl.Boolean),
        )
    )

    empty = pl.lit([], dtype=pl.List(pl.Int64))
    rules_on = _numbers(pl.concat_list(t.str.extract_all(R.RULES_ON), t.str.extract_all(R.RULES_ON_MOTION_FIRST)))
    scalars = frame.select(
        "_t",
        "_order",
        rules_on=pl.when(is_order).then(rules_on).otherwise(empty),
        does_affected=_does_affected(t),
        _prejudice=pl.when(t.str.contains(r"\bwith prejudice") & ~t.str.contains(r"\bwithout prejudice"))
        .then(True)
        .when(t.str.contains(r"\bwithout prejudice") & ~t.str.contains(r"\bwith prejudice"))
        .then(False)
        .otherwise(None),
        _svc_osc=pl.col("L_show_cause").is_not_null() & t.str.contains(R.SERVICE_OSC),
        _doe_signal=t.str.contains(R.DOE_CASE_SIGNAL),
        _generic_motion=t.str.contains(R.SHORT_GENERIC_MOTION),
        _generic_order=t.str.contains(R.SHORT_GENERIC_ORDER),
        _answer=t.str.contains(R.ANSWER_OR_DEFENCE),
        _vacated_by=t.str.extract(R.VACATED_MARKER, 1).cast(pl.Int64, strict=False),
        _motion=pl.col("L_discovery_motion").is_not_null() | pl.col("L_quash_motion").is_not_null(),
        _bare_dismissal=(pl.col("L_dismissal_other") == "dismissal_other.order_dismissing").fill_null(False),
        **{
            f"_n_{verb}": pl.when(is_order).then(_numbers(t.str.extract_all(pattern))).otherwise(empty)
            for verb, pattern in R.VERB_NUMBERS.items()
        },
    )
    return scalars, labels


def _judge(description: pl.Expr) -> pl.Expr:
    name = description.str.extract(R.JUDGE, 1).str.replace(R.JUDGE_TRAILING_WORDS, "").str.strip_chars(" ,:;.")
    return pl.when(name.str.len_chars() > 1).then(name).otherwise(None)


def _line_level(descriptions: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Two-level dedup: distinct descriptions -> canonical text (+ judge) -> distinct canonical texts.

    ``distinct`` is keyed by two independent 64-bit hashes of the description (``_h1``, ``_h2``), so
    that joining back to millions of entries is an integer join.
    """
    distinct = (
        pl.DataFrame({"description": descriptions})
        .with_columns(_h1=pl.col("description").hash(seed=1), _h2=pl.col("description").hash(seed=2))
        .unique(subset=["_h1", "_h2"], keep="any")
    )
    # Dates carry no label information; dropping them first collapses most near-duplicate entries.
    distinct = distinct.with_columns(_k=pl.col("description").str.replace_all(R.VOLATILE, ""))
    keys = pl.DataFrame({"_k": distinct.get_column("_k").unique()}).with_columns(
        _t=_canonical(pl.col("_k")), judge=_judge(pl.col("_k"))
    )
    distinct = distinct.join(keys, on="_k", how="left").drop("_k")
    scalars, labels = line_features(keys.get_column("_t").unique())
    return distinct, scalars, labels


def classify_texts(texts: list[str]) -> list[dict]:
    """Line-level classification (no docket context), one dict per text, in input order.

    Each dict: ``text``, ``labels`` (contract order), ``rules`` (rule id per label), ``rules_on``,
    ``does_affected``, ``with_prejudice`` (None unless a dismissal label with a stated prejudice),
    ``inferred`` (True when any label came from a domain default), ``judge``.
    """
    if not texts:
        return []
    series = pl.Series("description", texts, dtype=pl.String)
    distinct, scalars, labels = _line_level(series)
    grouped = (
        labels.with_columns(_code=pl.col("label").replace_strict(_ORDER_CODE, return_dtype=pl.Int64))
        .sort("_t", "_code")
        .group_by("_t", maintain_order=True)
        .agg("label", "rule", pl.col("inferred").any())
    )
    table = (
        distinct.join(scalars, on="_t", how="left")
        .join(grouped, on="_t", how="left")
        .with_columns(
            with_prejudice=pl.when(pl.col("label").list.set_intersection(list(R.DISMISSAL_LABELS)).list.len() > 0)
            .then(pl.col("_prejudice"))
            .otherwise(None)
        )
    )
    by_text = {row["description"]: row for row in table.iter_rows(named=True)}
    out = []
    for text in texts:
        row = by_text[text]
        out.append(
            {
                "text": text,
                "labels": row["label"],
                "rules": row["rule"],
                "rules_on": row["rules_on"],
                "does_affected": row["does_affected"],
                "with_prejudice": row["with_prejudice"],
                "inferred": row["inferred"],
                "judge": row["judge"],
            }
        )
    return out


def classify_entries(entries: pl.DataFrame) -> pl.DataFrame:
    """Classify docket entries with docket context; one row per (entry, label).

    ``entries``: case_id (str), entry_seq (Int64, 0-based order within the case), entry_number
    (Int64, nullable), date_filed (Date, nullable), description (str). Returns the columns of
    `OUTPUT_SCHEMA` (see the module docstring for the context rules).
    """
    base = entries.select(
        pl.col("case_id").cast(pl.String),
        pl.col("entry_seq").cast(pl.Int64),
        pl.col("entry_number").cast(pl.Int64),
        pl.col("date_filed").cast(pl.Date),
        pl.col("description").cast(pl.String).fill_null(""),
    )
    if base.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    distinct, scalars, labels = _line_level(base.get_column("description"))
    per_text = distinct.drop("description").join(scalars, on="_t", how="left")
    rows = base.with_columns(
        _h1=pl.col("description").hash(seed=1), _h2=pl.col("description").hash(seed=2)
    ).drop("description").join(per_text, on=["_h1", "_h2"], how="left")
    # Only entries that a context rule can read or change go through the (join-heavy) context step.
    needs_context = (
        (pl.col("_order") & (pl.col("_n_granted").list.len() + pl.col("_n_denied").list.len() + pl.col("_n_partly").list.len() > 0))
        | pl.col("_motion") | pl.col("_vacated_by").is_not_null() | pl.col("_svc_osc") | pl.col("_bare_dismissal")
        | pl.col("_generic_motion") | pl.col("_generic_order")
    )
    rows = rows.with_columns(_ctx=needs_context)
    targets = rows.filter(pl.col("_vacated_by").is_not_null()).select("case_id", entry_number="_vacated_by", _target=pl.lit(True))
    if targets.height:
        rows = rows.join(targets.unique(), on=["case_id", "entry_number"], how="left").with_columns(
            _ctx=pl.col("_ctx") | pl.col("_target").fill_null(False)
        ).drop("_target")
    plain = rows.filter(~pl.col("_ctx")).join(labels, on="_t", how="inner")
    context_rows = rows.filter(pl.col("_ctx"))
    events = _apply_context(context_rows, context_rows.join(labels, on="_t", how="inner"), rows, labels)
    events = pl.concat([plain, events.select(plain.columns)])
    return events.select(
        [
            pl.col(name).cast(dtype)
            for name, dtype in OUTPUT_SCHEMA.items()
            if name not in ("with_prejudice", "judge")
        ]
        + [
            pl.when(pl.col("label").is_in(R.DISMISSAL_LABELS)).then(pl.col("_prejudice")).otherwise(None).alias("with_prejudice"),
            pl.when(pl.col("_order")).then(pl.col("judge")).otherwise(None).alias("judge"),
        ]
    ).select(list(OUTPUT_SCHEMA))


_BARE_RULES = [rule.id for rule in R.RULES if ".bare_" in rule.id or "_bare_" in rule.id]
_DISCOVERY_RULINGS = ("discovery_granted", "discovery_granted_in_part", "discovery_denied")
_QUASH_RULINGS = ("quash_granted", "quash_denied")
_INHERIT = pl.DataFrame(
    {
        "motion_label": ["discovery_motion"] * 3 + ["quash_motion"] * 3,
        "verb": ["granted", "partly", "denied"] * 2,
        "label": [
            "discovery_granted", "discovery_granted_in_part", "discovery_denied",
            "quash_granted", "quash_granted", "quash_denied",
        ],
    }
)
_KEY = ["case_id", "entry_seq"]


def _add_events(events: pl.DataFrame, rows: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Append context events (``case_id, entry_seq, label, rule``) unless the entry already has the label."""
    new = new.unique(subset=[*_KEY, "label"], keep="first").join(events.select(*_KEY, "label"), on=[*_KEY, "label"], how="anti")
    if new.height == 0:
        return events
    added = rows.join(new, on=_KEY, how="inner").with_columns(inferred=pl.lit(True))
    return pl.concat([events, added.select(events.columns)], how="vertical")


def _inherit_motions(events: pl.DataFrame, rows: pl.DataFrame, all_rows: pl.DataFrame) -> pl.DataFrame:
    """An order ruling on entry N inherits what N asked for (early discovery, or quashing a subpoena)."""
    verbs = (
        rows.filter(pl.col("_order"))
        .select(*_KEY, granted="_n_granted", partly="_n_partly", denied="_n_denied")
        .unpivot(index=_KEY, variable_name="verb", value_name="num")
        .explode("num")
        .drop_nulls("num")
    )
    if verbs.height == 0:
        return events
    numbered = all_rows.select("case_id", num="entry_number", ref_seq="entry_seq").drop_nulls("num")
    motions = (
        events.filter(pl.col("label").is_in(["discovery_motion", "quash_motion"]))
        .select("case_id", num="entry_number", motion_label="label")
        .drop_nulls("num")
        .unique()
    )
    referenced = numbered.join(verbs, on=["case_id", "num"], how="inner")
    # A bare "granting 6 Ex Parte Application" is replaced by what entry 6 actually was, when 6 is on the docket.
    bare_resolved = referenced.select(_KEY).unique()
    events = events.join(
        bare_resolved.with_columns(_resolved=pl.lit(True)), on=_KEY, how="left"
    ).filter(~(pl.col("rule").is_in(_BARE_RULES) & pl.col("_resolved").fill_null(False))).drop("_resolved")
    inherited = (
        referenced.join(motions, on=["case_id", "num"], how="inner")
        .join(_INHERIT, on=["motion_label", "verb"], how="inner")
        .with_columns(rule=pl.lit("context.inherits_motion"))
    )
    families = events.filter(pl.col("label").is_in([*_DISCOVERY_RULINGS, *_QUASH_RULINGS])).select(
        *_KEY, family=pl.col("label").str.split("_").list.first()
    ).unique()
    inherited = inherited.with_columns(family=pl.col("label").str.split("_").list.first()).join(
        families, on=[*_KEY, "family"], how="anti"
    )
    # Within one order, a partial grant of a discovery motion wins over a plain grant of the same family.
    inherited = inherited.sort(*_KEY, pl.col("label").replace_strict(_ORDER_CODE, return_dtype=pl.Int64).cast(pl.Int64))
    return _add_events(events, rows, inherited.select(*_KEY, "label", "rule"))


def _move_vacated(events: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """'***VACATED per 6 ORDER***': the vacatur is an event of entry 6 when entry 6 is on the docket."""
    marked = rows.filter(pl.col("_vacated_by").is_not_null()).select(*_KEY, num="_vacated_by")
    if marked.height == 0:
        return events
    targets = marked.join(
        rows.select("case_id", num="entry_number", target_seq="entry_seq").drop_nulls("num"), on=["case_id", "num"], how="inner"
    )
    moved_from = targets.select(_KEY).with_columns(_moved=pl.lit(True))
    events = events.join(moved_from, on=_KEY, how="left").filter(
        ~((pl.col("rule") == "discovery_vacated.vacated_marker") & pl.col("_moved").fill_null(False))
    ).drop("_moved")
    new = targets.select("case_id", entry_seq="target_seq").with_columns(
        label=pl.lit("discovery_vacated"), rule=pl.lit("context.vacated_marker")
    )
    return _add_events(events, rows, new)


def _service_dismissals(events: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """A bare order dismissing the case after an order to show cause about service is a Rule 4(m) dismissal."""
    first_osc = rows.filter(pl.col("_svc_osc")).group_by("case_id").agg(_osc_seq=pl.col("entry_seq").min())
    if first_osc.height == 0:
        return events
    events = events.join(first_osc, on="case_id", how="left")
    relabel = (
        (pl.col("rule") == "dismissal_other.order_dismissing")
        & (pl.col("entry_seq") > pl.col("_osc_seq")).fill_null(False)
        & ~pl.col("_t").str.contains(r"motion_to_dismiss|jurisdiction|venue|merits")
    )
    return events.with_columns(
        label=pl.when(relabel).then(pl.lit("dismissal_failure_to_serve")).otherwise(pl.col("label")),
        rule=pl.when(relabel).then(pl.lit("context.after_service_show_cause")).otherwise(pl.col("rule")),
        inferred=pl.when(relabel).then(True).otherwise(pl.col("inferred")),
    ).drop("_osc_seq")


def _resolve_short_descriptions(
    events: pl.DataFrame, rows: pl.DataFrame, all_rows: pl.DataFrame, labels: pl.DataFrame
) -> pl.DataFrame:
    """Short history-report descriptions: the early generic motion of a Doe case, and the order on it."""
    unlabelled = events.group_by(_KEY).agg(_only_other=(pl.col("label") == "other").all())
    generic_cases = rows.filter(pl.col("_generic_motion")).select("case_id").unique()
    if generic_cases.height == 0:
        return events
    case_rows = all_rows.filter(pl.col("_doe_signal") | pl.col("_answer")).join(generic_cases, on="case_id", how="semi")
    per_case = case_rows.group_by("case_id").agg(
        _doe_case=pl.col("_doe_signal").any(),
        _answer_seq=pl.col("entry_seq").filter(pl.col("_answer")).min(),
    )
    first_disc = (
        events.filter(pl.col("label") == "discovery_motion").group_by("case_id").agg(_disc_seq=pl.col("entry_seq").min())
    )
    candidates = (
        rows.filter(pl.col("_generic_motion"))
        .join(unlabelled, on=_KEY, how="inner")
        .join(per_case, on="case_id", how="left")
        .join(first_disc, on="case_id", how="left")
        .filter(
            pl.col("_only_other")
            & pl.col("_doe_case")
            & (pl.col("entry_seq") < pl.col("_answer_seq")).fill_null(True)
            & pl.col("_disc_seq").is_null()
        )
        .sort(_KEY)
        .group_by("case_id", maintain_order=True)
        .first()
    )
    events = _add_events(
        events,
        rows,
        candidates.select(*_KEY).with_columns(
            label=pl.lit("discovery_motion"), rule=pl.lit("context.short_motion_in_doe_case")
        ),
    )
    # Orders "Order on <the motion's short description>": link each to the latest such motion before it.
    motions = rows.filter(pl.col("_generic_motion")).select(
        "case_id", m_seq="entry_seq", m_num="entry_number", _key="_t"
    )
    orders = rows.filter(pl.col("_generic_order") & pl.col("_t").str.starts_with("order on ")).select(
        *_KEY, _key=pl.col("_t").str.strip_prefix("order on ")
    )
    pairs = (
        orders.join(motions, on=["case_id", "_key"], how="inner")
        .filter(pl.col("m_seq") < pl.col("entry_seq"))
        .sort(*_KEY, "m_seq")
        .group_by(_KEY, maintain_order=True)
        .last()
        .sort("case_id", "m_seq", "entry_seq")
        .group_by("case_id", "m_seq", maintain_order=True)
        .first()
    )
    disc_motions = events.filter(pl.col("label") == "discovery_motion").select("case_id", m_seq="entry_seq")
    pairs = pairs.join(disc_motions, on=["case_id", "m_seq"], how="inner")
    if pairs.height == 0:
        return events
    use_texts = labels.filter(pl.col("label").is_in(R.DISCOVERY_USE_LABELS)).select("_t").unique()
    last_use = (
        all_rows.join(pairs.select("case_id").unique(), on="case_id", how="semi")
        .join(use_texts, on="_t", how="semi")
        .group_by("case_id")
        .agg(_use_seq=pl.col("entry_seq").max())
    )
    granted = pairs.join(last_use, on="case_id", how="inner").filter(pl.col("_use_seq") > pl.col("entry_seq"))
    events = events.join(
        pairs.select(*_KEY, _m_num="m_num"), on=_KEY, how="left"
    ).with_columns(
        rules_on=pl.when(pl.col("_m_num").is_not_null() & (pl.col("rules_on").list.len() == 0))
        .then(pl.concat_list(pl.col("_m_num")))
        .otherwise(pl.col("rules_on"))
    ).drop("_m_num")
    rows = rows.join(pairs.select(*_KEY, _m_num="m_num"), on=_KEY, how="left").with_columns(
        rules_on=pl.when(pl.col("_m_num").is_not_null() & (pl.col("rules_on").list.len() == 0))
        .then(pl.concat_list(pl.col("_m_num")))
        .otherwise(pl.col("rules_on"))
    ).drop("_m_num")
    return _add_events(
        events,
        rows,
        granted.select(*_KEY).with_columns(
            label=pl.lit("discovery_granted"), rule=pl.lit("context.short_order_on_discovery_motion")
        ),
    )


def _settle_other(events: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Drop 'other' where context gave an entry a label; give 'other' to an entry left with none."""
    labelled = events.filter(pl.col("label") != "other").select(_KEY).unique()
    events = pl.concat(
        [
            events.filter(pl.col("label") != "other"),
            events.filter(pl.col("label") == "other").join(labelled, on=_KEY, how="anti"),
        ]
    )
    missing = rows.select(_KEY).join(events.select(_KEY).unique(), on=_KEY, how="anti")
    if missing.height == 0:
        return events
    added = rows.join(missing, on=_KEY, how="inner").with_columns(
        label=pl.lit("other"), rule=pl.lit("other.no_rule_matched"), inferred=pl.lit(False)
    )
    return pl.concat([events, added.select(events.columns)])


def _apply_context(rows: pl.DataFrame, events: pl.DataFrame, all_rows: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    """Apply the docket-context rules to the entries they concern (``rows``, their ``events``).

    ``all_rows`` (every entry) and ``labels`` (line labels per canonical text) are read for lookups only.
    """
    events = _inherit_motions(events, rows, all_rows)
    events = _move_vacated(events, rows)
    events = _service_dismissals(events, rows)
    events = _resolve_short_descriptions(events, rows, all_rows, labels)
    return _settle_other(events, rows)
