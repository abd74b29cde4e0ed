"""Today's clinic list: statuses, "screened recently", search by each key, filters, site scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from screening.clinic_day.services.clinic_day import clinic_list, open_clinic_day
from screening.clinic_day.services.declines import decline_screening
from screening.patient_mode.services.sitting_start import start_or_resume
from screening.sittings.rules.clinic_day_policy import ClinicDayPolicy
from screening.sittings.services.completion import complete_session
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, a_visit

TODAY = NOW.date()


def names(rows) -> list[str]:
    return [r.patient_name for r in rows]


def screened(db: Session, patient_id: int, clinic_id: int, days_ago: int) -> None:
    at = NOW - timedelta(days=days_ago)
    visit = factories.attendance(db, patient_id=patient_id, clinic_id=clinic_id, appointment_at=at)
    sitting = factories.screening_session(db, patient_id=patient_id, clinic_id=clinic_id, attendance_id=visit.id,
                                          started_at=at)  # fmt: skip
    complete_session(db, sitting.id, actor="test", actor_user_id=None, now=at)


@pytest.fixture
def day(db_session: Session):
    day = a_clinic_day(db_session, family_name="Okafor", given_name="Ada", nhs_number="9434765919",
                       hospital_number="RJ1-0042")  # fmt: skip
    a_visit(db_session, day.clinic, family_name="Mensah", given_name="Kwame", hospital_number="KCH77")
    a_visit(db_session, day.clinic, family_name="O'Brien", given_name="Siobhán", hospital_number="H100_%")
    db_session.commit()
    return day


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("okafor", ["OKAFOR, Ada"]),
        ("Ada Okafor", ["OKAFOR, Ada"]),
        ("OKAFOR, Ada", ["OKAFOR, Ada"]),
        ("kwa", ["MENSAH, Kwame"]),
        ("rj1-0042", ["OKAFOR, Ada"]),  # hospital number, any case
        ("RJ10042", ["OKAFOR, Ada"]),  # hospital number without its hyphen
        ("9434765919", ["OKAFOR, Ada"]),  # NHS number as stored
        ("943 476 5919", ["OKAFOR, Ada"]),  # NHS number as printed
        ("943-476", ["OKAFOR, Ada"]),  # the start of an NHS number
        ("%", ["O'BRIEN, Siobhán"]),  # typed wildcards are literal: only H100_% holds a %
        ("_", ["O'BRIEN, Siobhán"]),
        ("  ", ["OKAFOR, Ada", "MENSAH, Kwame", "O'BRIEN, Siobhán"]),
    ],
)
def test_search_finds_a_patient_by_name_hospital_number_or_nhs_number(db_session, day, search, found) -> None:
    assert names(clinic_list(db_session, actor=day.staff, day=TODAY, search=search)) == found


def test_each_patient_shows_the_latest_status_of_todays_sitting(db_session, day) -> None:
    okafor, mensah, _obrien = (r.attendance_id for r in clinic_list(db_session, actor=day.staff, day=TODAY))
    start_or_resume(db_session, actor=day.staff, attendance_id=okafor, mode=None, idempotency_key="a", now=NOW)
    decline_screening(db_session, actor=day.staff, attendance_id=mensah, reason="no_time", idempotency_key="b",
                      now=NOW)  # fmt: skip
    rows = clinic_list(db_session, actor=day.staff, day=TODAY)
    assert [r.screening_status for r in rows] == ["in progress", "declined", "not offered"]
    assert [r.resumable for r in rows] == [True, False, False]


@pytest.mark.parametrize(("days_ago", "recent"), [(90, True), (91, False)])
def test_a_patient_screened_within_90_days_is_marked_screened_recently(db_session, day, days_ago, recent) -> None:
    screened(db_session, day.visit.patient_id, day.clinic.id, days_ago)
    row = clinic_list(db_session, actor=day.staff, day=TODAY)[0]
    assert row.last_screened_at == NOW - timedelta(days=days_ago)
    assert row.screened_recently is recent
    assert row.screening_status == "not offered"  # still screenable today


def test_the_recent_interval_comes_from_the_policy(db_session, day) -> None:
    screened(db_session, day.visit.patient_id, day.clinic.id, 30)
    row = clinic_list(db_session, actor=day.staff, day=TODAY, policy=ClinicDayPolicy(recent_days=29))[0]
    assert row.screened_recently is False


def test_the_list_can_be_filtered_to_a_site_or_a_clinic_and_offers_the_days_clinics(db_session, day) -> None:
    other = factories.clinic(db_session, site_id=day.clinic.site_id, name="Haemostasis")
    a_visit(db_session, other, family_name="Begum")
    db_session.commit()
    whole = open_clinic_day(db_session, actor=day.staff, day=TODAY, now=NOW)
    assert [c.name for c in whole.clinics] == sorted([day.clinic.name, "Haemostasis"])
    assert len(whole.rows) == 4
    assert names(clinic_list(db_session, actor=day.staff, day=TODAY, clinic_id=other.id)) == ["BEGUM, Ada"]
    assert len(clinic_list(db_session, actor=day.staff, day=TODAY, site_id=day.clinic.site_id)) == 4


def test_patients_at_other_sites_or_on_other_days_are_not_listed(db_session, day) -> None:
    a_visit(db_session, factories.clinic(db_session), family_name="Elsewhere")
    a_visit(db_session, day.clinic, at=NOW + timedelta(days=1), family_name="Tomorrow")
    db_session.commit()
    assert "ELSEWHERE, Ada" not in names(clinic_list(db_session, actor=day.staff, day=TODAY))
    assert "TOMORROW, Ada" not in names(clinic_list(db_session, actor=day.staff, day=TODAY, search="tomorrow"))
