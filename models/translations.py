"""Translations of the instruments and of the patient text, as governed data (issue 16).

One row per language and part: a part is an instrument id (`phq9`, `gad7`, `phq4`,
`auditc`) or `patient_text` (the words around the questionnaires). `content` holds only
text (JSON: the lead-in, each item's text and option labels in the master's order, or the
patient-text keys); linkIds, option values, scores and rules always come from the English
master (clinical reference s9). `master_fingerprint` is the SHA-256 of the master text the
translation was made from: when the master's text changes, the translation needs review.

Provenance (`source`, `version`, `licence`) comes with the file. Sign-off is a person in
the app (`signed_off_by_id`, `signed_off_at`); importing new content clears it. A row with
`test_language` set is a generated pseudo-locale, never offered outside demo mode.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class Translation(Base):
    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("language", "part"),
        CheckConstraint("(signed_off_by_id IS NULL) = (signed_off_at IS NULL)", name="signed_off_with_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A BCP 47 language tag: "so", "pt-BR", "ar"; the pseudo-locales are "en-XA" and "ar-XB".
    language: Mapped[str] = mapped_column(String(35))
    part: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    master_fingerprint: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(40))
    licence: Mapped[str] = mapped_column(Text)
    test_language: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who imported it: the administrator's username, or "command line".
    imported_by: Mapped[str] = mapped_column(String(100))
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
