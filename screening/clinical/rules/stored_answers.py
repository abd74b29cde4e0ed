"""The one check every stored answer passes, whichever path wrote it.

A tablet page, a CSV import and the demo loader all write `answers` rows. The model
layer runs this check before each insert or update (models/sessions.py), so an answer
outside its item's options or plausible range is refused before the database sees it
(clinical reference, sections 1-5), with a message naming the item and what it accepts.
"""

from __future__ import annotations

from questionnaires import Instrument, load_instrument
from screening.clinical.rules.answers import DECLINED, checked_answer
from screening.clinical.rules.vital5 import measure
from screening.errors import InvalidValue, NotFound

Value = int | float | str


def check_item_value(instrument: Instrument, item_id: str, value: Value) -> None:
    """Refuse a value the scoring rules would refuse: options for choice items, the
    plausible-entry range for Vital 5 measures, "declined" only where the item allows it."""
    try:
        item = instrument.item(item_id)
    except KeyError:
        raise InvalidValue(item_id, f"is not an item of {instrument.title}.") from None
    if item.type == "choice" or value == DECLINED:
        checked_answer(item, value)
    elif instrument.id == "vital5":
        measure(item_id, value)
    else:
        raise InvalidValue(item_id, f"{instrument.title} has no measured items.")


def value_from_columns(value_number: float | None, value_code: str | None, declined: bool) -> Value:
    """The answer as the rules see it, from the three storage columns.

    Whole numbers come back as int: choice options are ints, and 2.0 must match option 2.
    """
    if declined:
        return DECLINED
    if value_code is not None:
        return value_code
    if value_number is None:
        raise InvalidValue("answer", "holds no value; store a number, a code or 'declined'.")
    return int(value_number) if float(value_number).is_integer() else float(value_number)


def check_stored_answer(
    instrument_id: str,
    item_id: str,
    *,
    value_number: float | None,
    value_code: str | None,
    declined: bool,
) -> None:
    """The model-layer check: a known instrument, a known item, an accepted value."""
    try:
        instrument = load_instrument(instrument_id)
    except NotFound as error:
        raise InvalidValue("instrument", str(error)) from None
    check_item_value(instrument, item_id, value_from_columns(value_number, value_code, declined))
