"""Sittings: one patient's screen on the clinic tablet, by the patient or with staff help.

`services.sittings` starts a sitting and saves answers under retries (`answer_upserts`);
`services.risk_flags` raises the item 9 flag as its answer is stored; `services.completion` is the
one place stored answers become scores and flags (`rules.sitting_results`, `services.result_rows`,
`flag_updates`); `services.unfinished_sittings` scores what a sitting left unfinished disclosed;
`services.abandonment` marks a quiet sitting abandoned by the time rules in
`rules.clinic_day_policy`, then staff resume or close it. Handing the tablet over and back is
`screening.patient_mode`. The other rules in `rules/` say how a sitting ended and how its
summary reads.
"""
