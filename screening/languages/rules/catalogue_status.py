"""Whether a stored translation may be shown to patients: its status per part, and the offer rule.

Design decisions (clinical reference s9):
- A stored part is checked against the CURRENT English master every time, not only at
  import: `valid` (same items, options and keys, so it can be applied at all) and
  `current` (made from the master's present wording: the fingerprints agree). A part
  that is not both "needs review", whatever its sign-off.
- A language is offered to patients when every part (the patient text and each
  translated instrument) is present, valid, current and signed off, and it is not a
  generated test language. In demo mode a language is offered when every part is present
  and valid, signed off or not: the demo shows the pseudo-locales.

Pure module: the questionnaires package only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from questionnaires.translation import check_stored
from questionnaires.translation_master import PARTS, Content, master_fingerprint

SIGNED_OFF, NOT_SIGNED_OFF, NEEDS_REVIEW = "signed off", "not signed off", "needs review"


@dataclass(frozen=True)
class PartState:
    part: str
    content: Content | None  # None when the stored JSON is not a table at all
    valid: bool
    current: bool
    signed_off: bool

    @property
    def status(self) -> str:
        if not (self.valid and self.current):
            return NEEDS_REVIEW
        return SIGNED_OFF if self.signed_off else NOT_SIGNED_OFF


def part_state(part: str, content_json: str, fingerprint: str, signed_off: bool) -> PartState:
    try:
        content = json.loads(content_json)
    except ValueError:
        content = None
    if part not in PARTS or not isinstance(content, dict):
        return PartState(part, None, False, False, signed_off)
    return PartState(
        part, content, not check_stored(part, content), fingerprint == master_fingerprint(part), signed_off
    )


def is_offered(states: Mapping[str, PartState], *, test_language: bool, demo: bool) -> bool:
    if set(PARTS) - set(states) or not all(states[part].valid for part in PARTS):
        return False
    if demo:
        return True
    return not test_language and all(states[part].status == SIGNED_OFF for part in PARTS)
