"""The invitations benchmark still runs (issue 17): a tiny run through the outbox and the fake Notify."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_invitations import fake_notify_process, one


@pytest.mark.parametrize("route", ["outbox", "notify"])
def test_a_tiny_invitations_benchmark_sends_every_invitation(
    route: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_notify_process() as url:
        one("sqlite", route, 7, 20, tmp_path, "", url)
    out = capsys.readouterr().out
    assert f"sqlite     {route:<7} batch    7: 20 sent in" in out and "CHECK" not in out
