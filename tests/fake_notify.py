"""A local GOV.UK Notify for the tests: a real HTTP server that checks the real request shape.

It speaks Notify's v2 API as documented: POST /v2/notifications/sms or /email with a
`Authorization: Bearer <JWT>` header (HS256, iss = service id, iat within 30 seconds,
signed with the API key's secret) and a JSON body (phone_number or email_address,
template_id, personalisation). It answers 201 with Notify's response shape, or Notify's
error shape: 403 AuthError for a bad token, 400 BadRequestError for a bad body or an
unknown template, 404 for any other path. Every accepted message is kept in `received`.

Four templates: the escalation pair (personalisation `clinic`) and the invitation pair
(issue 17: `opening` and `link`). `echo_personalisation` makes it refuse every message
with an error that repeats the personalisation, as a real validation error can, so the
tests can show that no link reaches a log or the database that way.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import jwt

from tests.local_http import local_http

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
EMAIL_TEMPLATE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
INVITATION_SMS_TEMPLATE = "0c8b1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4"
INVITATION_EMAIL_TEMPLATE = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f70819"
TEMPLATES = {  # template id: (channel, its placeholders, its words)
    SMS_TEMPLATE: ("sms", ("clinic",), "An urgent screening flag at ((clinic)) needs acknowledging: open the flag queue"),
    EMAIL_TEMPLATE: ("email", ("clinic",),
                     "An urgent screening flag at ((clinic)) needs acknowledging: open the flag queue"),
    INVITATION_SMS_TEMPLATE: ("sms", ("opening", "link"),
                              "((opening)) Please use this link: ((link)) It works until the end of your appointment day."),
    INVITATION_EMAIL_TEMPLATE: ("email", ("opening", "link"),
                                "((opening)) Please use this link: ((link)) It works until the end of your appointment day."),
}  # fmt: skip
API_KEY = f"mind_and_body_test-{SERVICE_ID}-{SECRET}"
FIELDS = {"sms": "phone_number", "email": "email_address"}


@dataclass
class FakeNotify:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    echo_personalisation: bool = False


class _Handler(BaseHTTPRequestHandler):
    fake: FakeNotify

    def log_message(self, *args: Any) -> None:  # quiet test output
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, kind: str, message: str) -> None:
        self.fake.refused.append((status, message))
        self._answer(status, {"status_code": status, "errors": [{"error": kind, "message": message}]})

    def _token_problem(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ")
        try:
            unverified = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])
            if jwt.get_unverified_header(token).get("alg") != "HS256":
                return "Invalid token: algorithm used is not HS256"
            if unverified.get("iss") != SERVICE_ID:
                return "Invalid token: service not found"
            claims = jwt.decode(token, key=SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return "Invalid token: API key not found"
        if abs(time.time() - int(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def do_POST(self) -> None:
        channel = {"/v2/notifications/sms": "sms", "/v2/notifications/email": "email"}.get(self.path)
        if channel is None:
            return self._error(404, "ResourceNotFound", "Not found")
        if problem := self._token_problem():
            return self._error(403, "AuthError", problem)
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"null")
        except ValueError:
            return self._error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        if not isinstance(body, dict) or not body.get(FIELDS[channel]):
            return self._error(400, "ValidationError", f"{FIELDS[channel]} is a required property")
        template = TEMPLATES.get(str(body.get("template_id")))
        if template is None or template[0] != channel:
            return self._error(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation")
        if not isinstance(personalisation, dict) or (missing := [p for p in template[1] if p not in personalisation]):
            return self._error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing or template[1])}")
        if self.fake.echo_personalisation:
            return self._error(400, "BadRequestError", f"Personalisation not accepted: {personalisation}")
        notification_id = str(uuid.uuid4())
        self.fake.received.append({"channel": channel, **body, "id": notification_id})
        text = template[2]
        for name in template[1]:
            text = text.replace(f"(({name}))", str(personalisation[name]))
        content = {"body": text, "from_number": "GOVUK"} if channel == "sms" else {"body": text, "subject": "Urgent"}
        self._answer(201, {
            "id": notification_id, "reference": body.get("reference"), "content": content,
            "uri": f"{self.fake.url}/v2/notifications/{notification_id}",
            "template": {"id": body["template_id"], "version": 1,
                         "uri": f"{self.fake.url}/v2/template/{body['template_id']}/version/1"},
        })  # fmt: skip


@contextmanager
def fake_notify() -> Iterator[FakeNotify]:
    """A fake Notify on 127.0.0.1 and a free port, for the length of the block."""
    handler = type("Handler", (_Handler,), {})
    with local_http(handler) as port:
        handler.fake = FakeNotify(url=f"http://127.0.0.1:{port}")
        yield handler.fake
