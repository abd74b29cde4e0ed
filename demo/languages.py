"""The demo's languages: the two generated test languages, imported unsigned.

They show the language chooser, a long-text layout and a right-to-left layout in the demo
without any real translation: a test language is offered only in demo mode, and cannot be
signed off (`screening.languages`). Imported through the same checked import as a real file.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from questionnaires.pseudo_locale import PSEUDO_LOCALES, TRANSLATIONS_DIR
from screening.languages.services.catalogue import list_languages
from screening.languages.services.translation_import import import_translation


def add_demo_languages(session: Session, actor: str) -> tuple[str, ...]:
    """Import en-XA and ar-XB; returns their tags."""
    for tag in PSEUDO_LOCALES:
        result = import_translation(session, (TRANSLATIONS_DIR / f"{tag}.toml").read_text(encoding="utf-8"), via=actor)
        if not result.imported:  # the committed files are checked by a unit test; this would be a bug
            raise RuntimeError(f"the pseudo-locale {tag} is refused: {'; '.join(result.problems)}")
    return PSEUDO_LOCALES


def refresh_demo_languages(session: Session, actor: str) -> tuple[str, ...]:
    """On an existing demo database (`init-db --demo` again): import the test languages that are
    missing or no longer match the master (made before a wording change); returns their tags."""
    current = {
        s.tag for s in list_languages(session) if not s.missing and {p.status for p in s.parts} == {"not signed off"}
    }
    stale = tuple(tag for tag in PSEUDO_LOCALES if tag not in current)
    for tag in stale:
        import_translation(session, (TRANSLATIONS_DIR / f"{tag}.toml").read_text(encoding="utf-8"), via=actor)
    return stale
