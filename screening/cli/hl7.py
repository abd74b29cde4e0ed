"""HL7 v2 clinic lists on the command line: `listen-hl7` (issue 18).

Design decisions:
- Binds to 127.0.0.1 by default: MLLP carries no encryption, so it is reached through the
  trust's integration engine or a TLS tunnel on the same host (docs/hl7.md).
- One log line per message (type, control id, ACK code) from `hl7_intake`, at INFO for this
  command only; no patient value is logged.
- Ctrl-C stops it cleanly: the server stops taking connections, the database is released.
- Registered on `screening.cli.group.main` when imported; `screening.cli` imports this.
"""

from __future__ import annotations

import logging

import click

from screening.cli.group import main, one_line_errors
from screening.database.services.database import open_database
from screening.errors import ScreeningError
from screening.imports.services.hl7_listener import MllpServer


class ListenRefused(ScreeningError):
    """The address cannot be listened on (in use, or not this host's)."""


@click.command("listen-hl7")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=2575, show_default=True, type=click.IntRange(0, 65535), help="TCP port (MLLP).")
@one_line_errors
def listen_hl7_command(host: str, port: int) -> None:
    """Take HL7 v2 SIU appointments and ADT^A08 patient updates over MLLP, acknowledging each."""
    logging.getLogger("screening.imports.services.hl7_intake").setLevel(logging.INFO)
    database = open_database()
    try:
        server = MllpServer((host, port), database.sessions)
    except OSError as error:
        database.dispose()
        raise ListenRefused(f"cannot listen on {host}:{port} ({error.strerror}): choose another --port.") from None
    click.echo(f"Listening for HL7 v2 (MLLP) on {host}:{server.server_address[1]}; Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.server_close()
        database.dispose()


main.add_command(listen_hl7_command)
