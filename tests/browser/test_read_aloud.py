"""Read aloud in a real browser (issue 16, clinical reference s9): the device's voice reads
exactly the words on screen, in the sitting's language; a device with no voice for that
language says so and offers no button.

The Web Speech API is stubbed before the app loads (`add_init_script`): the stub records
each utterance's text and language and offers one fake voice, or none.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from tests.browser.journeys import sign_in
from tests.browser.tablet import hand_over, open_first_patient, question

NO_VOICE = "This device has no voice for this language."
SPEECH_STUB = """
(() => {
  const voices = %s;
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.onend = null; this.onerror = null; }
  };
  const synth = {
    getVoices: () => voices,
    speak: (said) => {
      window.__spoken.push({ text: said.text, lang: said.lang, voice: said.voice ? said.voice.name : null });
      setTimeout(() => said.onend && said.onend(), 0);
    },
    cancel: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
})();
"""
ENGLISH_VOICE = '[{ name: "Fake English", lang: "en-GB", default: true, localService: true, voiceURI: "fake-en" }]'
WELSH_ONLY = '[{ name: "Fake Welsh", lang: "cy-GB", default: true, localService: true, voiceURI: "fake-cy" }]'


def first_question(page: Page, voices: str, app_url: str) -> str:
    page.add_init_script(SPEECH_STUB % voices)
    sign_in(page, app_url, "demo.staff")
    open_first_patient(page)
    hand_over(page)
    return question(page)


def read_aloud_sittings(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT count(*) FROM screening_sessions WHERE read_aloud_used")
            ).scalar_one()
    finally:
        engine.dispose()


def test_read_aloud_speaks_the_lead_in_the_question_and_every_option_exactly_as_on_screen(
    page: Page, app_url: str, app_database: str
) -> None:
    before = read_aloud_sittings(app_database)
    heading = first_question(page, ENGLISH_VOICE, app_url)
    area = page.locator("[class*='st-key-pm_questionnaire']")
    lead_in = area.get_by_test_id("stCaptionContainer").inner_text().strip()
    options = [label.strip() for label in area.locator(".stButton button").all_inner_texts()]
    button = page.get_by_role("button", name="Read aloud")
    expect(button).to_be_visible(timeout=30_000)
    box = button.bounding_box()
    assert box is not None and box["height"] >= 56  # a large target, like the answers
    button.click()
    page.wait_for_function("window.__spoken.length >= 1")
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == [lead_in, heading, *options]
    assert lead_in.startswith("Over the last 2 weeks") and options[-1] == "Prefer not to answer"
    assert {s["lang"] for s in spoken} == {"en"} and {s["voice"] for s in spoken} == {"Fake English"}
    # The component reports the use after speaking; its run stores it a moment later.
    waited = 0.0
    while read_aloud_sittings(app_database) == before and waited < 30:
        page.wait_for_timeout(250)
        waited += 0.25
    assert read_aloud_sittings(app_database) == before + 1  # the sitting records it, once (s9)


def test_a_device_with_no_voice_for_the_language_says_so_and_offers_no_button(page: Page, app_url: str) -> None:
    first_question(page, WELSH_ONLY, app_url)
    expect(page.get_by_text(NO_VOICE)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Read aloud")).to_have_count(0)
    assert page.evaluate("window.__spoken") == []
