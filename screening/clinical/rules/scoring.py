"""Scoring one questionnaire: total, band, proration and the result's own flags.

Design decision: scoring is one pure function over the instrument's data (wording,
options and bands come from `questionnaires/`, never from code) and the stored answers.
Completeness gates every clinical output (as in CamCOPS): a total, and so a band, exists
only when every scored item is answered or the proration rule allows it (clinical
reference, section 4). Without a total, a PHQ-9 or GAD-7 threshold flag is raised only on
what the answered items alone reach, "at least N (incomplete)" (s4 v2); the item 9 rule
does not depend on the total.
Nothing here imports Streamlit or a database.

    score("phq9", {"phq9_1": 2, ..., "phq9_9": 0}) -> ScoreResult

Answers map linkIds to an int, None (unanswered) or "declined" (prefer not to answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from questionnaires import load_instrument
from screening.clinical.rules.answers import is_answered, validate_answers
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, ClinicalConfig
from screening.clinical.rules.flags import result_flags
from screening.clinical.rules.proration import may_prorate, prorated_total
from screening.clinical.rules.results import ScoreResult
from screening.errors import InvalidValue


def score(instrument_id: str, answers: Mapping[str, object], *, config: ClinicalConfig = DEFAULT_CONFIG) -> ScoreResult:
    """Score `answers` to the questionnaire `instrument_id` (phq9, gad7, phq4, auditc)."""
    instrument = load_instrument(instrument_id)
    if instrument.score is None:
        problem = f"{instrument.title} has no score; use screening.clinical.rules.vital5 for its measures"
        raise InvalidValue(instrument_id, problem)
    checked = validate_answers(instrument, answers)
    scored = instrument.scored_items
    given = [checked[item.link_id] for item in scored if is_answered(checked[item.link_id])]
    unanswered = tuple(item.link_id for item in scored if not is_answered(checked[item.link_id]))
    raw_sum: int = sum(given)  # type: ignore[arg-type]  # is_answered: ints
    total, prorated = reportable_total(instrument_id, raw_sum, unanswered, len(scored), config)
    result = ScoreResult(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        raw_sum=raw_sum,
        total=total,
        band=None if total is None else instrument.score.band_for(total).label,
        prorated=prorated,
        complete=total is not None,
        flags=(),
        answers=checked,
        unanswered=unanswered,
    )
    return replace(result, flags=result_flags(result, config))


def reportable_total(
    instrument_id: str,
    raw_sum: int,
    unanswered: tuple[str, ...],
    item_count: int,
    config: ClinicalConfig,
) -> tuple[int | None, bool]:
    """(total, prorated): the raw sum when complete, the prorated total where the
    proration rule allows, otherwise (None, False): incomplete (s4)."""
    if not unanswered:
        return raw_sum, False
    if may_prorate(instrument_id, unanswered, config):
        return prorated_total(raw_sum, item_count - len(unanswered), item_count), True
    return None, False
