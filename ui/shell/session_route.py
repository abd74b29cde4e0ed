"""The app's one HTTP route: it swaps a one-time ticket for the staff sign-in cookie.

Why a route: a Streamlit script reaches the browser only over its websocket, and a
websocket message cannot set a cookie, let alone an HttpOnly one; only an HTTP response
can. Streamlit's own `st.login` works the same way (its /oauth2callback route sets the
HttpOnly cookie). `serve.py` mounts this route on `st.App`.

Why a ticket, and not a cookie handed out on every page load (and bound at sign-in):
- Nothing is issued before anyone signs in, so there is no pre-sign-in token to fixate:
  the token is born in the response that proves the sign-in (rotation by construction),
  and the cookie the browser had before is ended ("replaced").
- The ticket travels over the websocket to the one tab that signed in, in a POST body
  (never a URL: not in history, logs or Referer), lives 60 seconds and works once.
- A POST from another site cannot know the ticket, and the Origin check refuses it anyway.
If the ticket never arrives (JavaScript off, `streamlit run app.py` without this route),
nothing breaks: the tab stays signed in and a reload signs out, as before.

The cookie: HttpOnly (no script reads it), SameSite=Strict (never sent from another site),
Secure when the app is served over HTTPS, Path = the app's base path, no Max-Age (it
ends with the browser; the server ends it sooner: idle timeout, sign-out, 12 hours).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import lru_cache

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from screening.database.services.database import Database, configured_url, open_database
from screening.patient_mode.rules.staff_session_rules import COOKIE_NAME
from screening.patient_mode.services.staff_sessions import redeem_ticket

log = logging.getLogger("screening.ui")
PATH = "/_staff_session"
NO_STORE = {"Cache-Control": "no-store"}


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return open_database(url, migrate=False)  # the app's first run has migrated it


def _redeem(ticket: str, old_token: str | None) -> str | None:
    with _database(configured_url()).transaction() as session:
        return redeem_ticket(session, ticket, old_token=old_token, now=datetime.now(UTC))


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is not None and origin == f"{request.url.scheme}://{request.url.netloc}"


def _is_https(request: Request) -> bool:
    from streamlit import config

    return request.url.scheme == "https" or bool(config.get_option("server.sslCertFile"))


def cookie_path() -> str:
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else "/"


async def exchange(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403, headers=NO_STORE)
    ticket = (await request.body())[:100].decode("ascii", "replace").strip()
    try:
        token = await run_in_threadpool(_redeem, ticket, request.cookies.get(COOKIE_NAME))
    except Exception:
        log.exception("staff session cookie not issued")
        return Response(status_code=503, headers=NO_STORE)
    if token is None:
        return Response(status_code=403, headers=NO_STORE)
    response = Response(status_code=204, headers=NO_STORE)
    response.set_cookie(
        COOKIE_NAME, token, httponly=True, samesite="strict", secure=_is_https(request), path=cookie_path()
    )
    return response


ROUTES = [Route(PATH, exchange, methods=["POST"])]
