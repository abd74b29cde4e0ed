"""Stored scores in words for review screens: "PHQ-9 21 (severe, prorated)", "BP 182/121 (severe)".

Design decision: one wording for every review screen, built only from scores (never from
patient identifiers), with "prorated" beside any prorated total wherever it is shown
(clinical reference s4, D3) and "incomplete" where the rules gave no total (s4, D4), so
a missing total never reads as a low one.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

NAMES: Mapping[str, str] = MappingProxyType({"phq9": "PHQ-9", "gad7": "GAD-7", "phq4": "PHQ-4", "auditc": "AUDIT-C"})
QUESTIONNAIRES: tuple[str, ...] = ("phq9", "gad7", "phq4", "auditc")  # the order screens list them in
MEASURES: tuple[str, ...] = ("bp", "bmi", "smoking")  # Vital 5 measures stored as scores


def total_words(instrument_id: str, total: int | None, band: str | None, prorated: bool = False) -> str:
    """ "PHQ-9 21 (severe)"; "PHQ-9 19 (moderately severe, prorated)"; "GAD-7 incomplete"."""
    name = NAMES.get(instrument_id, instrument_id)
    if total is None:
        return f"{name} incomplete"
    notes = ", ".join(part for part in (band, "prorated" if prorated else None) if part)
    return f"{name} {total} ({notes})" if notes else f"{name} {total}"


def measure_words(measure: str, *, value: float | None, band: str | None, detail: str | None) -> str:
    """A Vital 5 measure as stored (results_rows): BP reading, BMI value, smoking label."""
    if measure == "bp":
        return f"Blood pressure {detail} mmHg ({band})"
    if measure == "bmi":
        return f"BMI {value:.1f} ({band})"
    if measure == "smoking":
        return f"Smoking: {band}"
    raise ValueError(f"unknown Vital 5 measure {measure!r}")
