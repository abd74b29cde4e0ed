"""The escalation clock on page loads: every staff page runs a small escalation pass.

Issue 13: escalation must not wait for cron when people are using the app. Design
decisions:
- At most once every 30 seconds per server process and database, so a busy clinic's
  reruns cost nothing; the `escalate` command (cron, every minute) does the rest.
- Small and quick: at most 5 steps per page load, and a 2-second Notify timeout (the
  outbox is a local table). The claim makes it safe beside any number of cron runs.
- Never breaks the page: any failure is logged (no patient data) and the page goes on.
"""

from __future__ import annotations

import logging
import threading
import time

from screening.database.services.database import configured_url
from screening.escalation.services.escalation_pass import run_escalation_pass
from screening.notifications.services.senders import configured_sender
from ui.shell import auth
from ui.shell.runtime import database

log = logging.getLogger(__name__)
EVERY_SECONDS = 30.0
PAGE_TIMEOUT_SECONDS = 2.0
PAGE_MAX_STEPS = 5
_last_run: dict[str, float] = {}
_lock = threading.Lock()


def _due(url: str) -> bool:
    with _lock:
        now = time.monotonic()
        if now - _last_run.get(url, float("-inf")) < EVERY_SECONDS:
            return False
        _last_run[url] = now
        return True


def escalate_on_page_load() -> None:
    """Run a small escalation pass if none ran lately in this process; never raises."""
    try:
        if not _due(configured_url()):
            return
        db = database()
        run_escalation_pass(db, configured_sender(db, timeout=PAGE_TIMEOUT_SECONDS), now=auth.now(),
                            max_steps=PAGE_MAX_STEPS)  # fmt: skip
    except Exception:
        log.exception("escalation check on page load failed")
