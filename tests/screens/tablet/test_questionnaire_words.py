"""What the patient reads and hears on each question (issue 16): the count, the lead-in,
the Read aloud data, and the site's own recordings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from questionnaires import load_instrument
from tests.screens.tablet.test_patient_screen import started, tap
from ui.tablet.read_aloud import AUDIO_ENV, recordings

PHQ9 = load_instrument("phq9")


def progress_text(app: AppTest) -> str:
    return app.get("progress")[0].proto.text


def read_aloud_data(app: AppTest) -> dict:
    component = next(e for e in app.main.get("bidi_component") if e.proto.component_name == "screening_read_aloud")
    return json.loads(component.proto.json)


def on_screen(app: AppTest) -> list[str]:
    """The lead-in (if shown), the question and the answer buttons, in the order drawn."""
    answers = [b.label for b in app.button if b.key and b.key.startswith("pm_phq9_")]
    return [c.value for c in app.caption] + [app.subheader[0].value, *answers]


def test_the_difficulty_question_is_a_follow_up_without_a_number_or_the_lead_in(app, db_session) -> None:
    started(app, db_session)
    assert progress_text(app) == "Question 1 of 19"
    assert [c.value for c in app.caption] == [PHQ9.lead_in]
    tap(app, "Several days")  # item 1 above 0 opens item 10
    for _ in range(7):
        tap(app, "Not at all")
    assert progress_text(app) == "Question 9 of 19"  # item 9: no jump to "10 of 20"
    tap(app, "Not at all")
    assert app.subheader[0].value == PHQ9.item("phq9_10").text
    assert progress_text(app) == "A follow-up question"
    assert PHQ9.lead_in not in [c.value for c in app.caption]
    tap(app, "Not difficult at all")
    assert progress_text(app) == "Question 10 of 19"  # GAD-7 item 1


def test_read_aloud_is_given_exactly_the_words_on_screen_in_the_sittings_language(app, db_session) -> None:
    started(app, db_session)
    data = read_aloud_data(app)
    assert data["parts"] == on_screen(app)
    assert data["parts"][0] == PHQ9.lead_in and data["parts"][-1] == "Prefer not to answer"
    assert (data["lang"], data["label"], data["no_voice"]) == (
        "en",
        "Read aloud",
        "This device has no voice for this language.",
    )
    assert data["audio"] == []  # no site recordings: the device's voice reads


def test_a_sites_recording_of_the_question_is_played_after_its_lead_in(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "en" / "phq9"
    folder.mkdir(parents=True)
    (folder / "phq9_1.mp3").write_bytes(b"ID3item")
    (folder / "leadIn.mp3").write_bytes(b"ID3lead")
    monkeypatch.setenv(AUDIO_ENV, str(tmp_path))
    clips = recordings("en", "phq9", "phq9_1", with_lead_in=True)
    assert [c.split(",")[0] for c in clips] == ["data:audio/mpeg;base64"] * 2
    assert clips[0].endswith("SUQzbGVhZA==")  # base64 of b"ID3lead": the lead-in first
    assert len(recordings("en", "phq9", "phq9_1", with_lead_in=False)) == 1  # follow-up: no lead-in


@pytest.mark.parametrize(
    ("language", "link_id"),
    [
        ("cy", "phq9_1"),  # no folder for that language: the voice reads
        ("en", "phq9_2"),  # no recording of that item: the voice reads it all, lead-in too
        ("../en", "phq9_1"),  # not a language tag: never a path outside the folder
    ],
)
def test_without_the_items_own_recording_nothing_is_played(tmp_path: Path, monkeypatch, language, link_id) -> None:
    (tmp_path / "en" / "phq9").mkdir(parents=True)
    (tmp_path / "en" / "phq9" / "phq9_1.mp3").write_bytes(b"ID3")
    (tmp_path / "en" / "phq9" / "leadIn.mp3").write_bytes(b"ID3")
    monkeypatch.setenv(AUDIO_ENV, str(tmp_path))
    assert recordings(language, "phq9", link_id, with_lead_in=True) == []
