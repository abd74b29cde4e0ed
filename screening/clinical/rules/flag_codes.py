"""The flags the rules can raise: stable codes, each with one kind, one priority and plain words.

Design decision: a flag's code is the stable identifier stored with it and used by the
review queues, so the kind and priority of each code are fixed here, in one table, rather
than chosen where a flag is raised: a code can never appear with two priorities, and a
clinical safety officer reviews the whole list in one place (clinical reference, section 6).
The descriptions are for staff and carry no thresholds, since a clinic may configure those;
each flag's `reason` carries the actual answer or score. Neither ever holds patient
identifiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from screening.clinical.rules.codes import FLAG_PRIORITIES

PSYCHOLOGICAL = "psychological"  # to the psychologists' queue
PHYSICAL = "physical"  # to the clinic team's summary, not the psychologists


@dataclass(frozen=True)
class Flag:
    """A prompt for a person to act: `reason` says, in plain words, what raised it."""

    code: str
    kind: str
    priority: str
    reason: str


@dataclass(frozen=True)
class FlagRule:
    kind: str
    priority: str
    description: str


FLAG_RULES: Mapping[str, FlagRule] = MappingProxyType(
    {
        "phq9_item9_positive": FlagRule(
            PSYCHOLOGICAL, "urgent",
            "The patient reported thoughts of being better off dead or of hurting themselves "
            "(PHQ-9 question 9). A clinician should assess risk at this visit. This is a "
            "prompt, not a diagnosis.",
        ),
        "phq9_item9_unanswered": FlagRule(
            PSYCHOLOGICAL, "urgent",
            "The question about thoughts of being better off dead or of self-harm (PHQ-9 "
            "question 9) was not answered, or the patient preferred not to answer. A "
            "clinician should ask about risk at this visit.",
        ),
        "phq9_severe": FlagRule(
            PSYCHOLOGICAL, "high",
            "Depression score (PHQ-9) at the high-priority referral level.",
        ),
        "phq9_threshold": FlagRule(
            PSYCHOLOGICAL, "routine",
            "Depression score (PHQ-9) at or above the referral threshold.",
        ),
        "gad7_severe": FlagRule(
            PSYCHOLOGICAL, "high",
            "Anxiety score (GAD-7) at the high-priority referral level.",
        ),
        "gad7_threshold": FlagRule(
            PSYCHOLOGICAL, "routine",
            "Anxiety score (GAD-7) at or above the screening threshold.",
        ),
        "phq4_positive_unfollowed": FlagRule(
            PSYCHOLOGICAL, "routine",
            "The short PHQ-4 screen was positive for depression or anxiety, and the full "
            "questionnaire it opens (PHQ-9 or GAD-7) was not completed in the same sitting.",
        ),
        "phq4_half_unanswered": FlagRule(
            PSYCHOLOGICAL, "routine",
            "Gateway not answered: both questions of one half of the short PHQ-4 screen "
            "(anxiety or depression) were declined or left unanswered, so the screen could "
            "not say whether the full questionnaire was needed.",
        ),
        "bp_severe": FlagRule(
            PHYSICAL, "urgent",
            "Blood pressure in the severe range: the clinic team should act today (NICE NG136).",
        ),
        "bp_raised": FlagRule(
            PHYSICAL, "signpost",
            "Raised clinic blood pressure: needs ambulatory or home readings to confirm.",
        ),
        "bmi_obesity": FlagRule(
            PHYSICAL, "signpost",
            "BMI in an obesity band: signpost to weight management support.",
        ),
        "bmi_underweight": FlagRule(
            PHYSICAL, "signpost",
            "BMI in the underweight range: signpost to nutritional screening (MUST) or the "
            "dietitian (NICE CG32).",
        ),
        "smoking_current": FlagRule(
            PHYSICAL, "signpost",
            "Current smoker: offer stop-smoking support.",
        ),
        "auditc_positive": FlagRule(
            PHYSICAL, "signpost",
            "Alcohol use above the lower-risk level (AUDIT-C positive): offer alcohol advice.",
        ),
    }
)  # fmt: skip

# Plain-words description of each flag code, for staff screens and exports.
FLAG_DESCRIPTIONS: Mapping[str, str] = MappingProxyType({code: rule.description for code, rule in FLAG_RULES.items()})

# The agreed next step per flag, for the staff summary (clinical reference s6: psychological
# flags go to the psychologists' queue, physical ones to the clinic team; s1 and s5 name the
# same-visit risk assessment and NICE NG136 action today). No thresholds, as above.
_SAME_VISIT = "Before the patient leaves today, tell the clinician running the clinic, who "
_QUEUE = "It is in the psychologists' queue as {}; they follow it up. Nothing more is needed in clinic today."
FLAG_NEXT_STEPS: Mapping[str, str] = MappingProxyType({
    "phq9_item9_positive": _SAME_VISIT + "assesses risk at this visit. It is also in the psychologists' "
                           "queue as urgent.",
    "phq9_item9_unanswered": _SAME_VISIT + "asks about risk at this visit. It is also in the "
                             "psychologists' queue as urgent.",
    "phq9_severe": _QUEUE.format("high priority"),
    "gad7_severe": _QUEUE.format("high priority"),
    "phq9_threshold": _QUEUE.format("routine"),
    "gad7_threshold": _QUEUE.format("routine"),
    "phq4_positive_unfollowed": _QUEUE.format("routine"),
    "phq4_half_unanswered": _QUEUE.format("routine"),
    "bp_severe": "The clinic team acts today: tell the clinician running the clinic before the patient "
                 "leaves (NICE NG136).",
    "bp_raised": "Arrange ambulatory or home blood pressure readings to confirm (NICE NG136), and tell "
                 "the patient why.",
    "bmi_obesity": "Signpost the patient to weight management support.",
    "bmi_underweight": "Signpost the patient to nutritional screening (MUST) or the dietitian (NICE CG32).",
    "smoking_current": "Offer stop-smoking support and signpost the local stop-smoking service.",
    "auditc_positive": "Offer brief alcohol advice and signpost local alcohol support.",
})  # fmt: skip


def raise_flag(code: str, reason: str) -> Flag:
    """A flag with the kind and priority that `code` always has."""
    rule = FLAG_RULES[code]
    return Flag(code, rule.kind, rule.priority, reason)


def priority_rank(priority: str) -> int:
    """0 for the most pressing priority ("urgent"), rising to "signpost"."""
    return FLAG_PRIORITIES.index(priority)


def by_priority(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    """Most pressing first; flags of equal priority keep their order."""
    return tuple(sorted(flags, key=lambda flag: priority_rank(flag.priority)))


def highest_priority(flags: Iterable[Flag]) -> str | None:
    """The most pressing priority among `flags`, or None when there are none."""
    ranks = [priority_rank(flag.priority) for flag in flags]
    return FLAG_PRIORITIES[min(ranks)] if ranks else None
