"""What the staff pages import, imported when the server starts (issue 19).

A page's modules are imported the first time anyone opens it, and then kept for the life of
the server process. The dashboards' (Altair, scikit-learn, pandas) took about 1.9 s, so the
first manager to open Uptake after a restart waited 3.9 s from click to charts (medians on
the benchmark service), against 1.5-1.8 s for everyone after. `serve.py` now imports them
as the server starts (`starting_with_pages_imported`), before its first request: that
first visit takes 2.2 s on SQLite and 2.7 s on PostgreSQL.

Design decisions:
- The list is read from the pages' own import statements (`page_modules`), so a page that
  starts using a new module needs no change here.
- In the app's lifespan start, after Streamlit's runtime has started (so the pages' caches
  are made as in a page run, with no warning) and before the server takes a request. Not
  in a thread beside the first requests: a page importing a module that a warm-up thread
  was part way through importing could be handed it half made (Python lets a concurrent
  import through to break a deadlock). The server answers about two seconds later, once.
"""

from __future__ import annotations

import ast
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = (ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")))

log = logging.getLogger(__name__)


def page_modules(scripts: tuple[Path, ...] = SCRIPTS) -> dict[str, set[str]]:
    """The modules the app script and its pages import at their top level (absolute
    imports only), each with the names imported from it (none for `import x`)."""
    modules: dict[str, set[str]] = {}
    for script in scripts:
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules.setdefault(alias.name, set())
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.setdefault(node.module, set()).update(alias.name for alias in node.names)
    return dict(sorted(modules.items()))


def import_page_modules(scripts: tuple[Path, ...] = SCRIPTS) -> int:
    """Import every module of `page_modules`, and each name imported from one that is a
    module of its own (`from ui.shell import auth`); returns how many modules were
    imported. One that fails to import is logged by name and left for its page to report
    as it always has."""
    imported = 0
    for name, names in page_modules(scripts).items():
        module = _imported(name)
        if module is None:
            continue
        imported += 1
        for submodule in sorted(f"{name}.{part}" for part in names if not hasattr(module, part)):
            imported += _imported(submodule) is not None
    return imported


def _imported(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except Exception:  # the page that needs it shows the error when opened
        log.warning("warm-up: %s did not import; its page will report why", name, exc_info=True)
        return None


@asynccontextmanager
async def starting_with_pages_imported(_app: Any) -> AsyncIterator[None]:
    """`st.App`'s lifespan: import the pages' modules, then serve."""
    import_page_modules()
    yield
