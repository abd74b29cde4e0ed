"""The head of a translation file: its language tag, test-language flag and provenance.

Design decisions (clinical reference s9): the provenance (source, version, licence) is
required, because a translation is offered only after someone checks it against the
published translation it names. The tag is BCP 47 (at most 35 characters, the column's
width) and never "en": English is the master. A key that is neither one of these nor a
part is refused, so a misspelt part name is not silently ignored.

Pure module: standard library only.
"""

from __future__ import annotations

import re
from typing import Any

from questionnaires.translation_check import Locator, Problem
from questionnaires.translation_master import PARTS

_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
PROVENANCE_KEYS = ("source", "version", "licence")


def header_problems(data: dict[str, Any], where: Locator) -> list[Problem]:
    problems = [
        Problem(where.find(rf"^\s*\[?\s*{re.escape(key)}\s*[\]=]"), f"unknown key or part {key}: the parts are {', '.join(PARTS)}")
        for key in sorted(set(data) - {"language", "test_language", "provenance", *PARTS})
    ]  # fmt: skip
    tag, test = data.get("language"), data.get("test_language", False)
    if not isinstance(tag, str) or len(tag) > 35 or not _TAG.fullmatch(tag):
        problems.append(
            Problem(where.find(r"^\s*language\s*="), 'language must be a BCP 47 tag such as "so" or "pt-BR"')
        )
    elif tag == "en":
        problems.append(Problem(where.find(r"^\s*language\s*="), "English is the master, not a translation"))
    if not isinstance(test, bool):
        problems.append(Problem(where.find(r"^\s*test_language\s*="), "test_language must be true or false"))
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        return [*problems, Problem(None, "[provenance] with source, version and licence is missing")]
    for key in sorted(set(provenance) - set(PROVENANCE_KEYS)):
        problems.append(Problem(where.key("provenance", key), f"provenance: unknown key {key}"))
    for key in PROVENANCE_KEYS:
        if not isinstance(provenance.get(key), str) or not provenance[key].strip():
            problems.append(Problem(where.section("provenance"), f"provenance: {key} must be given"))
    if isinstance(provenance.get("version"), str) and len(provenance["version"].strip()) > 40:
        problems.append(
            Problem(where.key("provenance", "version"), "provenance: version must be 40 characters or fewer")
        )
    return problems
