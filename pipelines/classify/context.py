"""Docket context: rules that refine the line labels from the other entries of the same case.

On integer keys, keeping events only for the entries a context rule touches: an order ruling on
entry N inherits what entry N asked for; a "***VACATED per 6 ORDER***" banner puts the vacatur on
entry 6; a bare "ORDER DISMISSING CASE" after an order to show cause about service is a dismissal
for failure to serve; and short PACER history-report descriptions ("Motion for Miscellaneous
Relief", "Order on Motion for Miscellaneous Relief") are resolved from the case where the docket
allows it. Every label a context rule gives is flagged ``inferred``.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from pipelines.classify import rules as R
from pipelines.classify.codes import _BARE_RULES, _DISMISSAL_RULE, _EVENT_SCHEMA, _LABEL, _OTHER_RULE, _RULE
from pipelines.classify.columns import _at, _mask
from pipelines.classify.lines import _Lines

_DISCOVERY_RULINGS = ("discovery_granted", "discovery_granted_in_part", "discovery_denied")
_QUASH_RULINGS = ("quash_granted", "quash_denied")
_INHERIT = pl.DataFrame(
    {
        "motion": [_LABEL["discovery_motion"]] * 3 + [_LABEL["quash_motion"]] * 3,
        "verb": ["granted", "partly", "denied"] * 2,
        "label": [
            _LABEL[label]
            for label in (
                "discovery_granted", "discovery_granted_in_part", "discovery_denied",
                "quash_granted", "quash_granted", "quash_denied",
            )
        ],
    },
    schema={"motion": pl.UInt8, "verb": pl.String, "label": pl.UInt8},
)
_FAMILY = {**{_LABEL[label]: 0 for label in _DISCOVERY_RULINGS}, **{_LABEL[label]: 1 for label in _QUASH_RULINGS}}
# (case, entry number) as one integer key (case codes are below 2**31); entry numbers outside
# 0..2**32-1 are not docket numbers and are never looked up
_NUMBER_KEY = pl.when(pl.col("num").is_between(0, 2**32 - 1)).then(pl.col("case").cast(pl.Int64) * 2**32 + pl.col("num"))


class _Docket:
    """The docket-context rules over all entries; events are kept only for the entries they touch.

    ``rows``: one row per entry (its position is the entry's ``row`` id) with ``case`` (integer code),
    ``seq``, ``num`` and ``kid`` (its distinct text). An entry not touched keeps its line events.
    Which entries a rule reads is decided by signals of their texts (``text_signals``); the entries
    having each signal are listed once (``signal_rows``).
    """

    def __init__(self, rows: pl.DataFrame, lines: _Lines) -> None:
        self.rows = rows
        self._keys: pl.Series | None = None  # (case, entry number) of every entry, when first needed
        self.kid = rows.get_column("kid")
        self.lines = lines
        features = lines.features
        events = lines.events
        n_texts = len(lines.count)

        def having(frame: pl.DataFrame) -> pl.Series:
            return _mask(n_texts, frame.get_column("kid"))

        def labelled(*labels: str) -> pl.Series:
            return having(events.filter(pl.col("label").is_in([_LABEL[label] for label in labels])))

        def ruled(*rules: str) -> pl.Series:
            return having(events.filter(pl.col("rule").is_in([_RULE[rule] for rule in rules])))

        t = features.get_column("t")
        signals = {
            "verbs": having(lines.verbs),
            "bare": ruled(*_BARE_RULES),
            "motion": labelled("discovery_motion", "quash_motion"),
            "vacated": features.get_column("vacated_by").is_not_null(),
            "svc_osc": features.get_column("svc_osc"),
            "dismissing": ruled(_DISMISSAL_RULE) & ~features.get_column("not_service"),
            "generic_motion": features.get_column("generic_motion"),
            "order_on": features.get_column("generic_order") & t.str.starts_with("order on "),
            "doe_or_answer": features.get_column("doe_signal") | features.get_column("answer"),
            "discovery_motion": labelled("discovery_motion"),
            "use": labelled(*R.DISCOVERY_USE_LABELS),
        }
        self.text_signals = signals
        with ThreadPoolExecutor(max_workers=pl.thread_pool_size()) as pool:  # one pass over the entries per signal
            found = pool.map(lambda per_text: per_text.gather(self.kid).arg_true(), signals.values())
            self.signal_rows = dict(zip(signals, found))
        self.ev = pl.DataFrame(schema=_EVENT_SCHEMA)  # current events of the touched entries
        self.is_touched = pl.repeat(False, rows.height, eager=True)
        self.rules_on = pl.DataFrame(schema={"row": pl.UInt32, "rules_on": pl.List(pl.Int64)})

    # -- lookups ------------------------------------------------------------------------------
    def where(self, signal: str, columns: Iterable[str] = ("case", "seq"), cases: pl.Series | None = None) -> pl.DataFrame:
        """The entries (``row`` and ``columns``) whose text has ``signal`` (and, if given, in ``cases``)."""
        idx = self.signal_rows[signal]
        if cases is not None:
            idx = idx.filter(self.rows.get_column("case").gather(idx).is_in(cases.unique().implode()))
        return self.rows.select(columns)[idx].with_columns(row=idx)

    def numbered(self, keys: pl.Series) -> pl.DataFrame:
        """(key, target) for the entries whose (case, entry number) key is among ``keys``."""
        keys = keys.drop_nulls().unique()
        if len(keys) == 0:
            return pl.DataFrame(schema={"key": pl.Int64, "target": pl.UInt32})
        if self._keys is None:
            self._keys = self.rows.select(_NUMBER_KEY).to_series()
        idx = self._keys.is_in(keys.implode()).arg_true()
        return pl.DataFrame({"key": self._keys.gather(idx), "target": idx})

    def events_of(self, rows: pl.Series) -> pl.DataFrame:
        """Current (row, label, rule) of the given entries."""
        frame = rows.alias("row").unique().to_frame().with_columns(touched=_at(self.is_touched, "row"))
        touched = self.ev.join(frame.filter("touched"), on="row", how="semi")
        untouched = frame.filter(~pl.col("touched")).with_columns(kid=_at(self.kid, "row"))
        return pl.concat([touched, untouched.join(self.lines.events, on="kid").select(touched.columns)])

    # -- changes ------------------------------------------------------------------------------
    def touch(self, rows: pl.Series) -> None:
        """Keep the events of these entries in ``ev`` from now on (their line events to start with)."""
        rows = rows.unique()
        new = rows.filter(~self.is_touched.gather(rows))
        if len(new):
            line = pl.DataFrame({"row": new, "kid": self.kid.gather(new)}).join(self.lines.events, on="kid")
            self.ev = pl.concat([self.ev, line.select(self.ev.columns)])
            self.is_touched.scatter(new, True)

    def remove(self, rows: pl.Series, rules: Iterable[str]) -> None:
        """Remove the events these entries have by one of ``rules``."""
        self.touch(rows)
        codes = [_RULE[rule] for rule in rules]
        self.ev = self.ev.filter(~(pl.col("row").is_in(rows.implode()) & pl.col("rule").is_in(codes)))

    def add(self, new: pl.DataFrame, rule: str) -> None:
        """Add (row, label) events with ``rule`` unless the entry already has the label."""
        rows = new.get_column("row").cast(pl.UInt32)
        self.touch(rows)
        new = new.select(
            rows, pl.col("label").cast(pl.UInt8), rule=pl.lit(_RULE[rule], dtype=pl.UInt16)
        ).unique(["row", "label"], keep="first", maintain_order=True)
        existing = self.ev.filter(pl.col("row").is_in(rows.implode())).select("row", "label")
        self.ev = pl.concat([self.ev, new.join(existing, on=["row", "label"], how="anti")])

    # -- the rules ----------------------------------------------------------------------------
    def inherit_motions(self) -> None:
        """An order ruling on entry N inherits what N asked for (early discovery, or quashing a subpoena)."""
        lines = self.lines
        verbs = (
            self.where("verbs", ("case", "kid"))
            .join(lines.verbs, on="kid")
            .with_columns(key=_NUMBER_KEY)
            .drop_nulls("key")
        )
        if verbs.height == 0:
            return
        # A bare "granting 6 Ex Parte Application" is replaced by what entry 6 actually was, when 6 is on the docket.
        bare = verbs.filter(_at(self.text_signals["bare"], "kid"))
        resolved = bare.join(self.numbered(bare.get_column("key")), on="key").get_column("row").unique()
        if len(resolved):
            self.remove(resolved, _BARE_RULES)
        motion_labels = [_LABEL["discovery_motion"], _LABEL["quash_motion"]]
        motions = (
            self.where("motion", ("case", "num", "kid"))
            .select("kid", key=_NUMBER_KEY)
            .drop_nulls("key")
            .join(lines.events.filter(pl.col("label").is_in(motion_labels)).select("kid", motion="label"), on="kid")
            .select("key", "motion")
        )
        inherited = verbs.join(motions, on="key").join(_INHERIT, on=["motion", "verb"]).select("row", "label")
        if inherited.height == 0:
            return
        family = pl.col("label").replace_strict(_FAMILY, return_dtype=pl.UInt8)
        families = (
            self.events_of(inherited.get_column("row"))
            .filter(pl.col("label").is_in(list(_FAMILY)))
            .select("row", family=family)
        )
        inherited = inherited.with_columns(family=family).join(families, on=["row", "family"], how="anti")
        if inherited.height:
            self.add(inherited, "context.inherits_motion")

    def move_vacated(self) -> None:
        """'***VACATED per 6 ORDER***': the vacatur is an event of entry 6 when entry 6 is on the docket."""
        vacated_by = self.lines.features.get_column("vacated_by")
        marked = self.where("vacated", ("case", "kid")).with_columns(num=_at(vacated_by, "kid")).with_columns(key=_NUMBER_KEY)
        targets = marked.join(self.numbered(marked.get_column("key")), on="key")
        if targets.height == 0:
            return
        self.remove(targets.get_column("row").unique(), ["discovery_vacated.vacated_marker"])
        self.add(targets.select(row="target", label=pl.lit(_LABEL["discovery_vacated"])), "context.vacated_marker")

    def service_dismissals(self) -> None:
        """A bare order dismissing the case after an order to show cause about service is a Rule 4(m) dismissal."""
        first_osc = self.where("svc_osc").group_by("case").agg(osc=pl.col("seq").min())
        if first_osc.height == 0:
            return
        relabel = (
            self.where("dismissing", cases=first_osc.get_column("case"))
            .join(first_osc, on="case")
            .filter(pl.col("seq") > pl.col("osc"))
            .get_column("row")
        )
        if len(relabel) == 0:
            return
        self.touch(relabel)
        hit = pl.col("row").is_in(relabel.implode()) & (pl.col("rule") == _RULE[_DISMISSAL_RULE])
        self.ev = self.ev.with_columns(
            label=pl.when(hit).then(pl.lit(_LABEL["dismissal_failure_to_serve"], dtype=pl.UInt8)).otherwise("label"),
            rule=pl.when(hit).then(pl.lit(_RULE["context.after_service_show_cause"], dtype=pl.UInt16)).otherwise("rule"),
        )

    def resolve_short_descriptions(self) -> None:
        """Short history-report descriptions ("Motion for Miscellaneous Relief", "Motion to Expedite").

        In a Doe case, the first such motion that is otherwise unlabelled and comes before any answer
        and before any motion the docket names as one for early discovery is that motion, and so is every
        unlabelled "Motion for Discovery..." before an answer (D. Or. "Motion For Discovery/Inspection";
        in a case without a Doe signal, such as a criminal one, it stays unlabelled); an "Order on
        <the same description>" after it is its ruling, a grant when the docket later shows discovery
        used (subpoenas, a named defendant, service).
        """
        features = self.lines.features
        generic = self.where("generic_motion", ("case", "seq", "num", "kid"))
        if generic.height == 0:
            return
        # No rule removes or relabels a discovery_motion event, and only this one adds them: the
        # entries that have one are those of the line, plus the ones added below.
        first_disc = self.where("discovery_motion").group_by("case").agg(disc_seq=pl.col("seq").min())
        only_other = (
            self.events_of(generic.get_column("row"))
            .group_by("row")
            .agg(only_other=(pl.col("label") == _LABEL["other"]).all())
        )
        unlabelled = generic.join(only_other.filter("only_other"), on="row")
        candidates = unlabelled.join(first_disc, on="case", how="left").filter(
            (pl.col("seq") < pl.col("disc_seq")).fill_null(True)
        )
        titled = unlabelled.filter(_at(features.get_column("discovery_titled"), "kid"))
        cases = pl.concat([candidates.get_column("case"), titled.get_column("case")])
        if len(cases):
            doe, answer = features.get_column("doe_signal"), features.get_column("answer")
            per_case = (
                self.where("doe_or_answer", ("case", "seq", "kid"), cases)
                .with_columns(doe=_at(doe, "kid"), answer=_at(answer, "kid"))
                .group_by("case")
                .agg(pl.col("doe").any(), answer_seq=pl.col("seq").filter("answer").min())
            )
            in_doe_case = pl.col("doe") & (pl.col("seq") < pl.col("answer_seq")).fill_null(True)
            first = (
                candidates.join(per_case, on="case")
                .filter(in_doe_case)
                .sort("case", "seq")
                .group_by("case", maintain_order=True)
                .first()
            )
            # every "Motion for Discovery..." of a Doe case before an answer is one for early discovery
            added = pl.concat([first.get_column("row"), titled.join(per_case, on="case").filter(in_doe_case).get_column("row")])
            self.add(added.unique().to_frame("row").with_columns(label=pl.lit(_LABEL["discovery_motion"])),
                     "context.short_motion_in_doe_case")
        else:
            added = pl.Series([], dtype=pl.UInt32)
        # Orders "Order on <the motion's short description>": link each to the latest such motion before it.
        t = features.get_column("t")
        motion_texts = pl.DataFrame({"kid": features.get_column("generic_motion").arg_true()}).with_columns(t=_at(t, "kid"))
        order_texts = pl.DataFrame({"okid": self.text_signals["order_on"].arg_true()}).with_columns(
            t=_at(t, "okid").str.strip_prefix("order on ")
        )
        link = order_texts.join(motion_texts, on="t").select("okid", "kid")  # order text -> the motion texts it names
        pairs = (
            self.where("order_on", ("case", "seq", "kid"), generic.get_column("case"))
            .rename({"kid": "okid"})
            .join(link, on="okid")
            .join(generic.select("case", "kid", m_row="row", m_seq="seq", m_num="num"), on=["case", "kid"])
            .filter(pl.col("m_seq") < pl.col("seq"))
            .sort("row", "m_seq")
            .group_by("row", maintain_order=True)
            .last()
            .sort("case", "m_seq", "seq")
            .group_by("case", "m_seq", maintain_order=True)
            .first()
        )
        asked = _at(self.text_signals["discovery_motion"], "kid") | pl.col("m_row").is_in(added.implode())
        pairs = pairs.filter(asked)  # the motion is (now) one for early discovery
        if pairs.height == 0:
            return
        last_use = self.where("use", cases=pairs.get_column("case")).group_by("case").agg(use_seq=pl.col("seq").max())
        granted = pairs.join(last_use, on="case").filter(pl.col("use_seq") > pl.col("seq"))
        named = pairs.filter(
            (_at(features.get_column("rules_on").list.len(), "okid") == 0) & pl.col("m_num").is_not_null()
        )
        if named.height:
            self.touch(named.get_column("row"))
            self.rules_on = named.select("row", rules_on=pl.concat_list("m_num"))
        if granted.height:
            self.add(
                granted.select("row", label=pl.lit(_LABEL["discovery_granted"])), "context.short_order_on_discovery_motion"
            )

    def settle_other(self) -> None:
        """Drop 'other' where context gave an entry a label; give 'other' to an entry left with none."""
        other = pl.col("label") == _LABEL["other"]
        labelled = self.ev.filter(~other).select("row").unique()
        self.ev = pl.concat([self.ev.filter(~other), self.ev.filter(other).join(labelled, on="row", how="anti")])
        touched = self.is_touched.arg_true().alias("row").to_frame()
        missing = touched.join(self.ev.select("row").unique(), on="row", how="anti").with_columns(
            label=pl.lit(_LABEL["other"], dtype=pl.UInt8), rule=pl.lit(_RULE[_OTHER_RULE], dtype=pl.UInt16)
        )
        self.ev = pl.concat([self.ev, missing])

    def apply(self) -> None:
        self.inherit_motions()
        self.move_vacated()
        self.service_dismissals()
        self.resolve_short_descriptions()
        self.settle_other()
