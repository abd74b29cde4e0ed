"""A local FHIR server for the tests: a real HTTP server that checks each transaction as R4 asks.

It speaks the part of FHIR R4's RESTful API the push uses: `POST [base]` with a Bundle of
type `transaction`. Each request is checked, and refused with a 4xx OperationOutcome as a
real server would, when:
- the path is not the base, or the method is not POST (404 / 405);
- `Content-Type` is not application/fhir+json, or `Accept` does not take it (415 / 406);
- the bearer token is missing or wrong, when one is set (401);
- the body is not JSON, not a valid R4 Bundle (fhir.resources R4B), not a transaction, or
  an entry has no request, a PUT whose url is not `Type/id` of its resource, a POST that
  is not a conditional create of a Questionnaire, or a `urn:uuid:` reference that points
  at no entry of the Bundle (400).
An accepted transaction is stored as a server would (PUT creates or replaces by id; a
conditional create makes nothing when its match exists), and answered 200 with a
`transaction-response` Bundle, one entry per request ("201 Created" or "200 OK").

`fail_next(n, status, retry_after)` answers the next n requests with that status (503:
the integration engine is down for maintenance; 429: busy) before checking anything; an
OperationOutcome's diagnostics then echo a value, as real ones can, so the tests can show
no such text is stored.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from tests.local_http import local_http

TOKEN = "integration-engine-test-token"
BASE_PATH = "/fhir/R4"
ECHOED = "9434765919"  # what a careless server echoes in its diagnostics


@dataclass
class FakeFhir:
    url: str
    token: str | None = TOKEN
    stored: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    canonical: dict[tuple[str | None, str | None], str] = field(default_factory=dict)  # (url, version): id
    transactions: list[dict[str, Any]] = field(default_factory=list)  # every accepted Bundle
    refused: list[tuple[int, str]] = field(default_factory=list)
    failing: list[tuple[int, int | None]] = field(default_factory=list)  # (status, Retry-After) per next request
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, times: int, status: int = 503, retry_after: int | None = None) -> None:
        with self.lock:
            self.failing.extend([(status, retry_after)] * times)

    def of_type(self, resource_type: str) -> list[dict[str, Any]]:
        return [r for (kind, _), r in sorted(self.stored.items()) if kind == resource_type]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeFhir

    def log_message(self, *args: Any) -> None:  # quiet test output
        pass

    def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: int, code: str, problem: str, headers: dict[str, str] | None = None) -> None:
        self.fake.refused.append((status, problem))
        outcome = {"resourceType": "OperationOutcome",
                   "issue": [{"severity": "error", "code": code, "diagnostics": problem}]}  # fmt: skip
        self._answer(status, outcome, headers)

    def do_GET(self) -> None:
        self._refuse(405, "not-supported", "only transactions (POST [base]) are accepted here")

    def do_PUT(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.fake.lock:
            failing = self.fake.failing.pop(0) if self.fake.failing else None
        if failing is not None:
            status, retry_after = failing
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
            self._refuse(status, "transient", f"unavailable while processing patient {ECHOED}", headers)
            return
        problem = self._request_problem()
        if problem is not None:
            self._refuse(*problem)
            return
        try:
            bundle = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._refuse(400, "structure", "the body is not JSON")
            return
        problem = _bundle_problem(bundle)
        if problem is not None:
            self._refuse(400, "invalid", problem)
            return
        self._answer(200, self._store(bundle))

    def _request_problem(self) -> tuple[int, str, str] | None:
        if self.path != BASE_PATH:
            return 404, "not-found", f"no endpoint at {self.path}"
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/fhir+json":
            return 415, "not-supported", "Content-Type must be application/fhir+json"
        if "application/fhir+json" not in self.headers.get("Accept", ""):
            return 406, "not-supported", "Accept must include application/fhir+json"
        if self.fake.token is not None and self.headers.get("Authorization") != f"Bearer {self.fake.token}":
            return 401, "login", "a valid bearer token is required"
        return None

    def _store(self, bundle: dict[str, Any]) -> dict[str, Any]:
        responses = []
        with self.fake.lock:
            for entry in bundle["entry"]:
                resource, request = entry["resource"], entry["request"]
                kind = resource["resourceType"]
                if request["method"] == "POST":
                    match = dict(parse_qsl(request["ifNoneExist"]))
                    canonical = (match.get("url"), match.get("version"))
                    found = self.fake.canonical.get(canonical)
                    if found is not None:
                        responses.append({"response": {"status": "200 OK", "location": f"{kind}/{found}"}})
                        continue
                    new_id = str(uuid.uuid4())
                    self.fake.stored[(kind, new_id)] = {**resource, "id": new_id}
                    self.fake.canonical[canonical] = new_id
                    responses.append({"response": {"status": "201 Created", "location": f"{kind}/{new_id}/_history/1"}})
                    continue
                key = (kind, resource["id"])
                status = "200 OK" if key in self.fake.stored else "201 Created"
                self.fake.stored[key] = resource
                responses.append({"response": {"status": status, "location": f"{kind}/{resource['id']}"}})
            self.fake.transactions.append(bundle)
        return {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}


def _bundle_problem(bundle: Any) -> str | None:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return "the body is not a Bundle"
    try:
        Bundle.model_validate(bundle)
    except ValidationError as error:
        return f"not a valid R4 Bundle: {error.errors()[0]['msg']}"
    if bundle.get("type") != "transaction":
        return f"Bundle.type must be transaction, not {bundle.get('type')}"
    entries = bundle.get("entry") or []
    if not entries:
        return "the transaction has no entries"
    full_urls = {entry.get("fullUrl") for entry in entries}
    for entry in entries:
        resource, request = entry.get("resource") or {}, entry.get("request")
        kind = resource.get("resourceType")
        if not request:
            return f"an entry ({kind}) has no request"
        if request.get("method") == "PUT":
            if request.get("url") != f"{kind}/{resource.get('id')}":
                return f"PUT {request.get('url')} does not name its resource ({kind}/{resource.get('id')})"
        elif request.get("method") == "POST":
            if kind != "Questionnaire" or request.get("url") != kind or "url=" not in request.get("ifNoneExist", ""):
                return f"POST of {kind} is not a conditional create of a Questionnaire"
        else:
            return f"method {request.get('method')} is not used by this interface"
        for reference in _references(resource):
            if reference.startswith("urn:uuid:") and reference not in full_urls:
                return f"{kind} refers to {reference}, which is not in the Bundle"
    return None


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


@contextmanager
def fake_fhir(token: str | None = TOKEN) -> Iterator[FakeFhir]:
    """A FHIR server on a free local port for the duration of the block."""
    handler = type("Handler", (_Handler,), {})
    with local_http(handler) as port:
        handler.fake = FakeFhir(url=f"http://127.0.0.1:{port}{BASE_PATH}", token=token)  # type: ignore[attr-defined]
        yield handler.fake  # type: ignore[attr-defined]
