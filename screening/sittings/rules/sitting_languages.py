"""How a sitting was given, in words: its language, and the patient's preferred one (issue 16).

Design decisions:
- A sitting's language is a BCP 47 tag ("en", "so", "pt-BR"); people read its name in
  that language ("Soomaali"), from Babel's CLDR data, never a hand-kept list.
- The patient's PAS preferred language is a free-text English name ("Somali"). The
  welcome screen preselects it when it names (or is the tag of) a language offered on
  this tablet; anything else (a name Babel does not know, "Not recorded", a language not
  offered) preselects nothing, and the sitting stays in its own language.
- Whether an interpreter helped is Yes, No or not recorded (None): three answers, not two,
  because "not asked" must never read as "no interpreter" in the equity figures.

Names in their own script are `screening.languages.rules.language_names.native_name` (one
place, which also names the two test languages). Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from babel import Locale

from screening.languages.rules.language_names import native_name, tag_for_preferred

__all__ = ["english_name", "interpreter_label", "native_name", "preselected"]

INTERPRETER_ANSWERS: tuple[tuple[bool | None, str], ...] = ((True, "Yes"), (False, "No"), (None, "Not recorded"))


def interpreter_label(used: bool | None) -> str:
    return dict(INTERPRETER_ANSWERS)[used]


def english_name(tag: str) -> str:
    """The language's English name ("Somali"), for staff and managers; the tag if unknown."""
    return _english_names().get(tag.replace("-", "_"), _english_names().get(_primary(tag), tag))


@cache
def _english_names() -> dict[str, str]:
    return dict(Locale("en").languages)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].casefold()


def preselected(offered: Sequence[str], preferred: str | None) -> str | None:
    """The offered tag matching the patient's preferred language (an English name or a tag),
    or None. An exact tag wins; otherwise the first offered tag of the same language."""
    if not preferred or not preferred.strip():
        return None
    wanted = preferred.strip()
    if wanted in offered:
        return wanted
    code = tag_for_preferred(wanted) or wanted
    return next((tag for tag in offered if _primary(tag) == _primary(code)), None)
