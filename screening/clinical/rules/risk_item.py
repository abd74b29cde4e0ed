"""The risk item in a sitting that ends unfinished (clinical reference s1, v2).

Design decision: PHQ-9 item 9 is never read as 0 (s1). A sitting closed, marked
abandoned or handed back before the patient reached item 9 leaves the risk unknown, so it
raises the URGENT "risk item unanswered" flag; the rest of what was answered is scored
as it stands (s4 v2: an incomplete total may still reach a threshold). "Reached" means
any stored answer to item 9, "prefer not to answer" included (declined raises its own
URGENT flag through `flags.item9_flag`).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.clinical.rules.flag_codes import Flag, by_priority, raise_flag
from screening.clinical.rules.flag_reconcile import family
from screening.clinical.rules.flags import ITEM_9, ITEM_9_TOPIC

UNREACHED = f"PHQ-9 item 9 ({ITEM_9_TOPIC}): not reached before the sitting ended"


def item9_reached(answered: Iterable[tuple[str, str]]) -> bool:
    """Whether any stored answer, given as (instrument id, item id), is PHQ-9 item 9."""
    return ("phq9", ITEM_9) in set(answered)


def unfinished_flags(flags: Iterable[Flag], *, item9_reached: bool) -> tuple[Flag, ...]:
    """The flags of an unfinished sitting: the rules' own and, when item 9 was never reached,
    "risk item unanswered" saying so (in place of the rules' plainer "not answered")."""
    flags = tuple(flags)
    if item9_reached:
        return by_priority(flags)
    others = (f for f in flags if family(f.code) != family("phq9_item9_unanswered"))
    return by_priority((*others, raise_flag("phq9_item9_unanswered", UNREACHED)))
