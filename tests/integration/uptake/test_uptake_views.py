"""The dashboard's views on the hand-built June service (tests/uptake_scenario.py), exact figures.

ADMIN with a reason sees exact counts, so the arithmetic in the comments can be checked.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from screening.policy import CurrentUser
from screening.uptake.rules.disclosure import Disclosure
from screening.uptake.services.uptake import headline_and_modes, uptake_table
from screening.uptake.services.uptake_cascade import cascade
from screening.uptake.services.uptake_compare import equity_view, heat_map, site_funnel
from screening.uptake.services.uptake_trend import ALL_SITES, uptake_trend
from tests.uptake_scenario import JUNE, build

ADMIN = CurrentUser(1, "admin", "Admin", "administrator", None)
EXACT = Disclosure.unsuppressed("testing the arithmetic")


def test_headline_counts_patients_flags_and_flags_closed_by_their_due_time(db_session: Session) -> None:
    build(db_session)
    # Patients: 5 eligible, 4 offered, 3 screened, 1 declined; assisted: P2's completed
    # sitting was assisted = 1; flagged: P1 (F1) and P2 (F2, F3) = 2.
    # Flags due by 1 July 12:00: F1 (12 Jun) and F2 (27 Jun); F3 (10 Jul) is not yet due.
    # Closed by their due time: F1 (closed 12 Jun 08:00, due 12:00) = 1 of 2.
    tiles, _ = headline_and_modes(db_session, ADMIN, JUNE, now=datetime(2026, 7, 1, 12, tzinfo=UTC), disclosure=EXACT)
    assert tiles.counts == {"eligible": 5, "offered": 4, "screened": 3, "declined": 1, "assisted": 1, "flagged": 2,
                            "flags_due": 2, "flags_closed_in_time": 1}  # fmt: skip
    assert tiles.uptake == pytest.approx(3 / 5)
    assert tiles.share("flags_closed_in_time", "flags_due") == pytest.approx(0.5)


def test_cascade_shows_where_each_group_falls_out(db_session: Session) -> None:
    build(db_session)
    # White (P1, P7): 2 eligible, 2 offered, 1 completed (P1), 1 flagged (F1), F1 acknowledged
    #   11 Jun before its 12 Jun due time = 1 reviewed in time, F1 closed with an outcome = 1.
    # Black (P2): 1, 1, 1 completed, 1 flagged; F2 never reviewed = 0 in time; F2 still
    #   open = no outcome for every flag = 0.
    # Not known (P5): completed at C1A with no flag.
    rows = {r.group: r for r in cascade(db_session, ADMIN, JUNE, "ethnic_group", EXACT)}
    assert rows["White"].counts == {"eligible": 2, "offered": 2, "screened": 1, "flagged": 1,
                                    "reviewed_in_time": 1, "outcome_recorded": 1}  # fmt: skip
    assert rows["Black"].counts == {"eligible": 1, "offered": 1, "screened": 1, "flagged": 1,
                                    "reviewed_in_time": 0, "outcome_recorded": 0}  # fmt: skip
    assert rows["Not known"].counts["flagged"] == 0
    assert rows["White"].shares["screened"] == pytest.approx(0.5)  # 1 completed of 2 offered


def test_uptake_over_time_counts_patients_at_a_site_per_london_week(db_session: Session) -> None:
    build(db_session)
    # Weeks from Monday 1 June. S1: week 1 P2 and P7 (none screened that week); week 2 P1
    # (screened); week 3 P7; week 5 (29-30 Jun) P3. S2: week 1 P5 (abandoned); week 4 P2 (screened).
    trend = uptake_trend(db_session, ADMIN, JUNE, "week", EXACT)
    cells = {(r["site"], r["period"]): (r["eligible"], r["screened"]) for r in trend.table}
    assert {k: v for k, v in cells.items() if k[0] == "S1"} == {
        ("S1", date(2026, 6, 1)): (2, 0), ("S1", date(2026, 6, 8)): (1, 1), ("S1", date(2026, 6, 15)): (1, 0),
        ("S1", date(2026, 6, 29)): (1, 0)}  # fmt: skip
    assert {k: v for k, v in cells.items() if k[0] == "S2"} == {
        ("S2", date(2026, 6, 1)): (1, 0),
        ("S2", date(2026, 6, 22)): (1, 1),
    }
    # All sites adds the sites up, week by week; week 4 (22 Jun) has only S2's P2.
    assert cells[(ALL_SITES, date(2026, 6, 1))] == (3, 0)
    assert cells[(ALL_SITES, date(2026, 6, 22))] == (1, 1)
    assert not trend.charts[ALL_SITES].enough  # 5 weeks: fewer than 12 points


def test_the_week_holding_today_is_drawn_as_still_running_on_every_site_chart(db_session: Session) -> None:
    build(db_session)
    # JUNE ends on Tuesday 30 June: on that day its last week (from 29 Jun) is still running.
    during = uptake_trend(db_session, ADMIN, JUNE, "week", EXACT, today=date(2026, 6, 30))
    running = {name: chart.running.period if chart.running else None for name, chart in during.charts.items()}
    assert running == {ALL_SITES: date(2026, 6, 29), "S1": date(2026, 6, 29), "S2": None}  # S2 had no one that week
    after = uptake_trend(db_session, ADMIN, JUNE, "week", EXACT, today=date(2026, 7, 1))
    assert all(chart.running is None for chart in after.charts.values())
    assert (during.running, after.running) == (date(2026, 6, 29), None)  # the table's "period_ended" reads it
    assert during.table == after.table  # the counts published are the same; only the judging differs


def test_funnel_equity_and_heat_map_read_the_same_published_table(db_session: Session) -> None:
    build(db_session)
    rows, result = site_funnel(db_session, ADMIN, JUNE, "site", EXACT)
    # Target = (1 + 1) / (4 + 2) = 1/3.
    assert [(r.groups, r.eligible, r.screened) for r in rows] == [(("S1",), 4, 1), (("S2",), 2, 1)]
    assert result.target == pytest.approx(1 / 3)
    view = equity_view(db_session, ADMIN, JUNE, "interpreter", EXACT)
    # Yes (P2) 1/1 = 1.0 is the best served; No 2/4 = 0.5 -> ratio 0.5, below four-fifths.
    assert [(e.group, e.rate, e.below_four_fifths) for e in view.equity] == [("Yes", 1.0, False), ("No", 0.5, True)]
    assert (view.overall.eligible, view.overall.screened) == (5, 3)
    cells = {r.groups: (r.eligible, r.screened) for r in heat_map(db_session, ADMIN, JUNE, "interpreter", EXACT)}
    assert cells == {("S1", "Yes"): (1, 0), ("S1", "No"): (3, 1), ("S2", "Yes"): (1, 1), ("S2", "No"): (1, 0)}


def test_the_published_table_hides_small_numbers_by_default(db_session: Session) -> None:
    build(db_session)
    (row,) = uptake_table(db_session, None, JUNE, ("interpreter",))[:1]
    assert (row.eligible, row.offered, row.screened, row.declined, row.uptake) == ("*", "*", "*", 0, None)


def test_the_equity_page_answers_every_view_from_two_queries_with_the_same_figures(db_session: Session) -> None:
    from screening.uptake.services.dashboards import equity_page

    build(db_session)
    admin = CurrentUser(1, "admin", "Admin", "administrator", None)
    page = equity_page(db_session, admin, JUNE, dimension="interpreter", disclosure=EXACT, resamples=5)
    # The heat map added up from (group, site, age band, gender) cells equals the direct two-way table.
    assert page.heat_map == heat_map(db_session, ADMIN, JUNE, "interpreter", EXACT)
    assert page.equity == equity_view(db_session, ADMIN, JUNE, "interpreter", EXACT)
    assert page.cascade == cascade(db_session, ADMIN, JUNE, "interpreter", EXACT)
    assert {r.group for r in page.odds} == {"Yes", "No"}
