"""How `make test` shares the suite out between pytest-xdist workers (`--dist loadscope`).

Whole test modules go to a worker at a time (xdist's scope scheduling), so a module's
fixtures are made once; a worker asks for the next module when it runs short. One
exception: the browser journeys on the shared demo server (`app_url`,
tests/browser/conftest.py) are one unit, run in their usual order on one worker, since
each journey starts from what the journeys before it left on that server (patients
screened today, flags acknowledged). The browser tests with servers of their own (two
servers, the database outage, the identity provider) are units of their own, so they
run beside the journeys. Node ids are unchanged.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

BROWSER = "tests/browser/"
OWN_SERVERS = (
    "tests/browser/test_two_servers.py",
    "tests/browser/test_database_outage_journey.py",
    "tests/browser/test_identity_provider_sign_in.py",
)


class SharedServerScheduling(LoadScopeScheduling):
    """xdist's scope scheduling, with the shared-server journeys as one scope."""

    def _split_scope(self, nodeid: str) -> str:
        if nodeid.startswith(BROWSER) and not nodeid.startswith(OWN_SERVERS):
            return BROWSER
        return super()._split_scope(nodeid)
