"""One historical sitting row checked into answers, as a tablet's answers are (issue 5)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from questionnaires import load_instrument
from screening.clinical.rules.answers import DECLINED
from screening.imports.rules.import_report import RowError
from screening.imports.rules.screening_rows import ITEM_COLUMNS, SITTING_COLUMNS, SittingRow, parse_sitting_row
from tests.import_files import BAD_CHECK_DIGIT, sitting

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOT_ASKED = {c: "" for c in ITEM_COLUMNS}


def parsed(**fields: str) -> SittingRow:
    row, errors = parse_sitting_row(2, sitting(**fields), NOW)
    assert errors == [] and row is not None
    return row


def refused(**fields: str) -> list[RowError]:
    row, errors = parse_sitting_row(5, sitting(**fields), NOW)
    assert row is None and errors
    return errors


def columns(errors: list[RowError]) -> list[str]:
    return [e.column for e in errors]


def test_the_item_columns_are_the_instruments_own_link_ids() -> None:
    expected = [f"phq9_{n}" for n in range(1, 11)] + [f"gad7_{n}" for n in range(1, 9)]
    expected += [f"phq4_{n}" for n in range(1, 5)] + [f"auditc_{n}" for n in range(1, 4)]
    expected += [f"bp_{kind}_{n}" for n in (1, 2, 3) for kind in ("systolic", "diastolic")]
    expected += ["height_m", "weight_kg", "smoking_status"]
    assert sorted(ITEM_COLUMNS) == sorted(expected)
    assert SITTING_COLUMNS == (
        "session_ref", "nhs_number", "clinic_code", "completed_at", "status", "decline_reason", "mode",
    )  # fmt: skip


def test_a_completed_row_gives_typed_answers_by_instrument() -> None:
    row = parsed()
    assert row.answers["phq9"]["phq9_1"] == 2 and type(row.answers["phq9"]["phq9_1"]) is int
    assert row.answers["vital5"]["bp_systolic_1"] == 132 and row.answers["vital5"]["height_m"] == 1.68
    assert row.answers["vital5"]["smoking_status"] == "4"
    assert set(row.answers) == {"phq9", "gad7", "vital5"}
    assert row.at == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_a_blank_cell_is_not_asked_and_stores_nothing() -> None:
    assert "gad7" not in parsed(**{f"gad7_{n}": "" for n in range(1, 8)}).answers


def test_declined_is_stored_as_prefer_not_to_answer_never_as_zero() -> None:
    assert parsed(phq9_9="Declined").answers["phq9"]["phq9_9"] == DECLINED


def test_smoking_status_cannot_be_declined_because_z_is_how_a_patient_declines() -> None:
    assert columns(refused(smoking_status="declined")) == ["smoking_status"]


def test_smoking_status_codes_are_matched_in_capitals() -> None:
    assert parsed(smoking_status="z").answers["vital5"]["smoking_status"] == "Z"


@pytest.mark.parametrize("cell", ["4", "-1", "1.0", "two"])
def test_a_phq9_answer_outside_0_to_3_is_refused_naming_what_is_accepted(cell: str) -> None:
    errors = refused(phq9_1=cell)
    assert columns(errors) == ["phq9_1"] and "accepted" in errors[0].reason


def test_spaces_around_an_answer_are_trimmed() -> None:
    assert parsed(phq9_1=" 3 ").answers["phq9"]["phq9_1"] == 3


@pytest.mark.parametrize(
    ("column", "cell", "accepted"),
    [
        ("bp_systolic_1", "59", False), ("bp_systolic_1", "60", True), ("bp_systolic_1", "300", True),
        ("bp_systolic_1", "301", False), ("bp_diastolic_1", "29", False), ("bp_diastolic_1", "30", True),
        ("bp_systolic_1", "132.5", False), ("height_m", "0.49", False), ("height_m", "0.5", True),
        ("height_m", "2.5", True), ("height_m", "2.51", False), ("weight_kg", "1.9", False),
        ("weight_kg", "400", True), ("weight_kg", "401", False), ("weight_kg", "nan", False),
        ("weight_kg", "heavy", False),
    ],
)  # fmt: skip
def test_measures_keep_to_the_plausible_entry_ranges(column: str, cell: str, accepted: bool) -> None:
    # Each value alone (the other of height and weight blank, so no BMI is judged: that is
    # tested below); whether systolic is above diastolic is the scoring engine's check.
    alone = {"height_m": {"weight_kg": ""}, "weight_kg": {"height_m": ""}}.get(column, {})
    row, errors = parse_sitting_row(2, sitting(**{column: cell, **alone}), NOW)
    assert (row is not None) is accepted
    assert accepted or columns(errors) == [column]


def test_a_declined_sitting_needs_a_reason_and_no_answers() -> None:
    row = parsed(**NOT_ASKED, status="declined", decline_reason="Feeling unwell")
    assert (row.status, row.decline_reason, row.answers) == ("declined", "Feeling unwell", {})
    assert columns(refused(**NOT_ASKED, status="declined")) == ["decline_reason"]
    assert columns(refused(status="declined", decline_reason="Busy")) == ["status"]


def test_a_completed_sitting_needs_an_answer_and_no_decline_reason() -> None:
    assert columns(refused(**NOT_ASKED)) == ["status"]
    assert columns(refused(decline_reason="Busy")) == ["decline_reason"]


@pytest.mark.parametrize("cell", ["abandoned", "in_progress", ""])
def test_only_completed_and_declined_sittings_are_imported(cell: str) -> None:
    assert columns(refused(status=cell)) == ["status"]


@pytest.mark.parametrize(("cell", "accepted"), [("self", True), ("assisted", True), ("Assisted", True),
                                                ("staff", False), ("", False)])  # fmt: skip
def test_mode_is_self_or_assisted(cell: str, accepted: bool) -> None:
    row, errors = parse_sitting_row(2, sitting(mode=cell), NOW)
    assert (row is not None) is accepted and (accepted or columns(errors) == ["mode"])


def test_a_sitting_in_the_future_is_refused() -> None:
    assert columns(refused(completed_at="2026-11-21T09:00")) == ["completed_at"]


def test_an_nhs_number_failing_the_check_digit_is_refused_without_echoing_it() -> None:
    errors = refused(nhs_number=BAD_CHECK_DIGIT)
    assert columns(errors) == ["nhs_number"] and BAD_CHECK_DIGIT not in errors[0].reason


def test_every_problem_in_a_row_is_reported() -> None:
    errors = refused(phq9_1="7", gad7_2="x", mode="staff", completed_at="soon")
    assert sorted(columns(errors)) == ["completed_at", "gad7_2", "mode", "phq9_1"]


def test_answers_carry_the_installed_instrument_items_only() -> None:
    # Every item column belongs to exactly one installed instrument.
    owners = [i for c in ITEM_COLUMNS for i in ("phq9", "gad7", "phq4", "auditc", "vital5")
              if c in load_instrument(i).link_ids]  # fmt: skip
    assert len(owners) == len(ITEM_COLUMNS)


@pytest.mark.parametrize(
    ("weight", "bmi"),
    [
        ("33.8", "12.0"),  # 33.8 / 1.68^2 = 11.98 -> 12.0: the end itself needs no confirmation
        ("197.5", "70.0"),  # 197.5 / 1.68^2 = 69.98 -> 70.0
    ],
)
def test_an_imported_bmi_from_12_to_70_is_stored(weight: str, bmi: str) -> None:
    assert parsed(weight_kg=weight).answers["vital5"]["weight_kg"] == float(weight)


@pytest.mark.parametrize(
    ("weight", "bmi"),
    [
        ("33.6", "11.9"),  # 33.6 / 1.68^2 = 11.90: under 12
        ("197.9", "70.1"),  # 197.9 / 1.68^2 = 70.12 -> 70.1: over 70
    ],
)
def test_an_imported_bmi_under_12_or_over_70_is_refused_because_an_import_cannot_ask_staff_to_confirm_it(
    weight: str, bmi: str
) -> None:
    (error,) = refused(weight_kg=weight)
    assert (error.line, error.column) == (5, "weight_kg")
    assert error.reason == (
        f"height_m and weight_kg give a BMI of {bmi}. A BMI under 12 or over 70 is stored only after staff "
        "confirm it, which an import cannot ask: check the measures at source; to import the rest of this "
        "sitting, leave height_m and weight_kg blank."
    )


@pytest.mark.parametrize("weight", ["28.0", "282.5"])  # 28 / 1.68^2 = 9.9; 282.5 / 1.68^2 = 100.1
def test_an_imported_bmi_outside_10_to_100_is_refused_as_implausible(weight: str) -> None:
    (error,) = refused(weight_kg=weight)
    assert error.column == "weight_kg" and "outside the accepted 10 to 100" in error.reason


def test_a_declined_or_missing_height_leaves_the_weight_unjudged_by_bmi() -> None:
    assert parsed(height_m="declined", weight_kg="30").answers["vital5"]["weight_kg"] == 30.0
    assert parsed(height_m="", weight_kg="30").answers["vital5"]["weight_kg"] == 30.0
