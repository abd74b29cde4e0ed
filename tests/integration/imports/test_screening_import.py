"""Historical screening import on each database: scored like a live sitting (issue 5)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Answer, Clinic, Flag, FlagAction, Patient, Score, ScreeningSession
from questionnaires import load_instrument
from screening.imports.rules.import_report import ImportResult
from screening.imports.rules.screening_rows import ITEM_COLUMNS, parse_sitting_row
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.screening_import import import_screenings
from screening.sittings.services.completion import complete_session
from screening.sittings.services.sittings import record_answers, start_session
from tests.import_files import attendance, csv_file, reference_data, sitting, sitting_columns

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
# Item 9 answered 1: URGENT; PHQ-9 total 13: ROUTINE; BP 150/95: raised; BMI 31.9: obesity.
FLAGGED = sitting(phq9_9="1", bp_systolic_1="150", bp_diastolic_1="95", weight_kg="90")
DECLINED = sitting(session_ref="PAPER-0002", status="declined", decline_reason="Feeling unwell",
                   **{c: "" for c in ITEM_COLUMNS})  # fmt: skip


@pytest.fixture(autouse=True)
def a_patient_on_the_clinic_list(db_session: Session) -> None:
    reference_data(db_session)
    import_attendances(db_session, csv_file([attendance(appointment_at="2026-03-02T09:30")]))


def run(session: Session, rows: list[dict[str, str]], **options: Any) -> ImportResult:
    return import_screenings(session, csv_file(rows, sitting_columns(rows)), **options)


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def scores(session: Session, sitting_id: int) -> list[tuple[Any, ...]]:
    rows = session.scalars(select(Score).where(Score.session_id == sitting_id).order_by(Score.instrument_id))
    return [(s.instrument_id, s.instrument_version, s.raw_sum, s.total, s.band, s.prorated, s.complete, s.value,
             s.detail) for s in rows]  # fmt: skip


def flags(session: Session, sitting_id: int) -> list[tuple[Any, ...]]:
    rows = session.scalars(select(Flag).where(Flag.session_id == sitting_id).order_by(Flag.rule_code))
    return [(f.rule_code, f.kind, f.priority, f.reason, f.due_at) for f in rows]


def live_sitting(session: Session, row: dict[str, str]) -> int:
    """The same answers given on a tablet and completed by the live service."""
    parsed, _ = parse_sitting_row(2, row, AT)
    assert parsed is not None
    patient_id = session.scalar(select(Patient.id))
    clinic_id = session.scalar(select(Clinic.id).where(Clinic.code == row["clinic_code"]))
    assert patient_id is not None and clinic_id is not None
    live = start_session(session, patient_id=patient_id, clinic_id=clinic_id, attendance_id=None, mode="self",
                         language="English", staff_user_id=None, idempotency_key="live-1", now=AT)  # fmt: skip
    for instrument_id, answers in parsed.answers.items():
        record_answers(session, live.id, answers, instrument_id=instrument_id,
                       instrument_version=load_instrument(instrument_id).version, actor_user_id=None, now=AT)  # fmt: skip
    complete_session(session, live.id, actor="test", actor_user_id=None, now=AT)
    return live.id


def test_an_imported_sitting_gets_exactly_the_scores_and_flags_a_live_one_gets(db_session: Session) -> None:
    result = run(db_session, [FLAGGED])
    assert (result.inserted, result.rejected) == (1, 0)
    imported = db_session.scalar(select(ScreeningSession.id).where(ScreeningSession.source_ref == "PAPER-0001"))
    assert imported is not None
    live = live_sitting(db_session, FLAGGED)
    assert scores(db_session, imported) == scores(db_session, live) and len(scores(db_session, live)) == 5
    assert flags(db_session, imported) == flags(db_session, live)
    assert {f[0] for f in flags(db_session, live)} == {"phq9_item9_positive", "phq9_threshold", "bp_raised",
                                                        "bmi_obesity"}  # fmt: skip


def test_flags_are_recorded_closed_as_historical_import_by_default(db_session: Session) -> None:
    result = run(db_session, [FLAGGED])
    stored = db_session.scalars(select(Flag)).all()
    assert stored and {(f.status, f.outcome) for f in stored} == {("closed", "historical_import")}
    actions = db_session.scalars(select(FlagAction.action).order_by(FlagAction.id)).all()
    assert sorted(actions) == sorted(["created", "close"] * len(stored))
    assert dict(result.details)["flags_closed"] == len(stored) and dict(result.details)["urgent_flags"] == 1


def test_open_flags_leaves_them_open_for_review(db_session: Session) -> None:
    run(db_session, [FLAGGED], open_flags=True)
    assert {f.status for f in db_session.scalars(select(Flag))} == {"open"}
    assert set(db_session.scalars(select(FlagAction.action))) == {"created"}


def test_a_sitting_is_stored_as_imported_and_linked_to_that_days_attendance(db_session: Session) -> None:
    run(db_session, [sitting()])
    stored = db_session.scalar(select(ScreeningSession))
    assert stored is not None
    assert (stored.source, stored.status, stored.completed_at, stored.bundle) == ("import", "completed", AT, "full")
    assert stored.attendance_id is not None
    assert count(db_session, Answer) == 9 + 7 + 5  # PHQ-9 items 1-9, GAD-7, five Vital 5 measures


def test_a_declined_sitting_keeps_its_reason_and_has_no_scores(db_session: Session) -> None:
    run(db_session, [DECLINED])
    stored = db_session.scalar(select(ScreeningSession))
    assert stored is not None and (stored.status, stored.decline_reason, stored.completed_at) == (
        "declined", "Feeling unwell", None)  # fmt: skip
    assert stored.ended_at == AT and count(db_session, Score) == 0


def test_importing_the_same_file_twice_changes_nothing(db_session: Session) -> None:
    run(db_session, [FLAGGED, DECLINED])
    before = (count(db_session, ScreeningSession), count(db_session, Score), count(db_session, Flag))
    result = run(db_session, [FLAGGED, DECLINED])
    assert (result.inserted, result.updated, result.unchanged, result.rejected) == (0, 0, 2, 0)
    assert (count(db_session, ScreeningSession), count(db_session, Score), count(db_session, Flag)) == before


def test_a_sitting_reimported_with_different_answers_is_refused_not_changed(db_session: Session) -> None:
    run(db_session, [sitting()])
    (error,) = run(db_session, [sitting(phq9_1="3")], skip_invalid=True).errors
    assert error.column == "session_ref" and "cannot be changed" in error.reason
    assert db_session.scalar(select(Answer.value_number).where(Answer.item_id == "phq9_1")) == 2


def test_a_patient_not_on_any_clinic_list_is_refused_with_what_to_do(db_session: Session) -> None:
    (error,) = run(db_session, [sitting(nhs_number="9990000018")]).errors
    assert error.column == "nhs_number" and "import-attendances" in error.reason
    assert "9990000018" not in error.reason


def test_an_unknown_clinic_says_how_to_create_it(db_session: Session) -> None:
    (error,) = run(db_session, [sitting(clinic_code="STH-GEN")]).errors
    assert error.column == "clinic_code" and "python -m screening add-clinic" in error.reason


def test_a_row_the_scoring_engine_refuses_is_that_rows_error(db_session: Session) -> None:
    result = run(db_session, [sitting(bp_systolic_1="80", bp_diastolic_1="90")])
    (error,) = result.errors
    assert result.refused and "must be higher than diastolic" in error.reason
    assert count(db_session, ScreeningSession) == 0


def test_one_invalid_row_means_nothing_is_imported(db_session: Session) -> None:
    result = run(db_session, [sitting(), sitting(session_ref="PAPER-0002", phq9_1="9")])
    assert result.refused and [(e.line, e.column) for e in result.errors] == [(3, "phq9_1")]
    assert count(db_session, ScreeningSession) == 0 and count(db_session, Answer) == 0


def test_skip_invalid_imports_the_valid_sittings_and_reports_the_rest(db_session: Session) -> None:
    rejected = io.StringIO()
    result = run(db_session, [sitting(), sitting(session_ref="PAPER-0002", phq9_1="9")], skip_invalid=True,
                 rejected=rejected)  # fmt: skip
    assert (result.inserted, result.rejected) == (1, 1) and count(db_session, ScreeningSession) == 1
    assert "PAPER-0002" in rejected.getvalue() and "phq9_1:" in rejected.getvalue()


def test_a_dry_run_writes_no_sitting_score_or_flag(db_session: Session) -> None:
    result = run(db_session, [FLAGGED, DECLINED], dry_run=True)
    assert (result.inserted, result.applied) == (2, False)
    assert count(db_session, ScreeningSession) == count(db_session, Score) == count(db_session, Flag) == 0


def test_a_bmi_under_12_or_over_70_is_refused_because_the_import_cannot_ask_staff_to_confirm_it(
    db_session: Session,
) -> None:
    # 1.68 m and 33.6 kg: 33.6 / 1.68^2 = 11.90, under 12 (s5 v2; docs/command-line.md: import-screenings)
    result = run(db_session, [sitting(weight_kg="33.6")])
    (error,) = result.errors
    assert result.refused and (error.line, error.column) == (2, "weight_kg")
    assert "stored only after staff confirm it, which an import cannot ask" in error.reason
    assert count(db_session, ScreeningSession) == 0
    assert run(db_session, [sitting(weight_kg="", height_m="")]).inserted == 1  # blank measures: the rest imports
