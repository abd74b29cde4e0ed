"""`python -m screening send-invitations`: invitations and reminders due now (issue 17), for cron or a timer.

Safe every few minutes on every app server at once: each message is claimed by a unique
(invitation, purpose, number) row committed before sending, so none goes twice. Prints
one line of counts, never a link, a number or an address. `--dry-run` says how many would
go, and sends, claims and writes nothing.
"""

from __future__ import annotations

from collections import Counter

import click

from screening.cli.escalation import CLI_TIMEOUT_SECONDS, _moment
from screening.cli.group import main, one_line_errors
from screening.counted import counted
from screening.database.services.database import open_database
from screening.notifications.services.notify_sender import NotifySender
from screening.notifications.services.senders import invitation_sender
from screening.remote.services.invitation_plan import invitation_plan
from screening.remote.services.invitations import BATCH_SIZE, link_base, send_due_invitations

NOTIFY_PER_MINUTE = 1000


@main.command("send-invitations")
@click.option("--dry-run", is_flag=True, help="Say how many messages would go now; send and record nothing.")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=BATCH_SIZE, show_default=True,
              help="Messages claimed (and their outcomes recorded) per transaction.")  # fmt: skip
@click.option("--per-minute", type=click.IntRange(1, 3000), default=NOTIFY_PER_MINUTE, show_default=True,
              help="At most this many messages a minute through GOV.UK Notify (its limit, 3,000 a minute per "
                   "API key, is shared with the escalations). Per server: with two servers, twice this.")  # fmt: skip
@click.option("--now", "now_text", metavar="ISO",
              help="FOR TESTING AND REPLAY ONLY: act as if it were this moment (with a time zone). "
                   "Never use it in a scheduled run.")  # fmt: skip
@one_line_errors
def send_invitations(dry_run: bool, batch_size: int, per_minute: int, now_text: str | None) -> None:
    """Send every invitation and reminder due now (run it every few minutes, 09:00-21:00 London)."""
    database = open_database()
    now = _moment(now_text)
    if dry_run:
        with database.transaction() as session:
            plan = invitation_plan(session, now=now)
        kinds = Counter(f"{d.purpose} by {d.channel}" for d in plan.due)
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "nothing"
        click.echo(f"Dry run: {counted(len(plan.due), 'message')} would go now ({detail}); skipped: "
                   f"{plan.skipped_no_contact} with no contact details or no contact wanted, "
                   f"{plan.skipped_closed} with the link revoked, locked or closed. Nothing was sent.")  # fmt: skip
        return
    sender = invitation_sender(database, timeout=CLI_TIMEOUT_SECONDS)
    with database.transaction() as session:
        base = link_base(session)
    pace = per_minute if isinstance(sender, NotifySender) else None  # the demo's outbox needs no pacing
    run = send_due_invitations(database, sender, now=now, link_base=base, batch_size=batch_size, per_minute=pace)
    click.echo(f"{run} Sent through: {sender.name}.")
