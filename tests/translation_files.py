"""Translation files for the tests, made from the generated accented test language.

No test writes instrument wording in a real language: a "translation" here is the accented
pseudo-locale's text under a private-use tag (BCP 47 reserves qaa-qtz for local use),
marked as a real translation or not as the test needs.
"""

from __future__ import annotations

from questionnaires.pseudo_locale import TRANSLATIONS_DIR

ACCENTED = (TRANSLATIONS_DIR / "en-XA.toml").read_text(encoding="utf-8")
RIGHT_TO_LEFT = (TRANSLATIONS_DIR / "ar-XB.toml").read_text(encoding="utf-8")
PRIVATE_TAG = "qaa"


def translation_file(tag: str = PRIVATE_TAG, *, test_language: bool = False, version: str = "2024-1",
                     without: tuple[str, ...] = ()) -> str:  # fmt: skip
    """A complete, valid file (less the parts in `without`) under `tag`."""
    text = ACCENTED.replace('language = "en-XA"', f'language = "{tag}"')
    text = text.replace("test_language = true", f"test_language = {str(test_language).lower()}")
    text = text.replace('version = "generated"', f'version = "{version}"')
    blocks = text.split("\n\n")
    kept = [b for b in blocks if not any(b.startswith((f"[{p}]", f"[[{p}.item]]")) for p in without)]
    return "\n\n".join(kept)
