"""The naive route to the same uptake counts: read the rows into pandas, then group.

Never used by the app. It exists for two reasons (issue 8): the benchmark times it
against the grouped SQL (`uptake_counts`), and the tests use it as an independent second
implementation of the definitions, so the SQL and this code must agree group for group.
It reads one row per attendance, sitting and patient into the server's memory, which is
exactly what the app must not do with a year of a real service.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Attendance, Clinic, Patient, ScreeningSession
from screening.patients.rules.age_bands import age_on
from screening.uptake.rules.analytics_filters import LONDON
from screening.uptake.rules.uptake_dimensions import group_label, sort_key
from screening.uptake.services.analytics_scope import Scope
from screening.uptake.services.uptake_counts import PATIENT_COLUMNS, GroupCounts
from screening.uptake.services.uptake_sql import unit_for

A, S, C, P = Attendance.__table__, ScreeningSession.__table__, Clinic.__table__, Patient.__table__


def _read(session: Session, query: object) -> pd.DataFrame:
    result = session.execute(query)  # type: ignore[call-overload]
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def naive_counts(
    session: Session, scope: Scope, bounds: tuple[datetime, datetime], by: tuple[str, ...]
) -> list[GroupCounts]:
    unit = unit_for(by)
    visits = _read(
        session,
        select(A.c.patient_id, A.c.clinic_id, A.c.appointment_at).where(
            A.c.status == "attended", A.c.appointment_at >= bounds[0], A.c.appointment_at < bounds[1]
        ),
    )
    sittings = _read(session, select(S.c.patient_id, S.c.clinic_id, S.c.status)
                     .where(S.c.started_at >= bounds[0], S.c.started_at < bounds[1]))  # fmt: skip
    people = _read(session, select(P.c.id, *{c.name: c for c in PATIENT_COLUMNS.values()}.values(), P.c.date_of_birth))
    sites = dict(session.execute(select(C.c.id, C.c.site_id)).all())
    if scope.clinic_ids is not None:
        visits = visits[visits.clinic_id.isin(scope.clinic_ids)]
        sittings = sittings[sittings.clinic_id.isin(scope.clinic_ids)]
    keys = ["patient_id"] + ([] if unit == "patient" else ["place"])
    for frame in (visits, sittings):
        frame["place"] = frame.clinic_id.map(sites) if unit == "site" else frame.clinic_id
    units = visits.groupby(keys, as_index=False).agg(first_at=("appointment_at", "min"))
    flags = sittings.assign(screened=sittings.status.eq("completed"), declined=sittings.status.eq("declined"))
    flags = flags.groupby(keys, as_index=False)[["screened", "declined"]].max().assign(offered=True)
    units = units.merge(flags, on=keys, how="left").merge(people, left_on="patient_id", right_on="id")
    if scope.diagnosis_groups:
        units = units[units.diagnosis_group.isin(scope.diagnosis_groups)]
    units = units.fillna({"screened": False, "declined": False, "offered": False}).infer_objects()
    labels = {}
    for name in by:
        if name == "site":
            labels[name] = units.place.map(lambda v: scope.site_codes[v if unit == "site" else scope.clinic_sites[v]])
        elif name == "clinic":
            labels[name] = units.place.map(scope.clinic_codes)
        elif name == "age_band":
            day = pd.to_datetime(units.first_at, utc=True).dt.tz_convert(LONDON).dt.date
            labels[name] = [
                group_label("age_band", age_on(born, d)) for born, d in zip(units.date_of_birth, day, strict=True)
            ]
        else:
            column = PATIENT_COLUMNS[name].name
            labels[name] = units[column].map(lambda v, n=name: group_label(n, None if pd.isna(v) else v))
    table = pd.DataFrame({**{f"g_{n}": list(labels[n]) for n in by},
                          "eligible": 1, "offered": units.offered.to_numpy(), "screened": units.screened.to_numpy(),
                          "declined": (units.declined & ~units.screened).to_numpy()})  # fmt: skip
    grouped = table.groupby([f"g_{n}" for n in by]).sum() if by else table.sum().to_frame().T
    out = [GroupCounts(tuple(key) if isinstance(key, tuple) else (key,) if by else (),
                       {m: int(row[m]) for m in ("eligible", "offered", "screened", "declined")})
           for key, row in grouped.iterrows()]  # fmt: skip
    return sorted(out, key=lambda g: tuple(sort_key(n, v) for n, v in zip(by, g.groups, strict=True)))
