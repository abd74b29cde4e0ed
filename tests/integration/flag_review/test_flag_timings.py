"""Manager measures read from the database: scoped, patient-free, and right on a built history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from screening.errors import PermissionDenied
from screening.flag_review.rules.flag_metrics import Share, Spread
from screening.flag_review.services.flag_actions import acknowledge_flag, close_flag
from screening.flag_review.services.flag_timings import flag_timings, review_metrics
from tests import factories
from tests.review_records import MODERATE, NOW, flag_of, reviewer, screened

SINCE, UNTIL = NOW - timedelta(days=90), NOW + timedelta(days=1)


def test_review_measures_follow_the_recorded_actions(db_session: Session) -> None:
    clinic = factories.clinic(db_session)
    me = reviewer(db_session)
    first = flag_of(db_session, screened(db_session, clinic=clinic))  # urgent, raised at NOW, due NOW + 4 h
    second = flag_of(db_session, screened(db_session, clinic=clinic))
    screened(db_session, clinic=clinic, phq9=MODERATE, at=NOW - timedelta(days=30))  # routine, open, overdue
    acknowledge_flag(db_session, me, flag_id=first.id, version=1, now=NOW + timedelta(hours=1))
    close_flag(db_session, me, flag_id=first.id, version=2, outcome="referred", referred_to="crisis_team",
               note="Crisis team attended.", now=NOW + timedelta(hours=3))  # fmt: skip
    acknowledge_flag(db_session, me, flag_id=second.id, version=1, now=NOW + timedelta(hours=2))
    metrics = review_metrics(db_session, reviewer(db_session, "service_manager"), since=SINCE, until=UNTIL,
                             now=NOW + timedelta(hours=6))  # fmt: skip
    urgent, routine = metrics.priorities
    assert urgent.to_acknowledge == Spread(2, 1.5, 2.0)  # 1 h and 2 h
    assert urgent.to_outcome == Spread(1, 3.0, 3.0)
    assert urgent.within_target == Share(1, 2)  # closed at 3 h of 4; the other open past its 4 h
    assert (routine.open, routine.overdue) == (1, 1)
    assert metrics.outcomes == {"referred": 1, "referred:crisis_team": 1}
    assert (metrics.open, metrics.overdue) == (2, 2)


def test_a_manager_sees_only_their_sites_and_a_psychologist_gets_no_dashboard(db_session: Session) -> None:
    here, there = factories.site(db_session), factories.site(db_session)
    screened(db_session, clinic=factories.clinic(db_session, site_id=here.id))
    screened(db_session, clinic=factories.clinic(db_session, site_id=there.id))
    manager = reviewer(db_session, "service_manager", sites=[here])
    assert len(flag_timings(db_session, manager, since=SINCE, until=UNTIL)) == 1
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        flag_timings(db_session, manager, since=SINCE, until=UNTIL, site_id=there.id)
    with pytest.raises(PermissionDenied, match="cannot open the dashboards"):
        flag_timings(db_session, reviewer(db_session), since=SINCE, until=UNTIL)
