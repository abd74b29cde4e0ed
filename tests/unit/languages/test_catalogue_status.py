"""Which stored translation is offered to patients: complete, valid, current and signed off."""

from __future__ import annotations

import json

import pytest

from questionnaires.translation_master import PARTS, master_content, master_fingerprint
from screening.languages.rules.catalogue_status import NEEDS_REVIEW, NOT_SIGNED_OFF, SIGNED_OFF, is_offered, part_state


def state(part: str, *, signed_off: bool = True, fingerprint: str | None = None, content: str | None = None):
    stored = json.dumps(master_content(part)) if content is None else content
    return part_state(part, stored, fingerprint or master_fingerprint(part), signed_off)


def states(**changed):
    return {part: changed.get(part) or state(part) for part in PARTS}


def test_a_part_is_signed_off_or_not_when_it_matches_the_current_master() -> None:
    assert state("phq9").status == SIGNED_OFF
    assert state("phq9", signed_off=False).status == NOT_SIGNED_OFF


def test_a_part_made_from_older_master_wording_needs_review_even_when_signed_off() -> None:
    assert state("gad7", fingerprint="0" * 64).status == NEEDS_REVIEW


@pytest.mark.parametrize("content", ['{"leadIn": "x", "item": []}', "[1, 2]", "not json"])
def test_a_part_that_no_longer_fits_the_master_needs_review(content: str) -> None:
    found = state("auditc", content=content)
    assert (found.status, found.valid) == (NEEDS_REVIEW, False)


def test_an_unknown_part_is_never_valid() -> None:
    assert not part_state("vital5", "{}", "", True).valid


def test_a_complete_signed_off_translation_is_offered() -> None:
    assert is_offered(states(), test_language=False, demo=False)


@pytest.mark.parametrize(
    "changed",
    [
        {"phq4": state("phq4", signed_off=False)},
        {"patient_text": state("patient_text", fingerprint="f" * 64)},
        {"auditc": state("auditc", content="{}")},
    ],
)
def test_one_unsigned_changed_or_broken_part_keeps_the_language_from_patients(changed) -> None:
    assert not is_offered(states(**changed), test_language=False, demo=False)


def test_a_missing_part_keeps_the_language_from_patients_even_in_demo_mode() -> None:
    partial = {part: found for part, found in states().items() if part != "gad7"}
    assert not is_offered(partial, test_language=False, demo=False)
    assert not is_offered(partial, test_language=False, demo=True)


def test_a_test_language_is_offered_in_demo_mode_only() -> None:
    assert not is_offered(states(), test_language=True, demo=False)
    assert is_offered(states(), test_language=True, demo=True)


def test_demo_mode_offers_unsigned_and_older_parts_but_never_broken_ones() -> None:
    unsigned = states(phq9=state("phq9", signed_off=False), gad7=state("gad7", fingerprint="0" * 64))
    assert is_offered(unsigned, test_language=False, demo=True)
    assert not is_offered(states(phq9=state("phq9", content="{}")), test_language=False, demo=True)
