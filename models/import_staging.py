"""Rows of an import that have been checked but not yet applied (issue 14).

An import reads and checks its file without holding SQLite's write lock, and puts the
rows it will apply here, a batch per short transaction. Nothing but the import reads
this table, so staged rows are invisible to the clinic. Once every row is checked the
run turns to "applying" (`ImportRun.state`) and the rows are applied in short steps,
each deleting the rows it applied in its own transaction, so a stopped run is finished
by the next import exactly once. `cells` holds the CSV row as read (the same text the
rejected-rows file would repeat); it lives only until its step is applied.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ImportStagedRow(Base):
    __tablename__ = "import_staging"
    __table_args__ = (Index("ix_import_staging_run_id_id", "run_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id", ondelete="CASCADE"))
    line: Mapped[int]
    cells: Mapped[str] = mapped_column(Text)  # JSON: column -> text as read, encoded before the write lock
