"""The unacknowledged-urgent banner: who sees it, and that it stays until someone acknowledges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from screening.errors import PermissionDenied
from screening.flag_review.services.flag_actions import acknowledge_flag, reassign_flag
from screening.flag_review.services.physical_flags import acknowledge_physical_flag
from screening.flag_review.services.urgent_alerts import unacknowledged_urgent
from tests import factories
from tests.review_records import NOW, SEVERE, flag_of, reviewer, screened


def test_psychologists_and_clinic_staff_at_the_site_are_alerted_until_someone_acknowledges(
    db_session: Session,
) -> None:
    site = factories.site(db_session)
    clinic = factories.clinic(db_session, site_id=site.id, name="Haemoglobinopathy")
    flag = flag_of(db_session, screened(db_session, clinic=clinic))
    psychologist, nurse = reviewer(db_session, sites=[site]), reviewer(db_session, "clinic_staff", sites=[site])
    for user in (psychologist, nurse):
        alert = unacknowledged_urgent(db_session, user, now=NOW + timedelta(hours=5))
        assert alert is not None
        assert (alert.count, alert.overdue, alert.clinics, alert.oldest_raised_at) == (
            1,
            1,
            ("Haemoglobinopathy",),
            NOW,
        )  # due 4 h after the raise: overdue at 5 h
    other = reviewer(db_session, sites=[site])
    reassign_flag(db_session, psychologist, flag_id=flag.id, version=1, to_user_id=other.user_id,
                  reason="Covering this clinic", now=NOW)  # fmt: skip
    assert unacknowledged_urgent(db_session, nurse, now=NOW) is not None  # reassigned is not acknowledged
    acknowledge_flag(db_session, other, flag_id=flag.id, version=2, now=NOW)
    assert unacknowledged_urgent(db_session, nurse, now=NOW) is None


def test_high_priority_and_physical_urgent_flags_do_not_raise_the_queue_banner(db_session: Session) -> None:
    bp = {"bp_systolic_1": 185, "bp_diastolic_1": 125, "bp_systolic_2": 184, "bp_diastolic_2": 122}
    screened(db_session, clinic=factories.clinic(db_session), phq9=SEVERE, vital5=bp)
    assert unacknowledged_urgent(db_session, reviewer(db_session), now=NOW) is None


def test_the_banner_keeps_to_the_users_sites(db_session: Session) -> None:
    here, there = factories.site(db_session), factories.site(db_session)
    screened(db_session, clinic=factories.clinic(db_session, site_id=there.id))
    assert unacknowledged_urgent(db_session, reviewer(db_session, sites=[here]), now=NOW) is None
    assert unacknowledged_urgent(db_session, reviewer(db_session, sites=[there]), now=NOW) is not None


@pytest.mark.parametrize("role", ["service_manager", "administrator"])
def test_roles_that_cannot_act_on_it_are_not_shown_the_banner(db_session: Session, role: str) -> None:
    screened(db_session, clinic=factories.clinic(db_session))
    assert unacknowledged_urgent(db_session, reviewer(db_session, role), now=NOW) is None


def test_an_urgent_blood_pressure_raises_the_clinic_staffs_banner_until_they_acknowledge_it(
    db_session: Session,
) -> None:
    site = factories.site(db_session)
    clinic = factories.clinic(db_session, site_id=site.id, name="Red cell")
    # 185/125 then 184/122: recorded 184/122, severe (s5): URGENT for the clinic team (s6 v2).
    bp = {"bp_systolic_1": 185, "bp_diastolic_1": 125, "bp_systolic_2": 184, "bp_diastolic_2": 122}
    sitting = screened(db_session, clinic=clinic, phq9=(0,) * 9, vital5=bp)
    nurse = reviewer(db_session, "clinic_staff", sites=[site])
    alert = unacknowledged_urgent(db_session, nurse, now=NOW)
    assert alert is not None and (alert.count, alert.physical) == (1, 1)
    assert (
        unacknowledged_urgent(db_session, reviewer(db_session, sites=[site]), now=NOW) is None
    )  # not the psychologists'
    flag = flag_of(db_session, sitting, "bp_severe")
    acknowledge_physical_flag(db_session, nurse, flag_id=flag.id, version=flag.version, now=NOW)
    assert unacknowledged_urgent(db_session, nurse, now=NOW) is None


def test_only_the_clinic_team_at_the_site_acknowledges_an_urgent_physical_flag(db_session: Session) -> None:
    site = factories.site(db_session)
    bp = {"bp_systolic_1": 185, "bp_diastolic_1": 125}
    sitting = screened(db_session, clinic=factories.clinic(db_session, site_id=site.id), phq9=(0,) * 9, vital5=bp)
    flag = flag_of(db_session, sitting, "bp_severe")
    with pytest.raises(PermissionDenied):
        acknowledge_physical_flag(db_session, reviewer(db_session, sites=[site]), flag_id=flag.id, version=1, now=NOW)
    elsewhere = reviewer(db_session, "clinic_staff", sites=[factories.site(db_session)])
    with pytest.raises(PermissionDenied):
        acknowledge_physical_flag(db_session, elsewhere, flag_id=flag.id, version=1, now=NOW)
    nurse = reviewer(db_session, "clinic_staff", sites=[site])
    first = acknowledge_physical_flag(db_session, nurse, flag_id=flag.id, version=1, now=NOW)
    again = acknowledge_physical_flag(db_session, nurse, flag_id=flag.id, version=1, now=NOW)  # a double tap
    assert (first.status, again.status, again.version) == ("acknowledged", "acknowledged", 2)
