"""The classifier on real docket text: score floors on ../shared's hand-labelled real entries and on the
hand labels of whole sample dockets, exact scoring arithmetic, and the issue-17 rule behaviours."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.classify import classify_entries, classify_texts
from pipelines.classify.evaluate import _tally, load_docket_labels, load_eval, markdown, score, score_dockets
from tests.conftest import SHARED

REAL_ENTRIES = SHARED / "real_entries" / "entries.jsonl"
DOCKET_LABELS = Path(__file__).parent / "classify_eval" / "sample_dockets_labels.csv"
MICRO_F1_FLOOR = 0.95  # issue 17: both real sets; measured 0.986 and 0.997 (docs/classifier.md)


@pytest.fixture(scope="module")
def real_entries() -> list[dict]:
    if not REAL_ENTRIES.is_file():
        pytest.skip("../shared/real_entries is absent")
    return load_eval(REAL_ENTRIES)


@pytest.mark.samples
def test_real_entries_reach_the_floor(real_entries: list[dict]) -> None:
    result = score(real_entries)
    assert result["entries"] == 95
    assert result["micro_f1"] >= MICRO_F1_FLOOR
    assert result["macro_f1"] >= 0.90
    # every court's entries are scored, and a table row is printed for each
    assert sum(c["entries"] for c in result["per_court"].values()) == 95 and len(result["per_court"]) == 29
    table = markdown(result, "real entries")
    assert "| cand | 24 |" in table and "| quash_denied |" in table


@pytest.mark.samples
def test_whole_sample_dockets_reach_the_floor(shared_samples: Path) -> None:
    result = score_dockets(DOCKET_LABELS, shared_samples / "pacer")
    assert result["entries"] == len(load_docket_labels(DOCKET_LABELS)) >= 600
    assert result["micro_f1"] >= MICRO_F1_FLOOR
    # the rulings the funnel is built from are found where the hand labels put them
    for label in ("complaint", "discovery_motion", "discovery_granted", "voluntary_dismissal", "summons_issued"):
        assert result["per_label"][label]["f1"] >= 0.9, label


def test_scores_are_exact_multi_label_counts() -> None:
    gold = [{"quash_denied"}, {"discovery_granted", "severance"}, {"other"}]
    predicted = [{"quash_denied"}, {"discovery_granted", "sanctions"}, {"other"}]
    result = _tally(gold, predicted, ["cand", "cand", "ord"])
    assert result["micro_precision"] == result["micro_recall"] == 3 / 4
    assert result["per_label"]["severance"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}
    assert result["per_label"]["sanctions"]["predicted"] == 1
    # macro over the 5 labels seen: quash_denied, discovery_granted and other 1.0, severance and sanctions 0.0
    assert result["macro_f1"] == pytest.approx(3 / 5)
    assert result["per_court"]["cand"] == {"entries": 2, "micro_f1": pytest.approx(2 * 2 / (2 * 2 + 1 + 1)), "errors": 2}
    assert result["per_court"]["ord"]["micro_f1"] == 1.0
    assert result["confusions"] == [(("severance", "sanctions"), 1)]


def test_real_entries_layout_is_read(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"text": "ORDER denying 5 Motion to Quash", "labels": ["quash_denied"], "rules_on": "5 7",'
                    ' "does_affected": "", "court_id": "cod"}\n')
    [record] = load_eval(path)
    assert record["rules_on"] == [5, 7] and record["does_affected"] is None and record["court"] == "cod"
    path.write_text('{"text": "x", "labels": ["other"], "rules_on": "5a"}\n')
    with pytest.raises(ValueError, match="line 1: rules_on"):
        load_eval(path)


def _labels(text: str) -> list[str]:
    return classify_texts([text])[0]["labels"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # an exclusion in another sentence no longer switches the label off
        ("ORDER denying 10 Motion to Quash and Motion for Protective Order. The stay of the discovery order in the "
         "related actions is lifted and their discovery deadlines are extended.", ["quash_denied"]),
        # every order of a multi-order entry
        ("ORDER VACATING 13 Order; GRANTING, in part, 11 Motion for Leave to Serve Third Party Subpoena; RECOMMENDING "
         "that Does 2-13 be dismissed without prejudice.",
         ["discovery_granted_in_part", "discovery_vacated", "severance"]),
        ("ORDER: the court sua sponte severs all of the defendants except Doe 1 for improper joinder. The pending "
         "motions to quash are denied as moot. Doe 1's motion to quash is granted.",
         ["quash_granted", "quash_denied", "severance"]),
        # passive and narrative forms
        ("ORDER: the subpoenas served on the ISPs are hereby Quashed as to all Doe Defendants except Doe 1.", ["quash_granted"]),
        ("ORDER. On May 1, 2012, the Court quashed the subpoenas at issue.", ["quash_granted"]),
        ("ORDER. Doe 7 has not shown that the subpoena must be quashed. Doe 7's Motion to Quash 14 is denied.", ["quash_denied"]),
        ("OPINION AND ORDER PERMITTING LIMITED EXPEDITED DISCOVERY.", ["discovery_granted"]),
        # judgments and sanctions as imposed
        ("ORDER granting Defendant's 174 Motion for Summary Judgment.", ["judgment"]),
        ("ORDER granting in part 62 Motion for Default Judgment as to Richard Roe.", ["default", "judgment"]),
        ("ORDER granting 107 Motion for Contempt.", ["sanctions"]),
        ("OPINION AND ORDER. The Court finds that the subscriber violated a court order.", ["sanctions"]),
        ("MOTION for Sanctions by Acme Corp.", ["other"]),
        ("ORDER granting 50 Motion for Extension of Time to Answer 45 MOTION for Sanctions.", ["other"]),
        ("Notice of Hearing Date set for 8/30/2019 re 35 MOTION for Sanctions", ["other"]),
        ("ORDER TO SHOW CAUSE RE SANCTIONS FOR RULE 11 VIOLATIONS.", ["show_cause"]),
        # a criminal case's discovery is not early discovery; an anonymity motion is not a motion to quash
        ("MOTION for Discovery , MOTION for Release of Brady Materials by Richard Roe.", ["other"]),
        ("ORDER Granting 20 Motion for Reciprocal Discovery as to Richard Roe (1).", ["other"]),
        ("ORDER denying 11 Motion to Proceed Anonymously.", ["other"]),
        # moot, struck and overruled motions are denied
        ("ORDER striking 18 Motion to Quash", ["quash_denied"]),
        ("ORDER denying as moot 14 Motion to Quash.", ["quash_denied"]),
        # look-alikes of juriscraper's district fixtures
        ("Arrest Warrant Returned Executed on 2/2/2018 as to Richard Roe", ["other"]),
        ("MINUTE entry: If a stipulation of dismissal is filed prior to that date, the status hearing will be stricken.",
         ["other"]),
        ("Judgment Returned Executed as to Richard Roe on 5/3/2013.", ["other"]),
    ],
)
def test_issue_17_rules(text: str, labels: list[str]) -> None:
    assert _labels(text) == labels


def test_criminal_motion_for_discovery_stays_other_but_a_doe_case_resolves_it() -> None:
    def docket(case: str, texts: list[str]) -> pl.DataFrame:
        return pl.DataFrame({"case_id": case, "entry_seq": range(len(texts)), "entry_number": range(1, len(texts) + 1),
                             "date_filed": None, "description": texts},
                            schema={"case_id": pl.String, "entry_seq": pl.Int64, "entry_number": pl.Int64,
                                    "date_filed": pl.Date, "description": pl.String})

    motion = "MOTION for Discovery, MOTION to Expedite filed by Plaintiff. (Attachments: # 1 Exhibit)"
    doe = docket("txnd:1", ["COMPLAINT against Does 1-109", motion])
    criminal = docket("casd:1", ["INDICTMENT as to Richard Roe", "MOTION for Discovery, MOTION for Release of Brady Materials"])
    out = classify_entries(pl.concat([doe, criminal])).filter(pl.col("entry_seq") == 1).sort("case_id")
    assert out.select("case_id", "label", "rule").rows() == [
        ("casd:1", "other", "other.no_rule_matched"),
        ("txnd:1", "discovery_motion", "context.short_motion_in_doe_case"),
    ]
