"""Importing a translation file and signing a language off: each change stored and audited.

Design decisions (clinical reference s9):
- All or nothing: the whole file is read and checked against the English master
  (`questionnaires.translation`); with any problem nothing is stored, and the result
  lists every problem ("line N: ..."). A refused file is audited too (counts only).
- Importing a part that is already stored replaces its text and provenance and clears
  its sign-off: the new text has not been checked by anyone.
- Sign-off is an administrator's (MANAGE_LANGUAGES) statement that the text matches the
  published translation named in the provenance; it covers every stored part of the
  language. A generated test language, or a part that needs review, cannot be signed off.
- `actor=None` is the command line or the demo loader, named by `via` in the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Translation
from models.base import utcnow
from questionnaires.translation import read_translation
from questionnaires.translation_master import PARTS, master_fingerprint
from screening.audit.services.audit import record_event
from screening.errors import ConflictError, NotFound
from screening.languages.rules.catalogue_status import NEEDS_REVIEW, part_state
from screening.policy import Action, CurrentUser, require

COMMAND_LINE = "command line"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the parts stored, or every problem (then nothing was stored)."""

    language: str | None
    parts: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def imported(self) -> bool:
        return not self.problems


def import_translation(
    session: Session, text: str | bytes, *, actor: CurrentUser | None = None, via: str = COMMAND_LINE
) -> ImportResult:
    if actor is not None:
        require(actor, Action.MANAGE_LANGUAGES)
    who, who_id = (actor.username, actor.user_id) if actor is not None else (via, None)
    try:
        decoded = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        return _refused(session, who, who_id, None, ("the file is not UTF-8 text: save it as UTF-8 and try again",))
    reading = read_translation(decoded)
    if reading.translation is None:
        return _refused(session, who, who_id, None, tuple(str(p) for p in reading.problems))
    translation = reading.translation
    stored = {
        row.part: row
        for row in session.scalars(select(Translation).where(Translation.language == translation.language))
    }
    replaced = [part for part in translation.parts if part in stored]
    for part, content in translation.parts.items():
        row = stored.get(part) or Translation(language=translation.language, part=part)
        row.content = json.dumps(content, ensure_ascii=False)
        row.master_fingerprint = master_fingerprint(part)
        row.source, row.version = translation.provenance.source, translation.provenance.version
        row.licence, row.test_language = translation.provenance.licence, translation.test_language
        row.imported_at, row.imported_by = utcnow(), who[:100]
        row.signed_off_by_id, row.signed_off_at = None, None
        session.add(row)
    session.flush()
    detail = {"language": translation.language, "parts": list(translation.parts), "replaced": replaced,
              "test_language": translation.test_language}  # fmt: skip
    record_event(session, actor=who, actor_user_id=who_id, action="translation.imported",
                 entity_type="translation", entity_id=translation.language, detail=detail)  # fmt: skip
    return ImportResult(translation.language, tuple(translation.parts), ())


def _refused(
    session: Session, who: str, who_id: int | None, language: str | None, problems: tuple[str, ...]
) -> ImportResult:
    record_event(session, actor=who, actor_user_id=who_id, action="translation.refused",
                 entity_type="translation", entity_id=language, detail={"problems": len(problems)})  # fmt: skip
    return ImportResult(language, (), problems)


def sign_off(session: Session, actor: CurrentUser, language: str) -> tuple[str, ...]:
    """Sign off every stored part of `language`; returns the parts, in catalogue order."""
    require(actor, Action.MANAGE_LANGUAGES)
    rows = {row.part: row for row in session.scalars(select(Translation).where(Translation.language == language))}
    if not rows:
        raise NotFound(f"No translation into {language} is stored; import its file first.")
    if any(row.test_language for row in rows.values()):
        raise ConflictError(f"{language} is a generated test language, not a translation: it cannot be signed off.")
    review = [
        p for p, r in rows.items() if part_state(p, r.content, r.master_fingerprint, False).status == NEEDS_REVIEW
    ]
    if review:
        raise ConflictError(
            f"{language}: {', '.join(sorted(review))} no longer match the English master; import the translation "
            "made for the current wording, then sign it off."
        )
    now = utcnow()
    for row in rows.values():
        row.signed_off_by_id, row.signed_off_at = actor.user_id, now
    parts = tuple(part for part in PARTS if part in rows)
    record_event(session, actor=actor.username, actor_user_id=actor.user_id, action="translation.signed_off",
                 entity_type="translation", entity_id=language, detail={"language": language, "parts": list(parts)})  # fmt: skip
    return parts
