"""Doe counts from captions and docket-number normalisation."""

from __future__ import annotations

import pytest

from pipelines.normalize import does_in_caption, make_case_id, parse_docket_number


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Hard Drive Productions, Inc. v. Does 1-90", 90),
        ("Malibu Media, LLC v. John Does 1 Through 59", 59),
        ("Patrick Collins, Inc. v. DOES 1 THROUGH 5865", 5865),
        ("Achte/Neunte Boll Kino Beteiligungs GmbH & Co KG v. Does 1-1,474", 1474),
        ("Malibu Media, LLC v. John Doe subscriber assigned IP address 1.2.3.4", 1),
        ("Boy Racer, Inc. v. Does 2-52", 51),
        ("Third Degree Films v. Does 1 - 3577", 3577),
        ("Dallas Buyers Club, LLC v. DOE-[IP withheld]", 1),
        ("K-Beech, Inc. v. John Doe 37 and Robert Jenkins, Jr.", 1),
        ("Patrick Collins, Inc. v. DOE, JOHN", 1),
        ("Patrick Collins, Inc. v. Does", None),  # plural with no number: count unknown
        ("Malibu Media, LLC v. Torrel", None),
        ("Doe v. Smith", None),  # a Doe plaintiff is not a Doe defendant
        ("Zeta Photo v. Doe Run Resources Corp", None),  # a company named Doe is no Doe
        ("Beta Music v. Smith, Doe & Jones LLP", None),
        ("Epsilon Prints v. Acme Stores Inc, Beta Outlet LLC and Does 1-10", 10),
        ("Eta Films v. DOES I-X", 10),
        ("Breaking Glass Pictures v. Swarm Sharing Hash File SHA1: 973F491D", None),
        ("", None),
        (None, None),
    ],
)
def test_does_in_caption(caption, expected):
    assert does_in_caption(caption) == expected


@pytest.mark.parametrize(
    "spelling",
    ["C11-03825 HRL", "5:11-cv-03825-HRL", "5:2011cv03825", "11-cv-03825", "C:11-03825-HRL", "No. C 11-03825 HRL",
     "5:11-CV-3825"],
)
def test_docket_number_spellings_give_one_case_id(spelling):
    assert make_case_id("cand", spelling) == "cand:1103825"


def test_docket_number_parts():
    parsed = parse_docket_number("5:11-cv-03825-HRL")
    assert (parsed.office, parsed.year, parsed.sequence, parsed.case_type, parsed.judge_initials) == (
        "5", "11", "03825", "cv", "HRL")
    clerk = parse_docket_number("CV-11-1333-LHK")
    assert (clerk.office, clerk.core, clerk.judge_initials) == (None, "1101333", "LHK")
    assert parse_docket_number("2:17-cv-01239-JLL-JAD").judge_initials == "JLL"


@pytest.mark.parametrize("junk", ["", "   ", "not a docket", "11-03825-12", "cv"])
def test_non_docket_numbers_are_rejected(junk):
    assert parse_docket_number(junk) is None
    assert make_case_id("cand", junk) is None
