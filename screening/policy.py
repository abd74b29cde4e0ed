"""Who may do what: the one access policy that every service checks.

Design decisions:
- One question, one place: `may(user, action, site_id)`. Services call `require` before
  they read or write anything, so hiding a page is never the only control.
- The role -> action table is data (`ROLE_ACTIONS`), least privilege: each role gets only
  what the issue names for it. Administrators manage the system but see no patient rows;
  service managers see aggregates only.
- Site scope: actions on patient data or analytics are `SITE_SCOPED`. Asked with a
  `site_id`, the site must be in the user's scope (`site_ids is None` means all sites).
  Asked with `site_id=None` ("may this role do it at all?"), only the role is checked and
  the service must then keep its rows to `user.site_ids`. Management actions are global.
- `CurrentUser` is the one signed-in-user object: local accounts and (later) OIDC both
  resolve to it. It is a frozen snapshot; services reload it per action so a role change
  takes effect on the next action.
- Refusals are `PermissionDenied` with a plain sentence a clinician can act on.

Pure module: no database, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from screening.clinical.rules.codes import USER_ROLES
from screening.errors import PermissionDenied


class Action(StrEnum):
    """Every protected action; the value is a stable code (safe for audit detail)."""

    VIEW_CLINIC_LIST = "view_clinic_list"
    RUN_SCREENING = "run_screening"
    VIEW_SESSION_SUMMARY = "view_session_summary"
    VIEW_PHYSICAL_FLAGS = "view_physical_flags"
    ACKNOWLEDGE_PHYSICAL_FLAG = "acknowledge_physical_flag"
    VIEW_FLAG_QUEUE = "view_flag_queue"
    VIEW_PATIENT_HISTORY = "view_patient_history"
    ACT_ON_FLAG = "act_on_flag"
    VIEW_PSYCHOLOGY_NOTES = "view_psychology_notes"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_UNSUPPRESSED_ANALYTICS = "view_unsuppressed_analytics"
    EXPORT_PSEUDONYMISED = "export_pseudonymised"
    EXPORT_IDENTIFIABLE = "export_identifiable"
    MANAGE_USERS = "manage_users"
    MANAGE_SITES_AND_CLINICS = "manage_sites_and_clinics"
    RUN_IMPORTS = "run_imports"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_OUTBOX = "view_outbox"
    MANAGE_LANGUAGES = "manage_languages"
    MANAGE_FHIR_PUSH = "manage_fhir_push"


_A = Action
# How each action reads in a refusal: "Your role (...) cannot <phrase>."
PHRASES: Mapping[Action, str] = MappingProxyType(
    {
        _A.VIEW_CLINIC_LIST: "see clinic lists",
        _A.RUN_SCREENING: "run a screening",
        _A.VIEW_SESSION_SUMMARY: "see a screen's summary",
        _A.VIEW_PHYSICAL_FLAGS: "see physical-health flags",
        _A.ACKNOWLEDGE_PHYSICAL_FLAG: "acknowledge an urgent physical-health flag",
        _A.VIEW_FLAG_QUEUE: "open the flag queue",
        _A.VIEW_PATIENT_HISTORY: "see a patient's screening history",
        _A.ACT_ON_FLAG: "record triage actions on flags",
        _A.VIEW_PSYCHOLOGY_NOTES: "read psychology notes",
        _A.VIEW_DASHBOARD: "open the dashboards",
        _A.VIEW_UNSUPPRESSED_ANALYTICS: "open the unsuppressed analytic view",
        _A.EXPORT_PSEUDONYMISED: "export pseudonymised data",
        _A.EXPORT_IDENTIFIABLE: "export identifiable data",
        _A.MANAGE_USERS: "manage users",
        _A.MANAGE_SITES_AND_CLINICS: "manage sites and clinics",
        _A.RUN_IMPORTS: "run imports",
        _A.VIEW_AUDIT_LOG: "read the audit log",
        _A.VIEW_OUTBOX: "read the escalation outbox",
        _A.MANAGE_LANGUAGES: "import or sign off translations",
        _A.MANAGE_FHIR_PUSH: "see or resend deliveries to the EPR",
    }
)

ROLE_ACTIONS: Mapping[str, frozenset[Action]] = MappingProxyType(
    {
        "clinic_staff": frozenset(
            {
                _A.VIEW_CLINIC_LIST,
                _A.RUN_SCREENING,
                _A.VIEW_SESSION_SUMMARY,
                _A.VIEW_PHYSICAL_FLAGS,
                _A.ACKNOWLEDGE_PHYSICAL_FLAG,
                _A.VIEW_OUTBOX,
            }
        ),
        "psychologist": frozenset(
            {_A.VIEW_FLAG_QUEUE, _A.VIEW_PATIENT_HISTORY, _A.ACT_ON_FLAG, _A.VIEW_PSYCHOLOGY_NOTES, _A.VIEW_OUTBOX}
        ),
        "service_manager": frozenset({_A.VIEW_DASHBOARD}),
        "administrator": frozenset(
            {
                _A.VIEW_DASHBOARD,
                _A.VIEW_UNSUPPRESSED_ANALYTICS,
                _A.EXPORT_PSEUDONYMISED,
                _A.EXPORT_IDENTIFIABLE,
                _A.MANAGE_USERS,
                _A.MANAGE_SITES_AND_CLINICS,
                _A.RUN_IMPORTS,
                _A.VIEW_AUDIT_LOG,
                _A.VIEW_OUTBOX,
                _A.MANAGE_LANGUAGES,
                _A.MANAGE_FHIR_PUSH,
            }
        ),
    }
)

# Management actions span the whole installation (an import file covers several sites).
GLOBAL_ACTIONS: frozenset[Action] = frozenset(
    {
        _A.MANAGE_USERS,
        _A.MANAGE_SITES_AND_CLINICS,
        _A.RUN_IMPORTS,
        _A.VIEW_AUDIT_LOG,
        _A.MANAGE_LANGUAGES,
        _A.MANAGE_FHIR_PUSH,
    }
)
SITE_SCOPED: frozenset[Action] = frozenset(Action) - GLOBAL_ACTIONS
# Opening these is itself audited with the reason the user gives.
NEEDS_REASON: frozenset[Action] = frozenset({_A.VIEW_UNSUPPRESSED_ANALYTICS, _A.EXPORT_IDENTIFIABLE})


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in user, whichever backend signed them in."""

    user_id: int
    username: str
    display_name: str
    role: str
    site_ids: frozenset[int] | None  # None = all sites

    def __post_init__(self) -> None:
        # A role the table does not know would silently be allowed nothing; fail loudly.
        if self.role not in ROLE_ACTIONS:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def role_label(self) -> str:
        return USER_ROLES[self.role]

    def covers_site(self, site_id: int) -> bool:
        return self.site_ids is None or site_id in self.site_ids


