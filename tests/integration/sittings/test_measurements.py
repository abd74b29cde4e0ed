"""Staff enter the Vital 5: stored as answers, half readings and implausible values refused (s5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Answer
from screening.errors import ConflictError, InvalidValue
from screening.sittings.services.completion import complete_session
from screening.sittings.services.measurements import record_vital5
from tests.clinic_days import NOW, a_clinic_day, a_started_sitting, audit

READINGS = [(150, 95), (144, 92), (142, 91)]


@pytest.fixture
def started(db_session: Session):
    day = a_clinic_day(db_session)
    sitting_id = a_started_sitting(db_session, day)
    db_session.commit()
    return day, sitting_id


def save(db: Session, started, readings=READINGS, height=1.70, weight=81.0, smoking="1") -> int:
    day, sitting_id = started
    return record_vital5(db, actor=day.staff, sitting_id=sitting_id, readings=readings, height_m=height,
                         weight_kg=weight, smoking_status=smoking, app_session="tablet-a")  # fmt: skip


def stored(db: Session, sitting_id: int) -> dict[str, object]:
    rows = db.execute(select(Answer.item_id, Answer.value_number, Answer.value_code, Answer.answered_by_user_id)
                      .where(Answer.session_id == sitting_id))  # fmt: skip
    return {item: (code if code is not None else number) for item, number, code, _ in rows}


def test_the_measures_are_stored_as_vital5_answers_by_the_staff_member_and_audited_as_counts(db_session, started):
    day, sitting_id = started
    assert save(db_session, started) == 9
    db_session.commit()
    assert stored(db_session, sitting_id) == {
        "bp_systolic_1": 150,
        "bp_diastolic_1": 95,
        "bp_systolic_2": 144,
        "bp_diastolic_2": 92,
        "bp_systolic_3": 142,
        "bp_diastolic_3": 91,
        "height_m": 1.70,
        "weight_kg": 81.0,
        "smoking_status": "1",
    }
    assert set(db_session.scalars(select(Answer.answered_by_user_id))) == {day.staff.user_id}
    assert audit(db_session, "answers.saved") == [
        ("answers.saved", {"instrument": "vital5", "recorded": 9, "empty": 0, "mode": "staff"})
    ]


def test_an_emptied_field_clears_the_stored_value(db_session, started):
    _, sitting_id = started
    save(db_session, started)
    save(db_session, started, readings=READINGS[:2], smoking=None)
    assert "bp_systolic_3" not in stored(db_session, sitting_id)
    assert "smoking_status" not in stored(db_session, sitting_id)


def test_the_completed_sitting_records_the_lower_of_the_last_two_readings(db_session, started):
    _, sitting_id = started
    save(db_session, started)
    scores = {s.instrument_id: s for s in complete_session(db_session, sitting_id, actor="t", actor_user_id=None,
                                                           now=NOW).scores}  # fmt: skip
    assert (scores["bp"].detail, scores["bp"].band) == ("142/91", "raised")  # min(144/92, 142/91)


def test_half_a_reading_is_refused_and_nothing_is_stored(db_session, started):
    _, sitting_id = started
    with pytest.raises(InvalidValue, match="Blood pressure reading 2: enter both"):
        save(db_session, started, readings=[(150, 95), (144, None)])
    assert stored(db_session, sitting_id) == {}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"readings": [(350, 95)]},
            r"Systolic blood pressure, reading 1: 350 mmHg is outside the accepted range \(60 to 300 mmHg\)",
        ),
        ({"height": 17.0}, r"Height: 17 m is outside the accepted range \(0.5 to 2.5 m\)"),
        ({"weight": 0.8}, r"Weight: 0.8 kg is outside the accepted range \(2 to 400 kg\)"),
    ],
)
def test_an_implausible_value_is_refused_with_the_accepted_range(db_session, started, values, message):
    with pytest.raises(InvalidValue, match=message):
        save(db_session, started, **values)


def test_a_completed_sittings_measures_cannot_change(db_session, started):
    _, sitting_id = started
    complete_session(db_session, sitting_id, actor="t", actor_user_id=None, now=NOW)
    with pytest.raises(ConflictError, match="can no longer change"):
        save(db_session, started)


def test_an_unusual_bmi_is_stored_only_after_staff_confirm_it_and_the_confirmation_is_audited(db_session, started):
    # 1.70 m and 34.0 kg: 34 / 1.70^2 = 11.76 -> 11.8, under 12 (s5 v2)
    day, sitting_id = started
    with pytest.raises(InvalidValue, match=r"^BMI: 11.8 is under 12. Check the height and weight; if they are right"):
        save(db_session, started, weight=34.0)
    assert stored(db_session, sitting_id) == {}
    record_vital5(db_session, actor=day.staff, sitting_id=sitting_id, readings=READINGS, height_m=1.70,
                  weight_kg=34.0, smoking_status="1", app_session="tablet-a", bmi_confirmed=True)  # fmt: skip
    db_session.commit()
    assert stored(db_session, sitting_id)["weight_kg"] == 34.0
    assert audit(db_session, "answers.saved") == [
        ("answers.saved", {"instrument": "vital5", "recorded": 9, "empty": 0, "mode": "staff", "bmi_confirmed": True})
    ]


def test_an_underweight_bmi_raises_the_nutritional_screening_signpost_at_completion(db_session, started):
    _, sitting_id = started
    save(db_session, started, weight=50.0)  # 50 / 1.70^2 = 17.30 -> 17.3: underweight, no confirmation needed
    result = complete_session(db_session, sitting_id, actor="t", actor_user_id=None, now=NOW)
    assert ("bmi_underweight", "physical", "signpost", "BMI 17.3 (underweight)") in {
        (f.rule_code, f.kind, f.priority, f.reason) for f in result.flags
    }


def test_an_implausible_bmi_is_refused_even_when_confirmed_and_nothing_is_stored(db_session, started):
    day, sitting_id = started
    with pytest.raises(InvalidValue, match=r"give a BMI of 9.9, outside the accepted 10 to 100"):  # 28.6 / 1.7^2
        record_vital5(db_session, actor=day.staff, sitting_id=sitting_id, readings=READINGS, height_m=1.70,
                      weight_kg=28.6, smoking_status="1", bmi_confirmed=True)  # fmt: skip
    assert stored(db_session, sitting_id) == {}
