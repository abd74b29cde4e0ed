"""The item 9 flag raised the moment its answer is stored (clinical reference s1, v2).

A patient who tells the tablet they have had thoughts of being better off dead, and then
walks away, must not depend on anyone finishing the questionnaire: the URGENT flag is
raised in the same transaction that stores an item 9 answer of 1 or more, or "prefer not
to answer", whoever entered it. It is then on the urgent banner and at the top of the
queue at once.

Design decisions:
- The judgement is `flags.item9_flag`, the same rule completion uses, so the real-time
  flag and the final one can never disagree about what an answer means.
- The change is applied through `flag_updates` for the item 9 family only: a new answer
  of 1 or more, or declined, raises the flag or updates its reason; an answer changed to
  0 ("Not at all") keeps the flag open with a note, because only a reviewer closes it;
  an unchanged answer (a double tap, a retry) writes nothing.
- Reaching item 9 is the only moment judged here. A sitting that ends before item 9 is
  judged when it is closed, abandoned or handed back (`unfinished_sittings`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from questionnaires import load_instrument
from screening.clinical.rules.answers import Answer
from screening.clinical.rules.flag_reconcile import family
from screening.clinical.rules.flags import ITEM_9, item9_flag
from screening.sittings.services.flag_updates import update_flags

ITEM_9_FAMILY = family("phq9_item9_positive")


def item9_saved(
    session: Session,
    *,
    sitting_id: int,
    patient_id: int,
    answer: Answer | float,
    actor: str,
    actor_user_id: int | None,
    now: datetime,
    app_session: str | None = None,
) -> None:
    """Raise, update or annotate the sitting's item 9 flag for the answer just stored.

    `answer` is the stored value: 0-3, "declined", or None when the item was cleared.
    """
    if isinstance(answer, float) and answer.is_integer():
        answer = int(answer)  # a form may send 2.0; the stored answer is the option's value
    flag = item9_flag(answer) if answer is not None else None  # type: ignore[arg-type]  # an option (0-3 or declined): 2.0 made 2 above
    update_flags(
        session, sitting_id=sitting_id, patient_id=patient_id, raised=() if flag is None else (flag,),
        actor=actor, actor_user_id=actor_user_id, now=now, families=(ITEM_9_FAMILY,),
        why="" if flag is not None else _why(answer),
        trigger="answer_saved", app_session=app_session,
    )  # fmt: skip


def _why(answer: Answer | float) -> str:
    if answer is None:
        return "The answer to PHQ-9 item 9 was cleared."
    label = load_instrument("phq9").item(ITEM_9).option(answer).label
    return f'PHQ-9 item 9 was changed to "{label}".'
