"""Pushing a sitting's Bundle to a trust's FHIR server: what is sent, and what an answer means (issue 18).

Design decisions:
- The export's own Bundle (`fhir_bundle`) sent as a FHIR `transaction`, so the server
  stores all of a sitting or none of it. Every resource but the Questionnaires is a `PUT
  Type/id` of its id, which is derived from the sitting's random key: sending a sitting
  twice (a retry after a lost answer, a resend) updates the same resources and never
  duplicates them. A Questionnaire is a conditional create (`ifNoneExist` on its canonical
  url and version): the server's own copy of an instrument is never overwritten.
- An answer is one of three outcomes (`outcome_of`):
  - delivered: HTTP 200/201 with a transaction-response whose every entry is 2xx;
  - retry: no connection, a timeout, 408, 425, 429 or any 5xx (the endpoint is down or
    busy; it will be there later);
  - failed at once: any other answer (400 a Bundle the server refuses, 401/403 a wrong
    token, 404 a wrong address, ...). Sending it again unchanged cannot succeed: it goes to
    the failed list for an administrator, who resends once the cause is mended.
- Retries wait `RETRY_MINUTES` (1 minute, growing to 12 hours), or the server's
  Retry-After when that is longer (capped at 12 hours). After `MAX_ATTEMPTS` (10, about
  28 hours of trying) a delivery is failed too: an outage longer than a day is for a
  person to notice. A failed delivery stays in the list until resent; nothing is dropped.
- What is stored about a failure (`failure_text`) is the HTTP status and the
  OperationOutcome's issue codes only, never its diagnostics or text: a server may echo
  the NHS number or a value from the Bundle there.
- The endpoint (`push_endpoint`) is SCREENING_FHIR_PUSH_URL, and https only: the Bundle
  names the patient by NHS number. Plain http is accepted for a loopback address only
  (an integration engine on the same host, or the tests' local server).

Pure module: no database, no web, no network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from screening.errors import InvalidValue

PUSH_URL_ENV = "SCREENING_FHIR_PUSH_URL"
PUSH_TOKEN_ENV = "SCREENING_FHIR_PUSH_TOKEN"
DELIVERY_STATUSES: tuple[str, ...] = ("waiting", "sending", "delivered", "failed")
STATUS_LABELS: Mapping[str, str] = {
    "waiting": "waiting to send",
    "sending": "sending",
    "delivered": "delivered",
    "failed": "failed: needs resending",
}
RETRY_MINUTES: tuple[int, ...] = (1, 5, 15, 30, 60, 120, 240, 480, 720)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
MAX_WAIT = timedelta(minutes=max(RETRY_MINUTES))
RETRY_STATUSES = frozenset({408, 425, 429})
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back from one POST: `status` None when no HTTP answer came at all."""

    status: int | None
    body: Any = None  # the parsed JSON, when there was any
    retry_after_seconds: int | None = None
    error: str | None = None  # no answer: the kind of failure ("ConnectError", "ReadTimeout", ...)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # "delivered", "retry" or "failed"
    error: str | None = None
    status: int | None = None
    next_attempt_at: datetime | None = None  # when kind is "retry"


def push_endpoint(environ: Mapping[str, str]) -> str | None:
    """The FHIR server's base URL, without a trailing slash; None when pushing is off."""
    url = (environ.get(PUSH_URL_ENV) or "").strip().rstrip("/")
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http") or parts.query or parts.fragment or parts.username:
        raise InvalidValue(
            PUSH_URL_ENV, f"'{url}' is not a FHIR server's base URL such as https://fhir.example.nhs.uk/R4."
        )
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise InvalidValue(
            PUSH_URL_ENV,
            "must be an https address: the Bundles name patients by NHS number (http is for localhost only).",
        )
    return url


def transaction_bundle(collection: Mapping[str, Any]) -> dict[str, Any]:
    """The export's collection Bundle as a transaction: each entry with its request."""
    entries = []
    for entry in collection["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind == "Questionnaire":
            match = urlencode({"url": resource["url"], "version": resource["version"]})
            request = {"method": "POST", "url": kind, "ifNoneExist": match}
        else:
            request = {"method": "PUT", "url": f"{kind}/{resource['id']}"}
        entries.append({**entry, "request": request})
    return {**collection, "type": "transaction", "entry": entries}


def outcome_of(answer: Answer, *, attempts: int, now: datetime) -> Outcome:
    """What one attempt's answer means, `attempts` counting this one."""
    if answer.status in (200, 201):
        problem = _entry_problem(answer.body)
        if problem is None:
            return Outcome("delivered", status=answer.status)
        return Outcome("failed", f"HTTP {answer.status}, but {problem}", answer.status)
    if answer.status is None:
        error = f"no answer from the server ({answer.error or 'no connection'})"
    else:
        error = failure_text(answer.status, answer.body)
        if not retryable(answer.status):
            return Outcome("failed", error, answer.status)
    if attempts >= MAX_ATTEMPTS:
        return Outcome("failed", f"{error}; gave up after {attempts} attempts", answer.status)
    return Outcome("retry", error, answer.status, now + retry_wait(attempts, answer.retry_after_seconds))


def retryable(status: int) -> bool:
    return status in RETRY_STATUSES or 500 <= status <= 599


def retry_wait(attempts: int, retry_after_seconds: int | None = None) -> timedelta:
    """How long after failed attempt number `attempts` (from 1) the next one may go."""
    wait = timedelta(minutes=RETRY_MINUTES[min(attempts, len(RETRY_MINUTES)) - 1])
    if retry_after_seconds is not None and retry_after_seconds > 0:
        wait = max(wait, min(timedelta(seconds=retry_after_seconds), MAX_WAIT))
    return wait


def failure_text(status: int, body: Any) -> str:
    """ "HTTP 422: processing (error)": the status and the OperationOutcome's codes, never its words."""
    issues = body.get("issue") if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome" else None
    codes = [
        f"{issue.get('code', 'unknown')} ({issue.get('severity', 'error')})"
        for issue in (issues if isinstance(issues, list) else [])
        if isinstance(issue, dict)
    ]
    return f"HTTP {status}: {', '.join(codes[:3])}" if codes else f"HTTP {status}"


def _entry_problem(body: Any) -> str | None:
    """None when the body is a transaction-response with every entry 2xx; else what is wrong."""
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle" or body.get("type") != "transaction-response":
        return "the answer is not a transaction-response Bundle"
    statuses = [str((entry.get("response") or {}).get("status", "")) for entry in body.get("entry") or []]
    refused = [s.split(" ")[0] for s in statuses if not s.startswith("2")]
    if not statuses:
        return "the transaction-response has no entries"
    if refused:
        return f"{len(refused)} entries were refused ({', '.join(sorted(set(refused)))})"
    return None
