"""Staff sign-in sessions that outlive a browser reload (issue 14).

Only the SHA-256 of the browser's token is kept (`token_hash`), and of the one-time ticket
that sets it (`ticket_hash`), so nothing in this table can be used as a cookie. A row is
made at sign-in with a ticket and no token; the browser swaps the ticket for the token
once. `handover_id` binds an open patient hand-over to the session, so a reload in patient
mode shows "hand the tablet to staff" instead of the sign-in page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

STAFF_SESSION_END_REASONS: tuple[str, ...] = ("signed_out", "idle_timeout", "expired", "replaced", "refused")


class StaffSession(Base):
    __tablename__ = "staff_sessions"
    __table_args__ = (
        CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="ended_with_reason"),
        CheckConstraint(
            "end_reason IS NULL OR end_reason IN ('signed_out', 'idle_timeout', 'expired', 'replaced', 'refused')",
            name="end_reason_known",
        ),
        Index("ix_staff_sessions_user_open", "user_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handovers.id"))
    # The Streamlit session that signed in (a random token naming it in the audit log).
    app_session: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(20))
