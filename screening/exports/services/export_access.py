"""Who may export what, and the audit row every export leaves.

Design decisions:
- One check for every export format: pseudonymised needs EXPORT_PSEUDONYMISED;
  identifiable (and FHIR, which names the patient by NHS number) needs
  EXPORT_IDENTIFIABLE and a reason (`screening.policy`: administrators only). A site code
  must be in the actor's scope; without one, a site-scoped actor gets their sites only.
- `actor=None` is the command line run by someone who controls the server (as for
  `create-user`): allowed a pseudonymised export only. Identifiable needs a proven user.
- Audit first: the export's row (format, mode, date range, site, counts; the reason for
  an identifiable one, since recording it is why it is asked) goes into the caller's
  transaction before any row is read. An export that fails rolls back with it; one
  abandoned half way is still on the record. Never an identifier in the detail.
- `export_refusal` returns the refusal instead of raising, and audits it, so the caller
  can commit the refusal's audit row (a raised error would roll it back).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Site
from screening.audit.services.audit import record_event
from screening.errors import NotFound, PermissionDenied
from screening.exports.rules.export_records import ExportRequest
from screening.policy import Action, CurrentUser, may, require

COMMAND_LINE = "command line"  # the audit actor of an export run with no signed-in user


def export_action(request: ExportRequest) -> Action:
    return Action.EXPORT_IDENTIFIABLE if request.identifiable else Action.EXPORT_PSEUDONYMISED


def authorise_export(session: Session, actor: CurrentUser | None, request: ExportRequest) -> frozenset[int] | None:
    """The site ids the export may read (None: every site); PermissionDenied otherwise."""
    site_id = _site_id(session, request.site_code) if request.site_code else None
    if actor is None:
        if request.identifiable:
            raise PermissionDenied("An identifiable export needs a signed-in administrator and a reason.")
    else:
        require(actor, export_action(request), site_id, reason=request.reason)
    if site_id is not None:
        return frozenset({site_id})
    return actor.site_ids if actor is not None else None


def export_refusal(
    session: Session, actor: CurrentUser | None, request: ExportRequest, *, export_format: str
) -> str | None:
    """None when the export is allowed; else the refusal's message, audited."""
    try:
        authorise_export(session, actor, request)
    except PermissionDenied as refused:
        code = _refusal_code(session, actor, request)
        _record(session, actor, "export.refused", request, export_format, refusal=code)
        return str(refused)
    return None


def audit_export(
    session: Session,
    actor: CurrentUser | None,
    request: ExportRequest,
    *,
    export_format: str,
    sittings: int,
    patients: int,
) -> None:
    _record(
        session, actor, f"export.{export_format}", request, export_format,
        sittings=sittings, patients=patients,
    )  # fmt: skip


def _record(session: Session, actor: CurrentUser | None, action: str, request: ExportRequest,
            export_format: str, **counts: int | str) -> None:  # fmt: skip
    detail: dict[str, int | str] = {
        "format": export_format, "mode": "identifiable" if request.identifiable else "pseudonymised",
        "from": request.start.isoformat(), "to": request.end.isoformat(),
        "site": request.site_code or "all", **counts,
    }  # fmt: skip
    if request.identifiable and request.reason:
        detail["reason"] = request.reason
    record_event(
        session, actor=actor.username if actor else COMMAND_LINE,
        actor_user_id=actor.user_id if actor else None, action=action, entity_type="export",
        entity_id=None, detail=detail,
    )  # fmt: skip


def _refusal_code(session: Session, actor: CurrentUser | None, request: ExportRequest) -> str:
    """Why `require` refused, as a code (checked in require's order: role, site, reason)."""
    action = export_action(request)
    site_id = _site_id(session, request.site_code) if request.site_code else None
    if actor is None:
        return "not_signed_in"
    if not may(actor, action):
        return "role"
    return "site_scope" if not may(actor, action, site_id) else "no_reason"


def _site_id(session: Session, code: str) -> int:
    site_id = session.scalar(select(Site.id).where(Site.code == code))
    if site_id is None:
        raise NotFound(f"There is no site '{code}'. Create it with `python -m screening add-site {code} NAME`.")
    return site_id
