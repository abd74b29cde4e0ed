"""Hidden text-direction and control characters: refused on the way in, on every database (hazard H5, issue 14)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Patient, Site
from screening.access.services.accounts import create_user, load_current_user
from screening.audit.services.audit_log import audit_events
from screening.clinic_day.services.clinic_day import clinic_list
from screening.errors import InvalidValue
from screening.imports.rules.import_report import RowError
from screening.imports.services.attendance_import import import_attendances
from tests import factories
from tests.import_files import attendance, csv_file, reference_data

DAY = date(2026, 3, 2)  # the day the import rows are booked for


@pytest.fixture
def guy_staff(db_session: Session):
    reference_data(db_session)
    guy = db_session.scalar(select(Site).where(Site.code == "GUY"))
    staff = factories.user(db_session, sites=[guy])
    db_session.commit()
    return load_current_user(db_session, staff.id)


def test_an_imported_name_with_a_right_to_left_override_is_refused_naming_the_row_and_column(
    db_session: Session, guy_staff
) -> None:
    result = import_attendances(db_session, csv_file([attendance(family_name="OKAFOR\u202e9191")]))
    assert not result.applied and result.rejected == 1
    assert result.errors == (RowError(2, "family_name", "contains a hidden text-direction control (U+202E), which "
                             "can disguise the characters beside it; remove it in the source system or file and "
                             "import the row again."),)  # fmt: skip
    assert db_session.scalar(select(Patient.id)) is None


def test_an_arabic_name_is_imported_as_written_and_found_by_search(db_session: Session, guy_staff) -> None:
    result = import_attendances(db_session, csv_file([attendance(family_name="عبد الله", given_name="محمد")]))
    db_session.commit()
    assert result.applied and result.rejected == 0
    found = clinic_list(db_session, actor=guy_staff, day=DAY, search="محمد")
    assert [row.patient_name for row in found] == ["عبد الله, محمد"]
    assert clinic_list(db_session, actor=guy_staff, day=DAY, search="عبد الله محمد") == found


@pytest.mark.parametrize(
    ("typed", "point"), [("\x00", r"U\+0000"), ("ada\x00", r"U\+0000"), ("9434\u202e", r"U\+202E")]
)
def test_a_nul_or_hidden_control_in_the_clinic_list_search_is_refused_with_a_message(
    db_session: Session, guy_staff, typed: str, point: str
) -> None:
    with pytest.raises(InvalidValue, match=rf"^Search: contains .*\({point}\).*clear the box and type the search"):
        clinic_list(db_session, actor=guy_staff, day=DAY, search=typed)


def test_a_nul_in_the_audit_log_actor_filter_is_refused_with_a_message(db_session: Session) -> None:
    admin = load_current_user(db_session, factories.user(db_session, role="administrator").id)
    with pytest.raises(InvalidValue, match=r"^actor: contains an invisible control character \(U\+0000\)"):
        audit_events(db_session, admin, date_from=DAY, date_to=DAY, actor_name="nurse\x00")
    with pytest.raises(InvalidValue, match=r"^action:"):  # codes are checked against their pattern already
        audit_events(db_session, admin, date_from=DAY, date_to=DAY, action_prefix="auth.\x00")


@pytest.mark.parametrize("name", ["Ada \u202eOkafor", "Ada\u200bOkafor", "Ada\x00"])
def test_a_staff_full_name_with_a_hidden_control_is_refused(db_session: Session, name: str) -> None:
    with pytest.raises(InvalidValue, match=r"^name: contains "):
        create_user(db_session, username="nurse.new", display_name=name, role="clinic_staff",
                    password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip


def test_a_staff_full_name_in_urdu_is_accepted(db_session: Session) -> None:
    user = create_user(db_session, username="nurse.new", display_name="عمران خان", role="clinic_staff",
                       password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip
    assert user.display_name == "عمران خان"
