"""The command line: `python -m screening <command>`, the one composition root.

`group` holds the click group `main`, what every command shares (`open_database`,
`one_line_errors`) and the core commands (`init-db`, `check`); each other module registers the
commands of one part of the product on `main`. Imports run one way: a command module imports
`group`, and this package imports them all, so no module imports one that imports it back.
The command line is the one place allowed to reach every package's services, the demo loader
and the benchmark builders.
"""

from screening.cli import (  # noqa: F401 - registers them
    audit,
    bench,
    escalation,
    exports,
    fhir_push,
    hl7,
    imports,
    invitations,
    languages,
    sites,
    uptake,
    users,
)
from screening.cli.group import main

__all__ = ["main"]
