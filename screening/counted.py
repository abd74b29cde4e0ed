"""A count with its noun in the right number, for text shown to staff ("1 sitting",
"3 sittings", "12,000 patients").

Design decisions:
- English only, as every staff-facing text is; patient-facing wording comes from the
  instruments and the language packs, never from here.
- The plural is the noun plus "s" unless given: every noun it is used with today is
  regular, and an irregular one ("1 person", "2 people") names its plural rather than
  relying on rules a library would guess at (`inflect` knows thousands of nouns; the
  product needs a dozen, so a dependency is not worth it).
- Thousands are separated by commas, as the dashboards and the command line print every
  other count.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and `noun`, with `plural` (default noun + "s") unless the count is exactly 1."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
