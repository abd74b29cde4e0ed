"""The columns of the uptake summary (`models.uptake_days`), shared by the table and the
rules that work its rows out (`summary_rows`), which must agree column for column."""

from __future__ import annotations

UNITS: tuple[str, ...] = ("patient", "site", "clinic")
PATIENT_VALUES: tuple[str, ...] = (
    "ethnic_category",
    "imd_decile",
    "gender_code",
    "preferred_language",
    "interpreter_needed",
    "diagnosis_group",
)
# The values a changed patient's rows take in place (`models.uptake_days.UptakeValues`, issue 19):
# every breakdown value but the diagnosis group, which is in the key of the per-site totals.
IN_PLACE_VALUES: tuple[str, ...] = tuple(name for name in PATIENT_VALUES if name != "diagnosis_group")
EVENTS: tuple[str, ...] = (
    "attended",
    "offered",
    "screened",
    "declined",
    "assisted",
    "flagged",
    "late",
    "unresolved",
    "remote",
)
DAYS: tuple[str, ...] = ("day", "prev_day", *(f"next_{e}" for e in EVENTS))
COLUMNS: tuple[str, ...] = (
    "unit", "day", "patient_id", "place_id", "prev_day", *(f"next_{e}" for e in EVENTS), *PATIENT_VALUES, "age_attended",
)  # fmt: skip
