"""Load instrument files (`questionnaires/*.toml`) and validate them into frozen dataclasses.

Design decision: one validating loader, in the manner of ehrQL's reference-data loaders.
Each file is read with the standard library's `tomllib` and checked completely before
anything may score with it: unique linkIds, well-formed LOINC codes (with check digit),
answers inside the item score range, bands contiguous and covering the whole range,
`enableWhen` pointing at earlier items, no unknown keys. A broken file fails with an
`InstrumentDefinitionError` reading "<file>: <field>: <problem>". Instruments are
immutable, so `load_instrument` caches them for the life of the process.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from questionnaires import loinc
from questionnaires.item_schema import parse_item, parse_value_sets
from questionnaires.model import Instrument, Item
from questionnaires.score_schema import parse_score
from questionnaires.toml_table import Table
from screening.errors import InstrumentDefinitionError, NotFound

INSTRUMENT_DIR = Path(__file__).resolve().parent
_INSTRUMENT_ID = re.compile(r"[a-z][a-z0-9]*")
_STATUSES = ("draft", "active", "retired")
_VERSION = re.compile(r"\d+\.\d+\.\d+")


def list_instruments() -> tuple[str, ...]:
    """The ids of the shipped instruments, one file each, sorted."""
    return tuple(sorted(path.stem for path in INSTRUMENT_DIR.glob("*.toml")))


@cache
def load_instrument(instrument_id: str) -> Instrument:
    """The shipped instrument `instrument_id` (e.g. "phq9"), validated, cached."""
    known = list_instruments()
    # Checking against the listing also keeps a caller's id from naming any other path.
    if instrument_id not in known:
        raise NotFound(f"There is no instrument '{instrument_id}'. Known: {', '.join(known)}.")
    return load_file(INSTRUMENT_DIR / f"{instrument_id}.toml")


def load_file(path: Path) -> Instrument:
    """Read and validate one instrument file. Not cached: tests and tools use it too."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InstrumentDefinitionError(f"{path.name}: (file): cannot be read: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise InstrumentDefinitionError(f"{path.name}: (TOML syntax): {error}") from error
    return _instrument(Table(path.name, "", data), path)


def _instrument(root: Table, path: Path) -> Instrument:
    root.only(
        "resourceType", "id", "version", "status", "title", "source", "copyright", "leadIn",
        "code", "subQuestionnaire", "score", "valueSet", "item", "answersFrom",
    )  # fmt: skip
    if root.get("resourceType", "text") != "Questionnaire":
        root.fail("resourceType", 'must be "Questionnaire"')
    instrument_id = root.get("id", "text")
    if not _INSTRUMENT_ID.fullmatch(instrument_id):
        root.fail("id", f"'{instrument_id}' must be lower-case letters and digits, e.g. phq9")
    if instrument_id != path.stem:
        root.fail("id", f"'{instrument_id}' does not match the file name {path.name}")
    if root.get("status", "text") not in _STATUSES:
        root.fail("status", f"must be one of {', '.join(_STATUSES)}")
    value_sets = parse_value_sets(root)
    item_tables = root.tables("item", required=True)
    items: list[Item] = []
    for table in item_tables:
        items.append(parse_item(table, value_sets, items))
    score_table = root.table("score")
    if score_table is None and any(item.scored for item in items):
        root.fail("score", "is missing, but some items have scored = true")
    paths = {item.link_id: table.path for item, table in zip(items, item_tables, strict=True)}
    version = root.get("version", "text")
    return Instrument(
        id=instrument_id,
        version=version,
        title=root.get("title", "text"),
        status=root.get("status", "text"),
        source=root.get("source", "text"),
        copyright=root.get("copyright", "text"),
        lead_in=root.get("leadIn", "text"),
        items=tuple(items),
        code=loinc.codings(root, "code"),
        score=None if score_table is None else parse_score(score_table, tuple(items), paths),
        sub_questionnaires=_sub_questionnaires(root, path),
        answers_from=_answers_from(root, version),
    )


def _answers_from(root: Table, version: str) -> tuple[str, ...]:
    """Earlier versions whose answers this one scores unchanged (same linkIds and option
    values). Listing a version is a clinical sign-off that only wording or bands changed;
    it lets a sitting begun before an upgrade be completed and exported after it."""
    if not _VERSION.fullmatch(version):
        root.fail("version", f"'{version}' must be three whole numbers, e.g. 1.1.0")
    earlier = root.get("answersFrom", "list", [])
    for other in earlier:
        if not isinstance(other, str) or not _VERSION.fullmatch(other):
            root.fail("answersFrom", f'{other!r} must be a version such as "1.0.0"')
        if _numbers(other) >= _numbers(version):
            root.fail("answersFrom", f"'{other}' is not earlier than this file's version {version}")
    if len(set(earlier)) != len(earlier):
        root.fail("answersFrom", "lists a version twice")
    return tuple(earlier)


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _sub_questionnaires(root: Table, path: Path) -> tuple[str, ...]:
    """Other instruments this one reuses (the Vital 5 reuses PHQ-4 and AUDIT-C)."""
    ids = root.get("subQuestionnaire", "list", [])
    for other in ids:
        named = isinstance(other, str) and _INSTRUMENT_ID.fullmatch(other) is not None
        if not named or not (path.parent / f"{other}.toml").is_file():
            root.fail("subQuestionnaire", f"{other!r} has no instrument file beside this one")
    return tuple(ids)
