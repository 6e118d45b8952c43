"""The docket model: one case as one file or API response set gives it (the PACER docket shape).

Every docket reader (saved PACER pages, RECAP XML, RSS feeds, CourtListener API responses,
Internet Archive docket.json) returns `DocketRecord`s; `pipelines.dockets.merge` turns them into
staging rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SOURCE_PACER = "pacer"
SOURCE_RECAP = "recap"
# A court-wide feed's few items of a case: ranked below every fuller docket (queries/schema.sql).
SOURCE_RSS = "pacer_rss"

@dataclass
class Attorney:
    name: str
    contact: str | None = None
    roles: list[str] = field(default_factory=list)


@dataclass
class Party:
    name: str
    party_type: str
    extra_info: str | None = None
    date_terminated: date | None = None
    attorneys: list[Attorney] = field(default_factory=list)


@dataclass
class Entry:
    number: int | None
    date_filed: date | None
    description: str
    source_url: str | None = None


@dataclass
class DocketRecord:
    """One case as one file (or API response set) gives it, before names are resolved."""

    path: str
    record: int | str | None
    kind: str  # docket_report | history | case_query | rss | recap_xml | ia_json | api
    source: str  # pacer | recap | courtlistener
    court_id: str
    docket_number: str
    case_name: str | None = None
    assigned_to: str | None = None
    referred_to: str | None = None
    initials_assigned: str | None = None
    initials_referred: str | None = None
    date_filed: date | None = None
    date_terminated: date | None = None
    date_last_filing: date | None = None
    nature_of_suit: str | None = None
    parties: list[Party] | None = None  # None: this format lists no parties
    entries: list[Entry] = field(default_factory=list)
    source_url: str | None = None
    retrieved_at: datetime | None = None
    flags: list[str] = field(default_factory=list)
