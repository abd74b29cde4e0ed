"""Named domain errors.

Every error a user can cause is a `ScreeningError` subclass whose message says what
was wrong and what to do next. The edge (a page, the command line) shows the message
as it is; anything that is not a `ScreeningError` is an internal fault, logged without
patient identifiers and shown as a generic failure.
"""

from __future__ import annotations


class ScreeningError(Exception):
    """Base class for errors whose message is safe and useful to show to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidValue(ScreeningError):
    """A value entered or imported is malformed or out of the accepted range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class InstrumentDefinitionError(ScreeningError):
    """An instrument data file in `questionnaires/` is broken."""


class NotFound(ScreeningError):
    """A code or record that the user named does not exist."""


class ConflictError(ScreeningError):
    """The record changed under the user, or the action would duplicate a record."""


class PermissionDenied(ScreeningError):
    """The current user may not do this."""
