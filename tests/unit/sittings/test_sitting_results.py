"""One sitting's stored answers to results and flags (`screening.sittings.rules.sitting_results`,
pure: no database): instrument versions, the gateway (s3 v2) and partly answered sittings."""

from __future__ import annotations

import pytest

from questionnaires import load_instrument
from screening.errors import ConflictError
from screening.sittings.rules.sitting_results import AnswerRow as Row
from screening.sittings.rules.sitting_results import evaluate_sitting, group_answers


def rows(instrument_id: str, values: dict[str, object], version: str | None = None) -> list[Row]:
    version = version or load_instrument(instrument_id).version
    return [
        Row(instrument_id, version, item, None if value == "declined" else float(value), None, value == "declined")  # type: ignore[arg-type]
        for item, value in values.items()
    ]


def codes(answer_rows: list[Row], **kwargs: object) -> list[tuple[str, str]]:
    return [(f.code, f.priority) for f in evaluate_sitting(answer_rows, "A", **kwargs).flags]  # type: ignore[arg-type]


GAD7_10 = {f"gad7_{n}": v for n, v in enumerate([2, 2, 2, 2, 1, 1, 0], start=1)}  # 2x4 + 1 + 1 = 10


@pytest.mark.parametrize("instrument_id", ["gad7", "phq4", "auditc"])
def test_answers_recorded_with_an_earlier_version_the_instrument_reads_unchanged_are_scored(instrument_id: str) -> None:
    # gad7, phq4 and auditc 1.1.0 list answersFrom = ["1.0.0"]: a sitting begun before the
    # upgrade can be completed after it, scored by the installed definition
    values = {item.link_id: 1 for item in load_instrument(instrument_id).scored_items}
    grouped = group_answers(rows(instrument_id, values, "1.0.0"))
    assert grouped[instrument_id] == {link_id: 1 for link_id in values}


def test_a_sitting_with_answers_of_both_versions_is_scored_as_one() -> None:
    before, after = dict(list(GAD7_10.items())[:3]), dict(list(GAD7_10.items())[3:])
    result = evaluate_sitting([*rows("gad7", before, "1.0.0"), *rows("gad7", after)], "A").questionnaires[0]
    assert (result.instrument_version, result.total, result.band) == ("1.1.0", 10, "moderate")


@pytest.mark.parametrize(("instrument_id", "version"), [("gad7", "0.9.0"), ("gad7", "2.0.0"), ("phq9", "1.1.0")])
def test_answers_recorded_with_a_version_not_listed_are_refused(instrument_id: str, version: str) -> None:
    with pytest.raises(ConflictError, match=f"recorded with {instrument_id} version {version}"):
        group_answers(rows(instrument_id, {f"{instrument_id}_1": 1}, version))


def test_a_full_bundle_sitting_abandoned_part_way_is_scored_on_what_was_answered() -> None:
    # PHQ-9 items 1-5 at 3 (15), then abandoned: incomplete, at least 15 (s4 v2); no GAD-7 reached
    results = evaluate_sitting(rows("phq9", {f"phq9_{n}": 3 for n in range(1, 6)}), "A")
    assert [(r.instrument_id, r.total, r.raw_sum) for r in results.questionnaires] == [("phq9", None, 15)]
    assert [(f.code, f.reason) for f in results.flags] == [
        ("phq9_item9_unanswered", "PHQ-9 item 9 (thoughts of being better off dead or of self-harm): not answered"),
        ("phq9_threshold", "PHQ-9 at least 15 (incomplete)"),
    ]


def test_a_gateway_sitting_is_known_by_its_phq4_answers_and_judges_item_9_without_a_phq9_score() -> None:
    answer_rows = [*rows("phq4", {"phq4_1": 0, "phq4_2": 1, "phq4_3": 1, "phq4_4": 0}), *rows("phq9", {"phq9_9": 1})]
    results = evaluate_sitting(answer_rows, "A")
    assert [r.instrument_id for r in results.questionnaires] == ["phq4"]  # no PHQ-9 result: not opened
    assert codes(answer_rows) == [("phq9_item9_positive", "urgent")]


def test_a_gateway_sitting_with_no_item_9_answer_at_all_raises_risk_item_unanswered() -> None:
    answer_rows = rows("phq4", {"phq4_1": 0, "phq4_2": 0, "phq4_3": 0, "phq4_4": 0})
    assert codes(answer_rows) == [("phq9_item9_unanswered", "urgent")]


def test_a_gateway_sitting_abandoned_before_any_answer_raises_item_9_and_gateway_not_answered_when_named() -> None:
    assert codes([], bundle="gateway") == [("phq9_item9_unanswered", "urgent"), ("phq4_half_unanswered", "routine")]
    assert codes([]) == []  # without the bundle, no answers say nothing about a gateway


def test_an_opened_full_instrument_carries_the_phq4_answers_and_results_keep_the_usual_order() -> None:
    # GAD-2 half 2+2 = 4 opens GAD-7: 2+2 carried + 2+2+1+1+0 = 10, ROUTINE; AUDIT-C 5 signposts
    answer_rows = [
        *rows("phq4", {"phq4_1": 2, "phq4_2": 2, "phq4_3": 0, "phq4_4": 0}), *rows("phq9", {"phq9_9": 0}),
        *rows("gad7", {"gad7_3": 2, "gad7_4": 2, "gad7_5": 1, "gad7_6": 1, "gad7_7": 0}),
        *rows("auditc", {"auditc_1": 2, "auditc_2": 2, "auditc_3": 1}),
    ]  # fmt: skip
    results = evaluate_sitting(answer_rows, "A")
    assert [(r.instrument_id, r.total) for r in results.questionnaires] == [("gad7", 10), ("phq4", 4), ("auditc", 5)]
    assert codes(answer_rows) == [("gad7_threshold", "routine"), ("auditc_positive", "signpost")]


def test_an_underweight_bmi_from_the_stored_measures_raises_the_signpost() -> None:
    measures = rows("vital5", {"height_m": 2.0, "weight_kg": 70.0})  # 70 / 2.0^2 = 17.5
    assert codes(measures) == [("bmi_underweight", "signpost")]
