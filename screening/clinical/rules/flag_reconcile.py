"""What happens to a sitting's flags when the rules run again on newer answers.

Flags are no longer raised only at completion (clinical reference s1, v2): the item 9 flag
is raised the moment its answer is stored, and a sitting that is abandoned, closed or
handed back is scored on what was answered. So the rules may run several times over one
sitting, and each run must leave at most one flag per rule family (the unique
(session, rule) index, and "one flag per rule per sitting") without ever losing one.

Design decisions:
- A rule *family* is the set of codes that answer one clinical question: item 9 (positive
  or unanswered), the PHQ-9 total (high or routine), the GAD-7 total, blood pressure
  (severe or raised), BMI (an obesity class or underweight). Any other code is a family
  of its own.
- The rules never withdraw a flag. When newer answers no longer raise a family's flag, or
  raise it at a lower priority, the flag stays as it is, open until a reviewer closes it,
  with a note saying what the answers now show (s1 v2: item 9 changed to 0 with Back keeps
  the flag "with a note that the answer was changed; only a reviewer closes it").
- When they raise it at the same or a higher priority, an open flag takes the newer code,
  priority and reason (completion "updates its reason with the final answer", s1 v2), with
  a note saying what it said before. A flag a reviewer has already closed is never
  rewritten: the change is noted on it, and its history shows it.
- Nothing changes when the newer run says exactly what the flag already says, so running
  the rules twice (a double tap, a retry, a sweep after a close) writes nothing twice.

Pure module: no database, no Streamlit. `screening.sittings.services.flag_updates` applies a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from screening.clinical.rules.flag_codes import Flag, priority_rank

FAMILIES: Mapping[str, str] = MappingProxyType({
    "phq9_item9_positive": "phq9_item9",
    "phq9_item9_unanswered": "phq9_item9",
    "phq9_severe": "phq9_total",
    "phq9_threshold": "phq9_total",
    "gad7_severe": "gad7_total",
    "gad7_threshold": "gad7_total",
    "bp_severe": "bp",
    "bp_raised": "bp",
    "bmi_obesity": "bmi",
    "bmi_underweight": "bmi",
})  # fmt: skip


def family(code: str) -> str:
    """The clinical question a flag code answers; a code outside `FAMILIES` is its own."""
    return FAMILIES.get(code, code)


@dataclass(frozen=True)
class StoredFlag:
    """What the plan needs of a flag already stored for the sitting."""

    id: int
    code: str
    priority: str
    reason: str
    closed: bool
    last_note: str | None = None  # the newest note the rules added, so none is added twice


@dataclass(frozen=True)
class Raise:
    """Store `flag`: its family has no flag in this sitting yet."""

    flag: Flag


@dataclass(frozen=True)
class Rewrite:
    """Give the open flag `flag_id` the newer code, priority and reason; `note` says what changed."""

    flag_id: int
    flag: Flag
    note: str


@dataclass(frozen=True)
class Note:
    """Keep the flag `flag_id` as it is and add `note` to its history."""

    flag_id: int
    note: str


Step = Raise | Rewrite | Note


def reconcile(
    stored: Iterable[StoredFlag],
    raised: Iterable[Flag],
    *,
    families: Iterable[str] | None = None,
    why: str = "The answers no longer raise this flag.",
) -> tuple[Step, ...]:
    """The steps that bring a sitting's stored flags up to date with a new run of the rules.

    `raised` is everything the rules raise now. `families` limits the plan to those
    families (the item 9 rule alone, when only item 9 was saved); None means every family
    the rules judge, so a stored flag whose family is no longer raised gets a note, which
    begins with `why`.
    """
    wanted = {family(flag.code): flag for flag in raised}
    by_family = {family(flag.code): flag for flag in stored}
    scope = set(wanted) | set(by_family)
    if families is not None:
        scope &= set(families)
    steps: list[Step] = []
    for name in sorted(scope, key=_order(wanted, by_family)):
        new, old = wanted.get(name), by_family.get(name)
        if old is None:
            steps.append(Raise(wanted[name]))  # in scope, so raised now when not stored
        elif new is not None and (new.code, new.priority, new.reason) == (old.code, old.priority, old.reason):
            continue
        elif new is not None and not old.closed and priority_rank(new.priority) <= priority_rank(old.priority):
            steps.append(Rewrite(old.id, new, f"Updated from the newer answers; it said: {old.reason}."))
        else:
            note = _note(old, new, why)
            if note != old.last_note:
                steps.append(Note(old.id, note))
    return tuple(steps)


def _note(old: StoredFlag, new: Flag | None, why: str) -> str:
    if new is None:
        change = why
    elif old.closed:
        change = f"The answers changed: {new.reason}."
    else:
        change = f"The answers now give a lower priority: {new.reason}."
    if old.closed:
        return f"Noted after this flag was closed. {change}"
    return f"{change} It stays open until a reviewer closes it."


def _order(wanted: Mapping[str, Flag], stored: Mapping[str, StoredFlag]) -> Callable[[str], tuple[int, str]]:
    """Most pressing family first, so an urgent flag is written before a signpost."""

    def key(name: str) -> tuple[int, str]:
        flags = [f.priority for f in (wanted.get(name), stored.get(name)) if f is not None]
        return min(priority_rank(p) for p in flags), name

    return key
