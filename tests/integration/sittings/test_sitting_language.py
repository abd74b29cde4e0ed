"""How a sitting was given (issue 16): its language, an interpreter, read-aloud; each audited once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from models import ScreeningSession
from screening.access.services.accounts import load_current_user
from screening.clinic_day.services.clinic_day import begin_self_screen
from screening.errors import ConflictError, InvalidValue, NotFound, PermissionDenied
from screening.sittings.services.patient_screen import Where, patient_form
from screening.sittings.services.sitting_language import (
    mark_read_aloud_used,
    set_interpreter_used,
    set_sitting_language,
)
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, a_started_sitting, answer, audit

OFFERED = ("en", "so", "ar")
LATER = NOW + timedelta(minutes=5)


@pytest.fixture
def day(db_session: Session):
    return a_clinic_day(db_session, preferred_language="Somali")


@pytest.fixture
def sitting_id(db_session: Session, day) -> int:
    sitting_id = a_started_sitting(db_session, day)
    db_session.commit()
    return sitting_id


def choose(db: Session, day, where: Where, tag: str) -> bool:
    changed = set_sitting_language(db, actor=day.staff, where=where, tag=tag, offered=OFFERED, now=LATER,
                                   app_session="tablet-a")  # fmt: skip
    db.commit()
    return changed


def stored(db: Session, sitting_id: int) -> ScreeningSession:
    db.expire_all()
    return db.get_one(ScreeningSession, sitting_id)


def test_a_new_sitting_is_in_english_with_no_interpreter_recorded_and_no_read_aloud(db_session, sitting_id) -> None:
    sitting = stored(db_session, sitting_id)
    assert (sitting.language, sitting.interpreter_used, sitting.read_aloud_used) == ("en", None, False)


def test_the_patient_form_carries_the_sittings_language_and_the_patients_preferred_one(
    db_session, day, sitting_id
) -> None:
    choose(db_session, day, Where(sitting_id=sitting_id), "so")
    form = patient_form(db_session, actor=day.staff, where=Where(sitting_id=sitting_id))
    assert (form.language, form.preferred_language) == ("so", "Somali")


def test_choosing_a_language_before_any_answer_stores_it_and_audits_the_tag(db_session, day, sitting_id) -> None:
    assert choose(db_session, day, Where(sitting_id=sitting_id), "so") is True
    assert stored(db_session, sitting_id).language == "so"
    assert audit(db_session, "session.language_set") == [("session.language_set", {"language": "so"})]


def test_choosing_the_same_language_again_changes_nothing_and_audits_nothing(db_session, day, sitting_id) -> None:
    choose(db_session, day, Where(sitting_id=sitting_id), "so")
    assert choose(db_session, day, Where(sitting_id=sitting_id), "so") is False
    assert choose(db_session, day, Where(sitting_id=sitting_id), "ar") is True
    assert [d for _, d in audit(db_session, "session.language_set")] == [{"language": "so"}, {"language": "ar"}]


def test_the_language_cannot_change_once_a_question_is_answered(db_session, day, sitting_id) -> None:
    answer(db_session, sitting_id, "gad7", {"gad7_1": 1})
    db_session.commit()
    with pytest.raises(ConflictError, match="cannot change once questions have been answered"):
        choose(db_session, day, Where(sitting_id=sitting_id), "so")
    db_session.rollback()
    assert stored(db_session, sitting_id).language == "en"
    assert audit(db_session, "session.language_set") == []


def test_vital_5_readings_entered_by_staff_do_not_stop_the_patient_choosing(db_session, day, sitting_id) -> None:
    answer(db_session, sitting_id, "vital5", {"bp_systolic_1": 128})
    db_session.commit()
    assert choose(db_session, day, Where(sitting_id=sitting_id), "so") is True


def test_a_language_the_tablet_does_not_offer_is_refused(db_session, day, sitting_id) -> None:
    with pytest.raises(InvalidValue, match="not offered"):
        choose(db_session, day, Where(sitting_id=sitting_id), "pl")


def test_the_patient_chooses_through_the_open_hand_over(db_session, day) -> None:
    handover = begin_self_screen(db_session, actor=day.staff, attendance_id=day.visit.id, idempotency_key="tap-1",
                                 app_session="tablet-a", now=NOW)  # fmt: skip
    db_session.commit()
    assert choose(db_session, day, Where(handover_id=handover.handover_id), "ar") is True
    assert audit(db_session, "session.language_set")[0][1] == {"language": "ar"}


def test_read_aloud_is_recorded_and_audited_the_first_time_only(db_session, day, sitting_id) -> None:
    where = Where(sitting_id=sitting_id)
    firsts = []
    for _ in range(3):
        firsts.append(mark_read_aloud_used(db_session, actor=day.staff, where=where, now=LATER))
        db_session.commit()
    assert firsts == [True, False, False]
    assert stored(db_session, sitting_id).read_aloud_used is True
    assert audit(db_session, "session.read_aloud_used") == [("session.read_aloud_used", None)]


def test_read_aloud_cannot_be_recorded_on_a_closed_questionnaire(db_session, day, sitting_id) -> None:
    sitting = db_session.get_one(ScreeningSession, sitting_id)
    sitting.status = "declined"
    sitting.decline_reason = "Not today"
    db_session.commit()
    with pytest.raises(ConflictError, match="closed"):
        mark_read_aloud_used(db_session, actor=day.staff, where=Where(sitting_id=sitting_id), now=LATER)


@pytest.mark.parametrize(("used", "code"), [(True, "yes"), (False, "no")])
def test_staff_record_whether_an_interpreter_helped_audited_as_a_code(db_session, day, sitting_id, used,
                                                                     code) -> None:  # fmt: skip
    assert set_interpreter_used(db_session, actor=day.staff, sitting_id=sitting_id, used=used, now=LATER) is True
    db_session.commit()
    assert stored(db_session, sitting_id).interpreter_used is used
    assert audit(db_session, "session.interpreter_recorded") == [
        ("session.interpreter_recorded", {"interpreter_used": code})
    ]


def test_an_interpreter_answer_can_go_back_to_not_recorded_and_a_repeat_writes_nothing(
    db_session, day, sitting_id
) -> None:
    for used in (True, True, None, None):
        set_interpreter_used(db_session, actor=day.staff, sitting_id=sitting_id, used=used, now=LATER)
        db_session.commit()
    assert stored(db_session, sitting_id).interpreter_used is None
    assert [d for _, d in audit(db_session, "session.interpreter_recorded")] == [
        {"interpreter_used": "yes"}, {"interpreter_used": "not_recorded"}
    ]  # fmt: skip


def test_staff_of_another_site_cannot_record_an_interpreter(db_session, sitting_id) -> None:
    elsewhere = factories.user(db_session, sites=[factories.site(db_session)])
    db_session.commit()
    with pytest.raises(PermissionDenied):
        set_interpreter_used(db_session, actor=load_current_user(db_session, elsewhere.id), sitting_id=sitting_id,
                             used=True, now=LATER)  # fmt: skip


def test_an_interpreter_cannot_be_recorded_on_a_sitting_that_does_not_exist(db_session, day) -> None:
    with pytest.raises(NotFound):
        set_interpreter_used(db_session, actor=day.staff, sitting_id=99_999, used=True, now=LATER)
