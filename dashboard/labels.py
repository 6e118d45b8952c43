"""Words the dashboard shows for the database's codes, in the Hard Drive order's own terms."""

FUNNEL_STAGES = {
    "sued": "Does sued",
    "discovery_granted": "Covered by granted early discovery (subpoenas authorised)",
    "named": "Defendants named",
    "served": "Defendants served",
    "judgment": "Judgments",
}
FUNNEL_CASE_STAGES = {
    "sued": "Cases filed",
    "discovery_granted": "Early discovery granted",
    "named": "A defendant named",
    "served": "A defendant served",
    "judgment": "A judgment entered",
}
