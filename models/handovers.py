"""Patient hand-overs: a staff member gave the tablet to a patient for one sitting.

The row outlives the browser session on purpose. A reload on a tablet signed in through
the trust's identity provider comes back signed in as the staff member; an open
hand-over for that user makes the app ask for a staff check before it shows anything
(issue 4: patient mode is enforced on the server, not by hiding buttons).

`failed_attempts` counts wrong secrets typed into this hand-over's hand-back box, and
`locked_at` is set when they reach the sign-in limit (issue 14): the count belongs to the
hand-over, not to the staff member's account, so a patient cannot lock the account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow

HANDOVER_END_REASONS: tuple[str, ...] = ("staff_check", "ended_elsewhere", "expired")


class Handover(Base):
    __tablename__ = "handovers"
    __table_args__ = (
        CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="ended_with_reason"),
        CheckConstraint(
            "end_reason IS NULL OR end_reason IN ('staff_check', 'ended_elsewhere', 'expired')",
            name="end_reason_known",
        ),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),
        Index("ix_handovers_user_open", "user_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    screening_session_id: Mapped[int] = mapped_column(ForeignKey("screening_sessions.id"))
    # The Streamlit session that entered patient mode (a random token, not a person).
    app_session: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(20))
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
