"""A language's name in its own script, its direction, and the tag for a PAS language name.

Design decisions (issue 16):
- Names and direction come from Babel's CLDR data, not from a hand-kept table: a patient
  choosing a language reads its name in that language ("Soomaali", "العربية"), and Arabic,
  Persian, Urdu and Hebrew lay out right to left.
- The two generated pseudo-locales (`questionnaires.pseudo_locale`) are named as test
  languages, so nobody mistakes them for a translation.
- A PAS "preferred language" field holds an English name ("Somali", "portuguese"):
  `tag_for_preferred` maps it to a tag through Babel's English names, or None.

Pure module: Babel only.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

TEST_LANGUAGE_NAMES = {"en-XA": "English (accented test language)", "ar-XB": "Right-to-left test language"}
TEST_LANGUAGE_DIRECTIONS = {"en-XA": "ltr", "ar-XB": "rtl"}
# Names a PAS may hold that CLDR spells otherwise.
_ALIASES = {"farsi": "fa", "mandarin": "zh"}


def _locale(tag: str) -> Locale | None:
    for candidate in (tag, tag.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return None


def native_name(tag: str) -> str:
    """The language's name in its own script ("Soomaali", "Português (Brasil)"); the tag if unknown."""
    if tag in TEST_LANGUAGE_NAMES:
        return TEST_LANGUAGE_NAMES[tag]
    locale = _locale(tag)
    name = locale.get_display_name(locale) if locale is not None else None
    return name[:1].upper() + name[1:] if name else tag


def direction(tag: str) -> str:
    """ "rtl" for a right-to-left script (Arabic, Persian, Urdu, Hebrew...), else "ltr"."""
    if tag in TEST_LANGUAGE_DIRECTIONS:
        return TEST_LANGUAGE_DIRECTIONS[tag]
    locale = _locale(tag)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


@cache
def _english_names() -> dict[str, str]:
    names = {name.casefold(): code.replace("_", "-") for code, name in Locale("en").languages.items()}
    return {**names, **_ALIASES}


def tag_for_preferred(name: str | None) -> str | None:
    """The tag for a preferred-language name from the PAS ("Somali" -> "so"), None if unknown."""
    return _english_names().get((name or "").strip().casefold()) or None
