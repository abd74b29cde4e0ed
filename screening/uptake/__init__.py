"""Uptake and equity analytics: who is screened, by site and group, and who is missed (issue 8).

The definitions (units, eligible, offered, screened) are SQL in `services.uptake_sql`, read from
the per-patient-day summary in `services.uptake_summary_sql`; `services.uptake_days` keeps that
summary up to date (refreshed before each reading, catching up what changed). `services.uptake`
groups by breakdown; `services.dashboards` is one call per dashboard page. The pure statistics
are in `rules`: `wilson` intervals, `spc` p-charts, `funnel` limits, `equity` ratios,
`suppression` of small numbers (s7) and the breakdowns in `uptake_dimensions`; `mode_mix` is
how each group was screened (tablet alone, with staff, from a secure link; issue 17), read by
`services.uptake.screening_modes`.
"""
