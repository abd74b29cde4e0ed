"""Proration: a total despite a few unanswered items (clinical reference, section 4, DECISION).

Design decision: no official proration rule exists, so the product's rule is named here
and its limits are configuration (`ClinicalConfig`): PHQ-9 with at most 2 unanswered
items, GAD-7 with at most 1, never over PHQ-9 item 9. Beyond that the result is
incomplete: no total and no band (its answered items alone may still reach a threshold
flag, "at least N (incomplete)": `flags.total_flag`, s4 v2). Item 9 is never filled in, because a
risk answer guessed from the others could hide a risk the patient did not report.
"""

from __future__ import annotations

from screening.clinical.rules.clinical_config import ClinicalConfig


def may_prorate(instrument_id: str, unanswered: tuple[str, ...], config: ClinicalConfig) -> bool:
    """Whether a total may be prorated over the `unanswered` scored items (s4)."""
    if not unanswered or len(unanswered) > config.max_prorated_items(instrument_id):
        return False
    return not any(link_id in config.never_prorated_items for link_id in unanswered)


def prorated_total(raw_sum: int, answered: int, item_count: int) -> int:
    """floor(mean of the answered items x item count + 0.5) (s4).

    Whole-number arithmetic on purpose: for whole numbers, floor(s / a * n + 0.5) equals
    (2sn + a) // 2a, which is exact at the .5 boundaries where floats can land either side
    and where Python's round() would round half to even.
    """
    return (2 * raw_sum * item_count + answered) // (2 * answered)
