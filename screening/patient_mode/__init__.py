"""Patient mode: the tablet in the patient's hands, and back in staff hands (issues 4 and 14).

`services.sitting_start` starts or resumes a patient's screen and records who fills it in;
`services.handovers` hands the tablet to the patient; `services.hand_back` and
`services.staff_check` take it back only after a staff password or PIN, with the hand-over's
own lock; `services.staff_sessions` keeps a signed-in staff session across a reload, so a
reload in patient mode asks for staff again instead of showing staff screens
(`rules.staff_session_rules`).
"""
