"""Read aloud: a large button that reads the question on screen to the patient (issue 16, s9).

Design decisions:
- It reads exactly the wording on screen, in the order shown (the lead-in when shown, the
  question, then every answer button including "Prefer not to answer"), in the sitting's
  language, and never replaces it: the caller passes the very strings it drew.
- A site's own recordings win: `<SCREENING_AUDIO_DIR>/<tag>/<instrument id>/<linkId>.mp3`
  (and `leadIn.mp3` for the lead-in, played first when the lead-in is shown). They are
  data, made and checked by the site; without the item's file, the device's voice reads.
- Otherwise the device's speech voice (Web Speech API): one utterance per piece, `lang`
  the sitting's BCP 47 tag, a voice whose language subtag matches. A device with no such
  voice shows "This device has no voice for this language." and no button: nothing half
  works. Tapping again while it reads stops it; leaving the question stops it too.
- A Streamlit components v2 component (inline HTML, CSS and JS, no iframe). Our own fixed
  markup only: the words go in as data and are set with `textContent`, never as HTML.
- A use is reported back (a trigger value) so the sitting records that read-aloud was used:
  `_record_read_aloud` records the use on the sitting (`mark_read_aloud_used`), once.
"""

from __future__ import annotations

import base64
import logging
import os
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import streamlit as st

from questionnaires.patient_text import PatientText
from screening.database.services.reachability import kind, unreachable
from screening.policy import Respondent
from screening.sittings.services.patient_screen import Where
from screening.sittings.services.sitting_language import mark_read_aloud_used
from ui.shell import auth
from ui.shell.runtime import database

log = logging.getLogger("screening.ui")

AUDIO_ENV = "SCREENING_AUDIO_DIR"
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ID = re.compile(r"[a-z][a-z0-9_]*")

_HTML = """
<div class="read-aloud">
  <button type="button" class="speak" hidden></button>
  <p class="no-voice" role="status" hidden></p>
</div>
"""
_CSS = """
.speak {min-height: 56px; width: 100%; border-radius: 12px; font-size: 1.15rem; cursor: pointer;
        border: 2px solid var(--st-primary-color, #005eb8); background: transparent;
        color: var(--st-text-color, #212b32); font-family: inherit;}
.speak:focus-visible {outline: 4px solid #ffbf47; outline-offset: 2px;}
.no-voice {margin: 0; font-size: 1rem; color: var(--st-text-color, #212b32);}
"""
_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const button = parentElement.querySelector(".speak");
  const note = parentElement.querySelector(".no-voice");
  const speech = window.speechSynthesis;
  const subtag = String(data.lang).toLowerCase().split("-")[0];
  let playing = null;
  let reading = false;
  const idle = () => { reading = false; button.textContent = data.label; };
  const stop = () => {
    if (playing) { playing.pause(); playing = null; }
    if (speech && !data.audio.length) { speech.cancel(); }
    idle();
  };
  const voice = () => (speech ? speech.getVoices() : []).find(
    (v) => String(v.lang).toLowerCase().replace("_", "-").split("-")[0] === subtag);
  const play = (clips) => {
    if (!clips.length || !reading) { idle(); return; }
    playing = new Audio(clips[0]);
    playing.onended = () => play(clips.slice(1));
    playing.onerror = () => idle();
    playing.play().catch(() => idle());
  };
  const speak = () => {
    const chosen = voice();
    speech.cancel();
    data.parts.forEach((part, index) => {
      const said = new SpeechSynthesisUtterance(part);
      said.lang = data.lang;
      if (chosen) { said.voice = chosen; }
      if (index === data.parts.length - 1) { said.onend = idle; said.onerror = idle; }
      speech.speak(said);
    });
  };
  button.onclick = () => {
    if (reading) { stop(); return; }
    reading = true;
    button.textContent = data.stop;
    setTriggerValue("used", true);
    if (data.audio.length) { play(data.audio); } else { speak(); }
  };
  const offer = (ready) => {
    button.hidden = !ready;
    note.hidden = ready;
    note.textContent = ready ? "" : data.no_voice;
  };
  idle();
  if (data.audio.length) {
    offer(true);
  } else if (!speech || typeof SpeechSynthesisUtterance === "undefined") {
    offer(false);
  } else if (voice()) {
    offer(true);
  } else {
    // Voices often load after the page: wait for them a moment before saying there is none.
    const check = () => offer(Boolean(voice()));
    speech.addEventListener("voiceschanged", check);
    const timer = setTimeout(check, 1500);
    return () => { speech.removeEventListener("voiceschanged", check); clearTimeout(timer); stop(); };
  }
  return () => stop();
}
"""

_component = st.components.v2.component("screening_read_aloud", html=_HTML, css=_CSS, js=_JS)


def read_aloud(parts: Sequence[str], *, language: str, text: PatientText, audio: tuple[str, str, bool],
               key: str, user: Respondent, where: Where) -> None:  # fmt: skip
    """The Read aloud button for one question. `parts`: the words on screen, in order;
    `audio`: (instrument id, linkId, whether the lead-in is shown) to find a site recording."""
    instrument_id, link_id, with_lead_in = audio
    _component(
        key=f"{key}_read_aloud_{instrument_id}_{link_id}",  # a new question, a new player: the old one stops
        data={
            "lang": language,
            "parts": list(parts),
            "audio": recordings(language, instrument_id, link_id, with_lead_in=with_lead_in),
            "label": text.read_aloud,
            "stop": text.stop_reading,
            "no_voice": text.no_voice,
        },
        on_used_change=partial(_record_read_aloud, user, where, key),
    )


def recordings(language: str, instrument_id: str, link_id: str, *, with_lead_in: bool) -> list[str]:
    """The site's recordings for this question as data URLs, in playing order; [] for none."""
    folder = os.environ.get(AUDIO_ENV)
    if not folder or not _TAG.fullmatch(language) or not (_ID.fullmatch(instrument_id) and _ID.fullmatch(link_id)):
        return []
    here = Path(folder) / language / instrument_id
    item = here / f"{link_id}.mp3"
    if not item.is_file():
        return []  # no recording of the question itself: the device's voice reads it all
    lead_in = here / "leadIn.mp3"
    files = ([lead_in] if with_lead_in and lead_in.is_file() else []) + [item]
    return [f"data:audio/mpeg;base64,{base64.b64encode(f.read_bytes()).decode('ascii')}" for f in files]


def _record_read_aloud(user: Respondent, where: Where, key: str) -> None:
    """The sitting records that read-aloud was used (clinical reference s9), once per sitting.

    Its own short transaction, from the component's callback. While the database is out of
    reach (issue 14) the patient is not troubled: the use is recorded on a later tap.
    """
    if st.session_state.get(f"{key}_read_aloud_used") == where:
        return
    try:
        with database().transaction() as session:
            mark_read_aloud_used(session, actor=user, where=where, now=auth.now(), app_session=auth.app_session())
    except Exception as error:
        if not unreachable(error):
            raise
        log.warning("read-aloud use not recorded yet: database unreachable (%s)", kind(error))
        return
    st.session_state[f"{key}_read_aloud_used"] = where
