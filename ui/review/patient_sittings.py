"""Each sitting of the patient view: totals, reliable change, Vital 5 values and item answers.

Newest first; the newest open, and any with an item 9 concern. PHQ-9 item 9 is highlighted wherever it is a concern
(above 0, unanswered or declined: the urgent flag's own rule, s1 and s6), in the sitting's
title and on its row; a reliable PHQ-9 or GAD-7 change (NHS Talking Therapies' reliable
improvement or deterioration, s6) is a badge on the later sitting. Text typed
by people (clinic names, decline reasons) goes through `plain`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from screening.clinical.rules.answer_display import ItemAnswer
from screening.flag_review.services.patient_sittings import SittingView
from ui.shell.auth import LONDON
from ui.shell.text import plain

CONCERN_STYLE = "background-color: #fde2e1; color: #8a1c14; font-weight: 600"


def _title(sitting: SittingView) -> str:
    when = sitting.at.astimezone(LONDON).strftime("%d %b %Y")
    totals = " · ".join(t.words for t in sitting.totals if t.instrument_id != "auditc")
    status = "" if sitting.status == "completed" else f" · {sitting.status.replace('_', ' ')}"
    alert = " · ⚠ item 9" if sitting.item9_concern else ""
    return plain(f"{when} · {sitting.site} · {totals or 'no totals'}{status}{alert}")


def _answers_table(items: tuple[ItemAnswer, ...]) -> None:
    frame = pd.DataFrame({
        "No.": [str(i.number) for i in items], "Question": [i.question for i in items],
        "Answer": [("⚠ " if i.concern else "") + i.answer for i in items],
    })  # fmt: skip
    concerns = [i.concern for i in items]
    styled = frame.style.apply(lambda row: [CONCERN_STYLE if concerns[row.name] else ""] * len(row), axis=1)
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config={"No.": st.column_config.TextColumn(width=40),
                                "Question": st.column_config.TextColumn(width="large")})  # fmt: skip


def sitting_details(sitting: SittingView) -> None:
    st.caption(plain(sitting.clinic))
    if sitting.decline_reason:
        st.write(f"Declined: {plain(sitting.decline_reason)}")
    for change in (sitting.phq9_change, sitting.gad7_change):
        if change is not None:
            colour = "orange" if change.points > 0 else "green"  # a concern, not an alarm: red is for urgent flags
            text = change.describe()
            st.markdown(f":{colour}-badge[{text}]" if change.reliable else text)
    if sitting.vital5:
        st.markdown("**Vital 5**  \n" + "  \n".join(plain(line) for line in sitting.vital5))
    for title, items in sitting.answers:
        st.markdown(f"**{title}**")
        _answers_table(items)


def sittings_list(sittings: Sequence[SittingView]) -> None:
    st.subheader(f"Screens ({len(sittings)})")
    newest_first = list(reversed(sittings))
    for index, sitting in enumerate(newest_first):
        # The newest is open, and so is any sitting whose item 9 is a concern (s1, s6).
        with st.expander(_title(sitting), expanded=index == 0 or sitting.item9_concern, icon=":material/assignment:"):
            sitting_details(sitting)
