"""Language names in their own script, direction, and a PAS preferred language as a tag (Babel/CLDR)."""

from __future__ import annotations

import pytest

from screening.languages.rules.language_names import direction, native_name, tag_for_preferred


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("so", "Soomaali"),
        ("ar", "العربية"),
        ("pt", "Português"),  # the first letter capitalised, as a chooser shows it
        ("pt-BR", "Português (Brasil)"),
        ("pl", "Polski"),
        ("en-XA", "English (accented test language)"),
        ("ar-XB", "Right-to-left test language"),
        ("qq", "qq"),  # unknown to CLDR: the tag itself, never a blank
    ],
)
def test_a_language_is_named_in_its_own_script(tag: str, name: str) -> None:
    assert native_name(tag) == name


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ar-XB", "rtl"),
     ("so", "ltr"), ("en", "ltr"), ("en-XA", "ltr"), ("pa", "ltr"), ("qq", "ltr")],
)  # fmt: skip
def test_arabic_persian_urdu_hebrew_and_the_rtl_test_language_read_right_to_left(tag: str, expected: str) -> None:
    assert direction(tag) == expected


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("Somali", "so"),
        ("portuguese", "pt"),
        ("  PUNJABI ", "pa"),
        ("Brazilian Portuguese", "pt-BR"),
        ("Farsi", "fa"),  # a PAS name CLDR calls Persian
        ("Not known", None),
        ("", None),
        (None, None),
    ],
)
def test_a_pas_preferred_language_maps_to_its_tag_or_to_none(name: str | None, tag: str | None) -> None:
    assert tag_for_preferred(name) == tag
