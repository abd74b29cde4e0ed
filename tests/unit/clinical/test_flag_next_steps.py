"""Every flag has an agreed next step for the staff summary (clinical reference s6)."""

from __future__ import annotations

import pytest

from screening.clinical.rules.flag_codes import FLAG_NEXT_STEPS, FLAG_RULES


def test_every_flag_code_has_a_next_step_and_no_other() -> None:
    assert set(FLAG_NEXT_STEPS) == set(FLAG_RULES)


@pytest.mark.parametrize("code", [c for c, rule in FLAG_RULES.items() if rule.priority == "urgent"])
def test_an_urgent_flag_asks_for_action_before_the_patient_leaves(code: str) -> None:
    # s1: item 9 prompts a same-visit risk assessment; s5/s6: severe blood pressure, the clinic team today.
    assert "before the patient leaves" in FLAG_NEXT_STEPS[code].lower()


@pytest.mark.parametrize("code", [c for c, rule in FLAG_RULES.items() if rule.kind == "psychological"])
def test_a_psychological_flag_names_the_psychologists_queue(code: str) -> None:
    assert "psychologists' queue" in FLAG_NEXT_STEPS[code]
