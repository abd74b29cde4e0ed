"""An HL7 v2 SIU or ADT^A08 message read into the attendance CSV's columns (issue 18).

`hl7_rows` makes those cells a full row for the CSV's check.

Design decisions:
- Parsed by hl7apy (`parse_message`, groups not resolved: the segments are read by name), then
  turned into the cells of `attendance_rows.ATTENDANCE_COLUMNS`, so the checks and messages are
  exactly the clinic list CSV's (`parse_attendance_row`): nothing is checked twice, differently.
- Mapping (docs/hl7.md has the table):
  SCH-2 filler appointment id (else SCH-1 placer) -> appointment_id; SCH-11.4 start (else the
  first AIS-4) -> appointment_at, an HL7 TS without an offset being London wall-clock time, as
  the CSV's; AIL-3 location: PL.1 point of care -> clinic_code, PL.4 facility -> site_code;
  PID-3 repetitions: type NH or authority NHS -> nhs_number, type MR or PI -> hospital_number;
  PID-5 family^given; PID-7 date of birth; PID-8 -> gender_code; PID-22 ethnic group (the NHS
  2001 code in CE.1); PID-15 primary language (CE.2 text, else CE.1).
- PID-8 is HL7 administrative sex (table 0001), not the NHS Person Stated Gender the product
  stores (clinical reference, section 7, which asks to keep sex and gender apart). Nothing
  better arrives by HL7, so M -> 1, F -> 2, A (ambiguous) -> 9, O, U and N -> X (not known);
  an unmapped value is passed through for the CSV's gender check to refuse.
- Event -> status: S12 (new) and S13/S14 (rescheduled, modified) -> "attended", the product's
  convention for an upcoming appointment (there is no "booked" status); S15 -> "cancelled";
  S26 (no-show) -> "did_not_attend".
- An empty field is left out of `cells`: it says nothing, so it never wipes a stored value
  (`hl7_rows` fills the row).

Pure module: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hl7apy.parser import parse_message

from screening.imports.rules.hl7_values import hl7_date, hl7_moment

SIU_STATUS = {"S12": "attended", "S13": "attended", "S14": "attended", "S15": "cancelled", "S26": "did_not_attend"}
SUPPORTED = {("SIU", event) for event in SIU_STATUS} | {("ADT", "A08")}
SEX_TO_GENDER = {"M": "1", "F": "2", "A": "9", "O": "X", "U": "X", "N": "X"}


class MessageRefused(Exception):
    """The message cannot be read or is not one this listener takes: acknowledged AR."""


@dataclass(frozen=True, slots=True)
class Hl7Message:
    message_type: str  # "SIU" or "ADT"
    event: str  # "S12", "A08", ...
    control_id: str
    cells: dict[str, str]  # the columns the message carries (an empty field is left out)

    @property
    def nhs_number(self) -> str:
        return self.cells.get("nhs_number", "")


def read_message(text: str) -> Hl7Message:
    """The message's type, event, control id and carried cells; `MessageRefused` if unreadable or unsupported."""
    try:
        message = parse_message(text.replace("\n", "\r").strip("\r"), find_groups=False)
        kind, event = _part(message.msh.msh_9, 1), _part(message.msh.msh_9, 2)
        control_id = message.msh.msh_10.to_er7()
    except Exception as error:  # hl7apy raises many kinds; any means "cannot be read"
        raise MessageRefused(f"not a readable HL7 v2 message ({type(error).__name__}).") from None
    if (kind, event) not in SUPPORTED:
        raise MessageRefused(f"{kind}^{event} is not taken here: send SIU^S12/S13/S14/S15/S26 or ADT^A08.")
    segments = {s.name: s for s in reversed(message.children)}  # the first of each name
    cells = _patient_cells(segments.get("PID"))
    if kind == "SIU":
        cells |= _appointment_cells(segments) | {"attendance_status": SIU_STATUS[event]}
    return Hl7Message(kind, event, control_id, {k: v for k, v in cells.items() if v})


def _patient_cells(pid: Any) -> dict[str, str]:
    if pid is None:
        return {}
    cells: dict[str, str] = {}
    for identifier in pid.pid_3:
        value, authority, kind = _part(identifier, 1), _part(identifier, 4), _part(identifier, 5)
        if kind == "NH" or authority == "NHS":
            cells.setdefault("nhs_number", value)
        elif kind in ("MR", "PI"):
            cells.setdefault("hospital_number", value)
    sex = _part(pid.pid_8, 1)
    language = _part(pid.pid_15, 2) or _part(pid.pid_15, 1)
    return cells | {
        "family_name": _part(pid.pid_5, 1), "given_name": _part(pid.pid_5, 2),
        "date_of_birth": hl7_date(_part(pid.pid_7, 1)), "gender_code": SEX_TO_GENDER.get(sex.upper(), sex),
        "ethnic_category": _part(pid.pid_22, 1), "preferred_language": language,
    }  # fmt: skip


def _appointment_cells(segments: dict[str, Any]) -> dict[str, str]:
    sch, ais, ail = segments.get("SCH"), segments.get("AIS"), segments.get("AIL")
    start = (_part(sch.sch_11, 4) if sch is not None else "") or (_part(ais.ais_4, 1) if ais is not None else "")
    location = ail.ail_3 if ail is not None else None
    return {
        "appointment_id": (_part(sch.sch_2, 1) or _part(sch.sch_1, 1)) if sch is not None else "",
        "appointment_at": hl7_moment(start),
        "clinic_code": _part(location, 1) if location is not None else "",
        "site_code": _part(location, 4) if location is not None else "",
    }


def _part(field: Any, component: int) -> str:
    """Component `component` (1-based, first subcomponent) of a field's first repetition, as text."""
    text = field.to_er7() if not isinstance(field, str) else field
    parts = text.split("~")[0].split("^")
    return parts[component - 1].split("&")[0].strip() if component <= len(parts) else ""
