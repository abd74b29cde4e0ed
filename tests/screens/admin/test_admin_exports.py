"""The administrator's export page: downloads, a reason for identifiable data, audited."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent
from tests.screens.conftest import page_text

PAGE = "app_pages/admin_exports.py"


def open_exports(app, as_user, role="administrator"):
    as_user(role)
    app.run()
    return app.switch_page(PAGE).run()


def test_an_administrator_prepares_a_pseudonymised_csv_and_the_export_is_audited(app, as_user, db_session):
    open_exports(app, as_user)
    app.button(key="FormSubmitter:admin_exports_form-Prepare export").click().run()
    assert not app.exception
    assert "0 sittings of 0 patients are ready." in app.success[0].value
    assert app.get("download_button")[0].proto.label.startswith("Download screening-")
    assert db_session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("export%"))).all()


def test_an_identifiable_export_without_a_reason_is_refused_with_what_to_do(app, as_user):
    open_exports(app, as_user)
    app.radio[0].set_value("csv_id")
    app.button(key="FormSubmitter:admin_exports_form-Prepare export").click().run()
    assert "reason" in app.error[0].value.lower()
    assert not app.get("download_button")


def test_a_psychologist_is_not_offered_the_export_page(app, as_user):
    as_user("psychologist")
    app.run()
    try:
        app.switch_page(PAGE)
    except ValueError as refused:
        assert "Known pages" in str(refused)
    else:  # pragma: no cover - the router must not register it
        raise AssertionError("the export page was registered for a psychologist")
    assert "Exports" not in page_text(app)
