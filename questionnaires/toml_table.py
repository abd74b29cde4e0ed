"""Typed access to one parsed TOML table, failing with "<file>: <field>: <problem>".

Design decision: every read from an instrument file goes through `Table`, which knows
the file and the dotted FHIR-style path of the table (`item[2].answerOption[3]`), so a
broken file always fails with an `InstrumentDefinitionError` that names the file, the
field and the problem, and nothing reads a key without checking its type. Unknown keys
are refused too, because a misspelt key (`requried = false`) silently ignored is
exactly the kind of error a clinical reviewer would not spot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from screening.errors import InstrumentDefinitionError

_MISSING: Any = object()

# Python's bool is an int, so "whole number" and "number" must exclude it explicitly.
_KINDS: Mapping[str, tuple[str, Any]] = {
    "text": ("text", lambda v: isinstance(v, str)),
    "flag": ("true or false", lambda v: isinstance(v, bool)),
    "int": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": (
        "a number",
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    ),
    "code": (
        "a whole number or a text code",
        lambda v: isinstance(v, (int, str)) and not isinstance(v, bool),
    ),
    "list": ("a list", lambda v: isinstance(v, list)),
    "table": ("a table", lambda v: isinstance(v, dict)),
}


def type_name(value: object) -> str:
    return {bool: "true/false", int: "a whole number", float: "a decimal", str: "text"}.get(
        type(value), type(value).__name__
    )


@dataclass(frozen=True)
class Table:
    """One TOML table with the file name and the path that locate it in error messages."""

    file: str
    path: str
    data: Mapping[str, Any]

    def field(self, key: str | None) -> str:
        if key is None:
            return self.path
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str | None, problem: str) -> NoReturn:
        raise InstrumentDefinitionError(f"{self.file}: {self.field(key)}: {problem}")

    def only(self, *allowed: str) -> None:
        """Refuse keys this table may not have (usually a misspelling)."""
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"is not a recognised field (expected one of: {', '.join(allowed)})")

    def get(self, key: str, kind: str, default: Any = _MISSING) -> Any:
        if key not in self.data:
            if default is _MISSING:
                self.fail(key, "is missing")
            return default
        value = self.data[key]
        description, check = _KINDS[kind]
        if not check(value):
            self.fail(key, f"must be {description}, not {type_name(value)} ({value!r})")
        if kind == "text" and not value.strip():
            self.fail(key, "must not be empty")
        return value

    def tables(self, key: str, *, required: bool = False) -> list[Table]:
        """The tables in the list `key` (a TOML array of tables or of inline tables)."""
        raw = self.get(key, "list", _MISSING if required else [])
        if required and not raw:
            self.fail(key, "must not be empty")
        children = []
        for index, entry in enumerate(raw):
            path = f"{self.field(key)}[{index}]"
            if not isinstance(entry, dict):
                raise InstrumentDefinitionError(f"{self.file}: {path}: must be a table")
            children.append(Table(self.file, path, entry))
        return children

    def table(self, key: str) -> Table | None:
        raw = self.get(key, "table", None)
        return None if raw is None else Table(self.file, self.field(key), raw)
