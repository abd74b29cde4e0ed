"""Whether an analysis is published with small-number suppression (clinical.md s7).

Design decisions:
- Suppression is on unless an administrator switches it off with a reason. A
  `Disclosure` is what a page or the command line hands to every analytics service;
  the default, `SUPPRESSED`, needs nothing. `Disclosure.unsuppressed(reason)` is only a
  request: each service checks it again (`require(user, VIEW_UNSUPPRESSED_ANALYTICS,
  reason=...)`), so building one by hand opens nothing, and the audit row is written
  where it is granted (`screening.uptake.services.analytics_access.open_unsuppressed`).
- The reason is kept as typed (trimmed, at most 200 characters) because recording it is
  the point of asking; it is an administrator's words, never patient data.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.errors import InvalidValue

MAX_REASON = 200


@dataclass(frozen=True)
class Disclosure:
    suppress: bool = True
    reason: str | None = None

    @classmethod
    def unsuppressed(cls, reason: str | None) -> Disclosure:
        text = " ".join((reason or "").split())
        if not text:
            raise InvalidValue("reason", "say why the unsuppressed figures are needed.")
        if len(text) > MAX_REASON:
            raise InvalidValue("reason", f"keep it to {MAX_REASON} characters.")
        return cls(suppress=False, reason=text)

    @property
    def mode(self) -> str:
        return "suppressed" if self.suppress else "unsuppressed"


SUPPRESSED = Disclosure()
