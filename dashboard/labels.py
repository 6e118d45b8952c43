"""Words (and colours) the dashboard shows for the database's codes, in the Hard Drive order's terms."""

import plotly.express as px

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
CASE_STAGES = {
    "sued": "Does sued",
    "discovery_granted": "Covered by granted early discovery (subpoenas authorised)",
    "severed": "Does severed (Rules 20/21)",
    "named": "Defendants named",
    "served": "Defendants served",
    "judgment": "Judgments",
}
OUTCOMES = {
    "granted": "Granted",
    "granted_in_part": "Granted in part",
    "denied": "Denied",
    "vacated": "Vacated",
}
OUTCOME_EVENT = {
    "granted": "discovery_granted",
    "granted_in_part": "discovery_granted_in_part",
    "denied": "discovery_denied",
    "vacated": "discovery_vacated",
}
RULING_EVENTS = list(OUTCOME_EVENT.values())
EVENT_LABELS = [
    "complaint", "amended_complaint", "discovery_motion", "discovery_granted", "discovery_granted_in_part",
    "discovery_denied", "discovery_vacated", "subpoena", "quash_motion", "quash_granted", "quash_denied",
    "severance", "show_cause", "voluntary_dismissal", "dismissal_failure_to_serve", "dismissal_other",
    "summons_issued", "service_executed", "appearance", "default", "settlement", "sanctions", "judgment",
    "consent_or_reassignment", "other",
]
# One fixed colour per event label, so a label looks the same in every case's timeline.
EVENT_COLOURS = dict(zip(EVENT_LABELS, px.colors.qualitative.Alphabet))
