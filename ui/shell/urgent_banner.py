"""The urgent-flag banner: on every psychologist's and clinic staff screen until someone acknowledges.

Issue 7: "an urgent flag nobody has acknowledged shows on every psychologist's and the
clinic team's screen until someone does". `ui.shell.frame.staff_header` calls this on every
staff page; the service decides who sees it (`services.urgent_alerts`) and says nothing
about the patient, since the banner is on screens in busy clinics.
"""

from __future__ import annotations

import streamlit as st

from screening.flag_review.services.urgent_alerts import UrgentAlert, unacknowledged_urgent
from screening.policy import Action, CurrentUser, may
from ui.shell import auth
from ui.shell.runtime import database
from ui.shell.text import plain


def banner_text(alert: UrgentAlert, *, psychologist: bool) -> str:
    many = alert.count != 1
    oldest = alert.oldest_raised_at.astimezone(auth.LONDON).strftime("%d %b %Y %H:%M")
    where = ", ".join(plain(name) for name in alert.clinics)
    late = "" if not alert.overdue else (" It is overdue." if not many else f" {alert.overdue} of them overdue.")
    if psychologist:
        ask = "Open the flag queue and acknowledge it."
    elif alert.physical == alert.count:
        ask = (
            "Tell the clinician running the clinic now, then acknowledge it on the patient's summary "
            "(blood pressure in the severe range)."
        )
    elif alert.physical:
        ask = (
            f"Tell the duty psychologist now; the patient may still be in clinic. {alert.physical} "
            f"{'is' if alert.physical == 1 else 'are'} blood pressure in the severe range: tell the clinician "
            "running the clinic and acknowledge it on the patient's summary."
        )
    else:
        ask = "Tell the duty psychologist now; the patient may still be in clinic."
    return (f"**{alert.count} urgent flag{'s' if many else ''} not yet acknowledged** "
            f"({where}; oldest raised {oldest}).{late} {ask}")  # fmt: skip


def urgent_banner(user: CurrentUser) -> None:
    with database().transaction() as session:
        alert = unacknowledged_urgent(session, user, now=auth.now())
    if alert is None:
        return
    st.error(banner_text(alert, psychologist=may(user, Action.VIEW_FLAG_QUEUE)), icon=":material/emergency:")
