"""The two generated test languages: never drifting from the master, never a real translation."""

from __future__ import annotations

import pytest

from questionnaires.pseudo_locale import (
    PSEUDO_LOCALES,
    RLO,
    TRANSLATIONS_DIR,
    accented,
    pseudo_locale_file,
    right_to_left,
)
from questionnaires.translation import read_translation


@pytest.mark.parametrize("tag", PSEUDO_LOCALES)
def test_the_committed_file_is_exactly_what_the_generator_makes_from_the_current_master(tag: str) -> None:
    # If this fails, the master's wording changed: run `.venv/bin/python scripts/pseudo_locales.py`.
    assert (TRANSLATIONS_DIR / f"{tag}.toml").read_text(encoding="utf-8") == pseudo_locale_file(tag)


@pytest.mark.parametrize("tag", PSEUDO_LOCALES)
def test_each_is_a_valid_test_language_saying_it_is_not_a_translation(tag: str) -> None:
    translation = read_translation(pseudo_locale_file(tag)).translation
    assert translation is not None and translation.test_language
    assert translation.provenance.source == (
        "Generated from the English master by scripts/pseudo_locales.py; test language, not a translation"
    )


def test_accented_text_is_about_a_third_longer_in_brackets_with_placeholders_and_bold_kept() -> None:
    text = "Question {number} of **{total}**"  # 32 characters: padding of at least ceil(32 * 0.35) = 12
    made = accented(text)
    assert made == "[Ǫûéšţíöñ {number} öƒ **{total}** one two three]"
    assert len(made) >= len(text) * 1.35


def test_right_to_left_text_forces_each_word_right_to_left_but_not_placeholders_or_bold() -> None:
    made = right_to_left("Call **999** {count}")
    assert made == f"{RLO}Call\u202c **{RLO}999\u202c** {{count}}"
