"""Every uptake definition and breakdown on the hand-built June service (tests/uptake_scenario.py).

Counts are (eligible, offered, screened, declined), worked out by hand from the
scenario's docstring. Unsuppressed (exact) throughout, so the arithmetic is visible;
suppression has its own tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from screening.errors import NotFound, PermissionDenied
from screening.policy import CurrentUser
from screening.uptake.services.analytics_scope import resolve_scope
from screening.uptake.services.uptake_counts import group_counts
from tests.uptake_scenario import JUNE, build

Counts = tuple[int, int, int, int]


def counts(db: Session, by: tuple[str, ...], filters=JUNE, user=None) -> dict[tuple[str, ...], Counts]:  # type: ignore[no-untyped-def]
    scope = resolve_scope(db, user, filters)
    return {g.groups: (g.counts["eligible"], g.counts["offered"], g.counts["screened"], g.counts["declined"])
            for g in group_counts(db, scope, filters.utc_bounds(), by)}  # fmt: skip


def test_overall_a_patient_is_one_unit_whatever_the_site(db_session: Session) -> None:
    build(db_session)
    # Eligible: P1, P2, P3, P5 (1 Jun 00:30 BST), P7 = 5. P3's 23:30 BST on 30 June is in;
    # P4's two visits fall on 31 May and 1 July in London: out. P6 only cancelled.
    # Offered: all but P3 = 4. Screened: P1, P2 (at C2), P5 (at C1A) = 3. Declined: P7 only
    # (P2 declined at C1A but completed at C2) = 1. P4's completed sitting does not count:
    # P4 was not eligible. P7's completed sitting started 31 May 23:00 BST: before the period.
    assert counts(db_session, ()) == {(): (5, 4, 3, 1)}


def test_by_site_a_patient_counts_at_each_site_with_that_sites_sittings(db_session: Session) -> None:
    build(db_session)
    # S1: P1, P2, P3, P7 eligible (P5 did not attend there) = 4; offered P1, P2, P7 = 3;
    #     screened P1 = 1 (P2's completion was at S2); declined P2, P7 = 2.
    # S2: P2, P5 = 2; offered 2; screened P2 = 1 (P5 abandoned at S2; completed only at S1).
    assert counts(db_session, ("site",)) == {("S1",): (4, 3, 1, 2), ("S2",): (2, 2, 1, 0)}


def test_by_clinic_a_patient_at_two_clinics_of_one_site_counts_at_each(db_session: Session) -> None:
    build(db_session)
    # C1A: P1, P2, P7 = 3 (P7's sitting there was before the period); C1B: P3, P7 = 2, P7 declined.
    expected = {("C1A",): (3, 2, 1, 1), ("C1B",): (2, 1, 0, 1), ("C2",): (2, 2, 1, 0)}
    assert counts(db_session, ("clinic",)) == expected
    assert counts(db_session, ("site", "clinic")) == {("S1", "C1A"): (3, 2, 1, 1), ("S1", "C1B"): (2, 1, 0, 1),
                                                      ("S2", "C2"): (2, 2, 1, 0)}  # fmt: skip


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        # White = P1 (A) + P7 (C); Black = P2 (N); Z and 99 are their own groups (s7).
        ("ethnic_group", {("White",): (2, 2, 1, 1), ("Black",): (1, 1, 1, 0), ("Not stated",): (1, 0, 0, 0),
                          ("Not known",): (1, 1, 1, 0)}),
        ("ethnic_category", {("A",): (1, 1, 1, 0), ("C",): (1, 1, 0, 1), ("N",): (1, 1, 1, 0), ("Z",): (1, 0, 0, 0),
                             ("99",): (1, 1, 1, 0)}),
        # Deciles 1 -> Q1, 4 -> Q2, 5 -> Q3, 7 -> Q4; P3 has none.
        ("imd_quintile", {("1",): (1, 1, 1, 0), ("2",): (1, 1, 1, 0), ("3",): (1, 1, 1, 0), ("4",): (1, 1, 0, 1),
                          ("Not known",): (1, 0, 0, 0)}),
        # Age at the first eligible attendance: P2 17 on 5 Jun; P7 25; P1 35 (36 on 15 Jun);
        # P5 55 on 1 Jun London (54 on the UTC date, 31 May); P3 76.
        ("age_band", {("under 18",): (1, 1, 1, 0), ("25-34",): (1, 1, 0, 1), ("35-44",): (1, 1, 1, 0),
                      ("55-64",): (1, 1, 1, 0), ("75+",): (1, 0, 0, 0)}),
        ("gender", {("Male",): (2, 2, 1, 1), ("Female",): (2, 1, 1, 0), ("Not known",): (1, 1, 1, 0)}),
        ("language", {("English",): (3, 2, 2, 0), ("Polish",): (1, 1, 0, 1), ("Somali",): (1, 1, 1, 0)}),
        ("interpreter", {("Yes",): (1, 1, 1, 0), ("No",): (4, 3, 2, 1)}),
        ("diagnosis_group", {("Lymphoma",): (1, 1, 1, 0), ("Sickle cell disease",): (2, 2, 2, 0),
                             ("Thalassaemia",): (2, 1, 0, 1)}),
    ],
)  # fmt: skip
def test_every_patient_breakdown_counts_each_patient_once_in_natural_order(
    db_session: Session, dimension: str, expected: dict[tuple[str, ...], Counts]
) -> None:
    build(db_session)
    result = counts(db_session, (dimension,))
    assert result == expected
    assert list(result) == list(expected)  # the natural order, not alphabetical


def test_two_way_site_by_group_uses_patient_at_site_units(db_session: Session) -> None:
    build(db_session)
    # S1: P1 and P7 White (P7 declined), P2 Black (declined at S1), P3 Not stated.
    # S2: P2 Black (screened at S2), P5 Not known (abandoned at S2).
    assert counts(db_session, ("site", "ethnic_group")) == {
        ("S1", "White"): (2, 2, 1, 1), ("S1", "Black"): (1, 1, 0, 1), ("S1", "Not stated"): (1, 0, 0, 0),
        ("S2", "Black"): (1, 1, 1, 0), ("S2", "Not known"): (1, 1, 0, 0)}  # fmt: skip


def test_age_by_site_is_the_age_at_the_first_eligible_attendance_at_that_site(db_session: Session) -> None:
    build(db_session)
    # P2 is 17 at S1 (5 Jun) and 18 at S2 (25 Jun, after the 20 June birthday).
    result = counts(db_session, ("site", "age_band"))
    assert result[("S1", "under 18")] == (1, 1, 0, 1)
    assert result[("S2", "18-24")] == (1, 1, 1, 0)
    assert result[("S2", "55-64")] == (1, 1, 0, 0)


def test_filters_narrow_patients_sites_and_clinics(db_session: Session) -> None:
    build(db_session)
    # Thalassaemia: P3 (not offered) and P7 (declined).
    assert counts(db_session, (), replace(JUNE, diagnosis_groups=("Thalassaemia",))) == {(): (2, 1, 0, 1)}
    # Site S2 only: P2 screened there, P5 abandoned there (P5's S1 completion is out of scope).
    assert counts(db_session, ("ethnic_group",), replace(JUNE, site_codes=("S2",))) == {
        ("Black",): (1, 1, 1, 0),
        ("Not known",): (1, 1, 0, 0),
    }
    # Clinic C1B only: P3 and P7.
    assert counts(db_session, (), replace(JUNE, clinic_codes=("C1B",))) == {(): (2, 1, 0, 1)}


def test_a_site_scoped_manager_sees_their_sites_only_and_cannot_name_another(db_session: Session) -> None:
    scenario = build(db_session)
    user = CurrentUser(1, "manager", "Manager", "service_manager", frozenset({scenario.clinics["C1A"].site_id}))
    # S1 clinics only: P1, P2, P3, P7 eligible; P2's completion at S2 is out of scope.
    assert counts(db_session, (), user=user) == {(): (4, 3, 1, 2)}
    with pytest.raises(PermissionDenied):
        counts(db_session, (), replace(JUNE, site_codes=("S2",)), user=user)
    with pytest.raises(PermissionDenied):
        counts(db_session, (), replace(JUNE, clinic_codes=("C2",)), user=user)


def test_unknown_codes_are_named_with_the_codes_that_exist(db_session: Session) -> None:
    build(db_session)
    with pytest.raises(NotFound, match=r"There is no site 'S9'. Known site codes: S1, S2."):
        counts(db_session, (), replace(JUNE, site_codes=("S9",)))


def test_roles_without_the_dashboard_are_refused_before_anything_is_read(db_session: Session) -> None:
    staff = CurrentUser(2, "nurse", "Nurse", "clinic_staff", None)
    with pytest.raises(PermissionDenied, match="cannot open the dashboards"):
        resolve_scope(db_session, staff, JUNE)
