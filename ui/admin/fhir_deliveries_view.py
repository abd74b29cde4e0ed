"""The EPR deliveries page's parts: the counts, and the table of deliveries needing attention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import streamlit as st

from screening.counted import counted
from screening.exports.services.fhir_push import DeliveryRow, PushOverview
from ui.shell.auth import LONDON


def when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def overview_metrics(overview: PushOverview) -> None:
    counts = overview.counts
    columns = st.columns(4)
    columns[0].metric("Waiting to send", counts["waiting"] + counts["sending"])
    columns[1].metric("Delivered, last 7 days", overview.delivered_last_7_days)
    columns[2].metric("Delivered in all", counts["delivered"])
    columns[3].metric("Failed", counts["failed"])
    notes = []
    if overview.since is not None:
        notes.append(f"Sittings started from {overview.since.astimezone(LONDON):%d %b %Y} on are pushed.")
    if overview.oldest_waiting is not None:
        notes.append(f"The oldest waiting was queued {when(overview.oldest_waiting)}.")
    if notes:
        st.caption(" ".join(notes))
    if counts["failed"]:
        them = "it" if counts["failed"] == 1 else "them"
        st.warning(f"{counted(counts['failed'], 'sitting')} did not reach the EPR. Mend the cause the error gives "
                   f"(for example a token or an address), then resend {them}.", icon=":material/warning:")  # fmt: skip


def delivery_table(rows: Sequence[DeliveryRow]) -> list[int]:
    """The rows, failed first, what went wrong before where (a narrow screen scrolls the table);
    the positions the administrator selected."""
    event = st.dataframe(
        {
            "Sitting started": [when(r.sitting_started_at) for r in rows],
            "State": [r.status_label for r in rows],
            "Last error": [r.last_error or "" for r in rows],
            "Attempts": [r.attempts for r in rows],
            "Last attempt": [when(r.last_attempt_at) for r in rows],
            "Next attempt": [when(r.next_attempt_at) for r in rows],
            "Clinic": [r.clinic for r in rows],
            "Site": [r.site for r in rows],
        },
        hide_index=True,
        width="stretch",
        key="fhir_deliveries",
        on_select="rerun",
        selection_mode="multi-row",
    )
    return list(event.selection.rows)


def failed_ids(rows: Sequence[DeliveryRow], positions: Sequence[int]) -> list[int]:
    return [rows[p].delivery_id for p in positions if p < len(rows) and rows[p].status == "failed"]
