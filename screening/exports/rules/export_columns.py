"""One export row per sitting: the columns, pseudonymised by default.

Design decisions:
- Pseudonymised rows carry the keyed pseudonym (`screening.exports.rules.pseudonyms`), an age band on
  the sitting date (`screening.patients.rules.age_bands`) and demographic GROUPS (clinical reference,
  section 7): never the NHS number, hospital number, names, date of birth, the database's
  own sitting id (the one link back is the pseudonym, which needs the key) or free text
  (a decline reason is typed by staff and may name someone).
- Identifiable rows add those identifiers, the sitting id and the decline reason in
  front; everything else is the same, so the two files line up column for column.
- Scores as stored (clinical reference, sections 1-5): total, band, whether prorated
  (section 4: "prorated" goes wherever the total goes) and complete; an instrument the
  sitting did not include is blank, an incomplete one has complete = N and no total.
  Flags as codes with their priority (section 6), most urgent first.
- How the sitting was given (issue 16, clinical reference s9): `language` is the BCP 47
  tag of the language of administration ("en", "so"), `interpreter_used` Y, N or blank
  (not recorded), `read_aloud_used` Y or N.
- How the sitting was begun (issue 17): `mode` keeps its meaning, who filled in the
  questionnaire ("self": the patient alone, "assisted": with staff); `remote` is Y for a
  sitting begun from a secure link before the visit (the patient at home, or resumed on the
  clinic tablet after), else N. The dashboard's "How screened" counts a remote sitting as
  remote whatever its mode. No contact details (mobile, email) are ever exported.
- Cells are values, not yet CSV-safe: the writer passes every row through
  `screening.csv_safety.safe_row`. Pure module.
"""

from __future__ import annotations

from typing import Any

from screening.clinical.rules.codes import ETHNIC_GROUPS, FLAG_PRIORITIES
from screening.exports.rules.export_records import SittingRecord
from screening.exports.rules.pseudonyms import pseudonym
from screening.patients.rules.age_bands import age_band

QUESTIONNAIRES = ("phq9", "gad7", "phq4", "auditc")
IDENTIFIERS = (
    "sitting_id", "nhs_number", "hospital_number", "family_name", "given_name", "date_of_birth",
    "decline_reason",
)  # fmt: skip
SITTING = (
    "pseudonym", "sitting_date", "site_code", "clinic_code", "specialty", "bundle", "status", "mode",
    "remote", "language", "interpreter_used", "read_aloud_used",
)  # fmt: skip
DEMOGRAPHICS = (
    "age_band", "gender_code", "ethnic_category", "ethnic_group", "imd_decile", "imd_version",
    "preferred_language", "interpreter_needed", "diagnosis_group",
)  # fmt: skip
SCORES = tuple(f"{q}_{part}" for q in QUESTIONNAIRES for part in ("total", "band", "prorated", "complete"))
VITAL5 = ("bp_recorded", "bp_band", "bmi", "bmi_band", "smoking_status", "smoking_label")
FLAGS = ("flag_count", "highest_priority", "flags")
PSEUDONYMISED_COLUMNS: tuple[str, ...] = SITTING + DEMOGRAPHICS + SCORES + VITAL5 + FLAGS
IDENTIFIABLE_COLUMNS: tuple[str, ...] = IDENTIFIERS + PSEUDONYMISED_COLUMNS


def columns(*, identifiable: bool) -> tuple[str, ...]:
    return IDENTIFIABLE_COLUMNS if identifiable else PSEUDONYMISED_COLUMNS


def export_row(record: SittingRecord, *, key: str, identifiable: bool) -> dict[str, Any]:
    """The row for one sitting, keyed by `columns(identifiable=...)`."""
    p = record.patient
    row: dict[str, Any] = {
        "pseudonym": pseudonym(p.pseudo_id, key),
        "sitting_date": record.sitting_date.isoformat(),
        "site_code": record.site_code, "clinic_code": record.clinic_code,
        "specialty": record.specialty, "bundle": record.bundle, "status": record.status,
        "mode": record.mode, "remote": _yes_no(record.remote), "language": record.language,
        "interpreter_used": _yes_no(record.interpreter_used), "read_aloud_used": _yes_no(record.read_aloud_used),
        "age_band": age_band(p.date_of_birth, record.sitting_date),
        "gender_code": p.gender_code, "ethnic_category": p.ethnic_category,
        "ethnic_group": ETHNIC_GROUPS[p.ethnic_category], "imd_decile": p.imd_decile,
        "imd_version": p.imd_version, "preferred_language": p.preferred_language,
        "interpreter_needed": _yes_no(p.interpreter_needed), "diagnosis_group": p.diagnosis_group,
    }  # fmt: skip
    row.update(_scores(record))
    row.update(_vital5(record))
    row.update(_flags(record))
    if identifiable:
        row.update({
            "sitting_id": record.sitting_id, "nhs_number": p.nhs_number,
            "hospital_number": p.hospital_number, "family_name": p.family_name,
            "given_name": p.given_name, "date_of_birth": p.date_of_birth.isoformat(),
            "decline_reason": record.decline_reason,
        })  # fmt: skip
    return {column: row.get(column) for column in columns(identifiable=identifiable)}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Y" if value else "N")


def _scores(record: SittingRecord) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for q in QUESTIONNAIRES:
        s = record.score(q)
        cells[f"{q}_total"] = s.total if s else None
        cells[f"{q}_band"] = s.band if s else None
        cells[f"{q}_prorated"] = _yes_no(s.prorated) if s else None
        cells[f"{q}_complete"] = _yes_no(s.complete) if s else None
    return cells


def _vital5(record: SittingRecord) -> dict[str, Any]:
    bp, bmi, smoking = record.score("bp"), record.score("bmi"), record.score("smoking")
    return {
        "bp_recorded": bp.detail if bp else None, "bp_band": bp.band if bp else None,
        "bmi": bmi.value if bmi else None, "bmi_band": bmi.band if bmi else None,
        "smoking_status": smoking.detail if smoking else None,
        "smoking_label": smoking.band if smoking else None,
    }  # fmt: skip


def _flags(record: SittingRecord) -> dict[str, Any]:
    ordered = sorted(record.flags, key=lambda f: (FLAG_PRIORITIES.index(f.priority), f.rule_code))
    return {
        "flag_count": len(ordered),
        "highest_priority": ordered[0].priority if ordered else None,
        "flags": ";".join(f"{f.rule_code}:{f.priority}" for f in ordered) or None,
    }
