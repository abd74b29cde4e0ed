"""Invisible characters that can spoof a name or break a query, and bidi isolation for display.

Hazard H5 (docs/hazard-log.md): a name containing U+202E RIGHT-TO-LEFT OVERRIDE reverses
the NHS and hospital numbers shown after it, and the name cannot be found by typing it.

Design decisions:
- One rule, `refuse_unsafe`, for every name that is stored (imported patient names, staff
  full names) and every text typed into a search or filter: it refuses Unicode control
  characters (category Cc: NUL, tabs, line breaks, DEL, C1), format characters (Cf: the
  bidi embeddings, overrides and isolates, LRM, RLM, ALM, zero-width space, word joiner,
  byte-order mark, invisible operators, tag characters), lone surrogates (Cs: PostgreSQL
  refuses them) and the line and paragraph separators (Zl, Zp).
- Refuse, never strip: a stripped name would differ from the hospital's record without
  anyone noticing, and a stripped search could find a different patient than the one
  typed. The message names the field and the code point (never the text, which may be a
  name) and says what to do.
- ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) are allowed: Persian,
  Urdu and Indic names need them to join or separate letters, and they cannot reorder
  text. Arabic, Hebrew and Urdu letters are ordinary letters and always allowed: their
  direction comes from the letters themselves, never from a control.
- Names from the database (some may predate this rule) are shown through `isolate`:
  FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (U+2068 ... U+2069). Inside an isolate
  a right-to-left name still reads right to left, but nothing in it, not even an
  unclosed U+202E, can reorder the numbers beside it: the closing U+2069 ends every
  embedding and override opened inside (Unicode Bidirectional Algorithm, UAX #9, BD9).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import unicodedata

from screening.errors import InvalidValue

FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
# Named in the hazard log; all are category Cf, so the category rule below refuses them too.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e" "\u2066\u2067\u2068\u2069" "\u200e\u200f" "\u061c"
)  # fmt: skip
JOINERS = frozenset("\u200c\u200d")  # ZWNJ and ZWJ: needed to spell Persian, Urdu and Indic names
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def is_unsafe(character: str) -> bool:
    """Whether one character is an invisible control this app refuses in names and searches."""
    if character in JOINERS:
        return False
    return character in BIDI_CONTROLS or unicodedata.category(character) in UNSAFE_CATEGORIES


def first_unsafe(text: str) -> str | None:
    """The first refused character in `text`, or None when the text is safe."""
    return next((c for c in text if is_unsafe(c)), None)


def refuse_unsafe(field: str, text: str, *, what_to_do: str = "type it again without it") -> str:
    """`text` unchanged, or InvalidValue naming the field and the code point, never the text."""
    found = first_unsafe(text)
    if found is None:
        return text
    point = f"U+{ord(found):04X}"
    if found in BIDI_CONTROLS:
        raise InvalidValue(field, f"contains a hidden text-direction control ({point}), which can disguise "
                                  f"the characters beside it; {what_to_do}.")  # fmt: skip
    raise InvalidValue(field, f"contains an invisible control character ({point}); {what_to_do}.")


def isolate(text: str) -> str:
    """`text` wrapped so its direction cannot spill onto what is shown beside it."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
