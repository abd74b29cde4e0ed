"""An import in short transactions (issue 14): tablets save meanwhile; stopped, it leaves nothing half done.

The import is given the sessionmaker, as the command line and the Imports page give it,
and paused between its steps through its progress callback. At each pause a tablet
saves an answer on a connection of its own that gives up after 200 ms, so the save can
only succeed if the import is not holding the write lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, create_engine, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import Answer, AppMeta, Attendance, AuditEvent, ImportRun, ImportStagedRow, Patient
from questionnaires import load_instrument
from screening.errors import ConflictError
from screening.imports.rules.import_report import ImportResult
from screening.imports.services import import_apply, import_runs
from screening.imports.services.attendance_import import import_attendances
from screening.imports.services.screening_import import import_screenings
from screening.sittings.services.sittings import record_answers
from tests import factories
from tests.import_files import attendance, csv_file, patients, reference_data, sitting, sitting_columns

ROWS = 6


@pytest.fixture(autouse=True)
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches and steps of two rows, so a six-row file pauses between several of each."""
    monkeypatch.setattr(import_runs, "BATCH", 2)
    monkeypatch.setattr(import_apply, "FIRST_STEP", 2)
    monkeypatch.setattr(import_apply, "MIN_STEP", 2)
    monkeypatch.setattr(import_apply, "MAX_STEP", 2)


@pytest.fixture
def sitting_id(session_factory: sessionmaker[Session]) -> int:
    """Sites and clinics, and a tablet's sitting in progress for a patient not in the files."""
    with session_factory.begin() as session:
        reference_data(session)
        person = factories.patient(session, nhs_number=factories.nhs_number(900_000))
        return factories.screening_session(session, patient_id=person.id, status="in_progress").id


@pytest.fixture
def tablet(db_url: str, backend: str) -> Iterator[Engine]:
    """The tablet's own engine: it waits 200 ms at most for a lock, then fails."""
    if backend == "sqlite":
        engine = create_engine(db_url, connect_args={"timeout": 0.2})
    else:
        engine = create_engine(db_url, connect_args={"options": "-c lock_timeout=200"})
    yield engine
    engine.dispose()


def save_answer(tablet: Engine, sitting_id: int, value: int) -> None:
    with Session(tablet) as session, session.begin():
        record_answers(session, sitting_id, {"phq9_1": value}, instrument_id="phq9",
                       instrument_version=load_instrument("phq9").version, actor_user_id=None)  # fmt: skip


def count(sessions: sessionmaker[Session], model: type, *where: object) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def run(sessions: sessionmaker[Session], rows: list[dict[str, str]], progress: Callable[..., None] | None = None,
        **options: object) -> ImportResult:  # fmt: skip
    return import_attendances(sessions, csv_file(rows), progress=progress, **options)  # type: ignore[arg-type]


def test_a_tablet_saves_an_answer_between_every_step_of_an_import(
    session_factory: sessionmaker[Session], sitting_id: int, tablet: Engine
) -> None:
    seen: list[tuple[str, int, int, int]] = []  # stage, rows done, attendances visible, rows staged

    def pause(done: int, expected: int, stage: str = "reading") -> None:
        save_answer(tablet, sitting_id, done % 4)  # raises if the import held the lock for 200 ms
        seen.append((stage, done, count(session_factory, Attendance), count(session_factory, ImportStagedRow)))

    result = run(session_factory, patients(ROWS), pause)
    assert result.applied and result.inserted == ROWS
    # Reading: nothing visible yet, the checked rows staged. Applying: two more rows per step.
    assert seen == [("reading", 2, 0, 2), ("reading", 4, 0, 4), ("reading", 6, 0, 6),
                    ("applying", 2, 2, 4), ("applying", 4, 4, 2), ("applying", 6, 6, 0)]  # fmt: skip
    assert count(session_factory, Answer, Answer.session_id == sitting_id) == 1
    assert count(session_factory, ImportStagedRow) == 0


