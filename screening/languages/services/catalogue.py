"""Reading the catalogue: every stored language with its status, what patients are offered, and
the text of an offered language for the tablet.

Design decisions:
- Everything returned is plain frozen data (tags, strings, content dicts), never an ORM
  row, so the web layer can cache it (`ui.tablet.wording`) and no Session outlives it.
- English is the master, not a row: it is always offered, first. `language_content`
  gives a language's parts only when it is offered (`rules.catalogue_status.is_offered`),
  so the tablet can never show a language that lost its sign-off or needs review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Translation, User
from questionnaires.translation_master import PARTS, Content
from screening.languages.rules.catalogue_status import PartState, is_offered, part_state
from screening.languages.rules.language_names import direction, native_name
from screening.policy import Action, CurrentUser, require

ENGLISH = "en"


@dataclass(frozen=True)
class OfferedLanguage:
    tag: str
    name: str
    direction: str = "ltr"
    test_language: bool = False


@dataclass(frozen=True)
class PartSummary:
    part: str
    status: str  # "signed off", "not signed off" or "needs review"
    source: str
    version: str
    licence: str
    imported_at: datetime
    imported_by: str
    signed_off_by: str | None
    signed_off_at: datetime | None


@dataclass(frozen=True)
class LanguageSummary:
    tag: str
    name: str
    direction: str
    test_language: bool
    parts: tuple[PartSummary, ...]  # in catalogue order
    missing: tuple[str, ...]
    offered: bool  # to patients outside demo mode


def _stored(session: Session) -> dict[str, list[tuple[Translation, str | None]]]:
    query = (
        select(Translation, User.display_name)
        .outerjoin(User, User.id == Translation.signed_off_by_id)
        .order_by(Translation.language, Translation.part)
    )
    by_language: dict[str, list[tuple[Translation, str | None]]] = defaultdict(list)
    for row, signer in session.execute(query):
        by_language[row.language].append((row, signer))
    return by_language


def _states(rows: list[tuple[Translation, str | None]]) -> dict[str, PartState]:
    return {r.part: part_state(r.part, r.content, r.master_fingerprint, r.signed_off_at is not None) for r, _ in rows}


def list_languages(session: Session, actor: CurrentUser | None = None) -> tuple[LanguageSummary, ...]:
    """Every stored language, by tag, with each part's status, provenance and sign-off."""
    if actor is not None:
        require(actor, Action.MANAGE_LANGUAGES)
    summaries = []
    for tag, rows in _stored(session).items():
        states = _states(rows)
        test = any(r.test_language for r, _ in rows)
        parts = tuple(
            PartSummary(
                r.part,
                states[r.part].status,
                r.source,
                r.version,
                r.licence,
                r.imported_at,
                r.imported_by,
                signer,
                r.signed_off_at,
            )
            for part in PARTS
            for r, signer in rows
            if r.part == part
        )
        missing = tuple(part for part in PARTS if part not in states)
        offered = is_offered(states, test_language=test, demo=False)
        summaries.append(LanguageSummary(tag, native_name(tag), direction(tag), test, parts, missing, offered))
    return tuple(summaries)


def offered_languages(session: Session, demo: bool) -> tuple[OfferedLanguage, ...]:
    """English first, then every language patients may choose, by name."""
    offered = [
        OfferedLanguage(tag, native_name(tag), direction(tag), any(r.test_language for r, _ in rows))
        for tag, rows in _stored(session).items()
        if is_offered(_states(rows), test_language=any(r.test_language for r, _ in rows), demo=demo)
    ]
    return (OfferedLanguage(ENGLISH, "English"), *sorted(offered, key=lambda o: o.name.casefold()))


def language_content(session: Session, language: str, demo: bool, *, preview: bool = False) -> dict[str, Content]:
    """The parts of `language` (part -> content) when it is offered; empty otherwise.

    `preview=True` (staff only: the Languages page) gives every valid stored part, offered or not.
    """
    rows = _stored(session).get(language, [])
    states = _states(rows)
    test = any(r.test_language for r, _ in rows)
    if not preview and not is_offered(states, test_language=test, demo=demo):
        return {}
    return {part: state.content for part, state in states.items() if state.valid and state.content is not None}
