"""Clinic staff, managers and administrators cannot open the flag queue or the patient view by any route.

The three locks (ui/shell/navigation.py): the page is not in their navigation (menu, switch_page),
so a typed URL gets the default page; the page itself refuses them when run without the
router; and the services refuse them whatever calls them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from screening.errors import PermissionDenied
from screening.flag_review.services.flag_actions import acknowledge_flag
from screening.flag_review.services.flag_queue import QueueFilters, flag_queue
from screening.flag_review.services.patient_history import open_patient, patient_history
from tests import factories
from tests.review_records import flag_of, new_patient, reviewer, screened
from ui.shell.auth import AuthState
from ui.tablet.patient_choice import PATIENT

ROOT = Path(__file__).resolve().parents[3]
PAGES = ["app_pages/flag_queue.py", "app_pages/patient_view.py"]
ROLES = ["clinic_staff", "service_manager", "administrator"]
SECRET = "Okafor-Secret"  # the patient's family name: it must never reach these screens


@pytest.fixture
def patient_id(db_session: Session) -> int:
    patient = new_patient(db_session, family_name=SECRET)
    screened(db_session, clinic=factories.clinic(db_session), patient=patient)  # urgent flag
    db_session.commit()
    return patient.id


def everything_shown(app: AppTest) -> str:
    return repr([element.value for element in app.main if hasattr(element, "value")]) + repr(
        [t.value for t in app.title])  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_the_page_is_not_in_the_navigation_and_a_typed_address_shows_home(
    app: AppTest, as_user, patient_id: int, role: str, page: str
) -> None:
    as_user(role)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)  # not in this role's menu
    app.session_state[PATIENT] = patient_id  # even with a patient planted in the session
    app._page_hash = calc_hash(Path(page).stem)  # what a typed /flag_queue or /patient_view sends
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Mind & Body screening"]  # Streamlit serves the default page
    assert SECRET not in everything_shown(app)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_the_page_run_without_the_router_refuses_the_role(
    db_url: str, monkeypatch: pytest.MonkeyPatch, db_session: Session, patient_id: int, role: str, page: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    app = AppTest.from_file(str(ROOT / page), default_timeout=30)
    app.session_state["auth.current"] = AuthState(user=reviewer(db_session, role))
    app.session_state[PATIENT] = patient_id
    db_session.commit()
    app.run()
    assert not app.exception
    assert "cannot" in app.error[0].value
    assert SECRET not in everything_shown(app)


@pytest.mark.parametrize("role", ROLES)
def test_the_services_refuse_the_role_whatever_calls_them(db_session: Session, patient_id: int, role: str) -> None:
    user = reviewer(db_session, role)
    flag = flag_of(db_session, screened(db_session, clinic=factories.clinic(db_session)))
    now = datetime.now(UTC)
    for call in (
        lambda: flag_queue(db_session, user, QueueFilters(), now=now),
        lambda: open_patient(db_session, user, patient_id, now=now),
        lambda: patient_history(db_session, user, patient_id, now=now),
        lambda: acknowledge_flag(db_session, user, flag_id=flag.id, version=1, now=now),
    ):
        with pytest.raises(PermissionDenied):
            call()
