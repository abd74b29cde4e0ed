"""Validation of an instrument's `[score]` table: range, item range, bands, subscales.

Design decision: the score range is declared twice on purpose, as the total's range
(`min`, `max`) and as each scored item's range (`itemMin`, `itemMax`), and the loader
checks that they agree with the items and with each other. A mistyped answer value, a
missing item or a band that leaves a total uncovered then fails on load, before any
patient's answers are scored (clinical reference section 8: a wrong score or band).
"""

from __future__ import annotations

import re

from questionnaires import loinc
from questionnaires.model import Band, Item, Score, Subscale
from questionnaires.toml_table import Table

_SUBSCALE_ID = re.compile(r"[a-z][a-z0-9]*")

# An instrument named inside a band label keeps its capitals ("positive: full AUDIT advised", s5).
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]+")


def parse_score(table: Table, items: tuple[Item, ...], item_paths: dict[str, str]) -> Score:
    table.only("min", "max", "itemMin", "itemMax", "code", "bands", "subscale")
    low, high = table.get("min", "int"), table.get("max", "int")
    item_low, item_high = table.get("itemMin", "int"), table.get("itemMax", "int")
    if item_low >= item_high:
        table.fail("itemMax", f"{item_high} must be greater than itemMin {item_low}")
    scored = tuple(item for item in items if item.scored)
    if not scored:
        table.fail(None, "an instrument with a score needs at least one item with scored = true")
    for item in scored:
        _check_item_range(table, item, item_paths[item.link_id], item_low, item_high)
    expected = (item_low * len(scored), item_high * len(scored))
    if (low, high) != expected:
        table.fail(
            "max" if low == expected[0] else "min",
            f"the range {low}-{high} does not match {len(scored)} scored items each scoring "
            f"{item_low}-{item_high}, which give {expected[0]}-{expected[1]}",
        )
    return Score(
        min=low,
        max=high,
        bands=_bands(table, low, high),
        code=loinc.codings(table, "code"),
        subscales=_subscales(table, scored),
    )


def _check_item_range(table: Table, item: Item, path: str, low: int, high: int) -> None:
    """Each scored item's answers are exactly the whole numbers itemMin..itemMax."""
    options_field = "answerValueSet" if item.answer_value_set else "answerOption"
    where = Table(table.file, f"{path}.{options_field}", {})
    values = sorted(int(option.value) for option in item.answer_options)
    for option in item.answer_options:
        if not low <= int(option.value) <= high:
            where.fail(
                None,
                f"answer value {option.value} ('{option.label}') is outside the item score "
                f"range {low} to {high} (score.itemMin to score.itemMax)",
            )
    if values != list(range(low, high + 1)):
        where.fail(None, f"answer values {values} must be each whole number {low} to {high}, once")


def _bands(table: Table, low: int, high: int) -> tuple[Band, ...]:
    entries = table.tables("bands", required=True)
    bands: list[Band] = []
    for entry in entries:
        entry.only("min", "max", "label")
        band = Band(entry.get("min", "int"), entry.get("max", "int"), entry.get("label", "text"))
        if not all(word == word.lower() or _ACRONYM.fullmatch(word) for word in band.label.split()):
            entry.fail("label", f"'{band.label}' must be lower case, as the reference writes it")
        if any(band.label == other.label for other in bands):
            entry.fail("label", f"duplicate band label '{band.label}'")
        if band.max < band.min:
            entry.fail("max", f"{band.max} is below the band's min {band.min}")
        start = low if not bands else bands[-1].max + 1
        if band.min != start:
            where = f"the score range starts at {low}" if not bands else f"the previous band ends at {bands[-1].max}"
            rule = "bands must be contiguous, with no gap or overlap"
            entry.fail("min", f"{band.min} should be {start}: {where} ({rule})")
        bands.append(band)
    if bands[-1].max != high:
        rule = "bands must cover the score range to its end"
        entries[-1].fail("max", f"{bands[-1].max} should be {high}: {rule}")
    return tuple(bands)


def _subscales(table: Table, scored: tuple[Item, ...]) -> tuple[Subscale, ...]:
    scored_ids = {item.link_id for item in scored}
    subscales: list[Subscale] = []
    for entry in table.tables("subscale"):
        entry.only("id", "title", "items", "code")
        subscale_id = entry.get("id", "text")
        if not _SUBSCALE_ID.fullmatch(subscale_id):
            entry.fail("id", f"'{subscale_id}' must be lower-case letters and digits")
        if any(subscale_id == other.id for other in subscales):
            entry.fail("id", f"duplicate subscale id '{subscale_id}'")
        members = entry.get("items", "list")
        texts = all(isinstance(member, str) for member in members)
        if not members or not texts or len(set(members)) != len(members):
            entry.fail("items", "must list one or more scored linkIds, each once")
        for member in members:
            if member not in scored_ids:
                entry.fail("items", f"{member!r} is not a scored item of this instrument")
        title, code = entry.get("title", "text"), loinc.codings(entry, "code")
        subscales.append(Subscale(subscale_id, title, tuple(members), code))
    return tuple(subscales)
