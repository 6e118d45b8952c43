"""Exact behaviour of the docket-entry classifier (pipelines/classify.py) on specific strings and dockets."""

from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl
import pytest

from pipelines.classify import LABELS, OUTPUT_SCHEMA, classify_entries, classify_texts
from pipelines.classify_cli import main_classify
from pipelines.classify_rules import RULES


def one(text: str) -> dict:
    return classify_texts([text])[0]


def test_labels_are_the_contract_vocabulary_in_order() -> None:
    assert LABELS[0] == "complaint" and LABELS[-1] == "other" and len(LABELS) == 25
    assert {rule.label for rule in RULES} | {"other"} == set(LABELS)


@pytest.mark.parametrize(
    ("text", "labels", "rules_on", "does"),
    [
        ("ORDER by Judge Samuel Conti granting 5 Ex Parte Application for Leave to Take Expedited Discovery",
         ["discovery_granted"], [5], None),
        ("ORDER DENYING 16 22 Doe Defendants' Motions to Quash. Signed by Judge Laurel Beeler on 11/8/2011.",
         ["quash_denied"], [16, 22], None),
        ("ORDER by Magistrate Judge Howard R. Lloyd (1) Granting Motion to Sever; (2) Dismissing Does 2-84 Without "
         "Prejudice; (3) Denying Motion for Sanctions. Re: 22 , 13 , 14 , 24 , 25 .",
         ["severance", "sanctions"], [22, 13, 14, 24, 25], 83),
        ("ORDER ON MOTION FOR LEAVE TO SERVE THIRD PARTY SUBPOENA granting [6] Motion for Discovery.",
         ["discovery_granted"], [6], None),
        ("ORDER GRANTING-IN-PART MOTION FOR LEAVE TO TAKE LIMITED DISCOVERY PRIOR TO RULE 26(F) CONFERENCE, re 8 .",
         ["discovery_granted_in_part"], [8], None),
        ("ORDER GRANTING IN PART 8 Plaintiff's Ex Parte Motion for Expedited Discovery. The court grants Plaintiff's "
         "motion with respect to Doe No. 1, and it severs Does 2-33 and dismisses Plaintiff's claims against them.",
         ["discovery_granted_in_part", "severance"], [8], 32),
        ("ORDER DISMISSING DOES 2-3577 for improper joinder.", ["severance"], [], 3576),
        ("ORDER severing Does 1-16 and 18-5011 and dismissing them without prejudice.", ["severance"], [], 5010),
        ("ORDER dismissing John Does 3, 4, 5 for failure to serve pursuant to Rule 4(m).",
         ["dismissal_failure_to_serve"], [], 3),
        ("COMPLAINT against Defendants Does 1-1,474 filed by Voltage Pictures LLC.", ["complaint"], [], 1474),
        ("Order by Magistrate Judge Howard R. Lloyd granting 5 Motion for Leave to Conduct Expedited Discovery and "
         "Denying as Moot 17 Motion for Leave to Conduct Expedited Discovery.", ["discovery_granted"], [5, 17], None),
        ("MOTION to Quash Subpoena Duces Tecum Directed to Non-Party Citibank, N.A. Document filed by Atlas Shipping Inc..",
         ["other"], [], None),
        ("SCHEDULING ORDER: Discovery due by 6/30/2013. Signed by Judge Jane Roe on 1/9/2013.", ["other"], [], None),
        ("STIPULATION AND ORDER OF DISMISSAL WITH PREJUDICE: The parties having reached a settlement, the action is "
         "dismissed with prejudice.", ["voluntary_dismissal", "settlement"], [], None),
        ("ORDER TO SHOW CAUSE WHY DOES 2-44 SHOULD NOT BE SEVERED AND DISMISSED.", ["show_cause"], [], 43),
        ("Certificate of Service", ["other"], [], None),
    ],
)
def test_line_level_golden(text: str, labels: list[str], rules_on: list[int], does: int | None) -> None:
    got = one(text)
    assert got["labels"] == labels
    assert got["rules_on"] == rules_on
    assert got["does_affected"] == does


def test_rule_ids_judge_and_prejudice_are_reported() -> None:
    got = one("NOTICE of Voluntary Dismissal as to Does 1-30 without prejudice by Hard Drive Productions, Inc.")
    assert got["rules"] == ["voluntary_dismissal.notice_or_stipulation"]
    assert got["with_prejudice"] is False and got["does_affected"] == 30
    got = one("ORDER DISMISSING CASE WITH PREJUDICE. (Ordered by Judge Barbara M.G. Lynn on 4/2/2012)")
    assert got["labels"] == ["dismissal_other"] and got["with_prejudice"] is True
    assert got["judge"] == "Barbara M.G. Lynn"
    assert one("Order by Magistrate Judge Donna M. Ryu denying 22 Ex Parte Application.")["judge"] == "Donna M. Ryu"
    bare = one("ORDER by Judge Samuel Conti granting 10 Ex Parte Application (sclc1, COURT STAFF)")
    assert bare["rules"] == ["discovery_granted.bare_ex_parte_application"] and bare["inferred"] is True
    assert one("nothing to see")["rules"] == ["other.no_rule_matched"]


