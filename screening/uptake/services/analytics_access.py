"""Switching small-number suppression off, and the audit trail of analytics exports (issue 8).

Design decisions:
- `open_unsuppressed` is the one place suppression is switched off: an administrator
  (VIEW_UNSUPPRESSED_ANALYTICS) with a reason. It records `analytics.unsuppressed` with the
  reason and the filters in the caller's transaction. Every analytics service then calls
  `check_disclosure` again with the same `Disclosure`, so a hand-made one opens nothing.
- The command line has no signed-in user unless `--user` is given: it may read
  suppressed figures only (as `export-csv` may export pseudonymised data only).
- Every download (CSV or PNG) and every command-line table is an export of aggregates:
  `record_export` writes `analytics.exported` with what, the format, the number of rows
  (groups, not people), suppressed or not, and the filters: codes and dates only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from screening.audit.services.audit import record_event
from screening.errors import PermissionDenied
from screening.policy import Action, CurrentUser, require
from screening.uptake.rules.analytics_filters import AnalyticsFilters
from screening.uptake.rules.disclosure import Disclosure

COMMAND_LINE = "command line"


def check_disclosure(user: CurrentUser | None, disclosure: Disclosure) -> None:
    """PermissionDenied unless the figures may be shown as `disclosure` asks."""
    if disclosure.suppress:
        return
    if user is None:
        raise PermissionDenied("Unsuppressed figures need a signed-in administrator (--user) and a reason.")
    require(user, Action.VIEW_UNSUPPRESSED_ANALYTICS, reason=disclosure.reason)


def open_unsuppressed(
    session: Session, user: CurrentUser | None, reason: str | None, filters: AnalyticsFilters,
    *, app_session: str | None = None,
) -> Disclosure:  # fmt: skip
    """Grant unsuppressed figures to an administrator with a reason, and audit it."""
    if user is None:
        raise PermissionDenied("Unsuppressed figures need a signed-in administrator (--user) and a reason.")
    require(user, Action.VIEW_UNSUPPRESSED_ANALYTICS, reason=reason)
    disclosure = Disclosure.unsuppressed(reason)
    record_event(
        session, actor=user.username, actor_user_id=user.user_id, action="analytics.unsuppressed",
        entity_type="analytics", entity_id=None, detail={"reason": disclosure.reason, **filters.audit_detail()},
        app_session=app_session,
    )  # fmt: skip
    return disclosure


def record_export(
    session: Session, user: CurrentUser | None, *, what: str, file_format: str, rows: int,
    filters: AnalyticsFilters, disclosure: Disclosure, extra: dict[str, Any] | None = None,
    app_session: str | None = None,
) -> None:  # fmt: skip
    """Audit one analytics export (a download, or a command-line table)."""
    check_disclosure(user, disclosure)
    detail: dict[str, Any] = {"format": file_format, "rows": rows, "mode": disclosure.mode,
                              **filters.audit_detail(), **(extra or {})}  # fmt: skip
    if not disclosure.suppress:
        detail["reason"] = disclosure.reason
    record_event(
        session, actor=user.username if user else COMMAND_LINE, actor_user_id=user.user_id if user else None,
        action="analytics.exported", entity_type="analytics", entity_id=what, detail=detail,
        app_session=app_session,
    )  # fmt: skip
