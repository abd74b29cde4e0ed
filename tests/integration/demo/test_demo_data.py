"""Demo data: deterministic, clearly marked, shaped like the service, and scored by the real rules.

Behaviour that touches the database runs on every backend through `db_session`. The
shape of the made-up caseload does not depend on the backend, so those tests share one
SQLite load of 800 patients (`demo`), made once for the module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from demo.data import load_demo_data
from demo.visits import LONDON
from models import (
    Answer,
    AppMeta,
    Attendance,
    Clinic,
    ClinicInvitationSetting,
    Flag,
    FlagAction,
    Patient,
    PatientContact,
    Score,
    ScreeningSession,
    Site,
)
from models.database import make_engine, make_sessionmaker
from screening.errors import ConflictError
from screening.patients.rules import nhs_number
from screening.patients.rules.contact_details import email_address, uk_mobile
from screening.sittings.rules.sitting_results import evaluate_sitting
from tests import factories
from tests.databases import Templates

END = date(2026, 11, 20)  # a Friday
TODAY = datetime(2026, 11, 20, tzinfo=UTC)  # midnight GMT is midnight in London in November
SMALL = 150


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The loader loads only into a database named as the demo (see the refusal test below)."""
    return demo_db_url


@pytest.fixture(scope="module")
def demo(database_templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A committed SQLite demo database of 800 patients, shared by the shape tests."""
    url = database_templates.sqlite_copy(tmp_path_factory.mktemp("demo") / "demo.db")
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with factory.begin() as session:
        load_demo_data(session, seed=11, end=END, patients=800)
    session = factory()
    yield session
    session.close()
    engine.dispose()


KEY = ScreeningSession.idempotency_key  # a sitting's natural key: ids differ between loads on PostgreSQL


def rows(db: Session, *columns: object, join: object = None, order_by: tuple = ()) -> list[tuple]:
    query = select(*columns)
    if join is not None:
        query = query.join(ScreeningSession, ScreeningSession.id == join)
    return list(db.execute(query.order_by(*order_by)).all())


def fingerprint(db: Session) -> dict[str, list[tuple]]:
    """Everything the loader decides, by natural keys."""
    p, a, s = Patient, Attendance, ScreeningSession
    return {
        "patients": rows(db, p.nhs_number, p.hospital_number, p.family_name, p.given_name, p.date_of_birth,
                         p.ethnic_category, p.imd_decile, p.preferred_language, p.pseudo_id,
                         order_by=(p.nhs_number,)),
        "attendances": rows(db, a.source_ref, a.appointment_at, a.status, order_by=(a.source_ref,)),
        "sittings": rows(db, KEY, s.status, s.started_at, s.decline_reason, s.mode, order_by=(KEY,)),
        "answers": rows(db, KEY, Answer.item_id, Answer.value_number, Answer.value_code, Answer.declined,
                        join=Answer.session_id, order_by=(KEY, Answer.item_id)),
        "scores": rows(db, KEY, Score.instrument_id, Score.total, Score.band, Score.value, Score.detail,
                       join=Score.session_id, order_by=(KEY, Score.instrument_id)),
        "flags": rows(db, KEY, Flag.rule_code, Flag.status, Flag.due_at, Flag.outcome, Flag.closed_at,
                      join=Flag.session_id, order_by=(KEY, Flag.rule_code)),
        "contacts": list(db.execute(select(Patient.nhs_number, PatientContact.mobile, PatientContact.email,
                                           PatientContact.no_contact).join(Patient)
                                    .order_by(Patient.nhs_number)).all()),
    }  # fmt: skip


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


# Behaviour, on every backend.


def test_demo_data_is_deterministic_for_a_seed(db_session: Session) -> None:
    load_demo_data(db_session, seed=3, end=END, patients=SMALL)
    first = fingerprint(db_session)
    db_session.rollback()  # the loader never commits: rolling back empties the database again

    load_demo_data(db_session, seed=3, end=END, patients=SMALL)

    assert fingerprint(db_session) == first


def test_another_seed_gives_other_patients(db_session: Session) -> None:
    load_demo_data(db_session, seed=3, end=END, patients=SMALL)
    first = fingerprint(db_session)["patients"]
    db_session.rollback()

    load_demo_data(db_session, seed=4, end=END, patients=SMALL)

    assert fingerprint(db_session)["patients"] != first


def test_demo_data_refuses_a_non_empty_database(db_session: Session) -> None:
    factories.patient(db_session)
    with pytest.raises(ConflictError, match="not empty"):
        load_demo_data(db_session, end=END, patients=SMALL)


def test_demo_data_refuses_the_default_database_for_real_use_whoever_calls_it(
    database_templates: Templates, tmp_path: Path
) -> None:
    engine = make_engine(database_templates.sqlite_copy(tmp_path / "screening.db"))
    with make_sessionmaker(engine)() as session:
        with pytest.raises(ConflictError, match="Demo data goes only into a demo database") as refused:
            load_demo_data(session, end=END, patients=SMALL)
        assert "`make run` uses data/demo.db" in str(refused.value)
        assert count(session, Patient) == 0
    engine.dispose()


def test_the_database_is_marked_as_demo_with_its_seed(db_session: Session) -> None:
    load_demo_data(db_session, seed=5, end=END, patients=SMALL)
    assert db_session.get_one(AppMeta, "demo_data").value == "true"
    assert db_session.get_one(AppMeta, "demo_seed").value == "5"


def test_the_summary_counts_what_was_written(db_session: Session) -> None:
    summary = load_demo_data(db_session, end=END, patients=SMALL)

    flags_closed = db_session.scalar(select(func.count()).where(Flag.status == "closed"))
    completed = db_session.scalar(select(func.count()).where(ScreeningSession.status == "completed"))
    assert (summary.sites, summary.clinics, summary.patients) == (4, 16, SMALL)
    assert summary.attendances == count(db_session, Attendance)
    assert summary.sessions == count(db_session, ScreeningSession)
    assert summary.completed == completed
    assert summary.flags_open + summary.flags_closed == count(db_session, Flag)
    assert summary.flags_closed == flags_closed
    assert "150 patients" in str(summary)


def test_stored_scores_and_flags_are_what_the_rules_make_of_the_stored_answers(db_session: Session) -> None:
    load_demo_data(db_session, end=END, patients=SMALL)
    completed = db_session.execute(
        select(ScreeningSession.id, Patient.ethnic_category).join(Patient).where(ScreeningSession.status == "completed")
    ).all()
    assert completed
    for sitting_id, ethnic_category in completed:
        answers = db_session.scalars(select(Answer).where(Answer.session_id == sitting_id)).all()
        expected = evaluate_sitting(answers, ethnic_category)
        stored_flags = db_session.scalars(select(Flag.rule_code).where(Flag.session_id == sitting_id)).all()
        stored_scores = db_session.scalars(select(Score.instrument_id).where(Score.session_id == sitting_id))
        assert sorted(stored_flags) == sorted(f.code for f in expected.flags)
        measures = {"bp": expected.blood_pressure, "bmi": expected.bmi, "smoking": expected.smoking}
        assert sorted(stored_scores) == sorted(
            [r.instrument_id for r in expected.questionnaires] + [m for m, r in measures.items() if r]
        )


def test_completed_sittings_have_scores_and_declined_ones_have_reasons_and_no_answers(
    db_session: Session,
) -> None:
    load_demo_data(db_session, end=END, patients=SMALL)
    sittings = db_session.scalars(select(ScreeningSession)).all()
    with_scores = set(db_session.scalars(select(Score.session_id)))
    with_answers = set(db_session.scalars(select(Answer.session_id)))
    for s in sittings:
        assert (s.id in with_scores) == (s.status == "completed")
        if s.status == "declined":
            assert s.decline_reason and s.id not in with_answers


# The shape of the caseload, from one shared load.


def test_there_are_four_sites_each_running_the_four_clinic_kinds(demo: Session) -> None:
    rows = demo.execute(select(Site.code, Clinic.specialty, Clinic.bundle).join(Clinic)).all()
    assert sorted({r.code for r in rows}) == ["GUY", "KCH", "PRUH", "STH"]
    assert Counter(r.code for r in rows) == {"GUY": 4, "STH": 4, "KCH": 4, "PRUH": 4}
    bundles = Counter(r.bundle for r in rows)
    assert bundles["full"] > bundles["gateway"] >= 1


def test_demo_nhs_numbers_are_in_the_999_range_and_pass_modulus_11(demo: Session) -> None:
    numbers = demo.scalars(select(Patient.nhs_number)).all()
    assert len(numbers) == 800 == len(set(numbers))
    assert all(n.startswith("999") and nhs_number.is_valid(n) for n in numbers)


def test_hospital_numbers_are_unique_and_start_with_the_site_code(demo: Session) -> None:
    numbers = demo.scalars(select(Patient.hospital_number)).all()
    assert len(numbers) == len(set(numbers))
    assert all(n[:3] in ("GUY", "STH", "KCH") or n.startswith("PRUH") for n in numbers)


def test_sickle_cell_clinics_are_mostly_black_african_and_caribbean(demo: Session) -> None:
    sickle_cell = Patient.diagnosis_group == "Sickle cell disease"
    codes = Counter(demo.scalars(select(Patient.ethnic_category).where(sickle_cell)))
    assert (codes["N"] + codes["M"]) / sum(codes.values()) > 0.6


def test_haemato_oncology_is_mostly_white_british_and_not_recorded_appears_everywhere(demo: Session) -> None:
    haemato_oncology = Patient.diagnosis_group.in_(("Lymphoma", "Myeloma", "Leukaemia"))
    onc = Counter(demo.scalars(select(Patient.ethnic_category).where(haemato_oncology)))
    assert onc.most_common(1)[0][0] == "A"
    everyone = Counter(demo.scalars(select(Patient.ethnic_category)))
    assert everyone["Z"] > 0 and everyone["99"] > 0


def test_sickle_cell_patients_are_younger_than_myeloma_patients(demo: Session) -> None:
    def mean_birth_year(group: str) -> float:
        births = demo.scalars(select(Patient.date_of_birth).where(Patient.diagnosis_group == group)).all()
        return sum(d.year for d in births) / len(births)

    assert mean_birth_year("Sickle cell disease") > mean_birth_year("Myeloma") + 20


def test_ages_are_16_to_90(demo: Session) -> None:
    born = Patient.date_of_birth
    oldest, youngest = demo.execute(select(func.min(born), func.max(born))).one()
    assert youngest <= END - timedelta(days=16 * 365)
    assert oldest >= END - timedelta(days=91 * 366)


def test_imd_deciles_are_more_deprived_in_inner_london_than_at_the_princess_royal(demo: Session) -> None:
    rows = demo.execute(
        select(Site.code, func.avg(Patient.imd_decile))
        .join(Attendance, Attendance.patient_id == Patient.id)
        .join(Clinic, Clinic.id == Attendance.clinic_id)
        .join(Site)
        .group_by(Site.code)
    ).all()  # fmt: skip
    mean = dict(rows)
    assert max(mean["GUY"], mean["STH"], mean["KCH"]) < mean["PRUH"]
    versions = Counter(demo.scalars(select(Patient.imd_version)))
    assert versions["IMD2019"] > 0.9 * 800 and versions[None] > 0


def test_some_non_english_speakers_need_an_interpreter_and_no_english_speaker_does(demo: Session) -> None:
    rows = demo.execute(select(Patient.preferred_language, Patient.interpreter_needed)).all()
    assert not any(needed for language, needed in rows if language == "English")
    assert any(needed for language, needed in rows if language != "English")
    assert Counter(language for language, _ in rows).most_common(1)[0][0] == "English"


def test_sittings_of_patients_needing_an_interpreter_mostly_had_one_and_older_ones_are_sometimes_unrecorded(
    demo: Session,
) -> None:
    rows = demo.execute(
        select(Patient.interpreter_needed, ScreeningSession.interpreter_used, ScreeningSession.started_at,
               ScreeningSession.language)
        .join(Patient, Patient.id == ScreeningSession.patient_id)
    ).all()  # fmt: skip
    needing = Counter(used for needed, used, _, _ in rows if needed)
    assert needing[True] > 2 * needing[False] > 0 and needing[None] > 0
    half_year_ago = datetime.combine(END - timedelta(days=183), datetime.min.time(), tzinfo=UTC)
    assert not any(used is None for needed, used, at, _ in rows if needed and at >= half_year_ago)
    assert not any(used is not None for needed, used, _, _ in rows if not needed)
    assert {language for *_, language in rows} == {"en"}  # no signed translation in the demo


def test_a_quarter_of_the_sittings_filled_in_alone_in_the_last_three_months_were_begun_at_home(
    demo: Session,
) -> None:
    rows = demo.execute(select(ScreeningSession.remote, ScreeningSession.mode, ScreeningSession.started_at)).all()
    since = datetime.combine(END - timedelta(days=91), datetime.min.time(), tzinfo=LONDON)
    today = datetime.combine(END, datetime.min.time(), tzinfo=LONDON)
    recent_alone = [remote for remote, mode, at in rows if mode == "self" and since <= at < today]
    assert 0.15 < sum(recent_alone) / len(recent_alone) < 0.35
    assert not any(remote for remote, mode, at in rows if mode != "self" or at < since or at >= today)


def uptake(demo: Session, *where: object) -> float:
    """Completed sittings per attended appointment before the demo's 'today'."""
    query = (
        select(func.count(Attendance.id), func.count(ScreeningSession.id))
        .select_from(Attendance)
        .join(Patient, Patient.id == Attendance.patient_id)
        .join(Clinic, Clinic.id == Attendance.clinic_id)
        .join(Site, Site.id == Clinic.site_id)
        .outerjoin(
            ScreeningSession,
            (ScreeningSession.attendance_id == Attendance.id) & (ScreeningSession.status == "completed"),
        )
        .where(Attendance.status == "attended", Attendance.appointment_at < TODAY, *where)
    )
    attended, completed = demo.execute(query).one()
    return completed / attended


def test_uptake_differs_by_site(demo: Session) -> None:
    by_site = {code: uptake(demo, Site.code == code) for code in ("GUY", "STH", "KCH", "PRUH")}
    assert by_site["GUY"] - by_site["KCH"] > 0.1


def test_uptake_is_lower_where_an_interpreter_is_needed(demo: Session) -> None:
    needed = Patient.interpreter_needed.is_(True)
    assert uptake(demo, needed) < uptake(demo, ~needed) - 0.1


def test_uptake_is_lower_where_ethnicity_is_not_recorded(demo: Session) -> None:
    not_recorded = Patient.ethnic_category.in_(("Z", "99"))
    assert uptake(demo, not_recorded) < uptake(demo, ~not_recorded)


def test_attendances_are_mostly_attended_with_some_missed_and_cancelled(demo: Session) -> None:
    statuses = Counter(demo.scalars(select(Attendance.status)))
    total = sum(statuses.values())
    assert statuses["attended"] / total > 0.8
    assert 0.05 < statuses["did_not_attend"] / total < 0.15
    assert 0.02 < statuses["cancelled"] / total < 0.08
    refs = demo.scalars(select(Attendance.source_ref)).all()
    assert all(r.startswith("DEMO-") for r in refs)


def test_today_has_attended_appointments_for_the_clinic_list(demo: Session) -> None:
    start = TODAY
    when = Attendance.appointment_at
    today = demo.scalars(select(Attendance.status).where(when >= start, when < start + timedelta(days=1))).all()
    assert len(today) >= 16 and set(today) == {"attended"}
    last = demo.scalar(select(func.max(Attendance.appointment_at)))
    first = demo.scalar(select(func.min(Attendance.appointment_at)))
    assert last < start + timedelta(days=1) and first >= start - timedelta(days=365)


def test_most_phq9_totals_are_low_and_item_9_is_positive_in_a_few_percent(demo: Session) -> None:
    phq9_totals = select(Score.total).where(Score.instrument_id == "phq9", Score.total.is_not(None))
    totals = demo.scalars(phq9_totals).all()
    assert sum(t < 10 for t in totals) / len(totals) > 0.7
    assert any(t >= 20 for t in totals)
    item9 = demo.scalar(select(func.count()).where(Flag.rule_code == "phq9_item9_positive")) or 0
    assert 0.015 < item9 / len(totals) < 0.06


def test_some_items_are_declined_and_some_sittings_declined_or_abandoned(demo: Session) -> None:
    assert demo.scalar(select(func.count()).where(Answer.declined.is_(True)))
    statuses = Counter(demo.scalars(select(ScreeningSession.status)))
    assert statuses["declined"] and statuses["abandoned"] and statuses["completed"] > statuses["declined"]
    declined = ScreeningSession.status == "declined"
    reasons = set(demo.scalars(select(ScreeningSession.decline_reason).where(declined)))
    assert "Language barrier" in reasons and "Not today – feeling unwell" in reasons
    assert set(demo.scalars(select(ScreeningSession.mode))) == {"self", "assisted"}


def test_most_sittings_have_vital_5_measures(demo: Session) -> None:
    completed = demo.scalar(select(func.count()).where(ScreeningSession.status == "completed")) or 0
    with_bp = demo.scalar(select(func.count()).where(Score.instrument_id == "bp")) or 0
    assert with_bp / completed > 0.75


def test_older_flags_are_more_often_closed_and_every_close_has_an_outcome_and_history(demo: Session) -> None:
    flags = demo.scalars(select(Flag)).all()
    cutoff = datetime(2026, 8, 1, tzinfo=UTC)
    old = [f for f in flags if f.created_at < cutoff]
    recent = [f for f in flags if f.created_at >= datetime(2026, 11, 10, tzinfo=UTC)]
    closed_share = lambda group: sum(f.status == "closed" for f in group) / len(group)  # noqa: E731
    assert closed_share(old) > 0.8 > closed_share(recent)
    actions = demo.execute(select(FlagAction.flag_id, FlagAction.action, FlagAction.at).order_by(FlagAction.id)).all()
    history: dict[int, list[tuple[str, datetime]]] = {}
    for flag_id, action, at in actions:
        history.setdefault(flag_id, []).append((action, at))
    for f in flags:
        steps = history[f.id]
        assert steps[0][0] == "created"
        assert [at for _, at in steps] == sorted(at for _, at in steps)
        if f.status == "closed":
            assert f.outcome and f.closed_at and steps[-1][0] == "close"


def test_the_default_load_is_a_four_site_service_of_two_thousand_patients(db_session: Session) -> None:
    # Its load time is a figure the CLI prints (DemoSummary), not a timed assertion.
    summary = load_demo_data(db_session, end=END)
    assert (summary.sites, summary.patients) == (4, 2000)
    assert summary.clinics == 16
    assert count(db_session, Patient) == 2000


def test_the_demo_offers_the_two_test_languages_unsigned_in_demo_mode_only(demo: Session) -> None:
    from screening.languages.services.catalogue import list_languages, offered_languages

    assert [(s.tag, s.test_language, {p.status for p in s.parts}) for s in list_languages(demo)] == [
        ("ar-XB", True, {"not signed off"}), ("en-XA", True, {"not signed off"})]  # fmt: skip
    assert [o.tag for o in offered_languages(demo, demo=True)] == ["en", "en-XA", "ar-XB"]
    assert [o.tag for o in offered_languages(demo, demo=False)] == ["en"]


def test_demo_contacts_are_invented_drama_range_mobiles_and_example_com_emails(demo: Session) -> None:
    stored = demo.execute(select(PatientContact.mobile, PatientContact.email, PatientContact.no_contact)).all()
    mobiles = [m for m, _, _ in stored if m is not None]
    emails = [e for _, e, _ in stored if e is not None]
    assert mobiles and emails
    assert all(m.startswith("07700900") and len(m) == 11 and uk_mobile(m) == m for m in mobiles)
    assert all(e.endswith("@example.com") and email_address(e) == e for e in emails)


def test_most_demo_patients_can_be_invited_a_few_asked_not_to_be_and_some_have_no_details(demo: Session) -> None:
    patients = count(demo, Patient)
    stored = demo.execute(select(PatientContact.mobile, PatientContact.email, PatientContact.no_contact)).all()
    invitable = sum(1 for m, e, refuses in stored if (m or e) and not refuses)
    refusing = sum(1 for _, _, refuses in stored if refuses)
    # The mix (demo.contacts.MIX): 80% reachable, 5% no contact, 15% nothing stored.
    assert 0.7 * patients < invitable < 0.9 * patients
    assert 0.02 * patients < refusing < 0.1 * patients
    assert 0.08 * patients < patients - len(stored) < 0.22 * patients


def test_every_demo_clinic_invites_two_days_before_with_a_reminder_the_day_before(demo: Session) -> None:
    settings = demo.execute(select(ClinicInvitationSetting.invite_days_before,
                                   ClinicInvitationSetting.reminder_days_before)).all()  # fmt: skip
    assert len(settings) == count(demo, Clinic) == 16
    assert set(settings) == {(2, 1)}
