"""Languages: the translation catalogue, a preview of any language, sign-off and import (issue 16).

Translations are governed data (clinical reference s9): each file is checked against the
English master on import (all or nothing), carries its provenance, and is offered to
patients only after an administrator signs it off here, having checked it against the
published translation the provenance names. Test languages are never signed off. Every
import and sign-off is one transaction through `screening.languages.services` and audited.
"""

import streamlit as st

from screening.languages.services.catalogue import language_content, list_languages
from screening.languages.services.translation_import import import_translation, sign_off
from screening.policy import Action
from ui.admin.languages_view import catalogue_table, import_problems, preview
from ui.shell.guard import page_user
from ui.shell.notices import stop_on_error, user_errors
from ui.shell.runtime import database
from ui.shell.text import plain

NOTICE = "admin_languages_notice"
CONFIRM = "I have checked this against the published translation named above"
user = page_user(Action.MANAGE_LANGUAGES)
st.title("Languages")
st.caption("English is the master. A translation is offered to patients once every part is imported and signed "
           "off, and only while the English wording it was made from is unchanged.")  # fmt: skip
if notice := st.session_state.pop(NOTICE, None):
    st.success(notice, icon=":material/check_circle:")

with stop_on_error(), database().transaction() as session:
    languages = {language.tag: language for language in list_languages(session, user)}
if languages:
    catalogue_table(list(languages.values()))
else:
    st.info("No translation is imported yet: patients are offered English only.", icon=":material/info:")

tag = st.selectbox("Preview a language", list(languages), index=None, placeholder="Choose a language",
                   format_func=lambda t: f"{t}: {languages[t].name}", key="admin_languages_preview")  # fmt: skip
if tag is not None:
    chosen = languages[tag]
    with stop_on_error(), database().transaction() as session:
        content = language_content(session, tag, demo=False, preview=True)
    preview(tag, content)
    if not chosen.test_language:
        with st.form("admin_languages_sign_off"):
            st.markdown(f"**Sign off {plain(chosen.name)}** ({plain(tag)}), from " + "; ".join(
                sorted({plain(f"{p.source}, version {p.version} ({p.licence})") for p in chosen.parts})))  # fmt: skip
            confirmed = st.checkbox(CONFIRM, key="admin_languages_sign_off_confirm")
            if st.form_submit_button("Sign off", type="primary"):
                if not confirmed:
                    st.error(
                        "Tick the box first: sign-off says you checked the text against the published translation."
                    )
                else:
                    with user_errors():
                        with database().transaction() as session:
                            parts = sign_off(session, user, tag)
                        st.session_state[NOTICE] = f"Signed off {tag}: {', '.join(parts)}."
                        st.rerun()

st.subheader("Import a translation")
with st.form("admin_languages_import", clear_on_submit=True):
    upload = st.file_uploader("Translation file (TOML; docs/languages.md)", type="toml", key="admin_languages_file")
    if st.form_submit_button("Import", type="primary", icon=":material/upload_file:"):
        if upload is None:
            st.warning("Choose a file first.", icon=":material/warning:")
        else:
            with user_errors():
                with database().transaction() as session:
                    result = import_translation(session, upload.getvalue(), actor=user)
                if result.imported:
                    st.session_state[NOTICE] = (f"Imported {result.language}: {', '.join(result.parts)}. "
                                                "Not signed off yet.")  # fmt: skip
                    st.rerun()
                import_problems(result.problems)
