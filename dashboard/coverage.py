"""Coverage captions: what a page's docket counts rest on (docs/coverage.md). A case known only from
the FJC IDB, CourtListener's census or a source's listing has no docket entries; its docket measures
are unknown, not zero, so every page says how many of the cases it counts have a known docket."""

from __future__ import annotations

import polars as pl

ELSEWHERE = ("with no docket known (from the FJC IDB, CourtListener's census or a source's listing only: "
             "unknown, not zero)")


def _cases(n: int) -> str:
    return f"{n:,} case" + ("" if n == 1 else "s")


def stage_clause(done: int, with_docket: int, unknown: int) -> str:
    """'21 of 31 cases with dockets; 14 more with no docket known (...)' (or '21' when every docket is known)."""
    if not unknown:
        return f"{done:,}"
    return f"{done:,} of {_cases(with_docket)} with dockets; {unknown:,} more {ELSEWHERE}"


def caption(with_docket: int, unknown: int) -> str:
    """One sentence: how many of the counted cases have a known docket."""
    if not unknown:
        return "The case counted has a known docket." if with_docket == 1 else \
            f"All {_cases(with_docket)} counted have a known docket."
    return (f"Docket counts (discovery, severance, service, rulings) read the {_cases(with_docket)} with a known "
            f"docket; {unknown:,} more {ELSEWHERE}. Their outcomes (voluntary dismissals, dismissals, "
            "judgments) count where the IDB or the census states them.")


def of_case(header: dict) -> str:
    """The caption of one case (a case_header row): its docket coverage and where its outcome comes from."""
    said = {"full": "Docket known", "partial": "Docket partly known",
            "none": "Docket unknown: its docket counts below are unknown, not zero"}[header["docket_coverage"]]
    outcome = {"docket": "from the docket", None: "not known"}.get(header["outcome_source"],
                                                                   f"as {header['outcome_source']} states it")
    return f"{said} ({header['docket_coverage_evidence']}). Outcome {outcome}."


def of_cases(frame: pl.DataFrame) -> str:
    """The caption for a list of cases carrying `docket_coverage` (case_list, cases_behind)."""
    if "docket_coverage" not in frame.columns:
        return ""
    unknown = frame.filter(pl.col("docket_coverage") == "none").height
    return caption(frame.height - unknown, unknown)
