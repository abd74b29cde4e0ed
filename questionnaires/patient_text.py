"""The words around the questionnaires that a patient reads, as data (issue 6).

Design decisions:
- The English text lives in `questionnaires/text/en.toml`, beside the instruments. Every
  key is required: a missing or unknown key fails loudly at load, never as a blank on a
  patient's screen. Other languages are governed data in the database (issue 16:
  `questionnaires.translation`, `screening.languages`, docs/languages.md), read on the
  tablet through `ui.tablet.wording`.
- A site may replace the wording (for example its own safety message: the default names
  NHS 111 option 2 and 999) by pointing SCREENING_PATIENT_TEXT at its own file.

Pure module: standard library only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

from screening.errors import InstrumentDefinitionError

TEXT_DIR = Path(__file__).resolve().parent / "text"
TEXT_ENV = "SCREENING_PATIENT_TEXT"


@dataclass(frozen=True)
class PatientText:
    language: str
    welcome_title: str
    welcome_body: str
    start: str
    back: str
    prefer_not_to_answer: str
    question_of: str
    text_size: str
    high_contrast: str
    thank_you_title: str
    hand_back: str
    hand_to_staff: str
    answers_safe: str
    waiting_one: str
    waiting_many: str
    keep_going: str
    all_saved: str
    finish_waiting: str
    safety_message: str
    last_question: str
    finish: str
    read_aloud: str
    no_voice: str
    stop_reading: str
    language_label: str
    follow_up: str
    remote_safety_message: str
    remote_title: str
    remote_body: str
    birth_date_title: str
    birth_date_hint: str
    birth_date_day: str
    birth_date_month: str
    birth_date_year: str
    continue_button: str
    birth_date_incomplete: str
    birth_date_wrong: str
    link_unknown: str
    link_finished: str
    link_revoked: str
    link_expired: str
    link_locked: str
    remote_thank_you: str
    remote_keep_going: str
    remote_finish_waiting: str
    remote_try_later: str


def load_text_file(path: Path) -> PatientText:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InstrumentDefinitionError(f"{Path(path).name}: cannot be read: {error}") from error
    expected = {f.name for f in fields(PatientText)}
    missing, unknown = sorted(expected - set(data)), sorted(set(data) - expected)
    if missing or unknown:
        raise InstrumentDefinitionError(
            f"{Path(path).name}: missing keys {missing or 'none'}, unknown keys {unknown or 'none'}"
        )
    blank = sorted(k for k, v in data.items() if not isinstance(v, str) or not v.strip())
    if blank:
        raise InstrumentDefinitionError(f"{Path(path).name}: keys must be non-empty text: {blank}")
    text = PatientText(**{k: v.strip() for k, v in data.items()})
    if "{number}" not in text.question_of or "{total}" not in text.question_of:
        raise InstrumentDefinitionError(f"{Path(path).name}: question_of needs {{number}} and {{total}}")
    if "{count}" not in text.waiting_many:
        raise InstrumentDefinitionError(f"{Path(path).name}: waiting_many needs {{count}}")
    return text


@lru_cache(maxsize=8)
def patient_text(override: str | None = None, language: str = "en") -> PatientText:
    """The site's text file when SCREENING_PATIENT_TEXT names one, else the shipped one."""
    return load_text_file(Path(override) if override else TEXT_DIR / f"{language}.toml")


def at_home(text: PatientText) -> PatientText:
    """The text as a patient at home reads it (issue 17, clinical reference s9): the safety
    message promises contact, not a talk today, and no sentence sends them to staff."""
    return replace(
        text, safety_message=text.remote_safety_message, keep_going=text.remote_keep_going,
        finish_waiting=text.remote_finish_waiting, hand_to_staff=text.remote_try_later,
    )  # fmt: skip


def waiting(text: PatientText, count: int) -> str:
    """How many answers are kept on the tablet, not yet stored (issue 14)."""
    return text.waiting_one if count == 1 else text.waiting_many.format(count=count)
