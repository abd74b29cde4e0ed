"""What `python -m screening check` reports: where the data is and how much of it.

Design decisions:
- On PostgreSQL it also says whether autovacuum is on. The uptake summary is updated in
  place and its queue is emptied at every dashboard reading; on PostgreSQL each leaves old
  row versions that only a vacuum clears, and the covering indexes the catch-up reads
  answer alone only from vacuumed pages. With autovacuum off, readings slow down as the old
  versions gather (at benchmark size, a catch-up's read of 10,000 patients' attendances
  took 0.6 s on a database never vacuumed, 0.3 s once vacuumed). SQLite needs none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models import (
    Answer,
    Attendance,
    AuditEvent,
    Clinic,
    Flag,
    Patient,
    Score,
    ScreeningSession,
    Site,
    UptakeDay,
    User,
)
from models.database import current_revision, head_revision, redacted
from screening.database.services.database import Database, is_demo

_COUNTED = (Site, Clinic, Patient, Attendance, ScreeningSession, Answer, Score, Flag, User, AuditEvent, UptakeDay)


@dataclass(frozen=True)
class DatabaseStatus:
    url: str
    revision: str | None
    head: str | None
    demo: bool
    counts: dict[str, int]
    autovacuum: bool | None = None  # PostgreSQL's setting; None on SQLite

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def row_counts(session: Session) -> dict[str, int]:
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in _COUNTED}


def database_status(database: Database) -> DatabaseStatus:
    with database.transaction() as session:
        counts = row_counts(session)
        demo = is_demo(session)
        autovacuum = None
        if session.get_bind().dialect.name == "postgresql":
            autovacuum = session.scalar(text("SHOW autovacuum")) == "on"
    return DatabaseStatus(
        url=redacted(database.url),
        revision=current_revision(database.engine),
        head=head_revision(),
        demo=demo,
        counts=counts,
        autovacuum=autovacuum,
    )
