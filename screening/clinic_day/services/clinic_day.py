"""Today's clinic list for clinic staff: who is here, their screening status, and a search.

Design decisions:
- The list is the attendances at the user's sites on one Europe/London day (clinics run
  on the wall clock; times are stored in UTC). Other sites' patients never leave the
  database: the site scope, the site/clinic filter and the search are all in the query.
- Each row's status is its attendance's latest sitting (not offered when there is none);
  "last screened" is the patient's latest completed sitting anywhere, and "screened
  recently" compares it with today (`clinic_day_policy`): a hint when deciding to offer a
  screen, never a block, so it is not shown once today's sitting is completed.
- A row shows the visit's urgent flags that no one has acknowledged yet: an item 9 answer
  raises one the moment it is stored (clinical reference s1 v2), so the clinic's staff
  see it while the patient is still holding the tablet.
- The search text matches names (every word, in either name), the hospital number, or the
  NHS number with or without spaces. It is never logged or audited: it is often an
  identifier typed in full.
- `open_clinic_day` is the page's one call: it marks idle sittings abandoned first
  (`abandonment.mark_abandoned`), so the statuses it then lists are current.
- Screening at home (issue 17): each row carries its `RemoteStatus` ("Started at home",
  the link's state in plain words, whether staff may stop the link), read for the whole
  list at once (`remote_status`). A sitting begun from a link is the attendance's sitting
  like any other, so "Resume screen" resumes it on the tablet.
- Starting, resuming and handing over live in `sitting_start`; `begin_self_screen` is
  re-exported here, where the clinic list has always found it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Attendance, Clinic, Patient, Site
from screening.clinic_day.rules.remote_words import NO_REMOTE, RemoteStatus
from screening.clinic_day.services.remote_status import remote_statuses
from screening.clinic_day.services.sitting_history import last_completed, latest_sittings, unacknowledged_urgent
from screening.patient_mode.services.sitting_start import begin_self_screen
from screening.patients.services.patient_search import matches
from screening.policy import Action, CurrentUser, require
from screening.sittings.rules.clinic_day_policy import LONDON, ClinicDayPolicy, screened_recently
from screening.sittings.services.abandonment import mark_abandoned

__all__ = ["ClinicDay", "ClinicListRow", "begin_self_screen", "clinic_list", "open_clinic_day"]

Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class ClinicListRow:
    attendance_id: int
    appointment_at: datetime
    site: str
    clinic: str
    patient_name: str
    hospital_number: str
    attendance_status: str
    screening_status: str  # not offered, in progress, completed, declined, abandoned
    clinic_id: int = 0
    nhs_number: str = ""
    sitting_id: int | None = None  # the attendance's latest sitting
    resumable: bool = False  # that sitting is in progress, or abandoned and not closed
    last_screened_at: datetime | None = None
    screened_recently: bool = False
    urgent_flags: int = 0  # urgent flags from this visit's sittings that no one has acknowledged yet
    remote: RemoteStatus = NO_REMOTE  # screening at home: its sitting and its link (issue 17)


@dataclass(frozen=True)
class ClinicChoice:
    clinic_id: int
    site_id: int
    site_code: str
    name: str


@dataclass(frozen=True)
class ClinicDay:
    rows: tuple[ClinicListRow, ...]
    clinics: tuple[ClinicChoice, ...]  # the day's clinics at the user's sites, for the filter
    abandoned: int  # sittings this call marked abandoned


def london_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, LONDON)
    return start, datetime.combine(day + timedelta(days=1), time.min, LONDON)


def open_clinic_day(
    session: Session,
    *,
    actor: CurrentUser,
    day: date,
    now: datetime,
    site_id: int | None = None,
    clinic_id: int | None = None,
    search: str = "",
    policy: ClinicDayPolicy = ClinicDayPolicy(),
    app_session: str | None = None,
) -> ClinicDay:
    """Mark idle sittings abandoned, then the day's (filtered) list and its clinics."""
    abandoned = mark_abandoned(session, actor=actor, now=now, policy=policy, app_session=app_session)
    rows = clinic_list(session, actor=actor, day=day, site_id=site_id, clinic_id=clinic_id, search=search,
                       policy=policy, now=now)  # fmt: skip
    choices = session.execute(
        _day(select(Clinic.id, Site.id, Site.code, Clinic.name).distinct(), actor, day).order_by(Site.code, Clinic.name)
    ).all()
    return ClinicDay(tuple(rows), tuple(ClinicChoice(*c) for c in choices), abandoned)


def clinic_list(
    session: Session,
    *,
    actor: CurrentUser,
    day: date,
    site_id: int | None = None,
    clinic_id: int | None = None,
    search: str = "",
    policy: ClinicDayPolicy = ClinicDayPolicy(),
    now: datetime | None = None,
) -> list[ClinicListRow]:
    """The day's rows; `now` decides whether a link has expired (None: not judged)."""
    require(actor, Action.VIEW_CLINIC_LIST)
    query = _day(select(Attendance, Patient, Clinic.name, Site.code), actor, day)
    if site_id is not None:
        query = query.where(Site.id == site_id)
    if clinic_id is not None:
        query = query.where(Clinic.id == clinic_id)
    if (condition := matches(search)) is not None:
        query = query.where(condition)
    rows = session.execute(query.order_by(Attendance.appointment_at, Attendance.id)).all()
    latest = latest_sittings(session, [a.id for a, *_ in rows])
    screened = last_completed(session, {p.id for _, p, *_ in rows})
    urgent = unacknowledged_urgent(session, [a.id for a, *_ in rows])
    remote = remote_statuses(session, [a.id for a, *_ in rows], now=now)
    result = []
    for a, p, clinic_name, site_code in rows:
        sitting_id, status, closed = latest.get(a.id, (None, "not offered", False))
        last = screened.get(p.id)
        result.append(ClinicListRow(
            a.id, a.appointment_at, site_code, clinic_name, f"{p.family_name.upper()}, {p.given_name}",
            p.hospital_number or "", a.status, status.replace("_", " "), a.clinic_id, p.nhs_number, sitting_id,
            status == "in_progress" or (status == "abandoned" and not closed), last,
            status != "completed" and screened_recently(last, day, policy), urgent.get(a.id, 0),
            remote.get(a.id, NO_REMOTE),
        ))  # fmt: skip
    return result


def _day(query: Select[*Columns], actor: CurrentUser, day: date) -> Select[*Columns]:
    start, end = london_day_bounds(day)
    query = (
        query.select_from(Attendance)
        .join(Patient, Patient.id == Attendance.patient_id)
        .join(Clinic, Clinic.id == Attendance.clinic_id)
        .join(Site, Site.id == Clinic.site_id)
        .where(Attendance.appointment_at >= start, Attendance.appointment_at < end)
    )
    return query if actor.site_ids is None else query.where(Site.id.in_(actor.site_ids))
