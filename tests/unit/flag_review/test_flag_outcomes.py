"""Closing a flag: an outcome and a note always; a destination for referrals; a reason for no action."""

from __future__ import annotations

import pytest

from screening.clinical.rules.codes import REFERRAL_DESTINATIONS
from screening.errors import InvalidValue
from screening.flag_review.rules.flag_outcomes import (
    OUTCOME_LABELS,
    REVIEW_OUTCOMES,
    Closing,
    closing,
    describe_outcome,
)

NOTE = "Discussed with patient in clinic."


def test_the_reviewer_chooses_from_the_four_outcomes_issue_7_names_and_never_the_import_outcome() -> None:
    assert REVIEW_OUTCOMES == ("referred", "already_under_care", "declined_by_patient", "no_further_action")
    with pytest.raises(InvalidValue, match="choose one of referred, already under care"):
        closing("historical_import", NOTE)


@pytest.mark.parametrize("outcome", [None, "", "discharged"])
def test_closing_without_a_known_outcome_is_refused(outcome: str | None) -> None:
    with pytest.raises(InvalidValue, match="outcome"):
        closing(outcome, NOTE)


@pytest.mark.parametrize("outcome", REVIEW_OUTCOMES)
def test_every_outcome_needs_a_note(outcome: str) -> None:
    with pytest.raises(InvalidValue, match="note: is needed"):
        closing(outcome, "  ", referred_to="gp", detail="reason")


@pytest.mark.parametrize("destination", sorted(set(REFERRAL_DESTINATIONS) - {"other"}))
def test_a_referral_names_its_destination(destination: str) -> None:
    assert closing("referred", NOTE, referred_to=destination, detail="left on the form") == Closing(
        "referred",
        NOTE,
        destination,
        None,  # stray words are not stored
    )


def test_a_referral_without_a_destination_is_refused() -> None:
    with pytest.raises(InvalidValue, match="referred to: choose where"):
        closing("referred", NOTE)
    with pytest.raises(InvalidValue, match="referred to"):
        closing("referred", NOTE, referred_to="pharmacy")


def test_a_referral_to_other_needs_its_own_words() -> None:
    assert closing("referred", NOTE, referred_to="other", detail=" Haemoglobinopathy nurse ").detail == (
        "Haemoglobinopathy nurse"
    )
    with pytest.raises(InvalidValue, match="other destination: is needed"):
        closing("referred", NOTE, referred_to="other", detail="")


def test_no_further_action_needs_a_reason() -> None:
    done = closing("no_further_action", NOTE, referred_to="gp", detail="Item 9 answered by mistake; checked")
    assert done == Closing("no_further_action", NOTE, None, "Item 9 answered by mistake; checked")
    with pytest.raises(InvalidValue, match="reason for no further action: is needed"):
        closing("no_further_action", NOTE)


@pytest.mark.parametrize("outcome", ["already_under_care", "declined_by_patient"])
def test_other_outcomes_keep_only_the_outcome_and_the_note(outcome: str) -> None:
    assert closing(outcome, NOTE, referred_to="gp", detail="x") == Closing(outcome, NOTE)


def test_a_reason_longer_than_a_line_is_refused() -> None:
    with pytest.raises(InvalidValue, match="keep it to 300"):
        closing("no_further_action", NOTE, detail="x" * 301)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((None,), ""),
        (("referred", "talking_therapies"), "Referred: NHS Talking Therapies"),
        (("referred", "other", "Community nurse"), "Referred: Other (Community nurse)"),
        (("referred",), "Referred"),  # closed before destinations were recorded
        (("no_further_action", None, "Screen misread"), "No further action needed (Screen misread)"),
        (("historical_import",), OUTCOME_LABELS["historical_import"]),
    ],
)
def test_an_outcome_reads_in_plain_words(args: tuple, words: str) -> None:
    assert describe_outcome(*args) == words
