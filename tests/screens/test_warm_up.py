"""The server imports what the pages import before its first request (issue 19)."""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ui.shell.warm_up import SCRIPTS, import_page_modules, page_modules, starting_with_pages_imported


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_pages_top_level_absolute_imports_are_listed_once_each(tmp_path: Path) -> None:
    first = _script(tmp_path, "first.py", "import json\nimport os.path, csv\nfrom decimal import Decimal\n"
                                          "from . import nearby\n\ndef later():\n    import wave\n")  # fmt: skip
    second = _script(tmp_path, "second.py", "from decimal import Context\nimport json as plain\n")
    assert page_modules((first, second)) == {"csv": set(), "decimal": {"Context", "Decimal"}, "json": set(),
                                             "os.path": set()}  # fmt: skip


def test_every_module_the_app_and_its_pages_import_is_listed() -> None:
    listed = page_modules()
    assert {"app.py", "uptake.py", "equity.py", "sitting.py"} <= {script.name for script in SCRIPTS}
    assert {"ui.analytics.analytics_cache", "ui.shell.auth", "streamlit"} <= set(listed)
    assert "auth" in listed["ui.shell"]  # app.py: from ui.shell import auth
    for script in SCRIPTS:  # each script's own imports are among them
        assert set(page_modules((script,))) <= set(listed)


def test_a_module_that_fails_to_import_is_logged_and_the_others_still_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(tmp_path, "warm_up_example_module.py", "LOADED = True\n")
    package = tmp_path / "warm_up_example_package"
    package.mkdir()
    _script(package, "__init__.py", "")
    _script(package, "part.py", "PART = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    page = _script(tmp_path, "page.py", "import warm_up_example_module\nimport no_such_module_anywhere\n"
                                        "from warm_up_example_package import part\n")  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="ui.shell.warm_up"):
        assert import_page_modules((page,)) == 3  # the module, the package and its part
    assert sys.modules["warm_up_example_module"].LOADED is True
    assert sys.modules["warm_up_example_package.part"].PART is True
    assert "no_such_module_anywhere did not import" in caplog.text
    for name in ("warm_up_example_module", "warm_up_example_package", "warm_up_example_package.part"):
        monkeypatch.delitem(sys.modules, name)


def test_the_servers_start_imports_the_pages_modules_before_it_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[str] = []
    monkeypatch.setattr("ui.shell.warm_up.import_page_modules", lambda: imported.append("pages"))

    async def start() -> None:
        async with starting_with_pages_imported(None):
            imported.append("serving")

    # In a thread of its own: a test before this one may have left an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, start()).result(timeout=30)
    assert imported == ["pages", "serving"]
