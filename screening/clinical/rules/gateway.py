"""The PHQ-4 gateway bundle (clinical reference s3, v2): what it asks and how it is scored.

Design decisions:
- The gateway always asks PHQ-9 item 9 right after the PHQ-4, whatever the halves (s3 v2: a
  PHQ-2 cut-off of 3 passes only about half of people with self-harm thoughts on to the
  PHQ-9). It is stored as the PHQ-9's own item (`phq9`, `phq9_9`), so the item 9 rules,
  the real-time flag and the patient view read it like any other item 9 answer.
- A positive half opens its full instrument (`flags.gateway_opens`) once every PHQ-4 item
  has an answer (a number or "prefer not to answer"). The two items the PHQ-4 already
  asked are carried forward, never asked again: the PHQ-4 items are the first two items of
  each full instrument, word for word with the same LOINC codes (phq4.toml), so phq4_1 and
  phq4_2 are GAD-7 items 1 and 2 (69725-0, 68509-9) and phq4_3 and phq4_4 PHQ-9 items 1 and
  2 (44250-9, 44255-8). Item 9 is not asked a second time either.
- Carrying forward happens here, in the evaluation, not by copying rows: the stored answers
  stay exactly what the patient was asked, and a full instrument is scored on its carried
  items plus its own (`full_answers`).
- A full instrument that was not opened produces no score (it is not an incomplete PHQ-9),
  and the stored item 9 answer is judged by the item 9 rule alone. A full instrument with
  answers of its own beyond those the gateway asks (a half changed with Back after the full
  instrument began) is scored too: answers the patient gave are never ignored.
- Both items of a half declined or unanswered raises "gateway not answered" (ROUTINE), one
  flag naming each such half (one flag per rule per sitting).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from questionnaires import load_instrument
from screening.clinical.rules.answers import is_answered
from screening.clinical.rules.clinical_config import DEFAULT_CONFIG, ClinicalConfig
from screening.clinical.rules.flag_codes import Flag, by_priority, raise_flag
from screening.clinical.rules.flags import ITEM_9, gateway_opens, item9_flag, psychological_flags
from screening.clinical.rules.results import ScoreResult
from screening.clinical.rules.scoring import score

PHQ4 = "phq4"
FULL_INSTRUMENTS = ("phq9", "gad7")  # the order a patient is asked them
# The PHQ-4 item each full-instrument item is carried forward from (s3; LOINC in phq4.toml).
CARRIED: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "gad7": MappingProxyType({"gad7_1": "phq4_1", "gad7_2": "phq4_2"}),
    "phq9": MappingProxyType({"phq9_1": "phq4_3", "phq9_2": "phq4_4"}),
})  # fmt: skip
# Asked after the PHQ-4 in every gateway sitting (s3 v2): (instrument id, item linkId).
ALWAYS_ASKED: tuple[tuple[str, str], ...] = (("phq9", ITEM_9),)
_HALF_NAMES = {"gad2": "GAD-2 (anxiety) half", "phq2": "PHQ-2 (depression) half"}

Answers = Mapping[str, Mapping[str, object]]  # instrument id -> linkId -> stored value


@dataclass(frozen=True)
class GatewayResults:
    """The PHQ-4 result, a result for each full instrument opened, and the sitting's
    psychological flags, most pressing first."""

    questionnaires: tuple[ScoreResult, ...]
    flags: tuple[Flag, ...]


def opened(answers: Answers, *, config: ClinicalConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """The full instruments the PHQ-4 has opened, in the order they are asked: none until
    every PHQ-4 item has an answer, then each whose half is positive (s3)."""
    phq4 = answers.get(PHQ4, {})
    if any(link_id not in phq4 for link_id in load_instrument(PHQ4).link_ids):
        return ()
    positive = gateway_opens(score(PHQ4, phq4, config=config), config=config)
    return tuple(i for i in FULL_INSTRUMENTS if i in positive)


def skipped(instrument_id: str) -> frozenset[str]:
    """The items of a full instrument the gateway never asks again: those carried forward
    from the PHQ-4, and those it asks of everyone (item 9)."""
    asked_already = {link_id for i, link_id in ALWAYS_ASKED if i == instrument_id}
    return frozenset(CARRIED.get(instrument_id, {})) | asked_already


def full_answers(instrument_id: str, answers: Answers) -> dict[str, object]:
    """A full instrument's answers with the PHQ-4 items carried forward (s3 v2). The PHQ-4
    answer is the one the patient gave for that question in this sitting, so it wins."""
    own = dict(answers.get(instrument_id, {}))
    phq4 = answers.get(PHQ4, {})
    carried = {item: phq4[source] for item, source in CARRIED[instrument_id].items() if source in phq4}
    return {**own, **carried}


def evaluate_gateway(answers: Answers, *, config: ClinicalConfig = DEFAULT_CONFIG) -> GatewayResults:
    """Score a gateway sitting's PHQ-4 and the full instruments it opened, and raise its
    psychological flags (s3, s4, s6); works on a partly answered sitting too."""
    phq4 = score(PHQ4, answers.get(PHQ4, {}), config=config)
    scored = [
        score(i, full_answers(i, answers), config=config)
        for i in FULL_INSTRUMENTS
        if i in opened(answers, config=config) or _answered_beyond_gateway(i, answers)
    ]
    flags = list(psychological_flags([phq4, *scored], config=config))
    if not any(result.instrument_id == "phq9" for result in scored):
        # Item 9 alone, never a PHQ-9 score; no answer at all is "unanswered" (s1, s3 v2).
        flag = item9_flag(answers.get("phq9", {}).get(ITEM_9))  # type: ignore[arg-type]
        flags += [flag] if flag is not None else []
    unanswered = unanswered_halves_flag(phq4)
    flags += [unanswered] if unanswered is not None else []
    return GatewayResults((phq4, *scored), by_priority(flags))


def unanswered_halves_flag(phq4: ScoreResult) -> Flag | None:
    """ROUTINE "gateway not answered" when both items of a PHQ-4 half are declined or
    unanswered (s3 v2), naming each such half."""
    halves = load_instrument(PHQ4).score.subscales  # type: ignore[union-attr]  # phq4 has a score
    names = [_HALF_NAMES[half.id] for half in halves if not any(is_answered(phq4.answers[i]) for i in half.items)]
    if not names:
        return None
    return raise_flag(
        "phq4_half_unanswered", f"PHQ-4 gateway not answered: {' and '.join(names)}, both items declined or unanswered"
    )


def _answered_beyond_gateway(instrument_id: str, answers: Answers) -> bool:
    return any(link_id not in skipped(instrument_id) for link_id in answers.get(instrument_id, {}))
