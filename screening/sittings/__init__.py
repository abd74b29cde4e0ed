"""Sittings: one patient's screen on the clinic tablet, by the patient or with staff help.

`services.sittings` starts a sitting and saves answers under retries (`answer_upserts`);
`services.risk_flags` raises the item 9 flag as its answer is stored; `services.completion` is the
one place stored answers become scores and flags (`sitting_results`, `result_rows`,
`flag_updates`); `services.unfinished_sittings` scores what a sitting left unfinished disclosed.
Patient mode (handing the tablet over and taking it back with a staff check) is
`services.handovers`, `services.hand_back` and `services.staff_check`. The rules in `rules/`
say how a sitting ended and how its summary reads.
"""
