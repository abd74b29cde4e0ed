"""One escalation pass: every overdue step of every unacknowledged urgent flag, claimed, sent, recorded.

Run by `python -m screening escalate` (cron or a systemd timer, every minute, on any
number of servers) and by each staff page load (`ui.shell.escalation_check`). Design decisions:
- Three short transactions per step: read, claim (committed before sending), outcome.
  No transaction is open while a message is sent, so a slow provider holds no lock.
- A step after a failed send is due at once (rule E3), so the loop asks the rule again for
  the same flag until nothing more is due now; the ladder bounds it.
- `max_steps` lets a page load do a little and leave the rest to the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from screening.counted import counted
from screening.database.services.database import Database
from screening.escalation.rules.escalation_rules import NOBODY, EscalationSetup, SentStep, due_step
from screening.escalation.services.escalation_setup import escalation_setups
from screening.escalation.services.escalation_steps import OpenUrgentFlag, claim_step, open_urgent_flags, record_outcome
from screening.notifications.rules.messages import escalation_message
from screening.notifications.rules.sending import Sender, send


@dataclass
class PassCounts:
    flags: int = 0
    sent: int = 0
    failed: int = 0
    nobody: int = 0
    taken: int = 0  # claimed first by another process, or acknowledged meanwhile

    @property
    def steps(self) -> int:
        return self.sent + self.failed + self.nobody

    def __str__(self) -> str:
        return (f"Escalation pass: {counted(self.flags, 'unacknowledged urgent flag')} checked; "
                f"{counted(self.sent, 'message')} sent, "
                f"{self.failed} failed, {self.nobody} with nobody to tell, {self.taken} taken by another run.")  # fmt: skip


def run_escalation_pass(
    database: Database, sender: Sender, *, now: datetime, max_steps: int | None = None
) -> PassCounts:
    counts = PassCounts()
    with database.transaction() as session:
        flags = open_urgent_flags(session, now=now)
        setups = escalation_setups(session, {f.clinic_id for f in flags})
    counts.flags = len(flags)
    for flag in flags:
        if not _escalate(database, sender, flag, setups[flag.clinic_id], now, counts, max_steps):
            break
    return counts


def _escalate(database: Database, sender: Sender, flag: OpenUrgentFlag, setup: EscalationSetup, now: datetime,
              counts: PassCounts, max_steps: int | None) -> bool:  # fmt: skip
    """Send what is due for one flag; False once `max_steps` is reached."""
    steps = list(flag.steps)
    for _ in range(len(setup.contacts) + 3):
        due = due_step(flag.raised_at, setup, tuple(steps), now, remote=flag.remote)
        if due is None:
            return True
        if max_steps is not None and counts.steps >= max_steps:
            return False
        with database.transaction() as session:
            escalation_id = claim_step(session, flag.flag_id, due, now=now)
        if escalation_id is None:
            counts.taken += 1
            return True
        if due.target == NOBODY or due.contact is None:
            counts.nobody += 1
            steps.append(SentStep(due.step, now, False))
            continue
        message = escalation_message(flag.clinic_name, reference=f"escalation-{escalation_id}", site_id=flag.site_id)
        result = send(sender, due.contact.channel, due.contact.destination, message)
        with database.transaction() as session:
            record_outcome(session, escalation_id, result, now=now)
        counts.failed += result.failed
        counts.sent += not result.failed
        steps.append(SentStep(due.step, now, result.failed))
    return True
