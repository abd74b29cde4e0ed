"""The staff summary of a sitting: results, flags urgent first with next steps, checked by site."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from models import Patient, Site
from questionnaires import load_instrument
from screening.access.services.accounts import load_current_user
from screening.errors import NotFound, PermissionDenied
from screening.sittings.services.completion import complete_session
from screening.sittings.services.measurements import record_vital5
from screening.sittings.services.sitting_summary import record_summary_printed, sitting_summary
from screening.sittings.services.sittings import record_answers
from tests import factories
from tests.clinic_days import NOW, a_clinic_day, a_started_sitting, audit


@pytest.fixture
def completed(db_session: Session):
    day = a_clinic_day(db_session, family_name="Okafor", given_name="Ada", hospital_number="H1")
    sitting_id = a_started_sitting(db_session, day)
    # PHQ-9: items 1-8 at 2 and item 9 at 1 = 17, moderately severe, ROUTINE; item 9 URGENT.
    phq9 = {f"phq9_{i}": 2 for i in range(1, 9)} | {"phq9_9": 1, "phq9_10": 1}
    record_answers(db_session, sitting_id, phq9, instrument_id="phq9", instrument_version=load_instrument("phq9").version,
                   actor_user_id=None)  # fmt: skip
    # GAD-7 with one item declined: 6 answered at 3 = 18, prorated floor(3 x 7 + 0.5) = 21, severe, HIGH.
    gad7 = {f"gad7_{i}": 3 for i in range(1, 7)} | {"gad7_7": "declined"}
    record_answers(db_session, sitting_id, gad7, instrument_id="gad7", instrument_version=load_instrument("gad7").version,
                   actor_user_id=None)  # fmt: skip
    record_vital5(db_session, actor=day.staff, sitting_id=sitting_id, readings=[(185, 100)], height_m=None,
                  weight_kg=None, smoking_status="1")  # fmt: skip
    complete_session(db_session, sitting_id, actor="t", actor_user_id=None, now=NOW)
    db_session.commit()
    return day, sitting_id


def test_the_summary_lists_urgent_flags_first_then_by_priority(db_session, completed) -> None:
    day, sitting_id = completed
    summary = sitting_summary(db_session, actor=day.staff, sitting_id=sitting_id)
    assert [(f.priority, f.code) for f in summary.flags] == [
        ("urgent", "phq9_item9_positive"),
        ("urgent", "bp_severe"),
        ("high", "gad7_severe"),
        ("routine", "phq9_threshold"),
        ("signpost", "smoking_current"),
    ]
    assert [f.code for f in summary.urgent] == ["phq9_item9_positive", "bp_severe"]
    assert all(f.meaning and f.next_step for f in summary.flags)


def test_the_summary_shows_who_and_each_result_with_proration_marked(db_session, completed) -> None:
    day, sitting_id = completed
    summary = sitting_summary(db_session, actor=day.staff, sitting_id=sitting_id)
    assert (summary.patient_name, summary.hospital_number, summary.status) == ("OKAFOR, Ada", "H1", "completed")
    results = {s.instrument_id: s.text for s in summary.scores}
    assert results["phq9"] == "17 (moderately severe)"
    assert results["gad7"] == "21 (severe, prorated)"
    assert results["bp"] == "185/100 mmHg (severe)"
    assert summary.vital5["smoking_status"] == "1"


def test_only_staff_of_the_sittings_site_see_its_summary(db_session, completed) -> None:
    _, sitting_id = completed
    elsewhere = load_current_user(db_session, factories.user(db_session, sites=[factories.site(db_session)]).id)
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        sitting_summary(db_session, actor=elsewhere, sitting_id=sitting_id)
    manager = load_current_user(db_session, factories.user(db_session, role="service_manager").id)
    with pytest.raises(PermissionDenied, match="cannot see a screen's summary"):
        sitting_summary(db_session, actor=manager, sitting_id=sitting_id)
    with pytest.raises(NotFound):
        sitting_summary(db_session, actor=elsewhere, sitting_id=sitting_id + 100)


def test_printing_the_summary_is_audited_without_detail(db_session, completed) -> None:
    day, sitting_id = completed
    record_summary_printed(db_session, actor=day.staff, sitting_id=sitting_id, app_session="tablet-a")
    record_summary_printed(db_session, actor=day.staff, sitting_id=sitting_id, app_session="tablet-a", form="pdf")
    assert audit(db_session, "summary.printed") == [("summary.printed", None), ("summary.printed", {"format": "pdf"})]


def test_the_summary_carries_what_a_document_store_files_it_by(db_session, completed) -> None:
    day, sitting_id = completed
    summary = sitting_summary(db_session, actor=day.staff, sitting_id=sitting_id)
    patient = db_session.get_one(Patient, day.visit.patient_id)
    assert (summary.nhs_number, summary.date_of_birth) == (patient.nhs_number, patient.date_of_birth)
    assert summary.site == db_session.get_one(Site, day.clinic.site_id).name and summary.remote is False
