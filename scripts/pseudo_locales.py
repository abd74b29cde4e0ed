"""Write the two pseudo-locales (en-XA accented, ar-XB right-to-left) from the English master.

Run after any change to the master's wording: `.venv/bin/python scripts/pseudo_locales.py`.
The files are committed; tests/unit/questionnaires/test_pseudo_locales.py fails when they
differ from what this writes. What they hold: questionnaires/pseudo_locale.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questionnaires.pseudo_locale import PSEUDO_LOCALES, TRANSLATIONS_DIR, pseudo_locale_file


def main() -> None:
    TRANSLATIONS_DIR.mkdir(exist_ok=True)
    for tag in PSEUDO_LOCALES:
        path = TRANSLATIONS_DIR / f"{tag}.toml"
        path.write_text(pseudo_locale_file(tag), encoding="utf-8")
        print(f"Wrote {path.relative_to(TRANSLATIONS_DIR.parents[1])}")


if __name__ == "__main__":
    main()
