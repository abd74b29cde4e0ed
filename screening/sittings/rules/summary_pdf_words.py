"""The words of the PDF summary (issue 18): who, where, when, how the sitting was given, its state.

Design decisions:
- Only what the EPR needs to file the document against the right patient (name, NHS number,
  date of birth, hospital number) and what a reader needs to weigh the results: clinic and
  site, date and time in Europe/London, how it was given (clinical reference s9: language of
  administration, interpreter, read-aloud), and whether the sitting was completed or stopped
  early. Never an internal id (sitting, database row, key, user): a document store keeps
  them forever and they mean nothing outside this system.
- A fact the summary does not carry is left out rather than printed as "None".
- A sitting stopped early says what that means for its results (s4: a questionnaire without
  enough answers has no total; flags raised from the answers given stand, s1 v2).

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from datetime import date, datetime

from screening.sittings.rules.clinic_day_policy import LONDON
from screening.sittings.rules.sitting_languages import english_name, interpreter_label, native_name
from screening.sittings.rules.sitting_summaries import SittingSummary

MODES = {"self": "The patient alone on the tablet", "assisted": "With help from staff"}
STOPPED_EARLY = (
    "Stopped early: the patient did not finish. Results cover only the questions answered; a "
    "questionnaire without enough answers has no total. Flags raised from the answers given stand."
)
STATES = {
    "completed": "Completed",
    "in_progress": "Not finished when this document was produced: results may still change.",
    "declined": "Declined: no questions were answered.",
}


def when(moment: datetime) -> str:
    """A moment as London reads it: "20 Nov 2026 11:00"."""
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def nhs_number_shown(number: str) -> str:
    """The NHS number spaced 3-3-4 as printed on NHS documents ("943 476 5919")."""
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number


def _day(born: date) -> str:
    return born.strftime("%d %b %Y")


def patient_lines(summary: SittingSummary) -> tuple[tuple[str, str], ...]:
    """Label and value for each identifier the summary carries, for filing in the EPR."""
    lines = [("Patient", summary.patient_name)]
    if summary.nhs_number:
        lines.append(("NHS number", nhs_number_shown(summary.nhs_number)))
    if summary.date_of_birth:
        lines.append(("Date of birth", _day(summary.date_of_birth)))
    if summary.hospital_number:
        lines.append(("Hospital number", summary.hospital_number))
    return tuple(lines)


def sitting_lines(summary: SittingSummary) -> tuple[tuple[str, str], ...]:
    """Where, when and how the sitting was given, and its state (s9)."""
    named = summary.site and summary.site.casefold() not in summary.clinic.casefold()  # "Guy's Hospital: ..."
    place = f"{summary.clinic}, {summary.site}" if named else summary.clinic
    times = f"started {when(summary.started_at)}"
    if summary.completed_at:
        times += f", completed {when(summary.completed_at)}"
    how = MODES.get(summary.mode, summary.mode)
    if summary.remote:
        how = f"Begun at home from a secure link; {how[0].lower()}{how[1:]}"
    native, english = native_name(summary.language), english_name(summary.language)
    language = native if native == english else f"{native} ({english})"
    return (
        ("Clinic", place),
        ("Date and time", f"{times} (UK time)"),
        ("How it was given", how),
        ("Language", f"{language}; interpreter: {interpreter_label(summary.interpreter_used).lower()}; "
                     f"read aloud: {'yes' if summary.read_aloud_used else 'no'}"),
        ("State", state(summary)),
    )  # fmt: skip


def state(summary: SittingSummary) -> str:
    if summary.status == "abandoned":
        return STOPPED_EARLY
    if summary.status == "declined" and summary.decline_reason:
        return f"Declined ({summary.decline_reason}): no questions were answered."
    return STATES.get(summary.status, summary.status)
