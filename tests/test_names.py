"""Name resolution: plaintiff keys, counsel and firms, judges, Doe parties, and the alias tables."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from pipelines import names


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Malibu Media, LLC", "MALIBU MEDIA LLC", "Malibu Media L.L.C.", "MALIBU MEDIA , LLC."], "malibu media llc"),
        (["IO Group, Inc.", "1O Group, Inc", "IO Group, Inc. d/b/a Titan Media"], "io group inc"),
        (["Pacific Century International, Ltd.", "Pacific Century International LTD"], "pacific century international ltd"),
        # the Hard Drive order lists "Hard Drive Productions, LLC" cases as Hard Drive's (plaintiff_aliases.csv)
        (["Hard Drive Productions, Inc.", "Hard Drive Productions, LLC", "HARD DRIVE PRODUCTIONS INC"],
         "hard drive productions inc"),
    ],
)
def test_plaintiff_spellings_share_one_key(spellings, key):
    assert {names.plaintiff_key(s) for s in spellings} == {key}


def test_plaintiff_key_keeps_unsupported_variants_apart():
    # No source in the project says "Millenium TGA Inc." is "Millennium TGA, Inc.": not folded.
    assert names.plaintiff_key("Millenium TGA Inc.") != names.plaintiff_key("Millennium TGA, Inc.")
    assert names.plaintiff_key(None) is None and names.plaintiff_key("  ") is None


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("MALIBU MEDIA , LLC.", "Malibu Media, LLC"), ("ME2 PRODUCTIONS INC", "ME2 Productions Inc"),
     ("Strike 3 Holdings, LLC", "Strike 3 Holdings, LLC"), ("REDWOOD MEDIA GROUP", "Redwood Media Group")],
)
def test_display_name(raw, shown):
    assert names.display_name(raw) == shown


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Brett Langdon Gibbs", "Brett L. Gibbs"), ("Brett Gibbs", "Brett L. Gibbs"), ("BRETT L GIBBS", "Brett L. Gibbs"),
     ("Gill Sperlein", "D. Gill Sperlein"), ("Evan F Stone", "Evan F. Stone"), ("ERIC ALAN ISAACSON", "Eric Alan Isaacson")],
)
def test_resolve_attorney(raw, name):
    assert names.resolve_attorney(raw) == name


def test_firms_and_their_links():
    assert names.resolve_firm("Steele Hansmeier, PLLC") == "Steele Hansmeier PLLC"
    assert names.resolve_firm("Prenda Law") == names.resolve_firm("Prenda Law, Inc.") == "Prenda Law Inc."
    assert names.resolve_firm("Law Offices of Evan Stone") == "Law Offices of Evan Stone"
    assert names.firm_family("Prenda Law Inc.") == {"Prenda Law Inc.", "Steele Hansmeier PLLC"}
    assert names.firm_family("Doniger Law Firm") == {"Doniger Law Firm"}


@pytest.mark.parametrize(
    ("contact", "firm"),
    [
        ("Law Offices of Evan Stone\n624 W University Dr\nSuite 386\nDenton, TX 76201\n469/248-5238", "Law Offices of Evan Stone"),
        ("Resch Polster & Berger\n9200 Sunset Boulevard", "Resch Polster & Berger"),
        ("6580 Avenida Mirola\nLa Jolla, CA 92037\n(858) 555-0100\nPRO SE\n", None),
        ("(See above for address)", None),
        ("P.O. Box 12\nAustin, TX 78701", None),
        ("Email: someone@example.com", None),
        ("", None),
        (None, None),
    ],
)
def test_firm_from_contact(contact, firm):
    assert names.firm_from_contact(contact) == firm


def test_firm_for_attorney_only_inside_an_observed_span():
    assert names.firm_for_attorney("Brett L Gibbs", date(2011, 4, 20)) == "Steele Hansmeier PLLC"
    assert names.firm_for_attorney("Brett L. Gibbs", date(2011, 8, 1)) is None  # between spans: not guessed
    assert names.firm_for_attorney("Brett L. Gibbs", None) is None


@pytest.mark.parametrize(
    ("court", "raw", "judge"),
    [
        ("cand", "hrllc2", "Howard R. Lloyd"),
        ("cand", "HRL", "Howard R. Lloyd"),
        ("cand", "lhklc1", "Lucy H. Koh"),
        ("cand", "sclc2", "Samuel Conti"),
        ("cand", "emcsec", "Edward M. Chen"),
        ("cand", "Hon. Howard R. Lloyd", "Howard R. Lloyd"),
        ("cacd", "Judge Otis D Wright, II", "Otis D. Wright, II"),
        ("txnd", "Judge Royal Furgeson", "Royal Furgeson"),
        ("njd", "Madeline Cox Arleo, presiding", "Madeline Cox Arleo"),
        ("nysd", "XYZ", None),  # initials nobody in the table has
        ("cand", "", None),
    ],
)
def test_resolve_judge(court, raw, judge):
    assert names.resolve_judge(court, raw) == judge


def test_judges_from_docket_number():
    assert names.judges_from_docket_number("njd", "2:17-cv-01239-MCA-LDW") == ("Madeline Cox Arleo", "Leda D. Wettre")
    assert names.judges_from_docket_number("cand", "5:11-cv-03825-HRL") == ("Howard R. Lloyd", None)
    assert names.judges_from_docket_number("cand", "5:11-cv-03825") == (None, None)


@pytest.mark.parametrize(
    ("name", "extra", "expected"),
    [
        ("Does 1-109", None, names.DoeParty("Does 1-109", 109, 1, 109)),
        ("DOES 1 THROUGH 5865", None, names.DoeParty("Does 1-5865", 5865, 1, 5865)),
        ("Does 1 - 1,474", None, names.DoeParty("Does 1-1474", 1474, 1, 1474)),
        ("Does", "1 through 10, inclusive", names.DoeParty("Does 1-10", 10, 1, 10)),
        ("Doe 1", None, names.DoeParty("Doe 1", 1, 1, 1)),
        ("John Doe 4", "IP address [ip:0123456789ab]", names.DoeParty("Doe 4", 1, 4, 4)),
        ("JOHN DOE SUBSCRIBER ASSIGNED IP ADDRESS [ip:0123456789ab]", None,
         names.DoeParty("John Doe (IP address [ip:0123456789ab])", 1)),
        ("DOE-[ip:0123456789ab]", None, names.DoeParty("John Doe (IP address [ip:0123456789ab])", 1)),
        ("John Doe", None, names.DoeParty("John Doe", 1)),
        ("Does", None, names.DoeParty("Does", None)),
        ("Torrel", None, None),
        (None, None, None),
    ],
)
def test_doe_party(name, extra, expected):
    assert names.doe_party(name, extra) == expected


def test_does_total_counts_each_numbered_doe_once():
    rows = [names.doe_party("Does 1-109"), names.doe_party("Doe 1")]
    assert names.does_total(rows) == 109
    assert names.does_total([names.doe_party("Doe 3"), names.doe_party("John Doe")]) == 2
    assert names.does_total([names.doe_party("Does")]) is None
    assert names.does_total([]) is None


@pytest.mark.parametrize("table", ["plaintiff_aliases.csv", "counsel_aliases.csv", "attorney_firms.csv", "judges.csv"])
def test_every_alias_row_names_its_source(table):
    with (names.ALIASES_DIR / table).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["source_url"].startswith(("http://", "https://")), row
        assert len(row["basis"]) > 20, row