@dataclass(frozen=True)
class LinkHolder:
    """A patient admitted through a secure link (issue 17): after the date-of-birth check,
    this browser session reaches one sitting (`sitting_id`) and nothing else. Not a user:
    no role, no pages, no `may`; the sittings services check the invitation on every call."""

    invitation_id: int
    link_id: int
    sitting_id: int
    username: str = "patient (secure link)"  # the audit log's actor
    user_id: None = None


# Who answers a questionnaire: a signed-in member of staff (patient mode or assisted), or a link holder.
Respondent = CurrentUser | LinkHolder


def may(user: CurrentUser | None, action: Action, site_id: int | None = None) -> bool:
    """Whether the user's role allows the action, at `site_id` when one is given.

    A needed reason is not part of this answer (a menu may offer the action); `require`
    checks it at the moment of doing.
    """
    if user is None or action not in ROLE_ACTIONS[user.role]:
        return False
    return site_id is None or action not in SITE_SCOPED or user.covers_site(site_id)


def require(user: CurrentUser | None, action: Action, site_id: int | None = None, *, reason: str | None = None) -> None:
    """Raise PermissionDenied unless the user may do the action (with a reason if needed)."""
    if user is None:
        raise PermissionDenied("Sign in first.")
    if action not in ROLE_ACTIONS[user.role]:
        raise PermissionDenied(f"Your role ({user.role_label}) cannot {PHRASES[action]}.")
    if not may(user, action, site_id):
        raise PermissionDenied("That site is outside your site scope; ask an administrator if you need it.")
    if action in NEEDS_REASON and not (reason or "").strip():
        raise PermissionDenied(f"Record a reason before you {PHRASES[action]}.")
