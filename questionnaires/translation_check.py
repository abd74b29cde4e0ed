"""A translated part checked against its English master: what the translation may not change.

Design decisions (clinical reference s9):
- The translation supplies text only. Every item of the master must be there, once, in
  the master's order, with no other; every item's options must carry exactly the master's
  values in the master's order; every patient-text key must be there and no other; a
  placeholder the tablet fills in ({number}, {total}, {count}) must survive. Anything else
  is a problem, and one problem refuses the whole file (the caller stores nothing).
- Every problem is reported, not only the first, so a translator fixes the file in one go.
  Each names the part and, where the file's text is at hand, the line (`Locator`): tomllib
  keeps no positions, so the line is found by searching for the linkId or key.
- Values are compared by `repr`, so 1, "1" and true never pass for one another.

Pure module: standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Instrument, Item
from questionnaires.patient_text import PatientText
from questionnaires.translation_master import TEXT_KEYS

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Problem:
    """One reason a translation is refused; `line` is the file's line when known."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


class Locator:
    """Finds the line of a part, key or linkId in a translation file's text (1-based)."""

    def __init__(self, text: str | None = None) -> None:
        self.lines = (text or "").splitlines()

    def find(self, pattern: str, after: int | None = 0) -> int | None:
        compiled = re.compile(pattern)
        start = after or 0
        return next((n for n, line in enumerate(self.lines[start:], start + 1) if compiled.search(line)), None)

    def section(self, part: str) -> int | None:
        return self.find(rf"^\s*\[\[?\s*{re.escape(part)}\s*[.\]]")

    def key(self, part: str, key: str) -> int | None:
        return self.find(rf"^\s*{re.escape(key)}\s*=", self.section(part))

    def item(self, part: str, link_id: str) -> int | None:
        return self.find(rf"linkId\s*=\s*[\"']{re.escape(link_id)}[\"']", self.section(part))


def _blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def _unknown(given: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    return sorted(set(given) - set(allowed))


def check_patient_text(master: PatientText, content: dict[str, Any], where: Locator) -> list[Problem]:
    part = "patient_text"
    problems = [
        Problem(where.section(part), f"{part}: the key {key} is missing") for key in TEXT_KEYS if key not in content
    ]
    problems += [
        Problem(where.key(part, k), f"{part}: {k} is not a patient-text key") for k in _unknown(content, TEXT_KEYS)
    ]
    for key in [k for k in TEXT_KEYS if k in content]:
        line, value = where.key(part, key), content[key]
        if _blank(value):
            problems.append(Problem(line, f"{part}: {key} must be text, not blank"))
            continue
        wanted, given = set(_PLACEHOLDER.findall(getattr(master, key))), set(_PLACEHOLDER.findall(value))
        problems += [Problem(line, f"{part}: {key} has lost the placeholder {p}") for p in sorted(wanted - given)]
        problems += [
            Problem(line, f"{part}: {key} has a placeholder {p} the master has not") for p in sorted(given - wanted)
        ]
    return problems


def check_instrument(master: Instrument, content: dict[str, Any], where: Locator) -> list[Problem]:
    part = master.id
    problems = [Problem(where.key(part, k), f"{part}: unknown key {k}") for k in _unknown(content, ("leadIn", "item"))]
    if _blank(content.get("leadIn")):
        problems.append(Problem(where.section(part), f"{part}: leadIn must be text, not blank"))
    items = content.get("item")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return [*problems, Problem(where.section(part), f"{part}: needs its items as [[{part}.item]] tables")]
    given = [str(item.get("linkId")) for item in items]
    wanted = list(master.link_ids)
    for link_id in wanted:
        if link_id not in given:
            problems.append(Problem(where.section(part), f"{part}: the item {link_id} is missing"))
    seen: set[str] = set()
    for link_id, item in zip(given, items, strict=True):
        line = where.item(part, link_id)
        if link_id not in wanted:
            problems.append(Problem(line, f"{part}: the master has no item {link_id}"))
        elif link_id in seen:
            problems.append(Problem(line, f"{part}: the item {link_id} is given twice"))
        else:
            problems += _item_problems(part, master.item(link_id), item, line)
        seen.add(link_id)
    if sorted(given) == sorted(wanted) and given != wanted:
        moved = [
            f"{link_id} is in place {n}"
            for n, (link_id, m) in enumerate(zip(given, wanted, strict=True), 1)
            if link_id != m
        ]
        problems.append(Problem(where.section(part), f"{part}: the items are out of the master's order ({', '.join(moved)}); the master's order is {', '.join(wanted)}"))  # fmt: skip
    return problems


def _item_problems(part: str, master: Item, item: dict[str, Any], line: int | None) -> list[Problem]:
    name = f"{part}: {master.link_id}"
    problems = [Problem(line, f"{name}: unknown key {k}") for k in _unknown(item, ("linkId", "text", "answerOption"))]
    if _blank(item.get("text")):
        problems.append(Problem(line, f"{name}: text must be text, not blank"))
    options = item.get("answerOption", [])
    if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
        return [*problems, Problem(line, f"{name}: answerOption must be a list of {{ value, label }}")]
    for n, option in enumerate(options, 1):
        problems += [
            Problem(line, f"{name}: option {n} has an unknown key {k}") for k in _unknown(option, ("value", "label"))
        ]
        if _blank(option.get("label")):
            problems.append(Problem(line, f"{name}: option {n} needs a label (text, not blank)"))
    given = [repr(option.get("value")) for option in options]
    wanted = [repr(value) for value in master.option_values()]
    if given == wanted:
        return problems
    if sorted(given) == sorted(wanted):
        message = f"the options are out of the master's order: values {', '.join(given)}; the master's are {', '.join(wanted)}"
    elif len(given) == len(wanted):
        changed = [
            f"option {n} has value {g}, the master's is {w}"
            for n, (g, w) in enumerate(zip(given, wanted, strict=True), 1)
            if g != w
        ]
        message = f"{'; '.join(changed)} (values come from the master and cannot change)"
    else:
        missing, extra = [w for w in wanted if w not in given], [g for g in given if g not in wanted]
        message = (
            "; ".join(
                [f"option value {v} is missing" for v in missing]
                + [f"the master has no option value {v}" for v in extra]
            )
            or f"the options must be the master's {len(wanted)}, not {len(given)}"
        )
    return [*problems, Problem(line, f"{name}: {message}")]
