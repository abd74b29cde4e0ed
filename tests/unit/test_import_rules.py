"""The layer rules the README states, enforced: each folder imports only what it may.

Read from the source with `ast`, so a rule is broken the moment an import is written,
whether or not that code path runs in a test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (files, forbidden module prefixes, why) — keep in step with the README's layer table.
RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("questionnaires/**/*.py", ("streamlit", "sqlalchemy", "alembic", "models", "pandas",
     "screening.services", "screening.scoring", "ui", "app_pages"),
     "instrument data and its loader stand alone"),
    ("screening/*.py", ("streamlit", "sqlalchemy", "alembic", "psycopg", "models", "altair",
     "screening.services", "ui", "app_pages"),
     "the domain rules are pure"),
    ("screening/notifications/**/*.py", ("streamlit", "sqlalchemy", "alembic", "psycopg", "models",
     "requests", "notifications_python_client", "screening.services", "ui", "app_pages"),
     "the notification words and interface are pure; the adapters that send live in services"),
    ("screening/services/**/*.py", ("streamlit", "altair", "ui", "app_pages"),
     "services take a Session and know nothing of the web page"),
    ("models/**/*.py", ("streamlit", "pandas", "altair", "screening.services", "screening.cli",
     "ui", "app_pages"),
     "the ORM layer holds tables and migrations only"),
    ("ui/**/*.py", ("sqlalchemy", "alembic", "psycopg", "models"),
     "the web layer reaches data only through services"),
    ("app_pages/**/*.py", ("sqlalchemy", "alembic", "psycopg", "models"),
     "pages are thin: they call services"),
    ("app.py", ("sqlalchemy", "alembic", "psycopg", "models"), "the entry script only routes"),
)
# The command line is the one domain-folder module allowed to reach the services.
EXEMPT = {
    "screening/cli.py", "screening/cli_users.py", "screening/__main__.py",
    "screening/cli_reference.py", "screening/cli_imports.py", "screening/cli_exports.py",
    "screening/cli_uptake.py", "screening/cli_bench.py", "screening/cli_sign_in.py", "screening/cli_escalation.py",
    "screening/cli_audit.py",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def breaks(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(forbidden + ".")


def violations() -> list[str]:
    found = []
    for pattern, forbidden, why in RULES:
        for path in sorted(ROOT.glob(pattern)):
            relative = path.relative_to(ROOT).as_posix()
            if relative in EXEMPT or "/migrations/versions/" in relative:
                continue
            for module in sorted(imported_modules(path)):
                for prefix in forbidden:
                    if breaks(module, prefix):
                        found.append(f"{relative} imports {module}: {why}")
    return found


def test_every_layer_imports_only_what_the_readme_allows() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("import streamlit as st\n", "streamlit"),
        ("from sqlalchemy.orm import Session\n", "sqlalchemy.orm.Session"),
        ("from models import Patient\n", "models.Patient"),
    ],
)
def test_the_import_scan_sees_plain_and_from_imports(tmp_path: Path, source: str, module: str) -> None:
    file = tmp_path / "page.py"
    file.write_text(source)
    assert module in imported_modules(file)


def test_a_relative_import_is_not_mistaken_for_a_top_level_package(tmp_path: Path) -> None:
    file = tmp_path / "x.py"
    file.write_text("from .models import thing\n")
    assert imported_modules(file) == set()


def test_every_rule_matches_at_least_one_file() -> None:
    # A rule whose glob matches nothing checks nothing; catch a renamed folder.
    for pattern, _, _ in RULES:
        assert list(ROOT.glob(pattern)), pattern
