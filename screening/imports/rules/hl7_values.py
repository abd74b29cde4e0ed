"""HL7 v2 dates and times (DT, TS/DTM) as the ISO 8601 text the clinic list CSV carries (issue 18).

Design decisions:
- An HL7 TS is YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]. A date of birth needs the day (YYYYMMDD);
  an appointment needs at least the minute. Fractions of a second are dropped.
- A time without an offset is left without one, so the CSV's reader takes it as London wall-clock
  time (`import_fields.iso_moment`); with an offset it is kept, and the reader turns it into UTC.
- Text that is not in the form is passed on unchanged, for the CSV's reader to refuse with its
  own reason (which never repeats the value).

Pure module: no database.
"""

from __future__ import annotations

import re

TS = re.compile(r"(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?([+-]\d{4})?")
DT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def hl7_date(value: str) -> str:
    """YYYYMMDD (any time after it ignored) as YYYY-MM-DD."""
    found = DT.match(value)
    return f"{found[1]}-{found[2]}-{found[3]}" if found else value


def hl7_moment(value: str) -> str:
    """YYYYMMDDHHMM[SS][.S][+/-ZZZZ] as YYYY-MM-DDTHH:MM:SS[+ZZ:ZZ]."""
    found = TS.fullmatch(value)
    if not found:
        return value
    year, month, day, hour, minute, second, offset = found.groups()
    zone = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone}"
