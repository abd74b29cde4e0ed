"""The queue's table and counts: overdue rows stand out, urgent rows lead.

Cells of a dataframe are never Markdown, so names and reasons are shown exactly as stored,
inside a bidi isolate (hazard H5) so no name can reverse the hospital number beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd
import streamlit as st

from screening.counted import counted
from screening.flag_review.rules.flag_workflow import STATUS_LABELS
from screening.flag_review.services.flag_queue import QueueCounts, QueueRow
from screening.text_safety import isolate
from ui.shell.auth import LONDON

OVERDUE_STYLE = "background-color: #fde2e1; color: #8a1c14"
URGENT_STYLE = "font-weight: 700; color: #b3261e"


def _when(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def queue_counts(counts: QueueCounts) -> None:
    cells = [
        ("Open", counts.total),
        ("Urgent", counts.by_priority.get("urgent", 0)),
        ("High", counts.by_priority.get("high", 0)),
        ("Routine", counts.by_priority.get("routine", 0)),
        ("Overdue", counts.overdue),
        ("Unacknowledged", counts.unacknowledged),
        ("Mine", counts.mine),
    ]
    for column, (label, value) in zip(st.columns(len(cells)), cells, strict=True):  # fmt: skip
        column.metric(label, value)


def queue_table(rows: Sequence[QueueRow]) -> None:
    frame = pd.DataFrame({
        "Priority": [r.priority.upper() for r in rows],
        "Due": [("OVERDUE · " if r.overdue else "") + _when(r.due_at) for r in rows],
        "Patient": [isolate(r.patient_name) for r in rows], "Hospital no.": [isolate(r.hospital_number) for r in rows],
        "Rule": [r.reason for r in rows], "Scores": [r.scores for r in rows],
        "Status": [STATUS_LABELS[r.status] for r in rows], "Owner": [isolate(r.owner or "") for r in rows],
        "Clinic": [f"{r.site} · {r.clinic}" for r in rows], "Screened": [_when(r.screened_at) for r in rows],
    })  # fmt: skip
    overdue = [r.overdue for r in rows]

    def style(row: pd.Series) -> list[str]:
        base = OVERDUE_STYLE if overdue[row.name] else ""
        return [f"{base}; {URGENT_STYLE}" if col == "Priority" and row[col] == "URGENT" else base for col in row.index]

    st.dataframe(frame.style.apply(style, axis=1), hide_index=True, width="stretch")


def flags_by_patient(rows: Sequence[QueueRow]) -> dict[int, list[QueueRow]]:
    """The queue's rows per patient, patients in the order of their most pressing row (the
    queue's own order), for the picker: opening a patient shows all their flags, so a
    patient is one option, not one per flag. Typing in the picker filters and re-ranks its
    options by how the text matches, so with an option per flag a patient's routine flag
    could be listed above their urgent one."""
    patients: dict[int, list[QueueRow]] = {}
    for row in rows:
        patients.setdefault(row.patient_id, []).append(row)
    return patients


def patient_label(rows: Sequence[QueueRow]) -> str:
    """A patient's option in the picker: their most pressing row, with how many more flags
    they have in the queue before its reason, so that a narrow picker cuts the reason (the
    table below shows it whole), not the count."""
    first, more = rows[0], len(rows) - 1
    also = f" + {counted(more, 'other flag')}" if more else ""
    return f"{first.priority.upper()} · {isolate(first.patient_name)} ({isolate(first.hospital_number)}){also} · {first.reason}"
