"""Build the analytics benchmark's synthetic database (issue 8): `bench analytics` calls this.

Design decisions:
- Only into an empty database, like the demo loader, and marked as demo data (AppMeta
  "demo_data", plus "bench_size"), so the app shows the demo banner over it and no real
  service can be mistaken for it.
- Sites and clinics go through the ORM (32 rows, validated); the big tables go through
  `bench_writer` in bulk. Explicit ids keep the tables' links without reading ids back.
- The demo users are added, so the dashboard can be rendered as `demo.manager`.
- Statistics are gathered at the end (ANALYZE on both databases), as an operator would
  after a bulk load; the uptake query is planned from them. The uptake summary is then
  built for every patient (the triggers queued them all) and its time reported apart;
  `bench analytics` vacuums it after the build commits (`tidy_uptake_days`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.builders.population import SITE_CODES, SPECIALTIES, BenchSize, bench_tables
from benchmarks.builders.writer import bulk_load, finish, prepare, write_table
from demo.data import DemoDataRefused
from demo.users import add_demo_users
from models import AppMeta, Clinic, Site
from screening.uptake.services.uptake_days import refresh_uptake_days

CONSTANTS: dict[str, dict[str, object]] = {
    "patients": {},
    "attendances": {},
    "screening_sessions": {"language": "English", "bundle": "full", "source": "demo"},
    "flags": {"version": 1},
}


@dataclass(frozen=True)
class BenchSummary:
    counts: dict[str, int]
    seconds: float
    summary_seconds: float = 0.0  # of which: building the uptake summary for every patient

    def __str__(self) -> str:
        rows = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in self.counts.items())
        return f"{rows} in {self.seconds:.1f} s (the uptake summary of every patient: {self.summary_seconds:.1f} s)"


def _sites_and_clinics(session: Session) -> np.ndarray:
    """The clinic ids in population order (site by site, four specialties each)."""
    clinics = []
    for code in SITE_CODES:
        site = Site(code=code, name=f"Synthetic hospital {code}")
        session.add(site)
        session.flush()
        clinics += [
            Clinic(site_id=site.id, code=f"{code}-{n + 1}", name=f"{code}: {specialty}", specialty=specialty)
            for n, specialty in enumerate(SPECIALTIES)
        ]
    session.add_all(clinics)
    session.flush()
    return np.array([c.id for c in clinics])


def build_bench_database(
    session: Session, *, size: BenchSize, end: date, months: int = 24, seed: int = 8
) -> BenchSummary:
    """Fill an empty database with `months` of a synthetic service ending on `end`; the caller commits."""
    started = time.perf_counter()
    if session.scalar(select(Site.id).limit(1)) is not None:
        raise DemoDataRefused("The benchmark builds only into an empty database; this one has sites.")
    clinic_ids = _sites_and_clinics(session)
    tables = bench_tables(size, end=end, seed=seed, months=months, clinics_per_site=len(SPECIALTIES))
    for name in ("attendances", "screening_sessions"):
        tables[name]["clinic_id"] = clinic_ids[tables[name]["clinic_id"] - 1]
    prepare(session)
    now = int(datetime.now(UTC).timestamp())
    with bulk_load(session, list(tables)):
        counts = {name: write_table(session, name, table, now=now, constants=CONSTANTS[name])
                  for name, table in tables.items()}  # fmt: skip
    add_demo_users(session)
    session.add_all(
        [
            AppMeta(key="demo_data", value="true"),
            AppMeta(key="demo_end", value=end.isoformat()),
            AppMeta(key="bench_size", value=f"{size.patients}/{size.attendances}/{size.sessions}"),
        ]
    )
    session.flush()
    finish(session, list(tables))
    summarising = time.perf_counter()
    refresh_uptake_days(session)
    done = time.perf_counter()
    return BenchSummary(counts, round(done - started, 1), round(done - summarising, 1))


def stored_size(session: Session) -> BenchSize | None:
    """The size of the benchmark service this database already holds, if it holds one."""
    meta = session.get(AppMeta, "bench_size")
    if meta is None:
        return None
    patients, attendances, sessions = (int(n) for n in meta.value.split("/"))
    return BenchSize(patients, attendances, sessions)
