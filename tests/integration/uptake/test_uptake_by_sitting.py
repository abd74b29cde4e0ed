"""Uptake by how the sitting was given (issue 16) on the hand-built June service (tests/uptake_scenario.py).

Each eligible unit is grouped by its completed sitting in the period: the language of
administration, and whether an interpreter helped; a unit not screened in the period is
"Not screened". Counts are (eligible, offered, screened, declined), by hand.

On top of the scenario: P2's completed C2 sitting was in Somali with an interpreter (their
declined C1A one recorded "no"); P1's completed sitting left the interpreter not recorded;
P5's completed C1A sitting recorded "no" (their abandoned C2 one was in Arabic); P4's and
P7's completed sittings (Polish, interpreter) fall outside the counts (P4 not eligible,
P7's before the period).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from models import ScreeningSession
from screening.errors import InvalidValue
from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.services.uptake import uptake_table
from tests.integration.uptake.test_uptake_definitions import counts
from tests.uptake_scenario import JUNE, build, utc

S = ScreeningSession


def given(db: Session, who: int, started_at: datetime, **values: object) -> None:
    db.execute(update(S).where(S.patient_id == who, S.started_at == started_at).values(**values))


@pytest.fixture
def june(db_session: Session) -> Session:
    p = build(db_session).patients
    given(db_session, p["P2"].id, utc(6, 25, 8, 50), language="so", interpreter_used=True)
    given(db_session, p["P2"].id, utc(6, 5, 8, 50), language="so", interpreter_used=False)
    given(db_session, p["P5"].id, utc(6, 12, 8), interpreter_used=False)
    given(db_session, p["P5"].id, utc(6, 1, 8), language="ar")
    given(db_session, p["P4"].id, utc(6, 15), language="pl", interpreter_used=True)
    given(db_session, p["P7"].id, utc(5, 31, 22), language="pl", interpreter_used=True)
    db_session.flush()
    return db_session


def test_by_language_of_administration_each_screened_patient_counts_in_their_sittings_language(june) -> None:
    # English: P1, P5 (screened); Somali: P2 (the completed C2 sitting); Not screened: P3 (not
    # offered) and P7 (declined) = (2, 1, 0, 1). The groups add up to the overall (5, 4, 3, 1).
    assert counts(june, ("administration_language",)) == {
        ("English",): (2, 2, 2, 0), ("Somali",): (1, 1, 1, 0), ("Not screened",): (2, 1, 0, 1)}  # fmt: skip


def test_by_interpreter_used_not_recorded_is_its_own_group_before_not_screened(june) -> None:
    assert counts(june, ("interpreter_used",)) == {
        ("Yes",): (1, 1, 1, 0), ("No",): (1, 1, 1, 0), ("Not recorded",): (1, 1, 1, 0),
        ("Not screened",): (2, 1, 0, 1)}  # fmt: skip


def test_by_site_the_sitting_at_that_site_decides_the_group(june) -> None:
    # S1: P1 screened at C1A (not recorded); P2 declined at S1, P3 not offered, P7 declined:
    # Not screened (3, 2, 0, 2). S2: P2 screened at C2 with an interpreter; P5 only abandoned
    # at S2 (their completion was at S1, where they did not attend): Not screened (1, 1, 0, 0).
    assert counts(june, ("site", "interpreter_used")) == {
        ("S1", "Not recorded"): (1, 1, 1, 0), ("S1", "Not screened"): (3, 2, 0, 2),
        ("S2", "Yes"): (1, 1, 1, 0), ("S2", "Not screened"): (1, 1, 0, 0)}  # fmt: skip


def test_interpreter_needed_against_interpreter_used(june) -> None:
    # The equity question of s9: P2 needed one and had one; nobody else needed one.
    assert counts(june, ("interpreter", "interpreter_used")) == {
        ("Yes", "Yes"): (1, 1, 1, 0), ("No", "No"): (1, 1, 1, 0), ("No", "Not recorded"): (1, 1, 1, 0),
        ("No", "Not screened"): (2, 1, 0, 1)}  # fmt: skip


def test_a_site_filter_reads_only_that_sites_sittings(june) -> None:
    from dataclasses import replace

    assert counts(june, ("administration_language",), replace(JUNE, site_codes=("S2",))) == {
        ("Somali",): (1, 1, 1, 0), ("Not screened",): (1, 1, 0, 0)}  # fmt: skip


def test_published_figures_are_suppressed_like_every_other_breakdown(june) -> None:
    rows = uptake_table(june, None, JUNE, ("administration_language",))
    # Every non-zero count here is 1-7: shown as "*", and the rates with them.
    assert [(r.groups, r.eligible, r.screened, r.uptake) for r in rows] == [
        (("English",), HIDDEN, HIDDEN, None), (("Somali",), HIDDEN, HIDDEN, None),
        (("Not screened",), HIDDEN, 0, None)]  # fmt: skip


def test_an_unknown_breakdown_names_the_sitting_ones_too(june) -> None:
    with pytest.raises(InvalidValue, match="administration_language, interpreter_used"):
        uptake_table(june, None, JUNE, ("language_of_sitting",))
