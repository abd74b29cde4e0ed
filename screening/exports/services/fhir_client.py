"""The HTTP side of the FHIR push: one transaction Bundle POSTed to the server's base (issue 18).

Design decisions:
- httpx (a maintained HTTP client, already installed with Streamlit) with explicit
  timeouts: 5 s to connect, 30 s for the answer. A transaction of one sitting is small
  (tens of kB), so a slower answer means a server in trouble, which the retries handle.
- Headers as FHIR R4's RESTful API asks: `Content-Type` and `Accept`
  application/fhir+json (UTF-8), and `Prefer: return=minimal` (the server need not send
  the resources back). A bearer token, when SCREENING_FHIR_PUSH_TOKEN is set.
- Never raises for the network: a refused connection or a timeout is an `Answer` with no
  status, for `rules.fhir_push.outcome_of` to decide. Nothing here logs the body, the
  token or the server's words.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol

import httpx

from screening.exports.rules.fhir_push import FHIR_JSON, PUSH_TOKEN_ENV, Answer, push_endpoint

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class FhirPoster(Protocol):
    endpoint: str

    def post_transaction(self, bundle_json: str) -> Answer: ...


class HttpFhirPoster:
    """POSTs transaction Bundles to `endpoint` (the FHIR server's base URL)."""

    def __init__(self, endpoint: str, *, token: str | None = None, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.endpoint = endpoint
        headers = {"Content-Type": f"{FHIR_JSON}; charset=utf-8", "Accept": FHIR_JSON, "Prefer": "return=minimal"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(headers=headers, timeout=timeout, follow_redirects=False)

    def post_transaction(self, bundle_json: str) -> Answer:
        try:
            response = self._client.post(self.endpoint, content=bundle_json.encode("utf-8"))
        except httpx.HTTPError as error:
            return Answer(None, error=type(error).__name__)
        try:
            body = response.json()
        except ValueError:
            body = None
        retry_after = response.headers.get("Retry-After", "")
        return Answer(response.status_code, body, int(retry_after) if retry_after.isdigit() else None)

    def close(self) -> None:
        self._client.close()


def fhir_poster(environ: Mapping[str, str] | None = None) -> HttpFhirPoster | None:
    """The configured poster, or None when SCREENING_FHIR_PUSH_URL is not set (InvalidValue if unusable)."""
    environ = os.environ if environ is None else environ
    endpoint = push_endpoint(environ)
    if endpoint is None:
        return None
    return HttpFhirPoster(endpoint, token=(environ.get(PUSH_TOKEN_ENV) or "").strip() or None)
