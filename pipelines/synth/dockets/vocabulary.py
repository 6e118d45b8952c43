"""What a generated docket is made of: its courts and their docket-text styles, the synthetic names,
the span of filing dates, and the kinds of entry with the labels a reader would give each.
"""

from __future__ import annotations

from datetime import date

SOURCE = "synthetic"
FLAG = "synthetic"
_EPOCH = date(1970, 1, 1)
_FIRST_DAY = (date(2004, 1, 1) - _EPOCH).days
_LAST_DAY = (date(2024, 12, 31) - _EPOCH).days

# court_id, docket-text style, office digits, share of suits.
COURTS: tuple[tuple[str, str, tuple[int, ...], float], ...] = (
    ("cand", "cand", (3, 4, 5), 12), ("nysd", "nysd", (1,), 9), ("njd", "ecf", (2, 3), 8),
    ("ilnd", "ilnd", (1,), 8), ("paed", "paed", (2, 5), 6), ("cod", "ecf", (1,), 5),
    ("flsd", "ecf", (0, 1, 9), 5), ("mdd", "ecf", (1, 8), 4), ("txsd", "ecf", (4,), 4),
    ("vaed", "ecf", (1, 3), 4), ("wawd", "cand", (2,), 3), ("ctd", "ecf", (3,), 3),
    ("nyed", "ecf", (2,), 4), ("cacd", "cacd", (2, 8), 5), ("casd", "cand", (3,), 3),
    ("caed", "cand", (2,), 2), ("mied", "ecf", (2,), 3), ("ohsd", "ecf", (2,), 2),
    ("ord", "cand", (3,), 2), ("dcd", "ecf", (1,), 2), ("mad", "ecf", (1,), 2),
    ("azd", "ecf", (2,), 1), ("flmd", "ecf", (6, 8), 2), ("gand", "ecf", (1,), 1), ("txnd", "ecf", (3,), 1),
)
STYLES = ("cand", "cacd", "nysd", "ecf", "ilnd", "paed", "short")
_STYLE = {s: i for i, s in enumerate(STYLES)}
# A share of generic CM/ECF dockets come as PACER history reports (short descriptions only).
SHORT_SHARE = 0.12

FIRST_NAMES = ("Avery", "Jordan", "Casey", "Morgan", "Riley", "Quinn", "Harper", "Rowan", "Emerson", "Sage",
               "Reese", "Dana", "Jamie", "Robin", "Leslie", "Kendall", "Blair", "Drew", "Hayden", "Parker",
               "Taylor", "Cameron", "Logan", "Skyler")
SURNAMES = ("Hale", "Moreno", "Okafor", "Lindqvist", "Brandt", "Castellano", "Whitcombe", "Nakamura",
            "Iverson", "Delacroix", "Abernathy", "Fairbanks", "Kowalczyk", "Mbeki", "Ostrander", "Pellegrini",
            "Quintero", "Rasmussen", "Saltonstall", "Thibodeaux", "Underwood", "Vasquez", "Wexler", "Yamamoto")
PLAINTIFF_KINDS = ("Films", "Pictures", "Media", "Productions", "Holdings", "Entertainment", "Studios")
FIRM_KINDS = ("Law Group", "Legal PLLC", "Law Firm", "Copyright Counsel LLP")
ISPS = tuple(f"SYNTHETIC {kind} {i}" for i, kind in enumerate(("Cable", "Broadband", "Fiber", "Online", "Wireless"), 1))
DOC_NETS = ("192.0.2", "198.51.100", "203.0.113")


# --- entry kinds: what each generated docket entry is, and the label a reader would give it -------
KINDS: tuple[tuple[str, str], ...] = (
    ("complaint", "complaint"),
    ("opening", "other"),
    ("summons_does", "summons_issued"),
    ("consent", "consent_or_reassignment"),
    ("reassign", "consent_or_reassignment"),
    ("appear_pl", "appearance"),
    ("disc_motion", "discovery_motion"),
    ("disc_support", "other"),
    ("disc_granted", "discovery_granted"),
    ("disc_partial", "discovery_granted_in_part;severance"),
    ("disc_denied", "discovery_denied"),
    ("disc_denied_sever", "discovery_denied;severance"),
    ("cert_service", "other"),
    ("subpoena", "subpoena"),
    ("protective", "other"),
    ("quash_motion", "quash_motion"),
    ("doe_appear", "appearance"),
    ("quash_denied", "quash_denied"),
    ("quash_granted", "quash_granted"),
    ("quash_moot", "other"),
    ("vd_doe", "voluntary_dismissal"),
    ("settle_doe", "settlement"),
    ("ext_motion", "other"),
    ("ext_order", "other"),
    ("status", "other"),
    ("osc_service", "show_cause"),
    ("dismiss_fts", "dismissal_failure_to_serve"),
    ("vd_all", "voluntary_dismissal"),
    ("sever_order", "severance"),
    ("dismiss_prosecute", "dismissal_other"),
    ("amended", "amended_complaint"),
    ("summons_named", "summons_issued"),
    ("served", "service_executed"),
    ("default", "default"),
    ("dj_motion", "default"),
    ("default_judgment", "default;judgment"),
    ("stip_settle", "voluntary_dismissal;settlement"),
)
KIND = {name: i for i, (name, _) in enumerate(KINDS)}
EXPECTED_LABELS = {name: tuple(labels.split(";")) for name, labels in KINDS}
