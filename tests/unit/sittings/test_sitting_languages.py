"""The welcome screen preselects the patient's PAS preferred language only when this tablet offers it."""

from __future__ import annotations

import pytest

from screening.sittings.rules.sitting_languages import english_name, interpreter_label, native_name, preselected

OFFERED = ("en", "so", "ar", "pt-BR")


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        ("Somali", "so"),  # the PAS records English names
        ("  somali ", "so"),  # as typed: case and spaces do not matter
        ("Arabic", "ar"),
        ("ar", "ar"),  # a tag is taken as it is
        ("Portuguese", "pt-BR"),  # the offered regional form of the language
        ("English", "en"),
        ("Polish", None),  # known, but not offered here
        ("Not recorded", None),
        ("Klingonese", None),
        ("", None),
        (None, None),
    ],
)
def test_the_preferred_language_preselects_the_offered_tag_of_that_language(preferred, expected) -> None:
    assert preselected(OFFERED, preferred) == expected


def test_languages_are_named_in_their_own_script_for_the_patient_and_in_english_for_staff() -> None:
    assert (native_name("so"), native_name("ar"), native_name("en")) == ("Soomaali", "العربية", "English")
    assert (english_name("so"), english_name("pt-BR"), english_name("pt-XX")) == ("Somali", "Brazilian Portuguese",
                                                                                  "Portuguese")  # fmt: skip


def test_a_tag_babel_does_not_know_is_shown_as_it_is() -> None:
    assert (native_name("zz-!!"), english_name("qqq")) == ("zz-!!", "qqq")


def test_an_interpreter_is_yes_no_or_not_recorded() -> None:
    assert [interpreter_label(v) for v in (True, False, None)] == ["Yes", "No", "Not recorded"]
