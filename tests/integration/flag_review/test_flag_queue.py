"""The review queue: site-scoped, most pressing first, filtered and counted (issue 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from screening.errors import InvalidValue, PermissionDenied
from screening.flag_review.services.flag_actions import acknowledge_flag, close_flag
from screening.flag_review.services.flag_queue import QueueFilters, flag_queue
from tests import factories
from tests.review_records import ITEM9_SEVERAL_DAYS, MODERATE, NOW, SEVERE, flag_of, new_patient, reviewer, screened


def queue(db: Session, user, now=NOW, **filters):
    return flag_queue(db, user, QueueFilters(**filters), now=now)


def test_urgent_comes_first_then_high_then_routine_each_by_due_time(db_session: Session) -> None:
    clinic = factories.clinic(db_session)
    routine = screened(db_session, clinic=clinic, phq9=MODERATE, at=NOW - timedelta(days=20))  # long overdue
    high_late = screened(db_session, clinic=clinic, phq9=SEVERE, at=NOW - timedelta(days=1))
    high_early = screened(db_session, clinic=clinic, phq9=SEVERE, at=NOW - timedelta(days=5))
    urgent = screened(db_session, clinic=clinic, phq9=ITEM9_SEVERAL_DAYS, at=NOW - timedelta(hours=1))
    rows = queue(db_session, reviewer(db_session)).rows
    assert [r.flag_id for r in rows] == [flag_of(db_session, s).id for s in (urgent, high_early, high_late, routine)]
    assert [r.overdue for r in rows] == [False, True, False, True]  # urgent due in 3 h; high in 2 working days


def test_a_row_names_the_patient_the_rule_in_plain_words_and_the_scores(db_session: Session) -> None:
    clinic = factories.clinic(db_session, name="Sickle cell clinic")
    patient = new_patient(db_session, given_name="Ada", family_name="Okafor", hospital_number="H0000042")
    screened(db_session, clinic=clinic, patient=patient, phq9=ITEM9_SEVERAL_DAYS, gad7=(1,) * 7)
    (row,) = queue(db_session, reviewer(db_session)).rows
    assert (row.patient_name, row.hospital_number, row.clinic) == ("Ada Okafor", "H0000042", "Sickle cell clinic")
    assert row.reason == "PHQ-9 item 9: thoughts of being better off dead or of self-harm, several days"
    assert row.scores == "PHQ-9 9 (mild) · GAD-7 7 (mild)"
    assert (row.priority, row.status, row.owner, row.version) == ("urgent", "open", None, 1)
    assert row.due_at == NOW + timedelta(hours=4)


def test_only_unclosed_psychological_flags_are_in_the_queue(db_session: Session) -> None:
    clinic = factories.clinic(db_session)
    bp = {"bp_systolic_1": 185, "bp_diastolic_1": 125, "bp_systolic_2": 184, "bp_diastolic_2": 122}
    screened(db_session, clinic=clinic, phq9=MODERATE, vital5=bp)  # bp_severe: the clinic team's
    done = screened(db_session, clinic=clinic, phq9=SEVERE)
    user = reviewer(db_session)
    flag = flag_of(db_session, done)
    state = acknowledge_flag(db_session, user, flag_id=flag.id, version=1, now=NOW)
    close_flag(db_session, user, flag_id=flag.id, version=state.version, outcome="already_under_care",
               note="Seen by liaison team last week.", now=NOW)  # fmt: skip
    assert [r.rule_code for r in queue(db_session, user).rows] == ["phq9_threshold"]


def test_a_psychologist_sees_only_their_sites_and_cannot_ask_for_another(db_session: Session) -> None:
    mine, theirs = factories.site(db_session), factories.site(db_session)
    screened(db_session, clinic=factories.clinic(db_session, site_id=mine.id), phq9=SEVERE)
    screened(db_session, clinic=factories.clinic(db_session, site_id=theirs.id), phq9=SEVERE)
    user = reviewer(db_session, sites=[mine])
    result = queue(db_session, user)
    assert [r.site for r in result.rows] == [mine.code] and result.counts.total == 1
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        queue(db_session, user, site_id=theirs.id)


@pytest.mark.parametrize("role", ["clinic_staff", "service_manager", "administrator"])
def test_other_roles_cannot_read_the_queue(db_session: Session, role: str) -> None:
    with pytest.raises(PermissionDenied, match="cannot open the flag queue"):
        queue(db_session, reviewer(db_session, role))


def test_filters_narrow_by_clinic_priority_status_owner_and_overdue(db_session: Session) -> None:
    site = factories.site(db_session)
    a, b = factories.clinic(db_session, site_id=site.id), factories.clinic(db_session, site_id=site.id)
    urgent = screened(db_session, clinic=a, phq9=ITEM9_SEVERAL_DAYS)
    screened(db_session, clinic=b, phq9=SEVERE, at=NOW - timedelta(days=6))  # high, overdue
    screened(db_session, clinic=b, phq9=MODERATE)
    user = reviewer(db_session)
    acknowledge_flag(db_session, user, flag_id=flag_of(db_session, urgent).id, version=1, now=NOW)

    def codes(**filters: object) -> list[str]:
        return [r.rule_code for r in queue(db_session, user, **filters).rows]

    assert codes(site_id=site.id) == ["phq9_item9_positive", "phq9_severe", "phq9_threshold"]
    assert codes(clinic_id=b.id) == ["phq9_severe", "phq9_threshold"]
    assert codes(priority="routine") == ["phq9_threshold"]
    assert codes(status="acknowledged") == codes(mine=True) == ["phq9_item9_positive"]
    assert codes(overdue=True) == ["phq9_severe"]
    assert codes(clinic_id=a.id, priority="high") == []


def test_counts_cover_every_matching_flag_even_when_the_list_is_capped(db_session: Session) -> None:
    clinic = factories.clinic(db_session)
    for days in (0, 6, 6):
        screened(db_session, clinic=clinic, phq9=SEVERE, at=NOW - timedelta(days=days))
    screened(db_session, clinic=clinic, phq9=ITEM9_SEVERAL_DAYS)
    user = reviewer(db_session)
    result = flag_queue(db_session, user, QueueFilters(), now=NOW, limit=2)
    assert len(result.rows) == 2 and result.capped
    counts = result.counts
    assert (counts.total, counts.by_priority, counts.overdue) == (4, {"urgent": 1, "high": 3}, 2)
    assert (counts.unacknowledged, counts.mine) == (4, 0)


@pytest.mark.parametrize(("field", "value"), [("priority", "signpost"), ("status", "closed"), ("priority", "URGENT")])
def test_an_unknown_filter_code_is_refused_not_answered_with_an_empty_queue(field: str, value: str) -> None:
    with pytest.raises(InvalidValue, match=field):
        QueueFilters(**{field: value})
