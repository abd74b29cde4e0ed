"""Export rows: pseudonymised by default, identifiers only when asked, spreadsheet-safe."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

import pytest

from screening.csv_safety import safe_row
from screening.exports.rules.export_columns import IDENTIFIABLE_COLUMNS, PSEUDONYMISED_COLUMNS, export_row
from screening.exports.rules.export_files import write_csv
from screening.exports.rules.pseudonyms import pseudonym
from tests.sitting_records import (
    FLAG_ROUTINE,
    FLAG_SIGNPOST,
    FLAG_URGENT,
    FORMULA,
    NHS_NUMBER,
    score,
    sitting,
    with_patient,
)  # fmt: skip

KEY = "k" * 40


def test_a_pseudonymised_row_has_the_pseudonym_and_age_band_and_no_identifiers() -> None:
    record = sitting()
    row = export_row(record, key=KEY, identifiable=False)
    assert tuple(row) == PSEUDONYMISED_COLUMNS
    assert row["pseudonym"] == pseudonym(record.patient.pseudo_id, KEY)
    assert row["age_band"] == "35-44"  # born 17 May 1990, sat on 1 July 2026: 36
    text = "|".join(str(v) for v in row.values())
    for identifier in (NHS_NUMBER, "H0001234", "Okafor", "Ada", "1990-05-17", str(record.sitting_id)):
        assert identifier not in text


def test_an_identifiable_row_adds_the_identifiers_in_front() -> None:
    row = export_row(sitting(decline_reason="Not today"), key=KEY, identifiable=True)
    assert tuple(row) == IDENTIFIABLE_COLUMNS
    assert IDENTIFIABLE_COLUMNS[-len(PSEUDONYMISED_COLUMNS) :] == PSEUDONYMISED_COLUMNS
    identifiers = (row["nhs_number"], row["family_name"], row["date_of_birth"])
    assert identifiers == (NHS_NUMBER, "Okafor", "1990-05-17")
    assert (row["sitting_id"], row["decline_reason"]) == (41, "Not today")


@pytest.mark.parametrize(
    ("interpreter", "read_aloud", "expected"),
    [(True, True, ("Y", "Y")), (False, False, ("N", "N")), (None, False, (None, "N"))],  # None: not recorded
)
def test_a_row_says_how_the_sitting_was_given_language_tag_interpreter_and_read_aloud(
    interpreter: bool | None, read_aloud: bool, expected: tuple[str | None, str]
) -> None:
    record = sitting(language="so", interpreter_used=interpreter, read_aloud_used=read_aloud)
    for identifiable in (False, True):
        row = export_row(record, key=KEY, identifiable=identifiable)
        assert (row["language"], (row["interpreter_used"], row["read_aloud_used"])) == ("so", expected)


def test_the_sitting_date_is_the_london_date_it_started() -> None:
    # Started 30 June 23:30 UTC, which is 1 July 00:30 BST.
    assert export_row(sitting(), key=KEY, identifiable=False)["sitting_date"] == "2026-07-01"


def test_demographic_groups_come_from_the_nhs_codes() -> None:
    row = export_row(with_patient(sitting(), ethnic_category="H", interpreter_needed=True), key=KEY,
                     identifiable=False)  # fmt: skip
    assert (row["ethnic_category"], row["ethnic_group"], row["interpreter_needed"]) == ("H", "Asian", "Y")
    row = export_row(with_patient(sitting(), ethnic_category="Z"), key=KEY, identifiable=False)
    assert row["ethnic_group"] == "Not stated"  # s7: not recorded is its own group


def test_scores_show_total_band_prorated_and_completeness_and_blank_when_not_asked() -> None:
    record = sitting(scores=(
        score("phq9", 14, "moderate", prorated=True, raw_sum=11),
        score("gad7", None, complete=False),
        score("bp", None, "raised", value=142.0, detail="142/91"),
        score("bmi", None, "obesity class 1", value=31.2),
        score("smoking", None, "Current smoker", detail="1"),
    ))  # fmt: skip
    row = export_row(record, key=KEY, identifiable=False)
    assert [row[f"phq9_{p}"] for p in ("total", "band", "prorated", "complete")] == [14, "moderate", "Y", "Y"]
    assert [row[f"gad7_{p}"] for p in ("total", "band", "prorated", "complete")] == [None, None, "N", "N"]
    assert [row[f"phq4_{p}"] for p in ("total", "band", "prorated", "complete")] == [None] * 4
    assert (row["bp_recorded"], row["bp_band"], row["bmi"], row["bmi_band"]) == (
        "142/91",
        "raised",
        31.2,
        "obesity class 1",
    )
    assert (row["smoking_status"], row["smoking_label"]) == ("1", "Current smoker")


def test_flags_are_listed_as_codes_with_priority_most_urgent_first() -> None:
    row = export_row(sitting(flags=(FLAG_SIGNPOST, FLAG_ROUTINE, FLAG_URGENT)), key=KEY, identifiable=False)
    assert row["flag_count"] == 3
    assert row["highest_priority"] == "urgent"
    assert row["flags"] == "phq9_item9_positive:urgent;phq9_threshold:routine;bp_raised:signpost"


def test_a_sitting_without_flags_has_a_zero_count_and_blank_flags() -> None:
    row = export_row(sitting(), key=KEY, identifiable=False)
    assert (row["flag_count"], row["highest_priority"], row["flags"]) == (0, None, None)


def test_a_formula_in_a_family_name_is_neutralised_in_the_identifiable_csv(tmp_path: Path) -> None:
    record = with_patient(sitting(), family_name=FORMULA, given_name="@SUM(A1)")
    out = tmp_path / "export.csv"
    write_csv(out, IDENTIFIABLE_COLUMNS, [safe_row(export_row(record, key=KEY, identifiable=True))])
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["family_name"] == "'" + FORMULA
    assert row["given_name"] == "'@SUM(A1)"
    assert not any(cell.lstrip(" ").startswith(("=", "+", "-", "@")) for cell in row.values())


def test_every_patient_field_is_accounted_for_in_one_mode_or_the_other() -> None:
    # A new patient field must be placed deliberately, not leak into the pseudonymised file.
    pseudonymised_fields = {"pseudo_id", "gender_code", "ethnic_category", "imd_decile", "imd_version",
                            "preferred_language", "interpreter_needed", "diagnosis_group"}  # fmt: skip
    identifying_fields = {"nhs_number", "hospital_number", "family_name", "given_name", "date_of_birth"}
    assert set(asdict(sitting().patient)) == pseudonymised_fields | identifying_fields
    assert identifying_fields <= set(IDENTIFIABLE_COLUMNS) - set(PSEUDONYMISED_COLUMNS)
