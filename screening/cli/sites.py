"""Sites and clinics on the command line: `add-site`, `add-clinic` (issue 5).

The reference data every clinic list and screening hangs off. Run with no signed-in
user (`actor=None`, audited as "command line"), like `create-user`. Registered on
`screening.cli.group.main` when imported; `screening.cli` imports this.
"""

from __future__ import annotations

import click

from screening.cli.group import main, one_line_errors
from screening.clinical.rules.codes import CLINIC_SPECIALTIES, SCREENING_BUNDLES
from screening.database.services.database import open_database
from screening.sites.services.reference_data import add_clinic, add_site


@click.command("add-site")
@click.argument("code")
@click.argument("name")
@one_line_errors
def add_site_command(code: str, name: str) -> None:
    """Add a hospital site, e.g. `add-site GUY "Guy's Hospital"`."""
    with open_database().transaction() as session:
        site = add_site(session, code, name)
        done = f"Added site {site.code} ({site.name})."
    click.echo(done)


@click.command("add-clinic")
@click.argument("site_code")
@click.argument("code")
@click.argument("name")
@click.option("--specialty", type=click.Choice(list(CLINIC_SPECIALTIES)), required=True)
@click.option("--bundle", type=click.Choice(list(SCREENING_BUNDLES)), default="full", show_default=True,
              help="full: PHQ-9 + GAD-7; gateway: PHQ-4 opening the full instruments when positive.")  # fmt: skip
@one_line_errors
def add_clinic_command(site_code: str, code: str, name: str, specialty: str, bundle: str) -> None:
    """Add a clinic at a site, with its specialty and screening bundle."""
    with open_database().transaction() as session:
        clinic = add_clinic(session, site_code, code, name, specialty=specialty, bundle=bundle)
        done = f"Added clinic {clinic.code} ({clinic.name}) at {site_code.strip().upper()}, {bundle} bundle."
    click.echo(done)


main.add_command(add_site_command)
main.add_command(add_clinic_command)
