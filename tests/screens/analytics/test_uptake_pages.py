"""The Uptake and Equity pages, driven headless with Streamlit's AppTest, on a small demo service."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from demo.data import load_demo_data
from models import Attendance, AuditEvent, ScreeningSession, Site
from screening.uptake.rules.analytics_filters import london_today
from tests.screens.conftest import page_text

UPTAKE, EQUITY = "app_pages/uptake.py", "app_pages/equity.py"


@pytest.fixture
def db_url(demo_db_url: str) -> str:
    """The demo service is loaded, so the app needs a database named as the demo."""
    return demo_db_url


@pytest.fixture
def demo(db_session: Session) -> Session:
    """A small demo service ending today, so the default period (the last year) holds it."""
    load_demo_data(db_session, seed=5, end=london_today(datetime.now(UTC)), patients=120)
    db_session.commit()
    return db_session


def open_page(app: AppTest, page: str) -> AppTest:
    app.run()
    return app.switch_page(page).run()


def cells(app: AppTest) -> set[str]:
    return {str(v) for frame in app.dataframe for column in frame.value.columns for v in frame.value[column]}


def test_a_service_manager_sees_the_tiles_the_charts_and_their_readings(app: AppTest, as_user, demo: Session) -> None:
    as_user("service_manager")
    open_page(app, UPTAKE)
    assert not app.exception and not app.error
    assert [m.label for m in app.metric] == ["Eligible", "Offered", "Uptake", "Declined", "Assisted", "Patients flagged",
                                             "Flags closed within target"]  # fmt: skip
    assert [s.value for s in app.subheader] == ["Uptake over time", "Sites and clinics compared",
                                                "How patients were screened"]  # fmt: skip
    text = page_text(app)
    assert "All sites: " in text and "Overall uptake" in text
    # Issue 19: the tile and the weekly chart each say what they measure, next to them.
    captions = [c.value for c in app.caption]
    assert "Of the patients who attended in the period, the share screened at least once in it: each patient " \
           "counts once, however many visits." in captions  # fmt: skip
    tile = app.metric[2].value
    chart = next(c for c in captions if c.startswith("Each point is one week:"))
    assert "of the patients who attended that week, the share screened in the same week" in chart
    assert f"runs below the headline uptake ({tile}), which counts each patient once over the whole period" in chart
    assert "(screened at least once). All sites: " in chart  # then the chart's reading
    assert len(app.get("vega_lite_chart")) == 3
    assert len(app.get("download_button")) == 6  # a CSV and a PNG for each chart


def test_how_patients_were_screened_is_shown_by_the_chosen_group_remote_included(
    app: AppTest, as_user, demo: Session
) -> None:
    demo.execute(update(ScreeningSession).where(ScreeningSession.status == "completed", ScreeningSession.id % 3 == 0)
                 .values(remote=True))  # fmt: skip
    demo.commit()
    as_user("service_manager")
    open_page(app, UPTAKE)
    choice = app.selectbox(key="uptake_mode_by")
    assert choice.value == "ethnic_group"
    assert {"Everyone", "IMD quintile (1 = most deprived)", "Preferred language", "Interpreter needed"} <= set(
        choice.options)  # fmt: skip
    frame = app.dataframe[-1].value
    assert list(frame.columns) == ["Ethnic group", "How screened", "patients", "eligible in group", "share of group",
                                   "95% low", "95% high"]  # fmt: skip
    assert {"Remote (secure link)", "Not screened"} <= set(frame["How screened"])
    choice.set_value("imd_quintile").run()
    assert not app.exception
    assert app.dataframe[-1].value.columns[0] == "IMD quintile (1 = most deprived)"
    values = [v for column in ("patients", "eligible in group") for v in app.dataframe[-1].value[column]]
    assert all(v == "*" or int(v) % 5 == 0 for v in values)  # suppressed like every other figure


def test_small_counts_are_hidden_on_screen(app: AppTest, as_user, demo: Session) -> None:
    as_user("service_manager")
    open_page(app, UPTAKE)
    app.segmented_control(key="uptake_place").set_value("clinic").run()
    assert "*" in cells(app)  # 120 patients over 16 clinics: some counts are 1-7
    assert not any(value.isdigit() and int(value) % 5 for value in cells(app))  # the rest rounded to 5


def test_only_an_administrator_is_offered_exact_figures(app: AppTest, as_user, demo: Session) -> None:
    as_user("service_manager")
    open_page(app, UPTAKE)
    assert not [e for e in app.expander if "Exact figures" in e.label]


def test_an_administrator_switches_suppression_off_only_with_a_reason_and_it_is_audited(
    app: AppTest, as_user, demo: Session
) -> None:
    admin = as_user("administrator")
    open_page(app, UPTAKE)
    app.button(key="uptake_unsuppress").click().run()
    assert "Record a reason" in app.error[0].value
    app.text_input(key="uptake_reason").set_value("Checking a data-quality query")
    app.button(key="uptake_unsuppress").click().run()
    assert not app.exception
    assert "Exact figures" in app.warning[-1].value and "Checking a data\\-quality query" in app.warning[-1].value
    demo.expire_all()
    event = demo.scalar(select(AuditEvent).where(AuditEvent.action == "analytics.unsuppressed"))
    assert event is not None and event.actor_user_id == admin.id
    assert event.detail["reason"] == "Checking a data-quality query"


def test_the_equity_page_shows_every_view_for_the_chosen_breakdown(app: AppTest, as_user, demo: Session) -> None:
    as_user("service_manager")
    open_page(app, EQUITY)
    assert not app.exception and not app.error
    assert [s.value for s in app.subheader] == ["Uptake by ethnic group", "Site x ethnic group",
                                                "Adjusted comparison", "The screening cascade"]  # fmt: skip
    assert "Adjusted** means compared like with like" in page_text(app)
    app.selectbox(key="equity_dimension").set_value("interpreter").run()
    assert app.subheader[0].value == "Uptake by interpreter needed"
    assert len(app.get("download_button")) == 8


def test_a_site_scoped_manager_is_offered_only_their_sites(app: AppTest, as_user, demo: Session) -> None:
    guys = demo.scalar(select(Site).where(Site.code == "GUY"))
    as_user("service_manager", sites=[guys])
    open_page(app, UPTAKE)
    assert not app.exception
    assert app.multiselect(key="uptake_sites").options == ["GUY"]
    assert [s for s in app.selectbox(key="uptake_series").options] == ["All sites", "GUY"]


@pytest.mark.parametrize("page", [UPTAKE, EQUITY])
@pytest.mark.parametrize("role", ["clinic_staff", "psychologist"])
def test_other_roles_cannot_reach_the_dashboards(app: AppTest, as_user, role: str, page: str) -> None:
    as_user(role)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)
    app._page_hash = calc_hash(Path(page).stem)  # a typed URL
    app.run()
    assert not app.exception
    assert "Screening uptake" not in [t.value for t in app.title]
    assert not app.metric


def test_the_page_says_when_its_figures_may_miss_changes_an_import_is_still_writing(
    app: AppTest, as_user, demo: Session, db_engine, backend: str
) -> None:
    if backend != "sqlite":
        return  # only SQLite's single writer can keep the summary from catching up
    as_user("service_manager")
    app.run()
    # An attended visit: the demo's first attendance may already be cancelled (it is, on some
    # days the demo is seeded), and a change to the same status queues no one.
    attended = select(func.min(Attendance.id)).where(Attendance.status == "attended")
    demo.execute(update(Attendance).where(Attendance.id == demo.scalar(attended)).values(status="cancelled"))
    demo.commit()
    with db_engine.connect() as importer:
        importer.exec_driver_sql("BEGIN IMMEDIATE")  # an import's long write transaction
        app.switch_page(UPTAKE).run()
        importer.exec_driver_sql("ROLLBACK")
    assert not app.exception and not app.error
    assert "may not include the latest changes for 1 patient" in app.info[0].value
    assert next(m.label for m in app.metric) == "Eligible"
