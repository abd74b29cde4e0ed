"""The review of a psychological flag: a small state machine (issue 7; clinical reference s6, s8).

A flag is a piece of work with an owner, a deadline and an outcome, so that no flag goes
unreviewed (hazard "a flag nobody reviews", s8). Its statuses are `FLAG_STATUSES`:

    open --acknowledge--> acknowledged --contact_attempt--> contact_attempted --close--> closed
                          acknowledged --close--> closed      (contact_attempt may repeat)
    closed --reopen--> acknowledged;  reassign keeps the status it finds

Design decisions:
- The transitions are one table (`TRANSITIONS`) and every move outside it is refused with
  a sentence that says what to do instead (`REFUSALS`), so a clinical safety officer can
  read a flag's whole life here, and a page can offer only `allowed_actions(status)`.
- Acknowledging is taking ownership: whoever acknowledges becomes the owner.
- A contact or a close needs an acknowledged flag first, so every flag that reaches an
  outcome has an owner and a time to acknowledge (a manager measure).
- Reassigning keeps the status: a reassigned open flag still waits for someone to
  acknowledge it, and an urgent one stays on every screen's banner until someone does.
- Reopening returns a closed flag to "acknowledged", owned by whoever reopens it; the
  outcome is cleared (the database holds closed <=> outcome) and the history keeps the
  earlier close. Reassign and reopen need a reason; a contact needs a method and a note.
- Reviewers record actions; they never edit answers, scores or the rule that fired (s6).
- The staleness message names who changed the flag and when (London time), because
  optimistic locking refuses the second of two simultaneous actions (issue 7).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from screening.clinical.rules.codes import CONTACT_METHODS
from screening.errors import InvalidValue, ScreeningError

ACKNOWLEDGE, CONTACT, CLOSE, REASSIGN, REOPEN = "acknowledge", "contact_attempt", "close", "reassign", "reopen"
LONDON = ZoneInfo("Europe/London")
NOTE_LIMIT = 2000  # characters in a note or reason

TRANSITIONS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    ACKNOWLEDGE: {"open": "acknowledged"},
    CONTACT: {"acknowledged": "contact_attempted", "contact_attempted": "contact_attempted"},
    CLOSE: {"acknowledged": "closed", "contact_attempted": "closed"},
    REASSIGN: {"open": "open", "acknowledged": "acknowledged", "contact_attempted": "contact_attempted"},
    REOPEN: {"closed": "acknowledged"},
})  # fmt: skip

_ACKNOWLEDGE_FIRST = "Acknowledge this flag (take ownership) before you {}."
_CLOSED = "This flag is closed. Reopen it with a reason before you {}."
REFUSALS: Mapping[tuple[str, str], str] = MappingProxyType({
    (ACKNOWLEDGE, "acknowledged"): "This flag is already acknowledged. To take it over, reassign it with a reason.",
    (ACKNOWLEDGE, "contact_attempted"): "This flag is already acknowledged. To take it over, reassign it with a reason.",
    (ACKNOWLEDGE, "closed"): _CLOSED.format("acknowledge it"),
    (CONTACT, "open"): _ACKNOWLEDGE_FIRST.format("record a contact"),
    (CONTACT, "closed"): _CLOSED.format("record a contact"),
    (CLOSE, "open"): _ACKNOWLEDGE_FIRST.format("close it"),
    (CLOSE, "closed"): "This flag is already closed.",
    (REASSIGN, "closed"): _CLOSED.format("reassign it"),
    (REOPEN, "open"): "This flag is not closed, so there is nothing to reopen.",
    (REOPEN, "acknowledged"): "This flag is not closed, so there is nothing to reopen.",
    (REOPEN, "contact_attempted"): "This flag is not closed, so there is nothing to reopen.",
})  # fmt: skip

STATUS_LABELS: Mapping[str, str] = MappingProxyType({
    "open": "Open", "acknowledged": "Acknowledged", "contact_attempted": "Contact attempted", "closed": "Closed",
})  # fmt: skip
ACTION_LABELS: Mapping[str, str] = MappingProxyType({
    "created": "Raised", ACKNOWLEDGE: "Acknowledged", CONTACT: "Contact attempted", CLOSE: "Closed",
    REASSIGN: "Reassigned", REOPEN: "Reopened", "rules_updated": "Updated by the screening rules",
    "escalated": "Escalated",
})  # fmt: skip
CONTACT_METHOD_LABELS: Mapping[str, str] = MappingProxyType(
    {"phone": "Phone", "in_clinic": "In clinic", "letter": "Letter"}
)


class TransitionRefused(ScreeningError):
    """The action is not one this flag's status allows; the message says what to do."""


def next_status(action: str, status: str) -> str:
    """The status `action` moves a flag in `status` to, or TransitionRefused."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown flag action {action!r}")
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown flag status {status!r}")
    target = TRANSITIONS[action].get(status)
    if target is None:
        raise TransitionRefused(REFUSALS[(action, status)])
    return target


def allowed_actions(status: str) -> tuple[str, ...]:
    """The actions a flag in `status` accepts, in the order a reviewer meets them."""
    return tuple(action for action, moves in TRANSITIONS.items() if status in moves)


def note_text(field: str, text: str | None, *, limit: int = NOTE_LIMIT) -> str:
    """A required note or reason, trimmed; refused when empty or longer than `limit`."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidValue(field, "is needed: write a few words for the record.")
    if len(cleaned) > limit:
        raise InvalidValue(field, f"is {len(cleaned)} characters; keep it to {limit}.")
    if "\x00" in cleaned:
        raise InvalidValue(field, "contains a NUL character; retype it.")
    return cleaned


def contact_method(method: str | None) -> str:
    if method not in CONTACT_METHODS:
        choices = ", ".join(CONTACT_METHOD_LABELS.values()).lower()
        raise InvalidValue("contact method", f"choose one of {choices}.")
    return method


def new_owner(to_user_id: int | None, current_owner_id: int | None) -> int:
    """Whom a reassignment hands the flag to: someone, and not the current owner."""
    if to_user_id is None:
        raise InvalidValue("new owner", "choose the psychologist who takes this flag.")
    if to_user_id == current_owner_id:
        raise InvalidValue("new owner", "already owns this flag; choose someone else.")
    return to_user_id


def updated_by_message(actor_name: str | None, at: datetime, now: datetime) -> str:
    """What the loser of two simultaneous actions reads (issue 7), in London time."""
    local = at.astimezone(LONDON)
    when = f"{local:%H:%M}"
    if local.date() != now.astimezone(LONDON).date():
        when += f" on {local.day} {local:%b %Y}"
    return f"This flag was updated by {actor_name or 'another user'} at {when}, reload to see the change."
