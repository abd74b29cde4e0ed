"""The access policy as a matrix: every role against every protected action.

The expected table below is written out by hand from the issue, not read from
`ROLE_ACTIONS`, so a change to the code's table fails here until a person agrees with it.
"""

from __future__ import annotations

import pytest

from screening.errors import PermissionDenied
from screening.policy import NEEDS_REASON, SITE_SCOPED, Action, CurrentUser, may, require

# Y = allowed, . = refused.            staff psych manager admin
EXPECTED_TABLE = """
view_clinic_list                        Y     .     .       .
run_screening                           Y     .     .       .
view_session_summary                    Y     .     .       .
view_physical_flags                     Y     .     .       .
acknowledge_physical_flag               Y     .     .       .
view_flag_queue                         .     Y     .       .
view_patient_history                    .     Y     .       .
act_on_flag                             .     Y     .       .
view_psychology_notes                   .     Y     .       .
view_dashboard                          .     .     Y       Y
view_unsuppressed_analytics             .     .     .       Y
export_pseudonymised                    .     .     .       Y
export_identifiable                     .     .     .       Y
manage_users                            .     .     .       Y
manage_sites_and_clinics                .     .     .       Y
run_imports                             .     .     .       Y
view_audit_log                          .     .     .       Y
view_outbox                             Y     Y     .       Y
manage_languages                        .     .     .       Y
manage_fhir_push                        .     .     .       Y
"""
ROLES = ("clinic_staff", "psychologist", "service_manager", "administrator")
EXPECTED = {
    (role, line.split()[0]): mark == "Y"
    for line in EXPECTED_TABLE.strip().splitlines()
    for role, mark in zip(ROLES, line.split()[1:], strict=True)
}
SITE_A, SITE_B = 1, 2


def user(role: str, site_ids: frozenset[int] | None = frozenset({SITE_A})) -> CurrentUser:
    return CurrentUser(7, "someone", "Some One", role, site_ids)


def test_the_expected_table_names_every_action_and_every_role_exactly_once() -> None:
    assert {action for _, action in EXPECTED} == {a.value for a in Action}
    assert len(EXPECTED) == len(ROLES) * len(Action)


@pytest.mark.parametrize(("role", "action"), sorted(EXPECTED))
def test_each_role_is_allowed_or_refused_each_action_as_the_issue_says(role: str, action: str) -> None:
    allowed = EXPECTED[(role, action)]
    someone = user(role)
    assert may(someone, Action(action), SITE_A) is allowed
    assert may(someone, Action(action)) is allowed
    if allowed:
        require(someone, Action(action), SITE_A, reason="Audit of Q3 uptake for the board")
    else:
        with pytest.raises(PermissionDenied, match=r"^Your role \(.+\) cannot "):
            require(someone, Action(action), SITE_A, reason="a reason does not grant a role")


def test_a_refusal_names_the_role_and_the_action_in_plain_words() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(user("service_manager"), Action.VIEW_FLAG_QUEUE)
    assert str(refused.value) == "Your role (Service manager) cannot open the flag queue."


@pytest.mark.parametrize("action", sorted(a for (r, a), ok in EXPECTED.items() if r == "clinic_staff" and ok))
def test_staff_at_site_a_are_refused_at_site_b(action: str) -> None:
    staff = user("clinic_staff")
    assert not may(staff, Action(action), SITE_B)
    with pytest.raises(PermissionDenied, match="outside your site scope"):
        require(staff, Action(action), SITE_B)


def test_a_psychologist_with_two_sites_may_open_the_queue_at_either_but_not_a_third() -> None:
    psychologist = user("psychologist", frozenset({SITE_A, SITE_B}))
    assert may(psychologist, Action.VIEW_FLAG_QUEUE, SITE_A)
    assert may(psychologist, Action.VIEW_FLAG_QUEUE, SITE_B)
    assert not may(psychologist, Action.VIEW_FLAG_QUEUE, 3)


@pytest.mark.parametrize("site_id", [SITE_A, SITE_B, 999])
def test_an_all_sites_user_is_allowed_at_any_site(site_id: int) -> None:
    assert may(user("psychologist", None), Action.ACT_ON_FLAG, site_id)
    assert may(user("service_manager", None), Action.VIEW_DASHBOARD, site_id)


def test_a_user_with_no_sites_is_refused_every_site_scoped_action_at_a_site() -> None:
    assert not may(user("clinic_staff", frozenset()), Action.RUN_SCREENING, SITE_A)


def test_management_actions_are_not_site_scoped() -> None:
    admin_of_a = user("administrator")
    for action in (Action.MANAGE_USERS, Action.RUN_IMPORTS, Action.VIEW_AUDIT_LOG):
        assert action not in SITE_SCOPED
        assert may(admin_of_a, action, SITE_B)


def test_only_unsuppressed_analytics_and_identifiable_export_need_a_reason() -> None:
    assert {Action.VIEW_UNSUPPRESSED_ANALYTICS, Action.EXPORT_IDENTIFIABLE} == NEEDS_REASON


@pytest.mark.parametrize("action", [Action.VIEW_UNSUPPRESSED_ANALYTICS, Action.EXPORT_IDENTIFIABLE])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_action_that_needs_a_reason_is_refused_without_one(action: Action, reason: str | None) -> None:
    with pytest.raises(PermissionDenied, match=r"^Record a reason before you "):
        require(user("administrator", None), action, reason=reason)


def test_an_action_that_needs_a_reason_is_allowed_with_one() -> None:
    require(user("administrator", None), Action.EXPORT_IDENTIFIABLE, reason="Subject access request 123")


def test_a_reason_is_not_needed_for_other_actions() -> None:
    require(user("administrator"), Action.VIEW_AUDIT_LOG)


def test_nobody_signed_in_may_do_anything() -> None:
    assert not any(may(None, action) for action in Action)
    with pytest.raises(PermissionDenied, match=r"^Sign in first.$"):
        require(None, Action.VIEW_DASHBOARD)


def test_a_current_user_with_an_unknown_role_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        CurrentUser(1, "x", "X", "superuser", None)
