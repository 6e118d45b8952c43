"""What every table holds and where it comes from, and what every measure means (the Data page)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from pipelines.queries import QUERY_DIR

SCHEMA = QUERY_DIR / "schema.sql"

# The case universe, as the Overview and the sidebar state it (queries/build/measures/case_universe.sql).
UNIVERSE = ("A mass-Doe case is one whose defendants were all anonymous when it was filed (Does, or subscribers "
            "known only by IP address); every page counts these unless the sidebar includes the others. A case "
            "later amended to name the subscriber still counts (its Doe start read from the docket or another "
            "source); a case naming real defendants beside fictitious 'Does 1-10' does not.")

# table -> (layer, what a row is, where its rows come from)
TABLES: dict[str, tuple[str, str, str]] = {
    "source_cases": ("source", "one case as one source describes it (header fields, raw beside cleaned)",
                     "each ingest (curated CSV, PACER pages, CourtListener, FJC IDB) replaces its own (case, source) rows"),
    "source_parties": ("source", "one party of a case as one source lists it, with Doe counts",
                       "ingest; Doe counts from captions and party names (pipelines/normalize.py)"),
    "source_attorneys": ("source", "one attorney of a party, with firm and role", "ingest"),
    "source_docket_entries": ("source", "one docket entry's number, date and text",
                              "ingest; IP addresses in the text pseudonymised (pipelines/privacy.py)"),
    "source_hand_events": ("source", "an event a source states without docket text (e.g. 'early discovery "
                           "granted 8/5/2011, Dkt 7')", "curated sources; basis quoted"),
    "source_events": ("source", "one label the classifier gave one docket entry of one source, with the rule "
                      "that fired", "each ingest classifies the docket entries it loads (pipelines/classify/)"),
    "source_records": ("source", "one docket record (a saved PACER page, a RECAP file, a CourtListener response "
                       "set) as loaded, as JSON", "PACER, RECAP and CourtListener ingests; later pages of a case "
                       "are merged with these (pipelines/dockets/stored.py)"),
    "corrections": ("source", "a reviewer's labels for one docket entry, in place of the classifier's (reviewer, "
                    "date, note)", "data/corrections/*.csv, read at every build (pipelines/corrections.py)"),
    "source_precedence": ("reference", "which source wins a conflict (lower rank first)", "queries/schema.sql"),
    "build_info": ("reference", "facts about the build: the classifier version that made source_events",
                   "pipelines/store.py"),
    "cases": ("derived", "one case, header fields merged across sources by precedence",
              "queries/build/merge/cases.sql"),
    "parties": ("derived", "parties of the winning source per case", "queries/build/merge/parties.sql"),
    "attorneys": ("derived", "attorneys of the winning source per case", "queries/build/merge/attorneys.sql"),
    "outranked_detail": ("derived", "a source whose parties, counsel or docket of a case another source outranks",
                         "queries/build/merge/outranked_detail.sql"),
    "docket_entries": ("derived", "docket entries of the winning source per case (a view over "
                       "source_docket_entries)", "queries/build/merge/docket_entries.sql"),
    "hand_coded_events": ("derived", "an event a source states that the docket text does not already show",
                          "queries/build/merge/hand_coded_events.sql"),
    "corrected_events": ("derived", "one label of a hand-corrected docket entry, with the reviewer and note",
                         "queries/build/merge/corrected_events.sql"),
    "events": ("derived", "one label on one docket entry (with the classifier rule that fired, or corrected by "
               "hand), or a hand-coded event with its basis (a view over source_events, corrected_events and "
               "hand_coded_events)",
               "pipelines/classify/ and queries/build/merge/events.sql"),
    "case_counsel": ("derived", "one plaintiff-side counsel (attorney or firm) of a case",
                     "queries/build/measures/case_counsel.sql"),
    "case_measures": ("derived", "the funnel of one case: Does sued to judgments",
                      "queries/build/measures/case_measures.sql"),
    "case_universe": ("derived", "whether one case is a mass-Doe case (doe_class), with the evidence and whether "
                      "its Doe start is inferred", "queries/build/measures/case_universe.sql"),
    "docket_coverage": ("derived", "how much of one case's docket is known (full, partial: RSS or history only, "
                        "none: IDB- or census-only), from which source", "queries/build/measures/docket_coverage.sql"),
    "case_facts": ("derived", "one case with its measures in one row (what the filters read)",
                   "queries/build/marts/case_facts.sql"),
    "counsel_names": ("derived", "one plaintiff-side counsel (attorney or firm), numbered in name order",
                      "queries/build/marts/counsel_names.sql"),
    "counsel_facts": ("derived", "one plaintiff-side counsel of a case, with the case's filter columns and "
                      "measures", "queries/build/marts/counsel_facts.sql"),
    "ruling_facts": ("derived", "one ruling on early discovery, severance order or Rule 4(m) dismissal, with "
                     "the judge it is attributed to", "queries/build/marts/ruling_facts.sql"),
    "case_ruling_judges": ("derived", "one judge a case's events are attributed to",
                           "queries/build/marts/case_ruling_judges.sql"),
    "ruling_days": ("derived", "days from an early-discovery motion to its ruling, once per judge of the case",
                    "queries/build/marts/ruling_days.sql"),
    "filter_option_counts": ("derived", "one value a sidebar filter offers, with its case count",
                             "queries/build/marts/filter_option_counts.sql"),
    "provenance_counts": ("derived", "rows of one table from one source in this build",
                          "queries/build/marts/provenance_counts.sql"),
    "idb_case_facts": ("derived", "one FJC IDB copyright case, its records combined (first filing, latest "
                       "disposition, Doe if any record names Does)", "queries/build/marts/idb_case_facts.sql"),
    "idb_cases": ("source", "one case record of the FJC Integrated Database's civil file (NOS 820 by default): "
                  "dates, parties cut at 30 characters, disposition", "doedocket ingest idb cv88on.txt"),
    "idb_rejects": ("source", "a line of an IDB file that could not be read, and why",
                    "doedocket ingest idb (every refused line, none stops a load)"),
    "source_files": ("source", "one file a bulk source was read from: name, cut-off, size, SHA-256, and where "
                     "and when it was downloaded", "doedocket fetch idb, or doedocket ingest idb FILE"),
    "idb_dispositions": ("reference", "the IDB's DISP codes in words (FJC codebook)", "queries/schema.sql"),
    "fjc_districts": ("reference", "FJC DISTRICT code -> CourtListener court id",
                      "data/fjc_districts.csv, refreshed by each IDB load"),
    "exhibit_observations": ("source", "one row of a complaint exhibit: a Doe seen in the swarm (IP address "
                             "stored only as a keyed pseudonym)", "doedocket ingest exhibits FILE --case CASE_ID"),
    "swarm_measures": ("derived", "one case's swarm: observation window, gaps, ISPs, out-of-state Does",
                       "queries/build/measures/swarm_measures.sql"),
}

# measure -> (definition, where it is computed)
MEASURES: dict[str, tuple[str, str]] = {
    "doe_class": ("doe_only (a mass-Doe case: every defendant anonymous at filing), named_plus_fictitious_does "
                  "(named defendants with fictitious Does beside them) or named_only; doe_inferred when the Doe "
                  "start is read from the docket (early discovery before the amended complaint that named the "
                  "subscriber) or another source. Pages count doe_only cases unless the sidebar includes all.",
                  "case_universe"),
    "does_sued": ("Does named in the caption ('Does 1-90' is 90; one 'John Doe' is 1), else the count of Doe "
                  "defendant parties, else 0; a case whose Doe start is inferred sued at least one Doe per "
                  "defendant later named.", "case_measures"),
    "discovery_motion": ("An (ex parte) application or motion for leave to take early, expedited or immediate "
                         "discovery, or to serve a third-party (ISP) subpoena before the Rule 26(f) conference.",
                         "events"),
    "discovery_outcome": ("The latest ruling on early discovery (by entry number, then date): granted, "
                          "granted_in_part, denied or vacated; pending when a motion has no ruling; none when no "
                          "motion is known.", "case_measures"),
    "cases_discovery_granted": ("1 when any order granted early discovery, in whole or in part.", "case_measures"),
    "does_discovery_granted (\"subpoenas authorised\")": (
        "Does covered by an order granting early discovery: all Does sued, less those severed at or before the "
        "first grant (an order granting discovery as to Doe 1 and severing Does 2-33 covers 1), at least 1. The "
        "dashboard calls these \"subpoenas authorised\": the Does an ISP subpoena could be served for, not "
        "subpoenas known to have been served.", "case_measures"),
    "does_severed": ("The largest stated Doe range an order severed or dismissed for misjoinder (Rules 20/21): "
                     "'severing Does 2-90' is 89.", "case_measures"),
    "defendants_named": ("Defendant parties that are not Does.", "case_measures"),
    "defendants_served": ("Defendants reached: docket entries recording a return of service or a waiver, or, "
                          "when more, named defendants who appeared, answered or moved to dismiss (reached even "
                          "without a docketed return). served_evidence keeps the kinds found: return_of_service, "
                          "waiver, appearance_or_answer.", "case_measures"),
    "judgments": ("Judgments entered.", "case_measures"),
    "voluntary_dismissals": ("Notices or stipulations of voluntary dismissal.", "case_measures"),
    "dismissed_failure_to_serve": ("1 when the case (or its Does) was dismissed for failure to serve under "
                                   "Rule 4(m).", "case_measures"),
    "days_open": ("Days from filing to termination; empty while open or when a date is unknown.",
                  "case_measures"),
    "served_per_1000_subpoenaed": ("Defendants served per 1,000 Does covered by granted early discovery; empty "
                                   "when no Doe was covered.", "plaintiff_scorecard, counsel_scorecard"),
    "median_days_open": ("Median of days_open over closed cases with both dates.",
                         "plaintiff_scorecard, counsel_scorecard"),
    "grant_rate": ("(granted + granted in part) / rulings granting, granting in part or denying early "
                   "discovery.", "judge_rulings"),
    "median_days_to_ruling": ("Median days from a discovery motion to the order ruling on it (the motion the "
                              "order names, else the latest motion before it), pairs with both dates only.",
                              "judge_rulings"),
    "ruling judge": ("A ruling is credited to the magistrate judge the case was referred to, else the assigned "
                     "judge, else the judge the order names, else 'unknown'.", "judge_rulings, judge_outcomes"),
    "rate (judge x outcome)": ("A judge's rulings with that outcome / the judge's rulings of all four kinds "
                               "(granted, granted in part, denied, vacated).", "judge_outcomes"),
    "doe_share": ("Share of copyright filings (NOS 820) in a year, or in a district, whose caption sues Does.",
                  "doe_share_by_year, district_doe_share"),
    "does_share": ("A funnel stage's Does (or defendants) / the Does sued; at early discovery granted, the share "
                   "of Does covered by a granting order.", "funnel"),
    "cases_share": ("Cases that reached a funnel stage / the cases filed.", "funnel"),
    "share (top plaintiffs)": ("A plaintiff's copyright cases filed in a year / all copyright cases filed that "
                               "year.", "top_plaintiffs_by_year"),
    "share_of_doe_cases": ("A district's cases against Does / all cases against Does under the filters.",
                           "district_doe_share"),
    "share (dispositions)": ("Ended cases of a kind (against Does, or not) that ended one way / all ended cases "
                             "of that kind (FJC DISP codes).", "disposition_mix"),
    "median_days_to_termination": ("Median days from filing to termination of the ended cases (FJC IDB).",
                                   "disposition_mix"),
    "isolated_share": ("Does whose exhibit hit is more than 24 hours from every other Doe's / the Does in the "
                       "exhibit (cases with at least two Does).", "swarm_summary"),
    "out_of_state_share": ("Does whose exhibit places them in another US state than the court's / the Does with "
                           "a state.", "swarm_summary"),
    "95% interval": ("Every rate k/n comes with its counts and its 95% Wilson score interval (columns "
                     "<rate>_ci_low, <rate>_ci_high; for served per 1,000, the interval of served / covered x "
                     "1,000): (k + 1.92 -+ 1.96 sqrt(k(n-k)/n + 0.96)) / (n + 3.84). It treats each of the n as an "
                     "independent trial; Does of one case share one order, so Doe intervals understate the "
                     "uncertainty.", "queries/_wilson.sql"),
    "at least N decided": ("The judge charts leave out judges with fewer than N rulings granting, granting in part "
                           "or denying early discovery (the number is in each chart's title and the URL); the "
                           "scorecard keeps every judge.", "judge_outcomes ($min_decided)"),
}


def define(measure: str) -> str:
    """The definition of `measure`, for a help text (the same words the Data page and citations use)."""
    return MEASURES[measure][0]


def schema_comments(schema: Path = SCHEMA) -> dict[str, str]:
    """Each table's comment in queries/schema.sql: the comment lines right above its CREATE TABLE."""
    comments: dict[str, str] = {}
    block: list[str] = []
    for line in schema.read_text().splitlines():
        created = re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", line)
        if line.startswith("--"):
            text = line.lstrip("-").strip()
            block = [] if text.endswith("---") else block + [text]  # a section heading starts afresh
        elif created:
            comments[created.group(1)] = " ".join(block)
            block = []
        else:
            block = []
    return comments


def tables_frame(rows: dict[str, int]) -> pl.DataFrame:
    """Every table of the build with its row count, layer, what a row is and where rows come from.

    Tables this module does not know yet are described by their comment in queries/schema.sql.
    """
    comments = schema_comments()

    def describe(name: str) -> tuple[str, str, str]:
        return TABLES.get(name) or ("other", comments.get(name) or "(no description in queries/schema.sql)",
                                    "queries/schema.sql")

    return pl.DataFrame(
        [dict(table=name, rows=count, layer=describe(name)[0], row_is=describe(name)[1],
              provenance=describe(name)[2]) for name, count in rows.items()],
        schema={"table": pl.String, "rows": pl.Int64, "layer": pl.String, "row_is": pl.String,
                "provenance": pl.String},
    )


def measures_frame() -> pl.DataFrame:
    """Every measure the dashboard shows, with its definition and the table or query computing it."""
    return pl.DataFrame(
        [dict(measure=name, definition=text, computed_in=where) for name, (text, where) in MEASURES.items()],
        schema={"measure": pl.String, "definition": pl.String, "computed_in": pl.String},
    )
