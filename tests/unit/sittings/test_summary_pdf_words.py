"""The words of the PDF summary: identifiers for filing, how the sitting was given, its state."""

from __future__ import annotations

from datetime import date

import pytest

from screening.sittings.rules.summary_pdf_words import STOPPED_EARLY, nhs_number_shown, patient_lines, sitting_lines
from tests.summary_examples import summary


def test_the_nhs_number_is_spaced_three_three_four_and_anything_else_is_left_as_stored() -> None:
    assert (nhs_number_shown("9434765919"), nhs_number_shown("94347")) == ("943 476 5919", "94347")


def test_an_identifier_the_summary_does_not_carry_is_left_out_not_printed_as_none() -> None:
    assert patient_lines(summary(nhs_number=None, date_of_birth=None, hospital_number=None)) == (
        ("Patient", "ŁUKASIEWICZ, Zoë"),
    )
    assert dict(patient_lines(summary(date_of_birth=date(2001, 12, 9))))["Date of birth"] == "09 Dec 2001"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "completed"}, "Completed"),
        ({"status": "abandoned", "completed_at": None}, STOPPED_EARLY),
        ({"status": "in_progress", "completed_at": None}, "Not finished when this document was produced"),
        ({"status": "declined", "completed_at": None, "decline_reason": "Too unwell today"},
         "Declined (Too unwell today): no questions were answered."),
        ({"status": "declined", "completed_at": None}, "Declined: no questions were answered."),
    ],
)  # fmt: skip
def test_the_state_says_completed_or_what_stopping_early_means(fields: dict[str, object], expected: str) -> None:
    assert dict(sitting_lines(summary(**fields)))["State"].startswith(expected)


def test_a_sitting_begun_at_home_and_finished_with_staff_says_both() -> None:
    lines = dict(sitting_lines(summary(remote=True, mode="assisted", site=None, completed_at=None)))
    assert lines["How it was given"] == "Begun at home from a secure link; with help from staff"
    assert lines["Clinic"] == "Red cell"
    assert lines["Date and time"] == "started 20 Nov 2026 11:00 (UK time)"


def test_the_site_is_named_after_the_clinic_unless_the_clinic_name_already_says_it() -> None:
    assert dict(sitting_lines(summary()))["Clinic"] == "Red cell, St Thomas' Hospital"
    named = summary(clinic="Guy's Hospital: Haemoglobinopathy", site="Guy's Hospital")
    assert dict(sitting_lines(named))["Clinic"] == "Guy's Hospital: Haemoglobinopathy"


def test_the_language_is_named_in_its_own_script_and_in_english_with_interpreter_and_read_aloud() -> None:
    lines = dict(sitting_lines(summary(language="so", interpreter_used=False, read_aloud_used=True)))
    assert lines["Language"] == "Soomaali (Somali); interpreter: no; read aloud: yes"
    assert dict(sitting_lines(summary()))["Language"] == "English; interpreter: not recorded; read aloud: no"
