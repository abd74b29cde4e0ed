"""Which escalation step an unacknowledged urgent flag needs now, and to whom (clinical reference s6, v2).

The rule (s6, v2): an URGENT flag (psychological or physical) not acknowledged within the
clinic's delay (default 30 minutes) of being raised during clinic hours goes to the
clinic's first escalation contact, then every delay to the next contact down the list;
raised outside the clinic's hours, or from a remote sitting (s9), it goes at once to the
service's out-of-hours contact.

Design decisions (DECISION E1-E5 in docs/escalation.md, for clinical safety sign-off):
- E1 The ladder. Raised in hours: the clinic's contacts in order, then the out-of-hours
  contact as the last rung (the list ran out and still nobody acknowledged), then nothing
  more. Raised out of hours or remotely: the out-of-hours contact only. A clinic with no
  contacts goes straight to the out-of-hours rung, after the delay.
- E2 Timing. Step 1 is due `delay` after the flag was raised (at once out of hours);
  each later step `delay` after the previous step was claimed. Elapsed time, so the
  minutes are real minutes across a clock change; hours are London wall-clock time.
  Which ladder applies is fixed by when the flag was raised, not when a step falls due.
- E3 A failed send (refused by Notify, unreachable, or a claim with no result after
  `STALE_CLAIM`) makes the next step due at once: nobody was told, so do not wait.
- E4 Nobody to tell. With no out-of-hours contact configured, that rung is recorded as
  "no_contact" instead of a message; after a failed last rung one more "no_contact" step
  is recorded. Staff see these on the flag; nothing crashes and nothing more is due.
- E5 Acknowledged means the flag's status is no longer "open": any reviewer action
  stops the ladder. The caller only asks about open urgent flags.

`remote`: a flag from a sitting begun by secure link (issue 17, s9) takes the out-of-hours
ladder whatever the time, even when the patient finishes it on the clinic tablet.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from screening.escalation.rules.clinic_hours import WeeklyHours
from screening.escalation.rules.escalation_contacts import Contact

DEFAULT_DELAY_MINUTES = 30
DELAY_RANGE = range(5, 241)  # minutes, configurable per clinic
STALE_CLAIM = timedelta(minutes=5)
CLINIC_CONTACT, OUT_OF_HOURS, NOBODY = "clinic_contact", "out_of_hours", "nobody"
TARGETS: tuple[str, ...] = (CLINIC_CONTACT, OUT_OF_HOURS, NOBODY)


@dataclass(frozen=True)
class EscalationSetup:
    hours: WeeklyHours
    delay_minutes: int = DEFAULT_DELAY_MINUTES
    contacts: tuple[Contact, ...] = ()
    out_of_hours: Contact | None = None


@dataclass(frozen=True)
class SentStep:
    step: int
    claimed_at: datetime
    failed: bool  # see `counts_as_failed`


@dataclass(frozen=True)
class DueStep:
    step: int
    target: str  # CLINIC_CONTACT, OUT_OF_HOURS or NOBODY
    contact: Contact | None  # None exactly when target is NOBODY
    position: int | None  # the contact's place on the clinic's list (1 = first)
    due_at: datetime


def counts_as_failed(failed_status: bool, status: str, claimed_at: datetime, now: datetime) -> bool:
    """A send that failed, or a claim left without a result (its process died) for too long (E3)."""
    return failed_status or (status == "claimed" and now - claimed_at >= STALE_CLAIM)


def raised_in_hours(raised_at: datetime, setup: EscalationSetup, *, remote: bool = False) -> bool:
    return not remote and setup.hours.is_open(raised_at)


def ladder(setup: EscalationSetup, *, in_hours: bool) -> tuple[tuple[str, Contact | None, int | None], ...]:
    """Every rung in order: (target, contact, position on the clinic list) (E1, E4)."""
    last = (OUT_OF_HOURS, setup.out_of_hours, None) if setup.out_of_hours else (NOBODY, None, None)
    if not in_hours:
        return (last,)
    return (*tuple((CLINIC_CONTACT, c, i) for i, c in enumerate(setup.contacts, start=1)), last)


def due_step(
    raised_at: datetime, setup: EscalationSetup, sent: tuple[SentStep, ...], now: datetime, *, remote: bool = False
) -> DueStep | None:
    """The step due at `now` for an open urgent flag, or None when none is (yet, or ever)."""
    in_hours = raised_in_hours(raised_at, setup, remote=remote)
    rungs = ladder(setup, in_hours=in_hours)
    delay = timedelta(minutes=setup.delay_minutes)
    previous = max(sent, key=lambda s: s.step, default=None)
    if previous is None:
        step, due_at = 1, raised_at + delay if in_hours else raised_at
    else:
        step = previous.step + 1
        due_at = previous.claimed_at if previous.failed else previous.claimed_at + delay
    if step <= len(rungs):
        target, contact, position = rungs[step - 1]
    elif step == len(rungs) + 1 and previous is not None and previous.failed:
        target, contact, position, due_at = NOBODY, None, None, previous.claimed_at
    else:
        return None
    if now < due_at:
        return None
    return DueStep(step, target, contact, position, due_at)
