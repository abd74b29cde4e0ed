"""The printable summary: urgent first, every value escaped, no identifier in the file name."""

from __future__ import annotations

from datetime import UTC, datetime

from screening.clinical.rules.flag_codes import FLAG_DESCRIPTIONS, FLAG_NEXT_STEPS
from screening.sittings.rules.sitting_summaries import SittingSummary, SummaryFlag, SummaryScore, ordered_flags
from screening.sittings.rules.summary_html import summary_filename, summary_html

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)


def flag(code: str, priority: str, reason: str = "why") -> SummaryFlag:
    return SummaryFlag(code, "psychological", priority, reason, "open", FLAG_DESCRIPTIONS[code], FLAG_NEXT_STEPS[code])


def summary(**fields: object) -> SittingSummary:
    base = dict(
        sitting_id=7, attendance_id=3, patient_name="OKAFOR, Ada", hospital_number="H0000001", clinic="Red cell",
        status="completed", mode="self", started_at=NOW, completed_at=NOW, closed=False, decline_reason=None,
        answered_items=19,
    )  # fmt: skip
    return SittingSummary(**{**base, **fields})  # type: ignore[arg-type]


def test_flags_are_ordered_urgent_first_keeping_the_raised_order_within_a_priority() -> None:
    raised = [flag("phq9_threshold", "routine"), flag("bp_severe", "urgent"), flag("gad7_severe", "high"),
              flag("phq9_item9_positive", "urgent")]  # fmt: skip
    assert [f.code for f in ordered_flags(raised)] == [
        "bp_severe",
        "phq9_item9_positive",
        "gad7_severe",
        "phq9_threshold",
    ]


def test_a_result_says_prorated_and_an_incomplete_one_has_no_total() -> None:
    prorated = SummaryScore("phq9", "PHQ-9", 21, "severe", True, False, None, None)
    incomplete = SummaryScore("gad7", "GAD-7", None, None, False, False, None, None)
    bp = SummaryScore("bp", "Blood pressure", None, "raised", False, True, 142, "142/91")
    bmi = SummaryScore("bmi", "BMI", None, "overweight", False, True, 28.0, None)
    assert prorated.text == "21 (severe, prorated)"
    assert incomplete.text.startswith("incomplete")
    assert (bp.text, bmi.text) == ("142/91 mmHg (raised)", "28.0 (overweight)")


def test_the_page_puts_urgent_flags_first_in_plain_words() -> None:
    page = summary_html(summary(flags=(flag("phq9_item9_positive", "urgent", "PHQ-9 item 9 answered 2"),
                                       flag("phq9_threshold", "routine"))), printed_at=NOW)  # fmt: skip
    assert page.index("<h2>URGENT</h2>") < page.index("<h2>Results</h2>") < page.index("<h2>Flags</h2>")
    assert "PHQ-9 item 9 answered 2. Before the patient leaves today" in page


def test_every_value_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & O\'Brien'
    page = summary_html(summary(patient_name=hostile, hospital_number="<b>1</b>", clinic="A&B"), printed_at=NOW)
    assert "<script>" not in page and "<b>1</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#x27;Brien" in page
    assert "A&amp;B" in page


def test_the_page_loads_nothing_from_elsewhere() -> None:
    page = summary_html(summary(), printed_at=NOW)
    assert "http" not in page and "<script" not in page and "No flags were raised." in page


def test_the_file_name_holds_only_the_date() -> None:
    assert summary_filename(NOW) == "screening-summary-2026-11-20.html"
