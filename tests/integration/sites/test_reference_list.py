"""The Sites and clinics page's list, on each database: every site and clinic, administrators only."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from screening.access.services import accounts
from screening.errors import PermissionDenied
from screening.policy import CurrentUser
from screening.sites.services.reference_data import add_clinic, add_site
from screening.sites.services.reference_list import ClinicRow, SiteRow, sites_and_clinics
from tests import factories


def user(session: Session, role: str) -> CurrentUser:
    made = accounts.create_user(session, username=f"{role}.one", display_name="Ada Okafor", role=role,
                                password="lilac-teapot-harbour", site_codes=None, actor=None)  # fmt: skip
    return accounts.load_current_user(session, made.id)


def test_sites_come_with_their_clinic_count_and_clinics_with_their_site(db_session: Session) -> None:
    add_site(db_session, "KCH", "King's College Hospital")
    add_site(db_session, "GUY", "Guy's Hospital")
    add_site(db_session, "STT", "St Thomas' Hospital")  # no clinics yet: still listed
    add_clinic(db_session, "GUY", "GUY-ONC", "Haemato-oncology", specialty="haemato_oncology")
    add_clinic(db_session, "GUY", "GUY-HBO", "Haemoglobinopathy", specialty="haemoglobinopathy", bundle="gateway")
    factories.clinic(db_session, site_id=add_site(db_session, "LEW", "Lewisham").id, code="LEW-OLD", active=False)
    listed = sites_and_clinics(db_session, user(db_session, "administrator"))
    assert listed.sites == (
        SiteRow("GUY", "Guy's Hospital", 2), SiteRow("KCH", "King's College Hospital", 0),
        SiteRow("LEW", "Lewisham", 1), SiteRow("STT", "St Thomas' Hospital", 0),
    )  # fmt: skip
    assert listed.clinics[:2] == (
        ClinicRow("GUY", "GUY-HBO", "Haemoglobinopathy", "haemoglobinopathy", "gateway", True),
        ClinicRow("GUY", "GUY-ONC", "Haemato-oncology", "haemato_oncology", "full", True),
    )  # fmt: skip
    assert (listed.clinics[2].code, listed.clinics[2].active) == ("LEW-OLD", False)  # switched off, still listed


@pytest.mark.parametrize("role", ["clinic_staff", "psychologist", "service_manager"])
def test_only_a_role_that_manages_sites_may_list_them(db_session: Session, role: str) -> None:
    with pytest.raises(PermissionDenied, match="cannot manage sites and clinics"):
        sites_and_clinics(db_session, user(db_session, role))