def _docket(case: str, texts: list[tuple[int | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "case_id": [case] * len(texts),
            "entry_seq": list(range(len(texts))),
            "entry_number": [n for n, _ in texts],
            "date_filed": [dt.date(2011, 1, 1) + dt.timedelta(days=i) for i in range(len(texts))],
            "description": [t for _, t in texts],
        },
        schema={"case_id": pl.String, "entry_seq": pl.Int64, "entry_number": pl.Int64, "date_filed": pl.Date,
                "description": pl.String},
    )


def _events(frame: pl.DataFrame) -> dict[int, list[tuple[str, str, bool]]]:
    out = classify_entries(frame)
    assert out.schema == pl.Schema(OUTPUT_SCHEMA)
    result: dict[int, list[tuple[str, str, bool]]] = {}
    for row in out.sort("entry_seq", "label").iter_rows(named=True):
        result.setdefault(row["entry_seq"], []).append((row["label"], row["rule"], row["inferred"]))
    assert sorted(result) == list(range(frame.height)), "every entry gets at least one label"
    return result


def test_order_inherits_what_the_motion_asked_for() -> None:
    ev = _events(_docket("cand:1100001", [
        (1, "COMPLAINT against Does 1-46"),
        (7, "MOTION for Miscellaneous Relief: leave to serve a Rule 45 subpoena on Comcast before the Rule 26(f) conference"),
        (9, "EX PARTE APPLICATION for Extension of Time to File Case Management Statement"),
        (10, "ORDER granting 7 Motion for Miscellaneous Relief. Signed by Judge A. B. Judge on 2/2/2011."),
        (11, "ORDER by Judge Samuel Conti granting 9 Ex Parte Application (sclc1, COURT STAFF)"),
    ]))
    assert ev[1] == [("discovery_motion", "discovery_motion.application_for_early_discovery", False)]
    assert ev[3] == [("discovery_granted", "context.inherits_motion", True)]
    # the bare "granting 9 Ex Parte Application" was an extension of time: no discovery grant
    assert ev[4] == [("other", "other.no_rule_matched", False)]


def test_vacated_banner_moves_the_vacatur_to_the_vacating_order() -> None:
    ev = _events(_docket("txnd:1100001", [
        (4, "MOTION for Leave to take Discovery prior to Rule 26(f) Conference filed by Serious Bidness, LLC."),
        (5, "***VACATED per 6 ORDER***ORDER granting 4 Motion for Leave to take Discovery prior to Rule 26(f) Conference."),
        (6, "Order"),
    ]))
    assert ev[1] == [("discovery_granted", "discovery_granted.order_granting_motion", False)]
    assert ev[2] == [("discovery_vacated", "context.vacated_marker", True)]


def test_dismissal_after_service_show_cause_is_failure_to_serve() -> None:
    ev = _events(_docket("cand:1103336", [
        (30, "ORDER TO SHOW CAUSE why the case should not be dismissed for failure to serve under Rule 4(m)."),
        (45, "ORDER DISMISSING CASE. Signed by Judge Lucy H. Koh on 3/27/2012."),
    ]))
    assert ev[1] == [("dismissal_failure_to_serve", "context.after_service_show_cause", True)]
    plain = _events(_docket("cand:1103337", [(45, "ORDER DISMISSING CASE. Signed by Judge Lucy H. Koh on 3/27/2012.")]))
    assert plain[0] == [("dismissal_other", "dismissal_other.order_dismissing", False)]


def test_short_history_report_descriptions_resolved_from_the_case() -> None:
    frame = _docket("njd:1800001", [
        (1, "Complaint"), (2, "AO121 Copyright Form"), (3, "Motion for Miscellaneous Relief"),
        (4, "Order on Motion for Miscellaneous Relief"), (5, "Amended Complaint"), (6, "Summons Issued"),
    ])
    ev = _events(frame)
    assert ev[2] == [("discovery_motion", "context.short_motion_in_doe_case", True)]
    assert ev[3] == [("discovery_granted", "context.short_order_on_discovery_motion", True)]
    out = classify_entries(frame)
    assert out.filter(pl.col("entry_seq") == 3)["rules_on"].to_list() == [[3]]
    # without a sign that the case is a Doe/copyright case the generic motion stays unresolved
    bare = _events(_docket("njd:1800002", [(1, "Complaint"), (2, "Motion for Miscellaneous Relief")]))
    assert bare[1] == [("other", "other.no_rule_matched", False)]


def test_empty_input_has_the_output_schema() -> None:
    empty = _docket("x", [])
    assert classify_entries(empty).schema == pl.Schema(OUTPUT_SCHEMA)


def test_cli_plain_and_jsonl_lines() -> None:
    stdin = io.StringIO('ORDER granting 7 Ex Parte Application for Leave to Take Expedited Discovery\n\n'
                        '{"text": "ORDER severing Does 2-90.", "id": 3}\n')
    stdout = io.StringIO()
    assert main_classify(stdin, stdout, None) == 0
    rows = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [r["labels"] for r in rows] == [["discovery_granted"], ["severance"]]
    assert rows[0]["rules_on"] == [7] and rows[1]["does_affected"] == 89


def test_cli_malformed_jsonl_names_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main_classify(io.StringIO('ok line\n{"text": \n'), io.StringIO(), None)
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "line 2" in err[0]
