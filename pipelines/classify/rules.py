"""The docket-entry classifier's rules, as one readable table.

Everything the classifier decides from the text of a single docket entry is written here; the
engine (the other modules of `pipelines/classify/`) only applies this table (vectorised, over whole columns) and
adds the docket-context rules it documents itself.

How the table is applied
------------------------
1. The entry text is lower-cased once and rewritten by `REWRITES` (in order) into a canonical
   form, so that rules need not repeat every spelling: "granting-in-part" and "granting in part
   and denying in part" become ``partly_granting``; "denying as moot" becomes ``mooting`` (a moot
   motion is not a ruling on the merits); "motion to dismiss" becomes ``motion_to_dismiss`` (so
   "dismiss" in a rule means a dismissal, not a request for one).
   The banner "***VACATED per 6 ORDER***" becomes ``vacated_marker 6``, and a Doe caption in a
   citation ("v. Does 1-40", "v. John Does 1-11") becomes ``v. caption_does`` so it is not read as a
   Doe range.
2. `ORDER` decides whether the entry is a judicial act (order, minute order, judgment, report and
   recommendation, an entry "signed by"/"ordered by" a judge). A rule's ``scope`` says whether it
   applies to orders only (``order``), to filings only (``filing``) or to any entry (``any``).
3. A rule fires when its ``pattern`` matches, its ``exclude`` (if any) does not, and the scope
   fits. Rules read the entry clause by clause (`CLAUSE_BREAK`: sentences and ``;`` clauses), so
   a label is decided by the clause that carries it: an exclusion in another sentence of a long
   entry does not switch it off, and an entry holding several orders yields each one's label. A
   filing rule (the entry is the paper: its exclusions say what kind of paper) and a rule marked
   ``whole_entry`` (its pattern spans clauses, as a memo endorsement does) read the whole entry. A label is given when any of its rules fires; the label's ``rule`` is the first rule of
   the table, in order, that fired.
4. `OVERRIDDEN_BY` then removes a label when a more specific one fired on the same entry
   (a partial grant is not also a grant; a severance that dismisses the severed Does is not also
   a dismissal).
5. An entry with no label is ``other`` (rule ``other.no_rule_matched``).

Patterns are regular expressions in the common subset of Rust's `regex` crate (used by Polars)
and Python's `re` (used by the per-row baseline in `bench/`): no look-around, no back-references.
Keywords need not be declared: the engine reads, from each pattern itself, the literal words every
match must contain (`pipelines.classify.required_literals`: ``\\bsanction`` needs "sanction") and
runs the pattern only on texts that hold them. A pattern whose alternatives all name words is
cheap; an alternative made only of character classes (``\\d+``, ``[a-z]+``) makes it run on every
text.
A rule with ``inferred=True`` decides from a domain default rather than from the words of the
decision itself (e.g. a bare "granting 6 Ex Parte Application" in a docket entry is, absent other
context, the early-discovery application); the engine flags such labels as inferred.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "LABELS",
    "VOLATILE",
    "CLAUSE_BREAK",
    "DISMISSAL_LABELS",
    "Rule",
    "RULES",
    "REWRITES",
    "ORDER",
    "OVERRIDDEN_BY",
    "RULES_ON",
    "RULES_ON_MOTION_FIRST",
    "VERB_NUMBERS",
    "DOES_PLURAL_LIST",
    "DOES_DEFENDANTS_RANGE",
    "JUDGE",
    "JUDGE_TRAILING_WORDS",
    "VACATED_MARKER",
    "SERVICE_OSC",
    "SERVICE_DISMISSAL_NOT",
    "DOE_CASE_SIGNAL",
    "SHORT_GENERIC_MOTION",
    "SHORT_DISCOVERY_MOTION",
    "SHORT_GENERIC_ORDER",
    "ANSWER_OR_DEFENCE",
    "DISCOVERY_USE_LABELS",
]

# The contract's 25 event labels, in contract order (../shared/DESIGN.md).
LABELS: tuple[str, ...] = (
    "complaint",
    "amended_complaint",
    "discovery_motion",
    "discovery_granted",
    "discovery_granted_in_part",
    "discovery_denied",
    "discovery_vacated",
    "subpoena",
    "quash_motion",
    "quash_granted",
    "quash_denied",
    "severance",
    "show_cause",
    "voluntary_dismissal",
    "dismissal_failure_to_serve",
    "dismissal_other",
    "summons_issued",
    "service_executed",
    "appearance",
    "default",
    "settlement",
    "sanctions",
    "judgment",
    "consent_or_reassignment",
    "other",
)

DISMISSAL_LABELS: tuple[str, ...] = ("voluntary_dismissal", "dismissal_failure_to_serve", "dismissal_other")


class Rule(NamedTuple):
    """One row of the rules table."""

    id: str  # "<label>.<name>", stored with the event
    label: str
    scope: str  # "order" | "filing" | "any"
    pattern: str
    exclude: str | None
    note: str
    inferred: bool = False
    whole_entry: bool = False  # read the whole entry, not clause by clause (see the module docstring)


# Dates (and the "(Filed on ...)" / "(Entered: ...)" stamps around them) and filing-fee receipt numbers
# ("receipt number 0971-5553839") say nothing about the event; they are removed before anything else so
# that entries differing only in them are classified once.
VOLATILE: str = (
    r"(?i)\((?:filed on|entered:?|signed on) [0-9/ ]+\)|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\breceipt (?:number|no\.?|#) ?[a-z0-9-]+"
)

# --- canonical rewrites, applied in order to the lower-cased text -------------------------------
REWRITES: tuple[tuple[str, str], ...] = (
    (r"\s{2,}|[^\S ]", " "),  # runs of whitespace, and tabs / line breaks, become one space
    (r"\b(doc|dkt|docket|no|nos|ecf)\.", "${1}"),
    (r"^[^a-z]*\*+\s*vacated (?:per|by|pursuant to) (?:dkt\.? |doc\.? |ecf )?#?\s*(\d+)[^*]*\*+\s*", "vacated_marker ${1} "),
    (r"\bvs?\. (?:john |jane )?(does?)\b", "v. caption_${1}"),
    (r"(grant|deny|den)(ing|ed|s|ies|ied|y)?,?[- ]in[- ]part,?", "${1}${2} in part"),
    (r"\bpartial(?:ly)? (grant(?:ing|ed|s)?)\b|\b(grant(?:ing|ed|s)?) partially\b", "${1}${2} in part"),
    (r"grant(?:ing|s)? in part,? and deny(?:ing)? in part", "partly_granting"),
    (r"granted in part,? and denied in part", "partly_granted"),
    (r"grant(?:ing|s) in part", "partly_granting"),
    (r"granted in part", "partly_granted"),
    (r"deny(?:ing)? in part", "partly_denying"),
    (r"\bden(?:y|ies|ying|ied)(?: as moot| without prejudice as moot| as being moot)", "mooting"),
    (r"\b(?:finding|found|deemed?) as moot", "mooting"),
    (r"\bmotions? to dismiss", "motion_to_dismiss"),
    # "..., and Plaintiff's motion for leave ... is granted": a new party's motion starts a new clause
    (r",? and (?:the )?((?:plaintiff|defendant|doe|movant|subscriber)s?'?s?'? (?:motion|application|request|objection))", "; ${1}"),
    (r"(?:,|\band|\(\d+\)|\s\d\)) (partly_granting|granting|denying|mooting|striking|dismissing|severing|vacating|quashing)\b", "; ${1}"),
)

# Where a clause ends: "; " or a sentence's full stop (after a word of 3+ letters, a number or a
# bracket, before a word of 2+ letters or a bracket), so "Fed. R. Civ. P. 45", "Howard R. Lloyd"
# and "Mr. Smith" stay whole. Replaced by "${1}<break>${2}".
CLAUSE_BREAK: str = r"(;|[a-z]{3}\.|[0-9)\]]\.)\s+([a-z][a-z]|[(\[])"

# --- is the entry a judicial act? --------------------------------------------------------------
ORDER: str = (
    r"^[^a-z]*(?:vacated_marker \d+ )?"
    r"(?:(?:amended|corrected|revised|supplemental|stipulated|text|minute|electronic|paperless|sealed|"
    r"memorandum|opinion|scheduling|standing|initial|further|final|interim|clerk'?s|stipulation|joint|"
    r"consent|protective|letter|endorsed|margin|docket|text-only|omnibus|procedural|court|and|\(\d\)|\d)\s+)*"
    r"(?:order|opinion|judgment|reports? and recommendations?|findings (?:&|and) recommendations?|recommendation|"
    r"minute entry|minutes|memorandum (?:and |of )?(?:opinion|order|decision)|memo endorsement|endorsed letter"
    r"|decision|ruling|entry (?:and order|on|discussing|granting|denying|overruling))\b"
    r"|\b(?:signed|ordered|entered) by (?:the )?(?:hon|honorable|judge|chief|district|magistrate|senior|u\.s\.)"
    r"|\border by\b|\bit is (?:hereby )?ordered\b|\bso ordered\b|^[^a-z]*for the reasons (?:stated|set forth|given)\b"
)

# --- building blocks for the table (plain strings, composed below) ------------------------------
_GRANT = r"\b(?:grant(?:ing|s|ed)?|allow(?:ing|s|ed)|approv(?:ing|es|ed)|authoriz(?:ing|es|ed)|permit(?:ting|s|ted)?)\b"
# A motion denied as moot (rewritten to ``mooting``) is denied, as the real hand labels count it.
_DENY = r"\b(?:den(?:y|ies|ying|ied)|mooting)\b"
_DENIED = r"\b(?:is|are|be|was|were|hereby) (?:hereby )?(?:denied|mooting)\b"
# Motions to quash are also struck and overruled.
_QUASH_DENY = r"\b(?:den(?:y|ies|ying|ied)|mooting|strik(?:ing|es)|overrul(?:ing|es))\b"
_QUASH_DENIED = r"\b(?:is|are|be|was|were|hereby) (?:hereby )?(?:denied|mooting|stricken|struck|overruled)\b"
_PART = r"\bpartly_(?:granting|granted|denying)\b"
_DISC = (
    r"(?:(?:expedited|early|immediate|limited|expedite|preliminary|pre-?conference|pre-?service|further)"
    r"\s+(?:[a-z]+\s+){0,2}?discovery"
    r"|discovery (?:prior to|before|in advance of) (?:a |the )?(?:rule )?26"
    r"|(?:leave|motions?|applications?|requests?) to (?:take|conduct|serve|issue|obtain)[^;]{0,40}(?:discovery|subpoena)"
    r"|(?:third|3rd|non)[- ]party subpoena|rule 45 subpoena"
    r"|subpoenas? (?:on|to|upon) (?:the |an? )?(?:isps?|internet service providers?|comcast|verizon|at&t|cox|charter|"
    r"time warner|rcn|spectrum|centurylink)"
    r"|prior to (?:a |the )?rule 26 ?\(?f\)? (?:scheduling )?conference|rule 26 ?\(?d\)?"
    r"|discovery (?:of|to (?:obtain|learn|ascertain|identify)|regarding|concerning) (?:the )?(?:identit|identif|subscriber|doe))"
)
_VACATES_GRANT = r"\bvacat(?:e|es|ed|ing)\b[^;]{0,40}?\borders?\b[^;]{0,30}?(?:granting|allowing|authorizing)"
_DISC_NOT = (
    r"(?:extension of time|extend (?:the )?time|to respond|response|reply|opposition)[^;]{0,60}(?:discovery|quash)|compel|discovery (?:deadline|cut-?off|plan|schedule|dispute|due|period|responses?|requests?|closes?)"
    r"|(?:extend|extension of|re-?open)[^;]{0,20}discovery|close of discovery|(?:fact|expert) discovery"

)
# A ruling on early discovery is not one on a motion to quash (which names the third-party subpoena),
# nor a clause about what an earlier order allowed "to the extent" it did.
_DISC_RULING_NOT = _DISC_NOT + r"|quash|\bto the extent\b"
# "ORDER re 12 MOTION to Quash filed by John Doe. The motion is DENIED.": the ruling in the next sentence.
_THEN = (
    r"[^;.]{0,150}?\.\s+(?:the |this |said |(?:plaintiff|defendant|doe|movant)s?'?s?'? )?"
    r"(?:motion|application|request|objection|petition)s?\b[^;.]{0,40}?\b(?:is|are) (?:hereby )?"
)
# S.D.N.Y. "MEMO ENDORSEMENT on re: [6] MOTION for ... ENDORSEMENT: Granted. SO ORDERED." (also on letters)
_ENDORSED = r"\b(?:memo endorsement|endorsed letter)\b.{0,400}?"
_ENDORSEMENT_SAYS = r".{0,400}?\bendorsement\b[^;.]{0,60}?"
# "granting 5 Motion to Expedite" / "granting 5 Motion for Discovery" with nothing else said: W.D. Wash.
# and E.D.N.C. name the early-discovery motion so (real hand labels: discovery_granted).
_BARE_SHORT_MOTION = (
    r"\d+\]?\)?\s+(?:plaintiff'?s'?\s+)?(?:ex parte |letter |emergency )?motion (?:to expedite|for discovery)"
    r"\s*(?:[.(;,]|$|(?:by|signed|entered|filed|as to)\b)"
)
_BARE_APPLICATION = r"\d+\]?\)?\s+(?:plaintiff'?s'?\s+)?(?:ex parte )?application\s*(?:[.(;]|$)"
_OSC_ITSELF = (
    r"^[^;]{0,40}?order to show cause|shall show cause|(?:is|are) (?:hereby )?(?:ordered|directed) to show cause"
    r"|to show cause in writing"
)
# Papers that support or schedule a motion are not the motion.
_SUPPORTING = (
    r"^[^a-z]*(?:\[?proposed\]?|response|reply|opposition|memorandum|declaration|affidavit in support|brief|certificate"
    r"|exhibit|notice of hearing|set/reset|supplement|joinder)"
)
# A paper to be filed later, or one filed only if something happens, is not yet an event: "If a
# stipulation of dismissal is filed prior to that date", "a stipulated dismissal filed on or before",
# "shall ... submit appropriate dismissal papers" (look-alikes in juriscraper's district fixtures).
_FUTURE_FILING = (
    r"\bif (?:a |the |an )?(?:stipulation|notice|motion)|\bon or before\b|\bdismissal papers\b"
    r"|\b(?:shall|will|must)\b[^;]{0,60}\b(?:submit|file)\b[^;]{0,40}\b(?:stipulat\w*|notice|dismissal|papers)"
)
_SERVICE_FAILURE = (
    r"(?:rule )?4 ?\(m\)|fail(?:ed|ure|s)? to (?:timely )?(?:serve|effect|effectuate|perfect|complete|make) ?(?:timely )?"
    r"(?:service)?|lack of (?:timely )?service|want of service|(?:has|have) not (?:been )?served|without service"
)
_ISP = r"(?:\bisps?\b|internet service provider|comcast|verizon|at&t|\bcox\b|charter|time warner|\brcn\b|spectrum|centurylink)"
_MAGISTRATE = r"(?:a |the )?(?:united states |u\.?s\.? )?magistrate"

RULES: tuple[Rule, ...] = (
    # complaints
    Rule("complaint.opens_with_complaint", "complaint", "filing",
         r"^[^a-z]*(?:verified |original |civil )?complaint\b", r"^[^a-z]*(?:verified )?complaint[^a-z]*amended",
         "The entry is the complaint (PACER 'COMPLAINT against Does 1-90 ...')."),
    Rule("amended_complaint.opens_with_amended_complaint", "amended_complaint", "filing",
         r"^[^a-z]*(?:(?:first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+)?amended\s+(?:verified\s+)?complaint\b",
         None, "The entry is an amended complaint (often the one naming a subscriber)."),
    # early discovery: the motion
    Rule("discovery_motion.application_for_early_discovery", "discovery_motion", "filing",
         r"^[^a-z]*(?:(?:renewed|amended|supplemental|second|first|revised|plaintiff'?s'?|notice of motion and|emergency|letter|"
         r"ex parte|unopposed|corrected|\w+ day)\s+)*(?:motion|application|request|petition)\b[^;]{0,200}?"
         + _DISC,
         _DISC_NOT + "|" + _SUPPORTING, "A motion/application for leave to take early discovery or serve an ISP subpoena before the "
                    "Rule 26(f) conference."),
    # early discovery: rulings (partial first, it overrides grant and denial)
    Rule("discovery_granted_in_part.partly_granting_discovery", "discovery_granted_in_part", "order",
         _PART + r"[^;]{0,200}?" + _DISC + "|" + _DISC + r"[^;]{0,80}?\bpartly_granted\b"
         r"|" + _GRANT + r"[^;]{0,200}?" + _DISC + r"[^;]{0,60}?\bin part\b", _DISC_RULING_NOT,
         "Grants the early-discovery motion in part."),
    Rule("discovery_granted_in_part.granted_for_doe_one_only", "discovery_granted_in_part", "order",
         r"(?:" + _GRANT + r"[^;]{0,200}?" + _DISC + "|" + _DISC + r"[^;.]{0,80}?\bgranted\b)"
         r".{0,200}?(?:(?:as to|with respect to|only for|limited to|solely as to) (?:john )?doe (?:no\.? ?|#)?1\b"
         r"|\bsever(?:s|ed|ing)\b)", _DISC_RULING_NOT + "|" + _VACATES_GRANT,
         "Grants early discovery only for Doe 1 (the others severed).", whole_entry=True),
    Rule("discovery_granted_in_part.partly_granting_bare_application", "discovery_granted_in_part", "order",
         r"\bpartly_granting\s+\[?\(?" + _BARE_APPLICATION, None,
         "'granting in part 3 Ex Parte Application' with nothing else said: in a Doe docket the ex parte "
         "application is the early-discovery application.", inferred=True),
    Rule("discovery_granted.order_granting_motion", "discovery_granted", "order",
         _GRANT + r"[^;]{0,200}?" + _DISC + "|" + _DISC + r"[^;.]{0,80}?\b(?:is|are|be|was|hereby) (?:hereby )?granted\b",
         _DISC_RULING_NOT + "|" + _VACATES_GRANT, "Grants leave to take early discovery / serve the ISP subpoena (not when "
                                           "the grant named is the one being vacated)."),
    Rule("discovery_granted.memo_endorsed", "discovery_granted", "order",
         _ENDORSED + _DISC + _ENDORSEMENT_SAYS + r"\bgranted\b", _DISC_NOT,
         "A memo endorsement granting the early-discovery motion it is endorsed on.", whole_entry=True),
    Rule("discovery_granted.ruling_in_next_sentence", "discovery_granted", "order",
         r"\b(?:motion|application|request)s?\b[^;.]{0,60}?" + _DISC + _THEN + r"granted\b",
         r"quash[^;.]{0,150}\.\s+(?:the |this |said )?(?:motion|application|request)|" + _DISC_NOT,
         "'ORDER on 5 MOTION for Expedited Discovery. The motion is GRANTED.': the ruling in the sentence after the "
         "one naming the motion.", whole_entry=True),
    Rule("discovery_granted.bare_ex_parte_application", "discovery_granted", "order",
         r"\bgrant(?:ing|s)\s+\[?\(?" + _BARE_APPLICATION, None,
         "'granting 10 Ex Parte Application' with nothing else said (see partly_granting_bare_application).",
         inferred=True),
    Rule("discovery_granted.bare_short_motion", "discovery_granted", "order",
         r"\bgrant(?:ing|s)\s+\[?\(?" + _BARE_SHORT_MOTION, None,
         "'ORDER granting 5 Motion to Expedite by Judge ...' (W.D. Wash.), 'granting 5 Motion for Discovery.' "
         "(E.D.N.C.): in a Doe docket the early-discovery motion; replaced by what entry 5 asked for when it is "
         "on the docket.", inferred=True),
    Rule("discovery_denied.order_denying_motion", "discovery_denied", "order",
         _DENY + r"[^;]{0,200}?" + _DISC + "|" + _DISC + r"[^;.]{0,80}?" + _DENIED,
         _DISC_RULING_NOT, "Denies leave to take early discovery, also as moot (real: 'Motion to Expedite or Accelerate "
                           "Discovery ... is denied as moot', D. Or.)."),
    Rule("discovery_denied.memo_endorsed", "discovery_denied", "order",
         _ENDORSED + _DISC + _ENDORSEMENT_SAYS + r"\bdenied\b", _DISC_NOT,
         "A memo endorsement denying the early-discovery motion it is endorsed on.", whole_entry=True),
    Rule("discovery_denied.bare_ex_parte_application", "discovery_denied", "order",
         _DENY + r"\s+\[?\(?" + _BARE_APPLICATION, None,
         "'denying 6 Ex Parte Application' with nothing else said.", inferred=True),
    Rule("discovery_denied.bare_short_motion", "discovery_denied", "order",
         _DENY + r"\s+\[?\(?" + _BARE_SHORT_MOTION, None,
         "'denying 5 Motion to Expedite' with nothing else said (see granted.bare_short_motion).", inferred=True),
    Rule("discovery_vacated.vacates_discovery_order", "discovery_vacated", "order",
         r"\bvacat(?:e|es|ed|ing)\b[^;]{0,60}?(?:discovery|subpoena)[^;]{0,20}?\borders?\b"
         r"|\bvacat(?:e|es|ed|ing)\b[^;]{0,80}?\borders?\b[^;]{0,120}?(?:discovery|subpoena)"
         r"|\borders? (?:granting|allowing|authorizing)[^;]{0,120}?(?:discovery|subpoena)[^;]{0,80}?\b(?:is|are) (?:hereby )?vacated",
         r"vacat(?:e|es|ed|ing) (?:the )?(?:hearing|motion hearing)",
         "Vacates an order that allowed early discovery / ISP subpoenas."),
    Rule("discovery_vacated.vacates_numbered_order", "discovery_vacated", "order",
         r"\bvacat(?:e|es|ed|ing)\b\s+(?:the\s+)?\[?\(?\d+\]?\)?\s+orders?\b.{0,300}?(?:discovery|subpoena)", None,
         "'VACATING 13 Order; GRANTING, in part, 11 Motion for Leave to Serve Third Party Subpoena' (N.D. Tex.): an "
         "order vacated by its number in an entry about early discovery.", inferred=True, whole_entry=True),
    Rule("discovery_vacated.vacated_marker", "discovery_vacated", "any",
         r"^vacated_marker\b", None,
         "PACER's '***VACATED per 6 ORDER***' banner on an entry: that grant was later vacated."),
    # subpoenas
    Rule("subpoena.subpoena_issued_or_served", "subpoena", "filing",
         r"^[^a-z]*(?:rule 45 |third[- ]party |non-?party )?subpoenas? (?:issued|returned|served|duces tecum|to produce|in a civil)"
         r"|notice of (?:service of |issuance of |intent to serve )?(?:a |the |rule 45 |third[- ]party )*subpoenas?"
         r"|(?:proof|return|affidavit|certificate|declaration) of service (?:of|re:?|for) (?:the |a )?(?:rule 45 |third[- ]party )?subpoena"
         r"|subpoenas? (?:was |were |has been |have been )?(?:issued|served) (?:to|on|upon)"
         r"|compl(?:y|iance|ied) with (?:the |a )?(?:rule 45 )?subpoena|(?:issuance|service) of (?:the |a |rule 45 |third[- ]party )*subpoenas?",
         r"quash|object|motion",
         "A subpoena issued, served or answered (not the order allowing it)."),
    # motions to quash and other Doe defences
    Rule("quash_motion.isp_motion_to_quash", "quash_motion", "filing",
         r"quash[^;]{0,200}?" + _ISP + "|" + _ISP + r"[^;]{0,200}?quash", _SUPPORTING,
         "A motion to quash an ISP subpoena (by a subscriber or by the ISP itself)."),
    Rule("quash_motion.motion_to_quash", "quash_motion", "filing",
         r"\bquash|object(?:ion|ions|ing|s)? to (?:the |a )?(?:rule 45 |isp |third[- ]party )?subpoena",
         _SUPPORTING + r"|deposition|trial subpoena|to testify|witness|grand jury"
         r"|\bby [^;]{0,60}?\b(?:inc|llc|l\.l\.c|corp|corporation|company|ltd|bank|n\.a)\b",
         "A motion to quash or an objection to a subpoena; not a deposition/trial-witness subpoena or one "
         "brought by a named company (those are ordinary litigation, not a Doe's defence)."),
    Rule("quash_motion.motion_to_proceed_anonymously", "quash_motion", "filing",
         r"\bmotion\b[^;]{0,60}(?:proceed|appear)[^;]{0,15}anonymous", _SUPPORTING,
         "A Doe's motion to proceed anonymously (judges rule on it with the motions to quash)."),
    Rule("quash_granted.order_granting_quash", "quash_granted", "order",
         r"(?:" + _GRANT + r"|\bpartly_granting\b)[^;]{0,100}?(?:quash|objections? to (?:the )?subpoena|(?:limited|doe'?s?'?) protective order)"
         r"|quash[^;]{0,150}?\b(?:is|are) (?:hereby )?(?:granted|partly_granted)"
         r"|subpoenas?[^;]{0,80}?\b(?:is|are|were|was|been) (?:hereby )?quashed|\bquashing\b"
         r"|\b(?:court|judge|it|undersigned)\s+(?:hereby\s+|therefore\s+|also\s+)?quash(?:es|ed)\b",
         r"stipulat\w* protective order|" + _DISC_NOT,
         "Quashes a subpoena (also 'are hereby Quashed', 'the Court quashed', 'The court QUASHES the deposition "
         "subpoena', N.D. Cal.) or grants a Doe's protective order; not 'has not shown that the subpoena must be "
         "quashed' (D. Colo.). A motion to proceed anonymously is not a motion to quash (real hand labels)."),
    Rule("quash_granted.ruling_in_next_sentence", "quash_granted", "order",
         r"\b(?:motion|objection)s?\b[^;.]{0,40}?quash" + _THEN + r"(?:granted|partly_granted)\b", None,
         "'ORDER re 12 MOTION to Quash filed by John Doe. The motion is GRANTED.' (see quash_denied's).", whole_entry=True),
    Rule("quash_granted.memo_endorsed", "quash_granted", "order",
         _ENDORSED + r"quash" + _ENDORSEMENT_SAYS + r"\bgranted\b", _DISC_NOT,
         "A memo endorsement granting the motion to quash it is endorsed on.", whole_entry=True),
    Rule("quash_denied.order_denying_quash", "quash_denied", "order",
         _QUASH_DENY + r"[^;]{0,100}?(?:quash|objections? to (?:the )?subpoena|(?:limited|doe'?s?'?) protective order)"
         r"|quash[^;]{0,150}?" + _QUASH_DENIED
         + r"|\bpartly_granting\b[^;]{0,100}?quash|quash[^;]{0,150}?\b(?:is|are) (?:hereby )?partly_granted",
         _DISC_NOT, "Denies a motion to quash / objection to the subpoena, also as moot, struck or overruled (real: "
                    "'striking 18 Motion to Quash', N.D. Cal.; 'motions to ... quash third-party subpoenas, filed by "
                    "... [18, 19, and 24] are denied', N.D. Ill.); granted in part is also denied in part."),
    Rule("quash_denied.ruling_in_next_sentence", "quash_denied", "order",
         r"\b(?:motion|objection)s?\b[^;.]{0,40}?quash" + _THEN + r"(?:denied|mooting|stricken|overruled|partly_granted)\b",
         None, "'ORDER re 12 MOTION to Quash filed by John Doe. The motion is DENIED.': the ruling in the sentence "
               "after the one naming the motion.", whole_entry=True),
    Rule("quash_denied.memo_endorsed", "quash_denied", "order",
         _ENDORSED + r"quash" + _ENDORSEMENT_SAYS + r"\bdenied\b", _DISC_NOT,
         "A memo endorsement denying the motion to quash it is endorsed on.", whole_entry=True),
    # severance
    Rule("severance.severs_does", "severance", "order",
         r"\bsever(?:s|ed|ing)\b|(?:" + _GRANT + r"|\bpartly_granting\b)[^;]{0,60}?(?:motion to sever|severance)"
         r"|\brecommend\w*[^;]{0,60}\bdoes?\b[^;]{0,40}\bbe (?:severed|dismissed)",
         _DENY + r"[^;]{0,60}(?:motion to sever|severance|motion_to_dismiss)|(?:motions? to sever|motion_to_dismiss)[^;]{0,150}?" + _DENIED
         + r"|declin\w* to sever|should not be|whether[^;]{0,40}sever|" + _OSC_ITSELF,
         "Severs (and usually dismisses) Does 2-N for misjoinder (Rules 20/21), or a report recommends it "
         "('RECOMMENDING that Does 2-13 be dismissed', 'sua sponte severs all of the defendants except Doe')."),
    Rule("severance.misjoinder", "severance", "order",
         r"\bmis-?joinder\b|improper(?:ly)? join|\bmisjoined\b|\bre:? joinder\b|\bjoinder\b[^;]{0,60}\b(?:is|was|are|were) improper\b",
         r"joinder (?:is |was )?proper|properly joined|should not be|(?:motions? to sever|motion_to_dismiss)[^;]{0,150}?" + _DENIED
         + r"|" + _DENY + r"[^;]{0,60}(?:motion to sever|motion_to_dismiss)"
         + r"|" + _OSC_ITSELF,
         "Rules on joinder of the Does (misjoinder); not when the motion to sever is denied (N.D. Ill.)."),
    # orders to show cause
    Rule("show_cause.order_to_show_cause", "show_cause", "order",
         r"show cause",
         r"vacat\w* (?:the )?(?:\[?\d+\]? )?(?:order to show cause|show cause hearing)|discharg\w* (?:the )?(?:\[?\d+\]? )?order to show cause"
         r"|having[^;]{0,40}to show cause|(?:response|respond|reply|motion f ?or)[^;]{0,30}order to show cause|incurred",
         "An order to show cause (why Does should not be severed, why the case should not be dismissed, why "
         "sanctions should not issue); not a leave to file a response to one (E.D. Wis.), nor fees incurred for "
         "one (D. Or.)."),
    Rule("sanctions.sanctions_imposed", "sanctions", "order",
         r"\b(?:impos(?:es|ed|ing)|award(?:s|ed|ing)?|levy|levies|levied|issu(?:es|ed|ing))\b[^;]{0,40}\bsanctions?\b"
         r"|\bsanctions? (?:is|are|was|were|shall be) (?:hereby )?(?:imposed|awarded|granted|entered)"
         r"|\bsanction(?:ed|ing|s)? (?:plaintiff|defendant|counsel|mr|ms|attorney|the)\b|\b(?:is|are|be) sanctioned\b"
         r"|(?:" + _GRANT + r"|\bpartly_granting\b)[^;]{0,40}?\bmotion (?:for|to (?:hold|impose|find))\b[^;]{0,30}?"
         r"\b(?:sanctions?|contempt)\b"
         r"|\b(?:held|holds|hold|find(?:s|ing)?|found|adjudged|adjudges)\b[^;]{0,60}\bin (?:civil )?contempt\b"
         r"|\bviolated (?:a|an|the|this|its) (?:court'?s? |prior )?order"
         r"|(?:fees|expenses|costs)[^;]{0,80}(?:motion to compel|failed deposition|failure to (?:comply|appear|obey))",
         r"should not|show cause|declin|(?:could|may|will|might) (?:result|lead)|warn|" + _DENY + r"|\b(?:is|are) denied\b"
         r"|extension|extend|time to (?:respond|answer|file|reply)|leave to file|\bstrike\b|\bseal",
         "Sanctions imposed: an order imposing or awarding them, granting a motion for sanctions or contempt, "
         "finding a party in contempt or in violation of a court order, or awarding fees for a compelled "
         "discovery failure (real: D. Or., S.D. Ind.). A motion for sanctions, a hearing on one, an order to show "
         "cause or a warning is not."),
    # dismissals
    Rule("voluntary_dismissal.notice_or_stipulation", "voluntary_dismissal", "any",
         r"notice of (?:voluntary )?dismissal|voluntar(?:y|ily) dismiss|(?:rule |fed\. ?r\. ?civ\. ?p\. ?|frcp |f\.r\.c\.p\. )41 ?\(a\)"
         r"|stipulat\w*[^;]{0,40}\bdismiss",
         _DENY + r"[^;]{0,30}stipulation|^[^a-z]*placed in file|not used"
         r"|\b(?:because|since|as|given that)\b[^;]{0,60}\b(?:has|had|have) (?:since |previously |already )?voluntarily dismissed"
         r"|\bin receipt of\b|\bappeal|" + _FUTURE_FILING,
         "Plaintiff drops Does or the case (Rule 41(a)): notice, stipulation, or an order on either; not a "
         "dismissal to be filed later or only if something happens, nor an appeal's (juriscraper fixtures)."),
    Rule("dismissal_failure_to_serve.dismisses_for_no_service", "dismissal_failure_to_serve", "order",
         r"dismiss[^;]{0,150}?(?:" + _SERVICE_FAILURE + r")|(?:" + _SERVICE_FAILURE + r")[^;]{0,150}?\bdismiss(?:ed|es|ing|al)\b",
         _OSC_ITSELF + r"|\b(?:would|could|may|might|must|will) (?:not )?be dismissed|\bshould be dismissed",
         "Dismisses Does or the case for failure to serve (Rule 4(m)); not a warning that it may be."),
    Rule("dismissal_other.order_dismissing", "dismissal_other", "order",
         r"\bdismiss(?:ing|es|ed)\b|\bdismissal\b|(?:" + _GRANT + r"|\bpartly_granting\b)[^;]{0,60}?motion_to_dismiss",
         _OSC_ITSELF + r"|without dismissing|" + _DENY + r"[^;]{0,40}?(?:stipulation|dismissal)"
         r"|(?:could|may|will|might|shall) (?:result|lead)|\bwarn|\b(?:would|could|may|might|must|will) (?:not )?be dismissed|\bshould be dismissed"
         r"|\b(?:because|since|given that)\b[^;]{0,60}\b(?:has|had|have|having) (?:since |previously |already )?(?:voluntarily )?dismissed"
         r"|\bin receipt of\b|" + _FUTURE_FILING,
         "Any other order dismissing Does or the case (a ruling on a motion to dismiss that grants it); not "
         "an order denying a stipulation or request of dismissal, nor a warning that dismissal could follow "
         "(N.D. Ohio)."),
    # service of process
    Rule("summons_issued.summons_issued", "summons_issued", "any",
         r"summons(?:es)? (?:electronically )?(?:was |were )?(?:re-?)?issued|issued summons|electronic summons issued",
         r"request|not requested", "The clerk issued a summons."),
    Rule("service_executed.service_returned_executed", "service_executed", "filing",
         r"returned executed|proof of service executed|affidavit of service|waiver of service|"
         r"acknowledg\w* of service[^;]{0,80}executed|(?:proof|certificate) of service of (?:the )?summons|\bexecuted (?:by|upon|as to)\b",
         r"subpoena|request for waiver|unexecuted|service other\b|warrant"
         r"|service of (?:the |a |this )?(?:order|motion|notice|letter|papers|documents?|memorandum)",
         "A defendant was served (summons returned executed, waiver of service); not S.D.N.Y.'s 'Affidavit of "
         "Service Other' nor service of an order or motion, nor an arrest warrant returned executed."),
    Rule("appearance.notice_of_appearance", "appearance", "filing",
         r"notice of (?:attorney |counsel )?appearance|^[^a-z]*(?:attorney )?appearance\b|appearance of counsel|entry of appearance",
         r"shall file a notice of appearance|withdraw\w* (?:of |the |his |her |its )?(?:notice of )?appearance", "Counsel (or a pro se Doe) appears."),
    Rule("default.default", "default", "any",
         r"\bdefault\b", r"\bby default\b|default (?:rule|setting|standard)|/default\b|\bdefault/|set aside|vacat\w*[^;]{0,20}default",
         "Entry of default, request for it, or default judgment; not a motion to set one aside, nor a link's "
         "'/default/' (juriscraper fixtures)."),
    Rule("judgment.judgment_entered", "judgment", "any",
         r"^[^a-z]*(?:(?:default|final|clerk'?s|amended|consent|stipulated|partial)\s+)*judge?ment\b"
         r"|judge?ment (?:is |was |shall be |hereby )?entered|enter(?:ing|s|ed)? (?:final |default )?judge?ment"
         r"|(?:" + _GRANT + r"|\bpartly_granting\b)[^;]{0,60}?(?:default|summary) judge?ment"
         r"|(?:default|summary) judge?ment[^;]{0,60}?\b(?:is|are) (?:hereby )?(?:granted|partly_granted)",
         r"not be entered|" + _DENY + r"[^;]{0,30}(?:default|summary) judge?ment|returned executed"
         r"|\b(?:to|will|shall) (?:issue|be entered)|partial summary judge?ment|\busca\b|court of appeals|\bappeal\b",
         "A judgment (also spelt judgement), or an order granting/entering one, default or summary judgment, also in part (real: "
         "'motion for default judgment (ECF 44) is GRANTED IN PART', D. Or.); not a criminal judgment's marshal "
         "return, a judgment still 'to issue', a partial summary judgment or an appeals court's judgment."),
    Rule("settlement.settlement_reached", "settlement", "any",
         r"notice\b[^;]{0,60}\bof (?:conditional )?settlement|\b(?:has|have|had) (?:been )?settled|(?:reached|entered into) (?:a |an )?settlement"
         r"|settlement agreement|pursuant to (?:the |a )?(?:parties'? )?settlement|(?:case|action|matter|claims?) (?:is |are |has been |have been )?settled"
         r"|\bsettled\b|stipulation (?:of|for) settlement",
         r"settlement (?:conference|judge|statement|week|program)",
         "A settlement is reported (a settlement conference is not a settlement)."),
    Rule("consent_or_reassignment.consent_or_reassignment", "consent_or_reassignment", "any",
         r"(?:consent|declin\w*)(?:ing)? (?:to )?(?:proceed )?(?:before |the )?(?:jurisdiction (?:of |by )?)?" + _MAGISTRATE
         + r"|consent/declination|\breassign|order of transfer|transferred (?:from [^;]{0,60})?to (?:district |magistrate )?judge",
         r"may consent|wish to consent|are notified|shall (?:file|submit) (?:a |its )?consent|(?:motion|matter|motions) \d*\s*referred", "Consent to a magistrate judge, or reassignment/transfer of the case.", whole_entry=True),
)

# A label is dropped when any of these labels fired on the same entry.
OVERRIDDEN_BY: dict[str, tuple[str, ...]] = {
    "discovery_granted": ("discovery_granted_in_part",),
    "discovery_denied": ("discovery_granted_in_part",),
    "dismissal_other": ("voluntary_dismissal", "dismissal_failure_to_serve", "severance"),
    "complaint": ("amended_complaint",),
}

# --- numbers an order rules on ("granting 5", "denying 16 22", "Re: 22 , 13", "(Dkt. No. 24)") ---
_NUM_ITEM = r"[\[(]?\d+(?:[-/:]\d+)*[\])]?"
_NUM_LIST = _NUM_ITEM + r"(?:\s*(?:,|and|&)?\s*" + _NUM_ITEM + r")*"
_PARTY = r"(?:(?:the )?(?:plaintiff|defendant|doe|movant|court)s?'?s?'?\s+)?"
RULES_ON: str = (
    r"(?:\b(?:partly_granting|partly_granted|partly_denying|granting|grants|denying|denies|mooting|striking|strikes|"
    r"terminating|vacating|adopting|accepting|overruling|overrules|sustaining|affirming|re|regarding)"
    r"\b:?|\bdkt\.?(?: no\.?| ?#)?|\bdocket (?:no\.?|entry)|\bdoc(?:ument)?s?\.?(?: no\.?| ?#)?|"
    r"\becf(?: no\.?)?)\s*" + _PARTY + _NUM_LIST + r"|\[\d+\]"
    # "#11 Motion", "Conference #5" (E.D. Wis.), not a Doe's number ("Doe #305")
    r"|#\d+\s+(?:(?:plaintiff|defendant)s?'?s?'?\s+)?(?:motion|ex parte|application|request|stipulation|objection)"
    r"|(?:conference|motion|subpoena|application|request)\s+#\d+\b"
    r"|(?:motion|application|recommendations?|conference|discovery|subpoenas?|quash|dismiss|notice|stipulation|request"
    r"|objection|complaint|order|letter|petition)\s+\[?\d{1,4}\]?(?:\s|[.,;)\]]|$)"
)
# "... 13 Motion for Extension of Time ... GRANTED": a number that starts a clause and names a filing.
RULES_ON_MOTION_FIRST: str = (
    r"(?:^|[.;:]\s|(?:plaintiff|defendant|doe|movant|court)s?'?s?'?\s)[\[(]?\d+[\])]?\s+"
    r"(?:motion|ex parte application|application|stipulation|request|order|notice)\b"
)
# The numbers after each ruling verb, for docket-context inheritance.
VERB_NUMBERS: dict[str, str] = {
    "partly": r"\bpartly_(?:granting|granted|denying)\s*" + _PARTY + _NUM_LIST,
    "granted": r"\b(?:granting|grants)\s*" + _PARTY + _NUM_LIST,
    "denied": r"\b(?:denying|denies)\s*" + _PARTY + _NUM_LIST,
}

# --- how many Does an entry affects ("severs Does 2-33", "John Does 3, 4, 5") -------------------
_DOE_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_DOE_ITEM = _DOE_NUM + r"(?:\s*(?:-|–|through|thru|to)\s*" + _DOE_NUM + r")?"
_DOE_SEP = r"\s*(?:,\s*and|,|and|&)\s*"
DOES_PLURAL_LIST: str = r"\b(?:john |jane )?does\s+\(?(?:nos?\.?\s*|#\s*)?" + _DOE_ITEM + r"(?:" + _DOE_SEP + _DOE_ITEM + r")*"
DOES_DEFENDANTS_RANGE: str = (
    r"\bdoes? defendants?\s+(?:nos?\.?\s*|#\s*)?" + _DOE_NUM + r"\s*(?:-|–|through|thru|to)\s*" + _DOE_NUM
    + r"(?:" + _DOE_SEP + _DOE_ITEM + r")*"
)

# --- the judge named in an order (run on the original-case text) -----------------------------
JUDGE: str = (
    r"(?i:\b(?:by|before)\s+(?:the\s+)?(?:(?:chief|senior|united states|u\.s\.|district|magistrate|bankruptcy)\s+)*"
    r"(?:judge|justice|hon\.|hon|honorable)\s+(?:(?:judge|magistrate|district|chief)\s+)*)"
    r"((?:[A-Z][A-Za-z'\-]*\.?)+(?:\s+(?:(?:[A-Z][A-Za-z'\-]*\.?)+|(?:de|van|von|del|la|di)\b))*)"
)
JUDGE_TRAILING_WORDS: str = (
    r"(?i)(?:\s+(?:on|granting|denying|re|regarding|terminating|striking|adopting|vacating|dismissing|setting|finding|"
    r"and|for|in|as|to|the|at|dated|order|ordered))+$"
)

# --- docket-context signals --------------------------------------------------------------------
# "***VACATED per 6 ORDER***": the number of the vacating order.
VACATED_MARKER: str = r"^vacated_marker (\d+)"
# An order to show cause about service; a later bare "ORDER DISMISSING CASE" is then for failure to serve.
SERVICE_OSC: str = _SERVICE_FAILURE + r"|\bserv(?:e|ed|ice)\b"
# A case whose docket shows it is a Doe/ISP/copyright case (used to resolve short PACER descriptions);
# W.D. Wash. dockets the AO 121 copyright report as "Report Regarding Patent & Trademark".
DOE_CASE_SIGNAL: str = (
    r"\bdoes?\b|" + _ISP + r"|subscriber|ip address|bittorrent|copyright|ao ?12[01]|report regarding patent|" + _DISC
)
# A bare dismissal after an order to show cause about service is not for failure to serve when it says why.
SERVICE_DISMISSAL_NOT: str = r"motion_to_dismiss|jurisdiction|venue|merits"
# Short PACER (history report) descriptions that hide what a motion asked for / an order decided; also
# "MOTION for Discovery, MOTION to Expedite filed by ..." (N.D. Tex.), which only the case tells apart
# from a criminal defendant's "MOTION for Discovery, MOTION for Release of Brady Materials".
SHORT_GENERIC_MOTION: str = (
    r"^[^a-z]*(?:motion for miscellaneous relief|motion - miscellaneous|motion to expedite|motion for discovery"
    r"|motion for discovery/inspection|miscellaneous motion|ex parte application|ex parte motion)\s*\.?$"
    r"|^[^a-z]*(?:motion for discovery|motion to expedite)(?:\s*[,.(]|\s+(?:filed )?by\b)"
)
# Of those, the ones titled as a motion for discovery: in a Doe case each is one for early discovery.
SHORT_DISCOVERY_MOTION: str = r"^[^a-z]*motion for discovery\b"
SHORT_GENERIC_ORDER: str = (
    r"^[^a-z]*(?:order on (?:motion|application)[a-z/ \-]*|order on ex parte application|order)\s*\.?$"
)
ANSWER_OR_DEFENCE: str = r"^[^a-z]*answer\b|motion_to_dismiss|^[^a-z]*notice of (?:attorney )?appearance"
# Labels that show early discovery was granted and used (subpoenas out, Does identified).
DISCOVERY_USE_LABELS: tuple[str, ...] = (
    "subpoena", "quash_motion", "quash_granted", "quash_denied", "amended_complaint", "summons_issued",
    "service_executed", "settlement", "appearance",
)
