"""Uptake by how patients were screened (issue 17) on the hand-built June service (tests/uptake_scenario.py).

Each eligible unit is grouped by its completed sittings in the period: "Remote (secure
link)" if any was begun from a link, else "Tablet with staff (assisted)" if any was
assisted, else "Tablet (self)"; a unit not screened in the period is "Not screened".
Counts are (eligible, offered, screened, declined), by hand.

On top of the scenario: P1's completed C1A sitting (10 Jun, self) was begun from a link,
and P1 completed a second, assisted, one at C1A on 20 Jun: remote beats assisted. P2
completed a second, self, sitting at C2 on 26 Jun beside the assisted one of 25 Jun:
assisted beats self. P5's abandoned C2 sitting (1 Jun) was begun from a link, but only
completed sittings decide: P5 counts by the completed C1A one (12 Jun, self). P4's
completed remote sitting does not count (P4 not eligible).

Every count is taken by both routes (`june` is parametrized): the summary
(`uptake_days.next_remote`...) and the source tables.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from screening.uptake.rules.suppression import HIDDEN
from screening.uptake.services.analytics_access import open_unsuppressed
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake import screening_modes
from screening.uptake.services.uptake_counts import group_counts
from tests import factories
from tests.integration.uptake.test_uptake_access import signed_in
from tests.integration.uptake.test_uptake_by_sitting import given
from tests.uptake_scenario import JUNE, build, utc

SELF, ASSISTED, REMOTE, NOT = "Tablet (self)", "Tablet with staff (assisted)", "Remote (secure link)", "Not screened"


def completed(db: Session, who, clinic, at, mode: str) -> None:  # type: ignore[no-untyped-def]
    factories.screening_session(db, patient_id=who.id, clinic_id=clinic.id, started_at=at, status="completed",
                                completed_at=at + timedelta(minutes=10), mode=mode)  # fmt: skip


def counts(db: Session, by: tuple[str, ...], filters=JUNE) -> dict[tuple[str, ...], tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """(eligible, offered, screened, declined) per group, by the route the `june` fixture chose."""
    scope = resolve_scope(db, None, filters)
    return {g.groups: (g.counts["eligible"], g.counts["offered"], g.counts["screened"], g.counts["declined"])
            for g in group_counts(db, scope, filters.utc_bounds(), by, summary=db.info["summary"])}  # fmt: skip


@pytest.fixture(params=[True, False], ids=["summary", "source-tables"])
def june(db_session: Session, request: pytest.FixtureRequest) -> Session:
    db_session.info["summary"] = request.param
    scenario = build(db_session)
    p, c = scenario.patients, scenario.clinics
    given(db_session, p["P1"].id, utc(6, 10, 8, 50), remote=True)
    completed(db_session, p["P1"], c["C1A"], utc(6, 20, 8), "assisted")
    completed(db_session, p["P2"], c["C2"], utc(6, 26, 8), "self")
    given(db_session, p["P5"].id, utc(6, 1, 8), remote=True)
    given(db_session, p["P4"].id, utc(6, 15), remote=True)
    db_session.flush()
    return db_session


def test_each_screened_patient_counts_once_by_how_they_were_screened(june) -> None:
    # Remote: P1; assisted: P2; self: P5; Not screened: P3 (not offered) and P7 (declined).
    # The groups add up to the overall (5, 4, 3, 1).
    assert counts(june, ("screening_mode",)) == {
        (SELF,): (1, 1, 1, 0), (ASSISTED,): (1, 1, 1, 0), (REMOTE,): (1, 1, 1, 0), (NOT,): (2, 1, 0, 1)}  # fmt: skip


def test_by_site_the_sittings_at_that_site_decide(june) -> None:
    # S1: P1 remote; P2 declined at S1, P3 not offered, P7 declined: Not screened (3, 2, 0, 2).
    # S2: P2 assisted (and self); P5's only S2 sitting is the abandoned remote one: Not screened (1, 1, 0, 0).
    assert counts(june, ("site", "screening_mode")) == {
        ("S1", REMOTE): (1, 1, 1, 0), ("S1", NOT): (3, 2, 0, 2),
        ("S2", ASSISTED): (1, 1, 1, 0), ("S2", NOT): (1, 1, 0, 0)}  # fmt: skip


def test_by_ethnic_group_crossed_with_how_screened(june) -> None:
    # P1 A White: remote; P7 C White: not screened (declined); P2 N Black: assisted;
    # P3 Z Not stated: not offered; P5 99 Not known: self.
    assert counts(june, ("ethnic_group", "screening_mode")) == {
        ("White", REMOTE): (1, 1, 1, 0), ("White", NOT): (1, 1, 0, 1), ("Black", ASSISTED): (1, 1, 1, 0),
        ("Not stated", NOT): (1, 0, 0, 0), ("Not known", SELF): (1, 1, 1, 0)}  # fmt: skip


def test_by_imd_quintile_and_interpreter_needed(june) -> None:
    # Deciles: P1 1 -> Q1, P2 4 -> Q2, P5 5 -> Q3, P7 7 -> Q4, P3 none -> Not known.
    assert counts(june, ("imd_quintile", "screening_mode")) == {
        ("1", REMOTE): (1, 1, 1, 0), ("2", ASSISTED): (1, 1, 1, 0), ("3", SELF): (1, 1, 1, 0),
        ("4", NOT): (1, 1, 0, 1), ("Not known", NOT): (1, 0, 0, 0)}  # fmt: skip
    # Only P2 needed an interpreter.
    assert counts(june, ("interpreter", "screening_mode")) == {
        ("Yes", ASSISTED): (1, 1, 1, 0), ("No", SELF): (1, 1, 1, 0), ("No", REMOTE): (1, 1, 1, 0),
        ("No", NOT): (2, 1, 0, 1)}  # fmt: skip


def test_both_routes_give_the_same_groups_and_they_add_up_to_the_one_way_figures(june) -> None:
    scope = resolve_scope(june, None, JUNE)
    by = ("ethnic_group", "screening_mode")
    assert group_counts(june, scope, JUNE.utc_bounds(), by) == group_counts(june, scope, JUNE.utc_bounds(), by,
                                                                               summary=False)  # fmt: skip
    by_group = {
        g.groups[0]: g.counts["eligible"] for g in group_counts(june, scope, JUNE.utc_bounds(), ("ethnic_group",))
    }
    added: dict[str, int] = {}
    for g in group_counts(june, scope, JUNE.utc_bounds(), by):
        added[g.groups[0]] = added.get(g.groups[0], 0) + g.counts["eligible"]
    assert added == by_group  # the summary route's one-way figures (White 2, Black 1, Not stated 1, Not known 1)


def test_a_site_filter_reads_only_that_sites_sittings(june) -> None:
    assert counts(june, ("screening_mode",), replace(JUNE, site_codes=("S2",))) == {
        (ASSISTED,): (1, 1, 1, 0), (NOT,): (1, 1, 0, 0)}  # fmt: skip


def test_shares_of_each_group_add_up_to_all_its_eligible_patients_when_exact(june) -> None:
    admin = signed_in(june, "administrator")
    exact = open_unsuppressed(june, admin, "hand-counted test", JUNE)
    shares = {s.groups: (s.patients, s.group_total, s.share) for s in
              screening_modes(june, admin, JUNE, "ethnic_group", exact)}  # fmt: skip
    assert shares == {
        ("White", REMOTE): (1, 2, 0.5), ("White", NOT): (1, 2, 0.5), ("Black", ASSISTED): (1, 1, 1.0),
        ("Not stated", NOT): (1, 1, 1.0), ("Not known", SELF): (1, 1, 1.0)}  # fmt: skip
    overall = {s.groups: s.share for s in screening_modes(june, admin, JUNE, None, exact)}
    assert overall == {(SELF,): 0.2, (ASSISTED,): 0.2, (REMOTE,): 0.2, (NOT,): 0.4}


def test_published_shares_are_suppressed_like_every_other_breakdown(june) -> None:
    # Every non-zero count here is 1-7: "*", and so every share worked out from it.
    rows = screening_modes(june, None, JUNE, "ethnic_group")
    assert {(s.patients, s.group_total, s.share) for s in rows} == {(HIDDEN, HIDDEN, None)}
