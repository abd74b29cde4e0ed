"""A completed sitting's summary on screen: urgent flags first in plain words, results, flags.

Design decisions:
- URGENT flags open the page as red boxes saying what happened and what to do now
  (issue 6); the full list of flags follows with what each means and the agreed next step.
- The printable copy is the same summary built by `screening.sittings.rules.summary_html` (every value
  escaped); downloading it is audited, and its file name carries no identifier.
- Beside it, the one-page PDF for the EPR's document store (`screening.sittings.rules.summary_pdf`,
  issue 18), for the same roles, audited the same way (its detail says the format, "pdf"). It is drawn only
  when the button is pressed (a callable), so the page does not pay for it on every rerun.
- Text from the record (reasons, names) goes through `ui.shell.text.plain` wherever Markdown is
  rendered.
"""

from __future__ import annotations

from functools import partial
from typing import Literal

import streamlit as st

from screening.flag_review.services.physical_flags import acknowledge_physical_flag
from screening.policy import Action, CurrentUser, may
from screening.sittings.rules.sitting_summaries import SittingSummary, SummaryFlag
from screening.sittings.rules.summary_html import summary_filename, summary_html
from screening.sittings.rules.summary_pdf import summary_pdf, summary_pdf_filename
from screening.sittings.services.sitting_summary import record_summary_printed
from ui.shell import auth
from ui.shell.notices import user_errors
from ui.shell.runtime import database
from ui.shell.text import plain


def _printed(user: CurrentUser, sitting_id: int, form: Literal["html", "pdf"] = "html") -> None:
    with database().transaction() as session:
        record_summary_printed(session, actor=user, sitting_id=sitting_id, app_session=auth.app_session(), form=form)


def _acknowledge(user: CurrentUser, flag: SummaryFlag) -> None:
    done = False
    with user_errors():
        with database().transaction() as session:
            acknowledge_physical_flag(session, user, flag_id=flag.id, version=flag.version, now=auth.now(),
                                      app_session=auth.app_session())  # fmt: skip
        done = True
    if done:
        st.rerun()  # the summary and the banner now show it acknowledged


def show_summary(user: CurrentUser, summary: SittingSummary) -> None:
    for flag in summary.urgent:
        st.error(f"**URGENT: {plain(flag.reason)}.** {plain(flag.next_step)}", icon=":material/emergency:")
        acknowledgeable = (
            flag.kind == "physical" and flag.status == "open" and may(user, Action.ACKNOWLEDGE_PHYSICAL_FLAG)
        )
        # The button is drawn only when the flag may be acknowledged (`and` stops before it otherwise).
        if acknowledgeable and st.button(
            "Acknowledge: the clinician running the clinic knows",
            key=f"sitting_ack_{flag.id}",
            type="primary",
            icon=":material/task_alt:",
        ):
            _acknowledge(user, flag)
    st.subheader("Results")
    if summary.scores:
        st.table({"Measure": [s.title for s in summary.scores], "Result": [s.text for s in summary.scores]})
    else:
        st.info("No results were recorded in this sitting.", icon=":material/info:")
    st.subheader("Flags")
    if not summary.flags:
        st.success("No flags were raised.", icon=":material/check_circle:")
    for flag in summary.flags:
        with st.container(border=True):
            st.markdown(f"**{flag.priority.upper()}** · {flag.kind} · {plain(flag.reason)} · {flag.status}")
            st.caption(plain(flag.meaning))
            st.markdown(f"**Next step:** {plain(flag.next_step)}")
    if not summary.physical_flags_shown:
        st.caption("Physical-health flags are not shown to your role.")
    now = auth.now()
    printable, pdf = st.columns(2)
    printable.download_button(
        "Printable summary",
        summary_html(summary, printed_at=now),
        file_name=summary_filename(now),
        mime="text/html",
        icon=":material/print:",
        key="sitting_print",
        on_click=_printed,
        args=(user, summary.sitting_id),
    )
    pdf.download_button(
        "Download PDF",
        partial(summary_pdf, summary, produced_at=now),
        file_name=summary_pdf_filename(now),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="sitting_pdf",
        help="One page for the patient record (EPR): results, flags and next steps.",
        on_click=_printed,
        args=(user, summary.sitting_id, "pdf"),
    )
