"""Staff-entered Vital 5 measures for an in-progress sitting (clinical reference s5).

Design decisions:
- The page passes the form's values as typed; `screening.clinical.rules.vital5_entry` checks them (a
  reading is a pair, readings fill in order, plausible ranges from the instrument file) and
  this service stores them through `sittings.record_answers`, like every other answer, so
  the model-layer check and the completed-sitting freeze apply here too.
- The form is the whole state: an emptied field clears the stored value.
- Audited with counts only (how many measures recorded, how many left empty), never values;
  when staff confirmed an unusual BMI (s5 v2) the event says so (`bmi_confirmed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from questionnaires import load_instrument
from screening.audit.services.audit import record_event
from screening.clinical.rules.vital5 import bmi_needs_confirmation, bmi_value
from screening.clinical.rules.vital5_entry import Number, Reading, vital5_answers
from screening.policy import CurrentUser
from screening.sittings.services.sitting_access import sitting_at_my_site
from screening.sittings.services.sittings import record_answers


def record_vital5(
    session: Session,
    *,
    actor: CurrentUser,
    sitting_id: int,
    readings: Sequence[Reading],
    height_m: Number | None,
    weight_kg: Number | None,
    smoking_status: str | None,
    app_session: str | None = None,
    bmi_confirmed: bool = False,
) -> int:
    """Store the measures; return how many were recorded (InvalidValue says what to correct).
    `bmi_confirmed`: staff ticked that an unusual BMI (under 12 or over 70, s5 v2) is right."""
    sitting, _ = sitting_at_my_site(session, actor, sitting_id)
    answers = vital5_answers(readings, height_m, weight_kg, smoking_status, bmi_confirmed=bmi_confirmed)
    instrument = load_instrument("vital5")
    record_answers(session, sitting.id, answers, instrument_id=instrument.id,
                   instrument_version=instrument.version, actor_user_id=actor.user_id)  # fmt: skip
    recorded = sum(value is not None for value in answers.values())
    record_event(
        session,
        actor=actor.username,
        actor_user_id=actor.user_id,
        action="answers.saved",
        entity_type="screening_session",
        entity_id=sitting.id,
        app_session=app_session,
        detail={
            "instrument": instrument.id,
            "recorded": recorded,
            "empty": len(answers) - recorded,
            "mode": "staff",
            **({"bmi_confirmed": True} if _unusual_bmi(answers) and bmi_confirmed else {}),
        },
    )
    return recorded


def _unusual_bmi(answers: dict[str, int | float | str | None]) -> bool:
    height, weight = answers["height_m"], answers["weight_kg"]
    if not isinstance(height, (int, float)) or not isinstance(weight, (int, float)):
        return False
    return bmi_needs_confirmation(bmi_value(height, weight))
