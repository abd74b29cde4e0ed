"""A sitting's stored answers in words, for the psychologist's patient view (issue 7).

Design decisions:
- Every item of the instrument is listed in its own order, answered or not, so a gap is
  visible: "Not answered" where the item was asked, "Not asked" where its enableWhen did
  not hold (the difficulty items, questionnaires/model.py I7), "Prefer not to answer"
  where the patient said so (s4). Nothing is shown as 0 that was not answered 0.
- Item 9 of the PHQ-9 is singled out by the same rule that raises the urgent flag
  (`screening.clinical.rules.flags.item9_flag`: above 0, unanswered or declined; s1, s6), so the
  highlight on the screen can never disagree with the flag.
- Labels come from the instrument data, the wording the patient saw (s1-s5).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaires import load_instrument
from screening.clinical.rules.answers import DECLINED
from screening.clinical.rules.flags import ITEM_9, item9_flag

NOT_ANSWERED, NOT_ASKED, DECLINED_WORDS = "Not answered", "Not asked", "Prefer not to answer"


@dataclass(frozen=True)
class ItemAnswer:
    number: int  # the item's position in the instrument, from 1
    item_id: str
    question: str
    answer: str
    concern: bool = False  # PHQ-9 item 9 above 0, unanswered or declined


def answer_words(instrument_id: str, item_id: str, value: int | float | str | None) -> str:
    """The answer as the patient chose it (or "Not answered" / "Prefer not to answer")."""
    if value is None:
        return NOT_ANSWERED
    if value == DECLINED:
        return DECLINED_WORDS
    item = load_instrument(instrument_id).item(item_id)
    if item.answer_options:
        return item.option(value).label  # int or code, as stored
    return f"{value:g} {item.unit or ''}".rstrip()  # a Vital 5 measure: a number and its unit


def instrument_answers(instrument_id: str, values: Mapping[str, int | float | str]) -> tuple[ItemAnswer, ...]:
    """Each item of the instrument with its answer in words, item 9 marked when it is a concern."""
    rows = []
    for number, item in enumerate(load_instrument(instrument_id).items, start=1):
        value = values.get(item.link_id)
        if value is None and not item.is_enabled(values):
            words = NOT_ASKED
        else:
            words = answer_words(instrument_id, item.link_id, value)
        concern = item.link_id == ITEM_9 and item9_flag(value) is not None  # type: ignore[arg-type]
        rows.append(ItemAnswer(number, item.link_id, item.text, words, concern))
    return tuple(rows)
