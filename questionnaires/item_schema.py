"""Validation of an instrument's items and shared answer lists (FHIR `item`, `answerValueSet`).

Design decision: each item is checked as it is read, in file order, so `enableWhen` can
require that an item depend only on items asked before it, and a duplicate linkId is
reported where it occurs. `underLeadIn = false` marks an item the
instrument's lead-in does not introduce (the difficulty follow-ups of PHQ-9 and GAD-7), so
the tablet shows no lead-in above it. Answer values must be all whole numbers (scores) or all text
codes (NHS codes such as SMOKING STATUS CODE), never a mix.
"""

from __future__ import annotations

import re
from typing import Any

from questionnaires import loinc
from questionnaires.model import (
    ENABLE_WHEN_OPERATORS,
    ITEM_TYPES,
    AnswerOption,
    EnableWhen,
    Item,
)
from questionnaires.toml_table import Table

_LINK_ID = re.compile(r"[a-z][a-z0-9_]*")
_ITEM_KEYS = (
    "linkId", "text", "type", "required", "scored", "allowDeclined", "code", "answerOption",
    "answerValueSet", "enableWhen", "enableBehavior", "unit", "minValue", "maxValue", "underLeadIn",
)  # fmt: skip

ValueSets = dict[str, tuple[AnswerOption, ...]]


def parse_value_sets(root: Table) -> ValueSets:
    """Answer lists shared by several items (FHIR answerValueSet), keyed by URL."""
    found: dict[str, tuple[AnswerOption, ...]] = {}
    for table in root.tables("valueSet"):
        table.only("url", "title", "answerOption")
        url = table.get("url", "text")
        problem = "is a duplicate URL" if url in found else loinc.value_set_url_problem(url)
        if problem is not None:
            table.fail("url", problem)
        table.get("title", "text", "")
        found[url] = _options(table)
    return found


def _options(table: Table) -> tuple[AnswerOption, ...]:
    options: list[AnswerOption] = []
    for entry in table.tables("answerOption", required=True):
        entry.only("value", "label", "code")
        value, label = entry.get("value", "code"), entry.get("label", "text")
        code = entry.get("code", "text", None)
        problem = None if code is None else loinc.answer_code_problem(code)
        if problem is not None:
            entry.fail("code", problem)
        if any(value == other.value for other in options):
            entry.fail("value", f"duplicate answer value {value!r}")
        if any(label == other.label for other in options):
            entry.fail("label", f"duplicate answer label '{label}'")
        options.append(AnswerOption(value, label, code))
    if len({type(option.value) for option in options}) > 1:
        table.fail("answerOption", "values must be all whole numbers or all text codes, not a mix")
    return tuple(options)


def parse_item(table: Table, value_sets: ValueSets, earlier: list[Item]) -> Item:
    table.only(*_ITEM_KEYS)
    link_id = table.get("linkId", "text")
    if not _LINK_ID.fullmatch(link_id):
        table.fail("linkId", f"'{link_id}' must be lower-case letters, digits and underscores")
    if any(link_id == other.link_id for other in earlier):
        table.fail("linkId", f"duplicate linkId '{link_id}': every linkId must be unique")
    item_type = table.get("type", "text")
    if item_type not in ITEM_TYPES:
        table.fail("type", f"'{item_type}' is not supported; use one of {', '.join(ITEM_TYPES)}")
    answers = _choice(table, value_sets) if item_type == "choice" else _numeric(table, item_type)
    item = Item(
        link_id=link_id,
        text=table.get("text", "text"),
        type=item_type,
        required=table.get("required", "flag"),
        scored=table.get("scored", "flag", False),
        allow_declined=table.get("allowDeclined", "flag", False),
        code=loinc.codings(table, "code"),
        enable_when=_enable_when(table, earlier),
        enable_behavior=table.get("enableBehavior", "text", "all"),
        under_lead_in=table.get("underLeadIn", "flag", True),
        **answers,
    )
    if item.enable_behavior not in ("all", "any"):
        table.fail("enableBehavior", 'must be "all" or "any"')
    whole_numbers = all(type(value) is int for value in item.option_values())
    if item.scored and (item.type != "choice" or not whole_numbers):
        table.fail("scored", "only a choice item with whole-number answer values can be scored")
    return item


def _choice(table: Table, value_sets: ValueSets) -> dict[str, Any]:
    for key in ("unit", "minValue", "maxValue"):
        if key in table.data:
            table.fail(key, "applies only to integer and decimal items")
    url = table.get("answerValueSet", "text", None)
    if ("answerOption" in table.data) == (url is not None):
        problem = "a choice item needs exactly one of answerOption or answerValueSet"
        table.fail("answerOption", problem)
    if url is None:
        return {"answer_options": _options(table)}
    if url not in value_sets:
        table.fail("answerValueSet", f"'{url}' is not one of this file's valueSet entries")
    return {"answer_options": value_sets[url], "answer_value_set": url}


def _numeric(table: Table, item_type: str) -> dict[str, Any]:
    for key in ("answerOption", "answerValueSet"):
        if key in table.data:
            table.fail(key, "applies only to choice items")
    kind = "int" if item_type == "integer" else "number"
    low, high = table.get("minValue", kind), table.get("maxValue", kind)
    if low >= high:
        table.fail("maxValue", f"{high} must be greater than minValue {low}")
    if item_type == "decimal":
        low, high = float(low), float(high)
    return {"unit": table.get("unit", "text"), "min_value": low, "max_value": high}


def _enable_when(table: Table, earlier: list[Item]) -> tuple[EnableWhen, ...]:
    rules = []
    for entry in table.tables("enableWhen"):
        entry.only("question", "operator", "answerInteger")
        question = entry.get("question", "text")
        if not any(question == item.link_id for item in earlier):
            problem = "an item may depend only on items asked before it"
            entry.fail("question", f"'{question}' is not an earlier item ({problem})")
        operator = entry.get("operator", "text")
        if operator not in ENABLE_WHEN_OPERATORS:
            entry.fail("operator", f"'{operator}' is not one of {' '.join(ENABLE_WHEN_OPERATORS)}")
        rules.append(EnableWhen(question, operator, entry.get("answerInteger", "int")))
    return tuple(rules)
