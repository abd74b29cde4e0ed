"""The clinic day: today's clinic list, who is here, who was screened, declined or abandoned.

`services.clinic_day` lists today's patients with their screening status; `services.declines`
records a decline with its reason (`rules.decline_reasons`); `services.abandonment` marks quiet
sittings abandoned by the time rules in `rules.clinic_day_policy`.
"""
