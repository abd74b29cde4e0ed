"""The Languages page's parts: the catalogue table, a language previewed as a patient would
read it, and an import's problems (issue 16, clinical reference s9).

Design decisions:
- The preview is built exactly as the tablet builds it (`questionnaires.translation_master`:
  the master with the translation's words), so what an administrator checks before sign-off
  is what a patient will read. A right-to-left language is laid out right to left by a
  fixed CSS rule on the preview's container: no translated text ever reaches `st.html`.
- Translated text is escaped (`ui.shell.text.plain`) except the two Markdown bodies (welcome
  and safety message), rendered as Markdown as the tablet renders them. Import problems
  quote the file, so they are shown in a code block, as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from questionnaires import load_instrument
from questionnaires.patient_text import patient_text
from questionnaires.translation_master import (
    PARTS,
    PATIENT_TEXT,
    TEXT_KEYS,
    Content,
    translated_instrument,
    translated_patient_text,
)
from screening.languages.rules.language_names import direction
from screening.languages.services.catalogue import LanguageSummary
from ui.shell.text import plain

MARKDOWN_KEYS = ("welcome_body", "safety_message")
PREVIEW_KEY = "admin_languages_preview_box"
_RTL_CSS = f"<style>.st-key-{PREVIEW_KEY}-rtl {{ direction: rtl; text-align: right; }}</style>"


def _when(moment: object) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def catalogue_table(languages: Sequence[LanguageSummary]) -> None:
    """One row per language and part: status, provenance, import and sign-off."""
    rows: list[dict[str, str]] = []
    for language in languages:
        given = {part.part: part for part in language.parts}
        for name in PARTS:
            part = given.get(name)
            rows.append({
                "Language": language.tag, "Name": language.name + (" (test)" if language.test_language else ""),
                "Offered": "Yes" if language.offered else "No", "Part": name,
                "Status": part.status if part else "missing",
                "Source": part.source if part else "", "Version": part.version if part else "",
                "Licence": part.licence if part else "",
                "Imported": f"{_when(part.imported_at)} by {part.imported_by}" if part else "",
                "Signed off": f"{_when(part.signed_off_at)} by {part.signed_off_by}" if part and part.signed_off_at else "",
            })  # fmt: skip
    st.dataframe(rows, hide_index=True, width="stretch", key="admin_languages_table")


def preview(tag: str, content: dict[str, Content]) -> None:
    """The stored parts of `tag` as the patient would see them."""
    rtl = direction(tag) == "rtl"
    if rtl:
        st.html(_RTL_CSS)
    with st.container(border=True, key=f"{PREVIEW_KEY}-{'rtl' if rtl else 'ltr'}"):
        if PATIENT_TEXT in content:
            words = translated_patient_text(patient_text(), content[PATIENT_TEXT], tag)
            for key in TEXT_KEYS:
                st.caption(key)
                text = getattr(words, key)
                st.markdown(text if key in MARKDOWN_KEYS else plain(text))
        for part in PARTS[1:]:
            if part not in content:
                continue
            instrument = translated_instrument(load_instrument(part), content[part])
            st.subheader(instrument.title)
            st.markdown(plain(instrument.lead_in))
            for number, item in enumerate(instrument.items, 1):
                options = " · ".join(plain(o.label) for o in item.answer_options)
                st.markdown(f"{number}\\. {plain(item.text)}  \n{options}")


def import_problems(problems: Sequence[str]) -> None:
    st.error("The file was refused: nothing was imported. Correct these and import it again.", icon=":material/error:")
    st.code("\n".join(problems), language=None)
