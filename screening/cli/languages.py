"""Translations on the command line: `import-translation FILE` (issue 16).

The same checked import as the Languages page: every problem printed on its own line
("line N: ..."), exit code 1 and nothing stored when there is any. Run with no signed-in
user (audited as "command line"); a translation is offered to patients only after an
administrator signs it off in the app. Registered on `screening.cli.group.main` when
imported; `screening.cli` imports this.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.languages.services.translation_import import import_translation


@click.command("import-translation")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@one_line_errors
def import_translation_command(file: Path) -> None:
    """Import a translation file (TOML, docs/languages.md), checked against the English master."""
    with open_database().transaction() as session:
        result = import_translation(session, file.read_bytes())
    if not result.imported:
        click.echo(f"Refused {file.name}: nothing was imported. Problems:", err=True)
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(f"Imported {result.language}: {', '.join(result.parts)}. Not signed off: an administrator signs "
               "it off on the Languages page before patients are offered it.")  # fmt: skip


main.add_command(import_translation_command)
