"""Synthetic mass-Doe dockets for benchmarks: `doedocket synth dockets --cases N --seed S --out DIR`.

Writes deterministic, clearly labelled synthetic cases in the staging format, as Parquet part files
per table (``DIR/<table>/part-00000.parquet`` …, one part per chunk of cases) plus
``DIR/manifest.json``. Nothing here is a real case: every case has ``source = 'synthetic'`` and the
flag ``synthetic``, every plaintiff is "SYNTHETIC <Kind> NNN, LLC", every firm "SYNTHETIC Law Group
NN", every judge and attorney a "Synthetic-" surname, every ISP "SYNTHETIC Cable N", and IP
addresses come from the documentation ranges.

The shape follows the real campaigns (data/curated): plaintiffs file many near-identical suits
through one firm in a few districts over a few years (a Zipf-like spread: a few plaintiffs file most
suits); a suit names one Doe or a range of Does (2 to several thousand); its docket runs complaint →
early-discovery motion → ruling (granted, granted for Doe 1 with Does 2-N severed, denied, or none)
→ subpoenas, motions to quash and rulings on them, Doe-by-Doe voluntary dismissals → an ending
(voluntary dismissal, severance, dismissal for failure to serve after an order to show cause, a
named defendant served and defaulted or settled, or still open), written in the docket-text styles
of several courts (N.D. Cal., C.D. Cal., S.D.N.Y., N.D. Ill., E.D. Pa., generic CM/ECF, and the
short descriptions of PACER history reports).

Generation is vectorised (numpy and Polars, no Python loop per entry) and streamed: each chunk of
cases is drawn from its own random stream, written and dropped, so memory does not grow with N.
`read_parts` streams a generated directory back as staging frames and `ingest` loads it
(`doedocket ingest synthetic DIR`).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.errors import SourceError
from pipelines.names import plaintiff_key
from pipelines.normalize import does_in_caption, parse_docket_number
from pipelines.privacy import pseudonymise_ips
from pipelines.staging import Staging, conform

SOURCE = "synthetic"
FLAG = "synthetic"
TABLES = ("cases", "parties", "attorneys", "docket_entries")
CHUNK_CASES = 20_000
# Entries in one batch of `doedocket ingest synthetic` (parts are merged up to this size):
# bounds the Polars side of an ingest (about 0.5 GB a batch, two batches at a time) however large the
# generated directory, and is large enough that the classifier's cost per distinct text is spread thin.
LOAD_ENTRIES = 1_000_000
MANIFEST = "manifest.json"
GENERATOR = "doedocket synth dockets v1"
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

_CAND_STAFF = "({clerk}, COURT STAFF) (Filed on {date})"
_FILED = "({atty}) (Filed on {date})"
_ENT = "(Entered: {ent})"

# Templates per kind and style ("*" = every style without its own). Placeholders: {pl} {PL} plaintiff
# (as printed / upper case), {atty} filer "(Surname, First)", {atty_full}, {ATTY}, {jt} ruling judge
# with title, {judge} {JUDGE} ruling judge's name, {mj} referred magistrate judge, {clerk}, {date}
# (m/d/yyyy), {d2} (m/d/yy), {ent} (mm/dd/yyyy), {ref} entry number decided, {doe} a Doe number,
# {n} Does sued, {dft} {DFT} the Doe defendant(s) as captioned, {isp}
# {ISP}, {rcpt} receipt number, {named} a named defendant, {amt} damages, {dc} {dc_full} Doe's counsel.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "complaint": {
        "cand": ("COMPLAINT against {dft} ( Filing fee $ 350, receipt number {rcpt}.). Filed by {pl}. "
                 "(Attachments: # 1 Exhibit A, # 2 Civil Cover Sheet)" + _FILED,),
        "cacd": ("COMPLAINT against Defendants {dft}. Case assigned to Judge {judge} and referred to Discovery "
                 "Magistrate Judge {mj}.(Filing fee $ 350 PAID.) Jury Demanded, filed by plaintiff {pl}."
                 "(Attachments: # 1 Exhibit A) ({clerk}) " + _ENT,),
        "nysd": ("COMPLAINT against {dft}. (Filing Fee $ 400.00, Receipt Number {rcpt})Document filed by {pl}. "
                 "(Attachments: # 1 Exhibit A)({atty})",),
        "ecf": ("COMPLAINT against {dft} ( Filing and Admin fee $ 400 receipt number {rcpt}), filed by {pl}. "
                "(Attachments: # 1 Exhibit A, # 2 Civil Cover Sheet)({atty}) " + _ENT,
                "COMPLAINT against {dft}, filed by {pl}. (Attachments: # 1 Exhibit A, # 2 Civil Cover Sheet) "
                "({atty}) " + _ENT),
        "ilnd": ("COMPLAINT filed by {pl}; Jury Demand. Filing fee $ 350, receipt number {rcpt}."
                 "(Attachments: # 1 Exhibit A, # 2 Civil Cover Sheet)({atty}) " + _ENT,),
        "paed": ("COMPLAINT AGAINST {DFT} ( FILING FEE $ 350 RECEIPT NUMBER {rcpt}.), FILED BY {PL}. "
                 "(ATTACHMENTS: # 1 EXHIBIT, # 2 CIVIL COVER SHEET)({ATTY}) " + _ENT,),
        "short": ("Complaint",),
    },
    "opening": {
        "cand": ("Certificate of Interested Entities by {pl} " + _FILED,
                 "Report on the filing of an action regarding Copyright (cc: form mailed to register). " + _CAND_STAFF,
                 "CASE MANAGEMENT SCHEDULING ORDER: Case Management Statement due by {date}. Initial Case "
                 "Management Conference set for {date} 01:30 PM. " + _CAND_STAFF),
        "cacd": ("CERTIFICATION AND NOTICE of Interested Parties filed by plaintiff {pl}. ({atty}) " + _ENT,
                 "NOTICE TO PARTIES OF COURT-DIRECTED ADR PROGRAM filed. ({clerk}) " + _ENT),
        "nysd": ("RULE 7.1 CORPORATE DISCLOSURE STATEMENT. No Corporate Parent. Document filed by {pl}.({atty})",
                 "AO 121 FORM COPYRIGHT - CASE OPENING - SUBMITTED. Document filed by {pl}.({atty})",
                 "CIVIL COVER SHEET filed. ({clerk})"),
        "ecf": ("Corporate Disclosure Statement by {pl}. ({atty}) " + _ENT,
                "AO 121 Form Report on the Filing of an Action Regarding a Copyright sent to the Register of "
                "Copyrights. ({clerk}, ) " + _ENT,
                "NOTICE of Related Cases by {pl} ({atty}) " + _ENT),
        "ilnd": ("CIVIL Cover Sheet ({atty}) " + _ENT,
                 "NOTIFICATION of Affiliates pursuant to Local Rule 3.2 by {pl} ({atty}) " + _ENT),
        "paed": ("DISCLOSURE STATEMENT FORM PURSUANT TO FRCP 7.1 BY {PL}. ({ATTY}) " + _ENT,
                 "AO 121 COPYRIGHT FORM SENT TO REGISTER. ({clerk}, ) " + _ENT),
        "short": ("Civil Cover Sheet", "Corporate Disclosure Statement", "AO121 Copyright Form"),
    },
    "summons_does": {
        "*": ("20 DAY Summons Issued re Complaint 1 as to Defendant {dft}. ({clerk}) " + _ENT,),
    },
    "consent": {
        "cand": ("CONSENT/DECLINATION to Proceed Before a US Magistrate Judge by {pl}.. " + _FILED,),
        "*": ("CONSENT to Jurisdiction by US Magistrate Judge by {pl}. ({atty}) " + _ENT,),
        "short": ("Consent to Jurisdiction by US Magistrate Judge",),
    },
    "reassign": {
        "cand": ("ORDER REASSIGNING CASE. Case reassigned to Judge Hon. {judge} for all further proceedings. "
                 "Signed by Executive Committee on {date}. " + _CAND_STAFF,),
        "nysd": ("NOTICE OF CASE REASSIGNMENT to Judge {judge}. ({clerk})",),
        "ilnd": ("EXECUTIVE COMMITTEE ORDER: Case reassigned to the Honorable {judge} for all further "
                 "proceedings. Signed by Executive Committee on {date}. ({clerk}, ) " + _ENT,),
        "*": ("ORDER REASSIGNING CASE. Case reassigned to Judge {judge} for all further proceedings. "
              "({clerk}, ) " + _ENT,),
    },
    "appear_pl": {
        "cand": ("NOTICE of Appearance by {atty_full} " + _FILED,),
        "nysd": ("NOTICE OF APPEARANCE by {atty_full} on behalf of {pl}. ({atty})",),
        "ilnd": ("ATTORNEY Appearance for Plaintiff {pl} by {atty_full} ({atty}) " + _ENT,),
        "paed": ("NOTICE OF APPEARANCE BY {ATTY_FULL} ON BEHALF OF {PL} ({ATTY}) " + _ENT,),
        "short": ("Notice of Appearance",),
        "*": ("NOTICE of Appearance by {atty_full} on behalf of {pl} ({atty}) " + _ENT,),
    },
    "disc_motion": {
        "cand": ("EX PARTE APPLICATION for Leave to Take Expedited Discovery filed by {pl}. (Attachments: "
                 "# 1 Declaration, # 2 Proposed Order)" + _FILED,
                 "Ex Parte Application For Leave to Take Early Discovery filed by {pl}. " + _FILED),
        "cacd": ("EX PARTE APPLICATION for Leave to Take Discovery Prior to Rule 26(f) Conference filed by "
                 "plaintiff {pl}. (Attachments: # 1 Memorandum, # 2 Declaration, # 3 Proposed Order) ({atty}) " + _ENT,),
        "nysd": ("LETTER MOTION for Discovery Leave to Serve a Third Party Subpoena Prior to a Rule 26(f) "
                 "Conference addressed to Judge {judge} from {atty_full} dated {date}. Document filed by {pl}.({atty})",
                 "MOTION for Discovery for Leave to Serve a Third Party Subpoena Prior to a Rule 26(f) Conference. "
                 "Document filed by {pl}.({atty})"),
        "ecf": ("MOTION for Leave to Serve Third Party Subpoena Prior to a Rule 26(f) Conference by {pl}. "
                "(Attachments: # 1 Brief, # 2 Declaration, # 3 Text of Proposed Order)({atty}) " + _ENT,
                "MOTION for Leave to Serve Third Party Subpoenas Prior to Rule 26(f) Conference by Plaintiff {pl}. "
                "(Attachments: # 1 Proposed Order)({atty}) " + _ENT),
        "ilnd": ("MOTION by Plaintiff {pl} for leave to take discovery prior to Rule 26(f) conference "
                 "(Attachments: # 1 Memorandum, # 2 Exhibit) ({atty}) " + _ENT,),
        "paed": ("MOTION FOR LEAVE TO SERVE THIRD PARTY SUBPOENAS PRIOR TO A RULE 26(F) CONFERENCE FILED BY "
                 "{PL}.MEMORANDUM, DECLARATION. ({ATTY}) " + _ENT,),
        "short": ("Motion for Miscellaneous Relief",),
    },
    "disc_support": {
        "nysd": ("MEMORANDUM OF LAW in Support re: [{ref}] MOTION for Discovery for Leave to Serve a Third Party "
                 "Subpoena Prior to a Rule 26(f) Conference. . Document filed by {pl}. (Attachments: # 1 Exhibit A, "
                 "# 2 Exhibit B)({atty})",),
        "cand": ("DECLARATION of {atty_full} in Support of {ref} filed by {pl}. (Related document(s) {ref}) " + _FILED,),
        "short": ("Declaration in Support",),
        "*": ("DECLARATION of {atty_full} re {ref} by {pl} ({atty}) " + _ENT,),
    },
    "disc_granted": {
        "cand": ("ORDER by {jt} granting {ref} Ex Parte Application for Leave to Take Expedited Discovery " + _CAND_STAFF,
                 "ORDER by {jt} granting {ref} Ex Parte Application for Leave to Serve Subpoenas on Internet "
                 "Service Providers " + _CAND_STAFF),
        "cacd": ("ORDER GRANTING PLAINTIFF'S EX PARTE APPLICATION FOR LEAVE TO TAKE DISCOVERY PRIOR TO RULE "
                 "26(f) CONFERENCE {ref} by {jt}. ({clerk}) " + _ENT,),
        "nysd": ("ORDER granting [{ref}] Letter Motion for Discovery. Plaintiff may immediately serve a Rule 45 "
                 "subpoena on {isp} to obtain information to identify the Doe defendants. SO ORDERED. "
                 "(Signed by {jt} on {date}) ({clerk})",),
        "ecf": ("ORDER granting {ref} Motion for Leave to Serve Third Party Subpoena Prior to a Rule 26(f) "
                "Conference. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff's motion for leave to take discovery prior "
                 "to Rule 26(f) conference [{ref}] is granted. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT PLAINTIFF'S MOTION FOR LEAVE TO SERVE THIRD PARTY SUBPOENAS PRIOR TO A RULE 26(F) "
                 "CONFERENCE (DOC. NO. {ref}) IS GRANTED. SIGNED BY HONORABLE {JUDGE} ON {d2}. {d2} ENTERED AND "
                 "COPIES E-MAILED.({clerk}, ) " + _ENT,),
        "short": ("Order on Motion for Miscellaneous Relief",),
    },
    "disc_partial": {
        "cand": ("ORDER by {jt} granting {ref} Ex Parte Application for Leave to Take Early Discovery as to Doe 1 "
                 "only; severing and dismissing Does 2-{n} without prejudice. " + _CAND_STAFF,
                 "ORDER GRANTING IN PART AND DENYING IN PART {ref} EX PARTE APPLICATION FOR LEAVE TO TAKE EXPEDITED "
                 "DISCOVERY; SEVERING DOES 2-{n}. Signed by {jt} on {date}. " + _CAND_STAFF),
        "nysd": ("ORDER granting in part and denying in part [{ref}] Motion for Discovery. Plaintiff may serve a "
                 "subpoena as to John Doe 1 only; John Does 2-{n} are severed and dismissed without prejudice. "
                 "SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff's motion for leave to take discovery [{ref}] "
                 "is granted as to Doe 1 only. Does 2-{n} are severed and dismissed for misjoinder. Mailed notice "
                 "({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT PLAINTIFF'S MOTION (DOC. NO. {ref}) IS GRANTED AS TO JOHN DOE 1 ONLY AND JOHN DOES "
                 "2-{n} ARE SEVERED FROM THIS ACTION AND DISMISSED WITHOUT PREJUDICE. SIGNED BY HONORABLE {JUDGE} "
                 "ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order on Motion for Miscellaneous Relief",),
        "*": ("ORDER: Plaintiff's motion for expedited discovery {ref} is granted as to John Doe 1 only. John Does "
              "2-{n} are severed and dismissed without prejudice. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "disc_denied": {
        "cand": ("ORDER by {jt} denying {ref} Ex Parte Application for Leave to Take Early Discovery without "
                 "prejudice. " + _CAND_STAFF,),
        "nysd": ("ORDER denying [{ref}] Letter Motion for Discovery. SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff's ex parte motion for expedited discovery "
                 "[{ref}] is denied. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT PLAINTIFF'S MOTION FOR LEAVE TO SERVE THIRD PARTY SUBPOENAS (DOC. NO. {ref}) IS "
                 "DENIED WITHOUT PREJUDICE. SIGNED BY HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order on Motion for Miscellaneous Relief",),
        "*": ("LETTER ORDER denying {ref} Motion for Leave to Serve Third Party Subpoena without prejudice. "
              "Signed by {jt} on {date}. ({clerk}) " + _ENT,),
    },
    "disc_denied_sever": {
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff's ex parte motion for expedited discovery "
                 "[{ref}] is denied. Does 2-{n} are dismissed for misjoinder. Mailed notice ({clerk}, ) " + _ENT,),
        "cand": ("ORDER by {jt} denying {ref} Ex Parte Application for Leave to Take Early Discovery and severing "
                 "Does 2-{n}. " + _CAND_STAFF,),
        "short": ("Order on Motion for Miscellaneous Relief",),
        "*": ("ORDER denying {ref} Motion for Leave to Serve Third Party Subpoena; Does 2-{n} are severed and "
              "dismissed without prejudice for misjoinder. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "cert_service": {
        "cand": ("CERTIFICATE OF SERVICE by {pl} re {ref} Order on Ex Parte Application " + _FILED,),
        "nysd": ("CERTIFICATE OF SERVICE of Order on Motion for Discovery served on {isp} on {date}. Service was "
                 "made by Mail. Document filed by {pl}.({atty})",),
        "short": ("Certificate of Service",),
        "*": ("CERTIFICATE OF SERVICE by {pl} re {ref} Order ({atty}) " + _ENT,),
    },
    "subpoena": {
        "cand": ("NOTICE OF SERVICE OF SUBPOENA on {isp} by {pl} " + _FILED,),
        "cacd": ("PROOF OF SERVICE of Rule 45 Subpoena upon {isp} filed by Plaintiff {pl}. ({atty}) " + _ENT,),
        "nysd": ("NOTICE of Compliance with Subpoena by {isp}. ({clerk})",),
        "ilnd": ("NOTICE by {pl} of Issuance of Subpoenas to Internet Service Providers ({atty}) " + _ENT,),
        "paed": ("RETURN OF SERVICE OF SUBPOENA EXECUTED UPON {ISP} ON {d2} BY {PL}. ({clerk}, ) " + _ENT,),
        "short": ("Certificate of Service of Subpoena",),
        "*": ("Subpoena issued to {isp} by {pl}. ({atty}) " + _ENT,),
    },
    "protective": {
        "nysd": ("PROTECTIVE ORDER: The ISP shall have 30 days from service of the subpoena to notify the "
                 "subscriber, who may move to quash. SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "short": ("Protective Order",),
        "*": ("PROTECTIVE ORDER: The ISP shall have 30 days from service of the subpoena to notify the "
              "subscriber, who may move to quash. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "quash_motion": {
        "cand": ("MOTION to Quash Subpoena filed by Doe {doe}. " + _CAND_STAFF,
                 "Letter from John Doe objecting to subpoena issued to {isp}. " + _CAND_STAFF),
        "cacd": ("NOTICE OF MOTION AND MOTION to Quash Subpoena issued to {isp} filed by Defendant John Doe. "
                 "Motion set for hearing on {date} at 10:00 AM before {jt}. ({clerk}) " + _ENT,),
        "nysd": ("MOTION to Quash Subpoena. Document filed by John Doe.({clerk})",),
        "ilnd": ("MOTION by Doe {doe} to quash subpoena ({clerk}, ) " + _ENT,),
        "paed": ("MOTION TO QUASH SUBPOENA ISSUED TO {ISP} FILED BY JOHN DOE {doe}. ({clerk}, ) " + _ENT,),
        "short": ("Motion to Quash",),
        "*": ("MOTION to Quash Subpoena by JOHN DOE. (Attachments: # 1 Certification, # 2 Text of Proposed "
              "Order) " + _ENT,
              "MOTION to Quash Subpoena by Defendant John Doe {doe}. (Attachments: # 1 Exhibit) ({clerk}, ) " + _ENT),
    },
    "doe_appear": {
        "ilnd": ("ATTORNEY Appearance for Defendant Doe {doe} by {dc_full} ({dc}) " + _ENT,),
        "cand": ("NOTICE of Appearance by {dc_full} on behalf of Doe {doe} ({dc}) (Filed on {date})",),
        "nysd": ("NOTICE OF APPEARANCE by {dc_full} on behalf of John Doe. ({dc})",),
        "short": ("Notice of Appearance",),
        "*": ("NOTICE of Appearance by {dc_full} on behalf of John Doe {doe} ({dc}) " + _ENT,),
    },
    "quash_denied": {
        "cand": ("ORDER by {jt} denying {ref} Motion to Quash " + _CAND_STAFF,),
        "cacd": ("MINUTES (IN CHAMBERS) by {jt}: The Court DENIES Defendant Doe's Motion to Quash Subpoena {ref} . "
                 "({clerk}) " + _ENT,),
        "nysd": ("ORDER denying [{ref}] Motion to Quash. SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Doe's motion to quash [{ref}] is denied. Mailed notice "
                 "({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT THE MOTION TO QUASH OF JOHN DOE {doe} (DOC. NO. {ref}) IS DENIED. SIGNED BY HONORABLE "
                 "{JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order on Motion to Quash",),
        "*": ("ORDER denying {ref} Motion to Quash. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "quash_granted": {
        "cand": ("ORDER by {jt} granting {ref} Motion to Quash " + _CAND_STAFF,),
        "nysd": ("ORDER granting [{ref}] Motion to Quash. The subpoena issued to {isp} is quashed. SO ORDERED. "
                 "(Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Doe's motion to quash subpoena [{ref}] is granted. The "
                 "subpoena issued to {isp} is quashed. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT THE MOTION TO QUASH OF JOHN DOE {doe} (DOC. NO. {ref}) IS GRANTED. SIGNED BY "
                 "HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order on Motion to Quash",),
        "*": ("ORDER granting {ref} Motion to Quash. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "quash_moot": {
        "nysd": ("ORDER denying as moot [{ref}] Motion to Quash. SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "short": ("Order on Motion to Quash",),
        "*": ("ORDER denying as moot {ref} Motion to Quash. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "vd_doe": {
        "cand": ("NOTICE of Voluntary Dismissal as to Doe {doe} without prejudice by {pl} " + _FILED,
                 "NOTICE of Voluntary Dismissal with prejudice as to Doe {doe} by {pl} " + _FILED),
        "nysd": ("NOTICE OF VOLUNTARY DISMISSAL as to John Doe {doe} pursuant to F.R.C.P. Rule 41(a)(1)(A)(i) "
                 "Document filed by {pl}.({atty})",),
        "ilnd": ("NOTICE by {pl} of Voluntary Dismissal as to Doe {doe} ({atty}) " + _ENT,),
        "paed": ("NOTICE OF VOLUNTARY DISMISSAL AS TO JOHN DOE {doe} BY {PL} ({ATTY}) " + _ENT,),
        "short": ("Notice of Voluntary Dismissal",),
        "*": ("NOTICE of Voluntary Dismissal of John Doe {doe} with prejudice by {pl} ({atty}) " + _ENT,
              "NOTICE of Dismissal of Party Doe {doe} With Prejudice by Plaintiff {pl} ({atty}) " + _ENT),
    },
    "settle_doe": {
        "cand": ("NOTICE OF SETTLEMENT by {pl} as to Doe {doe} " + _FILED,),
        "short": ("Notice of Settlement",),
        "*": ("NOTICE of Settlement as to John Doe {doe} by {pl} ({atty}) " + _ENT,),
    },
    "ext_motion": {
        "cand": ("MOTION for Extension of Time to Complete Service filed by {pl}. " + _FILED,),
        "nysd": ("LETTER MOTION for Extension of Time to serve the defendants addressed to Judge {judge} from "
                 "{atty_full}. Document filed by {pl}.({atty})",),
        "ilnd": ("MOTION by Plaintiff {pl} for extension of time to effectuate service ({atty}) " + _ENT,),
        "paed": ("MOTION FOR EXTENSION OF TIME TO EFFECT SERVICE FILED BY {PL}. ({ATTY}) " + _ENT,),
        "short": ("Motion for Extension of Time",),
        "*": ("MOTION for Extension of Time to Serve Defendants by {pl}. ({atty}) " + _ENT,),
    },
    "ext_order": {
        "cand": ("ORDER by {jt} granting {ref} Motion for Extension of Time to Complete Service " + _CAND_STAFF,),
        "nysd": ("ORDER granting [{ref}] Letter Motion for Extension of Time to serve. SO ORDERED. (Signed by {jt} "
                 "on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff's motion for extension of time to serve "
                 "[{ref}] is granted. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT PLAINTIFF'S MOTION TO EXTEND THE TIME FOR SERVICE (DOC. NO. {ref}) IS GRANTED. SIGNED "
                 "BY HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order on Motion for Extension of Time",),
        "*": ("ORDER granting {ref} Motion for Extension of Time. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "status": {
        "cand": ("STATUS REPORT by {pl} " + _FILED,
                 "CLERK'S NOTICE Re: Consent or Declination: Plaintiff shall file a consent or declination to "
                 "proceed before a magistrate judge. " + _CAND_STAFF,
                 "CLERK'S NOTICE CONTINUING CASE MANAGEMENT CONFERENCE. Case Management Conference set for "
                 "{date} 10:00 AM. " + _CAND_STAFF,
                 "Case Management Statement filed by {pl}. " + _FILED,
                 "NOTICE of Change of Address by {atty_full} " + _FILED),
        "nysd": ("ORDER: The initial pretrial conference is adjourned to {date}. SO ORDERED. (Signed by {jt} on "
                 "{date}) ({clerk})",
                 "STATUS REPORT. Document filed by {pl}.({atty})"),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Status hearing held. Status hearing set for {date} at "
                 "9:00 AM. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT A STATUS CONFERENCE WILL BE HELD ON {d2}. SIGNED BY HONORABLE {JUDGE} ON {d2}. "
                 "({clerk}, ) " + _ENT,),
        "short": ("Status Report", "Scheduling Order", "Set/Reset Deadlines", "Letter", "Transcript"),
        "*": ("STATUS REPORT by {pl} ({atty}) " + _ENT,
              "SCHEDULING ORDER: Discovery due by {date}. Joint pretrial order due by {date}. Signed by {jt} on "
              "{date}. ({clerk}, ) " + _ENT,
              "LETTER by {pl} regarding the status of subpoena returns ({atty}) " + _ENT,
              "NOTICE of Change of Address by {atty_full} ({atty}) " + _ENT,
              "Set Deadlines/Hearings: Status Conference set for {date} 10:00 AM before {jt}. ({clerk}, ) " + _ENT),
    },
    "osc_service": {
        "cand": ("ORDER TO SHOW CAUSE RE: SERVICE OF PROCESS. Plaintiff shall show cause why this action should "
                 "not be dismissed for failure to serve the Doe Defendants within 120 days as required by Rule "
                 "4(m). Signed by {jt} on {date}. " + _CAND_STAFF,),
        "nysd": ("ORDER TO SHOW CAUSE: Plaintiff is ORDERED to show cause why this case should not be dismissed "
                 "for failure to serve under Rule 4(m). SO ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Plaintiff is ordered to show cause why this case "
                 "should not be dismissed for want of service under Rule 4(m). Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT PLAINTIFF SHALL SHOW CAUSE WHY THIS CASE SHOULD NOT BE DISMISSED FOR FAILURE TO "
                 "EFFECT SERVICE. SIGNED BY HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order to Show Cause",),
        "*": ("ORDER TO SHOW CAUSE why this action should not be dismissed for failure to effectuate timely "
              "service. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "dismiss_fts": {
        "cand": ("ORDER DISMISSING CASE. Signed by {jt} on {date}. " + _CAND_STAFF,
                 "ORDER DISMISSING CASE FOR FAILURE TO SERVE PURSUANT TO FED. R. CIV. P. 4(m). Signed by {jt} on "
                 "{date}. " + _CAND_STAFF),
        "nysd": ("ORDER OF DISMISSAL: The Court having ordered plaintiff to show cause why the case should not be "
                 "dismissed for failure to serve, and no response having been filed, this action is DISMISSED "
                 "without prejudice pursuant to Fed. R. Civ. P. 4(m). (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Pursuant to Rule 4(m), the case is dismissed without "
                 "prejudice for want of service. Civil case terminated. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT THIS CASE IS DISMISSED AS TO ALL REMAINING DEFENDANTS FOR FAILURE TO EFFECT SERVICE "
                 "WITHIN 120 DAYS. SIGNED BY HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "short": ("Order Dismissing Case",),
        "*": ("ORDER DISMISSING CASE for failure to serve pursuant to Rule 4(m). Signed by {jt} on {date}. "
              "({clerk}, ) " + _ENT,),
    },
    "vd_all": {
        "cand": ("NOTICE of Voluntary Dismissal of Entire Action without prejudice by {pl} " + _FILED,),
        "cacd": ("NOTICE OF VOLUNTARY DISMISSAL of Entire Action Without Prejudice Pursuant to Fed. R. Civ. P. "
                 "41(a)(1)(A)(i) filed by plaintiff {pl}. ({atty}) " + _ENT,),
        "nysd": ("NOTICE OF VOLUNTARY DISMISSAL pursuant to F.R.C.P. Rule 41(a)(1)(A)(i) Document filed by {pl}. "
                 "({atty})",),
        "ilnd": ("NOTICE by {pl} of Voluntary Dismissal ({atty}) " + _ENT,
                 "MINUTE entry before the Honorable {judge}: Pursuant to plaintiff's notice of dismissal, Does "
                 "1-{n} are dismissed without prejudice. Civil case terminated. Mailed notice ({clerk}, ) " + _ENT),
        "paed": ("NOTICE OF VOLUNTARY DISMISSAL WITHOUT PREJUDICE BY {PL} ({ATTY}) " + _ENT,),
        "short": ("Notice of Voluntary Dismissal",),
        "*": ("NOTICE of Voluntary Dismissal by {pl} ({atty}) " + _ENT,),
    },
    "sever_order": {
        "cand": ("ORDER SEVERING DOES 2-{n} AND DISMISSING THEM WITHOUT PREJUDICE. Signed by {jt} on {date}. "
                 + _CAND_STAFF,),
        "nysd": ("ORDER: John Does 2-{n} are severed from this action and dismissed without prejudice. SO "
                 "ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "ilnd": ("MINUTE entry before the Honorable {judge}: Does 2-{n} are severed and dismissed without "
                 "prejudice for misjoinder. Mailed notice ({clerk}, ) " + _ENT,),
        "paed": ("ORDER THAT JOHN DOES 2-{n} ARE SEVERED FROM THIS ACTION AND DISMISSED WITHOUT PREJUDICE. "
                 "SIGNED BY HONORABLE {JUDGE} ON {d2}. ({clerk}, ) " + _ENT,),
        "*": ("ORDER SEVERING DOES 2-{n}: All defendants except Doe 1 are SEVERED from this action. Signed by "
              "{jt} on {date}. ({clerk}) " + _ENT,),
    },
    "dismiss_prosecute": {
        "cacd": ("ORDER DISMISSING CASE WITHOUT PREJUDICE FOR FAILURE TO PROSECUTE by {jt}. ({clerk}) " + _ENT,),
        "nysd": ("ORDER OF DISMISSAL: This action is dismissed without prejudice for failure to prosecute. SO "
                 "ORDERED. (Signed by {jt} on {date}) ({clerk})",),
        "short": ("Order of Dismissal for Failure to Prosecute",),
        "*": ("ORDER OF DISMISSAL for failure to prosecute. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "amended": {
        "cand": ("AMENDED COMPLAINT against {named}. Filed by {pl}. " + _FILED,),
        "nysd": ("AMENDED COMPLAINT amending [1] Complaint against {named} with JURY DEMAND.Document filed by {pl}. "
                 "Related document: [1] Complaint.({atty})",),
        "paed": ("AMENDED COMPLAINT AGAINST {NAMED}, FILED BY {PL}. ({ATTY}) " + _ENT,),
        "short": ("Amended Complaint",),
        "*": ("AMENDED COMPLAINT against {named}, filed by {pl}. ({atty}) " + _ENT,),
    },
    "summons_named": {
        "cand": ("Summons Issued as to {named}. " + _CAND_STAFF,),
        "nysd": ("ELECTRONIC SUMMONS ISSUED as to {named}. ({clerk})",),
        "short": ("Summons Issued",),
        "*": ("SUMMONS Issued as to {named}. ({clerk}, ) " + _ENT,),
    },
    "served": {
        "cand": ("SUMMONS Returned Executed by {pl}. {named} served on {date}, answer due {date}. " + _FILED,),
        "nysd": ("AFFIDAVIT OF SERVICE of Summons and Amended Complaint. {named} served on {date}, answer due "
                 "{date}. Document filed by {pl}. ({atty})",),
        "short": ("Summons Returned Executed",),
        "*": ("SUMMONS Returned Executed by {pl}. {named} served on {date}, answer due {date}. ({atty}) " + _ENT,),
    },
    "default": {
        "cand": ("CLERK'S NOTICE OF ENTRY OF DEFAULT as to {named}. " + _CAND_STAFF,),
        "nysd": ("CLERK'S CERTIFICATE OF DEFAULT as to {named}. ({clerk})",),
        "short": ("Clerk's Entry of Default",),
        "*": ("CLERK'S ENTRY OF DEFAULT as to {named} for failure to plead or otherwise defend. ({clerk}, ) " + _ENT,),
    },
    "dj_motion": {
        "cand": ("MOTION for Default Judgment as to {named} filed by {pl}. " + _FILED,),
        "nysd": ("MOTION for Default Judgment as to {named}. Document filed by {pl}.({atty})",),
        "short": ("Motion for Default Judgment",),
        "*": ("MOTION for Default Judgment as to {named} by {pl}. ({atty}) " + _ENT,),
    },
    "default_judgment": {
        "nysd": ("DEFAULT JUDGMENT: Ordered, adjudged and decreed that plaintiff have judgment against defendant "
                 "{named} in the amount of ${amt} in statutory damages. (Signed by {jt} on {date}) ({clerk})",),
        "cand": ("ORDER by {jt} granting {ref} Motion for Default Judgment; judgment entered against {named} in the "
                 "amount of ${amt}. " + _CAND_STAFF,),
        "short": ("Default Judgment",),
        "*": ("ORDER granting {ref} Motion for Default Judgment; judgment entered in favor of plaintiff in the "
              "amount of ${amt}. Signed by {jt} on {date}. ({clerk}, ) " + _ENT,),
    },
    "stip_settle": {
        "nysd": ("STIPULATION AND ORDER OF DISMISSAL WITH PREJUDICE: The parties having reached a settlement, IT "
                 "IS HEREBY STIPULATED that this action is dismissed with prejudice, each party to bear its own "
                 "costs. (Signed by {jt} on {date}) ({clerk})",),
        "short": ("Stipulation of Dismissal",),
        "*": ("STIPULATION of Dismissal with prejudice, the parties having settled, by {pl} ({atty}) " + _ENT,),
    },
}
_FIELD = re.compile(r"\{([A-Za-z_0-9]+)\}")


_UPPER_FIELDS = ("PL", "ATTY", "ATTY_FULL", "JUDGE", "JT", "DFT", "ISP", "NAMED")


def _restyle(template: str, style: str) -> str:
    """A generic CM/ECF template in another court's style (stamps; E.D. Pa.'s capitals)."""
    if style == "cand":
        for stamp in ("({clerk}, ) " + _ENT, "({clerk}) " + _ENT):
            template = template.replace(stamp, _CAND_STAFF)
        return template.replace("({atty}) " + _ENT, _FILED)
    if style == "paed":
        upper = template.upper().replace("(ENTERED: ", "(Entered: ")
        return _FIELD.sub(lambda m: m.group(0) if m.group(1) in _UPPER_FIELDS else m.group(0).lower(), upper)
    return template


def _template_table() -> tuple[list[str], np.ndarray, np.ndarray]:
    """All templates in one list, with (offset, count) per (kind, style).

    A kind without templates of a style uses its generic ones ("*", else "ecf") restyled.
    """
    flat: list[str] = []
    offset = np.zeros((len(KINDS), len(STYLES)), dtype=np.int64)
    count = np.zeros_like(offset)
    for k, (kind, _) in enumerate(KINDS):
        variants = TEMPLATES[kind]
        for s, style in enumerate(STYLES):
            chosen = variants.get(style)
            if chosen is None:
                generic = variants.get("*") or variants["ecf"]
                chosen = tuple(_restyle(t, style) for t in generic)
            offset[k, s], count[k, s] = len(flat), len(chosen)
            flat.extend(chosen)
    return flat, offset, count


_FLAT, _OFFSET, _COUNT = _template_table()


# --- the world every chunk shares: courts, judges, plaintiffs, firms, attorneys ---------------------
@dataclass(frozen=True)
class World:
    """Who litigates where: fixed for (cases, seed), shared by every chunk."""

    judge_names: pl.Series           # every judge
    judge_titled: pl.Series          # "Judge …" / "Magistrate Judge …"
    judge_magistrate: np.ndarray     # bool
    court_judges: np.ndarray         # (courts x judges per court) judge indices
    court_mjs: np.ndarray            # (courts x magistrate judges per court) judge indices
    clerks: pl.Series                # clerk initials, 8 per court (court * 8 + i)
    court_offices: np.ndarray        # (courts x 6) office digits, cycled
    plaintiffs: pl.Series
    plaintiff_weight: np.ndarray     # float, sums to 1
    plaintiff_firm: np.ndarray       # int
    plaintiff_start: np.ndarray      # int, first day of the campaign (days since 1970)
    plaintiff_span: np.ndarray       # int, days the campaign lasts
    plaintiff_single: np.ndarray     # float, share of one-Doe suits
    plaintiff_court_cum: np.ndarray  # float (plaintiffs x courts), cumulative court choice per plaintiff
    firms: pl.Series
    firm_attorneys: np.ndarray       # (firms x 4) attorney indices
    attorney_names: pl.Series        # "First M. Synthetic-Surname"
    attorney_filer: pl.Series        # "Synthetic-Surname, First" (CM/ECF filer stamp)
    defence_names: pl.Series
    defence_filer: pl.Series


def _people(rng: np.random.Generator, count: int) -> tuple[pl.Series, pl.Series]:
    """`count` distinct synthetic people: full names and CM/ECF filer stamps."""
    letters = np.array(list("ABCDEFGHJKLMNPRSTW"))
    combos = len(FIRST_NAMES) * len(SURNAMES) * len(letters)
    if count > combos:
        raise ValueError(f"at most {combos} synthetic people")
    picks = rng.choice(combos, size=count, replace=False)
    first = np.array(FIRST_NAMES)[picks % len(FIRST_NAMES)]
    last = np.array(SURNAMES)[(picks // len(FIRST_NAMES)) % len(SURNAMES)]
    middle = letters[picks // (len(FIRST_NAMES) * len(SURNAMES))]
    full = pl.Series(first) + " " + pl.Series(middle) + ". Synthetic-" + pl.Series(last)
    filer = "Synthetic-" + pl.Series(last) + ", " + pl.Series(first)
    return full, filer


def world(cases: int, seed: int) -> World:
    """The courts, judges, plaintiffs, firms and attorneys of a run of `cases` suits."""
    rng = np.random.default_rng([seed, 0xD0C])
    n_courts = len(COURTS)
    per_court, mj_per_court = 7, 3
    people, filers = _people(rng, n_courts * (per_court + mj_per_court) + 400 + 60)
    n_judges = n_courts * (per_court + mj_per_court)
    judge_names = people[:n_judges]
    judge_titled = pl.select(
        pl.when(pl.Series(np.tile(np.r_[np.zeros(per_court, bool), np.ones(mj_per_court, bool)], n_courts)))
        .then("Magistrate Judge " + judge_names).otherwise("Judge " + judge_names)
    ).to_series()
    judge_magistrate = np.tile(np.r_[np.zeros(per_court, bool), np.ones(mj_per_court, bool)], n_courts)
    court_judges = np.arange(n_judges).reshape(n_courts, per_court + mj_per_court)
    court_mjs = court_judges[:, per_court:]
    alphabet = np.array(list("abcdefghijklmnoprstw"))
    clerks = pl.Series(
        ["".join(rng.choice(alphabet, size=int(rng.integers(2, 4)))) for _ in range(8 * n_courts)], dtype=pl.String
    )
    court_offices = np.array([[offices[i % len(offices)] for i in range(6)] for _, _, offices, _ in COURTS])

    n_plaintiffs = int(np.clip(cases // 2500, 8, 400))
    n_firms = max(3, n_plaintiffs // 8)
    kinds = np.array(PLAINTIFF_KINDS)[rng.integers(0, len(PLAINTIFF_KINDS), n_plaintiffs)]
    suffix = np.where(rng.random(n_plaintiffs) < 0.7, "LLC", "Inc.")
    plaintiffs = pl.Series([f"SYNTHETIC {k} {i + 1:03d}, {s}" for i, (k, s) in enumerate(zip(kinds, suffix))])
    weight = 1.0 / np.arange(1, n_plaintiffs + 1) ** 1.1
    weight = rng.permutation(weight)
    weight /= weight.sum()
    firm = rng.integers(0, n_firms, n_plaintiffs)
    span = rng.integers(365, 8 * 365, n_plaintiffs)
    start = rng.integers(_FIRST_DAY, _LAST_DAY - 365, n_plaintiffs)
    span = np.minimum(span, _LAST_DAY - start)
    # Early campaigns sued swarms of Does; later ones mostly one subscriber per suit.
    late = (start - _FIRST_DAY) / (_LAST_DAY - _FIRST_DAY)
    single = np.clip(rng.beta(2, 3, n_plaintiffs) * 0.6 + late * 0.5, 0.02, 0.95)
    court_weight = np.array([w for *_, w in COURTS], dtype=float)
    chosen = rng.random((n_plaintiffs, n_courts)) < rng.uniform(0.1, 0.6, (n_plaintiffs, 1))
    chosen[np.arange(n_plaintiffs), rng.choice(n_courts, n_plaintiffs, p=court_weight / court_weight.sum())] = True
    pc = chosen * court_weight * rng.uniform(0.3, 1.0, (n_plaintiffs, n_courts))
    court_cum = np.cumsum(pc / pc.sum(axis=1, keepdims=True), axis=1)
    court_cum[:, -1] = 1.0

    firm_names = pl.Series([f"SYNTHETIC {FIRM_KINDS[i % len(FIRM_KINDS)]} {i + 1:02d}" for i in range(n_firms)])
    attorneys = people[n_judges:n_judges + 400]
    attorney_filer = filers[n_judges:n_judges + 400]
    per_firm = rng.choice(len(attorneys), size=(n_firms, 4), replace=n_firms * 4 > len(attorneys))
    defence = people[n_judges + 400:]
    defence_filer = filers[n_judges + 400:]
    return World(judge_names, judge_titled, judge_magistrate, court_judges, court_mjs, clerks, court_offices, plaintiffs,
                 weight, firm, start, span, single, court_cum, firm_names, per_firm, attorneys, attorney_filer,
                 defence, defence_filer)


# --- one chunk of cases -------------------------------------------------------------------------------
class _Rows:
    """Docket rows of one chunk, appended kind by kind (one numpy block per kind, not per entry)."""

    def __init__(self) -> None:
        self.case: list[np.ndarray] = []
        self.t: list[np.ndarray] = []
        self.kind: list[np.ndarray] = []
        self.ref: list[np.ndarray] = []
        self.doe: list[np.ndarray] = []
        self.size = 0

    def add(self, kind: str, case: np.ndarray, t: np.ndarray, ref: np.ndarray | None = None,
            doe: np.ndarray | None = None) -> np.ndarray:
        n = len(case)
        self.case.append(case)
        self.t.append(np.asarray(t, dtype=np.float64))
        self.kind.append(np.full(n, KIND[kind], dtype=np.int16))
        self.ref.append(np.full(n, -1, dtype=np.int64) if ref is None else ref)
        self.doe.append(np.zeros(n, dtype=np.int64) if doe is None else doe)
        ids = np.arange(self.size, self.size + n)
        self.size += n
        return ids

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(part) for part in (self.case, self.t, self.kind, self.ref, self.doe))


def _pick(rng: np.random.Generator, mask: np.ndarray, p: float) -> np.ndarray:
    return mask & (rng.random(mask.shape[0]) < p)


def _docket(rng: np.random.Generator, n: int, does: np.ndarray, single: np.ndarray, style: np.ndarray) -> tuple:
    """The entries of `n` cases as rows (case, t days after filing, kind, referenced row, Doe number)."""
    rows = _Rows()
    cases = np.arange(n)
    multi = ~single
    u = rng.uniform  # u(low, high, size): days, a short name keeps the plan readable

    rows.add("complaint", cases, np.zeros(n))
    opening = rng.integers(2, 6, n)
    oc = np.repeat(cases, opening)
    rows.add("opening", oc, u(0.01, 3, len(oc)))
    c = cases[_pick(rng, style == _STYLE["cacd"], 0.8)]
    rows.add("summons_does", c, u(0.02, 2, len(c)))
    c = cases[_pick(rng, style == _STYLE["cand"], 0.5)]
    rows.add("consent", c, u(2, 25, len(c)))
    c = cases[_pick(rng, np.ones(n, bool), 0.08)]
    rows.add("reassign", c, u(5, 60, len(c)))
    c = cases[_pick(rng, np.ones(n, bool), 0.35)]
    rows.add("appear_pl", c, u(0.02, 4, len(c)))

    has_motion = rng.random(n) < 0.96
    t_motion = u(1, 12, n)
    motion_id = np.full(n, -1)
    c = cases[has_motion]
    motion_id[c] = rows.add("disc_motion", c, t_motion[c])
    c = cases[_pick(rng, has_motion, 0.5)]
    rows.add("disc_support", c, t_motion[c] + 0.001, ref=motion_id[c])

    draw = rng.random(n)
    granted = has_motion & (draw < 0.72)
    partial = has_motion & multi & (draw >= 0.72) & (draw < 0.82)
    denied = has_motion & (draw >= 0.82) & (draw < 0.90)
    denied_sever = _pick(rng, denied & multi, 0.3)
    denied &= ~denied_sever
    t_ruling = t_motion + u(3, 45, n)
    ruling_id = np.full(n, -1)
    for kind, mask in (("disc_granted", granted), ("disc_partial", partial), ("disc_denied", denied),
                       ("disc_denied_sever", denied_sever)):
        c = cases[mask]
        ruling_id[c] = rows.add(kind, c, t_ruling[c], ref=motion_id[c])
    ruled = ruling_id >= 0
    c = cases[_pick(rng, ruled, 0.45)]
    rows.add("cert_service", c, t_ruling[c] + u(1, 6, len(c)), ref=ruling_id[c])
    use = granted | partial
    c = cases[_pick(rng, use, 0.35)]
    rows.add("subpoena", c, t_ruling[c] + u(2, 20, len(c)))
    c = cases[_pick(rng, use, 0.2)]
    rows.add("protective", c, t_ruling[c] + 0.002)

    # Motions to quash and the rulings on them, only where subpoenas went out.
    live_does = np.where(partial, 1, does)
    quash = np.where(use, np.minimum(rng.binomial(live_does, 0.06) + _pick(rng, single, 0.2), 25), 0)
    qc = np.repeat(cases, quash)
    tq = t_ruling[qc] + u(20, 200, len(qc))
    qdoe = rng.integers(1, np.maximum(live_does[qc], 1) + 1)
    qid = rows.add("quash_motion", qc, tq, doe=qdoe)
    m = rng.random(len(qc)) < 0.3
    rows.add("doe_appear", qc[m], tq[m] - u(0.01, 2, int(m.sum())), doe=qdoe[m])
    draw = rng.random(len(qc))
    tr = tq + u(10, 60, len(qc))
    for kind, lo, hi in (("quash_denied", 0.0, 0.5), ("quash_granted", 0.5, 0.65), ("quash_moot", 0.65, 0.78)):
        m = (draw >= lo) & (draw < hi)
        rows.add(kind, qc[m], tr[m], ref=qid[m], doe=qdoe[m])

    # Doe-by-Doe voluntary dismissals (settlements, mostly) in swarm suits.
    vd = np.where(use & multi, np.minimum(rng.binomial(live_does, 0.15), 50), 0)
    vc = np.repeat(cases, vd)
    vdoe = rng.integers(1, np.maximum(does[vc], 1) + 1)
    tv = t_ruling[vc] + u(30, 400, len(vc))
    rows.add("vd_doe", vc, tv, doe=vdoe)
    m = rng.random(len(vc)) < 0.08
    rows.add("settle_doe", vc[m], tv[m] - 0.5, doe=vdoe[m])

    ext = _pick(rng, use, 0.45)
    c = cases[ext]
    t_ext = t_ruling[c] + u(90, 150, len(c))
    eid = rows.add("ext_motion", c, t_ext)
    rows.add("ext_order", c, t_ext + u(1, 8, len(c)), ref=eid)
    status = rng.poisson(4.0 + np.log1p(does) * 1.2)
    sc = np.repeat(cases, status)
    rows.add("status", sc, u(5, 420, len(sc)))

    # How each case ends.
    draw = rng.random(n)
    ending = np.select(
        [draw < 0.48, draw < 0.56, draw < 0.68, draw < 0.74, draw < 0.77],
        [1, 2, 3, 4, 5], default=0,
    )  # 1 voluntary, 2 severance, 3 failure to serve, 4 named defendant, 5 failure to prosecute, 0 open
    ending = np.where((ending == 2) & single, 1, ending)
    ending = np.where((ending == 4) & ~use, 1, ending)
    case_arr, t_arr, *_ = rows.arrays()
    t_last = np.zeros(n)
    np.maximum.at(t_last, case_arr, t_arr)
    t_end = t_last + u(5, 60, n)
    c = cases[ending == 1]
    rows.add("vd_all", c, t_end[c])
    c = cases[ending == 2]
    rows.add("sever_order", c, t_end[c])
    c = cases[ending == 3]
    t_osc = t_last[c] + u(3, 30, len(c))
    rows.add("osc_service", c, t_osc)
    t_end[c] = t_osc + u(14, 45, len(c))
    rows.add("dismiss_fts", c, t_end[c])
    c = cases[ending == 5]
    rows.add("dismiss_prosecute", c, t_end[c])
    c = cases[ending == 4]
    t_amend = t_last[c] + u(5, 40, len(c))
    rows.add("amended", c, t_amend)
    t_sum = t_amend + u(1, 6, len(c))
    rows.add("summons_named", c, t_sum)
    t_served = t_sum + u(10, 40, len(c))
    rows.add("served", c, t_served)
    settles = rng.random(len(c)) < 0.5
    cs = c[settles]
    t_end[cs] = t_served[settles] + u(30, 120, len(cs))
    rows.add("stip_settle", cs, t_end[cs])
    cd = c[~settles]
    t_def = t_served[~settles] + u(25, 60, len(cd))
    rows.add("default", cd, t_def)
    t_djm = t_def + u(10, 40, len(cd))
    djm = rows.add("dj_motion", cd, t_djm)
    t_end[cd] = t_djm + u(20, 90, len(cd))
    rows.add("default_judgment", cd, t_end[cd], ref=djm)
    return rows.arrays(), ending, t_end


def _fmt_days(days: np.ndarray, fmt: str) -> pl.Series:
    """Dates (days since 1970) as strings, formatted once per distinct day."""
    lo = int(days.min())
    table = pl.Series(np.arange(lo, int(days.max()) + 1), dtype=pl.Int32).cast(pl.Date).dt.strftime(fmt)
    return table.gather(pl.Series(days - lo))


# A field is a small table of strings and, per row, an index into it; or (None, integers) for numbers.
Field = tuple[pl.Series | None, np.ndarray]


def _render(templates: np.ndarray, fields: dict[str, Field]) -> pl.Series:
    """Fill each row's template (an index into `_FLAT`) from its fields, one template at a time.

    Rows are ordered by template and every string is built by gathering from the small tables, so no
    per-row string array exists before the final text.
    """
    order = np.argsort(templates, kind="stable")
    bounds = np.searchsorted(templates[order], np.arange(len(_FLAT) + 1))
    pieces = []
    for t, text in enumerate(_FLAT):
        lo, hi = int(bounds[t]), int(bounds[t + 1])
        if lo == hi:
            continue
        rows = order[lo:hi]
        columns, parts, pos = {}, [], 0
        for m in _FIELD.finditer(text):
            if m.start() > pos:
                parts.append(pl.lit(text[pos:m.start()]))
            name = m.group(1)
            if name not in columns:
                table, index = fields[name]
                values = index[rows]
                columns[name] = pl.Series(values).cast(pl.String) if table is None else table.gather(values)
            parts.append(pl.col(name))
            pos = m.end()
        if pos < len(text):
            parts.append(pl.lit(text[pos:]))
        if not columns:
            pieces.append(pl.repeat(text, hi - lo, eager=True, dtype=pl.String))
            continue
        pieces.append(pl.DataFrame(columns).select(pl.concat_str(parts).alias("description")).to_series())
    rendered = pl.concat(pieces)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return rendered.gather(pl.Series(inverse))


def _upper(table: pl.Series) -> pl.Series:
    return table.str.to_uppercase()


def _day_table(fmt: str) -> pl.Series:
    """Every day a synthetic docket can reach (from `_FIRST_DAY`), formatted once."""
    return pl.Series(np.arange(_FIRST_DAY, _LAST_DAY + 3 * 365), dtype=pl.Int32).cast(pl.Date).dt.strftime(fmt)


@dataclass
class _Counters:
    """Docket sequence numbers already used per (court, year), carried from chunk to chunk."""

    used: np.ndarray  # (courts, years) int


def chunk(w: World, index: int, n: int, seed: int, counters: _Counters) -> tuple[Staging, np.ndarray]:
    """The `index`-th chunk of `n` cases as staging frames (deterministic in seed and index), and the
    kind (an index into `KINDS`) of each docket entry, in the order of `docket_entries`."""
    rng = np.random.default_rng([seed, index])
    n_courts = len(COURTS)
    plaintiff = rng.choice(len(w.plaintiffs), size=n, p=w.plaintiff_weight)
    court = (w.plaintiff_court_cum[plaintiff] < rng.random((n, 1))).sum(axis=1)
    filed = w.plaintiff_start[plaintiff] + (rng.random(n) * w.plaintiff_span[plaintiff]).astype(np.int64)
    order = np.lexsort((filed, court))
    plaintiff, court, filed = plaintiff[order], court[order], filed[order]

    single = rng.random(n) < w.plaintiff_single[plaintiff]
    swarm = np.clip(np.round(rng.lognormal(np.log(45), 1.15, n)), 2, 5865).astype(np.int64)
    does = np.where(single, 1, swarm)
    court_style = np.array([_STYLE[COURTS[c][1]] for c in range(n_courts)])[court]
    style = np.where((court_style == _STYLE["ecf"]) & (rng.random(n) < SHORT_SHARE), _STYLE["short"], court_style)

    # Docket numbers: <office>:<yy>-cv-<seq>, sequences increasing per court and year across chunks.
    year = pl.Series(filed, dtype=pl.Int32).cast(pl.Date).dt.year().to_numpy().astype(np.int64)
    yidx = year - 2000
    gap = rng.integers(1, 4, n)
    group = court * 100 + yidx
    seq = np.empty(n, dtype=np.int64)
    for g in np.unique(group):
        m = np.flatnonzero(group == g)
        c, y = divmod(int(g), 100)
        run = counters.used[c, y] + np.cumsum(gap[m])
        seq[m] = run
        counters.used[c, y] = run[-1]
    if seq.max() > 99_999:
        raise ValueError("too many synthetic cases for one court and year (docket sequences run out)")
    office = w.court_offices[court, rng.integers(0, w.court_offices.shape[1], n)]

    # Judges: assigned (any judge of the court), referred magistrate judge for some.
    assigned = w.court_judges[court, rng.integers(0, w.court_judges.shape[1], n)]
    mj = w.court_mjs[court, rng.integers(0, w.court_mjs.shape[1], n)]
    referred = np.where((~w.judge_magistrate[assigned]) & (rng.random(n) < 0.45), mj, -1)
    ruling_judge = np.where(referred >= 0, referred, assigned)
    firm = w.plaintiff_firm[plaintiff]
    lead = w.firm_attorneys[firm, rng.integers(0, w.firm_attorneys.shape[1], n)]
    second = w.firm_attorneys[firm, rng.integers(0, w.firm_attorneys.shape[1], n)]
    has_second = (rng.random(n) < 0.3) & (second != lead)

    (rc, rt, rkind, rref, rdoe), ending, t_end = _docket(rng, n, does, single, style)
    # Order rows by case and time; entry numbers follow that order.
    order = np.lexsort((rkind, rt, rc))
    rc, rt, rkind, rref, rdoe = rc[order], rt[order], rkind[order], rref[order], rdoe[order]
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    starts = np.searchsorted(rc, np.arange(n))
    seq_in_case = np.arange(len(rc)) - starts[rc]
    ref_number = np.where(rref >= 0, position[np.maximum(rref, 0)] - starts[rc[position[np.maximum(rref, 0)]]] + 1, 0)
    entry_day = filed[rc] + np.floor(rt).astype(np.int64)

    # --- case-level strings
    court_ids = np.array([c[0] for c in COURTS], dtype=object)[court]
    yy = pl.Series(year % 100).cast(pl.String).str.zfill(2)
    seq_s = pl.Series(seq).cast(pl.String).str.zfill(5)
    core = yy + seq_s
    initials = w.judge_names.gather(assigned).str.extract_all(r"\b[A-Z]").list.join("").str.slice(0, 3)
    cand_like = court_style == _STYLE["cand"]
    docket_number = pl.Series(office).cast(pl.String) + ":" + yy + "-cv-" + seq_s
    docket_number = pl.select(
        pl.when(pl.Series(cand_like)).then(docket_number + "-" + initials).otherwise(docket_number)
    ).to_series()
    ip = pl.Series(np.array(DOC_NETS, dtype=object)[rng.integers(0, 3, n)]) + "." + pl.Series(
        rng.integers(1, 255, n)).cast(pl.String)
    n_c = pl.Series(does).cast(pl.String)
    n_comma = pl.Series([f"{d:,}" for d in does], dtype=pl.String)
    cacd = court_style == _STYLE["cacd"]
    range_text = pl.select(pl.when(pl.Series(cacd)).then(n_comma).otherwise(n_c)).to_series()
    dft = pl.select(
        pl.when(pl.Series(single)).then("John Doe subscriber assigned IP address " + ip)
        .otherwise("Does 1-" + range_text)
    ).to_series()
    plaintiff_name = w.plaintiffs.gather(plaintiff)
    case_id = pl.Series(court_ids.astype(str)) + ":" + core
    named = w.defence_names.gather(rng.integers(0, len(w.defence_names), n)).str.replace(
        "Synthetic-", "Synthetic-Subscriber-")
    date_filed = pl.Series(filed, dtype=pl.Int32).cast(pl.Date)
    terminated = pl.Series(np.where(ending > 0, filed + np.floor(t_end).astype(np.int64), 0), dtype=pl.Int32)
    terminated = pl.select(pl.when(pl.Series(ending > 0)).then(terminated.cast(pl.Date))).to_series()

    cases = pl.DataFrame({
        "case_id": case_id,
        "court_id": court_ids.astype(str),
        "docket_number": docket_number,
        "case_name": plaintiff_name + " v. " + dft,
        "plaintiff_raw": plaintiff_name,
        "plaintiff": plaintiff_name,
        "assigned_judge": w.judge_names.gather(assigned),
        "referred_judge": w.judge_names.gather(np.maximum(referred, 0)).set(pl.Series(referred < 0), None),
        "date_filed": date_filed,
        "date_terminated": terminated,
        "nature_of_suit": "820 Copyright",
        "flags": FLAG,
        "source": SOURCE,
    })
    parties = pl.concat([
        pl.DataFrame({"case_id": case_id, "party_seq": 0, "name_raw": plaintiff_name, "name": plaintiff_name,
                      "party_type": "plaintiff", "is_doe": False, "source": SOURCE}),
        pl.DataFrame({"case_id": case_id, "party_seq": 1, "name_raw": dft, "name": dft,
                      "party_type": "defendant", "is_doe": True, "source": SOURCE}),
        pl.DataFrame({"case_id": case_id, "party_seq": 2, "name_raw": named, "name": named,
                      "party_type": "defendant", "is_doe": False, "source": SOURCE}).filter(pl.Series(ending == 4)),
    ], how="diagonal").sort("case_id", "party_seq")
    attorney_rows = []
    for seq_no, who, mask in ((0, lead, np.ones(n, bool)), (1, second, has_second)):
        attorney_rows.append(pl.DataFrame({
            "case_id": case_id, "party_seq": 0, "attorney_seq": seq_no,
            "name_raw": w.attorney_filer.gather(who), "name": w.attorney_names.gather(who),
            "firm": w.firms.gather(firm), "role": "plaintiff counsel", "source": SOURCE,
        }).filter(pl.Series(mask)))
    attorneys = pl.concat(attorney_rows).sort("case_id", "attorney_seq")

    # --- entry-level fields, gathered from the case and world tables
    rows = len(rc)
    rcs = pl.Series(rc)
    tpl = _OFFSET[rkind, style[rc]] + (rng.random(rows) * _COUNT[rkind, style[rc]]).astype(np.int64)
    kinds_with_ruling_judge = np.isin(rkind, [KIND[k] for k in (
        "disc_granted", "disc_partial", "disc_denied", "disc_denied_sever", "quash_denied", "quash_granted",
        "quash_moot", "protective", "ext_order")])
    judge_row = np.where(kinds_with_ruling_judge, ruling_judge[rc], assigned[rc])
    clerk = court[rc] * 8 + rng.integers(0, 8, rows)
    atty_row = np.where(has_second[rc] & (rng.random(rows) < 0.3), second[rc], lead[rc])
    dc = rng.integers(0, len(w.defence_names), rows)
    day = entry_day - _FIRST_DAY
    isp = pl.Series(ISPS)
    fields: dict[str, Field] = {
        "pl": (w.plaintiffs, plaintiff[rc]), "PL": (_upper(w.plaintiffs), plaintiff[rc]),
        "atty": (w.attorney_filer, atty_row), "ATTY": (_upper(w.attorney_filer), atty_row),
        "atty_full": (w.attorney_names, atty_row), "ATTY_FULL": (_upper(w.attorney_names), atty_row),
        "jt": (w.judge_titled, judge_row), "JT": (_upper(w.judge_titled), judge_row),
        "judge": (w.judge_names, judge_row), "JUDGE": (_upper(w.judge_names), judge_row),
        "mj": (w.judge_names, np.where(referred >= 0, referred, mj)[rc]),
        "clerk": (w.clerks, clerk),
        "date": (_day_table("%-m/%-d/%Y"), day), "d2": (_day_table("%-m/%-d/%y"), day),
        "ent": (_day_table("%m/%d/%Y"), day),
        "ref": (None, ref_number), "doe": (None, rdoe), "rcpt": (None, rng.integers(10_000_000, 99_999_999, rows)),
        "n": (None, does[rc]), "dft": (dft, rc), "DFT": (_upper(dft), rc),
        "isp": (isp, (plaintiff[rc] + court[rc]) % len(ISPS)), "ISP": (_upper(isp), (plaintiff[rc] + court[rc]) % len(ISPS)),
        "named": (named, rc), "NAMED": (_upper(named), rc),
        "amt": (pl.Series(["750", "1,500", "6,750", "7,500", "15,250", "30,000"]), rng.integers(0, 6, rows)),
        "dc": (w.defence_filer, dc), "dc_full": (w.defence_names, dc),
    }
    entries = pl.DataFrame({
        "case_id": case_id.gather(rcs),
        "entry_seq": seq_in_case,
        "entry_number": seq_in_case + 1,
        "date_filed": pl.Series(entry_day, dtype=pl.Int32).cast(pl.Date),
        "description": _render(tpl, fields),
        "source": SOURCE,
    })
    return Staging(cases=cases, parties=parties, attorneys=attorneys, docket_entries=entries), rkind


# --- writing a run ------------------------------------------------------------------------------------
def _part(out: Path, table: str, index: int) -> Path:
    return out / table / f"part-{index:05d}.parquet"


def generate(out: Path, cases: int, seed: int, chunk_cases: int = CHUNK_CASES) -> dict[str, int]:
    """Write `cases` synthetic cases under `out`, one Parquet part per table per chunk; return row counts.

    Deterministic in (cases, seed, chunk_cases): the same arguments write byte-identical files. Each
    chunk is generated, written and dropped before the next, so memory is bounded by the chunk size.
    """
    if cases < 1 or chunk_cases < 1:
        raise ValueError("cases and chunk_cases must be at least 1")
    out = Path(out)
    for table in TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
        for stale in (out / table).glob("part-*.parquet"):
            stale.unlink()
    w = world(cases, seed)
    counters = _Counters(np.zeros((len(COURTS), 100), dtype=np.int64))
    totals = dict.fromkeys(TABLES, 0)
    parts = 0
    for index, start in enumerate(range(0, cases, chunk_cases)):
        staging, _ = chunk(w, index, min(chunk_cases, cases - start), seed, counters)
        for table in TABLES:
            frame = conform(table, getattr(staging, table))
            frame.write_parquet(_part(out, table, index), compression="zstd", statistics=True)
            totals[table] += frame.height
        parts += 1
    manifest = {"generator": GENERATOR, "synthetic": True, "source": SOURCE, "cases": cases, "seed": seed,
                "chunk_cases": chunk_cases, "parts": parts, "rows": totals}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return totals


def add_parser(kinds: argparse._SubParsersAction) -> None:
    """`doedocket synth dockets --cases N --seed S --out DIR`."""
    p = kinds.add_parser("dockets", help="synthetic mass-Doe dockets (staging Parquet parts) for benchmarks")
    p.add_argument("--cases", type=int, required=True, help="number of cases")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    p.add_argument("--out", required=True, help="output directory (parts are replaced)")
    p.add_argument("--chunk-cases", type=int, default=CHUNK_CASES, help="cases per Parquet part")
    p.set_defaults(func=_cmd_dockets)


def _cmd_dockets(args: argparse.Namespace) -> int:
    totals = generate(Path(args.out), args.cases, args.seed, args.chunk_cases)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in totals.items()) + " (synthetic)")
    return 0


# --- reading a run back: parse, normalise, ingest ---------------------------------------------------
def manifest_of(directory: Path) -> dict:
    """The manifest of a generated directory (checked to mark its data synthetic)."""
    path = directory / MANIFEST
    if not path.is_file():
        raise SourceError(path, None, "not a generated synthetic directory (no manifest.json)")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as exc:
        raise SourceError(path, None, f"not valid JSON ({exc})") from None
    if manifest.get("synthetic") is not True or manifest.get("source") != SOURCE:
        raise SourceError(path, None, "manifest does not mark the data synthetic")
    return manifest


def read_parts(directory: Path) -> Iterator[Staging]:
    """Each part of a generated directory as staging frames (parsed and conformed), in order."""
    directory = Path(directory)
    manifest = manifest_of(directory)
    for index in range(int(manifest.get("parts", 0))):
        frames = {}
        for table in TABLES:
            path = _part(directory, table, index)
            if not path.is_file():
                raise SourceError(path, None, "part file missing")
            try:
                frame = pl.read_parquet(path)
            except Exception as exc:  # polars raises several types for damaged Parquet
                raise SourceError(path, None, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None
            try:
                frames[table] = conform(table, frame)
            except ValueError as exc:
                raise SourceError(path, None, str(exc)) from None
            if frames[table].height and (frames[table]["source"] != SOURCE).any():
                raise SourceError(path, None, f"rows whose source is not {SOURCE!r}")
        yield Staging(**frames)


# A superset of what `pipelines.privacy` replaces (any IPv4 dotted quad, any run of colon-separated hex
# groups): only texts that match go through `pseudonymise_ips`, which decides exactly.
_MAYBE_IP = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|(?i:[0-9a-f]{0,4}:[0-9a-f]{0,4}:)"


def _scrub(column: pl.Series, key: bytes) -> pl.Series:
    """`pseudonymise_ips` applied to the texts of `column` that may hold an address, word by word.

    An address never spans a space and a space is a boundary for both address patterns, so running
    `pseudonymise_ips` on each space-separated word gives exactly the same text as on the whole
    line; words repeat, so it runs once per distinct candidate word (not once per long line).
    """
    hit = column.str.contains(_MAYBE_IP).fill_null(False)
    if not hit.any():
        return column
    rows = hit.arg_true()
    words = column.gather(rows).str.split(" ")
    flat = words.explode()
    candidates = flat.filter(flat.str.contains(_MAYBE_IP).fill_null(False)).unique().to_list()
    changed = {w: new for w in candidates if (new := pseudonymise_ips(w, key)) != w}
    if not changed:
        return column
    scrubbed = words.list.eval(pl.element().replace(changed)).list.join(" ")
    return column.clone().scatter(rows, scrubbed)


# The CM/ECF spelling every generated docket number has ("5:11-cv-03825-HRL"); `parse_docket_number`
# reads it as office, two-digit year and five-digit sequence. Other spellings go through that function.
_CMECF = r"^(\d{1,2}):(\d{2})-cv-(\d{5})(?:-[A-Z]{2,4})*$"


def docket_parts(numbers: pl.Series) -> pl.DataFrame:
    """`docket_number_core` and `office` of each docket number (nulls where it is not one)."""
    fast = numbers.str.extract_groups(_CMECF).struct.unnest()
    rest = numbers.filter(fast["1"].is_null()).drop_nulls().unique().to_list()
    parsed = [parse_docket_number(d) for d in rest]
    slow_core = numbers.replace_strict(rest, [p.core if p else None for p in parsed], default=None,
                                       return_dtype=pl.String)
    slow_office = numbers.replace_strict(rest, [p.office if p else None for p in parsed], default=None,
                                         return_dtype=pl.String)
    return pl.DataFrame({
        "docket_number_core": pl.select(pl.coalesce(fast["2"] + fast["3"], slow_core)).to_series(),
        "office": pl.select(pl.coalesce(fast["1"], slow_office)).to_series(),
    })


def _per_distinct(column: pl.Series, fn, dtype: pl.DataType) -> pl.Series:
    distinct = column.drop_nulls().unique()
    values = distinct.to_list()
    return column.replace_strict(values, [fn(v) for v in values], default=None, return_dtype=dtype)


def normalise(staging: Staging, key: bytes, where: Path) -> Staging:
    """What every source does after parsing: keys, Doe counts, docket-number parts, IPs pseudonymised.

    Functions run once per distinct value (captions, words and names repeat); a docket number that is
    not one, or a case_id that does not match its court and docket number, raises `SourceError`
    naming the directory and case.
    """
    cases = staging.cases.with_columns(
        docket_parts(staging.cases["docket_number"]),
        case_name=_scrub(staging.cases["case_name"], key),
    )
    bad = cases.filter(pl.col("docket_number").is_not_null() & pl.col("docket_number_core").is_null())
    if bad.height:
        raise SourceError(where, bad["case_id"][0],
                          f"docket number {bad['docket_number'][0]!r} is not a district docket number")
    cases = cases.with_columns(
        plaintiff_key=_per_distinct(cases["plaintiff"], plaintiff_key, pl.String),
        does_in_caption=_per_distinct(cases["case_name"], does_in_caption, pl.Int64),
    )
    wrong = cases.filter(pl.col("case_id") != pl.col("court_id") + ":" + pl.col("docket_number_core"))
    if wrong.height:
        raise SourceError(where, wrong["case_id"][0], "case_id does not match court and docket number")
    parties = staging.parties.with_columns(
        name_raw=_scrub(staging.parties["name_raw"], key), name=_scrub(staging.parties["name"], key),
    )
    parties = parties.with_columns(
        doe_count=pl.when(pl.col("is_doe")).then(
            _per_distinct(parties["name"], lambda v: does_in_caption(f"v. {v}"), pl.Int64)
        )
    )
    entries = staging.docket_entries.with_columns(description=_scrub(staging.docket_entries["description"], key))
    return Staging(cases=cases, parties=parties, attorneys=staging.attorneys, docket_entries=entries,
                   hand_events=staging.hand_events)


def batches(parts: Iterator[Staging], entries: int = LOAD_ENTRIES) -> Iterator[Staging]:
    """Merge consecutive parts until a batch holds about `entries` docket entries."""
    pending: list[Staging] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += part.docket_entries.height
        if size >= entries:
            yield Staging.concat(pending)
            pending, size = [], 0
    if pending:
        yield Staging.concat(pending)
