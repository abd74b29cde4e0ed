"""Why a patient declined screening: a short list to tap, and optional words typed by staff.

Design decisions:
- A declined sitting is part of the uptake picture (issue 6), so the reason is stored with
  it (`screening_sessions.decline_reason`, required by a CHECK constraint when the status is
  declined). The list keeps the reasons comparable across clinics; the typed words add what
  the list cannot say. The list matches the demo service's reasons, so charts group them.
- The stored text is the chosen reason, then " – " and the typed words when there are any.
  The typed words may name someone: exports treat the decline reason as identifiable, and
  it never goes into the audit log (only the reason's code does).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from screening.errors import InvalidValue

# Stable code (safe for the audit log) -> the words staff tap and the record keeps.
DECLINE_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "unwell": "Not today – feeling unwell",
        "does_not_want": "Does not want to",
        "no_time": "No time – transport",
        "language": "Language barrier",
        "other": "Other",
    }
)
MAX_REASON_LENGTH = 200  # the column's size
SEPARATOR = " – "


def decline_text(code: str, free_text: str | None = None) -> str:
    """The reason as stored: the listed words for `code`, with any typed words after them."""
    if code not in DECLINE_REASONS:
        raise InvalidValue("Reason", f"choose one of: {', '.join(DECLINE_REASONS.values())}.")
    reason = DECLINE_REASONS[code]
    words = " ".join((free_text or "").split())  # one line: no stray newlines or tabs
    text = f"{reason}{SEPARATOR}{words}" if words else reason
    if len(text) > MAX_REASON_LENGTH:
        room = MAX_REASON_LENGTH - len(reason) - len(SEPARATOR)
        raise InvalidValue("Reason", f"the typed words are too long; keep them to {room} characters.")
    return text
