"""One patient on the clinic list: who, their screening status, and the actions on them.

Design decisions:
- Every action is a big button on the patient's own card, so the patient in front of the
  tablet is the one acted on (no separate picker to get wrong).
- Declining takes two taps: "Decline", then one reason from the short list; the optional
  typed words go in the box above the reasons before the second tap.
- Each action has its own idempotency key per patient per page view, so a double tap
  starts (or declines) once; the key is dropped when the action succeeds.
- Screening at home (issue 17): the row says "Started at home" or "Completed at home" and the
  link's state, and offers "Stop link" (`ui.tablet.remote_actions`); a sitting begun at home
  is resumed with "Resume screen" like any other.
- Names and numbers are shown through `ui.shell.text.plain`: typed text, never Markdown; the
  patient's name and hospital number through `ui.shell.text.shown`, bidi-isolated (hazard H5).
"""

from __future__ import annotations

import secrets
from datetime import date

import streamlit as st

from screening.clinic_day.rules.decline_reasons import DECLINE_REASONS
from screening.clinic_day.services.clinic_day import ClinicListRow
from screening.clinic_day.services.declines import decline_screening
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.policy import CurrentUser
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import plain, shown
from ui.tablet.remote_actions import NOTICE, link_actions, remote_lines
from ui.tablet.sitting_choice import open_sitting

DECLINING = "clinic_list_declining"
__all__ = ["NOTICE", "patient_row"]  # NOTICE: the page shows it after a rerun (set here and in remote_actions)


def _key(action: str, attendance_id: int) -> str:
    return st.session_state.setdefault(f"clinic_list_{action}_key_{attendance_id}", secrets.token_hex(16))


def _nhs(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


def _when(row: ClinicListRow, today: date) -> str:
    if row.last_screened_at is None:
        return "never screened here"
    day = row.last_screened_at.astimezone(auth.LONDON).date()
    return "last screened today" if day == today else f"last screened {day:%d %b %Y}"


def patient_row(user: CurrentUser, row: ClinicListRow, today: date) -> None:
    with st.container(border=True, key=f"clinic_list_card_{row.attendance_id}"):
        info, actions = st.columns([3, 2], vertical_alignment="center")
        time = row.appointment_at.astimezone(auth.LONDON).strftime("%H:%M")
        info.markdown(f"**{shown(row.patient_name)}** · {shown(row.hospital_number)} · NHS {_nhs(row.nhs_number)}")
        info.caption(f"{time} · {plain(row.site)} · {plain(row.clinic)} · {row.attendance_status.replace('_', ' ')}"
                     f" · screening: **{row.screening_status}** · {_when(row, today)}")  # fmt: skip
        if row.urgent_flags:
            info.badge("Urgent flag: tell the clinician running the clinic today", icon=":material/emergency:",
                        color="red")  # fmt: skip
        if row.screened_recently:
            info.badge("Screened recently", icon=":material/history:", color="orange")
        remote_lines(row, info)
        link_actions(user, row, actions)
        if row.attendance_status != "attended":
            return
        if row.screening_status == "completed":
            if actions.button("View summary", key=f"clinic_list_view_{row.attendance_id}", width="stretch"):
                open_sitting(row.sitting_id)  # type: ignore[arg-type]
            return
        label = "Resume screen" if row.resumable else "Start screen"
        if actions.button(label, key=f"clinic_list_start_{row.attendance_id}", type="primary",
                          icon=":material/play_arrow:", width="stretch"):  # fmt: skip
            _start(user, row)
        if row.screening_status != "declined" and actions.button(
            "Decline", key=f"clinic_list_decline_{row.attendance_id}", width="stretch"
        ):
            st.session_state[DECLINING] = row.attendance_id
        if st.session_state.get(DECLINING) == row.attendance_id:
            _decline_panel(user, row)


def _start(user: CurrentUser, row: ClinicListRow) -> None:
    with user_errors():
        with database().transaction() as session:
            sitting_id = start_or_resume(
                session, actor=user, attendance_id=row.attendance_id, mode=None,
                idempotency_key=_key("start", row.attendance_id), now=auth.now(), app_session=auth.app_session(),
            )  # fmt: skip
        st.session_state.pop(f"clinic_list_start_key_{row.attendance_id}", None)
        open_sitting(sitting_id)


def _decline_panel(user: CurrentUser, row: ClinicListRow) -> None:
    words = st.text_input("Anything to add (optional)", max_chars=120, key=f"clinic_list_words_{row.attendance_id}")
    st.caption("Tap the reason to record the decline:")
    reasons = st.container(horizontal=True)  # wraps on a narrow screen; every reason readable in full
    for code, reason in DECLINE_REASONS.items():
        if reasons.button(reason, key=f"clinic_list_reason_{row.attendance_id}_{code}", width="content"):
            with user_errors():
                with database().transaction() as session:
                    decline_screening(
                        session, actor=user, attendance_id=row.attendance_id, reason=code, free_text=words,
                        idempotency_key=_key("decline", row.attendance_id), now=auth.now(),
                        app_session=auth.app_session(),
                    )  # fmt: skip
                for key in (DECLINING, f"clinic_list_decline_key_{row.attendance_id}",
                            f"clinic_list_words_{row.attendance_id}"):  # fmt: skip
                    st.session_state.pop(key, None)
                st.session_state[NOTICE] = "Decline recorded."
                st.rerun()
