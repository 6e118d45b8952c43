"""Docket texts: templates per kind of entry and court style, and rendering them for whole columns
of entries at once.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from pipelines.synth.dockets.vocabulary import _FIRST_DAY, _LAST_DAY, KINDS, STYLES

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