def test_the_same_save_fails_on_sqlite_when_the_import_runs_in_one_transaction(
    session_factory: sessionmaker[Session], sitting_id: int, tablet: Engine, backend: str
) -> None:
    """The contrast that shows the test above can fail: issue 5's one long write transaction."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL locks rows: a tablet's own sitting is never held by an import")
    failures: list[str] = []

    def pause(done: int, expected: int, stage: str = "reading") -> None:
        if stage == "applying":
            try:
                save_answer(tablet, sitting_id, 1)
            except OperationalError as error:
                failures.append(str(error.orig))

    with session_factory.begin() as session:
        import_attendances(session, csv_file(patients(ROWS)), progress=pause)
    assert failures and all("locked" in failure for failure in failures)


def test_an_import_that_fails_while_checking_leaves_nothing_visible_and_can_be_run_again(
    session_factory: sessionmaker[Session], sitting_id: int
) -> None:
    def fail(done: int, expected: int, stage: str = "reading") -> None:
        if done == 4:
            raise RuntimeError("the server stopped")

    with pytest.raises(RuntimeError):
        run(session_factory, patients(ROWS), fail)
    assert count(session_factory, Attendance) == 0 and count(session_factory, Patient) == 1  # the tablet's
    assert count(session_factory, ImportRun, ImportRun.state == "checking") == 1
    with session_factory.begin() as session:  # as if it had stopped an hour ago
        session.execute(update(ImportRun).values(updated_at=datetime.now(UTC) - timedelta(hours=1)))
    result = run(session_factory, patients(ROWS))
    assert (result.inserted, result.updated, result.unchanged) == (ROWS, 0, 0)
    assert count(session_factory, Attendance) == ROWS
    # The next import cleared the stopped run's staged rows; none of them was applied twice.
    assert count(session_factory, ImportRun, ImportRun.state == "stopped") == 1
    assert count(session_factory, ImportStagedRow) == 0


def test_an_import_stopped_while_applying_is_finished_once_by_the_next_import(
    session_factory: sessionmaker[Session], sitting_id: int
) -> None:
    def stop(done: int, expected: int, stage: str = "reading") -> None:
        if stage == "applying":
            raise KeyboardInterrupt  # stopped after its first step was committed

    with pytest.raises(KeyboardInterrupt):
        run(session_factory, patients(ROWS), stop)
    assert count(session_factory, Attendance) == 2
    later = run(session_factory, [attendance(appointment_id="PAS-0100", nhs_number=factories.nhs_number(100))])
    assert later.inserted == 1 and count(session_factory, Attendance) == ROWS + 1
    with session_factory() as session:
        first = session.scalars(select(ImportRun).order_by(ImportRun.id)).first()
        assert first is not None and (first.state, first.inserted, first.rows_read) == ("done", ROWS, ROWS)
        events = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(first.id),
                                                          AuditEvent.action == "import.attendances")).all()  # fmt: skip
        assert len(events) == 1 and events[0].detail is not None
        assert events[0].detail["finished_after_a_stop"] is True and events[0].detail["inserted"] == ROWS
    assert count(session_factory, ImportStagedRow) == 0


def test_a_dry_run_in_short_transactions_writes_only_its_record(
    session_factory: sessionmaker[Session], sitting_id: int
) -> None:
    result = run(session_factory, patients(ROWS), dry_run=True)
    assert (result.inserted, result.applied) == (ROWS, False)
    assert count(session_factory, Attendance) == 0 and count(session_factory, ImportStagedRow) == 0
    assert count(session_factory, ImportRun, ImportRun.state == "done", ImportRun.dry_run.is_(True)) == 1


def test_an_invalid_row_late_in_the_file_clears_what_was_staged_before_it(
    session_factory: sessionmaker[Session], sitting_id: int
) -> None:
    rows = patients(ROWS)
    rows[-1] |= {"gender_code": "M"}
    result = run(session_factory, rows)
    assert result.refused and count(session_factory, Attendance) == 0
    assert count(session_factory, ImportStagedRow) == 0


def test_historical_screenings_go_in_in_short_steps_too(
    session_factory: sessionmaker[Session], sitting_id: int, tablet: Engine
) -> None:
    run(session_factory, patients(ROWS))
    rows = [sitting(session_ref=f"PAPER-{n}", nhs_number=factories.nhs_number(n)) for n in range(1, ROWS + 1)]
    stages: list[str] = []

    def pause(done: int, expected: int, stage: str = "reading") -> None:
        save_answer(tablet, sitting_id, done % 4)
        stages.append(stage)

    result = import_screenings(session_factory, csv_file(rows, sitting_columns(rows)), progress=pause)
    assert result.applied and result.inserted == ROWS and stages.count("applying") == 3
    assert dict(result.details)["flags_raised"] == ROWS


@pytest.mark.parametrize("service", [import_attendances, import_screenings])
def test_real_data_is_refused_by_a_demo_database_before_anything_is_written(
    session_factory: sessionmaker[Session], sitting_id: int, service: Callable[..., ImportResult]
) -> None:
    with session_factory.begin() as session:
        session.add(AppMeta(key="demo_data", value="true"))
    for target in (session_factory, session_factory()):
        with pytest.raises(ConflictError, match=r"holds the demo service.*point DATABASE_URL at the real database"):
            service(target, csv_file(patients(1)))
    assert count(session_factory, ImportRun) == 0 and count(session_factory, Attendance) == 0


def test_a_reimported_extract_is_only_read_and_every_row_counted_unchanged(
    session_factory: sessionmaker[Session], sitting_id: int
) -> None:
    rows = patients(ROWS)
    run(session_factory, rows)
    rows[-1] |= {"family_name": "Okafor-Mensah"}  # one patient's name changed in the PAS
    stages: list[tuple[str, int]] = []
    result = run(session_factory, rows, lambda done, expected, stage="reading": stages.append((stage, done)))
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, ROWS)
    assert dict(result.details) == {"patients_created": 0, "patients_updated": 1}
    assert [s for s in stages if s[0] == "applying"] == [("applying", 1)]  # only that row was staged
    with session_factory() as session:
        assert (
            session.scalar(select(Patient.family_name).where(Patient.nhs_number == factories.nhs_number(ROWS)))
            == "Okafor-Mensah"
        )
