"""What an administrator asks of the audit log: whole London days and a few exact filters.

Design decisions:
- Dates are whole Europe/London days, both ends included, as staff read them on the
  clinic's wall clock. Times are stored in UTC, so the range becomes [start of `date_from`
  in London, start of the day after `date_to` in London) in UTC (`utc_bounds`): the day of
  the spring clock change is 23 hours long, the autumn one 25.
- The action and entity-type filters are codes (`user.`, `auth.sign_in`, `user`), checked
  against a code pattern, so the export's own audit event can record them as they are.
  The actor filter is free text (a username, or "command line"), so the export records
  only whether one was used, never what was typed: an administrator could type anything.
  It is refused when it holds an invisible control character (`screening.text_safety`):
  a NUL would otherwise reach PostgreSQL as a database error.
- A filter left blank is None: "no filter", never "match the empty string".

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from screening.errors import InvalidValue
from screening.text_safety import refuse_unsafe

LONDON = ZoneInfo("Europe/London")
ACTION_PREFIX = re.compile(r"[a-z0-9_.]{1,60}")
ENTITY_TYPE = re.compile(r"[a-z0-9_]{1,40}")
MAX_ACTOR = 60  # the length of the audit table's actor column
MAX_LIMIT = 5000


def _blank_to_none(value: str | None) -> str | None:
    return (value or "").strip().lower() or None


@dataclass(frozen=True)
class AuditFilters:
    date_from: date
    date_to: date
    actor_name: str | None = None
    action_prefix: str | None = None
    entity_type: str | None = None

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise InvalidValue("dates", f"the end ({self.date_to}) is before the start ({self.date_from}).")
        actor, prefix, entity = map(_blank_to_none, (self.actor_name, self.action_prefix, self.entity_type))
        if actor is not None:  # a NUL would reach PostgreSQL as an error; hazard H5's controls likewise
            refuse_unsafe("actor", actor, what_to_do="clear the box and type the username again")
        if actor is not None and len(actor) > MAX_ACTOR:
            raise InvalidValue("actor", f"must be at most {MAX_ACTOR} characters.")
        if prefix is not None and not ACTION_PREFIX.fullmatch(prefix):
            raise InvalidValue("action", "must be the start of an action code, e.g. user. or auth.sign_in.")
        if entity is not None and not ENTITY_TYPE.fullmatch(entity):
            raise InvalidValue("entity type", "must be an entity code, e.g. user or screening_session.")
        object.__setattr__(self, "actor_name", actor)
        object.__setattr__(self, "action_prefix", prefix)
        object.__setattr__(self, "entity_type", entity)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[first instant of `date_from`, first instant after `date_to`) in London, as UTC."""
        first = datetime.combine(self.date_from, time.min, LONDON)
        after = datetime.combine(self.date_to + timedelta(days=1), time.min, LONDON)
        return first.astimezone(UTC), after.astimezone(UTC)

    def export_detail(self) -> dict[str, Any]:
        """The filters as safe audit detail: dates and codes, and only whether an actor was named."""
        detail: dict[str, Any] = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        if self.action_prefix is not None:
            detail["action_prefix"] = self.action_prefix
        if self.entity_type is not None:
            detail["entity_type"] = self.entity_type
        detail["actor_filtered"] = self.actor_name is not None
        return detail


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValue("limit", f"must be from 1 to {MAX_LIMIT} rows.")
    return limit
