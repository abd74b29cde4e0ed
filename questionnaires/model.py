"""Instrument definitions as frozen value objects, shaped like a FHIR Questionnaire.

Design decision: wording, answer options, codes and score bands are data
(`questionnaires/*.toml`), not code, so a clinical safety officer can check them line by
line against the clinical reference and a test can compare them. These classes mirror
the FHIR Questionnaire resource (`linkId`, `text`, `type`, `required`, `answerOption`,
`enableWhen`, `enableBehavior`) with snake_case attribute names. What FHIR keeps in
extensions (lead-in, scoring, bands, "prefer not to answer", plausible ranges) is a
plain attribute here.

Everything is frozen: `load_instrument` builds an instrument once and shares it, so no
caller may change it. Only `questionnaires.loader` constructs these; it validates first.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

LOINC_SYSTEM = "http://loinc.org"
ITEM_TYPES = ("choice", "integer", "decimal")

# FHIR enableWhen operators; only ordered comparisons on integer answers are needed.
ENABLE_WHEN_OPERATORS: Mapping[str, Callable[[int, int], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True)
class Coding:
    """A code from a code system (FHIR Coding); only LOINC is used so far."""

    system: str
    code: str
    display: str = ""


@dataclass(frozen=True)
class AnswerOption:
    """One answer: the stored `value` (the item score, or an NHS code), the `label`
    the patient sees, and the LOINC answer code (LA…) where one exists."""

    value: int | str
    label: str
    code: str | None = None


@dataclass(frozen=True)
class EnableWhen:
    """Ask the item only when `question`'s answer `operator` `answer` holds (FHIR)."""

    question: str
    operator: str
    answer: int

    def is_met(self, given: object) -> bool:
        # Unanswered, "declined" and string codes never satisfy a numeric condition.
        if not isinstance(given, int) or isinstance(given, bool):
            return False
        return ENABLE_WHEN_OPERATORS[self.operator](given, self.answer)


@dataclass(frozen=True)
class Item:
    """One question or measure (FHIR Questionnaire.item)."""

    link_id: str
    text: str
    type: str
    required: bool
    scored: bool
    allow_declined: bool
    code: tuple[Coding, ...] = ()
    answer_options: tuple[AnswerOption, ...] = ()
    answer_value_set: str | None = None
    enable_when: tuple[EnableWhen, ...] = ()
    enable_behavior: str = "all"
    unit: str | None = None
    min_value: int | float | None = None
    max_value: int | float | None = None
    under_lead_in: bool = True  # False: a follow-up the instrument's lead-in does not introduce

    @property
    def loinc(self) -> str | None:
        """The item's LOINC code, or None where LOINC has no code for this wording."""
        return next((c.code for c in self.code if c.system == LOINC_SYSTEM), None)

    def option_values(self) -> tuple[int | str, ...]:
        return tuple(option.value for option in self.answer_options)

    def option(self, value: float | str) -> AnswerOption:
        """The option stored as `value`; KeyError when the item has none."""
        for candidate in self.answer_options:
            if candidate.value == value and type(candidate.value) is type(value):
                return candidate
        raise KeyError(f"{self.link_id} has no answer option {value!r}")

    def is_enabled(self, answers: Mapping[str, object]) -> bool:
        """Whether the item is asked, given the answers so far (FHIR enableWhen)."""
        if not self.enable_when:
            return True
        met = [rule.is_met(answers.get(rule.question)) for rule in self.enable_when]
        return any(met) if self.enable_behavior == "any" else all(met)


@dataclass(frozen=True)
class Band:
    """A score band, inclusive at both ends: `min` <= total <= `max`."""

    min: int
    max: int
    label: str

    def contains(self, total: int) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Subscale:
    """A named part of the score made of some items, e.g. the PHQ-2 half of the PHQ-4."""

    id: str
    title: str
    items: tuple[str, ...]
    code: tuple[Coding, ...] = ()


@dataclass(frozen=True)
class Score:
    """How the scored items add up: the total's range and LOINC code, and its bands."""

    min: int
    max: int
    bands: tuple[Band, ...]
    code: tuple[Coding, ...] = ()
    subscales: tuple[Subscale, ...] = ()

    def band_for(self, total: int) -> Band:
        """The one band holding `total`; the loader has checked the bands tile the range."""
        for band in self.bands:
            if band.contains(total):
                return band
        raise ValueError(f"total {total} is outside the score range {self.min}-{self.max}")

    def subscale(self, subscale_id: str) -> Subscale:
        for candidate in self.subscales:
            if candidate.id == subscale_id:
                return candidate
        raise KeyError(f"no subscale {subscale_id!r}")


@dataclass(frozen=True)
class Instrument:
    """A questionnaire or set of measures (FHIR Questionnaire), validated and frozen."""

    id: str
    version: str
    title: str
    status: str
    source: str
    copyright: str
    lead_in: str
    items: tuple[Item, ...]
    code: tuple[Coding, ...] = ()
    score: Score | None = None
    sub_questionnaires: tuple[str, ...] = ()
    # Earlier versions whose answers this version reads unchanged: the same linkIds and the
    # same option values, only wording, lead-in or bands changed (docs/clinical-rules.md "Changing a rule").
    answers_from: tuple[str, ...] = ()

    def reads_answers_of(self, version: str) -> bool:
        """Whether answers recorded with `version` may be scored by this definition: its own
        version, or an earlier one it lists in `answersFrom`."""
        return version == self.version or version in self.answers_from

    @property
    def loinc(self) -> str | None:
        return next((c.code for c in self.code if c.system == LOINC_SYSTEM), None)

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(item.link_id for item in self.items)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, link_id: str) -> Item:
        """The item with this linkId; KeyError when the instrument has none."""
        for candidate in self.items:
            if candidate.link_id == link_id:
                return candidate
        raise KeyError(f"{self.id} has no item {link_id!r}")
