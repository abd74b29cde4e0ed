"""The clinic list's search box as one SQL condition on `patients`.

Design decisions:
- One box, three keys (issue 6): every word must appear in the given or family name
  ("ada okafor", "OKAFOR, Ada"), or the text appears in the hospital number (spaces and
  hyphens dropped on both sides: "RJ1-0042" is found by "rj10042"), or its digits begin
  the NHS number, stored as 10 digits: "943 476 5919", "9434765919" and "943 476" all
  find the same patient.
- Matching is case-insensitive and literal: `%` and `_` typed by a user are escaped, never
  wildcards.
- Text holding an invisible control character (a NUL, U+202E, a zero-width space) is
  refused with a message (`screening.text_safety`): PostgreSQL cannot take a NUL, and a
  hidden control would make the search quietly miss. Arabic, Hebrew and Urdu letters are
  ordinary text and match as typed.
- The text is never logged: callers pass it straight here and keep it out of audit detail.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, and_, func, or_

from models import Patient
from screening.text_safety import refuse_unsafe

_SPACING = re.compile(r"[\s-]+")
MAX_SEARCH_LENGTH = 100
RETYPE = "clear the box and type the search again"


def matches(text: str | None) -> ColumnElement[bool] | None:
    """The condition a patient must meet, or None for an empty search (everyone)."""
    text = refuse_unsafe("Search", (text or "").strip()[:MAX_SEARCH_LENGTH], what_to_do=RETYPE)
    if not text:
        return None
    compact, words = _SPACING.sub("", text), text.replace(",", " ").split()
    options: list[ColumnElement[bool]] = []
    if words:
        options.append(
            and_(
                *(
                    or_(
                        Patient.family_name.icontains(w, autoescape=True),
                        Patient.given_name.icontains(w, autoescape=True),
                    )
                    for w in words
                )
            )
        )
    if compact:
        stored = func.replace(func.replace(func.lower(Patient.hospital_number), "-", ""), " ", "")
        options.append(stored.contains(compact.lower(), autoescape=True))
    if compact.isdigit():
        options.append(Patient.nhs_number.startswith(compact, autoescape=True))
    return or_(*options) if options else None
