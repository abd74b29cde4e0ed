"""The PDF summary for the EPR: one A4 page, urgent first, every value as typed, no internal id.

Each document is rendered back with PDFium (pypdfium2, the engine Chrome uses): its pages
counted, its text extracted, and a typical and the largest page saved as PNG in
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from screening.clinical.rules.flag_codes import FLAG_RULES
from screening.sittings.rules import summary_pdf as module
from screening.sittings.rules.summary_pdf import summary_pdf, summary_pdf_filename
from tests.summary_examples import (
    ATTENDANCE_ID,
    FLAG_ID,
    PRODUCED,
    SITTING_ID,
    flag,
    largest,
    summary,
    typical,
)

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
A4_POINTS = (595.28, 841.89)


def rendered(data: bytes, png: str | None = None) -> tuple[int, str, dict[str, str]]:
    """Page count, the text of every page (whitespace folded), and the metadata."""
    document = pdfium.PdfDocument(data)
    try:
        if png:
            ARTIFACTS.mkdir(exist_ok=True)
            document[0].render(scale=150 / 72).to_pil().save(ARTIFACTS / png)
        text = " ".join(page.get_textpage().get_text_range() for page in document)
        # PDFium reads a stray control character back where shaping moved a vowel sign before
        # its consonant (Bengali "রহিমা"); the page itself shows the name as typed.
        text = "".join(c for c in " ".join(text.split()) if unicodedata.category(c) != "Cc")
        return len(document), text, document.get_metadata_dict()
    finally:
        document.close()


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def typical_page() -> Iterator[tuple[int, str, dict[str, str]]]:
    yield rendered(summary_pdf(typical(), produced_at=PRODUCED), png="summary-typical.png")


def test_a_typical_summary_is_one_a4_page(typical_page) -> None:
    pages, _, _ = typical_page
    document = pdfium.PdfDocument(summary_pdf(typical(), produced_at=PRODUCED))
    assert pages == 1 and document[0].get_size() == pytest.approx(A4_POINTS, abs=0.1)


def test_the_page_says_who_where_when_and_how_the_sitting_was_given(typical_page) -> None:
    _, text, _ = typical_page
    for words in ("ŁUKASIEWICZ, Zoë", "NHS number 943 476 5919", "Date of birth 03 Feb 1980", "H0000001",
                  "Red cell, St Thomas' Hospital", "started 20 Nov 2026 11:00, completed 20 Nov 2026 11:00 (UK time)",
                  "The patient alone on the tablet", "English; interpreter: not recorded; read aloud: no",
                  "State Completed"):  # fmt: skip
        assert words in text


def test_urgent_flags_come_first_then_results_then_every_flag_with_its_meaning_and_next_step(typical_page) -> None:
    _, text, _ = typical_page
    urgent, results, flags = text.index("URGENT: needs action today"), text.index("Results"), text.index("Flags")
    assert urgent < results < flags
    assert text.index("PHQ-9 item 9: thoughts of being better off dead") < results
    assert "17 (moderately severe)" in text and "21 (severe, prorated)" in text and "185/100 mmHg (severe)" in text
    for each in typical().flags:
        assert folded(each.meaning) in text[flags:] and folded(each.next_step) in text[flags:]
        assert folded(each.reason) in text[flags:] and each.priority.upper() in text[flags:]


def test_the_footer_says_when_it_was_produced_and_page_1_of_1(typical_page) -> None:
    _, text, _ = typical_page
    assert "Produced 20 Nov 2026 14:05 (UK time)." in text and text.endswith("page 1 of 1")


def test_no_internal_id_is_on_the_page_or_in_the_metadata(typical_page) -> None:
    _, text, metadata = typical_page
    for number in (SITTING_ID, ATTENDANCE_ID, FLAG_ID):
        assert str(number) not in text and str(number) not in str(metadata)
    assert metadata["Title"] == "Mind & Body screening summary"
    assert "Zoë" not in str(metadata) and "943" not in str(metadata)  # nor the patient, outside the page


def test_the_same_summary_at_the_same_moment_gives_the_same_bytes() -> None:
    assert summary_pdf(typical(), produced_at=PRODUCED) == summary_pdf(typical(), produced_at=PRODUCED)


def test_the_largest_summary_the_rules_can_make_still_fits_one_page() -> None:
    pages, text, _ = rendered(summary_pdf(largest(), produced_at=PRODUCED), png="summary-largest.png")
    assert pages == 1
    assert "Stopped early: the patient did not finish." in text
    assert "Begun at home from a secure link; with help from staff" in text
    assert "incomplete: too many questions unanswered for a total" in text and "27 (severe, prorated)" in text
    for each in largest().flags:
        assert folded(each.next_step) in text
    assert module._drawn(largest(), PRODUCED, 0.8).pages_count == 1  # in 7.6 pt type or larger, still readable


def test_every_flag_code_at_once_fits_one_page_in_smaller_type() -> None:
    # More than the rules raise at once (item 9 positive and unanswered, severe and threshold...).
    pages, text, _ = rendered(
        summary_pdf(largest(tuple(FLAG_RULES)), produced_at=PRODUCED), png="summary-every-flag.png"
    )
    assert pages == 1 and text.count("contact attempted") == len(FLAG_RULES)


def test_past_the_smallest_type_the_page_is_still_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "SCALES", (1.0, 0.95))  # too few sizes for twenty flags
    many = summary(flags=tuple(flag(code) for code in tuple(FLAG_RULES) * 2))
    pages, text, _ = rendered(summary_pdf(many, produced_at=PRODUCED))
    assert pages > 1 and text.count("AUDIT-C total 12 (positive: full AUDIT advised)") == 2  # none cut
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text


@pytest.mark.parametrize(
    "name",
    [
        "OKAFOR, Zoë Łukasiewicz",
        "Ó BRIAIN, Siobhán",
        "王, 小明",
        "محمد, أحمد",
        "ΠΑΠΑΔΟΠΟΥΛΟΣ, Νίκος",
        "ИВАНОВ, Ёлка",
        "খান, রহিমা",
        "पटेल, अनीता",
        "ሃብተ, ሰላም",
    ],
)
def test_a_name_in_any_script_prints_as_typed(name: str) -> None:
    _, text, _ = rendered(summary_pdf(summary(patient_name=name), produced_at=PRODUCED))
    if any("\u0600" <= character <= "\u06ff" for character in name):
        # Arabic is shaped (joined letters) and laid out right to left: PDFium reads it back in
        # display order, so look for each word, letters as typed (the PNG shows the shaping).
        assert all(word[::-1] in text or word in text for word in name.replace(",", "").split())
    else:
        assert name in text


@pytest.mark.parametrize(
    ("tag", "name"),
    [("zh", "中文 (Chinese)"), ("ko", "한국어 (Korean)"), ("ar", "Arabic)"), ("bn", "বাংলা (Bangla)"),
     ("gu", "ગુજરાતી (Gujarati)"), ("pa", "ਪੰਜਾਬੀ (Punjabi)"), ("ta", "தமிழ் (Tamil)"), ("ti", "ትግርኛ (Tigrinya)"),
     ("hi", "हिन्दी (Hindi)")],
)  # fmt: skip
def test_the_language_of_administration_prints_in_its_own_script(tag: str, name: str) -> None:
    # PDFium reads a bracket beside a right-to-left run back mirrored; the PNG shows "العربية (Arabic)".
    _, text, _ = rendered(summary_pdf(summary(language=tag, interpreter_used=True), produced_at=PRODUCED))
    assert f"{name}; interpreter: yes" in text


def test_markup_in_a_value_prints_literally() -> None:
    hostile = "<b>OKAFOR</b> **Ada** &amp; <script>x</script>"
    _, text, _ = rendered(summary_pdf(summary(patient_name=hostile, clinic="A&B _c_"), produced_at=PRODUCED))
    assert hostile in text and "A&B _c_" in text


def test_without_results_or_flags_the_page_says_so() -> None:
    shown = summary(scores=(), flags=(), physical_flags_shown=False, language="so", interpreter_used=False)
    _, text, _ = rendered(summary_pdf(shown, produced_at=PRODUCED))
    assert "No results were recorded." in text and "No flags were raised." in text
    assert "URGENT" not in text
    assert "Physical-health flags are not shown to the role that produced this document." in text
    assert "Soomaali (Somali); interpreter: no" in text


def test_the_file_name_holds_only_the_date_in_london() -> None:
    assert summary_pdf_filename(PRODUCED) == "screening-summary-2026-11-20.pdf"
