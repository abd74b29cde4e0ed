"""Checking one instrument's answers before anything is scored.

Design decision: scoring trusts nothing it is given. Each answer is checked against the
instrument's data: the linkId must be one of its items, and the value one of the item's
answer values (an int for scored items: never a bool, a float or a numeric string), or
None (unanswered), or "declined" ("prefer not to answer", clinical reference section 4)
where the item allows it. A linkId left out is unanswered. A bad answer means a broken
form or import, so it fails with an `InvalidValue` naming the item and what it accepts,
instead of being scored as something it is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from questionnaires.model import Instrument, Item
from screening.errors import InvalidValue

DECLINED = "declined"  # the stored form of "Prefer not to answer" (s4)

Answer = int | str | None


def is_answered(answer: Answer) -> bool:
    """A scored answer is a number; None and "declined" are both unanswered (s4)."""
    return type(answer) is int


def validate_answers(instrument: Instrument, answers: Mapping[str, object]) -> Mapping[str, Answer]:
    """Every item's checked answer (None where none was given), read-only."""
    if not isinstance(answers, Mapping):
        kind = type(answers).__name__
        raise InvalidValue("answers", f"must map {instrument.title} linkIds to answers, not {kind}")
    for link_id in answers:
        if link_id not in instrument.link_ids:
            items = ", ".join(instrument.link_ids)
            problem = f"is not an item of {instrument.title}; its items are {items}"
            raise InvalidValue(str(link_id), problem)
    return MappingProxyType(
        {item.link_id: checked_answer(item, answers.get(item.link_id)) for item in instrument.items}
    )


def checked_answer(item: Item, value: object) -> Answer:
    """`value` if the choice item `item` accepts it, else `InvalidValue` naming the item."""
    if value is None:
        return None
    if value == DECLINED and item.allow_declined:
        return DECLINED
    # Exact type match: True must not pass as 1, nor "1" as 1.
    if any(type(value) is type(option) and value == option for option in item.option_values()):
        return value  # type: ignore[return-value]
    accepted = accepted_answers(item)
    raise InvalidValue(item.link_id, f"{value!r} is not an accepted answer; accepted: {accepted}")


def accepted_answers(item: Item) -> str:
    options = ", ".join(f"{option.value!r} ({option.label})" for option in item.answer_options)
    declined = f' or "{DECLINED}" (prefer not to answer)' if item.allow_declined else ""
    return f"{options}; None (unanswered){declined}"
