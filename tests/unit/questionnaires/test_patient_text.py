from pathlib import Path

import pytest

from questionnaires.patient_text import TEXT_DIR, at_home, load_text_file, patient_text, waiting
from screening.errors import InstrumentDefinitionError


def test_the_shipped_english_text_names_nhs_111_option_2_and_999_in_the_safety_message():
    words = patient_text()
    assert "NHS 111 and choose option 2" in words.safety_message and "999" in words.safety_message
    assert words.prefer_not_to_answer == "Prefer not to answer"
    assert words.question_of.format(number=3, total=19) == "Question 3 of 19"


def test_the_remote_safety_message_promises_contact_not_today_with_111_option_2_999_and_samaritans():
    home = at_home(patient_text())
    assert home.safety_message == home.remote_safety_message
    for words in ("NHS 111 and choose option 2", "999", "Samaritans on 116 123", "clinic team will contact you"):
        assert words in home.safety_message
    assert "today" not in home.safety_message.casefold()


def test_a_patient_at_home_is_never_told_to_find_a_member_of_staff():
    home = at_home(patient_text())
    for sentence in (home.safety_message, home.keep_going, home.finish_waiting, home.hand_to_staff):
        assert "staff" not in sentence and "tablet" not in sentence
    assert patient_text().hand_to_staff != home.hand_to_staff


def test_the_waiting_count_reads_as_one_answer_or_as_many():
    words = patient_text()
    assert waiting(words, 1) == "1 answer is waiting to be saved."
    assert waiting(words, 3) == "3 answers are waiting to be saved."


def test_a_site_can_replace_the_text_with_its_own_file(tmp_path: Path):
    own = tmp_path / "site.toml"
    own.write_text((TEXT_DIR / "en.toml").read_text().replace("NHS 111", "the Sickle Cell Society line or NHS 111"))
    assert "Sickle Cell Society" in patient_text(str(own)).safety_message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: t.replace('start = "Start"\n', ""), "missing keys \\['start'\\]"),
        (lambda t: t + 'colour = "red"\n', "unknown keys \\['colour'\\]"),
        (lambda t: t.replace('back = "Back"', 'back = "  "'), "non-empty text: \\['back'\\]"),
        (lambda t: t.replace("{total}", "{all}"), "question_of needs"),
        (lambda t: t.replace("{count} answers", "some answers"), "waiting_many needs"),
        (lambda t: t + "= broken", "cannot be read"),
    ],
)
def test_a_broken_text_file_fails_loudly_naming_the_problem(tmp_path: Path, change, problem):
    broken = tmp_path / "broken.toml"
    broken.write_text(change((TEXT_DIR / "en.toml").read_text()))
    with pytest.raises(InstrumentDefinitionError, match=problem):
        load_text_file(broken)
