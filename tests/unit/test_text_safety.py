"""Invisible controls are refused in names and searches; names are isolated for display (hazard H5)."""

from __future__ import annotations

import pytest

from screening.errors import InvalidValue
from screening.text_safety import BIDI_CONTROLS, first_unsafe, is_unsafe, isolate, refuse_unsafe

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]  # fmt: skip
OTHER_INVISIBLE = [
    "\x00", "\t", "\n", "\r", "\x1f", "\x7f", "\x85",  # C0, DEL and C1 controls (Cc)
    "\u200b", "\u2060", "\ufeff", "\u00ad", "\u2062", "\U000e0041",  # zero-width, joiner, BOM, soft hyphen, tags (Cf)
    "\ud800",  # a lone surrogate (Cs): PostgreSQL cannot store it
    "\u2028", "\u2029",  # line and paragraph separators (Zl, Zp)
]  # fmt: skip
NAMES = [
    "Ada Okafor", "O'Brien-Smith", "Zoë Łukasiewicz", "محمد عبد الله", "דוד כהן", "عمران خان",
    "می\u200cخواهم",  # Persian needs ZERO WIDTH NON-JOINER
    "क्\u200dष",  # ZERO WIDTH JOINER in Devanagari
    "李小龍", "",
]  # fmt: skip


def test_the_hazard_logs_bidi_controls_are_exactly_the_twelve_named() -> None:
    assert frozenset(BIDI) == BIDI_CONTROLS


@pytest.mark.parametrize("character", BIDI + OTHER_INVISIBLE)
def test_every_bidi_and_invisible_control_is_unsafe(character: str) -> None:
    assert is_unsafe(character)


@pytest.mark.parametrize("name", NAMES)
def test_latin_arabic_hebrew_urdu_persian_and_chinese_names_are_safe(name: str) -> None:
    assert first_unsafe(name) is None
    assert refuse_unsafe("family_name", name) == name


def test_the_first_unsafe_character_is_the_one_reported() -> None:
    assert first_unsafe("Ada\u200bOka\u202efor") == "\u200b"


def test_a_right_to_left_override_is_refused_naming_the_field_and_code_point_not_the_text() -> None:
    with pytest.raises(InvalidValue) as refused:
        refuse_unsafe("given_name", "Ada\u202eRJ1")
    message = str(refused.value)
    assert message == ("given_name: contains a hidden text-direction control (U+202E), which can disguise the "
                       "characters beside it; type it again without it.")  # fmt: skip
    assert "Ada" not in message and "RJ1" not in message


def test_a_nul_is_refused_as_an_invisible_control_with_the_callers_advice() -> None:
    with pytest.raises(InvalidValue, match=r"^search: contains an invisible control character \(U\+0000\); "
                                           r"clear the box and type the search again\.$"):  # fmt: skip
        refuse_unsafe("search", "ok\x00", what_to_do="clear the box and type the search again")


def test_isolate_wraps_a_name_in_first_strong_isolate_and_pop_directional_isolate() -> None:
    assert isolate("\u202eAda") == "\u2068\u202eAda\u2069"
    assert isolate("") == "\u2068\u2069"
