"""How strong a secret looks: the length and estimated-entropy floor every secret must clear.

Design decisions:
- A secret is judged on its text with surrounding whitespace stripped, and whitespace
  around it is refused rather than silently removed: the pseudonym key's exact text makes
  the pseudonyms, so a stray line break in one place and not in another would give two
  sets of pseudonyms for the same patients.
- Entropy is estimated from the text itself: its length times the Shannon entropy of its
  own character frequencies, counted over one period only when the text repeats a shorter
  unit ("Q7x!" * 8 counts as "Q7x!"). "a" * 32 estimates 0 bits; a random
  `secrets.token_urlsafe(32)` (43 characters) 185-240 bits. The floor is 128 bits.
- The estimate cannot see dictionary words, so a long phrase may pass: the messages ask
  for a random value and name the generator. 32 random hex characters (128 real bits)
  estimate 96-125 bits and are refused; 64 hex characters pass.
"""

from __future__ import annotations

import math
from collections import Counter

MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 128
GENERATOR = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def smallest_period(text: str) -> str:
    """The shortest unit whose repetition spells `text` (a prefix of it), or `text` itself."""
    for size in range(1, len(text) // 2 + 1):
        if text[size:] == text[:-size]:
            return text[:size]
    return text


def estimated_bits(text: str) -> float:
    """Length times Shannon entropy per character, over one period of a repeating text."""
    unit = smallest_period(text)
    size = len(unit)
    return size * sum(n / size * math.log2(size / n) for n in Counter(unit).values())


def weakness(text: str) -> str | None:
    """Why `text` is too weak to be a secret (a phrase to follow its name), or None."""
    stripped = text.strip()
    if not stripped:
        return "is blank"
    if stripped != text:
        return "has spaces or line breaks around it; remove them"
    if len(text) < MIN_SECRET_LENGTH:
        return f"is {len(text)} characters long, shorter than the {MIN_SECRET_LENGTH} needed"
    bits = estimated_bits(text)
    if bits < MIN_SECRET_BITS:
        return (f"is too predictable (about {bits:.0f} bits of randomness estimated, "
                f"at least {MIN_SECRET_BITS} needed)")  # fmt: skip
    return None
